"""A queued version 3 report is never sent with a ``sent_time`` before its own ``time``.

``ReportQueue.append(report, time=...)`` keeps the entry's time apart from the report's
``time`` (the docs: "when its event happened; the report's own time by default"). The
flush stamped ``sent_time`` as ``max(entry time, now)``: with an entry time below the
report's and a clock behind it (set back, or another device's), the report went out
claiming it was sent before it happened, which the docs say never happens and which
the builders refuse.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.beattech.reports import ReportQueue, player_progress
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


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


def progress(time: int) -> dict[str, object]:
    return player_progress(user_id="5667", entity_type="track", entity_id="10001",
                           start_position=0, stop_position=30, time=time,
                           offline=True)  # fmt: skip


def test_sent_time_is_never_before_the_reports_time(fake: FakeBeatTech, bt: BeatTech) -> None:
    clock = [NOW]
    queue = ReportQueue(clock=lambda: clock[0])
    # The event happened at NOW + 100 by the player's clock; queued with an earlier
    # entry time (what the app counts the seven days from).
    assert queue.append(progress(NOW + 100), time=NOW)
    assert queue.flush(bt).ok
    [body] = fake.report_bodies("player.progress")
    assert body["time"] == NOW + 100
    assert body["sent_time"] >= body["time"]


def test_sent_time_is_still_the_send_time_when_later(fake: FakeBeatTech, bt: BeatTech) -> None:
    clock = [NOW]
    queue = ReportQueue(clock=lambda: clock[0])
    assert queue.append(progress(NOW - 600), time=NOW - 900)
    clock[0] = NOW + 60
    assert queue.flush(bt).ok
    [body] = fake.report_bodies("player.progress")
    assert (body["time"], body["sent_time"]) == (NOW - 600, NOW + 60)


def test_aflush_sent_time_is_never_before_the_reports_time(fake: FakeBeatTech) -> None:
    async def run() -> None:
        async with httpx.AsyncClient(transport=fake.transport()) as http:
            bt = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                               base_url=fake.base_url, http_client=http)  # fmt: skip
            await bt.auth.login(fake.username, fake.password)
            queue = ReportQueue(clock=lambda: NOW)
            assert queue.append(progress(NOW + 100), time=NOW)
            assert (await queue.aflush(bt)).ok

    asyncio.run(run())
    [body] = fake.report_bodies("player.progress")
    assert body["sent_time"] >= body["time"] == NOW + 100
