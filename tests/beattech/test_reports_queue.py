"""``ReportQueue.flush`` (sync client) and ``aflush`` (async client) against FakeBeatTech."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.beattech.reports import (
    MAX_QUEUE_AGE,
    PlaybackTracker,
    ReportQueue,
    play_ended,
    player_progress,
)
from beatkit.errors import BadRequestError, ServerError
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


async def no_async_sleep(_: float) -> None:
    """The async transport's sleep, skipped."""


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


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


def progress(start: int, stop: int, when: int) -> dict[str, Any]:
    return player_progress(
        user_id="5667",
        entity_type="track",
        entity_id="10001",
        start_position=start,
        stop_position=stop,
        time=when,
        offline=True,
    )


def ended(track: str, when: int) -> dict[str, Any]:
    return play_ended(track_id=track, time=when, offline=True, duration=30)


def test_flush_sends_in_order_drops_the_expired_and_stamps_sent_time(
    fake: FakeBeatTech, bt: BeatTech, clock: Clock
) -> None:
    queue = ReportQueue(clock=clock)
    stale = ended("1", NOW - 100)
    queue.append(stale)
    queue.append(progress(0, 30, NOW - 50))
    queue.append(ended("2", NOW - 40))
    clock.now = NOW - 100 + MAX_QUEUE_AGE + 1  # the first entry is now too old
    result = queue.flush(bt)
    assert result.ok and len(queue) == 0
    assert [e.report for e in result.expired] == [stale]
    assert [e.time for e in result.sent] == [NOW - 50, NOW - 40]
    bodies = fake.report_bodies()
    assert bodies == [{**progress(0, 30, NOW - 50), "sent_time": int(clock.now)},
                      ended("2", NOW - 40)]  # fmt: skip
    assert bodies[0]["time"] == NOW - 50  # the event's time is kept


def test_flush_stops_at_a_failure_and_resumes_in_order(
    fake: FakeBeatTech, bt: BeatTech, clock: Clock
) -> None:
    queue = ReportQueue(clock=clock)
    for track in ("1", "2", "3"):
        queue.append(ended(track, NOW))
    before = len(fake.requests)
    fake.fail_next(503)
    # The first entry fails: nothing is sent, nothing lost, nothing replayed.
    result = queue.flush(bt)
    assert not result.ok and isinstance(result.error, ServerError)
    assert result.failed is not None and result.failed.report["track_id"] == "1"
    assert result.sent == ()
    assert len(fake.requests) == before + 1
    assert [e.report["track_id"] for e in queue.entries] == ["1", "2", "3"]
    again = queue.flush(bt)
    assert again.ok and [e.report["track_id"] for e in again.sent] == ["1", "2", "3"]
    assert [b["track_id"] for b in fake.report_bodies()] == ["1", "2", "3"]


def test_a_refused_report_can_be_discarded(fake: FakeBeatTech, bt: BeatTech, clock: Clock) -> None:
    queue = ReportQueue(clock=clock)
    queue.append(ended("1", NOW))
    queue.append({"event": "play.ended", "track_id": "2", "time": NOW, "offline": True})
    queue.append(ended("3", NOW))
    result = queue.flush(bt)
    assert isinstance(result.error, BadRequestError)
    assert [e.report["track_id"] for e in result.sent] == ["1"]
    assert result.failed is not None
    queue.discard(result.failed)
    assert queue.flush(bt).ok
    assert [b["track_id"] for b in fake.report_bodies()] == ["1", "3"]


async def test_aflush_sends_a_tracked_playback_with_the_async_client(
    fake: FakeBeatTech, clock: Clock
) -> None:
    tracker = PlaybackTracker("10001", start_position=150)
    tracker.play_to(160)
    tracker.seek(200)
    tracker.play_to(235)
    tracker.seek(250)
    tracker.play_to(260)
    tracker.end()
    queue = ReportQueue(clock=clock)
    for event in tracker.events:
        queue.append(event.body(time=NOW - 60, offline=True, user_id=fake.user_id, version=3))
    clock.now = NOW + 3600  # back online an hour later
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                           base_url=fake.base_url, http_client=http)  # fmt: skip
        settings = attrs.evolve(bt._transport.settings, async_sleep=no_async_sleep)
        bt._transport.settings = settings
        await bt.auth.login(fake.username, fake.password)
        result = await queue.aflush(bt)
        await bt.aclose()
    assert result.ok and len(result.sent) == 6
    bodies = fake.report_bodies(user_id=fake.user_id)
    assert [b.get("event", b.get("action")) for b in bodies] == [
        "play.started", "player.progress", "player.progress", "player.progress",
        "player.progress", "play.ended",
    ]  # fmt: skip
    spans = [(b["start_position"], b["stop_position"]) for b in bodies[1:5]]
    assert spans == [(150, 160), (200, 230), (230, 235), (250, 260)]
    assert bodies[-1]["duration"] == 55
    assert {b["sent_time"] for b in bodies[1:5]} == {NOW + 3600}
