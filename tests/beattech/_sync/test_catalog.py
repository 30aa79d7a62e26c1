# GENERATED from tests/beattech/_async/test_catalog.py by scripts/unasync.py: edit the async source.
"""The catalogue against FakeBeatTech: actors, artists, tracks, releases, series, streams,
events and features. Each call's request as the fake saw it (method, path, query,
headers, body, token) and its typed result.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from beatkit.beattech import (
    Actor,
    Artist,
    ArtistBio,
    BeatTech,
    Bookmark,
    Event,
    Feature,
    Progress,
    Rating,
    Release,
    ReleaseStreams,
    Series,
    Stream,
    Track,
)
from beatkit.errors import (
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
)
from beatkit.testing import FakeBeatTech
from beatkit.testing._wire import read_multipart

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC).timestamp()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256))
EDITOR = ("editor@example.com", "fake-editor-password")


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        yield BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )


def api(fake: FakeBeatTech) -> list[httpx.Request]:
    """The API requests the fake received (the token endpoint's left out)."""
    return [r for r in fake.requests if not r.url.path.endswith("/oauth2/token")]


def last(fake: FakeBeatTech) -> httpx.Request:
    return api(fake)[-1]


def path_of(request: httpx.Request) -> str:
    return request.url.raw_path.decode()


def jpeg_file(tmp_path: Path, content: bytes = JPEG) -> Path:
    path = tmp_path / "portrait.jpg"
    path.write_bytes(content)
    return path


def login(bt: BeatTech, fake: FakeBeatTech) -> None:
    bt.auth.login(fake.username, fake.password)


def popularity(fake: FakeBeatTech, release_id: str) -> int:
    release = fake.catalog.releases[release_id]
    return sum(fake.catalog.tracks[t]["popularity"] for t in release["track_ids"])


# --- actors ----------------------------------------------------------------------------------


def test_actors_by_role_with_images_on_the_app_token(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    actors = [a for a in bt.actors.list("author", image_sizes={"actor": ["w50", "h200"]})]
    authors = {a["id"] for a in fake.catalog.artists.values() if a["kind"] == "author"}
    assert {a.id for a in actors} == authors
    assert all(isinstance(a, Actor) and a.role == "author" for a in actors)
    assert set(actors[0].image) == {"w50", "h200"}
    request = last(fake)
    assert (request.method, request.url.path) == ("GET", "/v2/actors")
    assert request.url.params["role"] == "author"
    assert request.headers["X-Actor-Image-Sizes"] == "w50,h200"
    assert "range" not in request.headers
    assert fake.caller.user_id is None  # the app token


def test_actors_pages_in_actors_and_an_unknown_role_is_empty(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    # The page's window (L515): actors=0-19.
    page = bt.actors.list("main-artist", page_size=20).first_page()
    musicians = [a for a in fake.catalog.artists.values() if a["kind"] == "musician"]
    assert len(page.items) == len(musicians) == 14 and not page.has_next
    assert last(fake).headers["Range"] == "actors=0-19"
    page = bt.actors.list("main-artist", page_size=5).first_page()
    assert len(page.items) == 5 and page.has_next
    assert last(fake).headers["Range"] == "actors=0-4"
    assert [a for a in bt.actors.list("conductor")] == []
    with pytest.raises(ValueError, match="role"):
        bt.actors.list(" ")


def test_actors_by_role_come_from_live_releases_only() -> None:
    # "actors that appear in at least one currently live release" (L486): on a day
    # some books are not out yet, their authors are left out until one of theirs is.
    books = [r for r in FakeBeatTech().catalog.releases.values() if r["type"] == "audiobook"]
    days = sorted({r["release_date"] for r in books})
    today = date.fromisoformat(days[len(days) // 2])
    noon = datetime(today.year, today.month, today.day, 12, tzinfo=UTC).timestamp()
    fake = FakeBeatTech(clock=lambda: noon)
    live = {
        actor["id"]
        for release in fake.catalog.releases.values()
        if release["release_date"] <= today.isoformat()
        for actor in release["actors"]
        if actor["role"] == "author"
    }
    every = {a["id"] for a in fake.catalog.artists.values() if a["kind"] == "author"}
    assert live and live < every
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        assert {a.id for a in bt.actors.list("author")} == live


def test_actor_image_upload_is_a_multipart_jpeg_for_editors(
    bt: BeatTech, fake: FakeBeatTech, tmp_path: Path
) -> None:
    bt.auth.login(*EDITOR)
    assert bt.actors.upload_image(101, jpeg_file(tmp_path)) is None
    request = last(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/actors/101/image")
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert read_multipart(request) == {"image": ("portrait.jpg", "image/jpeg", JPEG)}
    assert fake.uploaded_images[("actors", "101")] == JPEG
    assert fake.caller.user_id == fake.editor_user_id


def test_actor_image_checks_before_sending(
    bt: BeatTech, fake: FakeBeatTech, tmp_path: Path
) -> None:
    with pytest.raises(ConfigurationError):
        bt.actors.upload_image("101", jpeg_file(tmp_path))
    login(bt, fake)
    with pytest.raises(ValueError, match="JPEG"):
        bt.actors.upload_image("101", jpeg_file(tmp_path, b"\x89PNG\r\n\x1a\n"))
    with pytest.raises(FileNotFoundError):
        bt.actors.upload_image("101", tmp_path / "missing.jpg")
    assert api(fake) == []
    with pytest.raises(PermissionDeniedError):
        bt.actors.upload_image("101", jpeg_file(tmp_path))


# --- artists ---------------------------------------------------------------------------------


def test_artist_get_and_search(bt: BeatTech, fake: FakeBeatTech) -> None:
    artist = bt.artists.get(101, image_sizes={"artist": "w50"})
    assert isinstance(artist, Artist)
    assert (artist.id, artist.name) == ("101", fake.catalog.artists["101"]["name"])
    assert artist.favourite is False and set(artist.image) == {"w50"}
    assert last(fake).headers["X-Artist-Image-Sizes"] == "w50"
    name = fake.catalog.artists["101"]["name"]
    found = [a.id for a in bt.artists.search(name.split()[0])]
    assert "101" in found
    assert last(fake).url.params["query"] == name.split()[0]
    with pytest.raises(NotFoundError):
        bt.artists.get("999999")


def test_artist_bio_and_its_update_by_an_editor(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    bio = bt.artists.bio("101")
    assert isinstance(bio, ArtistBio)
    assert bio.content == fake.catalog.artists["101"]["bio"] and bio.summary
    assert path_of(last(fake)) == "/v2/artists/101/bio"
    bt.auth.login(*EDITOR)
    updated = bt.artists.update_bio(101, "A new life. Told twice.")
    request = last(fake)
    assert (request.method, request.url.path) == ("PUT", "/v2/artists/101/bio")
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"content": "A new life. Told twice."}
    assert (updated.content, updated.summary) == ("A new life. Told twice.", "A new life.")
    assert (bt.artists.bio(101)).content == "A new life. Told twice."
    # null clears the biography (L688).
    cleared = bt.artists.update_bio("101", None)
    assert json.loads(last(fake).content) == {"content": None}
    assert cleared.content is None and fake.catalog.artists["101"]["bio"] is None


def test_artist_bio_update_checks(bt: BeatTech, fake: FakeBeatTech) -> None:
    with pytest.raises(ConfigurationError):
        bt.artists.update_bio("101", "text")
    login(bt, fake)
    with pytest.raises(ValueError, match="content"):
        bt.artists.update_bio("101", "  ")
    with pytest.raises(TypeError):
        bt.artists.update_bio("101", 5)  # type: ignore[arg-type]
    assert api(fake) == []
    with pytest.raises(PermissionDeniedError):
        bt.artists.update_bio("101", "text")


def test_artist_top_releases_by_popularity_with_types_and_includes(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    author = next(a["id"] for a in fake.catalog.artists.values() if a["kind"] == "author")
    releases = [
        r
        for r in bt.artists.top_releases(
            author,
            types=["audiobook", "ebook"],
            role="author",
            include="release-tracks",
            image_sizes={"release_cover": "w800"},
        )
    ]
    assert releases and all(isinstance(r, Release) for r in releases)
    assert {r.type for r in releases} <= {"audiobook", "ebook"}
    scores = [popularity(fake, r.id) for r in releases]
    assert scores == sorted(scores, reverse=True)
    audiobook = next(r for r in releases if r.type == "audiobook")
    assert [t.id for t in audiobook.tracks] == fake.catalog.releases[audiobook.id]["track_ids"]
    assert set(audiobook.cover) == {"w800"}
    request = last(fake)
    assert request.url.path == f"/v2/artists/{author}/releases/top"
    assert dict(request.url.params) == {"types": "audiobook,ebook", "role": "author"}
    # The page spells it X-Includes (L798); X-Include is what the API reads everywhere.
    assert request.headers["X-Include"] == "release-tracks"
    assert "x-includes" not in request.headers
    assert request.headers["X-Release-Cover-Sizes"] == "w800"


def test_artist_top_releases_audio_shorthand_and_top_tracks(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    releases = [r for r in bt.artists.top_releases("101", types="audio")]
    assert releases and {r.type for r in releases} <= {"album", "single"}
    assert last(fake).url.params["types"] == "audio"
    tracks = [t for t in bt.artists.top_tracks("101", role="main-artist")]
    assert tracks and all(isinstance(t, Track) for t in tracks)
    scores = [fake.catalog.tracks[t.id]["popularity"] for t in tracks]
    assert scores == sorted(scores, reverse=True)
    request = last(fake)
    assert (request.url.path, request.url.params["role"]) == (
        "/v2/artists/101/tracks/top",
        "main-artist",
    )
    assert [t for t in bt.artists.top_tracks("101", role="narrator")] == []
    page = bt.artists.top_tracks("101", page_size=2).first_page()
    assert len(page.items) == 2 and last(fake).headers["Range"] == "tracks=0-1"


# --- tracks ----------------------------------------------------------------------------------


def test_track_get_and_search(bt: BeatTech, fake: FakeBeatTech) -> None:
    track = bt.tracks.get("10001", include=["track-streams"])
    assert isinstance(track, Track) and track.id == "10001"
    assert track.release is not None and track.release.id == "1001"
    assert set(track.streams or {}) == set(fake.catalog.tracks["10001"]["formats"])
    assert last(fake).headers["X-Include"] == "track-streams"
    found = [t for t in bt.tracks.search("chapter", limit=25)]
    assert len(found) == 25
    assert [r.headers.get("range") for r in api(fake)[1:]] == [None, "tracks=20-39"]


def test_track_bookmarks_are_the_users_own(bt: BeatTech, fake: FakeBeatTech) -> None:
    with pytest.raises(ConfigurationError):
        bt.tracks.bookmarks("10001").first_page()
    assert api(fake) == []
    for position in range(25):
        fake.add_bookmark(fake.user_id, "track", "10001", position=position, note=f"n{position}")
    fake.add_bookmark(fake.profile_user_id, "track", "10001", position=99)
    fake.add_bookmark(fake.user_id, "track", "10002", position=7)
    login(bt, fake)
    marks = [b for b in bt.tracks.bookmarks(10001, page_size=20)]
    assert [b.position for b in marks] == list(range(25))
    assert all(isinstance(b, Bookmark) and b.entity_id == "10001" for b in marks)
    # The page's window in its unit (L5671).
    assert [r.headers["Range"] for r in api(fake)] == ["bookmarks=0-19", "bookmarks=20-39"]
    assert api(fake)[0].url.path == "/v2/tracks/10001/bookmarks"
    assert fake.caller.user_id == fake.user_id


def test_track_progress_is_deprecated(bt: BeatTech, fake: FakeBeatTech) -> None:
    fake.add_progress(fake.user_id, "track", "10001", stop_position=61, changed=NOW - 60)
    login(bt, fake)
    with pytest.warns(DeprecationWarning, match="progresses"):
        progress = bt.tracks.progress("10001")
    assert isinstance(progress, Progress)
    assert (progress.entity_id, progress.stop_position) == ("10001", 61)
    # The API writes `changed` as "YYYY-MM-DD hh:mm:ss" (UTC).
    assert progress.changed == datetime(2026, 4, 1, 11, 59, tzinfo=UTC)
    assert path_of(last(fake)) == "/v2/tracks/10001/progress"
    with pytest.warns(DeprecationWarning, match="deprecated"), pytest.raises(NotFoundError):
        bt.tracks.progress("10002")


# --- releases --------------------------------------------------------------------------------


def test_release_get_with_includes_and_sizes(bt: BeatTech, fake: FakeBeatTech) -> None:
    release = bt.releases.get(
        1001,
        include=["release-tracks", "release-prices"],
        image_sizes={"release_cover": "w800", "actor": "w50"},
    )
    assert isinstance(release, Release) and release.id == "1001"
    assert [t.id for t in release.tracks] == fake.catalog.releases["1001"]["track_ids"]
    assert release.extra["prices"][0]["type"] == "purchase"
    assert set(release.cover) == {"w800"} and set(release.actors[0].image) == {"w50"}
    request = last(fake)
    assert path_of(request) == "/v2/releases/1001"
    assert request.headers["X-Include"] == "release-tracks,release-prices"
    assert request.headers["X-Release-Cover-Sizes"] == "w800"
    assert request.headers["X-Actor-Image-Sizes"] == "w50"


def test_release_by_isbn(bt: BeatTech, fake: FakeBeatTech) -> None:
    book = next(r for r in fake.catalog.releases.values() if r["type"] == "audiobook")
    isbn = book["isbn"]
    assert (bt.releases.get(isbn, ns="isbn")).id == book["id"]
    # As the page writes it: /v2/releases/9788242180711?ns=isbn (L3989).
    assert path_of(last(fake)) == f"/v2/releases/{isbn}?ns=isbn"
    hyphenated = f"{isbn[:3]}-{isbn[3:5]}-{isbn[5:12]}-{isbn[12]}"
    assert (bt.releases.get(hyphenated, ns="isbn")).id == book["id"]
    assert path_of(last(fake)) == f"/v2/releases/{isbn}?ns=isbn"
    with pytest.raises(NotFoundError):
        bt.releases.get("9780000000002", ns="isbn")
    sent = len(api(fake))
    with pytest.raises(ValueError, match="ISBN"):
        bt.releases.get("12345", ns="isbn")
    with pytest.raises(ValueError, match="isbn"):
        bt.releases.get(isbn, ns="upc")  # type: ignore[arg-type]
    assert len(api(fake)) == sent


def test_release_by_upc(bt: BeatTech, fake: FakeBeatTech) -> None:
    upc = fake.catalog.releases["1001"]["upc"]
    release = bt.releases.get_by_upc(upc, image_sizes={"release_cover": "w300"})
    assert release.id == "1001" and set(release.cover) == {"w300"}
    assert path_of(last(fake)) == f"/v2/releases/upc/{upc}"
    with pytest.raises(NotFoundError):
        bt.releases.get_by_upc("0724382304258")
    assert path_of(last(fake)) == "/v2/releases/upc/0724382304258"
    sent = len(api(fake))
    with pytest.raises(TypeError, match="leading zeros"):
        bt.releases.get_by_upc(724382304258)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="digits"):
        bt.releases.get_by_upc("07243-8230")
    assert len(api(fake)) == sent


def test_release_alternates_are_the_editions_of_a_work(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    ebook = next(r for r in fake.catalog.releases.values() if r["type"] == "ebook")
    editions = bt.releases.alternates(ebook["work_id"])
    assert isinstance(editions, list) and all(isinstance(r, Release) for r in editions)
    assert {(r.id, r.type) for r in editions} == {
        (ebook["work_id"], "audiobook"),
        (ebook["id"], "ebook"),
    }
    assert path_of(last(fake)) == f"/v2/releases/{ebook['work_id']}/alternates"
    assert [r.id for r in bt.releases.alternates("1001")] == ["1001"]


def test_release_bookmarks_and_track_bookmarks(bt: BeatTech, fake: FakeBeatTech) -> None:
    release = fake.catalog.releases["1001"]
    on_release = fake.add_bookmark(fake.user_id, "release", "1001", position=30)
    first, second = release["track_ids"][:2]
    fake.add_bookmark(fake.user_id, "track", first, position=5)
    fake.add_bookmark(fake.user_id, "track", second, position=6)
    fake.add_bookmark(fake.editor_user_id, "track", first, position=7)
    login(bt, fake)
    assert [b.id for b in bt.releases.bookmarks(1001)] == [on_release["id"]]
    assert path_of(last(fake)) == "/v2/releases/1001/bookmarks"
    marks = [b for b in bt.releases.track_bookmarks("1001")]
    assert [(b.entity_type, b.entity_id, b.position) for b in marks] == [
        ("track", first, 5),
        ("track", second, 6),
    ]
    assert path_of(last(fake)) == "/v2/releases/1001/tracks/bookmarks"
    assert fake.caller.user_id == fake.user_id


def test_release_track_progresses_are_deprecated(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    first, second = fake.catalog.releases["1001"]["track_ids"][:2]
    fake.add_progress(fake.user_id, "track", first, stop_position=10, changed=NOW - 100)
    fake.add_progress(fake.user_id, "track", second, stop_position=20, changed=NOW - 10)
    login(bt, fake)
    with pytest.warns(DeprecationWarning, match="progresses"):
        pager = bt.releases.track_progresses("1001")
    progresses = [p for p in pager]
    assert all(isinstance(p, Progress) for p in progresses)
    assert [(p.entity_id, p.stop_position) for p in progresses] == [(second, 20), (first, 10)]
    assert path_of(last(fake)) == "/v2/releases/1001/tracks/progresses"


def test_release_ratings_on_any_token(bt: BeatTech, fake: FakeBeatTech) -> None:
    fake.add_rating(fake.user_id, "release", "1001", 5, note="Loved it.")
    fake.add_rating(fake.editor_user_id, "release", "1001", 3)
    fake.add_rating(fake.user_id, "release", "1002", 1)
    ratings = [r for r in bt.releases.ratings(1001)]
    assert all(isinstance(r, Rating) for r in ratings)
    assert sorted(r.value for r in ratings if r.value is not None) == [3, 5]
    assert path_of(last(fake)) == "/v2/releases/1001/ratings"
    assert fake.caller.user_id is None
    reviews = (bt.releases.get(1001, include="release-reviews")).extra["reviews"]
    assert [r["note"] for r in reviews] == ["Loved it."]


def test_release_search(bt: BeatTech, fake: FakeBeatTech) -> None:
    title = fake.catalog.releases["1001"]["title"]
    found = [r for r in bt.releases.search(title, include="release-tracks")]
    assert "1001" in [r.id for r in found]
    request = last(fake)
    assert (request.url.path, dict(request.url.params)) == ("/v2/releases", {"query": title})
    assert request.headers["X-Include"] == "release-tracks"
    # The page's window (L4867): releases=20-39.
    page = bt.releases.search("a", page_size=20, start=20).first_page()
    assert last(fake).headers["Range"] == "releases=20-39"
    assert page.total == len([r for r in bt.releases.search("a")]) > 20
    with pytest.raises(ValueError, match="query"):
        bt.releases.search("")


def test_series_releases_by_release_number_are_one_filtered_request(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    series = fake.catalog.series["301"]
    found = [r for r in bt.releases.list(series_id=301, release_numbers=(2, 3))]
    assert [r.id for r in found] == series["release_ids"][1:3]
    assert [r.extra["release_number"] for r in found] == [2, 3]
    (request,) = api(fake)
    assert dict(request.url.params) == {"series_id": "301"}
    # A filter, not a window (L4790, L4869): sent verbatim, never continued.
    assert request.headers["Range"] == "release_number=2-3"
    whole = [r.id for r in bt.releases.list(series_id="301", page_size=2)]
    assert whole == series["release_ids"]
    assert [r.headers["Range"] for r in api(fake)[1:]] == ["releases=0-1", "releases=2-3"]


def test_a_release_number_range_nothing_matches_is_an_empty_list(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    # A server may answer 416 for numbers no release has (L86): no releases, no error.
    bt.auth.app_token()  # so that the fault meets the list, not the token request
    fake.fail_next(416, headers={"Content-Range": "release_number */3"})
    assert [r for r in bt.releases.list(series_id=301, release_numbers=(7, 9))] == []
    assert [r.headers["Range"] for r in api(fake)] == ["release_number=7-9"]
    # The fake answers every match of the window; none here.
    assert [r for r in bt.releases.list(series_id=301, release_numbers=(7, 9))] == []


def test_rated_by_answers_for_the_callers_own_id(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    fake.add_rating(fake.user_id, "release", "1003", 4)
    fake.add_rating(fake.user_id, "track", "10001", 4)
    login(bt, fake)
    assert [r.id for r in bt.releases.list(rated_by=fake.user_id)] == ["1003"]
    assert last(fake).url.params["rated_by"] == fake.user_id
    assert [r.id for r in bt.releases.list(rated_by=fake.editor_user_id)] == []


def test_media_available_from_with_a_licensor(bt: BeatTech, fake: FakeBeatTech) -> None:
    records = fake.catalog.releases.values()
    expected = sorted(
        (r for r in records if r["media_available_from"] >= "2022-01-01"),
        key=lambda r: (r["media_available_from"], int(r["id"])),
    )
    found = [r.id for r in bt.releases.list(media_available_from=date(2022, 1, 1))]
    assert found == [r["id"] for r in expected]
    assert last(fake).url.params["media_available_from"] == "2022-01-01"
    books = [
        r.id for r in bt.releases.list(media_available_from="2022-01-01", licensor_id=702)
    ]
    assert books == [r["id"] for r in expected if r["licensor_id"] == "702"]
    assert last(fake).url.params["licensor_id"] == "702"
    # A future day means today (L4806): nothing in the catalog comes out after NOW.
    assert [r for r in bt.releases.list(media_available_from="2099-01-01")] == []


def test_banner_and_release_group_filters(bt: BeatTech, fake: FakeBeatTech) -> None:
    group = fake.catalog.banner_groups["501"]
    banners = [fake.catalog.banners[i] for i in group["banner_ids"]]
    linked = [b["link_value"] for b in banners if b["link_type"] == "release"]
    found = [r.id for r in bt.releases.list(banner_group_id=501)]
    assert found == [i for i in dict.fromkeys(linked) if i in fake.catalog.releases]
    shelf = fake.add_release_group("Staff picks", ["1005", "1002"])
    assert [r.id for r in bt.releases.list(release_group_id=shelf["id"])] == [
        "1005",
        "1002",
    ]
    assert last(fake).url.params["release_group_id"] == shelf["id"]
    fake.add_release_group("Wishlist", ["1004"], user_id=fake.user_id, alias="wishlist")
    login(bt, fake)
    assert [r.id for r in bt.releases.list(release_group_id="wishlist")] == ["1004"]


def test_release_list_checks_before_sending(bt: BeatTech, fake: FakeBeatTech) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        bt.releases.list()
    with pytest.raises(ValueError, match="exactly one"):
        bt.releases.list(series_id=301, banner_group_id=501)
    with pytest.raises(ValueError, match="licensor_id"):
        bt.releases.list(banner_group_id=501, licensor_id=702)
    with pytest.raises(ValueError, match="series_id"):
        bt.releases.list(banner_group_id=501, release_numbers=(1, 2))
    with pytest.raises(ValueError, match="above"):
        bt.releases.list(series_id=301, release_numbers=(3, 2))
    with pytest.raises(ValueError, match="page_size"):
        bt.releases.list(series_id=301, release_numbers=(1, 2), page_size=10)
    with pytest.raises(TypeError, match="pair"):
        bt.releases.list(series_id=301, release_numbers=(1, 2, 3))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="datetime"):
        bt.releases.list(media_available_from=datetime(2024, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        bt.releases.list(media_available_from="01.01.2024")
    assert api(fake) == []


# --- series ----------------------------------------------------------------------------------


def test_series_search_and_get(bt: BeatTech, fake: FakeBeatTech) -> None:
    record = fake.catalog.series["301"]
    found = [s for s in bt.series.search(record["name"].split()[-1])]
    assert [s.id for s in found] == ["301"] and isinstance(found[0], Series)
    request = last(fake)
    assert (request.url.path, request.url.params["query"]) == (
        "/v2/series",
        record["name"].split()[-1],
    )
    series = bt.series.get(301, image_sizes={"series": "w300"})
    assert (series.id, series.name, series.description) == (
        "301",
        record["name"],
        record["description"],
    )
    assert set(series.image) == {"w300"}
    assert last(fake).headers["X-Series-Image-Sizes"] == "w300"
    with pytest.raises(ValueError, match="query"):
        bt.series.search(" ")
    with pytest.raises(NotFoundError):
        bt.series.get("399")


def test_series_update_is_deprecated_and_for_editors(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    bt.auth.login(*EDITOR)
    with pytest.warns(DeprecationWarning, match="deprecated"):
        series = bt.series.update(302, name="Renamed")
    request = last(fake)
    assert (request.method, request.url.path) == ("PATCH", "/v2/series/302")
    assert json.loads(request.content) == {"name": "Renamed"}
    assert series.name == "Renamed" and fake.catalog.series["302"]["name"] == "Renamed"
    with pytest.warns(DeprecationWarning, match="deprecated"):
        series = bt.series.update("302", description="")
    assert json.loads(last(fake).content) == {"description": ""}
    sent = len(api(fake))
    with (
        pytest.warns(DeprecationWarning, match="deprecated"),
        pytest.raises(ValueError, match="name"),
    ):
        bt.series.update("302")
    assert len(api(fake)) == sent
    login(bt, fake)
    with pytest.warns(DeprecationWarning, match="deprecated"), pytest.raises(PermissionDeniedError):
        bt.series.update("302", name="Mine")


def test_series_image_upload(bt: BeatTech, fake: FakeBeatTech, tmp_path: Path) -> None:
    bt.auth.login(*EDITOR)
    assert bt.series.upload_image("301", jpeg_file(tmp_path)) is None
    request = last(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/series/301/image")
    assert read_multipart(request)["image"] == ("portrait.jpg", "image/jpeg", JPEG)
    assert fake.uploaded_images[("series", "301")] == JPEG
    with pytest.raises(ValueError, match="empty"):
        bt.series.upload_image("301", jpeg_file(tmp_path, b""))


# --- streams ---------------------------------------------------------------------------------


def test_previews_need_no_subscription(bt: BeatTech, fake: FakeBeatTech) -> None:
    preview = bt.streams.preview("10001")
    assert isinstance(preview, Stream) and preview.id == "10001"
    assert preview.duration == min(30, fake.catalog.tracks["10001"]["duration"])
    assert path_of(last(fake)) == "/v2/streams/previews/10001"
    assert fake.caller.user_id is None
    book = next(r for r in fake.catalog.releases.values() if r["type"] == "audiobook")
    of_release = bt.streams.preview(book["id"], release=True)
    # As the page writes it: /v2/streams/previews/{release_id}?ns=release_id (L5296).
    assert path_of(last(fake)) == f"/v2/streams/previews/{book['id']}?ns=release_id"
    assert of_release.id == book["track_ids"][0]
    with httpx.Client(transport=fake.transport()) as cdn:
        media = cdn.get(of_release.url)
    assert media.status_code == 200 and media.content.startswith(b"ID3")


def test_online_and_offline_streams(bt: BeatTech, fake: FakeBeatTech) -> None:
    with pytest.raises(PermissionDeniedError):
        bt.streams.online("10001")
    login(bt, fake)
    online = bt.streams.online(10001, formats="*/high")
    offline = bt.streams.offline("10001", formats=["aac/low"], context="release/1001")
    assert isinstance(offline, Stream) and offline.url not in repr(offline)
    assert online.duration == offline.duration == fake.catalog.tracks["10001"]["duration"]
    request = last(fake)
    assert path_of(request) == "/v2/streams/offline/10001"
    assert request.headers["X-Stream-Formats"] == "aac/low"
    assert request.headers["X-Stream-Context"] == "release/1001"
    grants = [(g["kind"], g["format"], g["context"]) for g in fake.stream_grants]
    assert grants == [("online", "aac/high", None), ("offline", "aac/low", "release/1001")]


def test_streams_of_a_whole_release(bt: BeatTech, fake: FakeBeatTech) -> None:
    login(bt, fake)
    answer = bt.streams.release(1001, formats="*/low")
    track_ids = fake.catalog.releases["1001"]["track_ids"]
    assert isinstance(answer, ReleaseStreams)
    assert answer.track is not None and answer.track.id == track_ids[0]
    assert list(answer.streams) == track_ids
    assert all(isinstance(s, Stream) and s.url for s in answer.streams.values())
    request = last(fake)
    assert path_of(request) == "/v2/streams/releases/1001"
    assert request.headers["X-Stream-Formats"] == "*/low"
    assert {g["format"] for g in fake.stream_grants} == {"aac/low"}
    ebook = next(r for r in fake.catalog.releases.values() if r["type"] == "ebook")
    with pytest.raises(NotFoundError):
        bt.streams.release(ebook["id"])


def test_streams_of_a_release_without_its_streams_are_a_decode_error(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    # The page answers {"track": {...}, "streams": {...}} (L5474-5479): an answer without
    # "streams" is not a release that has none.
    login(bt, fake)
    for answer in ({}, {"track": {"id": "10001"}}, {"error": "x"}):
        fake.fail_next(200, body=answer)
        with pytest.raises(ResponseDecodeError, match="streams"):
            bt.streams.release("1001")
    fake.fail_next(200, body={"streams": {}})
    assert bt.streams.release("1001") == ReleaseStreams(track=None, streams={})


def test_stream_checks_before_sending(bt: BeatTech, fake: FakeBeatTech) -> None:
    with pytest.raises(ValueError, match="format"):
        bt.streams.offline("10001", formats="high")
    with pytest.raises(ValueError, match="context"):
        bt.streams.release("1001", context="release")
    with pytest.raises(TypeError, match="release"):
        bt.streams.preview("1001", release="yes")  # type: ignore[arg-type]
    assert api(fake) == []


# --- events and features ---------------------------------------------------------------------


def test_global_events_page_in_items(bt: BeatTech, fake: FakeBeatTech) -> None:
    # The page asks for `items=0-9` (L2805), not the operation list's `events`.
    page = bt.events.list(page_size=10, image_sizes={"artist": "w50"}).first_page()
    assert len(page.items) == 10 and all(isinstance(e, Event) for e in page.items)
    request = last(fake)
    assert (request.url.path, request.headers["Range"]) == ("/v2/events", "items=0-9")
    assert request.headers["X-Artist-Image-Sizes"] == "w50"
    times = [e.extra["time"] for e in page.items]
    assert times == sorted(times, reverse=True)
    everything = [e for e in bt.events.list()]
    assert len(everything) == len(fake.catalog.releases) == 45
    walk = [r.headers.get("range") for r in api(fake)[1:]]
    assert walk[0] is None and sorted(walk[1:]) == ["items=20-39", "items=40-59"]


def test_features_of_the_user_a_release_and_a_device(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    visitor = bt.features.list()
    assert all(isinstance(f, Feature) for f in visitor)
    assert {f.name: f.extra["value"] for f in visitor}["can_stream"] is False
    login(bt, fake)
    assert {f.name: f.extra["value"] for f in bt.features.list()}["can_stream"] is True
    assert dict(last(fake).url.params) == {}
    flags = bt.features.list(
        entity_type="release", entity_ids=[1001, "1002"], names="has_offline_access"
    )
    assert [(f.name, f.extra["entity_id"]) for f in flags] == [
        ("has_offline_access", "1001"),
        ("has_offline_access", "1002"),
    ]
    assert dict(last(fake).url.params) == {
        "entity_type": "release",
        "entity_id": "1001,1002",
        "name": "has_offline_access",
    }
    (device,) = bt.features.list(entity_type="device", entity_ids="phone-1")
    assert device.name == "can_stream" and device.extra["device_id"] == "phone-1"


def test_feature_checks_before_sending(bt: BeatTech, fake: FakeBeatTech) -> None:
    with pytest.raises(ValueError, match="entity_type"):
        bt.features.list(entity_ids=["1001"])
    with pytest.raises(ValueError, match="entity_type"):
        bt.features.list(names="has_offline_access")
    with pytest.raises(ValueError, match="entity_ids"):
        bt.features.list(entity_type="release")
    with pytest.raises(ValueError, match="entity_type"):
        bt.features.list(entity_type="track", entity_ids="1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="comma"):
        bt.features.list(entity_type="release", entity_ids="1,2")
    assert api(fake) == []
