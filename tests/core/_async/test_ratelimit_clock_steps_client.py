"""A wall clock set back (an NTP step, a clock set by hand) while a client knows the rate
limit window is used up: the next call waits what the server said, then goes out. It is
not refused as locked out for the hour the clock moved.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
Time is a fake clock: the transport's sleep records the wait and moves both clocks on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import attrs
import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.ratelimit import RateLimiter
from beatkit._core.settings import build_settings
from beatkit.errors import RateLimitError

BASE = "https://api.test/v1"
SPEC = ServiceSpec(name="testsvc")
WALL = 1_714_564_800.0  # 2024-05-01 12:00:00 UTC


class Clock:
    """A monotonic and a wall clock that move when the client sleeps (or when told)."""

    def __init__(self) -> None:
        self.mono = 1_000.0
        self.wall = WALL
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.mono

    def time(self) -> float:
        return self.wall

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.mono += seconds
        self.wall += seconds


def _get() -> Operation[Any]:
    return Operation(name="beats.list", method="GET", path="/beats", result=Any)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make(http_clients: list[httpx.AsyncClient], clock: Clock) -> Callable[..., AsyncAPIClient]:
    def factory(handler: Callable[[httpx.Request], httpx.Response]) -> AsyncAPIClient:
        settings = build_settings(
            SPEC,
            async_sleep=clock.sleep,
            base_url=BASE,
            auth=None,
            timeout=5.0,
            max_retries=2,
            max_retry_wait=60.0,
            requests_per_second=None,
            allow_http=False,
        )
        limiter = RateLimiter(clock=clock.monotonic, wall_clock=clock.time, window=60.0)
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        http_clients.append(http)
        return AsyncAPIClient(attrs.evolve(settings, limiter=limiter), http)

    return factory


@pytest.mark.parametrize("reset", ["30", str(int(WALL) + 30)], ids=["seconds", "epoch"])
async def test_a_call_after_the_wall_clock_is_set_back_waits_the_reset_then_sends(
    make: Callable[..., AsyncAPIClient], clock: Clock, reset: str
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        headers = {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0"}
        if len(sent) == 1:
            headers["X-RateLimit-Reset"] = reset
        return httpx.Response(200, json={"ok": True}, headers=headers)

    client = make(handler)
    assert await client._transport.request(_get()) == {"ok": True}
    clock.wall -= 3600
    assert await client._transport.request(_get()) == {"ok": True}
    assert len(sent) == 2
    assert clock.waits == [pytest.approx(30)]


async def test_a_call_after_a_resume_from_suspend_is_not_held_by_an_old_429(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    # A 429 asked for an hour: too long to wait, raised, and later calls are refused
    # without sending. The laptop then sleeps the night: the monotonic clock does not
    # count it, the wall clock does. The next call goes out.
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if len(sent) == 1:
            return httpx.Response(429, json={}, headers={"Retry-After": "3600"})
        return httpx.Response(200, json={"ok": True})

    client = make(handler)
    with pytest.raises(RateLimitError):
        await client._transport.request(_get())
    with pytest.raises(RateLimitError):
        await client._transport.request(_get())
    assert len(sent) == 1
    clock.wall += 8 * 3600
    assert await client._transport.request(_get()) == {"ok": True}
    assert len(sent) == 2
    assert clock.waits == []


@pytest.mark.parametrize("skew", [-600, 600], ids=["local clock behind", "local clock ahead"])
async def test_an_epoch_reset_is_waited_for_on_the_server_clock(
    make: Callable[..., AsyncAPIClient], clock: Clock, skew: int
) -> None:
    # The window is used up until 30 s from now on the server's clock (its Date says
    # what that clock shows). Ten minutes behind it, the next call is not refused as
    # locked out for ten minutes; ten minutes ahead, it still waits the 30 s.
    server_now = int(WALL)
    clock.wall = server_now + skew
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        headers = {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "9"}
        if len(sent) == 1:
            headers["X-RateLimit-Remaining"] = "0"
            headers["X-RateLimit-Reset"] = str(server_now + 30)
            headers["Date"] = format_datetime(datetime.fromtimestamp(server_now, UTC), usegmt=True)
        return httpx.Response(200, json={"ok": True}, headers=headers)

    client = make(handler)
    assert await client._transport.request(_get()) == {"ok": True}
    assert await client._transport.request(_get()) == {"ok": True}
    assert len(sent) == 2
    assert clock.waits == [pytest.approx(30)]
