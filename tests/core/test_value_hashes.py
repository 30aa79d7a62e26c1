"""The frozen value objects a caller holds (a ``Page``; Beat Technology's
``PendingChange``, ``QueuedReport``, ``BatchRequest``, ``ChangeFeed``, ``PushResult``,
``SyncResult``) hash by content like the models, so they go in a set or an
``lru_cache`` key. They were frozen and equal by value, but ``hash()`` raised
``TypeError: unhashable type: 'list'`` (or ``'dict'``) out of attrs' generated hash."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from beatkit._core.pagination import Page
from beatkit.beattech import PendingChange
from beatkit.beattech.models import BatchRequest, ChangeFeed, PushResult, SyncResult
from beatkit.beattech.reports import QueuedReport, play_ended

WHEN = datetime(2026, 4, 1, 12, tzinfo=UTC)


def examples() -> list[Any]:
    return [
        Page(items=[1, 2], total=2, has_next=False),
        PendingChange.favourite("track", 1, True, changed_at=WHEN),
        QueuedReport(play_ended(track_id="1", time=1, offline=True, duration=3), 1),
        BatchRequest(method="PATCH", url="/tracks/1", body={"favourite": True}),
        ChangeFeed(changes=[], base_change_id=7),
        PushResult(results=[]),
        SyncResult(pushed=[], pulled=[], base_change_id=7),
    ]


@pytest.mark.parametrize("value", examples(), ids=lambda value: type(value).__name__)
def test_equal_values_hash_alike(value: Any) -> None:
    twin = next(other for other in examples() if type(other) is type(value))
    assert twin == value
    assert hash(twin) == hash(value)
    assert len({value, twin}) == 1
