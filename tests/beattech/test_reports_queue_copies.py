"""A ``ReportQueue`` copied, deep-copied or pickled (a notebook's snapshot, a worker
process) is a queue of its own with the same entries, never one that shares the
original's list or fails on its lock."""

from __future__ import annotations

import copy
import pickle
import time
from collections.abc import Callable
from typing import Any

import pytest

from beatkit.beattech.reports import ReportQueue, play_ended

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z

COPIES: list[Callable[[Any], Any]] = [
    copy.copy,
    copy.deepcopy,
    lambda queue: pickle.loads(pickle.dumps(queue)),  # noqa: S301  # our own bytes
]


@pytest.mark.parametrize("again", COPIES, ids=["copy", "deepcopy", "pickle"])
def test_a_copied_queue_is_a_queue_of_its_own(again: Callable[[Any], Any]) -> None:
    queue = ReportQueue(clock=time.time, max_age=3600)
    queue.append(play_ended(track_id="1", time=NOW, offline=True, duration=30), time=time.time())
    twin = again(queue)
    assert type(twin) is ReportQueue
    assert twin.entries == queue.entries
    assert twin.max_age == 3600
    assert twin.to_json() == queue.to_json()
    twin.append(play_ended(track_id="2", time=NOW, offline=True, duration=30), time=time.time())
    assert (len(queue), len(twin)) == (1, 2)
    # Each has a flush lock of its own: holding one does not make the other busy.
    assert twin._flushing is not queue._flushing
    assert not twin._flushing.locked()
