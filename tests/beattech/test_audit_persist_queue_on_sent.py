"""A ``ReportQueue`` flush sends its entries one by one, but the app could save the
queue only before and after the whole flush. A process that died in the middle (killed,
a power cut) restarted from the last save, which still held every report the flush had
already sent: all of them were sent again, plays counted twice, though the docs said
only the report in flight may be. ``flush(bt, on_sent=...)`` / ``aflush`` now call
``on_sent(entry)`` as each entry leaves the queue, so the app can save there; a
restart then resends at most the report in flight. Both facades."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.beattech.reports import QueuedReport, ReportQueue, play_ended
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800


class Died(BaseException):
    """The process killed while a send was in flight."""


def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client._transport.settings = attrs.evolve(client._transport.settings, sleep=no_sleep)
        client.auth.login(fake.username, fake.password)
        yield client
        client.close()


def queue_of(count: int) -> ReportQueue:
    queue = ReportQueue(clock=lambda: NOW)
    for track in range(1, count + 1):
        queue.append(play_ended(track_id=str(track), time=NOW, offline=True, duration=3))
    return queue


def tracks(queue: ReportQueue) -> list[str]:
    return [entry.report["track_id"] for entry in queue.entries]


def dying_transport(fake: FakeBeatTech) -> httpx.MockTransport:
    """The fake's transport, killed during the third report sent."""
    inner = fake.transport()
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/reports"):
            calls["n"] += 1
            if calls["n"] == 3:
                raise Died
        return inner.handle_request(request)

    return httpx.MockTransport(handler)


@pytest.fixture
def mortal_bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=dying_transport(fake)) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client.auth.login(fake.username, fake.password)
        yield client
        client.close()


def test_on_sent_lets_a_restart_resend_only_the_report_in_flight(
    fake: FakeBeatTech, mortal_bt: BeatTech
) -> None:
    queue = queue_of(4)
    disk = {"saved": queue.to_json()}
    seen: list[QueuedReport] = []

    def saved(entry: QueuedReport) -> None:
        assert all(queued is not entry for queued in queue.entries)  # it left first
        seen.append(entry)
        disk["saved"] = queue.to_json()

    with pytest.raises(Died):
        queue.flush(mortal_bt, on_sent=saved)
    assert [entry.report["track_id"] for entry in seen] == ["1", "2"]
    restarted = ReportQueue.from_json(disk["saved"], clock=lambda: NOW)
    assert tracks(restarted) == ["3", "4"]  # the one in flight, and the one never sent
    assert [body["track_id"] for body in fake.report_bodies("play.ended")] == ["1", "2"]


def test_on_sent_is_called_once_per_sent_entry_in_order(fake: FakeBeatTech, bt: BeatTech) -> None:
    queue = queue_of(3)
    seen: list[tuple[str, int]] = []
    result = queue.flush(bt, on_sent=lambda e: seen.append((e.report["track_id"], len(queue))))
    assert seen == [("1", 2), ("2", 1), ("3", 0)]  # called after the entry left the queue
    assert [e.report["track_id"] for e in result.sent] == ["1", "2", "3"]


def test_an_error_in_on_sent_stops_the_flush_with_a_note(fake: FakeBeatTech, bt: BeatTech) -> None:
    queue = queue_of(3)

    def broken(entry: QueuedReport) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full") as caught:
        queue.flush(bt, on_sent=broken)
    notes = " ".join(getattr(caught.value, "__notes__", []))
    assert "on_sent" in notes
    assert tracks(queue) == ["2", "3"]  # the first was sent and left; nothing else sent
    assert [body["track_id"] for body in fake.report_bodies("play.ended")] == ["1"]
    assert [e.report["track_id"] for e in queue.flush(bt).sent] == ["2", "3"]


def test_on_sent_must_be_a_function(fake: FakeBeatTech, bt: BeatTech) -> None:
    queue = queue_of(1)
    with pytest.raises(TypeError, match="on_sent"):
        queue.flush(bt, on_sent="save")  # type: ignore[arg-type]
    assert tracks(queue) == ["1"]
    assert fake.report_bodies() == []


def test_aflush_takes_on_sent_too(fake: FakeBeatTech) -> None:
    queue = queue_of(4)
    disk = {"saved": queue.to_json()}

    async def run() -> None:
        async with httpx.AsyncClient(transport=dying_transport(fake)) as http:
            bt = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                               base_url=fake.base_url, http_client=http)  # fmt: skip
            await bt.auth.login(fake.username, fake.password)

            def saved(entry: Any) -> None:
                disk["saved"] = queue.to_json()

            with pytest.raises(Died):
                await queue.aflush(bt, on_sent=saved)

    asyncio.run(run())
    assert tracks(ReportQueue.from_json(disk["saved"], clock=lambda: NOW)) == ["3", "4"]


def test_a_coroutine_function_is_no_on_sent(fake: FakeBeatTech, bt: BeatTech) -> None:
    queue = queue_of(1)

    async def save(entry: QueuedReport) -> None:
        """Never awaited by a flush: nothing would be saved."""

    with pytest.raises(TypeError, match="on_sent"):
        queue.flush(bt, on_sent=save)
    assert tracks(queue) == ["1"]
    assert fake.report_bodies() == []


def test_an_awaitable_returned_by_on_sent_is_refused(fake: FakeBeatTech, bt: BeatTech) -> None:
    queue = queue_of(2)

    async def save() -> None:
        """Never awaited by a flush."""

    with pytest.raises(TypeError, match="on_sent") as caught:
        queue.flush(bt, on_sent=lambda entry: save())
    assert "1 queued report was sent" in " ".join(caught.value.__notes__)
    assert tracks(queue) == ["2"]
