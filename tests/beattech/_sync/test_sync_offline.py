# GENERATED from tests/beattech/_async/test_sync_offline.py by scripts/unasync.py: edit the async source.
"""``bt.sync`` when things go wrong mid-way: edits changed while a push is in flight, a
pull that fails after the push was answered, a connection lost with a batch in flight.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import BeatTech, BatchResponse, PendingChange
from beatkit.beattech.sync import may_be_applied
from beatkit.errors import (
    APIConnectionError,
    ConfigurationError,
    ConflictError,
    PermissionDeniedError,
    ServerError,
)
from beatkit.testing import FakeBeatTech

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
OFFLINE = NOW - timedelta(hours=3)


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW.timestamp())


def skip_sleep(_: float) -> None:
    """The transport's sleep between retries, skipped."""


def logged_in(fake: FakeBeatTech, http: httpx.Client) -> BeatTech:
    client = BeatTech(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )
    settings = client._transport.settings
    client._transport.settings = attrs.evolve(settings, sleep=skip_sleep)
    client.auth.login(fake.username, fake.password)
    return client


def batches(fake: FakeBeatTech) -> list[list[dict[str, Any]]]:
    rows = [r for r in fake.requests if r.url.path == "/v2/batch"]
    return [json.loads(r.content)["requests"] for r in rows]


def favourites(fake: FakeBeatTech, count: int) -> list[PendingChange]:
    ids = list(fake.catalog.tracks)[:count]
    return [PendingChange.favourite("track", i, True, changed_at=OFFLINE) for i in ids]


def test_a_push_sends_the_bodies_as_they_were_when_it_was_called(
    fake: FakeBeatTech,
) -> None:
    # An app task edits a pending change's body (or a list inside it) while the first
    # batch is in flight: the second batch must send what push was given and checked.
    release_ids = list(fake.catalog.releases)[:2]
    shelf = {"name": "Shelf", "releases": [{"id": release_ids[0]}]}
    edits = [
        *favourites(fake, 20),
        PendingChange(method="POST", path="/releases/groups", body=shelf, changed_at=OFFLINE),
    ]
    shelf["releases"].append({"id": release_ids[1]})  # the caller's dict: not the edit's

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v2/batch" and len(batches(fake)) == 0:
            body = edits[20].body
            assert body is not None
            body["name"] = "Renamed meanwhile"  # type: ignore[index]
            body["releases"].append({"id": "nope"})  # type: ignore[index]
        return fake.handle(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        pushed = bt.sync.push(edits, base_change_id=0)
    assert all(r.ok for r in pushed.results)
    assert batches(fake)[1][0]["body"] == {"name": "Shelf", "releases": [{"id": release_ids[0]}]}


def test_a_pull_failing_after_the_push_does_not_lose_the_push(fake: FakeBeatTech) -> None:
    # The push is answered, then the pull fails: the app must learn which edits were
    # applied, or its next run pushes the new bookmark again (a duplicate).
    track_id = next(iter(fake.catalog.tracks))
    pending = [PendingChange.create_bookmark("track", track_id, position=5, changed_at=OFFLINE)]
    fail_pull = True

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/changes") and fail_pull:
            return httpx.Response(503, json={"error": "exception", "error_description": "x"})
        return fake.handle(request)

    def applied(changes: Sequence[PendingChange], answers: Sequence[BatchResponse]) -> None:
        for change, answer in zip(changes, answers, strict=True):
            if answer.ok:
                pending.remove(change)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        with pytest.raises(ServerError) as caught:
            bt.sync.run(pending, base_change_id=0, on_pushed=applied)
        assert pending == []
        assert "all 1 pending changes were pushed and answered" in caught.value.__notes__[-1]
        fail_pull = False
        result = bt.sync.run(pending, base_change_id=0, on_pushed=applied)
    assert [c.id for c in result.pulled] == [1] and result.base_change_id == 1
    assert len(fake.bookmarks) == 1


def test_a_later_batch_failing_reports_the_answered_ones(fake: FakeBeatTech) -> None:
    edits = favourites(fake, 21)
    seen: list[tuple[list[PendingChange], list[int | None]]] = []
    count = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal count
        if request.url.path == "/v2/batch":
            count += 1
            if count == 2:
                return httpx.Response(503, json={"error": "exception", "error_description": "x"})
        return fake.handle(request)

    def record(changes: Sequence[PendingChange], answers: Sequence[BatchResponse]) -> None:
        seen.append((list(changes), [a.change_id for a in answers]))

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        with pytest.raises(ServerError) as caught:
            bt.sync.push(edits, base_change_id=0, on_pushed=record)
    assert seen == [(edits[:20], list(range(1, 21)))]
    notes = " ".join(caught.value.__notes__)
    assert "pending changes 21 to 21 may be applied" in notes


def test_a_connection_lost_with_the_batch_in_flight_says_it_may_be_applied(
    fake: FakeBeatTech,
) -> None:
    # The server applies the batch; the answer never arrives.
    edits = favourites(fake, 2)

    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.url.path == "/v2/batch":
            raise httpx.ReadError("connection reset", request=request)
        return response

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        with pytest.raises(APIConnectionError) as caught:
            bt.sync.run(edits, base_change_id=0)
    assert len(fake.changes) == 2 and len(batches(fake)) == 1  # applied, never replayed
    notes = " ".join(caught.value.__notes__)
    assert "pending changes 1 to 2 may be applied" in notes


def test_a_refused_batch_is_not_said_to_be_applied(fake: FakeBeatTech) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v2/batch":
            return httpx.Response(403, json={"error": "forbidden", "error_description": "no"})
        return fake.handle(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        with pytest.raises(PermissionDeniedError) as caught:
            bt.sync.push(favourites(fake, 2), base_change_id=0)
    assert "may be applied" not in " ".join(getattr(caught.value, "__notes__", []))


def test_which_failures_may_have_applied_a_batch() -> None:
    request = httpx.Request("POST", "https://api.test.beat.no/v2/batch")
    lost = APIConnectionError("lost", service="beattech", method="POST", url="u")
    lost.__cause__ = httpx.ReadError("reset", request=request)
    never = APIConnectionError("refused", service="beattech", method="POST", url="u")
    never.__cause__ = httpx.ConnectError("refused", request=request)
    assert may_be_applied(lost)
    assert not may_be_applied(never)
    assert may_be_applied(ServerError("x", service="beattech", status_code=502))
    assert not may_be_applied(PermissionDeniedError("x", service="beattech", status_code=403))
    assert not may_be_applied(ConfigurationError("no user"))


def test_a_pull_cut_off_mid_walk_moves_no_base(fake: FakeBeatTech) -> None:
    for number in range(150):
        fake.add_change(fake.user_id, "PATCH", "track", {"id": str(10001 + number % 7)})
    cut = True

    def handler(request: httpx.Request) -> httpx.Response:
        second_page = request.headers.get("Range") == "changes=100-199"
        if cut and request.url.path.endswith("/changes") and second_page:
            raise httpx.ReadError("connection reset", request=request)
        return fake.handle(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        with pytest.raises(APIConnectionError):
            bt.sync.run(base_change_id=0)  # no half feed, no base past it
        cut = False
        result = bt.sync.run(base_change_id=0)
    assert [c.id for c in result.pulled] == list(range(1, 151))
    assert result.base_change_id == 150


class Shuffled(FakeBeatTech):
    """A feed served newest first, each page repeating the last change of the one before."""

    def on_users_changes(self, request: httpx.Request, user_id: str) -> httpx.Response:
        window = request.headers.get("Range", "changes=0-99").partition("=")[2]
        first, last = (int(part) for part in window.split("-"))
        base = int(request.url.params.get("base_change_id", "0"))
        mine = [c for c in self.changes if c["user_id"] == user_id and c["id"] > base]
        mine.reverse()
        rows = mine[max(first - 1, 0) : last + 1]
        changes = [{"id": c["id"], "method": c["method"], "body": {c["entity_type"]: c["body"]}}
                   for c in rows]  # fmt: skip
        end = first + len(rows) - 1
        headers = {"Content-Range": f"changes {first}-{end}/{len(mine)}"}
        return self.json_response({"changes": changes}, 206, headers)


def test_a_feed_out_of_order_with_repeats_is_applied_once_in_id_order() -> None:
    fake = Shuffled(clock=lambda: NOW.timestamp())
    for number in range(7):
        fake.add_change(fake.user_id, "PATCH", "track", {"id": str(10001 + number)})
    with httpx.Client(transport=fake.transport()) as http:
        bt = logged_in(fake, http)
        feed = bt.sync.pull(2, page_size=2)
    assert [c.id for c in feed.changes] == [3, 4, 5, 6, 7]
    assert feed.base_change_id == 7


def test_run_asks_the_pull_for_sub_objects_and_image_sizes(fake: FakeBeatTech) -> None:
    # An app that shows bookshelves needs the pulled groups with their releases.
    with httpx.Client(transport=fake.transport()) as http:
        bt = logged_in(fake, http)
        before = len(fake.requests)
        with pytest.raises(ValueError, match="include"):
            bt.sync.run(favourites(fake, 1), base_change_id=0, include="nonsense")
        assert len(fake.requests) == before  # refused before the push
        bt.sync.run(base_change_id=0, include="group-releases")
    (pull,) = fake.requests[before:]
    assert pull.headers["X-Include"] == "group-releases"


def test_an_on_pushed_error_says_its_batch_was_applied(fake: FakeBeatTech) -> None:
    # The callback fails after its batch was answered: the edits are applied, and the
    # error says so (and that later edits were not sent), so the app does not push
    # them twice.
    edits = favourites(fake, 21)

    def record(changes: Sequence[PendingChange], answers: Sequence[BatchResponse]) -> None:
        raise OSError("the app's store is full")

    batches = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal batches
        batches += request.url.path == "/v2/batch"
        return fake.handle(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = logged_in(fake, http)
        with pytest.raises(OSError, match="store is full") as caught:
            bt.sync.push(edits, base_change_id=0, on_pushed=record)
    notes = " ".join(caught.value.__notes__)
    assert "pending changes 1 to 20 were answered" in notes
    assert "21 to 21 were not sent" in notes
    assert batches == 1


def test_a_refused_first_batch_says_what_was_not_applied_and_not_sent(
    fake: FakeBeatTech,
) -> None:
    # 25 edits: two batches. The server refuses the first as a whole (409): nothing is
    # applied, and the second is never sent; the error must say both.
    edits = favourites(fake, 25)
    with httpx.Client(transport=fake.transport()) as http:
        bt = logged_in(fake, http)
        fake.fail_next(409)
        with pytest.raises(ConflictError) as caught:
            bt.sync.push(edits, base_change_id=0)
    assert fake.changes == [] and len(batches(fake)) == 1
    notes = " ".join(getattr(caught.value, "__notes__", []))
    assert "pending changes 1 to 20 were refused and not applied" in notes
    assert "pending changes 21 to 25 were not sent" in notes
    assert "may be applied" not in notes


def test_a_failed_batch_says_which_later_edits_were_not_sent(fake: FakeBeatTech) -> None:
    edits = favourites(fake, 25)
    with httpx.Client(transport=fake.transport()) as http:
        bt = logged_in(fake, http)
        fake.fail_next(503)
        with pytest.raises(ServerError) as caught:
            bt.sync.push(edits, base_change_id=0)
    assert len(batches(fake)) == 1  # never replayed
    notes = " ".join(caught.value.__notes__)
    assert "pending changes 1 to 20 may be applied" in notes
    assert "pending changes 21 to 25 were not sent" in notes
