"""Rate-limit lockouts, unreadable rate-limit headers and file modes, through the send loop.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
Time is a fake clock: the transport's sleep records the wait and moves the clock on, and
the rate limiter reads the same clock, so nothing is ever slept.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
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
    """A monotonic and a wall clock that move only when the client sleeps."""

    def __init__(self) -> None:
        self.mono = 1_000.0
        self.wall = WALL
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.mono

    def time(self) -> float:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.advance(seconds)


class Server:
    """Answers from a script (the last answer repeats) and records every request."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


def ok(**headers: str) -> httpx.Response:
    return httpx.Response(200, json={"ok": True}, headers=headers)


def too_many(**headers: str) -> httpx.Response:
    return httpx.Response(429, json={"message": "Too Many Attempts."}, headers=headers)


def get() -> Operation[Any]:
    return Operation(name="beats.list", method="GET", path="/beats", result=Any)


def post() -> Operation[Any]:
    return Operation(
        name="orders.create", method="POST", path="/orders", json={"beat": 1}, result=Any
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make(http_clients: list[httpx.AsyncClient], clock: Clock) -> Callable[..., AsyncAPIClient]:
    def factory(handler: Callable[[httpx.Request], Any], **overrides: Any) -> AsyncAPIClient:
        kwargs: dict[str, Any] = {
            "base_url": BASE,
            "auth": None,
            "timeout": 5.0,
            "max_retries": 2,
            "max_retry_wait": 60.0,
            "requests_per_second": None,
            "allow_http": False,
        }
        kwargs.update(overrides)
        settings = build_settings(SPEC, async_sleep=clock.sleep, **kwargs)
        limiter = RateLimiter(clock=clock.monotonic, wall_clock=clock.time)
        settings = attrs.evolve(settings, limiter=limiter)
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        http_clients.append(http)
        return AsyncAPIClient(settings, http)

    return factory


# --- a rate-limit header never fails a request ------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"X-RateLimit-Limit": "inf", "X-RateLimit-Remaining": "4"},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(WALL * 1000) + 5_000)},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "9" * 40},
        {"X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "1e300"},
    ],
)
async def test_rate_limit_headers_never_fail_a_post(
    make: Callable[..., AsyncAPIClient], clock: Clock, headers: dict[str, str]
) -> None:
    # Regression: an unreadable X-RateLimit-* header raised from observe() after a POST had
    # succeeded, inviting the caller to send the write again.
    server = Server(ok(**headers))
    client = make(server)
    assert await client._transport.request(post()) == {"ok": True}
    assert len(server.requests) == 1


async def test_epoch_millisecond_reset_is_waited_for(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    reset_ms = int(WALL * 1000) + 5_000
    server = Server(ok(**{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset_ms)}), ok())
    client = make(server)
    await client._transport.request(get())
    await client._transport.request(get())
    assert clock.waits == [pytest.approx(5.0)]
    assert len(server.requests) == 2


# --- a known lockout longer than max_retry_wait: raise at once, send nothing --------------------


async def test_window_used_up_beyond_max_wait_raises_before_sending(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    # Regression: the next call slept max_retry_wait, then sent before the reset and met
    # the same 429 again.
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "120"}
    server = Server(too_many(**headers, **{"Retry-After": "120"}), ok())
    client = make(server)
    with pytest.raises(RateLimitError) as first:
        await client._transport.request(get())
    assert first.value.retry_after == 120
    assert len(server.requests) == 1

    with pytest.raises(RateLimitError) as second:
        await client._transport.request(post())
    assert second.value.retry_after == pytest.approx(120)
    assert second.value.status_code == 429
    assert second.value.service == "testsvc"
    assert "max_retry_wait" in str(second.value)
    assert len(server.requests) == 1  # nothing sent into the lockout
    assert clock.waits == []

    clock.advance(121)
    assert await client._transport.request(get()) == {"ok": True}
    assert len(server.requests) == 2


async def test_used_up_window_on_a_success_beyond_max_wait_raises_before_sending(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    reset = str(int(WALL) + 300)  # epoch seconds
    server = Server(ok(**{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}))
    client = make(server, max_retry_wait=30.0)
    await client._transport.request(get())
    with pytest.raises(RateLimitError) as caught:
        await client._transport.request(get())
    assert caught.value.retry_after == pytest.approx(300)
    assert len(server.requests) == 1
    assert clock.waits == []


async def test_used_up_window_within_max_wait_is_waited_out_whole(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    server = Server(ok(**{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "45"}), ok())
    client = make(server, max_retry_wait=60.0)
    await client._transport.request(get())
    await client._transport.request(get())
    assert clock.waits == [pytest.approx(45.0)]
    assert len(server.requests) == 2


async def test_429_with_no_retry_after_and_a_far_reset_is_not_resent(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    # No Retry-After: the retry policy would back off briefly and resend; the limiter
    # knows the window stays shut for 10 minutes and stops it.
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "600"}
    server = Server(too_many(**headers), ok())
    client = make(server)
    with pytest.raises(RateLimitError) as caught:
        await client._transport.request(get())
    assert caught.value.retry_after == pytest.approx(600, abs=2)
    assert len(server.requests) == 1


async def test_long_retry_after_holds_later_calls(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    # Retry-After alone (no X-RateLimit-* headers) also marks a known lockout.
    server = Server(too_many(**{"Retry-After": "3600"}), ok())
    client = make(server)
    with pytest.raises(RateLimitError):
        await client._transport.request(post())
    clock.advance(600)
    with pytest.raises(RateLimitError) as caught:
        await client._transport.request(get())
    assert caught.value.retry_after == pytest.approx(3000)
    assert len(server.requests) == 1
    clock.advance(2_970)
    # 30 s left: within max_retry_wait, so the whole rest is waited, then the call goes out.
    assert await client._transport.request(get()) == {"ok": True}
    assert clock.waits == [pytest.approx(30.0)]
    assert len(server.requests) == 2


async def test_fixed_pace_longer_than_max_wait_is_still_capped(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    # requests_per_second is beatkit's own politeness, not a server lockout: capped, not refused.
    server = Server(ok())
    client = make(server, max_retry_wait=5.0)
    client._transport.settings.limiter.requests_per_second = 0.001
    await client._transport.request(get())
    await client._transport.request(get())
    assert clock.waits == [5.0]
    assert len(server.requests) == 2


async def test_save_is_refused_during_a_known_lockout(
    make: Callable[..., AsyncAPIClient], clock: Clock, tmp_path: Path
) -> None:
    server = Server(too_many(**{"Retry-After": "900"}))
    client = make(server)
    with pytest.raises(RateLimitError):
        await client._transport.request(get())
    with pytest.raises(RateLimitError):
        await client._transport.save(get(), tmp_path / "track.mp3")
    assert len(server.requests) == 1
    assert list(tmp_path.iterdir()) == []


# --- a raw-sent request's 429 holds later calls as a normal call's does --------------------------


async def test_a_raw_sent_429_with_a_long_retry_after_holds_later_calls(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    # Regression: send_raw (login steps) returned the 429 and recorded no hold, so the next
    # call went straight into the lockout the server had announced.
    server = Server(too_many(**{"Retry-After": "3600"}), ok())
    client = make(server)
    transport = client._transport
    response = await transport.send_raw(httpx.Request("POST", f"{BASE}/auth/login/"))
    assert response.status_code == 429  # returned, not raised: the caller decides
    clock.advance(600)
    with pytest.raises(RateLimitError) as caught:
        await transport.request(get())
    assert caught.value.retry_after == pytest.approx(3000)
    with pytest.raises(RateLimitError):
        await transport.send_raw(httpx.Request("POST", f"{BASE}/auth/login/"))
    assert len(server.requests) == 1  # nothing sent into the lockout
    clock.advance(2_970)
    # 30 s left: within max_retry_wait, so the rest is waited out, then the call goes out.
    assert await transport.request(get()) == {"ok": True}
    assert clock.waits == [pytest.approx(30.0)]
    assert len(server.requests) == 2


async def test_a_raw_sent_429_from_another_host_holds_nothing(
    make: Callable[..., AsyncAPIClient], clock: Clock
) -> None:
    # As for a normal call: only the API's own host speaks for the API's limits.
    server = Server(too_many(**{"Retry-After": "3600"}), ok())
    client = make(server)
    transport = client._transport
    response = await transport.send_raw(httpx.Request("GET", "https://cdn.test/file"))
    assert response.status_code == 429
    assert await transport.request(get()) == {"ok": True}
    assert clock.waits == []


# --- file modes of saved media -------------------------------------------------------------------


def audio() -> httpx.Response:
    return httpx.Response(200, content=b"ID3" + bytes(200), headers={"Content-Type": "audio/mpeg"})


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def current_umask() -> int:
    # Tests run single-threaded here; the library itself never changes the umask.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
async def test_saved_media_gets_the_umask_mode(
    make: Callable[..., AsyncAPIClient], tmp_path: Path
) -> None:
    # Regression: downloads were written with mkstemp's 0600, unreadable by a media server
    # running as another user.
    client = make(Server(audio()))
    dest = tmp_path / "track.mp3"
    await client._transport.save(get(), dest)
    assert mode_of(dest) == 0o666 & ~current_umask()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
async def test_saved_media_keeps_the_mode_of_the_file_it_replaces(
    make: Callable[..., AsyncAPIClient], tmp_path: Path
) -> None:
    client = make(Server(audio()))
    dest = tmp_path / "track.mp3"
    dest.write_bytes(b"old")
    dest.chmod(0o644)
    await client._transport.save(get(), dest)
    assert dest.read_bytes().startswith(b"ID3")
    assert mode_of(dest) == 0o644
    dest.chmod(0o640)
    await client._transport.save(get(), dest)
    assert mode_of(dest) == 0o640
