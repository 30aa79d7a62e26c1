"""Single-flight token refresh under load, over a real loopback socket.

Every test here runs many callers (200 asyncio tasks, 16 threads) against the
Beatport fake served on 127.0.0.1, with the clients' default connection pool, and
counts the token requests the server receives: exactly one per stale token,
whether the refresh succeeds or fails. Every wait is bounded (``asyncio.wait_for``,
thread joins with a timeout, and a per-test alarm), so a regression fails instead
of hanging the suite.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from types import FrameType
from typing import Any, TypeVar

import httpx
import pytest

from beatkit.auth import RefreshingAuth, Token
from beatkit.beatport import AsyncBeatport, Beatport, Genre
from beatkit.errors import APITimeoutError, AuthenticationError, ConfigurationError
from beatkit.testing.beatport import FakeBeatport
from beatkit.testing.server import FakeServer, serve

T = TypeVar("T")

TASKS = 200
THREADS = 16
WAIT = 60.0
"""The longest any group of callers may take; a deadlock shows up as this timeout."""
GATE = 20.0
"""The longest the token endpoint holds a request for the callers to arrive (less
than the clients' 30 s read timeout)."""
ALARM = 150
"""The whole test, set-up and tear-down included."""
TOKEN_PATH = "/auth/o/token/"
GENRE = 6


@pytest.fixture(autouse=True)
def _alarm() -> Iterator[None]:
    """Fail a test that hangs anyway, e.g. in a tear-down the bounded waits do not cover."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"the test ran longer than {ALARM} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(ALARM)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class GatedBeatport(FakeBeatport):
    """The Beatport fake, whose token endpoint answers only once every caller is waiting.

    The token endpoint holds a request (outside the fake's lock, so the API keeps
    answering) until the API has received ``gate`` requests: every caller then
    got its 401 and waits on the refresh, the case where a flow that keeps its
    401 response's connection starves the pool. The hold is bounded; whether it
    ran out is recorded in :attr:`gate_timed_out`.
    """

    def __init__(self) -> None:
        super().__init__()
        self.gate = 0
        self.gate_timed_out = False
        self.token_arrivals = 0
        """Token requests received, counted before the gate (``requests`` is after it)."""
        self._api_calls = 0
        self._arrivals = threading.Condition()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(TOKEN_PATH):
            with self._arrivals:
                self.token_arrivals += 1
                opened = self._arrivals.wait_for(lambda: self._api_calls >= self.gate, GATE)
                self.gate_timed_out |= not opened
        else:
            with self._arrivals:
                self._api_calls += 1
                self._arrivals.notify_all()
        return super().handle(request)

    def token_requests(self) -> int:
        return len(self.requests_to(TOKEN_PATH, "POST"))


@pytest.fixture
def fake() -> GatedBeatport:
    return GatedBeatport()


@pytest.fixture
def server(fake: GatedBeatport) -> Iterator[FakeServer]:
    # An injected timeout holds its connection until the server stops.
    with serve(fake, hang=ALARM) as running:
        yield running


def _token(fake: FakeBeatport, *, expires_in: int | None = None) -> Token:
    return Token.from_response(fake.issue_token(expires_in=expires_in), now=datetime.now(UTC))


def _stale_token(fake: GatedBeatport, how: str, *, dead_refresh_token: bool = False) -> Token:
    """A token the next requests must replace: revoked on the server, or expired by the clock."""
    if how == "revoked":
        token = _token(fake)
        fake.expire_access_tokens()
    else:
        token = _token(fake, expires_in=0)
    if dead_refresh_token:
        fake.revoke_refresh_tokens()
    return token


def _sync_client(server: FakeServer, token: Token, **options: Any) -> Beatport:
    fake = server.fake
    assert isinstance(fake, FakeBeatport)
    return Beatport(
        fake.client_id,
        token=token,
        base_url=server.base_url,
        requests_per_second=None,
        **options,
    )


def _async_client(server: FakeServer, token: Token, **options: Any) -> AsyncBeatport:
    fake = server.fake
    assert isinstance(fake, FakeBeatport)
    return AsyncBeatport(
        fake.client_id,
        token=token,
        base_url=server.base_url,
        requests_per_second=None,
        **options,
    )


def run_threads(call: Callable[[], T], count: int = THREADS) -> list[T | BaseException]:
    """Run ``call`` in ``count`` threads started together; each result or exception, in order."""
    barrier = threading.Barrier(count, timeout=WAIT)
    results: list[T | BaseException | None] = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as exc:  # collected for the test to inspect
            results[index] = exc

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    assert stuck == 0, f"{stuck} of {count} threads were still blocked after {WAIT} s"
    return [result for result in results if result is not None]


async def run_tasks(
    call: Callable[[], Awaitable[T]], count: int = TASKS
) -> list[T | BaseException]:
    """Run ``call`` in ``count`` concurrent tasks; each result or exception, in order."""
    try:
        return await asyncio.wait_for(
            asyncio.gather(*(call() for _ in range(count)), return_exceptions=True), WAIT
        )
    except TimeoutError:
        pytest.fail(f"{count} tasks were still blocked after {WAIT} s")


def _assert_all_genres(results: list[Genre | BaseException], count: int) -> None:
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == [], f"{len(failures)} calls failed, first: {failures[:1]!r}"
    assert len(results) == count
    assert all(isinstance(r, Genre) and r.id == GENRE for r in results)


def _assert_all_invalid_grant(results: list[Any], count: int) -> None:
    assert len(results) == count
    assert all(isinstance(r, AuthenticationError) for r in results), results[:3]
    assert {r.code for r in results} == {"invalid_grant"}


# -- a revoked token: one refresh, every call succeeds --------------------------------


async def test_200_tasks_on_a_revoked_token_send_one_refresh(
    fake: GatedBeatport, server: FakeServer
) -> None:
    token = _stale_token(fake, "revoked")
    fake.gate = TASKS
    async with _async_client(server, token) as client:
        results = await run_tasks(lambda: client.genres.get(GENRE))
        _assert_all_genres(results, TASKS)
        assert client.auth.token is not None
        assert client.auth.token.access_token != token.access_token
    assert fake.token_requests() == 1
    assert fake.refresh_count == 1
    assert not fake.gate_timed_out


def test_16_threads_on_a_revoked_token_send_one_refresh(
    fake: GatedBeatport, server: FakeServer
) -> None:
    token = _stale_token(fake, "revoked")
    fake.gate = THREADS
    with _sync_client(server, token) as client:
        results = run_threads(lambda: client.genres.get(GENRE))
        _assert_all_genres(results, THREADS)
    assert fake.token_requests() == 1
    assert fake.refresh_count == 1
    assert not fake.gate_timed_out


def test_threads_waiting_on_a_refresh_hold_no_pooled_connection(
    fake: GatedBeatport, server: FakeServer
) -> None:
    # More threads than connections: a flow that keeps its 401 response while it
    # waits for the lock leaves the refresh no connection to send on.
    token = _stale_token(fake, "revoked")
    fake.gate = THREADS
    with (
        httpx.Client(limits=httpx.Limits(max_connections=4)) as http,
        _sync_client(server, token, http_client=http) as client,
    ):
        results = run_threads(lambda: client.genres.get(GENRE))
        _assert_all_genres(results, THREADS)
    assert fake.token_requests() == 1


# -- a dead refresh token: one token request, every caller gets invalid_grant ------


@pytest.mark.parametrize("how", ["revoked", "expired"])
async def test_a_failed_refresh_fails_200_tasks_with_one_request(
    fake: GatedBeatport, server: FakeServer, how: str
) -> None:
    token = _stale_token(fake, how, dead_refresh_token=True)
    fake.gate = TASKS if how == "revoked" else 0
    async with _async_client(server, token) as client:
        results = await run_tasks(lambda: client.genres.get(GENRE))
        _assert_all_invalid_grant(results, TASKS)
        # The token is kept: the user must log in again.
        assert client.auth.token == token
    assert fake.token_requests() == 1


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_failed_refresh_fails_16_threads_with_one_request(
    fake: GatedBeatport, server: FakeServer, how: str
) -> None:
    token = _stale_token(fake, how, dead_refresh_token=True)
    fake.gate = THREADS if how == "revoked" else 0
    with _sync_client(server, token) as client:
        results = run_threads(lambda: client.genres.get(GENRE))
        _assert_all_invalid_grant(results, THREADS)
        assert client.auth.token == token
    assert fake.token_requests() == 1


async def test_a_dead_refresh_token_is_not_sent_again(
    fake: GatedBeatport, server: FakeServer
) -> None:
    token = _stale_token(fake, "expired", dead_refresh_token=True)
    async with _async_client(server, token) as client:
        for _ in range(3):
            with pytest.raises(AuthenticationError) as info:
                await asyncio.wait_for(client.genres.get(GENRE), WAIT)
            assert info.value.code == "invalid_grant"
        # A new token (a new login) is refreshed as usual.
        client.auth.set_token(_token(fake, expires_in=0))
        fake.gate = 0
        assert (await asyncio.wait_for(client.genres.get(GENRE), WAIT)).id == GENRE
    assert fake.token_requests() == 2


# -- a token endpoint that never answers: the client's timeout applies -------------


async def test_a_hanging_token_endpoint_times_out_with_the_client_timeout(
    fake: GatedBeatport, server: FakeServer
) -> None:
    token = _stale_token(fake, "expired")
    fake.timeout_next()  # the token request: held without an answer
    async with _async_client(server, token, timeout=1, max_retries=0) as client:
        with pytest.raises(APITimeoutError):
            await asyncio.wait_for(client.genres.get(GENRE), WAIT)
        # The lock was released: the next call refreshes and succeeds.
        assert (await asyncio.wait_for(client.genres.get(GENRE), WAIT)).id == GENRE
    assert fake.token_requests() == 2


def test_a_hanging_token_endpoint_times_out_with_the_client_timeout_sync(
    fake: GatedBeatport, server: FakeServer
) -> None:
    token = _stale_token(fake, "expired")
    fake.timeout_next()
    with _sync_client(server, token, timeout=1, max_retries=0) as client:
        [first] = run_threads(lambda: client.genres.get(GENRE), count=1)
        assert isinstance(first, APITimeoutError)
        [second] = run_threads(lambda: client.genres.get(GENRE), count=1)
        assert isinstance(second, Genre)
    assert fake.token_requests() == 2


async def test_a_token_timeout_fails_200_tasks_with_one_request(
    fake: GatedBeatport, server: FakeServer
) -> None:
    token = _stale_token(fake, "expired")
    fake.timeout_next()
    async with _async_client(server, token, timeout=1, max_retries=0) as client:
        results = await run_tasks(lambda: client.genres.get(GENRE))
    assert len(results) == TASKS
    assert all(isinstance(r, APITimeoutError) for r in results), results[:3]
    assert fake.token_requests() == 1


def test_a_token_timeout_fails_16_threads_with_one_request(
    fake: GatedBeatport, server: FakeServer
) -> None:
    token = _stale_token(fake, "expired")
    fake.timeout_next()
    with _sync_client(server, token, timeout=1, max_retries=0) as client:
        results = run_threads(lambda: client.genres.get(GENRE))
    assert len(results) == THREADS
    assert all(isinstance(r, APITimeoutError) for r in results), results[:3]
    assert fake.token_requests() == 1


# -- one manager shared by a sync and an async client -----------------------------


def _shared_manager(server: FakeServer, token: Token) -> RefreshingAuth:
    fake = server.fake
    assert isinstance(fake, FakeBeatport)
    return RefreshingAuth(
        server.base_url + TOKEN_PATH,
        fake.client_id,
        token=token,
        hosts=["127.0.0.1"],
        service="beatport",
    )


def test_a_sync_and_an_async_client_sharing_a_manager_refresh_once(
    fake: GatedBeatport, server: FakeServer
) -> None:
    token = _stale_token(fake, "revoked")
    fake.gate = TASKS + THREADS
    auth = _shared_manager(server, token)
    url = f"{server.base_url}/catalog/genres/{GENRE}/"
    task_results: list[list[int | BaseException]] = []

    async def many_tasks() -> None:
        async with httpx.AsyncClient(auth=auth, timeout=WAIT) as client:

            async def call() -> int:
                return (await client.get(url)).status_code

            task_results.append(await run_tasks(call))

    loop_thread = threading.Thread(target=lambda: asyncio.run(many_tasks()), daemon=True)
    with httpx.Client(auth=auth, timeout=WAIT) as client:
        loop_thread.start()
        thread_results = run_threads(lambda: client.get(url).status_code)
        loop_thread.join(WAIT)
    assert not loop_thread.is_alive(), "the asyncio tasks were still blocked"
    assert thread_results == [200] * THREADS
    assert task_results == [[200] * TASKS]
    assert fake.token_requests() == 1
    assert not fake.gate_timed_out


async def test_a_blocking_call_inside_the_refreshing_loop_is_refused(
    fake: GatedBeatport, server: FakeServer
) -> None:
    # A sync call on the thread whose event loop holds the refresh lock could only
    # wait for ever (the loop cannot run while it blocks): it raises instead.
    token = _stale_token(fake, "revoked")
    fake.gate = 2  # the token endpoint holds the refresh until the sync call is made
    auth = _shared_manager(server, token)
    url = f"{server.base_url}/catalog/genres/{GENRE}/"
    async with httpx.AsyncClient(auth=auth, timeout=WAIT) as aclient:
        refresh = asyncio.create_task(aclient.get(url))
        while fake.token_arrivals == 0:
            await asyncio.wait_for(asyncio.sleep(0.01), WAIT)
            assert not refresh.done(), refresh
        with (
            httpx.Client(auth=auth, timeout=WAIT) as client,
            pytest.raises(ConfigurationError, match="loop"),
        ):
            client.get(url)
        assert (await asyncio.wait_for(refresh, WAIT)).status_code == 200
    assert fake.token_requests() == 1
