"""PlaybackTracker with a huge position: refused at once, never a hang.

``play_to`` makes one progress report per interval played; a position far past any
track (milliseconds, or an epoch time, passed as seconds) made it loop for hours and
fill memory. It is a ``ValueError`` before anything changes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from beatkit.beattech.playback import MAX_REPORTS_AT_ONCE
from beatkit.beattech.reports import PlaybackTracker


def _bounded(call: Callable[[], object], seconds: float = 5.0) -> BaseException | None:
    """Run ``call`` in a daemon thread; fail if it runs longer than ``seconds``."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # handed back to the test
            caught.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {time.monotonic() - started:.1f} s"
    return caught[0] if caught else None


@pytest.mark.parametrize("position", [10**30, 1_733_500_000_000, 30 * (MAX_REPORTS_AT_ONCE + 1)])
def test_play_to_a_huge_position_is_refused_without_changing_anything(position: int) -> None:
    tracker = PlaybackTracker("123")
    tracker.play_to(10)
    error = _bounded(lambda: tracker.play_to(position))
    assert isinstance(error, ValueError)
    assert "seconds" in str(error)
    # Nothing changed: the playback goes on from where it was.
    assert (tracker.position, tracker.duration, len(tracker.events)) == (10, 10, 1)
    assert [e.kind for e in tracker.end()] == ["play.progress", "play.ended"]


def test_the_bound_counts_intervals_so_a_long_audiobook_plays_in_one_step() -> None:
    # 40 hours without a call in between: 4,800 reports at 30 s, well within the bound.
    tracker = PlaybackTracker("123")
    assert len(tracker.play_to(40 * 3600)) == 4800
    # At the bound exactly: accepted.
    at_bound = PlaybackTracker("123", interval=1)
    assert len(at_bound.play_to(MAX_REPORTS_AT_ONCE)) == MAX_REPORTS_AT_ONCE
    # A huge position reached by a seek reports nothing per interval: accepted.
    far = PlaybackTracker("123")
    far.seek(10**30)
    far.play_to(10**30 + 45)
    assert [(e.start_position, e.stop_position) for e in far.events[1:]] == [(10**30, 10**30 + 30)]
