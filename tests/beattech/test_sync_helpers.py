"""The pure sync module: pending changes and their builders, batch bodies, the change feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from beatkit.beattech import BatchRequest, Change, ChangeFeed, PendingChange
from beatkit.beattech.converter import converter
from beatkit.beattech.sync import (
    batch_requests,
    bookmark_body,
    change_feed,
    chunked,
    group_entries,
    parse_change_id,
    rating_body,
    release_group_body,
    writable_group_id,
)
from beatkit.beattech.wire import batch_body

AT = datetime(2026, 4, 1, 9, 30, 15, 999, tzinfo=UTC)
OSLO = timezone(timedelta(hours=2))


def test_the_builders_write_what_the_api_calls_write() -> None:
    cases = [
        (PendingChange.favourite("track", 8, True, changed_at=AT),
         ("PATCH", "/tracks/8", {"favourite": True})),
        (PendingChange.favourite("release", "1001", False, changed_at=AT),
         ("PATCH", "/releases/1001", {"favourite": False})),
        (PendingChange.favourite("artist", "101", True, changed_at=AT),
         ("PATCH", "/artists/101", {"favourite": True})),
        (PendingChange.favourite("user", "28392", True, changed_at=AT),
         ("PATCH", "/users/28392", {"favourite": True})),
        (PendingChange.create_release_group("Shelf", releases=["1", 2], changed_at=AT),
         ("POST", "/releases/groups", {"name": "Shelf", "releases": [{"id": "1"}, {"id": "2"}]})),
        (PendingChange.create_release_group("Shelf", description="", changed_at=AT),
         ("POST", "/releases/groups", {"name": "Shelf", "description": ""})),
        (PendingChange.update_release_group("wishlist", releases=[], changed_at=AT),
         ("PATCH", "/releases/groups/wishlist", {"releases": []})),
        (PendingChange.update_release_group(132, name="N", visible=False, changed_at=AT),
         ("PATCH", "/releases/groups/132", {"name": "N", "visible": False})),
        (PendingChange.delete_release_group("132", changed_at=AT),
         ("DELETE", "/releases/groups/132", None)),
        (PendingChange.create_bookmark("track", "8", position=12, note="n", changed_at=AT),
         ("POST", "/bookmarks", {"entity_type": "track", "entity_id": "8", "note": "n",
                                 "position": 12})),
        (PendingChange.update_bookmark(3, position_type="ebook", reader_position_selector="c",
                                       reader_position_ratio=0.25, changed_at=AT),
         ("PATCH", "/bookmarks/3", {"position_type": "ebook", "reader_position_selector": "c",
                                    "reader_position_ratio": 0.25})),
        (PendingChange.delete_bookmark("3", changed_at=AT), ("DELETE", "/bookmarks/3", None)),
        (PendingChange.create_rating("release", 1001, 0, changed_at=AT),
         ("POST", "/ratings", {"entity_type": "release", "entity_id": "1001", "value": 0})),
        (PendingChange.update_rating("4", note="x", changed_at=AT),
         ("PATCH", "/ratings/4", {"note": "x"})),
        (PendingChange.delete_rating(4, changed_at=AT), ("DELETE", "/ratings/4", None)),
    ]  # fmt: skip
    for change, (method, path, body) in cases:
        assert (change.method, change.path, change.body) == (method, path, body)
        assert change.timestamp == "2026-04-01T09:30:15Z"


def test_ids_are_one_path_segment() -> None:
    change = PendingChange.favourite("track", "a/b", True, changed_at=AT)
    assert change.path == "/tracks/a%2Fb"


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: PendingChange.favourite("playlist", "1", True, changed_at=AT), ValueError),
        (lambda: PendingChange.favourite("track", "1", 1, changed_at=AT), TypeError),
        (lambda: PendingChange.favourite("track", "1", True, changed_at=datetime(2026, 1, 1)),
         TypeError),
        (lambda: PendingChange.favourite("track", "1", True, changed_at="2026-01-01"), TypeError),
        (lambda: PendingChange.create_release_group("", changed_at=AT), ValueError),
        (lambda: PendingChange.update_release_group("played", name="x", changed_at=AT),
         ValueError),
        (lambda: PendingChange.update_release_group("12", changed_at=AT), ValueError),
        (lambda: PendingChange.create_bookmark("track", "1", changed_at=AT), ValueError),
        (lambda: PendingChange.create_bookmark("track", "1", position_type="ebook",
                                               reader_position_ratio=0.5, changed_at=AT),
         ValueError),
        (lambda: PendingChange.update_bookmark("1", changed_at=AT), ValueError),
        (lambda: PendingChange.create_rating("release", "1", 9, changed_at=AT), ValueError),
        (lambda: PendingChange.update_rating("1", changed_at=AT), ValueError),
        (lambda: PendingChange(method="GET", path="/tracks", changed_at=AT), ValueError),
        (lambda: PendingChange(method="POST", path="/v2/batch", changed_at=AT), ValueError),
        (lambda: PendingChange(method="POST", path="tracks", changed_at=AT), ValueError),
        (lambda: PendingChange(method="POST", path="/ratings?x=1", changed_at=AT), ValueError),
        (lambda: PendingChange(method="POST", path="/ratings", body=[1], changed_at=AT),
         TypeError),
        (lambda: PendingChange(method="POST", path="/ratings"), TypeError),
        (lambda: PendingChange(method="POST", path="/ratings", body={"value": float("nan")},
                               changed_at=AT), ValueError),
        (lambda: PendingChange(method="POST", path="/ratings", body={"at": AT}, changed_at=AT),
         TypeError),
        (lambda: PendingChange(method="POST", path="/ratings", body={"a": {1: 2}},
                               changed_at=AT), TypeError),
        (lambda: PendingChange(method="POST", path="/ratings", body={2: "x"}, changed_at=AT),
         TypeError),
    ],
)  # fmt: skip
def test_bad_pending_changes_are_refused(build: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        build()


def test_a_pending_change_made_directly() -> None:
    change = PendingChange(method="patch", path="/v2/tracks/8", body={"favourite": True},
                           changed_at=AT.astimezone(OSLO))  # fmt: skip
    assert (change.method, change.path) == ("PATCH", "/tracks/8")
    assert change.timestamp == "2026-04-01T09:30:15Z"  # always sent in UTC
    assert change == PendingChange.favourite("track", "8", True, changed_at=AT)


def test_batch_requests_carry_the_base_and_each_time() -> None:
    edits = [
        PendingChange.favourite("track", "8", True, changed_at=AT),
        PendingChange.delete_bookmark("3", changed_at=AT + timedelta(minutes=1)),
    ]
    requests = batch_requests(edits, 123)
    first = {"X-Base-Change": "123", "X-Change-Timestamp": "2026-04-01T09:30:15Z"}
    second = {"X-Base-Change": "123", "X-Change-Timestamp": "2026-04-01T09:31:15Z"}
    assert requests == [
        BatchRequest(method="PATCH", url="/v2/tracks/8", body={"favourite": True}, headers=first),
        BatchRequest(method="DELETE", url="/v2/bookmarks/3", body=None, headers=second),
    ]
    assert batch_body(requests)["requests"][1] == {
        "method": "DELETE",
        "url": "/v2/bookmarks/3",
        "headers": second,
    }
    with pytest.raises(TypeError):
        batch_requests(edits, True)
    with pytest.raises(ValueError, match="base_change_id"):
        batch_requests(edits, -1)
    with pytest.raises(TypeError):
        batch_requests("edits", 0)  # type: ignore[arg-type]
    assert batch_requests([], 0) == []


def test_batch_requests_recheck_a_body_changed_after_it_was_made() -> None:
    edit = PendingChange(method="POST", path="/ratings", body={"value": 1}, changed_at=AT)
    edit.body["value"] = float("inf")  # type: ignore[index]
    with pytest.raises(ValueError, match=r"pending\[1\]\.body is not plain JSON"):
        batch_requests([PendingChange.delete_rating(4, changed_at=AT), edit], 0)


def test_chunked() -> None:
    assert [len(chunk) for chunk in chunked(list(range(45)), 20)] == [20, 20, 5]
    assert chunked([], 20) == []


def test_change_feed_keeps_newer_ids_once_in_order() -> None:
    def change(change_id: int) -> Change:
        return Change(id=change_id, method="PATCH", body={"track": {"id": str(change_id)}})

    feed = change_feed([change(7), change(5), change(4), change(7), change(9)], 5)
    assert feed == ChangeFeed(changes=[change(7), change(9)], base_change_id=9)
    assert change_feed([change(3)], 5) == ChangeFeed(changes=[], base_change_id=5)


def test_the_change_object_of_the_page() -> None:
    change = converter.structure(
        {"id": 1, "method": "POST", "body": {"release": {"id": "123"}}}, Change
    )
    assert (change.id, change.method, change.entity_type, change.entity_id) == (
        1,
        "POST",
        "release",
        "123",
    )
    deleted = converter.structure({"id": 82, "method": "DELETE", "body": {"group": {"id": 123}}},
                                  Change)  # fmt: skip
    assert (deleted.entity_type, deleted.entity_id) == ("group", "123")


def test_parse_change_id() -> None:
    assert [parse_change_id(v) for v in (81, "82", " 3 ", "x", None, True, -1, "٣")] == [
        81, 82, 3, None, None, None, None, None,
    ]  # fmt: skip


def test_bodies() -> None:
    assert bookmark_body(note="") == {"note": ""}
    with pytest.raises(ValueError, match="note"):
        bookmark_body(entity_type="track", entity_id="1", note="", position=1)
    assert rating_body(value=0) == {"value": 0}
    assert release_group_body(visible=True) == {"visible": True}
    assert group_entries([{"id": 5, "position": 1}]) == [{"id": "5", "position": 1}]
    with pytest.raises(TypeError):
        group_entries({"id": "1"})
    assert writable_group_id(132) == "132"
    with pytest.raises(ValueError, match="wishlist"):
        writable_group_id("borrowed")
