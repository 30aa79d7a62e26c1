"""BeatPass models from the OpenAPI file's and the seed's examples: shapes, money, secrets.

A body is decoded as a client decodes it (:class:`Decoding`): with the client's converter,
for the operation its resource method builds.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from unittest.mock import patch

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from beatkit._core._sync.transport import Transport
from beatkit._core.converter import describe_failure
from beatkit._core.operation import Operation
from beatkit._core.responses import decoder
from beatkit.beatpass import (
    Album,
    Artist,
    AudioReconResult,
    BackstageRequest,
    BackstageRequestStatus,
    BackstageRequestType,
    BeatPass,
    BlockReason,
    FingerprintState,
    LoginResult,
    Playlist,
    PlaylistInvitation,
    PurchaseIntent,
    PurchasePrice,
    ScanStatus,
    SearchResults,
    SubmissionStatus,
    Track,
    User,
    Waveform,
)
from beatkit.beatpass.converter import converter, strict_converter


class Decoding:
    """Decodes bodies for the operation a client call builds, as that client would.

    Args:
        strict: Use the strict converter (a ``BeatPass(strict=True)`` client).
    """

    def __init__(self, *, strict: bool) -> None:
        self.converter = strict_converter if strict else converter

    def op(self, call: Callable[[BeatPass], Any]) -> Operation[Any]:
        """The operation ``call`` hands to the transport (nothing is sent)."""
        seen: list[Operation[Any]] = []

        def record(transport: Transport, op: Operation[Any], *args: Any, **kwargs: Any) -> Any:
            seen.append(op)
            return LOGIN if op.name == "auth.login" else None

        with (
            patch.object(Transport, "request", record),
            BeatPass("token", base_url="https://open.beatpass.ca/api/v1") as client,
        ):
            call(client)
        return seen[-1]

    def read(self, op: Operation[Any], body: Any) -> Any:
        """``op``'s result from ``body`` (an empty answer is ``None``)."""
        return decoder(op, self.converter)(op.if_empty if body is None else body)

    def __call__(self, call: Callable[[BeatPass], Any], body: Any) -> Any:
        return self.read(self.op(call), body)


LOGIN = LoginResult(user=User(id=1), access_token="t")
LENIENT = Decoding(strict=False)
STRICT = Decoding(strict=True)

# The OpenAPI file's examples, assembled into the bodies its schemas describe.
ARTIST = {
    "id": 1,
    "name": "Led Zeppelin",
    "image_small": "https://example.com/image1.jpg",
    "verified": True,
}
TRACK = {
    "id": 1,
    "name": "Hey Hey What Can I Do",
    "release_date": "1982-11-19",
    "image": "https://example.com/image1.jpg",
    "duration": 5645848548,
    "description": None,
    "artists": [ARTIST],
}
ALBUM = {
    "id": 1,
    "name": "Coda",
    "image": "https://example.com/image1.jpg",
    "release_date": "1982-11-19",
    "description": None,
    "tracks": [TRACK],
    "artists": [ARTIST],
}
PAGINATION = {
    "current_page": 1,
    "from": 1,
    "to": 100,
    "per_page": 25,
    "last_page": 156,
    "total": 264,
}

# The seed's explicit examples.
CAN_SUBMIT = {
    "can_submit": True,
    "block_reason": None,
    "message": None,
    "contact_url": None,
    "blocking_request_id": None,
}
BLOCKED = {
    "can_submit": False,
    "block_reason": "revoked",
    "message": "Your producer access was revoked. To appeal, contact support at /contact so "
    "admins can review your request for reinstatement.",
    "contact_url": "/contact",
    "blocking_request_id": 412,
}
RECON = {
    "placements": [
        {
            "id": 42,
            "title": "Song Title",
            "artist_name": "Artist Name",
            "album_name": "Album Name",
            "release_date": "2025-06-15",
            "confidence_score": 95,
            "spotify_url": "https://open.spotify.com/track/...",
            "youtube_url": "https://youtube.com/watch?v=...",
            "deezer_url": "https://deezer.com/track/...",
            "created_at": "2026-02-20T12:00:00+00:00",
        }
    ],
    "scan_status": "complete",
    "scanned_at": "2026-02-26T02:15:00+00:00",
    "total_count": 1,
    "artist_verified": True,
}


def _pruned(value: Any) -> Any:
    """``value`` without ``None`` entries: optional fields a body lacked unstructure as None."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def test_track_from_the_openapi_example_round_trips() -> None:
    body = {"status": "success", "track": {**TRACK, "album": ALBUM, "genres": [], "tags": []}}
    track = STRICT(lambda c: c.tracks.get(1), body)
    assert track.name == "Hey Hey What Can I Do"
    assert track.release_date == date(1982, 11, 19)
    assert track.artists is not None and track.artists[0].verified is True
    assert track.album is not None and track.album.tracks is not None
    assert _pruned(converter.unstructure(track)) == _pruned(body["track"])


def test_anonymous_minimal_fields_are_enough() -> None:
    # Without a token the API sends only a few fields.
    track = LENIENT(
        lambda c: c.tracks.get(1),
        {"track": {"id": 3, "name": "x", "image": None, "model_type": "track"}},
    )
    assert track == Track(id=3, name="x", model_type="track")
    artist = LENIENT(lambda c: c.artists.get(1), {"artist": {"id": 9}})
    assert artist == Artist(id=9)


def test_artist_with_embedded_pages_and_lists() -> None:
    body = {
        "status": "success",
        "artist": {
            **ARTIST,
            "albums": {**PAGINATION, "data": [ALBUM]},
            "similar": [ARTIST],
            "top_tracks": [TRACK],
            "genres": [{"id": 1, "name": "rock"}],
            "profile": {"id": 1, "description": "Band", "city": "London", "country": "UK"},
            "profile_images": [{"id": 1, "url": "https://site.com/image.jpg"}],
            "links": [{"id": 1, "url": "https://facebook.com", "title": "Facebook"}],
        },
    }
    artist = STRICT(lambda c: c.artists.get(1), body)
    assert artist.albums is not None
    assert artist.albums.total == 264 and artist.albums.last_page == 156
    assert isinstance(artist.albums.data[0], Album)
    assert (artist.albums.from_, artist.albums.to) == (1, 100)
    assert converter.unstructure(artist.albums)["from"] == 1
    assert artist.links is not None and artist.links[0].title == "Facebook"


def test_playlist_total_duration_under_either_name() -> None:
    body = {
        "playlist": {
            "id": 1,
            "name": "Some Playlist",
            "public": True,
            "collaborative": False,
            "image": "https://example.com/image1.jpg",
            "description": None,
            "totalDuration": 386493,
            "tracks": {**PAGINATION, "data": [TRACK]},
        }
    }
    playlist = STRICT(lambda c: c.playlists.get(1), body)
    assert playlist.total_duration == 386493
    assert playlist.tracks is not None and playlist.tracks.data[0].id == 1
    assert (playlist.tracks.from_, playlist.tracks.to) == (1, 100)
    lenient = LENIENT(lambda c: c.playlists.get(1), body)
    assert lenient.tracks is not None and lenient.tracks.from_ == 1
    assert lenient.tracks.extra == {}
    assert converter.unstructure(playlist)["totalDuration"] == 386493
    snake = LENIENT(lambda c: c.playlists.get(1), {"playlist": {"id": 2, "total_duration": 5}})
    assert snake == Playlist(id=2, total_duration=5)


def test_invitation_in_the_openapi_shape_and_the_wrapped_one() -> None:
    op = STRICT.op(lambda c: c.playlists.invite(1, 2))
    bare = STRICT.read(op, {"status": "success", "message": "Invitation sent successfully"})
    assert bare == PlaylistInvitation(message="Invitation sent successfully")
    wrapped = STRICT.read(
        op,
        {
            "status": "success",
            "message": "Invitation sent successfully",
            "invitation": {"playlist_id": 1, "user_id": 2, "status": "pending"},
        },
    )
    assert (wrapped.user_id, wrapped.status) == (2, "pending")
    assert wrapped.message == "Invitation sent successfully"
    assert STRICT.read(op, None) == PlaylistInvitation()


def test_unknown_keys_are_kept_and_written_back() -> None:
    raw = {**TRACK, "stems_url": "https://x.test/s.zip", "mood": "dark"}
    track = converter.structure(raw, Track)
    assert track.extra == {"stems_url": "https://x.test/s.zip", "mood": "dark"}
    assert converter.unstructure(track)["mood"] == "dark"
    with pytest.raises(cattrs.ClassValidationError):
        strict_converter.structure(raw, Track)


def test_dates_accept_laravel_datetimes() -> None:
    album = converter.structure({"id": 1, "release_date": "2024-01-01T00:00:00.000000Z"}, Album)
    assert album.release_date == date(2024, 1, 1)


def test_search_results_lists_per_type() -> None:
    body = {
        "status": "success",
        "query": "led zeppelin",
        "results": {"artists": [ARTIST], "albums": [ALBUM], "tracks": [TRACK], "users": []},
    }
    results = STRICT(lambda c: c.search("led zeppelin"), body)
    assert results.query == "led zeppelin"
    assert [a.name for a in results.artists] == ["Led Zeppelin"]
    assert results.playlists == [] and results.users == []
    # The OpenAPI schema draws each type as one object: read as a one-item list.
    single = LENIENT(lambda c: c.search("x"), {"results": {"artists": ARTIST}})
    assert single == SearchResults(artists=[Artist(**ARTIST)])


def test_submission_status_both_seed_examples() -> None:
    op = STRICT.op(lambda c: c.backstage.submission_status())
    assert STRICT.read(op, CAN_SUBMIT) == SubmissionStatus(can_submit=True)
    blocked = STRICT.read(op, {"status": "success", **BLOCKED})
    assert blocked.block_reason is BlockReason.REVOKED
    assert blocked.contact_url == "/contact" and blocked.blocking_request_id == 412


FLAT_REQUEST = {"id": 9, "type": "become-artist", "status": "pending", "artist_name": "A"}
FLAT_LICENSE = {"uuid": "550e8400-e29b-41d4-a716-446655440000", "status": "revoked"}


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
def test_a_flat_object_keeps_its_own_status(decoding: Decoding) -> None:
    # Answered flat (not under "request"), the request's own status is its state, not
    # the envelope's marker: it was dropped, the request read as of no status.
    revoke = decoding.op(lambda c: c.backstage.revoke(9))
    request = decoding.read(revoke, FLAT_REQUEST)
    assert request.status is BackstageRequestStatus.PENDING and request.artist_name == "A"
    create = decoding.op(lambda c: c.backstage.create("become-artist", artist_name="A", data={}))
    assert decoding.read(create, {**FLAT_REQUEST, "status": "approved"}).status is (
        BackstageRequestStatus.APPROVED
    )
    license_ = decoding(lambda c: c.licenses.generate(1, license_type="exclusive"), FLAT_LICENSE)
    assert license_.status == "revoked"
    invitation = decoding(
        lambda c: c.playlists.invite(1, 2), {"playlist_id": 1, "user_id": 2, "status": "pending"}
    )
    assert (invitation.user_id, invitation.status) == (2, "pending")


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
def test_a_flat_object_beside_the_envelope_marker_is_not_given_it_as_status(
    decoding: Decoding,
) -> None:
    # {"status": "success", ...flat fields}: the marker is the envelope's, not a state.
    body = {key: value for key, value in FLAT_REQUEST.items() if key != "status"}
    request = decoding(lambda c: c.backstage.revoke(9), {"status": "success", **body})
    assert request.status is None and request.id == 9
    assert request.extra == {}
    wrapped = decoding(
        lambda c: c.backstage.revoke(9), {"status": "success", "request": FLAT_REQUEST}
    )
    assert wrapped.status is BackstageRequestStatus.PENDING


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
def test_a_flat_object_keeps_its_own_data_field(decoding: Decoding) -> None:
    # A backstage request's own "data" object was taken for the envelope's payload: the
    # request was read from {"role": ...} and failed for want of an id.
    flat = {**FLAT_REQUEST, "data": {"role": "producer"}}
    for body in (flat, {"status": "success", **flat}):
        request = decoding(lambda c: c.backstage.revoke(9), body)
        assert (request.id, request.data) == (9, {"role": "producer"})
    # Beside nothing but the envelope's keys, "data" is still the payload.
    for envelope in ({"status": "success"}, {"status": "success", "message": "Revoked."}, {}):
        wrapped = decoding(lambda c: c.backstage.revoke(9), {**envelope, "data": flat})
        assert (wrapped.id, wrapped.data) == (9, {"role": "producer"})


def test_backstage_request_enums_are_open() -> None:
    request = converter.structure(
        {"id": 1, "type": "verify-artist", "status": "escalated", "artist_id": "CURRENT_USER"},
        BackstageRequest,
    )
    assert request.type is BackstageRequestType.VERIFY_ARTIST
    assert request.status == "escalated" and not request.status.is_known  # type: ignore[union-attr]
    assert BackstageRequestStatus("revoked") is BackstageRequestStatus.REVOKED


def test_audio_recon_seed_example() -> None:
    result = STRICT(lambda c: c.recon.placements(1), RECON)
    assert result.scan_status is ScanStatus.COMPLETE
    assert result.scanned_at == datetime(2026, 2, 26, 2, 15, tzinfo=UTC)
    placement = result.placements[0]
    assert placement.confidence_score == 95 and placement.release_date == date(2025, 6, 15)
    assert placement.created_at is not None and placement.created_at.tzinfo is not None
    before_first_scan = LENIENT(
        lambda c: c.recon.placements(1),
        {"placements": [], "scan_status": None, "scanned_at": None, "total_count": 0},
    )
    assert before_first_scan == AudioReconResult(placements=[], total_count=0)


@pytest.mark.parametrize(
    "body",
    [
        # The operation list's shape...
        {
            "status": "success",
            "data": {
                "base_price": 100.0,
                "platform_fee": 15.0,
                "total_amount": 115.0,
                "currency": "CAD",
                "is_exclusive": False,
            },
        },
        # ...and the OpenAPI file's.
        {"base_price": 100.0, "platform_fee": 15.0, "total_price": 115.0, "currency": "CAD"},
    ],
)
def test_purchase_price_in_both_documented_shapes(body: dict[str, Any]) -> None:
    price = STRICT(lambda c: c.purchases.calculate_price(1), body)
    assert isinstance(price, PurchasePrice)
    assert price.base_price == Decimal("100.0") and price.platform_fee == Decimal("15.0")
    assert price.total == Decimal("115.0") and isinstance(price.total, Decimal)
    assert price.currency == "CAD"


def test_money_is_exact() -> None:
    price = converter.structure({"base_price": 49.99, "platform_fee": "0.10"}, PurchasePrice)
    assert price.base_price == Decimal("49.99") and price.platform_fee == Decimal("0.10")


def test_purchase_client_secret_is_never_shown(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "pi_3Nk_secret_abcdef"
    intent = STRICT(lambda c: c.purchases.initiate(1), {"client_secret": secret, "purchase_id": 77})
    assert intent.client_secret == secret and intent.purchase_id == 77
    logging.getLogger("beatkit").debug("got %r / %s", intent, intent)
    assert secret not in repr(intent) and secret not in str(intent)
    assert secret not in caplog.text
    assert "client_secret" not in repr(PurchaseIntent(client_secret=secret, purchase_id=1))


def test_login_result_takes_the_token_out_of_the_user() -> None:
    body = {
        "status": "success",
        "user": {"id": 5, "display_name": "Prod", "avatar": None, "access_token": "1|abcdef"},
    }
    result = STRICT(lambda c: c.login("a@b.c", "pw", token_name="t"), body)
    assert isinstance(result, LoginResult)
    assert result.access_token == "1|abcdef"
    assert result.user.id == 5 and "access_token" not in result.user.extra
    assert "1|abcdef" not in repr(result)
    with pytest.raises(ValueError, match="access_token"):
        LENIENT(lambda c: c.login("a@b.c", "pw", token_name="t"), {"user": {"id": 5}})


def test_waveform_under_either_name() -> None:
    assert LENIENT(lambda c: c.tracks.wave(1), {"peaks": [0.1, 0.5]}) == Waveform(peaks=[0.1, 0.5])
    assert LENIENT(lambda c: c.tracks.wave(1), {"waveData": [1, 2]}) == Waveform(peaks=[1.0, 2.0])


def test_fingerprint_status_enum() -> None:
    status = STRICT(
        lambda c: c.fingerprints.status(1), {"status": "success", "fingerprint_status": "completed"}
    )
    assert status.fingerprint_status is FingerprintState.COMPLETED


def test_license_shapes_from_the_openapi_file() -> None:
    uuid = "550e8400-e29b-41d4-a716-446655440000"
    license_ = STRICT(
        lambda c: c.licenses.generate(1, license_type="exclusive"),
        {
            "status": "success",
            "license": {"uuid": uuid, "track_id": 1, "license_type": "exclusive"},
        },
    )
    assert license_.uuid == uuid
    check = STRICT(
        lambda c: c.licenses.check(1),
        {"status": "success", "has_license": True, "license_details": {"uuid": uuid}},
    )
    assert check.has_license and check.license_details is not None
    verified = STRICT(lambda c: c.licenses.verify(uuid), {"status": "success", "valid": False})
    assert verified.valid is False and verified.license_details is None


def test_coupon_validation_amounts_are_decimal() -> None:
    result = STRICT(
        lambda c: c.coupons.validate("X"),
        {
            "status": "success",
            "valid": True,
            "coupon": {"code": "X"},
            "discount_amount": 5.5,
            "final_amount": 44.49,
            "savings": 5.5,
        },
    )
    assert result.final_amount == Decimal("44.49") and result.coupon is not None


def test_wrong_shapes_raise() -> None:
    with pytest.raises(ValueError, match="JSON object"):
        LENIENT(lambda c: c.tracks.get(1), ["not", "an", "object"])
    with pytest.raises(cattrs.BaseValidationError):
        STRICT(lambda c: c.tracks.get(1), {"track": {"name": "no id"}})
    with pytest.raises(KeyError):
        LENIENT(lambda c: c.tracks.get(1), {"track": {"name": "no id"}})


@given(
    extra=st.dictionaries(
        st.text(min_size=1).filter(lambda k: k not in {f for f in Track.__annotations__}),
        st.none() | st.booleans() | st.integers() | st.text(),
        max_size=5,
    )
)
def test_any_extra_keys_round_trip(extra: dict[str, Any]) -> None:
    raw = {**copy.deepcopy(TRACK), **extra}
    track = converter.structure(raw, Track)
    assert track.extra == extra
    assert _pruned(converter.unstructure(track)) == _pruned(raw)


# --- only lossless conversions -----------------------------------------------------------------

FAILURES = (TypeError, ValueError, KeyError, cattrs.BaseValidationError)


@pytest.mark.parametrize("conv", [converter, strict_converter], ids=["lenient", "strict"])
def test_text_booleans_and_numbers_are_read_as_laravel_sends_them(conv: cattrs.Converter) -> None:
    raw = {**TRACK, "is_liked": "false", "downloadable": "true", "bpm": "128", "plays": "0"}
    track = conv.structure(copy.deepcopy(raw), Track)
    assert track.is_liked is False and track.downloadable is True
    assert track.bpm == 128 and track.plays == 0
    assert conv.structure({"peaks": ["0.5", 1]}, Waveform).peaks == [0.5, 1.0]


@pytest.mark.parametrize("conv", [converter, strict_converter], ids=["lenient", "strict"])
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"is_liked": "no"}, "Track.is_liked: expected bool, got string"),
        ({"is_liked": 1}, "Track.is_liked: expected bool, got integer"),
        ({"bpm": 12.7}, "Track.bpm: expected int, got number"),
        ({"bpm": "12.7"}, "Track.bpm: expected int, got string"),
        ({"id": True}, "Track.id: expected int, got boolean"),
        ({"key": {}}, "Track.key: expected str, got object"),
        ({"name": 7}, "Track.name: expected str, got integer"),
        (
            {"artists": [{"id": 1, "verified": "maybe"}]},
            "Track.artists[0].verified: expected bool, got string",
        ),
        (
            {"album": {"id": 2, "tracks": [{"id": None}]}},
            "Track.album.tracks[0].id: expected int, got null",
        ),
    ],
)
def test_wrong_values_raise_naming_the_field(
    conv: cattrs.Converter, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(FAILURES) as info:
        conv.structure({**copy.deepcopy(TRACK), **changes}, Track)
    assert describe_failure(info.value) == message


def test_fields_sent_as_null_are_optional() -> None:
    # The OpenAPI file marks these nullable; the anonymous answers leave the rest out.
    raw = {**TRACK, "description": None, "artists": None, "album": None, "genres": None}
    track = strict_converter.structure(raw, Track)
    assert track.description is None and track.artists is None and track.genres is None


# --- PHP's empty array, and the OpenAPI file's empty object ------------------------------------


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
def test_an_empty_php_array_is_an_empty_map_or_no_object(decoding: Decoding) -> None:
    # Laravel is PHP: json_encode writes an empty associative array as []. A request
    # submitted with data={} comes back with "data": [].
    request = decoding(
        lambda c: c.backstage.create("become-artist", artist_name="DJ", data={}),
        {"status": "success", "request": {"id": 9, "status": "pending", "data": []}},
    )
    assert request.data == {}
    radio = decoding(lambda c: c.radio.get("genre", 1), {"tracks": [], "seed": []})
    assert radio.seed == {}
    audio = decoding(lambda c: c.search.audio(1, "A", "B"), {"tracks": [], "query": []})
    assert audio.query == {}
    # An optional object sent as [] is no object.
    check = decoding(
        lambda c: c.licenses.check(1),
        {"status": "success", "has_license": False, "license_details": []},
    )
    assert check.has_license is False and check.license_details is None
    status = decoding(lambda c: c.purchases.status(1), {"purchased": False, "purchase": []})
    assert status.purchased is False and status.purchase is None
    playlist = decoding(lambda c: c.playlists.get(1), {"playlist": {"id": 1, "tracks": []}})
    assert playlist.tracks is None
    artist = decoding(
        lambda c: c.artists.get(1), {"artist": {"id": 1, "albums": [], "profile": []}}
    )
    assert artist.albums is None and artist.profile is None


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
def test_no_license_or_purchase_as_the_openapi_files_empty_object(decoding: Decoding) -> None:
    # check-license and verify-license type license_details as a bare (not nullable)
    # object, purchase/status its purchase as an object: {} is "none", not a license
    # without its uuid (which failed the whole answer).
    check = decoding(
        lambda c: c.licenses.check(1),
        {"status": "success", "has_license": False, "license_details": {}},
    )
    assert check.has_license is False and check.license_details is None
    verified = decoding(
        lambda c: c.licenses.verify("550e8400-e29b-41d4-a716-446655440000"),
        {"status": "success", "valid": False, "license_details": {}},
    )
    assert verified.valid is False and verified.license_details is None
    status = decoding(lambda c: c.purchases.status(1), {"purchased": False, "purchase": {}})
    assert status.purchase is None
    # An object every field of which is optional is still read as one.
    coupon = decoding(
        lambda c: c.coupons.validate("X"), {"status": "success", "valid": True, "coupon": {}}
    )
    assert coupon.coupon is not None and coupon.coupon.code is None


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
@pytest.mark.parametrize(
    "empty",
    [
        pytest.param(lambda key: {"status": "success", key: []}, id="under-its-key"),
        pytest.param(lambda key: {"status": "success", "data": []}, id="under-data"),
        pytest.param(lambda key: [], id="flat"),
    ],
)
def test_an_empty_batch_as_phps_empty_array_has_no_entry(
    decoding: Decoding, empty: Callable[[str], Any]
) -> None:
    # PHP writes an empty map as []: the batch of tracks without waveforms or licenses.
    # Read as a flat {track_id: value} body, {"waves": []} gave a waveform for a track
    # "waves", and {"licenses": []} failed the whole answer.
    waves = decoding(lambda c: c.tracks.wave_batch([1, 2]), empty("waves"))
    assert waves.waves == {} and waves.extra == {}
    licenses = decoding(lambda c: c.licenses.check_batch([1, 2]), empty("licenses"))
    assert licenses.licenses == {} and licenses.extra == {}


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
@pytest.mark.parametrize("body", [{"status": "success", "data": []}, []], ids=["data", "flat"])
def test_an_empty_report_as_phps_empty_array_has_no_figures(decoding: Decoding, body: Any) -> None:
    # An analytics report with nothing to count: {"data": []} was read as a figure "data".
    report = decoding(lambda c: c.tracks.engagement_metrics(1), body)
    assert report.figures == {} and report.extra == {}
    # A flat report's own empty series named "data" stays one of its figures.
    series = LENIENT(lambda c: c.tracks.engagement_metrics(1), {"plays": 3, "data": []})
    assert series.figures == {"plays": 3, "data": []}


@pytest.mark.parametrize("conv", [converter, strict_converter], ids=["lenient", "strict"])
@pytest.mark.parametrize(
    ("cls", "raw", "message"),
    [
        (BackstageRequest, {"id": 1, "data": ["x"]}, "BackstageRequest.data: expected object"),
        (Playlist, {"id": 1, "tracks": [{"id": 2}]}, "Playlist.tracks: expected object"),
        (Track, {"id": 1, "album": [{"id": 2}]}, "Track.album: expected object"),
        (Track, {"id": 1, "album": {"name": "no id"}}, "Track.album.id: required field missing"),
        (Track, {"id": 1, "album": ""}, "Track.album: expected object"),
    ],
)
def test_a_non_empty_array_or_a_partial_object_still_raises(
    conv: cattrs.Converter, cls: type[Any], raw: dict[str, Any], message: str
) -> None:
    with pytest.raises(FAILURES) as info:
        conv.structure(raw, cls)
    assert (describe_failure(info.value) or "").startswith(message)


# --- answers read into a model of the whole body keep the body's other keys -----------------

BESIDE: list[tuple[str, Callable[[BeatPass], Any], dict[str, Any], dict[str, Any]]] = [
    (
        "pin",
        lambda c: c.artists.pin(1, 2),
        {"status": "success", "track": {"id": 2}, "pinned_at": "2026-01-01T00:00:00Z"},
        {"pinned_at": "2026-01-01T00:00:00Z"},
    ),
    (
        "pinned-under-data",
        lambda c: c.artists.pinned_track(1),
        {"status": "success", "data": {"id": 2}, "artist_id": 1},
        {"artist_id": 1},
    ),
    (
        "login",
        lambda c: c.login("a@b.c", "pw", token_name="t"),
        {
            "status": "success",
            "user": {"id": 5, "access_token": "7|abc"},
            "token_type": "Bearer",
            "expires_at": "2026-04-01T00:00:00Z",
        },
        {"token_type": "Bearer", "expires_at": "2026-04-01T00:00:00Z"},
    ),
    (
        "login-under-data",
        lambda c: c.login("a@b.c", "pw", token_name="t"),
        {"status": "success", "data": {"user": {"id": 5}, "token": "7|abc", "abilities": ["*"]}},
        {"abilities": ["*"]},
    ),
    (
        "analytics-under-data",
        lambda c: c.tracks.engagement_metrics(1),
        {"status": "success", "data": {"plays": 3}, "period": "30d"},
        {"period": "30d"},
    ),
    (
        "wave-batch-under-data",
        lambda c: c.tracks.wave_batch([1, 2]),
        {"status": "success", "data": {"1": [0.5]}, "missing": [2]},
        {"missing": [2]},
    ),
]


@pytest.mark.parametrize(
    ("call", "body", "beside"), [b[1:] for b in BESIDE], ids=[b[0] for b in BESIDE]
)
def test_keys_beside_what_a_whole_body_answer_reads_are_kept(
    call: Callable[[BeatPass], Any], body: dict[str, Any], beside: dict[str, Any]
) -> None:
    # These answers are read into a model of the whole body (PinnedTrack, LoginResult,
    # Analytics, WaveformBatch): a key beside the part read is that model's own, kept in
    # its extra (and raised in strict mode), never dropped.
    result = LENIENT(call, copy.deepcopy(body))
    assert result.extra == beside
    assert {k: v for k, v in converter.unstructure(result).items() if k in beside} == beside
    with pytest.raises(FAILURES) as info:
        STRICT(call, copy.deepcopy(body))
    assert "unknown keys " + ", ".join(sorted(beside)) in (describe_failure(info.value) or "")


def test_a_pin_answers_message_is_read() -> None:
    pin = STRICT(
        lambda c: c.artists.pin(1, 2),
        {"status": "success", "message": "Track pinned.", "track": {"id": 2}},
    )
    assert pin.message == "Track pinned." and pin.track is not None and pin.track.id == 2


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
def test_an_acknowledgement_under_data_keeps_its_message(decoding: Decoding) -> None:
    # ActionResult reads the whole answer: the message beside a "data" payload is its own.
    body = {"status": "success", "message": "Playlist followed.", "data": {}}
    result = decoding(lambda c: c.playlists.follow(1), body)
    assert result.status == "success" and result.message == "Playlist followed."
    body = {"status": "success", "message": "Followed.", "data": {"followers_count": 5}}
    result = LENIENT(lambda c: c.playlists.follow(1), body)
    assert result.message == "Followed." and result.extra == {"followers_count": 5}


@pytest.mark.parametrize("decoding", [LENIENT, STRICT], ids=["lenient", "strict"])
def test_an_envelopes_empty_data_as_phps_empty_array_is_no_key(decoding: Decoding) -> None:
    # {"status", "message", "data": []}: an envelope whose payload is PHP's empty map.
    # Read as a flat answer with a key "data", it failed strict mode.
    body = {"status": "success", "message": "Playlist followed.", "data": []}
    followed = decoding(lambda c: c.playlists.follow(1), body)
    assert followed.status == "success" and followed.message == "Playlist followed."
    assert followed.extra == {}
    body = {"status": "success", "message": "Fingerprint generation started", "data": []}
    job = decoding(lambda c: c.fingerprints.generate(1), body)
    assert job.message == "Fingerprint generation started" and job.extra == {}
    play = decoding(lambda c: c.tracks.log_play(1), {"status": "success", "data": []})
    assert play.play_id is None and play.extra == {}
    # Beside an object's own fields, an empty "data" is that object's.
    request = LENIENT(
        lambda c: c.backstage.create("become-artist", artist_name="A", data={}),
        {"status": "success", "id": 3, "type": "become-artist", "data": []},
    )
    assert request.id == 3 and request.data == {}
