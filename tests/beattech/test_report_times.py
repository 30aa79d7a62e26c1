"""Report times are unix seconds: milliseconds (or any time past year 9999) are refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from beatkit.beattech.reports import (
    PlaybackTracker,
    ReportQueue,
    play_started,
    player_progress,
)

NOW = 1_700_000_000
MILLISECONDS = NOW * 1000  # what Date.now() / currentTimeMillis() give
LAST_SECOND = 253_402_300_799  # 9999-12-31T23:59:59Z


def test_the_last_second_a_datetime_holds_is_still_a_time() -> None:
    assert datetime.fromtimestamp(LAST_SECOND, UTC).year == 9999
    assert play_started(track_id="1", time=LAST_SECOND, offline=False)["time"] == LAST_SECOND


@pytest.mark.parametrize("value", [MILLISECONDS, LAST_SECOND + 1, 10**30, 1.7e12])
def test_builders_refuse_a_time_in_milliseconds(value: Any) -> None:
    with pytest.raises(ValueError, match="time"):
        play_started(track_id="1", time=value, offline=False)
    with pytest.raises(ValueError, match="time"):
        player_progress(
            user_id="1",
            entity_type="track",
            entity_id="1",
            start_position=0,
            stop_position=30,
            time=value,
            offline=False,
        )
    with pytest.raises(ValueError, match="sent_time"):
        player_progress(
            user_id="1",
            entity_type="track",
            entity_id="1",
            start_position=0,
            stop_position=30,
            time=NOW,
            sent_time=value,
            offline=False,
        )


def test_a_playback_event_body_refuses_a_time_in_milliseconds() -> None:
    tracker = PlaybackTracker("1")
    (started,) = tracker.events
    with pytest.raises(ValueError, match="time"):
        started.body(time=MILLISECONDS, offline=False)


def test_the_queue_refuses_a_time_in_milliseconds() -> None:
    # Queued with a time 50,000 years ahead, the entry would never expire, and its
    # sent_time (never before its time) would be as far off.
    queue = ReportQueue(clock=lambda: NOW)
    report = play_started(track_id="1", time=NOW, offline=False)
    with pytest.raises(ValueError, match="time"):
        queue.append(report, time=MILLISECONDS)
    with pytest.raises(ValueError, match="time"):
        queue.append({**report, "time": MILLISECONDS})
    assert len(queue) == 0
    assert queue.append(report) and queue.entries[0].time == NOW


def test_a_saved_queue_with_a_time_in_milliseconds_is_damaged() -> None:
    queue = ReportQueue(clock=lambda: NOW)
    queue.append(play_started(track_id="1", time=NOW, offline=False))
    text = queue.to_json().replace(f'"time": {NOW}, "report"', f'"time": {MILLISECONDS}, "report"')
    assert str(MILLISECONDS) in text
    with pytest.raises(ValueError, match="time"):
        ReportQueue.from_json(text, clock=lambda: NOW)
