"""A ``ReportQueue`` saved (``to_json``) in one thread while another flushes it: the
saved text holds every entry not yet sent, in order. Iterating the live list while
the flush removes its head skipped the entry after the one being read: the file then
lacked a report still queued, lost at the next restart."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from beatkit._core.operation import RequestOptions
from beatkit.beattech.reports import ReportQueue, play_ended

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z
COUNT = 3000
BOUND = 20.0
"""Seconds the test may take at most (a bound, not an assertion)."""


def test_to_json_during_a_flush_in_another_thread_keeps_every_unsent_entry() -> None:
    queue = ReportQueue(clock=lambda: NOW)
    for index in range(COUNT):
        queue.append(play_ended(track_id=str(index), time=NOW, offline=True, duration=1))
    order = [str(index) for index in range(COUNT)]

    def send(report: Mapping[str, Any], *, options: RequestOptions | None = None) -> None:
        time.sleep(0)  # let the saving thread run between sends

    bt = SimpleNamespace(reports=SimpleNamespace(send=send))
    flushing = threading.Thread(target=queue.flush, args=(bt,))
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, inside to_json's loop too
    try:
        flushing.start()
        deadline = time.monotonic() + BOUND
        while flushing.is_alive() and time.monotonic() < deadline:
            saved = json.loads(queue.to_json())["entries"]
            ids = [entry["report"]["track_id"] for entry in saved]
            # What is still queued is the end of the order, whole (the report in
            # flight included): never one with a hole in it.
            assert ids == order[COUNT - len(ids) :]
    finally:
        sys.setswitchinterval(switch)
        flushing.join(BOUND)
    assert not flushing.is_alive()
    assert len(queue) == 0
