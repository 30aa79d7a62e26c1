# GENERATED from tests/beattech/_async/test_personal.py by scripts/unasync.py: edit the async source.
"""Personal data against FakeBeatTech: favourites, bookmarks, ratings, release groups.

Each call goes through the client to the fake; the tests assert what the fake received
(method, path, headers, body, which token) and the typed result. Written once for
asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit.beattech import (
    BeatTech,
    Bookmark,
    Change,
    Favourite,
    Rating,
    ReleaseGroup,
    Track,
)
from beatkit.errors import BadRequestError, ConfigurationError, NotFoundError
from beatkit.testing import FakeBeatTech

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=2)


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW.timestamp())


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    """A client logged in as the fake's user."""
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        client.auth.login(fake.username, fake.password)
        yield client


@pytest.fixture
def visitor(fake: FakeBeatTech) -> Iterator[BeatTech]:
    """A client with no user logged in."""
    with httpx.Client(transport=fake.transport()) as http:
        yield BeatTech(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )


def last(fake: FakeBeatTech, method: str, path: str) -> httpx.Request:
    """The last request the fake received for ``method path`` (path below /v2)."""
    found = [r for r in fake.requests if r.method == method and r.url.path == "/v2" + path]
    assert found, f"no {method} {path}"
    return found[-1]


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def by_user(bt: BeatTech, request: httpx.Request) -> bool:
    """Whether the request went with the logged-in user's token."""
    token = bt.auth.token
    assert token is not None
    return request.headers.get("authorization") == f"Bearer {token.access_token}"


def some(table: dict[str, Any], count: int = 1) -> list[str]:
    return list(table)[:count]


# --- favourites ------------------------------------------------------------------------------


def test_artist_favourite_and_unfavourite(bt: BeatTech, fake: FakeBeatTech) -> None:
    (artist_id,) = some(fake.catalog.artists)
    artist = bt.artists.favourite(
        artist_id, base_change=0, changed_at=EARLIER, image_sizes={"artist": ["w50", "h200"]}
    )
    sent = last(fake, "PATCH", f"/artists/{artist_id}")
    assert body(sent) == {"favourite": True}
    assert sent.headers["X-Base-Change"] == "0"
    assert sent.headers["X-Change-Timestamp"] == "2026-04-01T10:00:00Z"
    assert sent.headers["X-Artist-Image-Sizes"] == "w50,h200"
    assert sent.headers["content-type"] == "application/json"
    assert by_user(bt, sent)
    assert artist.id == artist_id and artist.favourite is True
    assert set(artist.image) == {"w50", "h200"}
    assert ("artist", artist_id) in fake.favourites[fake.user_id]

    artist = bt.artists.favourite(int(artist_id), False)
    sent = last(fake, "PATCH", f"/artists/{artist_id}")
    assert body(sent) == {"favourite": False}
    assert "X-Base-Change" not in sent.headers and "X-Change-Timestamp" not in sent.headers
    assert artist.favourite is False
    assert ("artist", artist_id) not in fake.favourites[fake.user_id]


def test_track_favourite_with_includes(bt: BeatTech, fake: FakeBeatTech) -> None:
    (track_id,) = some(fake.catalog.tracks)
    track = bt.tracks.favourite(track_id, include=["track-prices"], changed_at=NOW)
    sent = last(fake, "PATCH", f"/tracks/{track_id}")
    assert body(sent) == {"favourite": True}
    assert sent.headers["X-Include"] == "track-prices"
    assert sent.headers["X-Change-Timestamp"] == "2026-04-01T12:00:00Z"
    assert by_user(bt, sent)
    assert isinstance(track, Track)
    assert track.favourite is True and "prices" in track.extra


def test_release_favourite(bt: BeatTech, fake: FakeBeatTech) -> None:
    (release_id,) = some(fake.catalog.releases)
    release = bt.releases.favourite(
        release_id, base_change=0, image_sizes={"release_cover": "w800"}
    )
    sent = last(fake, "PATCH", f"/releases/{release_id}")
    assert body(sent) == {"favourite": True}
    # The page spells it X-Base_Change here; beatkit sends the hyphenated name.
    assert sent.headers["X-Base-Change"] == "0" and "X-Base_Change" not in sent.headers
    assert sent.headers["X-Release-Cover-Sizes"] == "w800"
    assert release.favourite is True and set(release.cover) == {"w800"}


def test_favourite_writes_are_logged_as_changes(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    (track_id,) = some(fake.catalog.tracks)
    bt.tracks.favourite(track_id)
    changes = bt.users.changes(0).to_list()
    assert [(c.method, c.entity_type, c.entity_id) for c in changes] == [
        ("PATCH", "track", track_id)
    ]
    assert changes[0].entity["favourite"] is True


def test_a_stale_direct_write_gets_the_servers_object(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    (track_id,) = some(fake.catalog.tracks)
    bt.tracks.favourite(track_id, True, changed_at=NOW)
    # Made before the favourite above, against the base before it: the newer one stays.
    track = bt.tracks.favourite(track_id, False, base_change=0, changed_at=EARLIER)
    assert track.favourite is True
    assert ("track", track_id) in fake.favourites[fake.user_id]


def test_a_base_ahead_of_the_users_changes_is_refused(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    (track_id,) = some(fake.catalog.tracks)
    with pytest.raises(BadRequestError) as caught:
        bt.tracks.favourite(track_id, base_change=5)
    assert caught.value.code == "validation_error"


def test_favourite_writes_need_a_user(visitor: BeatTech, fake: FakeBeatTech) -> None:
    with pytest.raises(ConfigurationError):
        visitor.tracks.favourite("10001")
    assert fake.requests == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda bt: bt.tracks.favourite("10001", "yes"), TypeError),
        (lambda bt: bt.artists.favourite("", True), ValueError),
        (lambda bt: bt.releases.favourite("1001", changed_at=datetime(2026, 1, 1)), TypeError),
        (lambda bt: bt.tracks.favourite("10001", base_change=-1), ValueError),
        (lambda bt: bt.tracks.favourite("10001", include="track-lyrics"), ValueError),
    ],
)
def test_favourite_arguments_are_checked_before_sending(
    bt: BeatTech, fake: FakeBeatTech, call: Any, error: type[Exception]
) -> None:
    before = len(fake.requests)
    with pytest.raises(error):
        call(bt)
    assert len(fake.requests) == before


def test_favourites_lookup(bt: BeatTech, fake: FakeBeatTech) -> None:
    first, second, third = some(fake.catalog.tracks, 3)
    bt.tracks.favourite(first)
    bt.tracks.favourite(third)
    found = bt.favourites.lookup("track", [first, int(second), third])
    sent = last(fake, "GET", "/favourites")
    assert dict(sent.url.params) == {
        "entity_type": "track",
        "entity_id": f"{first},{second},{third}",
    }
    assert by_user(bt, sent)
    assert found == [
        Favourite(entity_type="track", entity_id=first, favourited=True),
        Favourite(entity_type="track", entity_id=third, favourited=True),
    ]
    assert bt.favourites.lookup("artist", "101") == []


def test_favourites_lookup_checks(bt: BeatTech, fake: FakeBeatTech) -> None:
    before = len(fake.requests)
    with pytest.raises(ValueError, match="at most 1000"):
        bt.favourites.lookup("track", [str(i) for i in range(1001)])
    with pytest.raises(ValueError, match="entity_type"):
        bt.favourites.lookup("playlist", "1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one"):
        bt.favourites.lookup("track", [])
    with pytest.raises(ValueError, match="comma"):
        bt.favourites.lookup("track", "1,2")
    assert len(fake.requests) == before
    assert len(bt.favourites.lookup("track", [str(i) for i in range(1000)])) == 0


# --- bookmarks -------------------------------------------------------------------------------


def test_bookmark_round_trip(bt: BeatTech, fake: FakeBeatTech) -> None:
    (track_id,) = some(fake.catalog.tracks)
    created = bt.bookmarks.create("track", int(track_id), position=95, note="chorus",
                                        changed_at=EARLIER)  # fmt: skip
    sent = last(fake, "POST", "/bookmarks")
    assert body(sent) == {"entity_type": "track", "entity_id": track_id, "note": "chorus",
                          "position": 95}  # fmt: skip
    assert sent.headers["X-Change-Timestamp"] == "2026-04-01T10:00:00Z"
    assert "X-Base-Change" not in sent.headers
    assert by_user(bt, sent)
    assert isinstance(created, Bookmark)
    assert (created.entity_type, created.entity_id, created.position) == ("track", track_id, 95)
    assert created.position_type == "audio"

    assert bt.bookmarks.get(created.id) == created

    moved = bt.bookmarks.update(created.id, position=120, note="", base_change=1,
                                      changed_at=NOW)  # fmt: skip
    sent = last(fake, "PATCH", f"/bookmarks/{created.id}")
    assert body(sent) == {"note": "", "position": 120}
    assert (sent.headers["X-Base-Change"], sent.headers["X-Change-Timestamp"]) == (
        "1",
        "2026-04-01T12:00:00Z",
    )
    assert (moved.position, moved.note) == (120, "")

    assert bt.bookmarks.delete(created.id, changed_at=NOW) is None
    sent = last(fake, "DELETE", f"/bookmarks/{created.id}")
    assert sent.headers["X-Change-Timestamp"] == "2026-04-01T12:00:00Z"
    with pytest.raises(NotFoundError):
        bt.bookmarks.get(created.id)
    feed = bt.users.changes(0).to_list()
    assert [(c.method, c.entity_type) for c in feed] == [
        ("POST", "bookmark"),
        ("PATCH", "bookmark"),
        ("DELETE", "bookmark"),
    ]
    assert feed[-1].body == {"bookmark": {"id": created.id}}


def test_ebook_bookmark_of_the_page(bt: BeatTech, fake: FakeBeatTech) -> None:
    (release_id,) = some(fake.catalog.releases)
    created = bt.bookmarks.create(
        "release", release_id, position_type="ebook",
        reader_position_selector="epubcfi(/6/2!/0)", reader_position_ratio=1,
    )  # fmt: skip
    assert body(last(fake, "POST", "/bookmarks")) == {
        "entity_type": "release", "entity_id": release_id, "position_type": "ebook",
        "reader_position_selector": "epubcfi(/6/2!/0)", "reader_position_ratio": 1,
    }  # fmt: skip
    assert created.reader_position_ratio == 1.0
    assert created.reader_position_selector == "epubcfi(/6/2!/0)"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda bt: bt.bookmarks.create("track", "10001"), ValueError),  # audio needs position
        (lambda bt: bt.bookmarks.create("track", "10001", position=-1), ValueError),
        (lambda bt: bt.bookmarks.create("playlist", "1", position=1), ValueError),
        (lambda bt: bt.bookmarks.create("release", "1001", position_type="ebook",
                                        reader_position_selector="epubcfi(/6/2!/0)"), ValueError),
        (lambda bt: bt.bookmarks.create("release", "1001", position_type="ebook",
                                        reader_position_selector="x", reader_position_ratio=1.5),
         ValueError),
        (lambda bt: bt.bookmarks.create("release", "1001", position_type="ebook",
                                        reader_position_selector="x", reader_position_ratio=True),
         TypeError),
        (lambda bt: bt.bookmarks.update("1"), ValueError),
        (lambda bt: bt.bookmarks.update("1", position_type="audio"), ValueError),
        (lambda bt: bt.bookmarks.update("1", position=1, changed_at=datetime(2026, 1, 1)),
         TypeError),
        (lambda bt: bt.bookmarks.delete(" "), ValueError),
    ],
)  # fmt: skip
def test_bookmark_arguments_are_checked_before_sending(
    bt: BeatTech, fake: FakeBeatTech, call: Any, error: type[Exception]
) -> None:
    before = len(fake.requests)
    with pytest.raises(error):
        call(bt)
    assert len(fake.requests) == before


def test_another_users_bookmark_is_not_found(bt: BeatTech, fake: FakeBeatTech) -> None:
    created = bt.bookmarks.create("track", "10001", position=1)
    fake.bookmarks[created.id]["user_id"] = fake.editor_user_id
    with pytest.raises(NotFoundError):
        bt.bookmarks.get(created.id)


# --- ratings ---------------------------------------------------------------------------------


def test_rating_round_trip(bt: BeatTech, fake: FakeBeatTech) -> None:
    (release_id,) = some(fake.catalog.releases)
    rating = bt.ratings.create("release", release_id, 4, note="good", changed_at=EARLIER)
    sent = last(fake, "POST", "/ratings")
    assert body(sent) == {"entity_type": "release", "entity_id": release_id, "value": 4,
                          "note": "good"}  # fmt: skip
    assert sent.headers["X-Change-Timestamp"] == "2026-04-01T10:00:00Z"
    assert by_user(bt, sent)
    assert isinstance(rating, Rating) and rating.value == 4
    assert bt.ratings.get(int(rating.id)) == rating

    updated = bt.ratings.update(rating.id, value=5, changed_at=NOW)
    sent = last(fake, "PATCH", f"/ratings/{rating.id}")
    assert body(sent) == {"value": 5}
    assert (updated.value, updated.note) == (5, "good")

    bt.ratings.delete(rating.id, changed_at=NOW)
    assert last(fake, "DELETE", f"/ratings/{rating.id}").headers["X-Change-Timestamp"] == (
        "2026-04-01T12:00:00Z"
    )
    with pytest.raises(NotFoundError):
        bt.ratings.get(rating.id)


def test_ratings_of_a_release_are_range_paged(bt: BeatTech, fake: FakeBeatTech) -> None:
    first, second = some(fake.catalog.releases, 2)
    for value in (1, 2, 3):
        bt.ratings.create("release", first, value)
    bt.ratings.create("release", second, 5)
    ratings = bt.ratings.list(first, page_size=2).to_list()
    assert [r.value for r in ratings] == [1, 2, 3]
    lists = [r for r in fake.requests if r.url.path == "/v2/ratings" and r.method == "GET"]
    assert [r.headers["Range"] for r in lists] == ["ratings=0-1", "ratings=2-3"]
    assert dict(lists[0].url.params) == {"entity_type": "release", "entity_id": first}
    assert by_user(bt, lists[0])


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda bt: bt.ratings.create("release", "1001", 6), ValueError),
        (lambda bt: bt.ratings.create("release", "1001", None), TypeError),
        (lambda bt: bt.ratings.create("series", "1", 3), ValueError),
        (lambda bt: bt.ratings.update("1"), ValueError),
        (lambda bt: bt.ratings.update("1", value=-1), ValueError),
        (lambda bt: bt.ratings.update("1", note=3), TypeError),
    ],
)
def test_rating_arguments_are_checked_before_sending(
    bt: BeatTech, fake: FakeBeatTech, call: Any, error: type[Exception]
) -> None:
    before = len(fake.requests)
    with pytest.raises(error):
        call(bt)
    assert len(fake.requests) == before


def test_ratings_list_takes_releases_only(bt: BeatTech) -> None:
    with pytest.raises(ValueError, match="entity_type"):
        bt.ratings.list("10001", entity_type="track")  # type: ignore[arg-type]


# --- release groups --------------------------------------------------------------------------


def test_release_group_round_trip(bt: BeatTech, fake: FakeBeatTech) -> None:
    first, second, third = some(fake.catalog.releases, 3)
    group = bt.release_groups.create(
        "Summer", description="Beach reads", releases=[first, int(second)], changed_at=EARLIER
    )
    sent = last(fake, "POST", "/releases/groups")
    assert body(sent) == {"name": "Summer", "description": "Beach reads",
                          "releases": [{"id": first}, {"id": second}]}  # fmt: skip
    assert sent.headers["X-Change-Timestamp"] == "2026-04-01T10:00:00Z"
    assert by_user(bt, sent)
    assert isinstance(group, ReleaseGroup)
    assert (group.id, group.name, group.releases) == ("123", "Summer", [first, second])

    updated = bt.release_groups.update(group.id, name="Autumn", releases=[third],
                                             base_change=1, changed_at=NOW)  # fmt: skip
    sent = last(fake, "PATCH", f"/releases/groups/{group.id}")
    assert body(sent) == {"name": "Autumn", "releases": [{"id": third}]}
    assert sent.headers["X-Base-Change"] == "1"
    assert (updated.name, updated.releases) == ("Autumn", [third])  # replaced, not merged

    assert bt.release_groups.add_release(group.id, first) is None
    assert body(last(fake, "POST", f"/releases/groups/{group.id}/releases")) == {
        "release_id": first
    }
    assert fake.release_groups[group.id]["release_ids"] == [third, first]

    assert bt.release_groups.remove_release(group.id, int(third)) is None
    assert last(fake, "DELETE", f"/releases/groups/{group.id}/releases/{third}")
    assert fake.release_groups[group.id]["release_ids"] == [first]

    emptied = bt.release_groups.update(group.id, releases=[])
    assert body(last(fake, "PATCH", f"/releases/groups/{group.id}")) == {"releases": []}
    assert emptied.releases == []

    bt.release_groups.delete(group.id, changed_at=NOW)
    assert last(fake, "DELETE", f"/releases/groups/{group.id}").headers["X-Change-Timestamp"] == (
        "2026-04-01T12:00:00Z"
    )
    assert group.id not in fake.release_groups
    feed = bt.users.changes(0).to_list()
    assert [(c.method, c.entity_type, c.entity_id) for c in feed] == [
        ("POST", "group", "123"),
        ("PATCH", "group", "123"),
        ("PATCH", "group", "123"),
        ("PATCH", "group", "123"),
        ("PATCH", "group", "123"),
        ("DELETE", "group", "123"),
    ]


def test_group_answers_and_the_feed_take_image_and_include_headers(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    (release_id,) = some(fake.catalog.releases)
    group = bt.release_groups.create("Shelf", releases=[release_id])
    renamed = bt.release_groups.update(
        group.id, name="Books", image_sizes={"release_group": "w300"}
    )
    sent = last(fake, "PATCH", f"/releases/groups/{group.id}")
    assert sent.headers["X-Release-Group-Image-Sizes"] == "w300"
    assert set(renamed.image) == {"w300"}
    bt.users.changes(0, include="group-releases", image_sizes={"user": "w50"}).to_list()
    sent = last(fake, "GET", f"/users/{fake.user_id}/changes")
    assert (sent.headers["X-Include"], sent.headers["X-User-Image-Sizes"]) == (
        "group-releases",
        "w50",
    )


def test_the_wishlist_is_updated_by_alias(bt: BeatTech, fake: FakeBeatTech) -> None:
    first, second = some(fake.catalog.releases, 2)
    wishlist = bt.release_groups.update("wishlist", releases=[first, second])
    assert last(fake, "PATCH", "/releases/groups/wishlist")
    assert (wishlist.id, wishlist.releases) == ("wishlist", [first, second])
    bt.release_groups.remove_release("wishlist", first)
    assert fake.shelf(fake.user_id, "wishlist") == [second]


def test_add_a_release_to_a_users_group(bt: BeatTech, fake: FakeBeatTech) -> None:
    first, second = some(fake.catalog.releases, 2)
    group = bt.release_groups.create("Shelf", releases=[first])
    result = bt.users.add_release_to_group(group.id, int(second), changed_at=EARLIER)
    assert result is None
    sent = last(fake, "POST", f"/users/{fake.user_id}/releases/groups/{group.id}/releases")
    # L7446: this operation's body key is "id" (not release_id as without a user).
    assert body(sent) == {"id": second}
    assert sent.headers["X-Change-Timestamp"] == "2026-04-01T10:00:00Z"
    assert by_user(bt, sent)
    assert fake.release_groups[group.id]["release_ids"] == [first, second]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda bt: bt.release_groups.create(" "), ValueError),
        (lambda bt: bt.release_groups.create("Shelf", releases="1001"), TypeError),
        (lambda bt: bt.release_groups.create("Shelf", releases=[{"title": "x"}]), ValueError),
        (lambda bt: bt.release_groups.update("123"), ValueError),
        (lambda bt: bt.release_groups.update("purchased", releases=[]), ValueError),
        (lambda bt: bt.release_groups.update("123", visible="yes"), TypeError),
        (lambda bt: bt.release_groups.add_release("123", ""), ValueError),
        (lambda bt: bt.users.add_release_to_group("123", None), TypeError),
    ],
)
def test_release_group_arguments_are_checked_before_sending(
    bt: BeatTech, fake: FakeBeatTech, call: Any, error: type[Exception]
) -> None:
    before = len(fake.requests)
    with pytest.raises(error):
        call(bt)
    assert len(fake.requests) == before


# --- the raw change feed ---------------------------------------------------------------------


def test_users_changes_is_a_range_pager(bt: BeatTech, fake: FakeBeatTech) -> None:
    for number in range(3):
        fake.add_change(fake.user_id, "PATCH", "track", {"id": str(10001 + number)})
    changes = bt.users.changes(1, page_size=1).to_list()
    assert [c.id for c in changes] == [2, 3]
    assert all(isinstance(c, Change) for c in changes)
    sent = [r for r in fake.requests if r.url.path == f"/v2/users/{fake.user_id}/changes"]
    assert [r.headers["Range"] for r in sent] == ["changes=0-0", "changes=1-1"]
    assert all(r.url.params["base_change_id"] == "1" for r in sent)
    assert all(by_user(bt, r) for r in sent)
    with pytest.raises(ValueError, match="base_change_id"):
        bt.users.changes(-1)
