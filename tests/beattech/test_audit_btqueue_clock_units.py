"""A ``ReportQueue`` clock in milliseconds (``time.time() * 1000``, ``time.time_ns``)
made every report look older than seven days: ``append`` silently returned ``False``
and ``flush`` dropped every queued play as expired. The clock's answer is now checked
as the queue's other times are (unix seconds, at most the year 9999): a clear
``ValueError``, with nothing queued or dropped."""

from __future__ import annotations

import time
from typing import Any

import pytest

from beatkit.beattech.reports import ReportQueue, play_ended

NOW = 1_775_044_800


class Sender:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, report: Any, *, options: Any = None) -> None:
        self.sent.append(report)


class Client:
    def __init__(self) -> None:
        self.reports = Sender()


def report(when: int = NOW) -> dict[str, Any]:
    return play_ended(track_id="10001", time=when, offline=True, duration=30)


@pytest.mark.parametrize("clock", [lambda: NOW * 1000, lambda: NOW * 10**9, time.time_ns])
def test_append_refuses_a_clock_in_milliseconds(clock: Any) -> None:
    queue = ReportQueue(clock=clock)
    with pytest.raises(ValueError, match="clock"):
        queue.append(report())
    assert len(queue) == 0


def test_flush_refuses_a_clock_in_milliseconds_and_drops_nothing() -> None:
    good = ReportQueue(clock=lambda: NOW)
    good.append(report())
    queue = ReportQueue(good.entries, clock=lambda: NOW * 1000)
    client = Client()
    with pytest.raises(ValueError, match="clock"):
        queue.flush(client)  # type: ignore[arg-type]
    assert len(queue) == 1
    assert client.reports.sent == []
    with pytest.raises(ValueError, match="clock"):
        queue.expire()
    assert len(queue) == 1


@pytest.mark.parametrize("value", [float("nan"), -1.0])
def test_a_clock_that_is_no_time_is_refused(value: float) -> None:
    queue = ReportQueue(clock=lambda: value)
    with pytest.raises(ValueError, match="clock"):
        queue.append(report())


def test_a_clock_in_seconds_still_works() -> None:
    queue = ReportQueue(clock=lambda: NOW + 0.5)
    assert queue.append(report()) is True
    client = Client()
    assert queue.flush(client).ok  # type: ignore[arg-type]
    assert len(client.reports.sent) == 1
