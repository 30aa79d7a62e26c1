"""A caller cancelled while the ``X-RateLimit-*`` headers pace it gives its place back.

Every reservation counts against what the server said is left of the window, and near
its end takes the next evenly spread slot. A caller cancelled before it sent (an
``asyncio.wait_for`` around calls queued at the window's end) used to keep both: the
callers after it waited for slots nobody used, and once the cancelled ones had counted
the window down to nothing, every call failed with ``RateLimitError`` ("the rate limit
is used up") without sending, until the reset, though the server had requests left.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from beatkit import AsyncBeatConnect
from beatkit._core.ratelimit import RateLimiter
from beatkit.testing import FakeBeatConnect

WAIT = 10.0

# 5 of 100 requests left (below the 10 % low-water mark), the window resets in 100 s.
NEAR_THE_END = {
    "x-ratelimit-limit": "100",
    "x-ratelimit-remaining": "5",
    "x-ratelimit-reset": "100",
}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _limiter(clock: Clock) -> RateLimiter:
    limiter = RateLimiter(clock=clock, wall_clock=clock)
    limiter.observe(NEAR_THE_END)
    return limiter


def test_paced_places_given_back_are_handed_out_again() -> None:
    clock = Clock()
    limiter = _limiter(clock)
    first = limiter.reserve_slot()
    assert first[0] == 0
    second = limiter.reserve_slot()
    cancelled = [limiter.reserve_slot()[1] for _ in range(3)]
    for slot in cancelled:  # first queued first, as a cancelled gather does
        limiter.give_back(slot)
    # The next caller comes after the second one, as the third did.
    after = _limiter(clock)
    after.reserve_slot()
    after.reserve_slot()
    assert limiter.reserve_slot()[0] == pytest.approx(after.reserve_slot()[0])
    assert second[0] > 0


def test_callers_given_back_do_not_count_the_window_down() -> None:
    clock = Clock()
    limiter = _limiter(clock)
    limiter.reserve_slot()  # one sent
    cancelled = [limiter.reserve_slot()[1] for _ in range(4)]
    for slot in reversed(cancelled):
        limiter.give_back(slot)
    # Four of the five are still there: the next four are paced as if the cancelled
    # callers had never come, and none is refused as locked out.
    untouched = _limiter(clock)
    untouched.reserve_slot()
    expected = [untouched.reserve_slot(max_wait=60.0)[0] for _ in range(4)]
    waits = [limiter.reserve_slot(max_wait=60.0)[0] for _ in range(4)]
    assert waits == pytest.approx(expected)


def test_a_fresh_count_from_the_server_is_not_raised_by_a_give_back() -> None:
    clock = Clock()
    limiter = _limiter(clock)
    limiter.reserve_slot()
    slot = limiter.reserve_slot()[1]
    # A response came in meanwhile: the server's own count stands.
    limiter.observe({**NEAR_THE_END, "x-ratelimit-remaining": "1"})
    limiter.give_back(slot)
    limiter.reserve_slot()
    assert limiter.reserve_slot()[0] == pytest.approx(100.0)  # used up: wait for the reset


async def test_calls_cancelled_while_paced_by_the_headers_leave_the_window_to_others() -> None:
    fake = FakeBeatConnect()
    async with AsyncBeatConnect(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        max_retry_wait=30.0,
    ) as bc:
        limiter = bc._transport.settings.limiter
        limiter.observe(NEAR_THE_END)
        limiter.reserve_slot()  # a call in flight took the slot of now
        # Each paced call waits up to max_retry_wait; a timeout cancels them all.
        queued = [asyncio.create_task(bc.genres.list()) for _ in range(4)]
        for _ in range(5):
            await asyncio.sleep(0)
        sent = len(fake.requests)
        for task in queued:
            task.cancel()
        outcomes = await asyncio.wait_for(asyncio.gather(*queued, return_exceptions=True), WAIT)
        assert [type(outcome) for outcome in outcomes] == [asyncio.CancelledError] * 4
        # The server still has requests left for this window: the next caller is paced
        # (at most max_retry_wait), not refused with "the rate limit is used up".
        wait, slot = limiter.reserve_slot(max_wait=30.0, capped=True)
        limiter.give_back(slot)
        assert wait <= 30.0
        assert len(fake.requests) == sent
