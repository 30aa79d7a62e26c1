"""Many calls at once through ONE client, over a real loopback socket.

A user firing calls at once (``asyncio.gather`` of hundreds of tasks, a
``ThreadPoolExecutor`` of 16 threads) through one client, with an httpx pool smaller
than the concurrency: every call ends, the pacing waits are never longer than the cap,
and a 429's ``Retry-After`` is one wait the client shares (the calls not sent yet wait
it out too, instead of each sending into the lockout and being told again).

Every wait is bounded (``asyncio.wait_for``, future results with a timeout); the tests
count requests and outcomes, never time.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import attrs
import httpx
import pytest

from beatkit import AsyncBeatConnect
from beatkit.auth import Token
from beatkit.beatport import AsyncBeatport, Beatport, Genre
from beatkit.errors import BeatkitError, RateLimitError
from beatkit.testing import FakeBeatConnect, FakeServer, serve
from beatkit.testing.beatport import FakeBeatport

WAIT = 60.0
"""The bound of every group of calls; a deadlock shows up as this timeout."""
BEAT = 1234
GENRE = 6
LOCKOUT = 2
"""The Retry-After (seconds) of the lockout tests: long enough that a call sent at once
after the first 429 surely arrives inside it."""


def _recording(client: Any, sleeps: list[float]) -> None:
    """Record the client's sleeps (and sleep them: the limiter's clock is real)."""
    lock = threading.Lock()

    async def async_sleep(seconds: float) -> None:
        with lock:
            sleeps.append(seconds)
        await asyncio.sleep(seconds)

    def sleep(seconds: float) -> None:
        with lock:
            sleeps.append(seconds)
        time.sleep(seconds)

    transport = client._transport
    transport.settings = attrs.evolve(transport.settings, async_sleep=async_sleep, sleep=sleep)


def _kinds(results: list[Any]) -> Counter[str]:
    return Counter(type(result).__name__ for result in results)


# -- (1) 200 tasks through a pool of 4: all end, paced within the cap -----------------


async def test_200_tasks_through_a_small_pool_all_complete_paced_within_the_cap() -> None:
    fake = FakeBeatConnect(rate_limit=10_000)
    with serve(fake) as server:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=4)) as http:
            client = AsyncBeatConnect(
                fake.api_key,
                base_url=server.base_url,
                http_client=http,
                requests_per_second=1000.0,
                max_retry_wait=0.5,
            )
            sleeps: list[float] = []
            _recording(client, sleeps)
            results = await asyncio.wait_for(
                asyncio.gather(*(client.beats.get(BEAT) for _ in range(200))), WAIT
            )
            assert [beat.id for beat in results] == [BEAT] * 200
            # One slot a caller, in turn: the 200th waits for the 199 before it, never
            # more than a slot (1 ms) each.
            assert len(sleeps) <= 199
            assert all(0 < s <= 199 / 1000.0 + 0.05 for s in sleeps)
            limiter = client._transport.settings.limiter
            assert limiter._in_flight == 0
            assert "0 active, 0 queued" in repr(http._transport._pool)
            await client.aclose()


# -- (5) a 429's Retry-After is one wait, shared by every call of the client -----------


class LockedBeatport(FakeBeatport):
    """Beatport (no rate-limit headers), answering 429 with ``Retry-After: LOCKOUT`` to
    every API request that arrives within ``LOCKOUT`` seconds of its first 429; counts
    the answers by status."""

    def __init__(self, retry_after: int = LOCKOUT) -> None:
        super().__init__()
        self.retry_after = retry_after
        self.locked = True
        self.until: float | None = None
        self.statuses: Counter[int] = Counter()
        self._guard = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/auth/o/token/") and self.locked:
            with self._guard:
                now = time.monotonic()
                if self.until is None:
                    self.until = now + self.retry_after
                if now < self.until:
                    self.statuses[429] += 1
                    return httpx.Response(
                        429,
                        headers={"Retry-After": str(self.retry_after)},
                        json={"detail": "Request was throttled."},
                    )
        response = super().handle(request)
        with self._guard:
            self.statuses[response.status_code] += 1
        return response


def _token(fake: FakeBeatport) -> Token:
    return Token.from_response(fake.issue_token(), now=datetime.now(UTC))


@pytest.fixture
def locked() -> Iterator[FakeServer[LockedBeatport]]:
    with serve(LockedBeatport()) as server:
        yield server


async def _until(check: Any) -> None:
    for _ in range(int(WAIT / 0.01)):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the state was not reached")


async def test_a_short_retry_after_is_waited_out_by_the_calls_not_sent_yet(
    locked: FakeServer[LockedBeatport],
) -> None:
    fake = locked.fake
    async with AsyncBeatport(
        fake.client_id,
        token=_token(fake),
        base_url=locked.base_url,
        requests_per_second=None,
        max_retries=2,
        max_retry_wait=10,
    ) as client:
        sleeps: list[float] = []
        _recording(client, sleeps)
        first = asyncio.ensure_future(client.genres.get(GENRE))
        # Its 429 is in: it waits out the Retry-After before its retry.
        await asyncio.wait_for(_until(lambda: sleeps), WAIT)
        others = [asyncio.ensure_future(client.genres.get(GENRE)) for _ in range(49)]
        results = await asyncio.wait_for(asyncio.gather(first, *others), WAIT)
    assert all(isinstance(genre, Genre) and genre.id == GENRE for genre in results)
    # One 429: the 49 calls made after it waited for the lockout to end, and so did the
    # retry of the first; no call was sent into the lockout to be told again.
    assert fake.statuses == Counter({429: 1, 200: 50})
    assert all(0 < s <= 10 for s in sleeps)


def test_a_short_retry_after_is_waited_out_by_threads_not_sent_yet(
    locked: FakeServer[LockedBeatport],
) -> None:
    fake = locked.fake
    with Beatport(
        fake.client_id,
        token=_token(fake),
        base_url=locked.base_url,
        requests_per_second=None,
        max_retries=2,
        max_retry_wait=10,
    ) as client:
        sleeps: list[float] = []
        _recording(client, sleeps)
        with ThreadPoolExecutor(16) as pool:
            first = pool.submit(client.genres.get, GENRE)
            for _ in range(int(WAIT / 0.01)):
                if sleeps or first.done():
                    break
                time.sleep(0.01)
            others = [pool.submit(client.genres.get, GENRE) for _ in range(15)]
            results = [future.result(WAIT) for future in [first, *others]]
    assert all(genre.id == GENRE for genre in results)
    assert fake.statuses == Counter({429: 1, 200: 16})
    assert all(0 < s <= 10 for s in sleeps)


async def test_50_tasks_told_to_wait_past_the_cap_fail_at_once_and_send_no_more() -> None:
    fake = LockedBeatport(retry_after=3600)
    with serve(fake) as server:
        async with AsyncBeatport(
            fake.client_id,
            token=_token(fake),
            base_url=server.base_url,
            requests_per_second=None,
            max_retries=2,
            max_retry_wait=5,
        ) as client:
            sleeps: list[float] = []
            _recording(client, sleeps)
            results = await asyncio.wait_for(
                asyncio.gather(
                    *(client.genres.get(GENRE) for _ in range(50)), return_exceptions=True
                ),
                WAIT,
            )
            assert _kinds(results) == Counter({"RateLimitError": 50})
            assert {r.retry_after for r in results if isinstance(r, RateLimitError)} <= {3600}
            sent = fake.statuses[429]
            # At most one request a call (none retried), and none once the lockout is known.
            assert 1 <= sent <= 50
            with pytest.raises(RateLimitError):
                await asyncio.wait_for(client.genres.get(GENRE), WAIT)
            assert fake.statuses[429] == sent
    assert sleeps == []


# -- (2)-(4) a stale token: cancellations, threads, a close, while the refresh is out ---


TOKEN_PATH = "/auth/o/token/"


class GatedToken(FakeBeatport):
    """Beatport, whose token endpoint holds each request until ``release`` is set, and
    whose API, while ``hold_api`` is set, holds each answer until ``api_release`` is
    (each at most ``WAIT``)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.token_arrived = threading.Event()
        self.hold_api = threading.Event()
        self.api_release = threading.Event()
        self.api_arrived = threading.Semaphore(0)
        self.token_requests = 0
        self._count = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(TOKEN_PATH):
            with self._count:
                self.token_requests += 1
            self.token_arrived.set()
            self.release.wait(WAIT)
        elif self.hold_api.is_set():
            self.api_arrived.release()
            self.api_release.wait(WAIT)
        return super().handle(request)


@pytest.fixture
def gated() -> Iterator[FakeServer[GatedToken]]:
    fake = GatedToken()
    try:
        with serve(fake, hang=1.0) as server:
            yield server
    finally:
        fake.release.set()
        fake.api_release.set()


def _expired(fake: FakeBeatport) -> Token:
    return Token.from_response(fake.issue_token(expires_in=0), now=datetime.now(UTC))


def _idle(http: httpx.Client | httpx.AsyncClient) -> bool:
    return "0 active, 0 queued" in repr(http._transport._pool)  # type: ignore[attr-defined]


@pytest.mark.parametrize("refresh", ["succeeds", "fails"])
async def test_calls_cancelled_while_a_refresh_is_out_leave_the_client_working(
    gated: FakeServer[GatedToken], refresh: str
) -> None:
    fake = gated.fake
    if refresh == "fails":
        fake.fail_next(503)  # the token request (the first request: the token expired)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=4)) as http:
        client = AsyncBeatport(
            fake.client_id,
            token=_expired(fake),
            base_url=gated.base_url,
            http_client=http,
            requests_per_second=None,
            max_retries=0,
        )
        # The first task leads the refresh; the others queue on it, in the pool or on
        # the refresh lock. Every third of the others is cancelled, 30 more time out.
        tasks = [asyncio.ensure_future(client.genres.get(GENRE)) for _ in range(100)]
        timed = [
            asyncio.ensure_future(asyncio.wait_for(client.genres.get(GENRE), 0.05))
            for _ in range(30)
        ]
        assert await asyncio.to_thread(fake.token_arrived.wait, WAIT)
        await asyncio.wait(timed, timeout=WAIT)
        cancelled = tasks[1::3]
        for task in cancelled:
            task.cancel()
        fake.release.set()
        results = await asyncio.wait_for(
            asyncio.gather(*tasks, *timed, return_exceptions=True), WAIT
        )
        kept = [r for task, r in zip(tasks, results, strict=False) if task not in cancelled]
        assert _kinds(results[100:]) == Counter({"TimeoutError": 30})
        assert all(isinstance(r, asyncio.CancelledError) for r in results[1:100:3])
        if refresh == "succeeds":
            assert all(isinstance(r, Genre) for r in kept), _kinds(kept)
        else:
            # Every waiter gets the failure of the one refresh, as a beatkit error.
            assert _kinds(kept) == Counter({"ServerError": len(kept)})
            assert len({str(r) for r in kept}) == 1
            assert "token refresh" in str(kept[0])
        # One token request for the stale token, whatever was cancelled around it.
        assert fake.token_requests == 1
        limiter = client._transport.settings.limiter
        assert limiter._in_flight == 0
        assert _idle(http)
        # Still usable: a failed refresh is tried again (once) by the next calls.
        later = await asyncio.wait_for(
            asyncio.gather(*(client.genres.get(GENRE) for _ in range(20))), WAIT
        )
        assert all(genre.id == GENRE for genre in later)
        assert fake.token_requests == (1 if refresh == "succeeds" else 2)
        assert _idle(http)
        await client.aclose()


@pytest.mark.parametrize("refresh", ["succeeds", "fails"])
def test_16_threads_on_a_stale_token_share_one_refresh_through_a_small_pool(
    gated: FakeServer[GatedToken], refresh: str
) -> None:
    fake = gated.fake
    if refresh == "fails":
        fake.fail_next(503)
    with (
        httpx.Client(limits=httpx.Limits(max_connections=4)) as http,
        Beatport(
            fake.client_id,
            token=_expired(fake),
            base_url=gated.base_url,
            http_client=http,
            requests_per_second=None,
            max_retries=0,
        ) as client,
        ThreadPoolExecutor(16) as pool,
    ):
        futures = [pool.submit(client.genres.get, GENRE) for _ in range(16)]
        assert fake.token_arrived.wait(WAIT)
        fake.release.set()
        results: list[Any] = []
        for future in futures:
            try:
                results.append(future.result(WAIT))
            except BeatkitError as exc:
                results.append(exc)
        if refresh == "succeeds":
            assert all(isinstance(r, Genre) for r in results), _kinds(results)
        else:
            assert _kinds(results) == Counter({"ServerError": 16})
            assert len({str(r) for r in results}) == 1
            assert "token refresh" in str(results[0])
        assert fake.token_requests == 1
        assert _idle(http)
        assert client.genres.get(GENRE).id == GENRE
        assert fake.token_requests == (1 if refresh == "succeeds" else 2)


async def test_aclose_while_50_tasks_wait_on_a_refresh_ends_them_with_a_beatkit_error(
    gated: FakeServer[GatedToken],
) -> None:
    fake = gated.fake
    client = AsyncBeatport(
        fake.client_id, token=_expired(fake), base_url=gated.base_url, requests_per_second=None
    )
    tasks = [asyncio.ensure_future(client.genres.get(GENRE)) for _ in range(50)]
    assert await asyncio.to_thread(fake.token_arrived.wait, WAIT)
    await asyncio.wait_for(client.aclose(), WAIT)
    fake.release.set()
    results = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), WAIT)
    assert _kinds(results) == Counter({"ClientClosedError": 50})
    assert fake.token_requests == 1


def test_close_while_16_threads_are_in_flight_ends_them_with_a_beatkit_error(
    gated: FakeServer[GatedToken],
) -> None:
    fake = gated.fake
    fake.release.set()  # the token endpoint answers at once
    fake.hold_api.set()
    client = Beatport(
        fake.client_id, token=_token(fake), base_url=gated.base_url, requests_per_second=None
    )
    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(client.genres.get, GENRE) for _ in range(16)]
        assert fake.api_arrived.acquire(timeout=WAIT)
        client.close()
        fake.api_release.set()
        results: list[Any] = []
        for future in futures:
            try:
                results.append(future.result(WAIT))
            except BeatkitError as exc:
                results.append(exc)
    # Some may have been answered before the close; none ends with httpx's error.
    kinds = _kinds(results)
    assert set(kinds) <= {"ClientClosedError", "Genre"}, kinds
    assert kinds["ClientClosedError"] >= 1
