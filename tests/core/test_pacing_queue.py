"""``requests_per_second`` holds for callers queued at once, in tasks and in threads.

The transport capped each pacing wait at ``max_retry_wait``: every caller queued past
the cap woke at the cap and sent at once, a burst at many times the rate asked for
(Beatport's default two per second, with more than 120 callers queued). One slot is
still never longer than ``max_retry_wait``; a queue of them is waited out in turn.
Nothing is slept: the sleeps are recorded and the limiter's clock stands still.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import attrs
import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.ratelimit import RateLimiter
from beatkit._core.settings import build_settings

CALLERS = 40
RATE = 20.0  # one slot every 0.05 s
MAX_WAIT = 0.5  # ten slots


def settings(**extra: Any) -> Any:
    built = build_settings(
        ServiceSpec(name="testsvc"),
        base_url="https://api.test/v1",
        auth=None,
        timeout=5.0,
        max_retries=0,
        max_retry_wait=MAX_WAIT,
        requests_per_second=None,
        allow_http=False,
    )
    limiter = RateLimiter(requests_per_second=RATE, clock=lambda: 1_000.0)
    return attrs.evolve(built, limiter=limiter, **extra)


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={})


def get() -> Operation[Any]:
    return Operation(name="beats.list", method="GET", path="/beats", result=Any)


def expected() -> list[float]:
    return [pytest.approx(i / RATE) for i in range(1, CALLERS)]


async def test_tasks_queued_at_once_keep_the_pace() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    async with httpx.AsyncClient(transport=httpx.MockTransport(ok)) as http:
        client = AsyncAPIClient(settings(async_sleep=record), http)
        await asyncio.wait_for(
            asyncio.gather(*(client._transport.request(get()) for _ in range(CALLERS))), 10
        )
    assert sorted(waits) == expected()


def test_threads_queued_at_once_keep_the_pace() -> None:
    waits: list[float] = []
    lock = threading.Lock()

    def record(seconds: float) -> None:
        with lock:
            waits.append(seconds)

    with httpx.Client(transport=httpx.MockTransport(ok)) as http:
        client = APIClient(settings(sleep=record), http)
        threads = [
            threading.Thread(target=client._transport.request, args=(get(),))
            for _ in range(CALLERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        assert not any(thread.is_alive() for thread in threads)
    assert sorted(waits) == expected()


def test_one_slot_is_never_longer_than_max_retry_wait() -> None:
    # A pace slower than the longest wait allowed: each slot is cut to that wait.
    rl = RateLimiter(requests_per_second=0.001, clock=lambda: 1_000.0)
    assert [rl.reserve(max_wait=5.0) for _ in range(3)] == [0.0, 5.0, 10.0]
