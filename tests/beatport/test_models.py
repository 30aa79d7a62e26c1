"""Beatport models against recorded and documented responses: exact decoding, exact round trips."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beatkit._core._sync.pagers import Pager
from beatkit._core.converter import describe_failure
from beatkit._core.responses import decoder
from beatkit.beatport import Beatport
from beatkit.beatport.converter import converter, strict_converter
from beatkit.beatport.models import (
    MAX_IMAGE_SIZE,
    Account,
    Artist,
    ArtistHit,
    ChartHit,
    DownloadInfo,
    Genre,
    Image,
    Key,
    Label,
    LabelHit,
    MyBeatport,
    PlaylistEntry,
    Price,
    Release,
    ReleaseHit,
    ReleaseType,
    Sample,
    SearchResults,
    StreamInfo,
    Subscription,
    TokenIntrospection,
    Track,
    TrackHit,
)
from beatkit.errors import ResponseDecodeError


class Decoding:
    """How a strict client decodes the answer of one of its resource methods."""

    def __init__(self, call: Any) -> None:
        refuse = httpx.MockTransport(lambda request: pytest.fail(f"sent {request.url}"))
        client = Beatport(
            client_id="test-client", strict=True, http_client=httpx.Client(transport=refuse)
        )
        sent: list[Any] = []

        def record(op: Any, options: Any = None) -> Any:
            # The operation the resource method hands over; a pager gets an empty page.
            sent.append(op)
            body = {"results": []}
            return httpx.Response(200, json=body, request=httpx.Request("GET", "https://x")), body

        client._transport.request = client._transport.send = record  # type: ignore[method-assign]
        result = call(client)
        if isinstance(result, Pager):
            result.first_page()
        self.decode = decoder(sent[0], strict_converter)


class Operations:
    """The two resource methods these tests decode with, by their old builder names."""

    def search(self, q: str) -> Decoding:
        return Decoding(lambda client: client.search(q))

    def playlist_tracks(self, playlist_id: int) -> Decoding:
        return Decoding(lambda client: client.playlists.tracks(playlist_id))


OPS = Operations()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RECORDED = FIXTURES / "real" / "beatport" / "catalog-tracks-by-isrc.json"


def load(name: str) -> Any:
    return json.loads((FIXTURES / "beatport" / name).read_text())


def recorded_tracks() -> list[dict[str, Any]]:
    tracks: list[dict[str, Any]] = json.loads(RECORDED.read_text())["body"]["results"]
    return tracks


def as_json(value: Any) -> str:
    """Canonical JSON text: equal texts mean equal keys, values and number types."""
    return json.dumps(value, sort_keys=True)


@pytest.mark.parametrize("index", range(3))
def test_recorded_track_decodes_strictly_and_round_trips(index: int) -> None:
    raw = recorded_tracks()[index]
    assert len(raw) == 41
    track = strict_converter.structure(raw, Track)
    assert track.extra == {}
    back = strict_converter.unstructure(track)
    # Key for key, value for value, float prices and offset datetimes as sent.
    assert as_json(back) == as_json(raw)
    assert isinstance(back["price"]["value"], float)
    assert back["encoded_date"] == raw["encoded_date"]


def test_recorded_track_values_are_typed_exactly() -> None:
    raw = recorded_tracks()[0]
    track = strict_converter.structure(raw, Track)
    assert track.id == 8291700 and isinstance(track.id, int)
    assert track.full_name == "Digital Love (Original Mix)"
    assert track.price is not None
    assert track.price.value == Decimal("1.49")
    assert track.price.value.as_tuple() == Decimal("1.49").as_tuple()
    assert track.price.value != Decimal.from_float(1.49)  # not the float's binary expansion
    assert (track.price.code, track.price.symbol, track.price.display) == ("USD", "$", "$1.49")
    assert track.encoded_date == datetime(2016, 8, 19, 6, 50, tzinfo=UTC)
    assert track.encoded_date is not None
    assert track.encoded_date.utcoffset() == timedelta(hours=-6)
    assert track.publish_date == date(2005, 1, 24)
    assert track.pre_order_date == date(2017, 2, 3)
    assert track.sub_genre is None
    assert track.free_download_start_date is None
    assert (track.length, track.length_ms) == ("5:01", 301373)
    assert track.duration == timedelta(milliseconds=301373)
    assert track.key is not None
    assert track.key.camelot_code == "11B"
    assert track.key.chord_type is not None and track.key.chord_type.name == "Major"
    assert track.release is not None and track.release.label is not None
    assert track.release.label.name == "Daft Life Ltd./ADA France"
    assert [a.name for a in track.artists] == ["Daft Punk"]
    assert track.current_status is not None and track.current_status.id == 10
    assert track.sale_type is not None and track.sale_type.name == "purchase"


def test_sample_helper_gives_the_preview_window() -> None:
    track = strict_converter.structure(recorded_tracks()[1], Track)
    sample = track.sample
    assert sample == Sample(
        url="https://geo-samples.beatport.com/track/73a1d590-f1c4-414c-8279-0af6b1ceb954.LOFI.mp3",
        start_ms=120549,
        end_ms=210549,
    )
    assert sample.duration_ms == 90000
    bare = Track(id=1, name="No preview")
    assert bare.sample is None
    assert Sample(url="u").duration_ms is None


def test_track_of_2021_decodes_with_later_fields_absent() -> None:
    raw = load("track-2021.json")
    assert len(raw) == 36
    track = strict_converter.structure(raw, Track)
    assert track.is_dj_edit is None and track.publish_status is None
    assert track.bsrc_remixer == []
    assert track.price is not None and track.price.display is None
    assert as_json(strict_converter.unstructure(track)) == as_json(raw)


def test_documented_track_shape_decodes_strictly() -> None:
    raw = load("track-documented.json")
    track = strict_converter.structure(raw, Track)
    assert track.key == Key(id=16, name="A min", camelot="8A")
    assert track.key.camelot_code == "8A"
    assert track.sub_genre is not None and track.sub_genre.name == "Uplifting Trance"
    assert track.is_classic is False
    assert track.price == Price(code="USD", symbol="$", value=Decimal("1.69"))
    assert track.artists[0].url == "/artist/three-drives/8783"
    assert as_json(strict_converter.unstructure(track)) == as_json(raw)


def test_consolidated_reference_track_shape_decodes_strictly() -> None:
    # Section 4 of the consolidated write-up: a key without id, a bare image, few keys.
    raw = {
        "id": 23050990,
        "name": "Track Name",
        "mix_name": "Extended Mix",
        "slug": "track-slug",
        "bpm": 132,
        "key": {"name": "G min", "camelot": "6A"},
        "genre": {"id": 1, "name": "Tech House"},
        "sub_genre": {"id": 2, "name": "Minimal"},
        "length_ms": 256463,
        "artists": [{"id": 123, "name": "Artist Name"}],
        "remixers": [],
        "release": {
            "id": 456,
            "name": "Release Name",
            "label": {"id": 789, "name": "Label Name"},
            "catalog_number": "CAT001",
        },
        "publish_date": "2026-01-15",
        "image": {"uri": "https://geo-media.beatport.com/image_size/590x404/x.jpg"},
        "url": "https://www.beatport.com/track/track-slug/23050990",
    }
    track = strict_converter.structure(raw, Track)
    assert track.key == Key(name="G min", camelot="6A")
    assert track.key.id is None and track.key.camelot_code == "6A"
    assert track.release is not None and track.release.catalog_number == "CAT001"
    assert as_json(strict_converter.unstructure(track)) == as_json(raw)


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("artist.json", Artist),
        ("label.json", Label),
        ("release.json", Release),
        ("genre.json", Genre),
        ("account.json", Account),
        ("stream.json", StreamInfo),
        ("download.json", DownloadInfo),
    ],
)
def test_documented_resources_decode_strictly_and_round_trip(name: str, cls: type[Any]) -> None:
    raw = load(name)
    value = strict_converter.structure(raw, cls)
    assert value.extra == {}
    assert as_json(strict_converter.unstructure(value)) == as_json(raw)


def test_documented_resource_values() -> None:
    label = strict_converter.structure(load("label.json"), Label)
    assert label.latest_active_publish_date == date(2024, 1, 20)
    release = strict_converter.structure(load("release.json"), Release)
    assert release.type == "EP"
    assert release.bpm_range is not None and (release.bpm_range.min, release.bpm_range.max) == (
        120,
        128,
    )
    assert release.price is not None and release.price.value == Decimal("5.96")
    genre = strict_converter.structure(load("genre.json"), Genre)
    assert [s.name for s in genre.sub_genres] == ["Driving", "Peak Time"]
    account = strict_converter.structure(load("account.json"), Account)
    assert account.created is not None and account.created.utcoffset() == timedelta(hours=-7)


def test_release_type_as_name_or_object() -> None:
    named = strict_converter.structure({"id": 1, "type": "Album"}, Release)
    assert named.type == "Album"
    typed = strict_converter.structure({"id": 1, "type": {"id": 3, "name": "EP"}}, Release)
    assert typed.type == ReleaseType(id=3, name="EP")
    assert strict_converter.unstructure(typed) == {"id": 1, "type": {"id": 3, "name": "EP"}}
    with pytest.raises(cattrs.BaseValidationError):
        strict_converter.structure({"id": 1, "type": {"id": 3, "nom": "EP"}}, Release)


def test_free_download_dates_accept_a_time() -> None:
    raw = {
        "id": 1,
        "name": "Free",
        "free_download_start_date": "2024-05-01",
        "free_download_end_date": "2024-05-31T23:59:59-06:00",
    }
    track = strict_converter.structure(raw, Track)
    assert track.free_download_start_date == date(2024, 5, 1)
    assert isinstance(track.free_download_end_date, datetime)
    assert track.free_download_end_date.utcoffset() == timedelta(hours=-6)
    assert strict_converter.unstructure(track) == raw


def test_unknown_keys_are_kept_and_written_back() -> None:
    raw = copy.deepcopy(recorded_tracks()[0])
    raw["is_stem_pack"] = False
    raw["key"]["enharmonic"] = "Bbb Major"
    track = converter.structure(raw, Track)
    assert track.extra == {"is_stem_pack": False}
    assert track.key is not None and track.key.extra == {"enharmonic": "Bbb Major"}
    assert as_json(converter.unstructure(track)) == as_json(raw)
    with pytest.raises(cattrs.BaseValidationError):
        strict_converter.structure(raw, Track)


def test_a_model_built_by_hand_or_evolved_writes_every_field() -> None:
    key = Key(id=1, name="C Major")
    out = converter.unstructure(key)
    assert out["camelot"] is None and out["camelot_number"] is None
    decoded = converter.structure({"id": 1}, Key)
    assert converter.unstructure(decoded) == {"id": 1}
    evolved = attrs.evolve(decoded, name="C Major")
    assert converter.unstructure(evolved)["name"] == "C Major"
    assert "camelot" in converter.unstructure(evolved)
    assert decoded == Key(id=1)  # the bookkeeping is not part of equality


def test_wrong_types_are_refused() -> None:
    raw = copy.deepcopy(recorded_tracks()[0])
    raw["encoded_date"] = "yesterday"
    with pytest.raises(cattrs.BaseValidationError):
        strict_converter.structure(raw, Track)
    with pytest.raises((TypeError, ValueError, cattrs.BaseValidationError)):
        converter.structure({"code": "USD", "value": "free"}, Price)


# --- images ----------------------------------------------------------------------------------

IMAGE = Image(
    id=7,
    uri="https://geo-media.beatport.com/image_size/590x404/abc.jpg",
    dynamic_uri="https://geo-media.beatport.com/image_size/{w}x{h}/abc.jpg",
)


def test_image_sized_fills_the_placeholder() -> None:
    assert IMAGE.sized(500, 500) == "https://geo-media.beatport.com/image_size/500x500/abc.jpg"
    assert IMAGE.sized(1400, 250) == "https://geo-media.beatport.com/image_size/1400x250/abc.jpg"
    release = strict_converter.structure(recorded_tracks()[0], Track).release
    assert release is not None and release.image is not None
    assert release.image.sized(100, 100).endswith(
        "/image_size/100x100/c10fd066-6bdb-4179-b085-50ac4b5f2882.jpg"
    )


@given(st.integers(1, MAX_IMAGE_SIZE), st.integers(1, MAX_IMAGE_SIZE))
def test_image_sized_any_valid_size(width: int, height: int) -> None:
    url = IMAGE.sized(width, height)
    assert f"/image_size/{width}x{height}/" in url
    assert "{" not in url


@pytest.mark.parametrize(
    ("width", "height", "error"),
    [
        (0, 100, ValueError),
        (100, -1, ValueError),
        (MAX_IMAGE_SIZE + 1, 100, ValueError),
        (True, 100, TypeError),
        (100.0, 100, TypeError),
        ("100", 100, TypeError),
    ],
)
def test_image_sized_rejects_bad_sizes(width: Any, height: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        IMAGE.sized(width, height)


def test_image_without_template_cannot_be_sized() -> None:
    with pytest.raises(ValueError, match="dynamic_uri"):
        Image(uri="https://example.test/a.jpg").sized(10, 10)
    with pytest.raises(ValueError, match="placeholder"):
        Image(dynamic_uri="https://example.test/100x100/a.jpg").sized(10, 10)


# --- small models ------------------------------------------------------------------------------


def test_signed_urls_stay_out_of_repr() -> None:
    stream = strict_converter.structure(load("stream.json"), StreamInfo)
    download = strict_converter.structure(load("download.json"), DownloadInfo)
    assert "needledrop" not in repr(stream) and "256463" in repr(stream)
    assert "Signature" not in repr(download) and ".128k.aac.mp4" in repr(download)
    assert stream.stream_url.startswith("https://needledrop.beatport.com/")


def test_token_introspection_expiry() -> None:
    raw = {"active": True, "scope": "app:locker user:dj", "exp": 1769720486, "user_id": 12345}
    info = strict_converter.structure(raw, TokenIntrospection)
    assert info.expires_at == datetime.fromtimestamp(1769720486, tz=UTC)
    assert TokenIntrospection().expires_at is None


# --- property: any subset of optional keys round-trips --------------------------------------

_OPTIONAL_TRACK_KEYS = sorted(set(recorded_tracks()[0]) - {"id", "name"})


@settings(max_examples=60, deadline=None)
@given(
    drop=st.sets(st.sampled_from(_OPTIONAL_TRACK_KEYS)),
    index=st.integers(0, 2),
    price=st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False),
)
def test_any_track_shape_round_trips(drop: set[str], index: int, price: Decimal) -> None:
    raw = copy.deepcopy(recorded_tracks()[index])
    for key in drop:
        del raw[key]
    if "price" in raw:
        raw["price"]["value"] = float(price)
    track = strict_converter.structure(raw, Track)
    if "price" in raw:
        assert track.price is not None
        assert track.price.value == Decimal(repr(float(price)))
    assert as_json(strict_converter.unstructure(track)) == as_json(raw)


# --- search, playlists, the user ---------------------------------------------------------------


# The internal write-up's search example: artist-shaped documents under "tracks".
INTERNAL_SEARCH_EXAMPLE: dict[str, Any] = {
    "tracks": {
        "data": [
            {
                "score": 100.5,
                "artist_id": 26182,
                "artist_name": "deadmau5",
                "genre": [{"genre_id": 1, "genre_name": "..."}],
                "artist_image_uri": "...",
                "artist_image_dynamic_uri": "...",
            }
        ]
    },
}


@pytest.mark.parametrize("strict", [False, True])
def test_an_item_of_another_kind_is_reported_by_its_missing_keys(strict: bool) -> None:
    # Not "Track.genre: expected object, got array": the item is no track at all.
    transport = httpx.MockTransport(lambda _: httpx.Response(200, json=INTERNAL_SEARCH_EXAMPLE))
    with Beatport(
        internal=True,
        strict=strict,
        http_client=httpx.Client(transport=transport),
        requests_per_second=None,
    ) as bp:
        with pytest.raises(ResponseDecodeError) as whole:
            bp.search("deadmau5")
        with pytest.raises(ResponseDecodeError) as paged:
            bp.tracks.search("deadmau5").to_list()
    assert str(whole.value).endswith("SearchResults.tracks[0].id: required field missing")
    assert str(paged.value).endswith("Track.id: required field missing")


def test_documented_search_body_decodes_to_hits() -> None:
    body = load("search.json")
    results = OPS.search("deadmau5").decode(body)
    assert isinstance(results, SearchResults)
    (track,) = results.tracks
    assert isinstance(track, TrackHit)
    assert (track.id, track.name, track.mix_name) == (18900001, "Strobe", "Club Edit")
    assert track.score == 100.5
    assert track.publish_date == date(2009, 9, 22)
    assert [a.artist_name for a in track.artists] == ["deadmau5"]
    assert track.release is not None and track.release.release_id == 5691573
    assert track.image is not None and "/500x500/" in track.image.sized(500, 500)
    (artist,) = results.artists
    assert isinstance(artist, ArtistHit)
    assert (artist.id, artist.name) == (26182, "deadmau5")
    assert artist.genre[0].genre_name == "Drum & Bass"
    assert results.labels == [] and results.charts == []
    for document in (body["tracks"]["data"][0], body["artists"]["data"][0]):
        cls = TrackHit if "track_id" in document else ArtistHit
        value = strict_converter.structure(document, cls)
        assert as_json(strict_converter.unstructure(value)) == as_json(document)


def test_search_items_are_documents_or_catalog_objects() -> None:
    catalog = recorded_tracks()[0]
    document = load("search.json")["tracks"]["data"][0]
    items = strict_converter.structure([catalog, document], list[TrackHit | Track])
    assert isinstance(items[0], Track) and isinstance(items[1], TrackHit)
    assert items[0].id == 8291700 and items[1].id == 18900001
    hit_kinds = [
        (ArtistHit, {"artist_id": 1}),
        (LabelHit, {"label_id": 2}),
        (ReleaseHit, {"release_id": 3}),
        (ChartHit, {"chart_id": 4, "artist_id": None}),
    ]
    for cls, raw in hit_kinds:
        hit = strict_converter.structure(raw, cls)
        assert hit.id == next(iter(raw.values())) and hit.name is None and hit.image is None


def test_playlist_entries_wrap_tracks() -> None:
    track = recorded_tracks()[2]
    op = OPS.playlist_tracks(5)
    entry = op.decode({"id": 5001, "position": 1, "track": track})
    assert isinstance(entry, PlaylistEntry)
    assert (entry.id, entry.position, entry.track.id) == (5001, 1, 6014309)
    bare = op.decode(track)
    assert bare.track.id == 6014309 and bare.position is None


def test_subscription_and_my_beatport() -> None:
    raw = {
        "id": 1,
        "subscription": "bp_link_pro",
        "name": "Beatport Streaming Professional",
        "status": "active",
        "is_trial": False,
        "start_date": "2025-01-15",
        "renewal_date": "2026-02-15T00:00:00-07:00",
    }
    sub = strict_converter.structure(raw, Subscription)
    assert sub.start_date == date(2025, 1, 15)
    assert isinstance(sub.renewal_date, datetime)
    assert strict_converter.unstructure(sub) == raw
    mine = strict_converter.structure(
        {"id": 7, "username": "dj", "artists": [{"id": 1, "name": "A"}], "tracks_count": 35},
        MyBeatport,
    )
    assert mine.artists == [Artist(id=1, name="A")] and mine.labels == []


# --- answers as api.beatport.com sends them -------------------------------------------------


def test_account_as_the_api_sends_it_decodes_strictly_and_round_trips() -> None:
    raw = load("account-api.json")
    account = strict_converter.structure(copy.deepcopy(raw), Account)
    assert as_json(strict_converter.unstructure(account)) == as_json(raw)
    assert account.created is None and account.modified is None  # not in this answer
    assert account.registration_date == datetime(2013, 5, 14, 22, 15, 11, tzinfo=UTC)
    assert account.last_login is not None
    assert account.last_login.utcoffset() == timedelta(hours=-7)
    assert account.add_date == date(2013, 5, 14) and account.change_date == date(2025, 12, 1)
    assert (account.add_by, account.change_by, account.person_id) == (0, 4417250, 3310587)
    assert account.phone_number is None and account.phone_primary is None
    assert account.email_confirmed is True and account.bypass_fraud_service is False
    assert account.total_orders == 21 and account.failed_login_count == 0
    assert account.source_type is not None and account.source_type.name == "sushi"
    assert "192.0.2.44" not in repr(account)  # personal data stays out of repr
    profile = account.dj_profile
    assert profile is not None and profile.associated_artist is None
    assert [g.slug for g in profile.genres] == ["deep-house", "house"]
    assert profile.image is not None and profile.image.guid is not None
    assert profile.image.media_url is not None and profile.image.media_url.endswith(".jpg")
    preferences = account.preferences
    assert preferences is not None and preferences.in_app_message_opt_out is None
    assert preferences.mobile_push_notification_settings is not None
    assert preferences.mobile_push_notification_settings.my_beatport_labels is False


def test_account_without_a_dj_profile() -> None:
    raw = {**load("account-api.json"), "dj_profile": None}
    assert strict_converter.structure(raw, Account).dj_profile is None


def test_token_introspection_with_application_and_features() -> None:
    raw = {
        "active": True,
        "scope": "app:locker user:dj",
        "exp": 1769720486,
        "client_id": "abc",
        "user_id": 12345,
        "application_id": 7,
        "feature": ["streaming", "locker"],
    }
    info = strict_converter.structure(raw, TokenIntrospection)
    assert info.application_id == 7 and info.feature == ["streaming", "locker"]
    assert strict_converter.unstructure(info) == raw
    assert strict_converter.structure({"active": False}, TokenIntrospection).feature == []


# --- only lossless conversions ------------------------------------------------------------------

# What the converters raise: cattrs' groups in strict mode, the hook's own error otherwise.
FAILURES = (TypeError, ValueError, KeyError, cattrs.BaseValidationError)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("name", None, "Track.name: expected str, got null"),
        ("id", True, "Track.id: expected int, got boolean"),
        ("bpm", 12.7, "Track.bpm: expected int, got number"),
        ("bpm", "128", "Track.bpm: expected int, got string"),  # Beatport sends numbers
        ("isrc", 42, "Track.isrc: expected str, got integer"),
        ("is_hype", "yes", "Track.is_hype: expected bool, got string"),
        ("artists", "Hannah Laing", "Track.artists: expected array, got string"),
        ("key", "A minor", "Track.key: expected object, got string"),
    ],
)
def test_wrong_values_are_refused_naming_the_field(key: str, value: Any, message: str) -> None:
    raw = {**recorded_tracks()[0], key: value}
    for conv in (converter, strict_converter):
        with pytest.raises(FAILURES) as info:
            conv.structure(copy.deepcopy(raw), Track)
        assert describe_failure(info.value) == message


def test_nested_wrong_values_name_the_path() -> None:
    raw = copy.deepcopy(recorded_tracks()[0])
    raw["release"]["label"]["name"] = {}
    raw["artists"][1:] = [{"id": 5, "name": ["x"]}]
    with pytest.raises(FAILURES) as info:
        converter.structure(raw, Track)
    assert describe_failure(info.value) == "Track.artists[1].name: expected str, got array"
    del raw["artists"][1]
    with pytest.raises(FAILURES) as info:
        converter.structure(raw, Track)
    assert describe_failure(info.value) == "Track.release.label.name: expected str, got object"


def test_booleans_as_text_are_read_and_whole_numbers_widen() -> None:
    raw = {**recorded_tracks()[0], "is_hype": "false", "exclusive": "true"}
    track = converter.structure(raw, Track)
    assert track.is_hype is False and track.exclusive is True
    hit = converter.structure({"track_id": 1, "score": 3}, TrackHit)
    assert hit.score == 3.0 and type(hit.score) is float
