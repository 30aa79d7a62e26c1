"""Tests of FakeBeatport over raw httpx: catalog, paging, filters, OAuth, streams, downloads."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from beatkit.auth import BearerAuth
from beatkit.auth.pkce import generate_code_verifier, s256_challenge
from beatkit.beatport.models import TrackOrder
from beatkit.hls import HLSDownloader, MediaPlaylist, parse_playlist
from beatkit.hls.crypto import decrypt_segment
from beatkit.testing import FakeServer
from beatkit.testing.beatport import (
    DEFAULT_SCOPE,
    QUALITIES,
    RECORDED_ISRC,
    RECORDED_TRACK_IDS,
    FakeBeatport,
)

RECORDED = Path(__file__).parents[1] / "fixtures/real/beatport/catalog-tracks-by-isrc.json"
RECORDED_BODY: dict[str, Any] = json.loads(RECORDED.read_text())["body"]
TRACK_KEYS = list(RECORDED_BODY["results"][0])
PAGE_KEYS = ["results", "next", "previous", "count", "page", "per_page"]
OFFSET_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
DATE = re.compile(r"\d{4}-\d\d-\d\d")
VERIFIER = "kX3q-Tz.9~vGm2LpQ8wYbN4rJd7HsF1cUe6aVo0iZt5"
# S256 computed here by hand (RFC 7636 section 4.2), not with the code under test.
CHALLENGE = (
    base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()
)
REDIRECT = "http://127.0.0.1:8765/callback"
NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}


class Clock:
    """A manual clock, so tokens, codes and URLs expire without sleeping."""

    def __init__(self, now: float = 1_760_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeBeatport:
    return FakeBeatport(clock=clock)


@pytest.fixture
def token(fake: FakeBeatport) -> str:
    return str(fake.issue_token()["access_token"])


@pytest.fixture
def api(fake: FakeBeatport, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {token}"},
    ) as http:
        yield http


@pytest.fixture
def anon(fake: FakeBeatport) -> Iterator[httpx.Client]:
    """A client without a token and without following redirects (for the OAuth dance)."""
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        yield http


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def page_of(response: httpx.Response) -> dict[str, Any]:
    body = ok(response)
    assert list(body) == PAGE_KEYS
    return dict(body)


def walk(http: httpx.Client, path: str, **params: Any) -> tuple[list[dict[str, Any]], int]:
    """Follow ``next`` links to the end; return every item and the page count."""
    body = page_of(http.get(path, params=params))
    items = list(body["results"])
    pages = 1
    while body["next"] is not None:
        assert pages < 200, "next links never end"
        body = page_of(http.get(body["next"]))
        items += body["results"]
        pages += 1
    assert len(items) == body["count"]
    return items, pages


def check_track(track: dict[str, Any]) -> None:
    assert list(track) == TRACK_KEYS
    assert isinstance(track["id"], int)
    assert isinstance(track["bpm"], int)
    price = track["price"]
    assert set(price) == {"code", "symbol", "value", "display"}
    assert isinstance(price["value"], float)
    assert price["display"] == f"${price['value']:.2f}"
    minutes, seconds = track["length"].split(":")
    assert int(minutes) * 60 + int(seconds) == track["length_ms"] // 1000
    assert len(seconds) == 2
    assert OFFSET_DATETIME.fullmatch(track["encoded_date"])
    for field in ("publish_date", "new_release_date", "pre_order_date"):
        assert DATE.fullmatch(track[field])
    key = track["key"]
    assert 1 <= key["camelot_number"] <= 12
    assert key["camelot_letter"] in ("A", "B")
    assert key["chord_type"]["name"] == ("Minor" if key["camelot_letter"] == "A" else "Major")
    assert track["sub_genre"] is None or set(track["sub_genre"]) == {"id", "name", "slug", "url"}
    assert "{w}x{h}" in track["image"]["dynamic_uri"]
    assert "{w}x{h}" in track["release"]["image"]["dynamic_uri"]
    assert set(track["release"]) == {"id", "name", "image", "label", "slug"}
    assert set(track["release"]["label"]) == {"id", "name", "image", "slug"}
    for artist in track["artists"] + track["remixers"]:
        assert list(artist) == ["id", "image", "name", "slug", "url"]
    assert track["sample_url"].endswith(".LOFI.mp3")
    assert 0 <= track["sample_start_ms"] < track["sample_end_ms"] <= track["length_ms"]
    assert track["url"].endswith(f"/catalog/tracks/{track['id']}/")


# -- the catalog -------------------------------------------------------------------------


def test_recorded_response_is_reproduced_exactly(api: httpx.Client) -> None:
    response = api.get("/catalog/tracks/", params={"isrc": RECORDED_ISRC})
    body = ok(response)
    # json.dumps keeps key order, so this compares order as well as values.
    assert json.dumps(body) == json.dumps(RECORDED_BODY)
    assert [t["id"] for t in body["results"]] == list(RECORDED_TRACK_IDS)


def test_recorded_tracks_are_served_by_id(api: httpx.Client) -> None:
    for recorded in RECORDED_BODY["results"]:
        assert ok(api.get(f"/catalog/tracks/{recorded['id']}/")) == recorded


def test_generated_tracks_have_the_recorded_shape(fake: FakeBeatport) -> None:
    assert len(fake.tracks) == 303
    for track in fake.tracks:
        check_track(track)
    isrcs = [t["isrc"] for t in fake.tracks if t["id"] not in RECORDED_TRACK_IDS]
    assert len(set(isrcs)) == len(isrcs) == 300
    assert RECORDED_ISRC not in isrcs
    assert len({t["id"] for t in fake.tracks}) == 303
    assert any(t["sub_genre"] is not None for t in fake.tracks)
    assert any(t["remixers"] for t in fake.tracks)


def test_catalog_is_reproducible_from_the_seed() -> None:
    first, second, other = FakeBeatport(), FakeBeatport(), FakeBeatport(seed=7)
    assert first.tracks == second.tracks
    assert first.charts == second.charts
    assert first.tracks != other.tracks
    # The recorded tracks do not depend on the seed.
    assert other.tracks[:3] == first.tracks[:3]


def test_reference_tables(fake: FakeBeatport) -> None:
    assert len(fake.genres) == 30
    assert len({g["id"] for g in fake.genres}) == 30
    assert sum(len(g["sub_genres"]) for g in fake.genres) == len(fake.sub_genres) >= 30
    assert len(fake.keys) == 24
    camelot = {(k["camelot_number"], k["camelot_letter"]) for k in fake.keys}
    assert camelot == {(n, letter) for n in range(1, 13) for letter in "AB"}
    a_major = next(k for k in fake.keys if k["id"] == 23)
    assert a_major == RECORDED_BODY["results"][0]["key"]
    assert [c["name"] for c in fake.chord_types] == ["Minor", "Major"]
    for track in fake.tracks:
        assert track["genre"]["id"] in {g["id"] for g in fake.genres}
        assert any(k["id"] == track["key"]["id"] for k in fake.keys)
    genres_with_tracks = {t["genre"]["id"] for t in fake.tracks}
    assert genres_with_tracks == {g["id"] for g in fake.genres}


def test_every_track_release_and_label_resolves(fake: FakeBeatport, api: httpx.Client) -> None:
    release_ids = {r["id"] for r in fake.releases}
    label_ids = {label["id"] for label in fake.labels}
    for track in fake.tracks:
        assert track["release"]["id"] in release_ids
        assert track["release"]["label"]["id"] in label_ids
    recorded_release = ok(api.get("/catalog/releases/1835582/"))
    assert recorded_release["name"] == "Discovery"
    assert recorded_release["tracks"] == [RECORDED_BODY["results"][0]["url"]]
    assert ok(api.get("/catalog/artists/3547/"))["name"] == "Daft Punk"
    assert ok(api.get("/catalog/labels/97547/"))["slug"] == "daft-life-ltdada-france"


DETAILS = [
    ("tracks", "tracks", "Track"),
    ("artists", "artists", "Artist"),
    ("labels", "labels", "Label"),
    ("releases", "releases", "Release"),
    ("genres", "genres", "Genre"),
    ("sub-genres", "sub_genres", "SubGenre"),
    ("charts", "charts", "Chart"),
    ("playlists", "playlists", "Playlist"),
    ("keys", "keys", "Key"),
    ("chord-types", "chord_types", "ChordType"),
]


@pytest.mark.parametrize(("segment", "attribute", "model"), DETAILS)
def test_detail_endpoints(
    fake: FakeBeatport, api: httpx.Client, segment: str, attribute: str, model: str
) -> None:
    items = getattr(fake, attribute)
    for item in (items[0], items[-1]):
        assert ok(api.get(f"/catalog/{segment}/{item['id']}/")) == item
        # Without the trailing slash too.
        assert ok(api.get(f"/catalog/{segment}/{item['id']}")) == item
    missing = api.get(f"/catalog/{segment}/999999999/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": f"No {model} matches the given query."}
    bad = api.get(f"/catalog/{segment}/abc/")
    assert bad.status_code == 404
    assert bad.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/auxiliary/current-status/{id}/", "current-status"),
        ("/auxiliary/sale-types/{id}/", "sale-types"),
        ("/auxiliary/exclusive-period/{id}/", "exclusive-period"),
    ],
)
def test_auxiliary_details(fake: FakeBeatport, anon: httpx.Client, path: str, model: str) -> None:
    for item in fake.auxiliary[model]:
        assert ok(anon.get(path.format(id=item["id"]))) == item
    assert anon.get(path.format(id=999)).status_code == 404
    assert anon.get(path.format(id="x")).json() == {"detail": "Not found."}
    # The recorded tracks' status and sale type exist.
    recorded = RECORDED_BODY["results"][0]
    assert (
        ok(anon.get("/auxiliary/current-status/10/"))["name"] == recorded["current_status"]["name"]
    )
    assert ok(anon.get("/auxiliary/sale-types/1/"))["name"] == recorded["sale_type"]["name"]


def test_release_detail_shape(fake: FakeBeatport, api: httpx.Client) -> None:
    release = fake.releases[10]
    body = ok(api.get(f"/catalog/releases/{release['id']}/"))
    assert body["track_count"] == len(body["tracks"]) >= 1
    assert body["type"] in ("Single", "EP", "Album")
    assert body["bpm_range"]["min"] <= body["bpm_range"]["max"]
    tracks, _ = walk(api, f"/catalog/releases/{release['id']}/tracks/")
    assert [t["url"] for t in tracks] == body["tracks"]


# -- lists and paging --------------------------------------------------------------------


def list_paths(fake: FakeBeatport) -> list[tuple[str, str | int]]:
    """Every paged path with an example id, and the ``page`` style it renders."""
    genre = 39
    artist = fake.artists[1]["id"]
    label = fake.labels[1]["id"]
    release = fake.releases[5]["id"]
    chart = fake.charts[0]["id"]
    playlist = fake.playlists[0]["id"]
    return [
        ("/catalog/tracks/", "N/M"),
        (f"/catalog/tracks/top/{genre}/", "N/M"),
        (f"/catalog/artists/{artist}/top-10-tracks/", "N/M"),
        (f"/catalog/artists/{artist}/tracks/", "N/M"),
        (f"/catalog/labels/{label}/top-10-tracks/", "N/M"),
        (f"/catalog/labels/{label}/releases/", "N/M"),
        (f"/catalog/releases/{release}/tracks/", "N/M"),
        ("/catalog/genres/", 1),
        (f"/catalog/genres/{genre}/top-10-tracks/", "N/M"),
        (f"/catalog/genres/{genre}/top-10-releases", "N/M"),
        (f"/catalog/genres/{genre}/top-10-releases/", "N/M"),
        (f"/catalog/genres/{genre}/top/100/", "N/M"),
        ("/catalog/charts/", "N/M"),
        (f"/catalog/charts/{chart}/tracks/", "N/M"),
        (f"/catalog/playlists/{playlist}/tracks/", "N/M"),
        ("/auxiliary/item-types/", 1),
        ("/auxiliary/page-module-types/", 1),
        ("/auxiliary/page-types/", 1),
        ("/auxiliary/source-types/", 1),
        ("/curation/pages/", 1),
        ("/curation/page-module-styles/", 1),
        ("/my/beatport/tracks/", 1),
    ]


def test_every_list_pages_to_the_end(fake: FakeBeatport, api: httpx.Client) -> None:
    for path, style in list_paths(fake):
        first = page_of(api.get(path, params={"per_page": 3}))
        assert first["per_page"] == 3
        assert first["previous"] is None
        last_page = max(1, -(-first["count"] // 3))
        if style == "N/M":
            assert first["page"] == f"1/{last_page}", path
        else:
            assert first["page"] == 1, path
        items, pages = walk(api, path, per_page=3)
        assert pages == last_page, path
        ids = [item["id"] for item in items]
        assert len(set(ids)) == len(ids), path
        assert first["count"] > 0, path


def test_next_and_previous_links(api: httpx.Client, fake: FakeBeatport) -> None:
    second = page_of(api.get("/catalog/tracks/", params={"per_page": 100, "page": 2}))
    assert second["page"] == "2/4"
    assert second["next"] == f"{fake.base_url}/catalog/tracks/?page=3&per_page=100"
    # DRF drops page=1 from the link back to the first page.
    assert second["previous"] == f"{fake.base_url}/catalog/tracks/?per_page=100"
    last = page_of(api.get("/catalog/tracks/", params={"per_page": 100, "page": "last"}))
    assert last["page"] == "4/4"
    assert last["next"] is None
    assert len(last["results"]) == 3
    # Other parameters survive in the links.
    filtered = page_of(api.get("/catalog/tracks/", params={"genre_id": 39, "per_page": 5}))
    assert parse_qs(urlsplit(filtered["next"]).query) == {
        "genre_id": ["39"],
        "page": ["2"],
        "per_page": ["5"],
    }


def test_default_per_page(api: httpx.Client) -> None:
    assert page_of(api.get("/catalog/tracks/"))["per_page"] == 10
    assert page_of(api.get("/catalog/genres/39/top/100/"))["per_page"] == 100


@pytest.mark.parametrize(
    ("per_page", "message"),
    [
        ("101", "Ensure this value is less than or equal to 100."),
        ("0", "Ensure this value is greater than or equal to 1."),
        ("ten", "A valid integer is required."),
    ],
)
def test_per_page_errors(api: httpx.Client, per_page: str, message: str) -> None:
    response = api.get("/catalog/tracks/", params={"per_page": per_page})
    assert response.status_code == 400
    assert response.json() == {"per_page": [message]}


@pytest.mark.parametrize("page", ["0", "99", "x", "-1"])
def test_invalid_pages(api: httpx.Client, page: str) -> None:
    response = api.get("/catalog/tracks/", params={"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_page_format_can_be_forced(fake: FakeBeatport, api: httpx.Client) -> None:
    fake.page_format = "int"
    assert page_of(api.get("/catalog/tracks/"))["page"] == 1
    fake.page_format = "fraction"
    assert page_of(api.get("/catalog/genres/"))["page"] == "1/3"


# -- filters and ordering ----------------------------------------------------------------


def test_track_filters(fake: FakeBeatport, api: httpx.Client) -> None:
    target = fake.tracks[50]
    by_isrc, _ = walk(api, "/catalog/tracks/", isrc=target["isrc"].lower())
    assert [t["id"] for t in by_isrc] == [target["id"]]

    by_name, _ = walk(api, "/catalog/tracks/", name=target["name"].upper(), per_page=100)
    assert target in by_name
    assert all(target["name"].casefold() in t["name"].casefold() for t in by_name)

    artist = target["artists"][0]["name"]
    by_artist, _ = walk(api, "/catalog/tracks/", artist_name=artist, per_page=100)
    assert target in by_artist
    for track in by_artist:
        assert any(
            artist.casefold() in a["name"].casefold() for a in track["artists"] + track["remixers"]
        )

    genre_id = target["genre"]["id"]
    by_genre, _ = walk(api, "/catalog/tracks/", genre_id=genre_id, per_page=100)
    assert {t["genre"]["id"] for t in by_genre} == {genre_id}
    assert len(by_genre) == sum(1 for t in fake.tracks if t["genre"]["id"] == genre_id)

    two, _ = walk(api, "/catalog/tracks/", genre_id=f"{genre_id},39", per_page=100)
    assert {t["genre"]["id"] for t in two} == {genre_id, 39}

    label_id = target["release"]["label"]["id"]
    by_label, _ = walk(api, "/catalog/tracks/", label_id=label_id, per_page=100)
    assert {t["release"]["label"]["id"] for t in by_label} == {label_id}
    assert target in by_label

    nothing = page_of(api.get("/catalog/tracks/", params={"isrc": "XX0000000000"}))
    assert nothing["results"] == []
    assert nothing["count"] == 0
    assert nothing["page"] == "1/1"


def test_range_and_any_of_filters(fake: FakeBeatport, api: httpx.Client) -> None:
    target = fake.tracks[40]
    bpm = target["bpm"]
    exact, _ = walk(api, "/catalog/tracks/", bpm=bpm, per_page=100)
    assert target in exact and {t["bpm"] for t in exact} == {bpm}
    window, _ = walk(api, "/catalog/tracks/", bpm=f"{bpm - 1}:{bpm + 1}", per_page=100)
    assert target in window and all(bpm - 1 <= t["bpm"] <= bpm + 1 for t in window)
    assert len(window) == sum(1 for t in fake.tracks if bpm - 1 <= t["bpm"] <= bpm + 1)
    slow, _ = walk(api, "/catalog/tracks/", bpm=f":{bpm}", per_page=100)
    assert slow and all(t["bpm"] <= bpm for t in slow)

    day = target["publish_date"]
    since, _ = walk(api, "/catalog/tracks/", publish_date=f"{day}:", per_page=100)
    assert target in since and all(t["publish_date"] >= day for t in since)
    assert len(since) == sum(1 for t in fake.tracks if t["publish_date"] >= day)
    on_day, _ = walk(api, "/catalog/tracks/", publish_date=day, per_page=100)
    assert target in on_day and {t["publish_date"] for t in on_day} == {day}

    label = target["release"]["label"]["name"]
    by_label, _ = walk(api, "/catalog/tracks/", label_name=label.upper(), per_page=100)
    assert target in by_label
    assert all(label.casefold() in t["release"]["label"]["name"].casefold() for t in by_label)
    number = target["catalog_number"]
    by_number, _ = walk(api, "/catalog/tracks/", catalog_number=number, per_page=100)
    assert target in by_number and {t["catalog_number"] for t in by_number} == {number}

    # A comma separates alternatives in text filters too: any of them matches.
    other = fake.tracks[200]
    either, _ = walk(api, "/catalog/tracks/", isrc=f"{target['isrc']},{other['isrc']}")
    assert {t["id"] for t in either} == {target["id"], other["id"]}
    names, _ = walk(api, "/catalog/tracks/", name=f"{target['name']},{other['name']}", per_page=100)
    assert target in names and other in names

    for bad in ("fast", "120:abc", "1:2:3"):
        assert api.get("/catalog/tracks/", params={"bpm": bad}).status_code == 400
    assert api.get("/catalog/tracks/", params={"publish_date": "2024-13-01"}).json() == {
        "publish_date": ["Enter a valid date."]
    }


def test_filter_with_a_bad_number(api: httpx.Client) -> None:
    response = api.get("/catalog/tracks/", params={"id": "abc"})
    assert response.status_code == 400
    assert response.json() == {"id": ["Enter a number."]}
    assert api.get("/catalog/tracks/", params={"genre_id": "5;6"}).json() == {
        "genre_id": ["Enter a number."]
    }


def test_default_order_is_newest_id_first(fake: FakeBeatport, api: httpx.Client) -> None:
    tracks, _ = walk(api, "/catalog/tracks/", per_page=100)
    assert [t["id"] for t in tracks] == sorted((t["id"] for t in fake.tracks), reverse=True)


@pytest.mark.parametrize(
    ("order_by", "field", "descending"),
    [
        ("-publish_date", "publish_date", True),
        ("publish_date", "publish_date", False),
        ("name", "name", False),
        ("-bpm", "bpm", True),
    ],
)
def test_order_by(api: httpx.Client, order_by: str, field: str, descending: bool) -> None:
    tracks, _ = walk(api, "/catalog/tracks/", order_by=order_by, per_page=100)
    values = [t[field].casefold() if isinstance(t[field], str) else t[field] for t in tracks]
    assert values == sorted(values, reverse=descending)


def test_every_client_order_is_honoured(fake: FakeBeatport, api: httpx.Client) -> None:
    sort_keys = {
        "publish_date": lambda t: t["publish_date"],
        "release_date": lambda t: t["new_release_date"],
        "release_id": lambda t: t["release"]["id"],
        "genre": lambda t: t["genre"]["name"].casefold(),
        "label": lambda t: t["release"]["label"]["name"].casefold(),
        "name": lambda t: t["name"].casefold(),
    }
    for order in TrackOrder:
        key = sort_keys[order.value.lstrip("-")]
        tracks, _ = walk(api, "/catalog/tracks/", order_by=order.value, per_page=100)
        values = [key(t) for t in tracks]
        assert values == sorted(values, reverse=order.value.startswith("-")), order
        assert values != sorted(values, reverse=not order.value.startswith("-")), order


def test_unknown_order_by_field_is_ignored(api: httpx.Client) -> None:
    plain = page_of(api.get("/catalog/tracks/"))
    odd = page_of(api.get("/catalog/tracks/", params={"order_by": "-colour"}))
    assert odd["results"] == plain["results"]


def test_chart_filters(fake: FakeBeatport, api: httpx.Client) -> None:
    genre_id = fake.charts[0]["genres"][0]["id"]
    charts, _ = walk(api, "/catalog/charts/", genre_id=genre_id)
    assert charts
    assert all(genre_id in {g["id"] for g in c["genres"]} for c in charts)
    dates = [c["publish_date"] for c in charts]
    assert dates == sorted(dates, reverse=True)


# -- top lists ---------------------------------------------------------------------------


def test_genre_top_lists(fake: FakeBeatport, api: httpx.Client) -> None:
    genre_id = 39
    in_genre = [t for t in fake.tracks if t["genre"]["id"] == genre_id]
    top10 = page_of(api.get(f"/catalog/genres/{genre_id}/top-10-tracks/"))["results"]
    assert len(top10) == min(10, len(in_genre))
    scores = [fake.popularity[t["id"]] for t in top10]
    assert scores == sorted(scores, reverse=True)
    assert all(t["genre"]["id"] == genre_id for t in top10)
    # The top 10 are the ten most popular of the genre.
    best = sorted(in_genre, key=lambda t: (-fake.popularity[t["id"]], t["id"]))[:10]
    assert top10 == best

    top100, _ = walk(api, f"/catalog/genres/{genre_id}/top/100/")
    assert top100[:10] == top10
    assert len(top100) == min(100, len(in_genre))
    assert (
        page_of(api.get(f"/catalog/tracks/top/{genre_id}/", params={"per_page": 100}))["results"]
        == top100
    )

    releases = page_of(api.get(f"/catalog/genres/{genre_id}/top-10-releases"))["results"]
    assert 1 <= len(releases) <= 10
    assert all(fake.release_genre[r["id"]] == genre_id for r in releases)

    missing = api.get("/catalog/genres/4242/top-10-tracks/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No Genre matches the given query."}


def test_artist_and_label_top_lists(fake: FakeBeatport, api: httpx.Client) -> None:
    busiest = max(
        fake.artists[1:],
        key=lambda a: sum(1 for t in fake.tracks if a["id"] in {x["id"] for x in t["artists"]}),
    )
    top = page_of(
        api.get(f"/catalog/artists/{busiest['id']}/top-10-tracks/", params={"per_page": 10})
    )
    assert 1 <= len(top["results"]) <= 10
    for track in top["results"]:
        assert busiest["id"] in {a["id"] for a in track["artists"] + track["remixers"]}
    tracks, _ = walk(api, f"/catalog/artists/{busiest['id']}/tracks/")
    dates = [t["publish_date"] for t in tracks]
    assert dates == sorted(dates, reverse=True)

    label = fake.labels[1]
    label_top = page_of(api.get(f"/catalog/labels/{label['id']}/top-10-tracks/"))["results"]
    assert all(t["release"]["label"]["id"] == label["id"] for t in label_top)
    releases, _ = walk(api, f"/catalog/labels/{label['id']}/releases/")
    assert releases
    assert all(r["label"]["id"] == label["id"] for r in releases)


def test_chart_and_playlist_tracks(fake: FakeBeatport, api: httpx.Client) -> None:
    chart = fake.charts[3]
    tracks, _ = walk(api, f"/catalog/charts/{chart['id']}/tracks/")
    assert [t["id"] for t in tracks] == fake.chart_track_ids[chart["id"]]
    assert len(tracks) == chart["track_count"]

    playlist = fake.playlists[2]
    entries, _ = walk(api, f"/catalog/playlists/{playlist['id']}/tracks/", per_page=7)
    assert [set(e) for e in entries[:1]] == [{"id", "position", "track"}]
    assert [e["position"] for e in entries] == list(range(1, len(entries) + 1))
    assert [e["track"]["id"] for e in entries] == fake.playlist_track_ids[playlist["id"]]
    check_track(entries[0]["track"])


# -- search ------------------------------------------------------------------------------


def test_search_all_types(api: httpx.Client) -> None:
    body = ok(api.get("/catalog/search/", params={"q": "daft punk"}))
    assert list(body) == ["tracks", "artists", "labels", "releases", "charts"]
    assert all(list(section) == ["data"] for section in body.values())
    artist = body["artists"]["data"][0]
    assert artist["artist_id"] == 3547
    assert artist["score"] == 100.0
    assert set(artist) == {
        "score", "artist_id", "artist_name", "genre", "artist_image_uri",
        "artist_image_dynamic_uri",
    }  # fmt: skip
    assert artist["genre"] == [{"genre_id": 39, "genre_name": "Dance / Pop"}]
    assert {t["track_id"] for t in body["tracks"]["data"]} == set(RECORDED_TRACK_IDS)


def test_search_one_type(fake: FakeBeatport, api: httpx.Client) -> None:
    body = ok(api.get("/catalog/search/", params={"q": "Digital Love", "type": "tracks"}))
    assert list(body) == ["tracks"]
    docs = body["tracks"]["data"]
    assert [d["track_id"] for d in docs[:3]] == sorted(RECORDED_TRACK_IDS)
    assert docs[0]["isrc"] == RECORDED_ISRC
    assert docs[0]["artists"] == [
        {"artist_id": 3547, "artist_name": "Daft Punk", "artist_type_name": "Artist"}
    ]
    label = fake.labels[4]
    labels = ok(api.get("/catalog/search/", params={"q": label["name"], "type": "labels"}))
    assert labels["labels"]["data"][0]["label_id"] == label["id"]
    for kind, id_key in (("releases", "release_id"), ("charts", "chart_id")):
        item = getattr(fake, kind)[3]
        found = ok(api.get("/catalog/search/", params={"q": item["name"], "type": kind}))
        assert item["id"] in {d[id_key] for d in found[kind]["data"]}


def test_search_pages(api: httpx.Client) -> None:
    everything = ok(
        api.get("/catalog/search/", params={"q": "a", "type": "tracks", "per_page": 100})
    )
    seen = []
    for page in range(1, 200):
        body = ok(
            api.get(
                "/catalog/search/",
                params={"q": "a", "type": "tracks", "per_page": 25, "page": page},
            )
        )
        seen += body["tracks"]["data"]
        if len(body["tracks"]["data"]) < 25:
            break
    assert seen[:100] == everything["tracks"]["data"]
    assert len(seen) > 100


def test_search_errors(api: httpx.Client) -> None:
    missing = api.get("/catalog/search/")
    assert missing.status_code == 400
    assert missing.json() == {"q": ["This field is required."]}
    bad_type = api.get("/catalog/search/", params={"q": "x", "type": "songs"})
    assert bad_type.status_code == 400
    assert bad_type.json() == {"type": ['"songs" is not a valid choice.']}
    too_many = api.get("/catalog/search/", params={"q": "x", "per_page": 500})
    assert too_many.json() == {"per_page": ["Ensure this value is less than or equal to 100."]}


def test_search_as_plain_lists(fake: FakeBeatport, api: httpx.Client) -> None:
    fake.search_shape = "lists"
    body = ok(api.get("/catalog/search/", params={"q": "digital love"}))
    assert [t["id"] for t in body["tracks"]] == sorted(RECORDED_TRACK_IDS)
    check_track(body["tracks"][0])


# -- authentication ----------------------------------------------------------------------


def test_catalog_needs_a_token(anon: httpx.Client) -> None:
    response = anon.get("/catalog/tracks/")
    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    basic = anon.get("/catalog/genres/", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401


def test_unknown_token(anon: httpx.Client) -> None:
    response = anon.get("/catalog/tracks/", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert "invalid" in response.headers["WWW-Authenticate"]


def test_token_expires_by_the_clock(fake: FakeBeatport, clock: Clock, api: httpx.Client) -> None:
    assert api.get("/catalog/genres/").status_code == 200
    clock.now += fake.token_lifetime - 1
    assert api.get("/catalog/genres/").status_code == 200
    clock.now += 1
    expired = api.get("/catalog/genres/")
    assert expired.status_code == 401
    assert "has expired" in expired.headers["WWW-Authenticate"]


def test_issue_token_shape_and_lifetime(fake: FakeBeatport, clock: Clock) -> None:
    body = fake.issue_token(expires_in=600)
    assert list(body) == ["access_token", "expires_in", "token_type", "scope", "refresh_token"]
    assert body["expires_in"] == 600
    assert body["token_type"] == "Bearer"
    assert body["scope"] == DEFAULT_SCOPE
    assert fake.access_token_valid(body["access_token"])
    clock.now += 600
    assert not fake.access_token_valid(body["access_token"])
    assert not fake.access_token_valid(fake.issue_token(expires_in=0)["access_token"])
    with pytest.raises(ValueError, match="negative"):
        fake.issue_token(expires_in=-1)


def test_expire_access_tokens(fake: FakeBeatport, api: httpx.Client) -> None:
    fake.expire_access_tokens()
    assert api.get("/catalog/genres/").status_code == 401


def test_open_endpoints_need_no_token(anon: httpx.Client) -> None:
    assert anon.get("/auxiliary/item-types/").status_code == 200
    assert anon.get("/curation/pages/").status_code == 200


def test_internal_mode_serves_the_catalog_without_auth() -> None:
    fake = FakeBeatport(base_url="https://api-internal.beatportprod.com/v4", require_auth=False)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        body = page_of(http.get("/catalog/tracks/", params={"per_page": 2}))
        assert body["next"].startswith("https://api-internal.beatportprod.com/v4/catalog/tracks/")
        generated = next(t for t in body["results"] if t["id"] not in RECORDED_TRACK_IDS)
        assert generated["url"].startswith("https://api-internal.beatportprod.com/v4/")
        assert http.get(f"/catalog/tracks/{RECORDED_TRACK_IDS[0]}/").status_code == 200
        # User data and media still need a user's token.
        assert http.get("/my/account/").status_code == 401
        assert http.get(f"/catalog/tracks/{RECORDED_TRACK_IDS[0]}/stream/").status_code == 401


# -- login, authorize, token -------------------------------------------------------------


def login(http: httpx.Client, fake: FakeBeatport) -> httpx.Response:
    return http.post("/auth/login/", json={"username": fake.username, "password": fake.password})


def authorize(http: httpx.Client, fake: FakeBeatport, **params: str) -> httpx.Response:
    query = {"client_id": fake.client_id, "response_type": "code", **params}
    return http.get("/auth/o/authorize/", params=query)


def code_from(response: httpx.Response) -> tuple[str, dict[str, list[str]]]:
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    query = parse_qs(urlsplit(location).query)
    return location, query


def test_login_sets_a_session_cookie(fake: FakeBeatport, anon: httpx.Client) -> None:
    response = login(anon, fake)
    body = ok(response)
    assert body == fake.account
    assert body["username"] == fake.username
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("sessionid=")
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert anon.cookies["sessionid"] in fake.sessions


@pytest.mark.parametrize(
    ("payload", "status", "body"),
    [
        ({"username": "dj@example.com", "password": "wrong"}, 403,
         {"detail": "Incorrect authentication credentials."}),
        ({"username": "someone@example.com", "password": "fake-password"}, 403,
         {"detail": "Incorrect authentication credentials."}),
        ({"username": "dj@example.com"}, 400, {"password": ["This field is required."]}),
        ({"username": " ", "password": ""}, 400,
         {"username": ["This field may not be blank."],
          "password": ["This field may not be blank."]}),
    ],
)  # fmt: skip
def test_login_errors(
    anon: httpx.Client, payload: dict[str, str], status: int, body: dict[str, Any]
) -> None:
    response = anon.post("/auth/login/", json=payload)
    assert response.status_code == status
    assert response.json() == body
    assert "Set-Cookie" not in response.headers


def test_login_with_an_empty_or_odd_body(anon: httpx.Client) -> None:
    empty = anon.post("/auth/login/")
    assert empty.status_code == 400
    assert empty.json() == {
        "username": ["This field is required."],
        "password": ["This field is required."],
    }
    listed = anon.post("/auth/login/", json=["dj", "pw"])
    assert listed.json() == {"detail": "Invalid data. Expected a dictionary, but got list."}


def test_login_with_a_form_body(fake: FakeBeatport, anon: httpx.Client) -> None:
    response = anon.post("/auth/login/", data={"username": fake.username, "password": "no"})
    assert response.status_code == 403


def test_login_with_broken_json(anon: httpx.Client) -> None:
    response = anon.post("/auth/login/", content=b"{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_authorize_without_a_session_redirects_to_login(
    fake: FakeBeatport, anon: httpx.Client
) -> None:
    location, query = code_from(authorize(anon, fake, state="s1"))
    assert "code" not in query
    assert location.startswith(f"{fake.base_url}/auth/login/?next=")
    assert "%2Fv4%2Fauth%2Fo%2Fauthorize%2F" in location


def test_session_flow_without_pkce(fake: FakeBeatport, anon: httpx.Client) -> None:
    """The consolidated reference's flow: login, authorize without redirect_uri, token."""
    login(anon, fake)
    location, query = code_from(authorize(anon, fake))
    assert location.startswith(fake.default_redirect_uri + "?code=")
    assert "state" not in query
    token = anon.post(
        "/auth/o/token/",
        data={
            "client_id": fake.client_id,
            "grant_type": "authorization_code",
            "code": query["code"][0],
        },
    )
    body = ok(token)
    assert body["expires_in"] == 36000
    assert body["scope"] == DEFAULT_SCOPE
    assert token.headers["Cache-Control"] == "no-store"
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert anon.get("/my/account/", headers=headers).json() == fake.account


def test_pkce_flow(fake: FakeBeatport, anon: httpx.Client) -> None:
    login(anon, fake)
    _, query = code_from(
        authorize(
            anon,
            fake,
            redirect_uri=REDIRECT,
            scope="user:dj",
            state="xyz",
            code_challenge=CHALLENGE,
            code_challenge_method="S256",
        )
    )
    assert query["state"] == ["xyz"]
    form = {
        "grant_type": "authorization_code",
        "client_id": fake.client_id,
        "code": query["code"][0],
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
    }
    body = ok(anon.post("/auth/o/token/", data=form))
    assert body["scope"] == "user:dj"
    # Single use.
    again = anon.post("/auth/o/token/", data=form)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_pkce_with_beatkit_helpers(fake: FakeBeatport, anon: httpx.Client) -> None:
    verifier = generate_code_verifier()
    challenge = s256_challenge(verifier)
    assert s256_challenge(VERIFIER) == CHALLENGE
    login(anon, fake)
    _, query = code_from(
        authorize(anon, fake, code_challenge=challenge, code_challenge_method="S256")
    )
    form = {
        "grant_type": "authorization_code",
        "client_id": fake.client_id,
        "code": query["code"][0],
        "code_verifier": verifier,
    }
    assert anon.post("/auth/o/token/", data=form).status_code == 200


def pkce_code(
    anon: httpx.Client, fake: FakeBeatport, method: str = "S256", challenge: str = CHALLENGE
) -> str:
    login(anon, fake)
    _, query = code_from(
        authorize(
            anon,
            fake,
            redirect_uri=REDIRECT,
            code_challenge=challenge,
            code_challenge_method=method,
        )
    )
    return query["code"][0]


@pytest.mark.parametrize(
    ("change", "status", "error"),
    [
        ({"code_verifier": VERIFIER[:-1] + "x"}, 400, "invalid_grant"),
        ({"code_verifier": CHALLENGE}, 400, "invalid_grant"),
        ({"code_verifier": None}, 400, "invalid_request"),
        ({"redirect_uri": "http://127.0.0.1:9999/other"}, 400, "invalid_grant"),
        ({"redirect_uri": None}, 400, "invalid_grant"),
        ({"code": "not-a-code"}, 400, "invalid_grant"),
        ({"code": None}, 400, "invalid_request"),
        ({"client_id": "someone-else"}, 401, "invalid_client"),
        ({"client_id": None}, 401, "invalid_client"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
    ],
)
def test_token_exchange_errors(
    fake: FakeBeatport, anon: httpx.Client, change: dict[str, str | None], status: int, error: str
) -> None:
    form: dict[str, str | None] = {
        "grant_type": "authorization_code",
        "client_id": fake.client_id,
        "code": pkce_code(anon, fake),
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
    }
    form.update(change)
    response = anon.post("/auth/o/token/", data={k: v for k, v in form.items() if v is not None})
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    if error == "invalid_client":
        assert response.json() == {"error": "invalid_client"}


def test_failed_verification_keeps_the_code_until_it_expires(
    fake: FakeBeatport, clock: Clock, anon: httpx.Client
) -> None:
    code = pkce_code(anon, fake)
    form = {
        "grant_type": "authorization_code",
        "client_id": fake.client_id,
        "code": code,
        "redirect_uri": REDIRECT,
    }
    wrong = anon.post("/auth/o/token/", data={**form, "code_verifier": "x" * 43})
    assert wrong.json()["error"] == "invalid_grant"
    clock.now += fake.code_lifetime
    late = anon.post("/auth/o/token/", data={**form, "code_verifier": VERIFIER})
    assert late.status_code == 400
    assert late.json()["error"] == "invalid_grant"


def test_plain_challenge_method(fake: FakeBeatport, anon: httpx.Client) -> None:
    code = pkce_code(anon, fake, method="plain", challenge=VERIFIER)
    form = {
        "grant_type": "authorization_code",
        "client_id": fake.client_id,
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
    }
    assert anon.post("/auth/o/token/", data=form).status_code == 200


def test_client_authentication_by_basic_header(fake: FakeBeatport, anon: httpx.Client) -> None:
    login(anon, fake)
    _, query = code_from(authorize(anon, fake))
    response = anon.post(
        "/auth/o/token/",
        data={"grant_type": "authorization_code", "code": query["code"][0]},
        auth=(fake.client_id, ""),
    )
    assert response.status_code == 200


def test_authorize_errors(fake: FakeBeatport, anon: httpx.Client) -> None:
    login(anon, fake)
    unknown = anon.get(
        "/auth/o/authorize/", params={"client_id": "nobody", "response_type": "code"}
    )
    assert unknown.status_code == 400
    assert unknown.json() == {
        "error": "invalid_request",
        "error_description": "Invalid client_id parameter value.",
    }
    assert "Location" not in unknown.headers

    _, query = code_from(authorize(anon, fake, response_type="token", state="s"))
    assert query == {"error": ["unsupported_response_type"], "state": ["s"]}

    _, query = code_from(
        authorize(anon, fake, code_challenge=CHALLENGE, code_challenge_method="S512")
    )
    assert query["error"] == ["invalid_request"]
    assert "code" not in query

    fake.redirect_uris = {REDIRECT}
    assert authorize(anon, fake, redirect_uri=REDIRECT).status_code == 302
    other = authorize(anon, fake, redirect_uri="https://evil.example/cb")
    assert other.status_code == 400
    assert other.json()["error_description"] == "Mismatching redirect URI."


# -- refresh and introspection -----------------------------------------------------------


def refresh(http: httpx.Client, fake: FakeBeatport, refresh_token: str) -> httpx.Response:
    return http.post(
        "/auth/o/token/",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": fake.client_id,
        },
    )


def test_refresh_rotates_both_tokens(fake: FakeBeatport, anon: httpx.Client) -> None:
    first = fake.issue_token()
    second = ok(refresh(anon, fake, first["refresh_token"]))
    assert fake.refresh_count == 1
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert second["scope"] == first["scope"]
    assert not fake.access_token_valid(first["access_token"])
    assert fake.access_token_valid(second["access_token"])
    reused = refresh(anon, fake, first["refresh_token"])
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    assert fake.refresh_count == 1
    ok(refresh(anon, fake, second["refresh_token"]))
    assert fake.refresh_count == 2


def test_refresh_failures(fake: FakeBeatport, clock: Clock, anon: httpx.Client) -> None:
    pair = fake.issue_token()
    missing = anon.post(
        "/auth/o/token/", data={"grant_type": "refresh_token", "client_id": fake.client_id}
    )
    assert missing.json()["error"] == "invalid_request"
    other_client = anon.post(
        "/auth/o/token/",
        data={
            "grant_type": "refresh_token",
            "refresh_token": pair["refresh_token"],
            "client_id": "x",
        },
    )
    assert other_client.status_code == 401
    fake.revoke_refresh_tokens()
    assert refresh(anon, fake, pair["refresh_token"]).json()["error"] == "invalid_grant"
    # Access tokens outlive a refresh-token revocation.
    assert fake.access_token_valid(pair["access_token"])
    late = fake.issue_token()
    clock.now += fake.refresh_token_lifetime
    assert refresh(anon, fake, late["refresh_token"]).json()["error"] == "invalid_grant"
    assert fake.refresh_count == 0


def test_introspection(fake: FakeBeatport, clock: Clock, api: httpx.Client, token: str) -> None:
    body = ok(api.get("/auth/o/introspect/"))
    assert body == {
        "active": True,
        "scope": DEFAULT_SCOPE,
        "exp": int(clock.now + fake.token_lifetime),
        "client_id": fake.client_id,
        "username": fake.username,
        "user_id": fake.account["id"],
        "email": fake.account["email"],
        "first_name": fake.account["first_name"],
        "last_name": fake.account["last_name"],
        "subscription": "bp_link_pro",
    }
    assert ok(api.get("/auth/o/introspect/", params={"token": "unknown"})) == {"active": False}
    fake.subscription = None
    assert ok(api.get("/auth/o/introspect"))["subscription"] is None
    clock.now += fake.token_lifetime
    assert api.get("/auth/o/introspect/").status_code == 401


# -- the user's own data -----------------------------------------------------------------


def test_my_endpoints(fake: FakeBeatport, api: httpx.Client, anon: httpx.Client) -> None:
    assert ok(api.get("/my/account/")) == fake.account
    mine = ok(api.get("/my/beatport/"))
    assert mine["tracks_count"] == len(fake.favourite_track_ids)
    assert {a["id"] for a in mine["artists"]} == set(fake.favourite_artist_ids)
    tracks, _ = walk(api, "/my/beatport/tracks/", per_page=10)
    assert [t["id"] for t in tracks] == fake.favourite_track_ids
    subscriptions = ok(api.get("/my/subscriptions"))
    assert ok(api.get("/my/subscriptions/")) == subscriptions
    assert [s["subscription"] for s in subscriptions] == ["bp_link_pro"]
    assert subscriptions[0]["name"] == "Beatport Streaming Professional"
    fake.subscription = None
    assert ok(api.get("/my/subscriptions")) == []
    for path in ("/my/account/", "/my/beatport/", "/my/beatport/tracks/", "/my/subscriptions"):
        assert anon.get(path).status_code == 401


# -- streams -----------------------------------------------------------------------------


def stream_info(api: httpx.Client, track_id: int) -> dict[str, Any]:
    return dict(ok(api.get(f"/catalog/tracks/{track_id}/stream/")))


def cdn_client(fake: FakeBeatport) -> httpx.Client:
    return httpx.Client(transport=fake.transport())


def test_stream_response(fake: FakeBeatport, api: httpx.Client) -> None:
    track = fake.tracks[20]
    info = stream_info(api, track["id"])
    assert list(info) == ["stream_url", "sample_start_ms", "sample_end_ms"]
    assert info["sample_start_ms"] == 0
    assert info["sample_end_ms"] == track["length_ms"]
    url = httpx.URL(info["stream_url"])
    assert url.host == "needledrop.beatport.test"
    assert url.path.endswith(".128k.aac.m3u8")
    assert url.params["end"] == str(track["length_ms"])


@pytest.mark.parametrize("explicit_iv", [True, False])
def test_stream_decrypts_to_the_plaintext(
    fake: FakeBeatport, api: httpx.Client, explicit_iv: bool
) -> None:
    fake.stream_explicit_iv = explicit_iv
    track_id = fake.tracks[7]["id"]
    url = stream_info(api, track_id)["stream_url"]
    with cdn_client(fake) as cdn:
        response = cdn.get(url)
        assert response.headers["content-type"] == "application/vnd.apple.mpegurl"
        playlist = parse_playlist(response.text, url)
        assert isinstance(playlist, MediaPlaylist)
        assert playlist.endlist
        assert playlist.playlist_type == "VOD"
        assert len(playlist.segments) == fake.stream_segments
        assert playlist.encrypted
        key_uri = playlist.keys[0].uri
        assert key_uri is not None
        assert httpx.URL(key_uri).host == "needledrop.beatport.test"
        key = cdn.get(key_uri).content
        assert key == fake.stream_key(track_id)
        clear = b""
        for segment in playlist.segments:
            assert segment.iv is not None
            assert (playlist.keys[0].iv is not None) is explicit_iv
            body = cdn.get(segment.uri)
            assert body.headers["content-type"] == "audio/aac"
            clear += decrypt_segment(body.content, key, segment.iv)
    plaintext = fake.stream_plaintext(track_id)
    assert clear == plaintext
    assert len(plaintext) % 16  # the last segment needs real padding
    assert all("authorization" not in r.headers for r in fake.cdn_requests)
    assert fake.leaked_authorization == []


def test_stream_download_with_the_hls_module(
    fake: FakeBeatport, api: httpx.Client, tmp_path: Path
) -> None:
    track_id = RECORDED_TRACK_IDS[0]
    url = stream_info(api, track_id)["stream_url"]
    with cdn_client(fake) as cdn:
        result = HLSDownloader(cdn, retries=0, retry_backoff=0).download(url, tmp_path / "t.aac")
    assert (tmp_path / "t.aac").read_bytes() == fake.stream_plaintext(track_id)
    assert result.segments == fake.stream_segments


def test_stream_settings_and_determinism(fake: FakeBeatport) -> None:
    track_id = fake.tracks[30]["id"]
    default = fake.stream_plaintext(track_id)
    assert FakeBeatport().stream_plaintext(track_id) == default
    assert fake.stream_plaintext(fake.tracks[31]["id"]) != default
    fake.stream_segments = 2
    fake.stream_segment_size = 1000
    small = fake.stream_plaintext(track_id)
    assert 1000 < len(small) <= 2000
    with pytest.raises(KeyError):
        fake.stream_plaintext(1)


def test_expired_stream_urls_answer_403(fake: FakeBeatport, api: httpx.Client) -> None:
    track_id = fake.tracks[40]["id"]
    url = stream_info(api, track_id)["stream_url"]
    with cdn_client(fake) as cdn:
        playlist = parse_playlist(cdn.get(url).text, url)
        assert isinstance(playlist, MediaPlaylist)
        fake.expire_stream_urls()
        assert cdn.get(url).status_code == 403
        assert cdn.get(playlist.segments[0].uri).status_code == 403
        key_uri = playlist.keys[0].uri
        assert key_uri is not None
        assert cdn.get(key_uri).status_code == 403
        fresh = stream_info(api, track_id)["stream_url"]
        assert fresh != url
        assert cdn.get(fresh).status_code == 200


def test_stream_url_lifetime(fake: FakeBeatport, clock: Clock, api: httpx.Client) -> None:
    fake.stream_url_lifetime = 60
    url = stream_info(api, fake.tracks[40]["id"])["stream_url"]
    with cdn_client(fake) as cdn:
        clock.now += 60
        assert cdn.get(url).status_code == 200
        clock.now += 1
        assert cdn.get(url).status_code == 403


def test_tampered_and_unknown_cdn_urls(fake: FakeBeatport, api: httpx.Client) -> None:
    url = stream_info(api, fake.tracks[40]["id"])["stream_url"]
    issued = urlsplit(url).path[1:].partition("_")[0]
    with cdn_client(fake) as cdn:
        forged = url.replace(f"/{issued}_", f"/{int(issued) + 1}_")
        assert cdn.get(forged).status_code == 403
        segment = url.replace(".128k.aac.m3u8", ".128k.aac-99.aac")
        assert cdn.get(segment).status_code == 404
        assert cdn.get(f"{fake.cdn_url}/whatever.m3u8").status_code == 404
        assert cdn.post(url).status_code == 404


def test_leaked_authorization_is_refused_and_recorded(
    fake: FakeBeatport, api: httpx.Client
) -> None:
    url = stream_info(api, fake.tracks[40]["id"])["stream_url"]
    leaked = api.get(url)  # the API client sends its bearer header everywhere
    assert leaked.status_code == 400
    assert len(fake.leaked_authorization) == 1
    assert fake.leaked_authorization[0].url == httpx.URL(url)
    assert fake.cdn_requests == fake.leaked_authorization


def test_stream_and_download_switches(fake: FakeBeatport, api: httpx.Client) -> None:
    track_id = fake.tracks[60]["id"]
    paths = [f"/catalog/tracks/{track_id}/stream/", f"/catalog/tracks/{track_id}/download/"]
    fake.territory_restricted.add(track_id)
    for path in paths:
        response = api.get(path, params={"quality": "medium"})
        assert response.status_code == 403
        assert response.json() == {"detail": "Territory Restricted."}
    # The track's metadata stays readable.
    assert api.get(f"/catalog/tracks/{track_id}/").status_code == 200
    fake.territory_restricted.clear()
    fake.subscription = None
    for path in paths:
        response = api.get(path, params={"quality": "medium"})
        assert response.status_code == 403
        assert response.json() == {"detail": "You do not have permission to perform this action."}
    fake.subscription = "bp_basic"
    for path in paths:
        assert api.get(path, params={"quality": "medium"}).status_code == 200


def test_media_of_unknown_tracks(api: httpx.Client) -> None:
    for suffix in ("stream/", "download/?quality=high"):
        missing = api.get(f"/catalog/tracks/123/{suffix}")
        assert missing.status_code == 404
        assert missing.json() == {"detail": "No Track matches the given query."}
        assert api.get(f"/catalog/tracks/x1/{suffix}").json() == {"detail": "Not found."}


# -- downloads ---------------------------------------------------------------------------


@pytest.mark.parametrize("quality", list(QUALITIES))
def test_download(fake: FakeBeatport, api: httpx.Client, quality: str) -> None:
    track_id = fake.tracks[70]["id"]
    body = ok(api.get(f"/catalog/tracks/{track_id}/download/", params={"quality": quality}))
    assert list(body) == ["location", "stream_quality"]
    extension, content_type = QUALITIES[quality]
    # The values beatportdl and other public clients switch on.
    expected = {"medium": ".128k.aac.mp4", "high": ".256k.aac.mp4", "lossless": ".flac"}
    assert body["stream_quality"] == extension == expected[quality]
    assert httpx.URL(body["location"]).path.endswith(extension)
    with cdn_client(fake) as cdn:
        response = cdn.get(body["location"])
    assert response.status_code == 200
    assert response.content == fake.download_bytes(track_id, quality)
    assert response.headers["content-length"] == str(len(response.content))
    assert response.headers["content-type"] == content_type
    assert len(response.content) >= 8192
    fake.expire_stream_urls()
    with cdn_client(fake) as cdn:
        assert cdn.get(body["location"]).status_code == 403


def test_download_bytes_differ_by_quality_and_track(fake: FakeBeatport) -> None:
    track_id = fake.tracks[70]["id"]
    files = {q: fake.download_bytes(track_id, q) for q in QUALITIES}
    assert len(set(files.values())) == 3
    assert files["lossless"].startswith(b"fLaC")
    assert files["medium"][4:8] == b"ftyp"
    assert fake.download_bytes(fake.tracks[71]["id"], "medium") != files["medium"]
    with pytest.raises(ValueError, match="quality"):
        fake.download_bytes(track_id, "ultra")


def test_download_quality_errors(fake: FakeBeatport, api: httpx.Client) -> None:
    path = f"/catalog/tracks/{fake.tracks[70]['id']}/download/"
    fake.available_qualities = {"medium"}
    unavailable = api.get(path, params={"quality": "lossless"})
    assert unavailable.status_code == 400
    assert unavailable.json() == {"detail": "Requested quality is not available."}
    assert api.get(path, params={"quality": "medium"}).status_code == 200
    invalid = api.get(path, params={"quality": "ultra"})
    assert invalid.status_code == 400
    assert invalid.json() == {"quality": ['"ultra" is not a valid choice.']}
    assert api.get(path).json() == {"quality": ["This field is required."]}


# -- errors, faults and headers ----------------------------------------------------------


def test_unknown_paths_and_methods(api: httpx.Client) -> None:
    unknown = api.get("/catalog/nothing-here/")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("text/html")
    wrong_method = api.post("/catalog/tracks/")
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {"detail": 'Method "POST" not allowed.'}
    assert wrong_method.headers["Allow"] == "GET"


def test_faults(fake: FakeBeatport, api: httpx.Client) -> None:
    fake.fail_next(503)
    unavailable = api.get("/catalog/genres/")
    assert unavailable.status_code == 503
    assert unavailable.headers["content-type"] == "text/plain"
    fake.fail_next(500)
    assert api.get("/catalog/genres/").text == "<h1>Server Error (500)</h1>"
    fake.fail_next(429)
    assert api.get("/catalog/genres/").json() == {"detail": "Request was throttled."}
    fake.timeout_next()
    with pytest.raises(httpx.ReadTimeout):
        api.get("/catalog/genres/")
    assert api.get("/catalog/genres/").status_code == 200


def test_no_rate_limit_headers(api: httpx.Client) -> None:
    response = api.get("/catalog/tracks/")
    assert not any(name.lower().startswith("x-ratelimit") for name in response.headers)
    assert "retry-after" not in response.headers
    assert response.headers["Vary"] == "origin, Authorization"


def test_repr_and_constructor_checks(fake: FakeBeatport) -> None:
    assert fake.password not in repr(fake)
    assert "FakeBeatport(" in repr(fake)
    with pytest.raises(ValueError, match="token_lifetime"):
        FakeBeatport(token_lifetime=0)
    with pytest.raises(ValueError, match="another host"):
        FakeBeatport(cdn_url="https://api.beatport.com/cdn")
    with pytest.raises(ValueError, match="cdn_url"):
        FakeBeatport(cdn_url="needledrop")
    with pytest.raises(ValueError, match="non-empty"):
        FakeBeatport(password="")


def test_track_helper(fake: FakeBeatport) -> None:
    assert fake.track(RECORDED_TRACK_IDS[1]) is fake.tracks[1]
    with pytest.raises(KeyError):
        fake.track(42)


# -- over a real loopback socket ---------------------------------------------------------


def test_catalog_over_loopback(fake: FakeBeatport, token: str) -> None:
    with (
        fake.serve() as server,
        httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
        ) as http,
    ):
        body = ok(http.get("/catalog/tracks/", params={"isrc": RECORDED_ISRC}))
        assert body == RECORDED_BODY
        tracks, pages = walk(http, "/catalog/genres/", per_page=12)
        assert pages == 3
        assert len(tracks) == 30
        first = page_of(http.get("/catalog/genres/", params={"per_page": 12}))
        assert first["next"].startswith(f"{server.base_url}/catalog/genres/?")


def test_session_flow_over_loopback(fake: FakeBeatport) -> None:
    with fake.serve() as server, httpx.Client(base_url=server.base_url) as http:
        cookie = login(http, fake).headers["Set-Cookie"]
        assert "Secure" not in cookie  # plain http: the cookie must come back
        _, query = code_from(
            authorize(
                http,
                fake,
                redirect_uri=REDIRECT,
                state="st",
                code_challenge=CHALLENGE,
                code_challenge_method="S256",
            )
        )
        assert query["state"] == ["st"]
        body = ok(
            http.post(
                "/auth/o/token/",
                data={
                    "grant_type": "authorization_code",
                    "client_id": fake.client_id,
                    "code": query["code"][0],
                    "redirect_uri": REDIRECT,
                    "code_verifier": VERIFIER,
                },
            )
        )
        headers = {"Authorization": f"Bearer {body['access_token']}"}
        assert ok(http.get("/auth/o/introspect/", headers=headers))["active"] is True


def test_stream_over_loopback_keeps_the_token_off_the_cdn(
    fake: FakeBeatport, token: str, tmp_path: Path
) -> None:
    track_id = fake.tracks[90]["id"]
    with fake.serve() as server:
        auth = BearerAuth(token, hosts=["127.0.0.1"], service="beatport")
        with httpx.Client(base_url=server.base_url, auth=auth) as http:
            info = ok(http.get(f"/catalog/tracks/{track_id}/stream/"))
            url = httpx.URL(info["stream_url"])
            # Same server, the other loopback name: a host-scoped token stays home.
            assert url.host == "localhost"
            assert url.port == server.port
            playlist = http.get(str(url))
            assert playlist.status_code == 200
            assert playlist.text.startswith("#EXTM3U")
            download = ok(http.get(f"/catalog/tracks/{track_id}/download/?quality=high"))
            file = http.get(download["location"])
            assert file.content == fake.download_bytes(track_id, "high")
        HLSDownloader(retries=0, retry_backoff=0).download(str(url), tmp_path / "t.aac")
        assert fake.leaked_authorization == []
        assert (tmp_path / "t.aac").read_bytes() == fake.stream_plaintext(track_id)
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}) as careless:
            assert careless.get(str(url)).status_code == 400
        assert len(fake.leaked_authorization) == 1


def test_the_pytest_plugin_fixtures(beatport_server: FakeServer) -> None:
    fake = beatport_server.fake
    assert isinstance(fake, FakeBeatport)
    token = fake.issue_token()["access_token"]
    with httpx.Client(
        base_url=beatport_server.base_url, headers={"Authorization": f"Bearer {token}"}
    ) as http:
        info = ok(http.get(f"/catalog/tracks/{RECORDED_TRACK_IDS[2]}/stream/"))
    with httpx.Client() as cdn:
        playlist = cdn.get(info["stream_url"])
    assert playlist.status_code == 200
    received = fake.cdn_requests[-1]
    # The socket server rebuilds URLs on 127.0.0.1; the Host header names the CDN side.
    assert received.headers["host"] == f"localhost:{beatport_server.port}"
    assert received.url.path == httpx.URL(info["stream_url"]).path
