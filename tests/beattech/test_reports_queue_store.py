"""``ReportQueue`` kept across restarts (``to_json`` / ``from_json``), reports changed by
the app after they were queued, a flush interrupted, and a clock that goes backwards."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import pytest

from beatkit._core.operation import RequestOptions
from beatkit.beattech.reports import (
    MAX_QUEUE_AGE,
    FlushResult,
    QueueBusyError,
    QueuedReport,
    ReportQueue,
    play_ended,
    player_progress,
)
from beatkit.errors import APITimeoutError, BadRequestError, BeatkitError

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Client:
    """``bt`` whose ``reports.send`` records bodies, or raises the next queued error."""

    def __init__(self) -> None:
        self.reports = self
        self.sent: list[dict[str, Any]] = []
        self.errors: dict[int, BeatkitError | BaseException] = {}

    def send(self, report: Mapping[str, Any], *, options: RequestOptions | None = None) -> None:
        error = self.errors.pop(len(self.sent), None)
        if error is not None:
            raise error
        self.sent.append(dict(report))


def progress(start: int, stop: int, when: int, **extra: Any) -> dict[str, Any]:
    return player_progress(user_id="5667", entity_type="track", entity_id="10001",
                           start_position=start, stop_position=stop, time=when, offline=True,
                           **extra)  # fmt: skip


def ended(track: str, when: int) -> dict[str, Any]:
    return play_ended(track_id=track, time=when, offline=True, duration=30)


def test_a_queued_report_is_a_copy_of_what_was_appended() -> None:
    queue = ReportQueue(clock=Clock(NOW))
    report = progress(0, 30, NOW, speed=0.8, context={"shop": {"id": "s"}})
    queue.append(report)
    report["context"]["shop"]["id"] = "changed"
    report["stop_position"] = 999
    assert queue.entries[0].report == progress(0, 30, NOW, speed=0.8, context={"shop": {"id": "s"}})


def test_the_queue_round_trips_through_json_exactly() -> None:
    clock = Clock(NOW)
    queue = ReportQueue(clock=clock)
    queue.append(progress(0, 30, NOW - 100, speed=0.8, context={"a": [1, 2.5, None, True]}))
    queue.append(ended("2", NOW - 50))
    queue.append({"event": "play.error", "track_id": "3", "note": "é\u2028"}, time=NOW - 10)
    text = queue.to_json()
    assert isinstance(text, str)
    restored = ReportQueue.from_json(text, clock=clock)
    assert restored.entries == queue.entries
    assert [type(e.time) for e in restored.entries] == [int, int, int]
    assert restored.to_json() == text
    assert ReportQueue.from_json(ReportQueue(clock=clock).to_json()).entries == ()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        '{"entries": []}',
        '{"format": "beatkit.ReportQueue", "version": 2, "entries": []}',
        '{"format": "beatkit.ReportQueue", "version": true, "entries": []}',
        '{"format": "beatkit.ReportQueue", "version": 1, "entries": {}}',
        '{"format": "beatkit.ReportQueue", "version": 1, "entries": [{"time": 1}]}',
        '{"format": "beatkit.ReportQueue", "version": 1, "entries": [{"report": {"event": "x"}}]}',
        '{"format": "beatkit.ReportQueue", "version": 1, "entries": '
        '[{"time": 1.5, "report": {"event": "x"}}]}',
        '{"format": "beatkit.ReportQueue", "version": 1, "entries": '
        '[{"time": 1, "report": {"track_id": "1"}}]}',
        '{"format": "beatkit.ReportQueue", "version": 1, "entries": '
        '[{"time": 1, "report": {"event": "x", "v": NaN}}]}',
        '{"format": "beatkit.ReportQueue", "version": 1, "entries": '
        '[{"time": 1, "report": {"event": "x", "event": "y"}}]}',
        '{"format": "beatkit.ReportQueue", "version": 1, "entries": '
        '[{"time": 1, "report": {"event": "x"}, "extra": 1}]}',
    ],
)
def test_a_corrupted_saved_queue_is_a_clear_error(text: str) -> None:
    with pytest.raises(ValueError, match="saved ReportQueue"):
        ReportQueue.from_json(text)


def test_from_json_takes_text_or_bytes_only() -> None:
    with pytest.raises(TypeError):
        ReportQueue.from_json(None)  # type: ignore[arg-type]
    saved = ReportQueue().to_json().encode()
    assert ReportQueue.from_json(saved).entries == ()


def test_a_flush_interrupted_mid_way_keeps_what_was_not_confirmed() -> None:
    queue = ReportQueue(clock=Clock(NOW))
    for track in "123":
        queue.append(ended(track, NOW))
    bt = Client()
    bt.errors[1] = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        queue.flush(bt)  # type: ignore[arg-type]
    assert [e.report["track_id"] for e in queue.entries] == ["2", "3"]
    assert queue.flush(bt).ok  # type: ignore[arg-type]
    assert [b["track_id"] for b in bt.sent] == ["1", "2", "3"]


def test_a_refusal_and_a_transient_failure_are_told_apart() -> None:
    queue = ReportQueue(clock=Clock(NOW))
    queue.append(ended("1", NOW))
    bt = Client()
    bt.errors[0] = APITimeoutError("t", service="beattech", method="POST", url="u")
    result = queue.flush(bt)  # type: ignore[arg-type]
    assert result.failed is not None and not result.refused
    bt.errors[0] = BadRequestError("bad", service="beattech", status_code=400)
    result = queue.flush(bt)  # type: ignore[arg-type]
    assert result.failed is not None and result.refused
    assert queue.flush(bt).ok  # type: ignore[arg-type]
    assert not queue.flush(bt).refused  # type: ignore[arg-type]


def test_a_clock_going_backwards_neither_expires_nor_stamps_before_the_event() -> None:
    clock = Clock(NOW)
    queue = ReportQueue(clock=clock)
    queue.append(progress(0, 30, NOW))
    clock.now = NOW - 3 * 3600  # the device's clock is set back
    assert queue.append(ended("1", NOW - MAX_QUEUE_AGE)) is True  # old by the event's clock
    bt = Client()
    result = queue.flush(bt)  # type: ignore[arg-type]
    assert result.ok and result.expired == ()
    assert bt.sent[0]["sent_time"] == NOW  # never before the event's time
    assert QueuedReport(ended("1", NOW), NOW) == QueuedReport(ended("1", NOW), NOW)


def test_from_json_refuses_a_negative_time_and_bad_arguments_as_themselves() -> None:
    saved = json.dumps({"format": "beatkit.ReportQueue", "version": 1,
                        "entries": [{"time": -1, "report": {"event": "play.ended"}}]})  # fmt: skip
    with pytest.raises(ValueError, match=r"saved ReportQueue entries\[0\]\.time"):
        ReportQueue.from_json(saved)
    with pytest.raises(ValueError, match="max_age"):
        ReportQueue.from_json(ReportQueue().to_json(), max_age=0)


class SlowReports:
    """``bt.reports`` whose send yields to the event loop before it records."""

    def __init__(self) -> None:
        self.reports = self
        self.sent: list[str] = []

    async def send(
        self, report: Mapping[str, Any], *, options: RequestOptions | None = None
    ) -> None:
        await asyncio.sleep(0)
        self.sent.append(report["track_id"])


async def test_two_flushes_at_once_never_send_a_report_twice() -> None:
    # A connectivity callback and a timer both flush: the second must not send the
    # entry the first has in flight (a play counted twice).
    queue = ReportQueue(clock=Clock(NOW))
    for track in "123":
        queue.append(ended(track, NOW))
    bt = SlowReports()
    first, second = await asyncio.gather(
        queue.aflush(bt),
        queue.aflush(bt),
        return_exceptions=True,  # type: ignore[arg-type]
    )
    assert bt.sent == ["1", "2", "3"]
    assert isinstance(first, FlushResult) and first.ok
    assert isinstance(second, RuntimeError) and "already being flushed" in str(second)
    assert isinstance(second, QueueBusyError)
    assert len(queue) == 0
    assert (await queue.aflush(bt)).ok  # type: ignore[arg-type]  # free again
