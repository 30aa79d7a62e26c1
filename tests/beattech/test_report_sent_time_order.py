"""A version 3 report's ``sent_time`` (when it is sent) cannot be before its ``time``
(when the event happened): such a report dates its sending before the play, a sign of
swapped arguments or of a clock in another unit. Refused when the report is built,
as a ``ReportQueue`` never stamps one (it sends ``max(time, now)``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from beatkit.beattech.reports import (
    PlaybackTracker,
    player_progress,
    reader_consumed,
    reader_progress,
    release_finished,
)

COMMON: dict[str, Any] = {"user_id": "1", "offline": False, "time": 1000}
BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "player.progress": lambda **kw: player_progress(
        entity_type="track", entity_id=8, start_position=0, stop_position=30, **kw
    ),
    "reader.progress": lambda **kw: reader_progress(entity_type="release", entity_id=3, **kw),
    "reader.consumed": lambda **kw: reader_consumed(release_id=3, **kw),
    "release.finished": lambda **kw: release_finished(release_id=3, **kw),
}


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_sent_time_before_time_is_refused(build: Callable[..., dict[str, Any]]) -> None:
    with pytest.raises(ValueError, match=r"sent_time .*before"):
        build(**COMMON, sent_time=999)
    # The same second, a later one, and the default still build.
    assert build(**COMMON, sent_time=1000)["sent_time"] == 1000
    assert build(**COMMON, sent_time=datetime(2026, 1, 1, tzinfo=UTC))["sent_time"] > 1000
    assert build(**COMMON)["sent_time"] == 1000


def test_a_tracker_event_body_refuses_it_too() -> None:
    tracker = PlaybackTracker("8")
    (segment,) = [e for e in tracker.play_to(30) if e.kind == "play.progress"]
    with pytest.raises(ValueError, match=r"sent_time .*before"):
        segment.body(time=1000, offline=False, user_id="1", version=3, sent_time=5)
