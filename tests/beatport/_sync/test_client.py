# GENERATED from tests/beatport/_async/test_client.py by scripts/unasync.py: edit the async source.
"""Every Beatport operation against the stateful fake, through the public client."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from beatkit import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    TerritoryRestrictedError,
)
from beatkit._core.ratelimit import RateLimiter
from beatkit.auth import Token
from beatkit.beatport import (
    DEFAULT_REQUESTS_PER_SECOND,
    INTERNAL_BASE_URL,
    PUBLIC_BASE_URL,
    Artist,
    ArtistHit,
    Beatport,
    ChartHit,
    DownloadQuality,
    Genre,
    LabelHit,
    PlaylistEntry,
    Release,
    ReleaseHit,
    StreamInfo,
    Track,
    TrackHit,
    TrackOrder,
)
from beatkit.beatport.converter import strict_converter
from beatkit.testing.beatport import (
    QUALITIES,
    RECORDED_ISRC,
    RECORDED_TRACK_IDS,
    FakeBeatport,
)

RECORDED = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "beatport"


def make_client(fake: FakeBeatport, **kwargs: Any) -> tuple[Beatport, list[float]]:
    """A logged-in client on the fake's in-process transport; sleeps are recorded, not slept.

    The pacing clock is fake too: it moves only when the client sleeps, so the
    recorded pacing waits are exact.
    """
    waits: list[float] = []
    now = [0.0]

    def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    if not kwargs.get("internal"):
        kwargs.setdefault("client_id", fake.client_id)
        kwargs.setdefault("token", Token.from_response(fake.issue_token(), now=datetime.now(UTC)))
    client = Beatport(
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        **kwargs,
    )
    transport = client._transport
    limiter = RateLimiter(
        requests_per_second=transport.settings.limiter.requests_per_second, clock=lambda: now[0]
    )
    transport.settings = attrs.evolve(transport.settings, sleep=fake_sleep, limiter=limiter)
    return client, waits


@pytest.fixture
def fake() -> FakeBeatport:
    return FakeBeatport()


def sent(fake: FakeBeatport, index: int = -1) -> httpx.URL:
    return fake.requests[index].url


def paths(fake: FakeBeatport) -> list[str]:
    return [r.url.path for r in fake.requests]


# --- tracks ----------------------------------------------------------------------------------


def test_tracks_by_isrc_are_the_recorded_tracks_key_for_key(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    tracks = [t for t in client.tracks.list(isrc=RECORDED_ISRC)]
    assert [t.id for t in tracks] == sorted(RECORDED_TRACK_IDS, reverse=True)
    recorded = json.loads((RECORDED / "catalog-tracks-by-isrc.json").read_text())["body"]
    by_id = {t["id"]: t for t in recorded["results"]}
    for track in tracks:
        back = strict_converter.unstructure(track)
        assert json.dumps(back, sort_keys=True) == json.dumps(by_id[track.id], sort_keys=True)
        assert track.price is not None and track.price.value == Decimal("1.49")
        assert track.encoded_date is not None and track.encoded_date.tzinfo is not None
    assert sent(fake).params["isrc"] == RECORDED_ISRC
    assert fake.requests[0].headers["authorization"].startswith("Bearer ")


def test_list_tracks_walks_next_links_lazily(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    pager = client.tracks.list(per_page=100)
    assert fake.requests == []
    tracks = [t for t in pager]
    assert len(tracks) == len(fake.tracks)
    assert len({t.id for t in tracks}) == len(tracks)
    assert len(fake.requests) == 4  # 100 + 100 + 100 + 3, pages given as "N/4"
    assert sent(fake, 1).params["page"] == "2"
    assert all(isinstance(t, Track) for t in tracks)


def test_limit_first_page_and_start_page(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    ten = [t.id for t in client.tracks.list(per_page=7, limit=10)]
    assert len(ten) == 10
    assert len(fake.requests) == 2  # 10 items at 7 per page
    page = client.tracks.list(per_page=20).first_page()
    assert len(page.items) == 20 and page.total == len(fake.tracks) and page.has_next
    second = [t.id for t in client.tracks.list(per_page=5, page=2, limit=5)]
    assert second == ten[5:10]
    sizes = [len(p.items) for p in client.tracks.list(per_page=100).pages()]
    assert sizes == [100, 100, 100, len(fake.tracks) - 300]


@pytest.mark.parametrize("page_format", ["int", "fraction"])
def test_both_page_number_forms_walk_the_same(fake: FakeBeatport, page_format: str) -> None:
    client, _ = make_client(fake)
    fake.page_format = page_format  # type: ignore[assignment]
    ids = [t.id for t in client.tracks.list(per_page=100)]
    assert ids == sorted((t["id"] for t in fake.tracks), reverse=True)
    genres = [g.id for g in client.genres.list(per_page=9)]
    assert genres == [g["id"] for g in fake.genres]


def test_a_page_past_the_end_is_not_found(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    with pytest.raises(NotFoundError) as info:
        client.tracks.list(page=99, per_page=100).first_page()
    assert info.value.message == "Invalid page."


def test_track_filters_and_order(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    genre = fake.tracks[10]["genre"]["id"]
    tracks = [t for t in client.tracks.list(genre_id=genre, order_by=TrackOrder.NAME)]
    assert tracks and {t.genre.id for t in tracks if t.genre} == {genre}
    names = [t.name.casefold() for t in tracks]
    assert names == sorted(names)
    assert sent(fake).params["genre_id"] == str(genre)
    assert sent(fake).params["order_by"] == "name"
    artist = fake.tracks[50]["artists"][0]
    by_artist = [t for t in client.tracks.list(artist_id=[artist["id"], 3547])]
    assert all({a.id for a in t.artists + t.remixers} & {artist["id"], 3547} for t in by_artist)
    assert sent(fake).params["artist_id"] == f"{artist['id']},3547"
    newest = [t for t in client.tracks.list(order_by="-publish_date", limit=30)]
    dates = [t.publish_date for t in newest]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


def test_range_and_text_filters_select_tracks(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, requests_per_second=None)
    target, other = fake.tracks[40], fake.tracks[200]
    bpm = target["bpm"]
    window = [t for t in client.tracks.list(bpm=(bpm - 1, bpm + 1), per_page=100)]
    assert target["id"] in {t.id for t in window}
    assert len(window) == sum(1 for t in fake.tracks if bpm - 1 <= t["bpm"] <= bpm + 1)
    day = date.fromisoformat(target["publish_date"])
    since = [t for t in client.tracks.list(publish_date=(day, None), per_page=100)]
    assert since and all(t.publish_date is not None and t.publish_date >= day for t in since)
    assert len(since) == sum(1 for t in fake.tracks if t["publish_date"] >= day.isoformat())
    label = target["release"]["label"]["name"]
    by_label = [t for t in client.tracks.list(label_name=label, per_page=100)]
    assert target["id"] in {t.id for t in by_label}
    assert len(by_label) < len(fake.tracks)
    number = target["catalog_number"]
    by_number = [t.id for t in client.tracks.list(catalog_number=number)]
    assert by_number == [t["id"] for t in fake.tracks if t["catalog_number"] == number]
    either = [t.id for t in client.tracks.list(isrc=[target["isrc"], other["isrc"]])]
    assert sorted(either) == sorted([target["id"], other["id"]])


@pytest.mark.parametrize("order", list(TrackOrder))
def test_every_track_order_sorts(fake: FakeBeatport, order: TrackOrder) -> None:
    client, _ = make_client(fake, requests_per_second=None)
    keys: dict[str, Any] = {
        "publish_date": lambda t: t.publish_date,
        "release_date": lambda t: t.new_release_date,
        "release_id": lambda t: t.release.id,
        "genre": lambda t: t.genre.name.casefold(),
        "label": lambda t: t.release.label.name.casefold(),
        "name": lambda t: t.name.casefold(),
    }
    key = keys[order.value.lstrip("-")]
    values = [key(t) for t in client.tracks.list(order_by=order, per_page=100)]
    descending = order.value.startswith("-")
    assert len(values) == len(fake.tracks)
    assert values == sorted(values, reverse=descending)
    assert values != sorted(values, reverse=not descending)
    assert sent(fake).params["order_by"] == order.value


def test_get_track_strictly_and_not_found(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    raw = fake.tracks[100]
    track = client.tracks.get(raw["id"])
    assert track.id == raw["id"] and track.extra == {}
    assert strict_converter.unstructure(track) == raw
    with pytest.raises(NotFoundError) as info:
        client.tracks.get(999)
    assert info.value.message == "No Track matches the given query."
    assert info.value.service == "beatport"


def test_top_tracks_and_top_100(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    genre = fake.tracks[0]["genre"]["id"]
    top = [t for t in client.tracks.top(genre, per_page=3)]
    assert 0 < len(top) <= 100
    scores = [fake.popularity[t.id] for t in top]
    assert scores == sorted(scores, reverse=True)
    assert sent(fake).path == f"/v4/catalog/tracks/top/{genre}/"
    fake.requests.clear()
    hundred = [t for t in client.genres.top100(genre)]
    assert [t.id for t in hundred] == [t.id for t in top]
    assert sent(fake).params["per_page"] == "100" and len(fake.requests) == 1


def test_stream_gives_a_signed_url_on_the_stream_host(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    raw = fake.tracks[3]
    info = client.tracks.stream(raw["id"])
    assert isinstance(info, StreamInfo)
    url = httpx.URL(info.stream_url)
    assert url.host == httpx.URL(fake.cdn_url).host and url.path.endswith(".128k.aac.m3u8")
    assert (info.sample_start_ms, info.sample_end_ms) == (0, raw["length_ms"])
    assert info.stream_url not in repr(info)


@pytest.mark.parametrize("quality", list(DownloadQuality))
def test_download_each_quality(fake: FakeBeatport, quality: DownloadQuality) -> None:
    client, _ = make_client(fake, strict=True)
    info = client.tracks.download(fake.tracks[4]["id"], quality=quality)
    assert info.stream_quality == QUALITIES[str(quality)][0]
    assert httpx.URL(info.location).host == httpx.URL(fake.cdn_url).host
    assert sent(fake).params["quality"] == str(quality)


def test_download_quality_checked_before_any_request(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    with pytest.raises(ValueError, match="quality"):
        client.tracks.download(fake.tracks[4]["id"], quality="ultra")
    assert fake.requests == []
    assert (client.tracks.download(fake.tracks[4]["id"])).stream_quality == ".128k.aac.mp4"


def test_unavailable_quality_is_the_apis_error(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    fake.available_qualities = {"medium"}
    with pytest.raises(BadRequestError) as info:
        client.tracks.download(fake.tracks[4]["id"], quality="lossless")
    assert info.value.message == "Requested quality is not available."


def test_save_stream_and_download_through_the_tracks_resource(
    fake: FakeBeatport, tmp_path: Path
) -> None:
    client, _ = make_client(fake)
    track_id = fake.tracks[8]["id"]
    result = client.tracks.save_stream(track_id, tmp_path / "stream.aac", concurrency=2)
    assert (tmp_path / "stream.aac").read_bytes() == fake.stream_plaintext(track_id)
    assert result.segments == fake.stream_segments
    saved = client.tracks.save_download(track_id, tmp_path / "t.flac", quality="lossless")
    assert (tmp_path / "t.flac").read_bytes() == fake.download_bytes(track_id, "lossless")
    assert saved.bytes_written == len(fake.download_bytes(track_id, "lossless"))
    assert fake.leaked_authorization == []


def test_territory_and_subscription_refusals(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    track_id = fake.tracks[5]["id"]
    fake.territory_restricted.add(track_id)
    with pytest.raises(TerritoryRestrictedError) as territory:
        client.tracks.stream(track_id)
    assert territory.value.status_code == 403
    assert territory.value.message == "Territory Restricted."
    with pytest.raises(TerritoryRestrictedError):
        client.tracks.download(track_id)
    fake.subscription = None
    with pytest.raises(PermissionDeniedError) as tier:
        client.tracks.stream(fake.tracks[6]["id"])
    assert type(tier.value) is PermissionDeniedError
    assert tier.value.message == "You do not have permission to perform this action."


# --- artists, labels, releases ----------------------------------------------------------------


def test_artists(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    artist = client.artists.get(3547)
    assert artist.name == "Daft Punk" and artist.image is not None
    tracks = [t for t in client.artists.tracks(3547, per_page=2)]
    assert {t.id for t in tracks} >= set(RECORDED_TRACK_IDS)
    assert all(any(a.id == 3547 for a in t.artists + t.remixers) for t in tracks)
    top = client.artists.top10(3547)
    assert 0 < len(top) <= 10 and all(isinstance(t, Track) for t in top)
    assert sent(fake).params["per_page"] == "10"
    busy = max(
        fake.artists[1:],
        key=lambda a: sum(any(x["id"] == a["id"] for x in t["artists"]) for t in fake.tracks),
    )
    ranked = client.artists.top10(busy["id"])
    scores = [fake.popularity[t.id] for t in ranked]
    assert len(ranked) >= 2 and scores == sorted(scores, reverse=True)
    with pytest.raises(NotFoundError):
        client.artists.get(1)


def test_labels(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    label = client.labels.get(97547)
    assert label.name == "Daft Life Ltd./ADA France"
    releases = [r for r in client.labels.releases(97547)]
    assert releases and all(isinstance(r, Release) for r in releases)
    assert all(r.label is not None and r.label.id == 97547 for r in releases)
    other = fake.labels[3]["id"]
    top = client.labels.top10(other)
    assert len(top) <= 10
    assert all(t.release is not None and t.release.label is not None for t in top)
    assert {t.release.label.id for t in top if t.release and t.release.label} <= {other}


def test_releases(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    raw = max(fake.releases, key=lambda r: r["track_count"])
    release = client.releases.get(raw["id"])
    assert release.track_count == raw["track_count"] == len(release.tracks)
    assert release.type in {"Single", "EP", "Album"}
    assert release.price is not None and isinstance(release.price.value, Decimal)
    tracks = [t for t in client.releases.tracks(raw["id"], per_page=2)]
    assert len(tracks) == raw["track_count"]
    assert {t.release.id for t in tracks if t.release} == {raw["id"]}
    with pytest.raises(NotFoundError) as info:
        client.releases.get(42)
    assert info.value.message == "No Release matches the given query."


# --- genres, sub-genres, keys, chord types -----------------------------------------------------


def test_genres(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    genres = [g for g in client.genres.list(per_page=7)]
    assert len(genres) == len(fake.genres) and all(isinstance(g, Genre) for g in genres)
    assert sent(fake).params["page"] == str(-(-len(fake.genres) // 7))  # int pages, numbered
    techno = client.genres.get(6)
    assert techno.name == "Techno (Peak Time / Driving)"
    assert [s.id for s in techno.sub_genres] == [7, 8]
    top = client.genres.top10_tracks(6)
    assert 0 < len(top) <= 10 and {t.genre.id for t in top if t.genre} == {6}
    releases = client.genres.top10_releases(6)
    assert 0 < len(releases) <= 10 and all(isinstance(r, Release) for r in releases)
    assert sent(fake).path == "/v4/catalog/genres/6/top-10-releases"


def test_sub_genres_keys_and_chord_types(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    sub = client.sub_genres.get(7)
    assert sub.name == "Peak Time" and sub.genre is not None and sub.genre.id == 6
    key = client.keys.get(23)
    assert key.camelot_code == "11B" and key.name == "A Major"
    assert key.chord_type is not None and key.chord_type.name == "Major"
    minor = client.chord_types.get(1)
    assert minor.name == "Minor"


# --- charts and playlists ----------------------------------------------------------------------


def test_charts(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    charts = [c for c in client.charts.list(per_page=6)]
    assert len(charts) == len(fake.charts)
    genre = fake.charts[0]["genres"][0]["id"]
    by_genre = [c for c in client.charts.list(genre_id=genre)]
    assert by_genre and all(genre in {g.id for g in c.genres} for c in by_genre)
    chart = client.charts.get(charts[0].id)
    assert chart.track_count == len(fake.chart_track_ids[chart.id])
    assert chart.add_date is not None and chart.add_date.tzinfo is not None
    tracks = [t.id for t in client.charts.tracks(chart.id, per_page=4)]
    assert tracks == fake.chart_track_ids[chart.id]


def test_playlists(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    raw = fake.playlists[0]
    playlist = client.playlists.get(raw["id"])
    assert playlist.track_count == raw["track_count"]
    assert playlist.bpm_range is not None
    entries = [e for e in client.playlists.tracks(raw["id"], per_page=10)]
    assert all(isinstance(e, PlaylistEntry) for e in entries)
    assert [e.position for e in entries] == list(range(1, len(entries) + 1))
    assert [e.track.id for e in entries] == fake.playlist_track_ids[raw["id"]]


# --- search ------------------------------------------------------------------------------------


def test_search_every_type_as_documents(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    results = client.search("daft", per_page=5)
    assert results.tracks and all(isinstance(t, TrackHit) for t in results.tracks)
    assert any(a.name == "Daft Punk" for a in results.artists)
    assert all(isinstance(a, ArtistHit) for a in results.artists)
    assert all(isinstance(x, LabelHit) for x in results.labels)
    assert all(isinstance(x, ReleaseHit) for x in results.releases)
    assert all(isinstance(x, ChartHit) for x in results.charts)
    assert "type" not in sent(fake).params and sent(fake).params["per_page"] == "5"
    best = results.tracks[0]
    assert isinstance(best, TrackHit) and best.score is not None
    assert (client.tracks.get(best.id)).id == best.id


def test_search_as_catalog_lists(fake: FakeBeatport) -> None:
    fake.search_shape = "lists"
    client, _ = make_client(fake, strict=True)
    results = client.search("daft")
    assert results.artists and all(isinstance(a, Artist) for a in results.artists)
    assert all(isinstance(t, Track) for t in results.tracks)


def test_per_type_search_pagers_walk_pages(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    whole = client.search("dub", per_page=100)
    assert 20 < len(whole.tracks) < 100
    walked = [t.id for t in client.tracks.search("dub", per_page=20)]
    assert walked == [t.id for t in whole.tracks]
    # Full pages ask for the next one; the short last page ends the walk.
    assert len(fake.requests) == 1 + -(-len(walked) // 20)
    assert {r.url.params["type"] for r in fake.requests[1:]} == {"tracks"}
    capped = [t for t in client.tracks.search("dub", per_page=2, limit=3)]
    assert len(capped) == 3
    kinds = [
        (client.artists.search("a", per_page=3, limit=4), ArtistHit, "artists"),
        (client.labels.search("a", limit=4), LabelHit, "labels"),
        (client.releases.search("a", limit=4), ReleaseHit, "releases"),
        (client.charts.search("a", limit=4), ChartHit, "charts"),
    ]
    for pager, cls, kind in kinds:
        found = [x for x in pager]
        assert found and len(found) <= 4 and all(isinstance(x, cls) for x in found)
        assert sent(fake).params["type"] == kind


# --- auxiliary, curation, my -------------------------------------------------------------------


def test_auxiliary_tables(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    status = client.auxiliary.current_status(10)
    assert status.name == "General Content"
    sale = client.auxiliary.sale_type(1)
    assert sale.name == "purchase"
    period_raw = fake.auxiliary["exclusive-period"][0]
    period = client.auxiliary.exclusive_period(period_raw["id"])
    assert period.days == period_raw["days"]
    tables = [
        (client.auxiliary.item_types(per_page=2), "item-types"),
        (client.auxiliary.page_module_types(per_page=2), "page-module-types"),
        (client.auxiliary.page_types(per_page=2), "page-types"),
        (client.auxiliary.source_types(per_page=2), "source-types"),
    ]
    for pager, table in tables:
        names = [x.name for x in pager]
        assert names == [x["name"] for x in fake.auxiliary[table]]


def test_curation(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    pages = [p for p in client.curation.pages(per_page=5)]
    assert [p.id for p in pages] == [p["id"] for p in fake.curation_pages]
    assert all(p.page_type is not None for p in pages)
    styles = [s.name for s in client.curation.page_module_styles()]
    assert styles == [s["name"] for s in fake.page_module_styles]


def test_my_account_beatport_tracks_and_subscriptions(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    account = client.my.account()
    assert account.username == fake.username and account.created is not None
    mine = client.my.beatport()
    assert sorted(a.id for a in mine.artists) == sorted(fake.favourite_artist_ids)
    assert sorted(label.id for label in mine.labels) == sorted(fake.favourite_label_ids)
    tracks = [t.id for t in client.my.tracks(per_page=10)]
    assert tracks == fake.favourite_track_ids and len(fake.requests) == 2 + 4
    (sub,) = client.my.subscriptions()
    assert sub.subscription == "bp_link_pro" and sub.status == "active"
    assert sent(fake).path == "/v4/my/subscriptions"
    fake.subscription = None
    assert client.my.subscriptions() == []


def test_token_introspection(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, strict=True)
    info = client.auth.introspect()
    assert info.active is True and info.username == fake.username
    assert info.expires_at is not None and info.expires_at > datetime.now(UTC)
    assert sent(fake).path == "/v4/auth/o/introspect/"


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.tracks.list(per_page=101), ValueError),
        (lambda c: c.tracks.list(per_page=0), ValueError),
        (lambda c: c.tracks.list(page=0), ValueError),
        (lambda c: c.tracks.list(genre_id="6"), TypeError),
        (lambda c: c.tracks.list(order_by="hype"), ValueError),
        (lambda c: c.tracks.list(limit=-1), ValueError),
        (lambda c: c.genres.top100(6, per_page=500), ValueError),
        (lambda c: c.tracks.search(""), ValueError),
        (lambda c: c.charts.list(name=5), TypeError),
        (lambda c: c.my.tracks(per_page=101), ValueError),
    ],
)
def test_bad_arguments_fail_before_any_request(fake: FakeBeatport, call, error) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client(fake)
    with pytest.raises(error):
        call(client)
    assert fake.requests == []


@pytest.mark.parametrize(
    ("coro", "error"),
    [
        (lambda c: c.tracks.get(0), ValueError),
        (lambda c: c.tracks.get("8291700"), TypeError),
        (lambda c: c.artists.top10(True), TypeError),
        (lambda c: c.search("   "), ValueError),
        (lambda c: c.search("x", per_page=101), ValueError),
        (lambda c: c.tracks.download(1, quality=None), TypeError),
    ],
)
def test_bad_arguments_of_single_calls(fake: FakeBeatport, coro, error) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client(fake)
    with pytest.raises(error):
        coro(client)
    assert fake.requests == []


@pytest.mark.parametrize(
    ("coro", "argument"),
    [
        (lambda c: c.auxiliary.current_status(0), "status_id"),
        (lambda c: c.auxiliary.sale_type(0), "sale_type_id"),
        (lambda c: c.auxiliary.exclusive_period(0), "period_id"),
        (lambda c: c.chord_types.get(0), "chord_type_id"),
    ],
)
def test_argument_errors_name_the_argument(fake: FakeBeatport, coro, argument) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client(fake)
    with pytest.raises(ValueError, match=f"^{argument} must be at least 1"):
        coro(client)
    assert fake.requests == []


def test_server_side_per_page_limit_is_a_field_error(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    # Bypass the client-side check to see the API's own answer to per_page=101.
    op = client._operation("genres.list", Genre, params={"per_page": 101})
    with pytest.raises(BadRequestError) as info:
        client._transport.request(op)
    assert info.value.details == {"per_page": ["Ensure this value is less than or equal to 100."]}
    assert info.value.message == "per_page: Ensure this value is less than or equal to 100."


def test_field_errors_are_bad_requests(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    fake.fail_next(400, body={"id": ["Enter a number."]})
    with pytest.raises(BadRequestError) as info:
        client.tracks.get(1)
    assert info.value.details == {"id": ["Enter a number."]}
    assert info.value.field_errors == {"id": ["Enter a number."]}
    assert info.value.message == "id: Enter a number."


def test_refused_token_is_an_authentication_error(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, token="not-a-valid-token")
    with pytest.raises(AuthenticationError) as info:
        client.tracks.get(fake.tracks[0]["id"])
    assert info.value.status_code == 401
    assert info.value.message == "Authentication credentials were not provided."
    assert "not-a-valid-token" not in str(info.value) + repr(info.value)


def test_expired_access_token_is_refreshed(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    client.tracks.get(fake.tracks[0]["id"])
    fake.expire_access_tokens()
    track = client.tracks.get(fake.tracks[1]["id"])
    assert track.id == fake.tracks[1]["id"]
    assert fake.refresh_count == 1


def test_rate_limited_get_is_retried_after_retry_after(fake: FakeBeatport) -> None:
    client, waits = make_client(fake, requests_per_second=None)
    fake.fail_next(429, headers={"Retry-After": "7"})
    track = client.tracks.get(fake.tracks[0]["id"])
    assert track.id == fake.tracks[0]["id"]
    assert waits == [7.0]
    assert len(fake.requests) == 2


def test_long_retry_after_raises_at_once(fake: FakeBeatport) -> None:
    client, waits = make_client(fake, requests_per_second=None)
    fake.fail_next(429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimitError) as info:
        client.genres.get(6)
    assert info.value.retry_after == 3600 and waits == []


def test_gateway_errors_are_retried_then_raised_cleanly(fake: FakeBeatport) -> None:
    client, waits = make_client(fake, requests_per_second=None, max_retries=2)
    fake.fail_next(503, count=5)
    with pytest.raises(ServerError) as info:
        client.genres.get(6)
    assert info.value.status_code == 503 and len(fake.requests) == 3 and len(waits) == 2
    assert info.value.message.startswith("upstream connect error")


def test_unknown_route_html_404_is_not_found(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    op = attrs.evolve(
        client._operation("genres.get", Genre, path={"genre_id": 6}), path="/catalog/nothing-here/"
    )
    with pytest.raises(NotFoundError) as info:
        client._transport.request(op)
    assert "<" not in info.value.message


# --- pacing ------------------------------------------------------------------------------------


def test_requests_are_paced_by_default(fake: FakeBeatport) -> None:
    client, waits = make_client(fake)
    assert client._transport.settings.limiter.requests_per_second == DEFAULT_REQUESTS_PER_SECOND
    for _ in range(4):
        client.genres.get(6)
    # The first request goes at once; each later one waits for its slot.
    assert waits == [1 / DEFAULT_REQUESTS_PER_SECOND] * 3
    assert len(fake.requests) == 4


def test_pacing_follows_the_rate_and_can_be_turned_off(fake: FakeBeatport) -> None:
    slow, slow_waits = make_client(fake, requests_per_second=0.25)
    slow.genres.get(6)
    slow.genres.get(6)
    assert slow_waits == [4.0]
    off, off_waits = make_client(fake, requests_per_second=None)
    for _ in range(5):
        off.genres.get(6)
    assert off_waits == []


def test_bad_pacing_is_a_configuration_error(fake: FakeBeatport) -> None:
    with pytest.raises(ConfigurationError):
        make_client(fake, requests_per_second=0)


# --- hosts, configuration, strictness ----------------------------------------------------------


def test_internal_host_needs_no_auth() -> None:
    fake = FakeBeatport(base_url=INTERNAL_BASE_URL, require_auth=False)
    client, _ = make_client(fake, internal=True, strict=True)
    assert client.base_url == httpx.URL(INTERNAL_BASE_URL)
    tracks = [t for t in client.tracks.list(isrc=RECORDED_ISRC)]
    assert len(tracks) == 3
    top = [t for t in client.tracks.top(39, per_page=50)]
    assert top
    assert all("authorization" not in r.headers for r in fake.requests)
    # The user's calls are refused before sending, as their docstrings promise
    # (ConfigurationError, nothing sent), not sent unsigned for a 401.
    with pytest.raises(ConfigurationError, match="internal host"):
        client.my.account()


def test_internal_default_host_and_no_credentials() -> None:
    with Beatport(internal=True) as client:
        assert str(client.base_url) == INTERNAL_BASE_URL
        assert client.auth.token is None
    with pytest.raises(ConfigurationError, match="internal"):
        Beatport(internal=True, token="abc")


@pytest.mark.parametrize("internal", ["false", "no", 0, 1, None])
def test_internal_must_be_a_bool(internal: Any) -> None:
    # internal="false" (a setting read from text) is truthy: it must not pick the
    # internal host, without auth, behind the caller's back.
    with pytest.raises(ConfigurationError, match="internal must be a bool"):
        Beatport("cid", internal=internal)


def test_public_host_needs_a_client_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEATPORT_CLIENT_ID", raising=False)
    with pytest.raises(ConfigurationError, match="BEATPORT_CLIENT_ID"):
        Beatport()
    monkeypatch.setenv("BEATPORT_CLIENT_ID", "from-env")
    with Beatport() as client:
        assert str(client.base_url) == PUBLIC_BASE_URL


def test_insecure_base_url_refused() -> None:
    with pytest.raises(ConfigurationError, match="http"):
        Beatport("cid", base_url="http://api.beatport.com/v4")


def test_strict_mode_reports_new_keys(fake: FakeBeatport) -> None:
    fake.tracks[7]["is_stem_pack"] = True  # a key Beatport might add one day
    lenient, _ = make_client(fake)
    track = lenient.tracks.get(fake.tracks[7]["id"])
    assert track.extra == {"is_stem_pack": True}
    strict, _ = make_client(fake, strict=True)
    with pytest.raises(ResponseDecodeError):
        strict.tracks.get(fake.tracks[7]["id"])


def test_token_never_in_repr_or_logs(
    fake: FakeBeatport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    client, _ = make_client(fake)
    token = client.auth.token
    assert token is not None
    client.genres.get(6)
    with pytest.raises(NotFoundError) as info:
        client.genres.get(4)
    for text in (repr(client), caplog.text, str(info.value), repr(info.value), repr(token)):
        assert token.access_token not in text
        assert token.refresh_token is None or token.refresh_token not in text


def test_caller_http_client_is_not_closed(fake: FakeBeatport) -> None:
    http = httpx.Client(transport=fake.transport())
    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    with Beatport(fake.client_id, token=token, http_client=http) as client:
        client.genres.get(6)
    assert not http.is_closed
    http.close()


def test_over_a_real_loopback_socket(fake: FakeBeatport) -> None:
    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    with fake.serve() as server:
        with Beatport(
            fake.client_id, token=token, base_url=server.base_url, requests_per_second=None
        ) as client:
            tracks = [t for t in client.tracks.list(per_page=100, limit=150)]
            assert len(tracks) == 150
            assert (client.genres.get(6)).id == 6


def test_a_search_the_server_answers_with_the_same_page_ends(fake: FakeBeatport) -> None:
    # A cache that drops the query string answers every page with the first one:
    # without a guard the walk would ask for page after page, for ever.
    client, _ = make_client(fake)
    first = client.search("dub", per_page=100)
    ids = [t.id for t in first.tracks][:5]
    assert len(ids) == 5
    body = {"tracks": {"data": [{"track_id": n, "track_name": f"T{n}"} for n in ids]}}
    asked: list[str | None] = []

    def stuck(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params.get("page"))
        if len(asked) > 5:  # bounded: without the guard, fail instead of walking for ever
            return httpx.Response(500, json={"detail": "too many pages asked for"})
        return httpx.Response(200, json=body)

    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    with Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        token=token,
        http_client=httpx.Client(transport=httpx.MockTransport(stuck)),
        max_retries=0,
    ) as stuck_client:
        with pytest.raises(ResponseDecodeError, match="repeats page 1"):
            [t for t in stuck_client.tracks.search("dub", per_page=5)]
    assert asked == [None, "2"]
