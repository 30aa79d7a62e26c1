"""Reports sent while the caller is interrupted (a cancelled task, a ``KeyboardInterrupt``),
and the type checks of the report entry points: ``flush`` with an async client,
``aflush`` with a sync one, ``send_many`` given one report.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

import beatkit.beattech.reports as reports_module
from beatkit.beattech.reports import ReportQueue, play_ended
from beatkit.testing import FakeBeatTech
from tests.beattech.test_sync_interrupted import BOUND, async_client, sync_client

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


def ended(track: str) -> dict[str, Any]:
    return play_ended(track_id=track, time=NOW, offline=True, duration=30)


def queue_of(*tracks: str) -> ReportQueue:
    queue = ReportQueue(clock=lambda: NOW)
    for track in tracks:
        queue.append(ended(track))
    return queue


def queued(queue: ReportQueue) -> list[str]:
    return [entry.report["track_id"] for entry in queue.entries]


def sent(fake: FakeBeatTech) -> list[str]:
    return [body["track_id"] for body in fake.report_bodies()]


class Blocking:
    """An async handler: the ``block``-th report reaches the fake, then its answer waits
    until the task is cancelled (``arrived`` is set then)."""

    def __init__(self, fake: FakeBeatTech, block: int) -> None:
        self.fake = fake
        self.block = block
        self.seen = 0
        self.arrived = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        response = self.fake.handle(request)
        if request.url.path == "/v2/reports":
            self.seen += 1
            if self.seen == self.block:
                self.arrived.set()
                await asyncio.sleep(BOUND * 10)  # cancelled long before; bounded anyway
        return response


def interrupting(fake: FakeBeatTech, block: int, interrupt: BaseException) -> Any:
    """A sync handler: the ``block``-th report reaches the fake, then ``interrupt``."""
    seen = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal seen
        response = fake.handle(request)
        if request.url.path == "/v2/reports":
            seen += 1
            if seen == block:
                raise interrupt
        return response

    return handler


# --- interrupted with a report in flight ----------------------------------------------------


async def test_a_cancelled_aflush_keeps_the_report_in_flight_and_says_so(
    fake: FakeBeatTech,
) -> None:
    queue = queue_of("1", "2", "3")
    handler = Blocking(fake, block=2)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        bt = await async_client(fake, http)
        task = asyncio.create_task(queue.aflush(bt))
        async with asyncio.timeout(BOUND):
            await handler.arrived.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError) as caught:
                await task
        assert task.cancelled()
        # Nothing lost: "2" may have arrived, so it stays queued, and the error says so.
        assert queued(queue) == ["2", "3"] and sent(fake) == ["1", "2"]
        notes = " ".join(caught.value.__notes__)
        assert "1 queued report was sent and dropped from the queue" in notes
        assert "the report in flight stays queued and may have reached the server" in notes
        assert "CancelledError" in notes
        again = await queue.aflush(bt)  # the lock was released
    assert again.ok and queued(queue) == []
    assert sent(fake) == ["1", "2", "2", "3"]  # the duplicate the note announced


def test_an_interrupted_flush_says_what_was_sent_and_what_stays(fake: FakeBeatTech) -> None:
    queue = queue_of("1", "2", "3")
    interrupt = KeyboardInterrupt()
    with httpx.Client(transport=httpx.MockTransport(interrupting(fake, 3, interrupt))) as http:
        bt = sync_client(fake, http)
        with pytest.raises(KeyboardInterrupt) as caught:
            queue.flush(bt)
    assert caught.value is interrupt
    assert queued(queue) == ["3"] and sent(fake) == ["1", "2", "3"]
    notes = " ".join(caught.value.__notes__)
    assert "2 queued reports were sent and dropped from the queue" in notes
    assert "the report in flight stays queued and may have reached the server" in notes


async def test_a_cancelled_send_many_says_which_reports_were_sent(fake: FakeBeatTech) -> None:
    handler = Blocking(fake, block=2)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        bt = await async_client(fake, http)
        task = asyncio.create_task(bt.reports.send_many([ended("1"), ended("2"), ended("3")]))
        async with asyncio.timeout(BOUND):
            await handler.arrived.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError) as caught:
                await task
    notes = " ".join(caught.value.__notes__)
    assert "reports 0 to 0 of 3 were sent" in notes
    assert "report 1 was in flight and may have reached the server" in notes
    assert "reports 2 to 2 were not sent" in notes


def test_an_interrupted_send_many_says_which_reports_were_sent(fake: FakeBeatTech) -> None:
    interrupt = KeyboardInterrupt()
    with httpx.Client(transport=httpx.MockTransport(interrupting(fake, 1, interrupt))) as http:
        bt = sync_client(fake, http)
        with pytest.raises(KeyboardInterrupt) as caught:
            bt.reports.send_many([ended("1"), ended("2")])
    assert caught.value is interrupt
    notes = " ".join(caught.value.__notes__)
    assert "no report of 2 was sent before" in notes
    assert "report 0 was in flight and may have reached the server" in notes
    assert "reports 1 to 1 were not sent" in notes


# --- the same checks at every entry point ---------------------------------------------------


async def test_flush_refuses_an_async_client_before_sending(fake: FakeBeatTech) -> None:
    # The coroutine would never run: the reports were dropped as sent, and lost.
    queue = queue_of("1", "2")
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = await async_client(fake, http)
        with pytest.raises(TypeError, match="aflush"):
            queue.flush(bt)  # type: ignore[arg-type]
    assert queued(queue) == ["1", "2"] and sent(fake) == []


async def test_aflush_refuses_a_sync_client_before_sending(fake: FakeBeatTech) -> None:
    # The first report was sent, then "await None" failed: it stayed queued, sent twice.
    queue = queue_of("1", "2")
    with httpx.Client(transport=fake.transport()) as http:
        bt = sync_client(fake, http)
        with pytest.raises(TypeError, match="flush"):
            await queue.aflush(bt)  # type: ignore[arg-type]
    assert queued(queue) == ["1", "2"] and sent(fake) == []


@pytest.mark.parametrize("bt", [None, object(), "bt"])
async def test_flush_and_aflush_refuse_what_is_not_a_client(bt: Any) -> None:
    queue = queue_of("1")
    with pytest.raises(TypeError, match="client"):
        queue.flush(bt)
    with pytest.raises(TypeError, match="client"):
        await queue.aflush(bt)
    assert queued(queue) == ["1"]


@pytest.mark.parametrize("reports", [ended("1"), "play.ended", b"x", 5, None])
def test_send_many_refuses_one_report_or_no_sequence(fake: FakeBeatTech, reports: Any) -> None:
    # A single report (a dict) would have been sent as its keys, or not at all when empty.
    with httpx.Client(transport=fake.transport()) as http:
        bt = sync_client(fake, http)
        before = len(fake.requests)
        with pytest.raises(TypeError, match="reports must be a sequence of reports"):
            bt.reports.send_many(reports)
        assert len(fake.requests) == before
    with pytest.raises(TypeError, match="reports must be a sequence of reports"):
        reports_module.check_reports(reports)


async def test_async_send_many_refuses_an_empty_mapping(fake: FakeBeatTech) -> None:
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = await async_client(fake, http)
        with pytest.raises(TypeError, match="reports must be a sequence of reports"):
            await bt.reports.send_many({})


@pytest.mark.parametrize("entries", [{}, "abc", 5])
def test_a_queue_refuses_entries_that_are_no_sequence(entries: Any) -> None:
    with pytest.raises(TypeError, match="entries must be a sequence of QueuedReport"):
        ReportQueue(entries)


def test_check_reports_checks_each_report() -> None:
    assert reports_module.check_reports(iter([ended("1")])) == [ended("1")]
    with pytest.raises(TypeError, match=r"reports\[1\] must be a JSON object"):
        reports_module.check_reports([ended("1"), "x"])
    with pytest.raises(ValueError, match=r"reports\[0\] needs exactly one"):
        reports_module.check_reports([{"x": 1}])
