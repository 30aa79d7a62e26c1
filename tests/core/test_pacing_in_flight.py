"""Requests sent but not yet answered count against the rate-limit window.

The limiter counted each request against the last ``X-RateLimit-Remaining`` only until
the next answer came; an answer replaced that count (or, within one window, capped it)
without the requests still in flight. Callers sharing a client (threads, tasks) whose
first requests went out before any headers came, then sent as many more as the first
answer said were left: past the end of the window, into the server's 429.

The server here takes each request at once (counting it against a window of ``LIMIT``)
but answers late, one at a time, the oldest first. Nothing is slept: the client's sleep
moves a fake clock the limiter reads.
"""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import httpx

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.ratelimit import RateLimiter
from beatkit._core.settings import build_settings
from beatkit.errors import APIConnectionError, RateLimitError

BASE = "https://api.test/v1"
SPEC = ServiceSpec(name="testsvc")
WALL = 1_714_564_800.0
LIMIT = 10
RESET = WALL + 600  # further than max_retry_wait: a used-up window refuses at once
WORKERS = 4
CALLS = 5  # each worker's calls, one after another: twice the window in all
WAIT = 10.0


class Clock:
    def __init__(self) -> None:
        self.mono = 1_000.0
        self.wall = WALL

    async def sleep(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds


class LateServer:
    """Counts each request against the window when it arrives; answers when released."""

    def __init__(self) -> None:
        self.taken = 0
        self.rejected = 0
        self.pending: list[asyncio.Future[None]] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.taken += 1
        left = LIMIT - self.taken
        headers = {
            "X-RateLimit-Limit": str(LIMIT),
            "X-RateLimit-Remaining": str(max(left, 0)),
            "X-RateLimit-Reset": str(int(RESET)),
        }
        if left < 0:
            self.rejected += 1
            status, headers["Retry-After"] = 429, "600"
        else:
            status = 200
        answered = asyncio.get_running_loop().create_future()
        self.pending.append(answered)
        await answered
        return httpx.Response(status, json={"ok": status == 200}, headers=headers)


async def test_requests_in_flight_count_against_a_fresh_remaining() -> None:
    clock = Clock()
    server = LateServer()
    settings = build_settings(
        SPEC,
        async_sleep=clock.sleep,
        base_url=BASE,
        auth=None,
        timeout=5.0,
        max_retries=0,
        max_retry_wait=60.0,
        requests_per_second=None,
        allow_http=False,
    )
    limiter = RateLimiter(clock=lambda: clock.mono, wall_clock=lambda: clock.wall)
    settings = attrs.evolve(settings, limiter=limiter)
    op: Operation[Any] = Operation(name="beats.list", method="GET", path="/beats", result=Any)
    refused: list[RateLimitError] = []

    async with httpx.AsyncClient(transport=httpx.MockTransport(server)) as http:
        client = AsyncAPIClient(settings, http)

        async def worker() -> None:
            for _ in range(CALLS):
                try:
                    await client._transport.request(op)
                except RateLimitError as exc:
                    refused.append(exc)

        async def drive() -> None:
            workers = [asyncio.create_task(worker()) for _ in range(WORKERS)]
            for _ in range(WORKERS * CALLS * 2):
                for _ in range(50):  # let every caller that may send do so
                    await asyncio.sleep(0)
                if not server.pending:
                    break
                server.pending.pop(0).set_result(None)  # the oldest answer arrives
            await asyncio.gather(*workers)

        await asyncio.wait_for(drive(), WAIT)

    assert server.rejected == 0, f"{server.rejected} requests sent into a used-up window"
    assert server.taken == LIMIT  # the whole window is still used
    assert len(refused) == WORKERS * CALLS - LIMIT


async def test_requests_that_fail_or_are_cancelled_in_flight_give_their_place_back() -> None:
    clock = Clock()
    settings = build_settings(
        SPEC,
        async_sleep=clock.sleep,
        base_url=BASE,
        auth=None,
        timeout=5.0,
        max_retries=0,
        max_retry_wait=60.0,
        requests_per_second=None,
        allow_http=False,
    )
    limiter = RateLimiter(low_water=0, clock=lambda: clock.mono, wall_clock=lambda: clock.wall)
    limiter.observe(
        {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "2", "X-RateLimit-Reset": str(RESET)}
    )
    settings = attrs.evolve(settings, limiter=limiter)
    op: Operation[Any] = Operation(name="beats.list", method="GET", path="/beats", result=Any)
    hang = asyncio.Event()
    outcomes: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        outcomes.append(request.url.params.get("do", ""))
        if request.url.params.get("do") == "fail":
            raise httpx.ConnectError("refused", request=request)
        if request.url.params.get("do") == "hang":
            await hang.wait()
        return httpx.Response(200, json={"ok": True})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = AsyncAPIClient(settings, http)
        failing = attrs.evolve(op, params={"do": "fail"})
        for _ in range(2):
            try:
                await client._transport.request(failing)
            except APIConnectionError as exc:
                outcomes.append(type(exc).__name__)
        hung = asyncio.create_task(
            client._transport.request(attrs.evolve(op, params={"do": "hang"}))
        )
        for _ in range(50):
            await asyncio.sleep(0)
        hung.cancel()
        await asyncio.gather(hung, return_exceptions=True)
        # Nothing is in flight and the server's count stands at 2: both go out.
        for _ in range(2):
            assert await asyncio.wait_for(client._transport.request(op), WAIT) == {"ok": True}
