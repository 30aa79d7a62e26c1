# GENERATED from tests/beattech/_async/test_sync.py by scripts/unasync.py: edit the async source.
"""``bt.sync`` against FakeBeatTech: the Changes API's push and pull, and why ``run``
pushes with the old base and pulls from it (the notes' headline findings 1-3).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech, BatchRequest, Change, PendingChange
from beatkit.errors import ConfigurationError, ResponseDecodeError, ServerError
from beatkit.testing import FakeBeatTech

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
OFFLINE = NOW - timedelta(hours=3)
"""When the offline device made its edits."""
REMOTE = NOW - timedelta(hours=1)
"""When another device made its change (after the offline edits)."""


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW.timestamp())


def logged_in(fake: FakeBeatTech, http: httpx.Client) -> BeatTech:
    client = BeatTech(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )
    client.auth.login(fake.username, fake.password)
    return client


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    """The offline device: a client logged in as the fake's user."""
    with httpx.Client(transport=fake.transport()) as http:
        yield logged_in(fake, http)


@pytest.fixture
def other(fake: FakeBeatTech) -> Iterator[BeatTech]:
    """Another device of the same user."""
    with httpx.Client(transport=fake.transport()) as http:
        yield logged_in(fake, http)


def api(fake: FakeBeatTech, method: str | None = None) -> list[httpx.Request]:
    """The API requests the fake received (not the token endpoint), in order."""
    return [
        r
        for r in fake.requests
        if r.url.path != "/v2/oauth2/token" and (method is None or r.method == method)
    ]


def subrequests(request: httpx.Request) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(request.content)["requests"]
    return rows


def tracks(fake: FakeBeatTech, count: int) -> list[str]:
    return list(fake.catalog.tracks)[:count]


# --- the pieces ------------------------------------------------------------------------------


def test_latest_change_id(bt: BeatTech, fake: FakeBeatTech) -> None:
    assert bt.sync.latest_change_id() == 0
    for number in range(3):
        fake.add_change(fake.user_id, "PATCH", "track", {"id": str(10001 + number)})
    fake.add_change(fake.editor_user_id, "PATCH", "track", {"id": "10001"})
    assert bt.sync.latest_change_id() == 3
    head = api(fake)[-1]
    assert (head.method, head.url.path) == ("HEAD", f"/v2/users/{fake.user_id}/changes")
    token = bt.auth.token
    assert token is not None
    assert head.headers["authorization"] == f"Bearer {token.access_token}"


def test_latest_change_id_without_the_header_is_a_decode_error(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    fake.fail_next(200, body=b"")
    with pytest.raises(ResponseDecodeError):
        bt.sync.latest_change_id()


def test_the_sync_needs_a_logged_in_user(fake: FakeBeatTech) -> None:
    with httpx.Client(transport=fake.transport()) as http:
        visitor = BeatTech(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        edit = PendingChange.favourite("track", "10001", True, changed_at=OFFLINE)
        with pytest.raises(ConfigurationError):
            visitor.sync.latest_change_id()
        with pytest.raises(ConfigurationError):
            visitor.sync.push([edit], base_change_id=0)
        with pytest.raises(ConfigurationError):
            visitor.sync.run([edit], base_change_id=0)
    assert fake.requests == []


def test_pull_pages_the_feed_of_the_page(bt: BeatTech, fake: FakeBeatTech) -> None:
    # The notes' 1i vectors: "changes 0-99/101" means more pages; the change object
    # {"id": 1, "method": "POST", "body": {"release": {"id": "123"}}}.
    fake.add_change(fake.user_id, "POST", "release", {"id": "123"})
    for number in range(100):
        fake.add_change(fake.user_id, "PATCH", "track", {"id": str(10001 + number)})
    feed = bt.sync.pull(0)
    gets = api(fake, "GET")
    assert [r.headers["Range"] for r in gets] == ["changes=0-99", "changes=100-199"]
    assert all(r.url.params["base_change_id"] == "0" for r in gets)
    assert [c.id for c in feed.changes] == list(range(1, 102))
    assert feed.base_change_id == 101
    first = feed.changes[0]
    assert first == Change(id=1, method="POST", body={"release": {"id": "123"}})
    assert (first.entity_type, first.entity_id, first.entity) == ("release", "123", {"id": "123"})

    again = bt.sync.pull(feed.base_change_id)
    assert (again.changes, again.base_change_id) == ([], 101)


class CountsFromTheBase(FakeBeatTech):
    """A server reading L6286 the other way: the feed starts *at* ``base_change_id``."""

    def on_users_changes(self, request: httpx.Request, user_id: str) -> httpx.Response:
        base = int(request.url.params.get("base_change_id", "0"))
        url = request.url.copy_set_param("base_change_id", str(max(base - 1, 0)))
        shifted = httpx.Request(request.method, url, headers=request.headers)
        return super().on_users_changes(shifted, user_id)


def test_pull_drops_the_base_whichever_way_the_server_counts() -> None:
    fake = CountsFromTheBase(clock=lambda: NOW.timestamp())
    for number in range(4):
        fake.add_change(fake.user_id, "PATCH", "track", {"id": str(10001 + number)})
    with httpx.Client(transport=fake.transport()) as http:
        bt = logged_in(fake, http)
        page = bt.users.changes(2).to_list()
        assert [c.id for c in page] == [2, 3, 4]  # the server's answer includes the base
        feed = bt.sync.pull(2)
    assert ([c.id for c in feed.changes], feed.base_change_id) == ([3, 4], 4)


class RepeatsItself(FakeBeatTech):
    """A feed of unknown length that answers every window with the same change (and,
    to bound the test, an empty page from the tenth request on)."""

    def on_users_changes(self, request: httpx.Request, user_id: str) -> httpx.Response:
        window = request.headers.get("Range", "changes=0-0").partition("=")[2]
        served = len([r for r in self.requests if r.url.path.endswith("/changes")])
        changes = [{"id": 1, "method": "PATCH", "body": {"track": {"id": "10001"}}}]
        headers = {"Content-Range": f"changes {window}/*", "Accept-Ranges": "changes"}
        return self.json_response({"changes": changes if served < 10 else []}, 206, headers)


def test_pull_stops_when_a_page_brings_nothing_new() -> None:
    fake = RepeatsItself(clock=lambda: NOW.timestamp())
    with httpx.Client(transport=fake.transport()) as http:
        bt = logged_in(fake, http)
        feed = bt.sync.pull(0, page_size=1)
    assert [c.id for c in feed.changes] == [1]
    assert len(api(fake, "GET")) == 2


def test_push_sends_the_base_and_each_edits_own_time(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    first, second = tracks(fake, 2)
    edits = [
        PendingChange.favourite("track", first, True, changed_at=OFFLINE),
        PendingChange.favourite("track", second, True, changed_at=OFFLINE + timedelta(minutes=5)),
    ]
    pushed = bt.sync.push(edits, base_change_id=0)
    (batch,) = api(fake, "POST")
    assert batch.url.path == "/v2/batch"
    assert subrequests(batch) == [
        {
            "method": "PATCH",
            "url": f"/v2/tracks/{first}",
            "body": {"favourite": True},
            "headers": {"X-Base-Change": "0", "X-Change-Timestamp": "2026-04-01T09:00:00Z"},
        },
        {
            "method": "PATCH",
            "url": f"/v2/tracks/{second}",
            "body": {"favourite": True},
            "headers": {"X-Base-Change": "0", "X-Change-Timestamp": "2026-04-01T09:05:00Z"},
        },
    ]
    assert [(r.status, r.change_id) for r in pushed.results] == [(200, 1), (200, 2)]
    assert pushed.conflicts == []
    # The edits' own times are what the server logged, not the push time.
    assert [c["timestamp"] for c in fake.changes] == [
        "2026-04-01T09:00:00Z",
        "2026-04-01T09:05:00Z",
    ]


def test_pushes_over_20_are_split_into_batches(bt: BeatTech, fake: FakeBeatTech) -> None:
    ids = tracks(fake, 25)
    edits = [PendingChange.favourite("track", i, True, changed_at=OFFLINE) for i in ids]
    pushed = bt.sync.push(edits, base_change_id=0)
    batches = api(fake, "POST")
    assert [len(subrequests(b)) for b in batches] == [20, 5]
    urls = [row["url"] for b in batches for row in subrequests(b)]
    assert urls == [f"/v2/tracks/{i}" for i in ids]
    assert [r.change_id for r in pushed.results] == list(range(1, 26))
    assert {("track", i) for i in ids} <= fake.favourites[fake.user_id]


def test_a_refused_edit_is_an_entry_not_an_exception(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    (track_id,) = tracks(fake, 1)
    edits = [
        PendingChange.favourite("track", "999999", True, changed_at=OFFLINE),
        PendingChange.delete_bookmark("77", changed_at=OFFLINE),
        PendingChange.favourite("track", track_id, True, changed_at=OFFLINE),
    ]
    pushed = bt.sync.push(edits, base_change_id=0)
    assert [(r.status, r.ok, r.change_id) for r in pushed.results] == [
        (404, False, None),
        (404, False, None),
        (200, True, 1),
    ]
    assert pushed.results[0].body["error"] == "error_not_found"
    assert pushed.results[0].headers == {}


def test_a_failing_later_batch_says_what_was_pushed(fake: FakeBeatTech) -> None:
    batches = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal batches
        if request.url.path == "/v2/batch":
            batches += 1
            if batches == 2:
                return httpx.Response(503, json={"error": "exception", "error_description": "x"})
        return fake.handle(request)

    edits = [
        PendingChange.favourite("track", i, True, changed_at=OFFLINE) for i in tracks(fake, 21)
    ]
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        with pytest.raises(ServerError) as caught:
            bt.sync.push(edits, base_change_id=0)
    assert batches == 2  # never replayed
    assert "the first 20 of 21 pending changes were pushed" in " ".join(caught.value.__notes__)
    assert len(fake.changes) == 20


def test_an_unreadable_batch_answer_says_its_edits_may_be_applied(
    fake: FakeBeatTech,
) -> None:
    # The server applied the batch, then answered an X-Change of a shape no server
    # documents: the error must not read as "nothing happened" (pushing again would
    # create the release groups twice).
    batches = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal batches
        response = fake.handle(request)
        if request.url.path != "/v2/batch":
            return response
        batches += 1
        if batches == 1:
            return response
        answer = json.loads(response.content)
        answer["responses"][0]["headers"] = {"X-Change": ["7", "8"]}
        return httpx.Response(200, json=answer)

    edits = [
        PendingChange.favourite("track", i, True, changed_at=OFFLINE) for i in tracks(fake, 22)
    ]
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        with pytest.raises(ResponseDecodeError, match="X-Change") as caught:
            bt.sync.push(edits, base_change_id=0)
    notes = " ".join(caught.value.__notes__)
    assert "the first 20 of 22 pending changes were pushed" in notes
    assert "pending changes 21 to 22 were answered" in notes
    assert "may be applied" in notes
    assert len(fake.changes) == 22 and batches == 2


def test_push_checks_its_arguments_before_sending(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    before = len(fake.requests)
    edit = PendingChange.favourite("track", "10001", True, changed_at=OFFLINE)
    with pytest.raises(TypeError):
        bt.sync.push([edit, {"method": "PATCH"}], base_change_id=0)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="base_change_id"):
        bt.sync.push([edit], base_change_id=-1)
    with pytest.raises(TypeError):
        bt.sync.run([edit], base_change_id="3")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bt.sync.run(["not an edit"])  # type: ignore[list-item]
    assert len(fake.requests) == before
    assert (bt.sync.push([], base_change_id=0)).results == []
    assert len(fake.requests) == before


def test_a_body_that_is_not_json_is_refused_before_the_first_batch(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    # The 22nd edit cannot be sent: nothing is, not even the first batch of 20.
    edits = [
        PendingChange.favourite("track", i, True, changed_at=OFFLINE) for i in tracks(fake, 21)
    ]
    with pytest.raises(ValueError, match="body is not plain JSON"):
        PendingChange(method="POST", path="/ratings", body={"value": math.nan}, changed_at=OFFLINE)
    rating = PendingChange.create_rating("release", "1001", 4, changed_at=OFFLINE)
    rating.body["value"] = math.nan  # type: ignore[index]  # a dict, changed after the checks
    before = len(fake.requests)
    with pytest.raises(ValueError, match=r"pending\[21\]\.body is not plain JSON"):
        bt.sync.push([*edits, rating], base_change_id=0)
    assert len(fake.requests) == before and fake.changes == []


def test_the_batch_vector_of_the_page(bt: BeatTech, fake: FakeBeatTech) -> None:
    # L5820-5868: POST, POST, PATCH, PATCH, DELETE with X-Base-Change "123" and an empty
    # X-Change-Timestamp (stripped: the server stamps its own time); five answers in
    # order, the last a 404 without headers. The user's log first reaches 123.
    for number in range(123):
        fake.add_change(fake.user_id, "PATCH", "artist", {"id": str(101 + number % 5)})
    track_id, release_id = tracks(fake, 1)[0], next(iter(fake.catalog.releases))
    headers = {"X-Base-Change": "123", "X-Change-Timestamp": ""}
    requests = [
        BatchRequest(method="POST", url="/v2/releases/groups", body={"name": "A"}, headers=headers),
        BatchRequest(method="POST", url="/v2/releases/groups", body={"name": "B"}, headers=headers),
        BatchRequest(method="PATCH", url=f"/v2/tracks/{track_id}", body={"favourite": True},
                     headers=headers),
        BatchRequest(method="PATCH", url=f"/v2/releases/{release_id}", body={"favourite": True},
                     headers=headers),
        BatchRequest(method="DELETE", url="/v2/releases/groups/999", headers=headers),
    ]  # fmt: skip
    answers = bt.batch(requests)
    assert [a.status for a in answers] == [201, 201, 200, 200, 404]
    assert [a.change_id for a in answers] == [124, 125, 126, 127, None]
    assert [a.body["group"]["id"] for a in answers[:2]] == ["123", "124"]
    assert answers[4].headers == {}
    assert answers[4].body["error_description"]
    assert fake.changes[-1]["timestamp"] == "2026-04-01T12:00:00Z"


# --- run: the safe order ---------------------------------------------------------------------


def test_a_first_run_takes_the_latest_change_as_its_base(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    for number in range(5):
        fake.add_change(fake.user_id, "PATCH", "track", {"id": str(10001 + number)})
    (track_id,) = tracks(fake, 1)
    edit = PendingChange.favourite("track", track_id, True, changed_at=OFFLINE)
    result = bt.sync.run([edit])
    assert [(r.method, r.url.path) for r in api(fake)] == [
        ("HEAD", f"/v2/users/{fake.user_id}/changes"),
        ("POST", "/v2/batch"),
        ("GET", f"/v2/users/{fake.user_id}/changes"),
    ]
    assert subrequests(api(fake, "POST")[0])[0]["headers"]["X-Base-Change"] == "5"
    assert api(fake, "GET")[0].url.params["base_change_id"] == "5"
    assert [r.change_id for r in result.pushed] == [6]
    assert [c.id for c in result.pulled] == [6]  # the echo of the pushed edit
    assert result.base_change_id == 6
    assert result.conflicts == []


def test_run_with_nothing_pending_only_pulls(bt: BeatTech, fake: FakeBeatTech) -> None:
    fake.add_change(fake.user_id, "PATCH", "track", {"id": "10001"})
    result = bt.sync.run(base_change_id=0)
    assert [r.method for r in api(fake)] == ["GET"]
    assert (result.pushed, [c.id for c in result.pulled], result.base_change_id) == ([], [1], 1)


def test_another_devices_change_is_pulled(
    bt: BeatTech, other: BeatTech, fake: FakeBeatTech
) -> None:
    artist_id = next(iter(fake.catalog.artists))
    track_id = tracks(fake, 1)[0]
    base = bt.sync.latest_change_id()  # the device syncs, then goes offline
    edit = PendingChange.favourite("track", track_id, True, changed_at=OFFLINE)
    # Meanwhile another device follows an artist: change 1.
    other.artists.favourite(artist_id, changed_at=REMOTE)

    result = bt.sync.run([edit], base_change_id=base)
    assert [r.change_id for r in result.pushed] == [2]
    assert [(c.id, c.entity_type, c.entity_id) for c in result.pulled] == [
        (1, "artist", artist_id),
        (2, "track", track_id),
    ]
    assert result.base_change_id == 2

    # The page's literal order would advance the base from the push's X-Change (2) and
    # then pull "changes after base": the other device's change 1 is never seen.
    literal = bt.sync.pull(result.pushed[0].change_id or 0)
    assert literal.changes == []


def test_an_older_offline_edit_does_not_overwrite_a_newer_remote_one(
    bt: BeatTech, other: BeatTech, fake: FakeBeatTech
) -> None:
    (track_id,) = tracks(fake, 1)
    bt.tracks.favourite(track_id, True, changed_at=OFFLINE - timedelta(hours=1))
    base = bt.sync.latest_change_id()  # 1: the device is in sync, then offline
    # Offline, the user unfavourites the track; later another device favourites it again.
    stale = PendingChange.favourite("track", track_id, False, changed_at=OFFLINE)
    other.tracks.favourite(track_id, True, base_change=base, changed_at=REMOTE)

    result = bt.sync.run([stale], base_change_id=base)
    (answer,) = result.pushed
    assert (answer.status, answer.change_id) == (200, None)
    assert answer.body["track"]["favourite"] is True  # the server's object
    assert result.conflicts == [answer]
    assert [(c.id, c.entity["favourite"]) for c in result.pulled] == [(2, True)]
    assert result.base_change_id == 2
    assert ("track", track_id) in fake.favourites[fake.user_id]
    batch = api(fake, "POST")[-1]
    assert subrequests(batch)[0]["headers"]["X-Base-Change"] == str(base)


def test_pulling_before_pushing_would_let_the_older_edit_win(
    bt: BeatTech, other: BeatTech, fake: FakeBeatTech
) -> None:
    # The same story in the wrong order, to show what run avoids: pulling first moves
    # the base to the remote change, and the server then sees no conflict at all.
    (track_id,) = tracks(fake, 1)
    bt.tracks.favourite(track_id, True, changed_at=OFFLINE - timedelta(hours=1))
    base = bt.sync.latest_change_id()
    stale = PendingChange.favourite("track", track_id, False, changed_at=OFFLINE)
    other.tracks.favourite(track_id, True, base_change=base, changed_at=REMOTE)

    pulled_first = bt.sync.pull(base)
    wrong = bt.sync.push([stale], base_change_id=pulled_first.base_change_id)
    assert wrong.results[0].change_id == 3 and wrong.conflicts == []
    assert ("track", track_id) not in fake.favourites[fake.user_id]  # the newer edit is lost


def test_a_full_offline_session(bt: BeatTech, fake: FakeBeatTech) -> None:
    first, second = list(fake.catalog.releases)[:2]
    (track_id,) = tracks(fake, 1)
    group = bt.release_groups.create("Shelf", releases=[first])
    bookmark = bt.bookmarks.create("track", track_id, position=10)
    rating = bt.ratings.create("release", first, 3)
    base = bt.sync.latest_change_id()
    edits = [
        PendingChange.create_release_group("New", description="d", releases=[second],
                                           changed_at=OFFLINE),
        PendingChange.update_release_group(group.id, name="Renamed", releases=[],
                                           changed_at=OFFLINE),
        PendingChange.update_bookmark(bookmark.id, position=42, changed_at=OFFLINE),
        PendingChange.update_rating(rating.id, value=5, changed_at=OFFLINE),
        PendingChange.create_bookmark("release", first, position_type="ebook",
                                      reader_position_selector="epubcfi(/6/2!/0)",
                                      reader_position_ratio=0.5, changed_at=OFFLINE),
        PendingChange.create_rating("track", track_id, 4, note="n", changed_at=OFFLINE),
        PendingChange.favourite("release", second, True, changed_at=OFFLINE),
        PendingChange.delete_rating(rating.id, changed_at=OFFLINE),
        PendingChange.delete_bookmark(bookmark.id, changed_at=OFFLINE),
        PendingChange.delete_release_group(group.id, changed_at=OFFLINE),
    ]  # fmt: skip
    result = bt.sync.run(edits, base_change_id=base)
    assert [r.status for r in result.pushed] == [201, 200, 200, 200, 201, 201, 200, 200, 200, 200]
    assert all(r.change_id is not None for r in result.pushed)
    assert [(c.method, c.entity_type) for c in result.pulled] == [
        ("POST", "group"), ("PATCH", "group"), ("PATCH", "bookmark"), ("PATCH", "rating"),
        ("POST", "bookmark"), ("POST", "rating"), ("PATCH", "release"), ("DELETE", "rating"),
        ("DELETE", "bookmark"), ("DELETE", "group"),
    ]  # fmt: skip
    assert result.base_change_id == base + 10
    assert {key for key, group in fake.release_groups.items() if group["owner"]} == {"124"}
    assert fake.release_groups["124"]["release_ids"] == [second]
    assert [b["position_type"] for b in fake.bookmarks.values()] == ["ebook"]
    assert [(r["entity_type"], r["value"]) for r in fake.ratings.values()] == [("track", 4)]


def test_edits_made_before_a_first_sync_pushed_against_base_0_lose_to_newer_ones(
    bt: BeatTech, other: BeatTech, fake: FakeBeatTech
) -> None:
    # The docs' recipe for a device with edits but no base yet: take the latest id,
    # push against base 0 (the server compares timestamps), pull from that id.
    old, new = tracks(fake, 2)
    other.tracks.favourite(old, changed_at=REMOTE)  # newer than the offline edit
    pending = [
        PendingChange.favourite("track", old, False, changed_at=OFFLINE),
        PendingChange.favourite("track", new, True, changed_at=OFFLINE),
    ]
    base = bt.sync.latest_change_id()
    pushed = bt.sync.push(pending, base_change_id=0)
    feed = bt.sync.pull(base)
    assert [r.change_id for r in pushed.results] == [None, 2]
    assert pushed.conflicts == [pushed.results[0]]
    assert (other.tracks.get(old)).favourite is True  # the newer change kept
    assert ([c.id for c in feed.changes], feed.base_change_id) == ([2], 2)
