"""``ReportQueue.flush``/``aflush`` when the queue changes while a report is being sent
(``discard`` or ``expire`` from another task during the await, or another thread)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from beatkit._core.operation import RequestOptions
from beatkit.beattech.reports import MAX_QUEUE_AGE, ReportQueue, play_ended
from beatkit.errors import ServerError

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


Hook = Callable[[Mapping[str, Any]], None]


class Reports:
    """``bt.reports``: records what is sent; ``hook`` runs during each send."""

    def __init__(self, hook: Hook) -> None:
        self.hook = hook
        self.sent: list[str] = []

    def send(self, report: Mapping[str, Any], *, options: RequestOptions | None = None) -> None:
        self.hook(report)
        self.sent.append(report["track_id"])


class AsyncReports(Reports):
    async def send(  # type: ignore[override]
        self, report: Mapping[str, Any], *, options: RequestOptions | None = None
    ) -> None:
        Reports.send(self, report, options=options)


class Client:
    def __init__(self, reports: Reports) -> None:
        self.reports = reports


def ended(track: str, when: int) -> dict[str, Any]:
    return play_ended(track_id=track, time=when, offline=True, duration=30)


def ids(entries: Any) -> list[str]:
    return [entry.report["track_id"] for entry in entries]


async def flush(queue: ReportQueue, reports: Reports, use_async: bool) -> Any:
    if use_async:
        return await queue.aflush(Client(reports))  # type: ignore[arg-type]
    return queue.flush(Client(reports))  # type: ignore[arg-type]


@pytest.mark.parametrize("use_async", [False, True], ids=["flush", "aflush"])
async def test_the_sent_entry_discarded_during_its_send(use_async: bool) -> None:
    queue = ReportQueue(clock=Clock(NOW))
    for track in ("1", "2", "3"):
        queue.append(ended(track, NOW))

    def discard_head(report: Mapping[str, Any]) -> None:
        if report["track_id"] == "1":
            queue.discard(queue.entries[0])

    reports = AsyncReports(discard_head) if use_async else Reports(discard_head)
    result = await flush(queue, reports, use_async)
    # "2" was not popped as sent without being sent.
    assert reports.sent == ["1", "2", "3"]
    assert result.ok and ids(result.sent) == ["1", "2", "3"]
    assert len(queue) == 0


@pytest.mark.parametrize("use_async", [False, True], ids=["flush", "aflush"])
async def test_the_sent_entry_expired_during_its_send_and_the_next_fails(
    use_async: bool,
) -> None:
    clock = Clock(NOW)
    queue = ReportQueue(clock=clock)
    queue.append(ended("1", NOW - MAX_QUEUE_AGE + 5))  # about to expire
    queue.append(ended("2", NOW))
    queue.append(ended("3", NOW))

    def expire_or_fail(report: Mapping[str, Any]) -> None:
        if report["track_id"] == "1":
            clock.now = NOW + 10
            assert ids(queue.expire()) == ["1"]
        elif report["track_id"] == "2":
            raise ServerError("unavailable", status_code=503, service="beattech")

    reports = AsyncReports(expire_or_fail) if use_async else Reports(expire_or_fail)
    result = await flush(queue, reports, use_async)
    assert reports.sent == ["1"]
    assert ids(result.sent) == ["1"]
    assert result.failed is not None and ids([result.failed]) == ["2"]
    assert isinstance(result.error, ServerError)
    assert ids(queue.entries) == ["2", "3"]  # nothing unsent was dropped


@pytest.mark.parametrize("use_async", [False, True], ids=["flush", "aflush"])
async def test_a_later_entry_discarded_during_a_send(use_async: bool) -> None:
    queue = ReportQueue(clock=Clock(NOW))
    for track in ("1", "2", "3"):
        queue.append(ended(track, NOW))

    def discard_second(report: Mapping[str, Any]) -> None:
        if report["track_id"] == "1":
            queue.discard(queue.entries[1])

    reports = AsyncReports(discard_second) if use_async else Reports(discard_second)
    result = await flush(queue, reports, use_async)
    assert reports.sent == ["1", "3"]
    assert result.ok and ids(result.sent) == ["1", "3"]
    assert len(queue) == 0
