"""``PendingChange.to_dict`` / ``from_dict``: offline edits kept across restarts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from beatkit.beattech import PendingChange
from beatkit.beattech.sync import batch_requests

WHEN = datetime(2026, 4, 1, 9, 0, 5, 123456, tzinfo=UTC)


def edits() -> list[PendingChange]:
    oslo = timezone(timedelta(hours=2))
    return [
        PendingChange.favourite("track", "8", False, changed_at=WHEN),
        PendingChange.create_release_group("Shelf", description="é", releases=["1", 2],
                                           changed_at=WHEN.astimezone(oslo)),
        PendingChange.create_bookmark("release", "1001", position_type="ebook",
                                      reader_position_selector="epubcfi(/6/2!/0)",
                                      reader_position_ratio=0.1 + 0.2, changed_at=WHEN),
        PendingChange.delete_rating("7", changed_at=WHEN),
    ]  # fmt: skip


def test_pending_changes_round_trip_through_json_exactly() -> None:
    saved = json.dumps([edit.to_dict() for edit in edits()])
    restored = [PendingChange.from_dict(row) for row in json.loads(saved)]
    assert restored == edits()
    assert [r.changed_at.utcoffset() for r in restored] == [
        e.changed_at.utcoffset() for e in edits()
    ]
    assert batch_requests(restored, 3) == batch_requests(edits(), 3)
    assert edits()[0].to_dict() == {
        "method": "PATCH",
        "path": "/tracks/8",
        "body": {"favourite": False},
        "changed_at": "2026-04-01T09:00:05.123456+00:00",
    }
    assert "body" not in edits()[3].to_dict() or edits()[3].to_dict()["body"] is None


@pytest.mark.parametrize(
    "row",
    [
        None,
        [],
        {},
        {"method": "PATCH", "path": "/tracks/8", "body": {"favourite": True}},
        {"method": "PATCH", "path": "/tracks/8", "changed_at": "2026-04-01T09:00:05"},
        {"method": "PATCH", "path": "/tracks/8", "changed_at": "yesterday"},
        {"method": "PATCH", "path": "/tracks/8", "changed_at": 1775034005},
        {"method": "GET", "path": "/tracks/8", "changed_at": "2026-04-01T09:00:05Z"},
        {"method": "PATCH", "path": "tracks/8", "changed_at": "2026-04-01T09:00:05Z"},
        {"method": "PATCH", "path": "/tracks/8", "body": [1], "changed_at": "2026-04-01T09:00:05Z"},
        {"method": "PATCH", "path": "/tracks/8", "changed_at": "2026-04-01T09:00:05Z", "x": 1},
    ],
)
def test_a_damaged_saved_change_is_a_clear_error(row: Any) -> None:
    with pytest.raises(ValueError, match="saved PendingChange"):
        PendingChange.from_dict(row)
