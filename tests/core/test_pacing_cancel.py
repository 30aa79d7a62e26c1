"""A caller cancelled while it waits for its ``requests_per_second`` slot gives it back.

Otherwise the callers after it wait for a slot nobody uses: after a timeout around
many queued calls, the next call would wait for every slot of the cancelled ones.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from beatkit._core.ratelimit import RateLimiter
from beatkit.auth import Token
from beatkit.beatport import AsyncBeatport
from beatkit.testing.beatport import FakeBeatport

WAIT = 10.0
GENRE = 6


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_last_slot_given_back_is_the_next_one_handed_out() -> None:
    clock = Clock()
    limiter = RateLimiter(requests_per_second=1, clock=clock, wall_clock=clock)
    assert limiter.reserve_slot()[0] == 0
    wait, slot = limiter.reserve_slot()
    assert wait == 1
    limiter.give_back(slot)
    assert limiter.reserve_slot()[0] == 1


def test_slots_given_back_in_any_order_are_all_taken_back() -> None:
    clock = Clock()
    limiter = RateLimiter(requests_per_second=1, clock=clock, wall_clock=clock)
    limiter.reserve_slot()
    slots = [limiter.reserve_slot()[1] for _ in range(5)]
    kept = slots.pop(0)
    for slot in slots:  # first queued first, as a cancelled gather does
        limiter.give_back(slot)
    # Only the slot still held stays ahead of the next caller.
    assert kept is not None
    assert limiter.reserve_slot()[0] == kept[1] - clock.now


def test_a_slot_in_the_middle_of_the_queue_is_not_taken_back() -> None:
    clock = Clock()
    limiter = RateLimiter(requests_per_second=1, clock=clock, wall_clock=clock)
    limiter.reserve_slot()
    middle = limiter.reserve_slot()[1]
    limiter.reserve_slot()
    limiter.give_back(middle)
    assert limiter.reserve_slot()[0] == 3


async def test_a_call_cancelled_while_paced_gives_its_slot_back() -> None:
    fake = FakeBeatport()
    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    spacing = 100.0
    async with AsyncBeatport(
        fake.client_id,
        token=token,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        requests_per_second=1 / spacing,
        max_retry_wait=spacing,
    ) as bp:
        assert (await asyncio.wait_for(bp.genres.get(GENRE), WAIT)).id == GENRE
        queued = [asyncio.create_task(bp.genres.get(GENRE)) for _ in range(3)]
        for _ in range(5):
            await asyncio.sleep(0)
        for task in queued:
            task.cancel()
        for task in queued:
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(task, WAIT)
        limiter = bp._transport.settings.limiter
        # The next caller waits for what is left of the first call's slot, not for the
        # three slots of the cancelled calls after it.
        assert limiter.reserve_slot(max_wait=spacing)[0] <= spacing
        assert len(fake.requests_to(f"/catalog/genres/{GENRE}/")) == 1
