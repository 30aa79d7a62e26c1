"""A 429's ``Retry-After`` within ``max_retry_wait`` holds every call of the client.

The hold was set only for a ``Retry-After`` longer than ``max_retry_wait`` (to refuse
later calls): a shorter one was the business of the call that got it, and the calls
sent meanwhile (other tasks and threads of the same client) each went into the
lockout, got their own 429 and slept their own wait. Now every 429 with a
``Retry-After`` holds the limiter; the call whose retry sleeps that wait is not held a
second time for it (``waited``), and a later, longer hold still holds it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.ratelimit import LockedOut, RateLimiter
from beatkit._core.settings import build_settings

T0 = 1_000.0


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def test_hold_returns_when_it_ends() -> None:
    clock = Clock()
    rl = RateLimiter(clock=clock)
    assert rl.hold(5) == pytest.approx(T0 + 5)
    # A shorter hold keeps the longer one, and says when its own would end.
    assert rl.hold(2) == pytest.approx(T0 + 2)
    assert rl.reserve(max_wait=60) == pytest.approx(5)
    assert rl.hold(0) is None
    assert rl.hold(float("nan")) is None


def test_a_hold_the_caller_waited_out_does_not_hold_it_again() -> None:
    clock = Clock()
    rl = RateLimiter(clock=clock)
    mine = rl.hold(5)
    # Its own retry (the clock faked: nothing moved while it slept) is not held again...
    assert rl.reserve(max_wait=60, waited=mine) == 0.0
    # ...every other caller is.
    assert rl.reserve(max_wait=60) == pytest.approx(5)


def test_a_later_longer_hold_still_holds_the_caller_that_waited_out_its_own() -> None:
    clock = Clock()
    rl = RateLimiter(clock=clock)
    mine = rl.hold(5)
    clock.now += 1
    rl.hold(8)  # another call's 429, later and longer
    assert rl.reserve(max_wait=60, waited=mine) == pytest.approx(8)
    with pytest.raises(LockedOut):
        rl.reserve(max_wait=3, waited=mine)


def _settings(**extra: Any) -> Any:
    built = build_settings(
        ServiceSpec(name="testsvc"),
        base_url="https://api.test/v1",
        auth=None,
        timeout=5.0,
        max_retries=2,
        max_retry_wait=10.0,
        requests_per_second=None,
        allow_http=False,
    )
    return attrs.evolve(built, **extra)


def _get() -> Operation[Any]:
    return Operation(name="beats.list", method="GET", path="/beats", result=Any)


async def test_calls_made_after_a_429_wait_its_retry_after_without_sending() -> None:
    # Sleeps are recorded, not slept, and the limiter's clock stands still: the retry
    # of the call that got the 429 sleeps its Retry-After once; each call made after
    # the 429 waits it out in its pacing, and none is sent into the lockout.
    sent: list[str] = []
    waits: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        if len(sent) == 1:
            return httpx.Response(429, headers={"Retry-After": "3"}, json={})
        return httpx.Response(200, json={})

    async def record(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)

    clock = Clock()
    settings = _settings(limiter=RateLimiter(clock=clock), async_sleep=record)
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = AsyncAPIClient(settings, http)
        assert await client._transport.request(_get()) == {}
        assert waits == [3.0]
        results = await asyncio.wait_for(
            asyncio.gather(*(client._transport.request(_get()) for _ in range(5))), 10
        )
    assert results == [{}] * 5
    assert len(sent) == 7  # the 429, its retry, the five later calls: none told twice
    assert waits == [3.0] + [pytest.approx(3.0)] * 5
