"""A failing refresh costs ``1 + max_retries`` token requests, however many callers wait.

Many threads (one sync client) or asyncio tasks (one async client) find the token
stale at once; the token endpoint, served on 127.0.0.1, answers every token request
503 (``Retry-After: 0``, none, or ``1``). The first caller's refresh fails, every
waiter gets a copy of that failure, and the client retries each call ``max_retries``
times. One caller's retry asks the token endpoint again in each retry round; the
others get that round's failure without sending.

A sync client's waiters do not get the refresh lock in the order they asked for it
(a ``threading.Lock`` is not fair): one that got it only after several rounds had
failed took the newest failure as its own and started its retries from there,
sending a token request in rounds the others had finished. With ``Retry-After: 0``
(the retries come back at once) 16 threads with ``max_retries=2`` sent 10 token
requests instead of 3.

Every caller takes its look at the token (the clock) before the first token request
is answered: the token endpoint holds that request until all of them have (bounded by
``GATE``), so no caller is a new call that starts after a failure. The tests count
token requests, never time; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import ServerError
from beatkit.testing.beatport import FakeBeatport
from beatkit.testing.server import serve

THREADS = 16
TASKS = 100
WAIT = 60.0
"""The bound of every group of calls; a deadlock shows up as this timeout."""
GATE = 20.0
"""The longest the token endpoint holds the first token request for the callers."""
TOKEN_PATH = "/auth/o/token/"
OP = Operation(name="me", method="GET", path="/me", result=Any)

CALLER: contextvars.ContextVar[int] = contextvars.ContextVar("caller")
"""Which caller (thread or task) is running: set by each one before its call."""


class FailingTokenEndpoint(FakeBeatport):
    """The Beatport fake, whose token endpoint answers every request 503.

    Its first token request is held until ``callers`` callers have read the token
    manager's clock (:meth:`manager_clock`): every caller then found the token stale
    before any refresh failed.
    """

    def __init__(self, callers: int, retry_after: str | None) -> None:
        super().__init__()
        self.callers = callers
        self.headers = {} if retry_after is None else {"Retry-After": retry_after}
        self.token_requests = 0
        self.gate_timed_out = False
        self._looked: set[int] = set()
        self._arrivals = threading.Condition()

    def manager_clock(self) -> datetime:
        """The token manager's clock (real time), noting which caller read it."""
        caller = CALLER.get(None)
        with self._arrivals:
            if caller is not None:
                self._looked.add(caller)
                self._arrivals.notify_all()
        return datetime.now(UTC)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith(TOKEN_PATH):
            return super().handle(request)
        with self._arrivals:
            self.token_requests += 1
            if self.token_requests == 1:
                opened = self._arrivals.wait_for(lambda: len(self._looked) >= self.callers, GATE)
                self.gate_timed_out = not opened
        return httpx.Response(503, headers=self.headers, json={"detail": "Try again later."})


def _stale_auth(fake: FailingTokenEndpoint, base_url: str) -> RefreshingAuth:
    token = Token.from_response(fake.issue_token(expires_in=0), now=datetime.now(UTC))
    return RefreshingAuth(
        base_url + TOKEN_PATH,
        fake.client_id,
        token=token,
        hosts=["127.0.0.1"],
        clock=fake.manager_clock,
    )


@pytest.fixture
def served() -> Iterator[Any]:
    """A function serving a :class:`FailingTokenEndpoint`; the servers stop at the end."""
    stack: list[Any] = []

    def start(callers: int, retry_after: str | None) -> tuple[FailingTokenEndpoint, str]:
        fake = FailingTokenEndpoint(callers, retry_after)
        running = serve(fake)
        server = running.__enter__()
        stack.append(running)
        return fake, str(server.base_url)

    yield start
    for running in reversed(stack):
        running.__exit__(None, None, None)


def _settings(auth: RefreshingAuth, base_url: str, max_retries: int) -> Any:
    # max_retry_wait=1: Retry-After 1 is waited out; backoffs without one are cut to 1 s.
    return build_settings(
        ServiceSpec(name="testsvc"),
        base_url=base_url,
        auth=auth,
        max_retries=max_retries,
        max_retry_wait=1.0,
    )


def _assert_all_failed_alike(results: list[Any], count: int) -> None:
    assert len(results) == count
    assert all(isinstance(result, ServerError) for result in results), results[:3]
    assert {result.status_code for result in results} == {503}
    # Says it was the token refresh that failed, not the call itself.
    assert all("token refresh" in str(result) for result in results)
    # Each caller its own copy (a caller may add notes to its own).
    assert len({id(result) for result in results}) == count


RETRY_AFTER = pytest.mark.parametrize("retry_after", ["0", None, "1"])
MAX_RETRIES = pytest.mark.parametrize("max_retries", [0, 1, 2])


@RETRY_AFTER
@MAX_RETRIES
def test_threads_on_one_failing_refresh_send_one_token_request_per_round(
    served: Any, retry_after: str | None, max_retries: int
) -> None:
    fake, base_url = served(THREADS, retry_after)
    auth = _stale_auth(fake, base_url)
    barrier = threading.Barrier(THREADS, timeout=WAIT)
    results: list[Any] = [None] * THREADS
    with APIClient(_settings(auth, base_url, max_retries)) as client:

        def call(index: int) -> None:
            CALLER.set(index)
            try:
                barrier.wait()
                client._transport.request(OP)
            except BaseException as exc:  # collected for the test to inspect
                results[index] = exc

        threads = [threading.Thread(target=call, args=(i,), daemon=True) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + WAIT
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        assert not any(thread.is_alive() for thread in threads), f"blocked after {WAIT} s"
    assert not fake.gate_timed_out
    _assert_all_failed_alike(results, THREADS)
    assert fake.token_requests == 1 + max_retries


@RETRY_AFTER
@MAX_RETRIES
async def test_tasks_on_one_failing_refresh_send_one_token_request_per_round(
    served: Any, retry_after: str | None, max_retries: int
) -> None:
    fake, base_url = served(TASKS, retry_after)
    auth = _stale_auth(fake, base_url)
    async with AsyncAPIClient(_settings(auth, base_url, max_retries)) as client:

        async def call(index: int) -> BaseException | None:
            CALLER.set(index)
            try:
                await client._transport.request(OP)
            except BaseException as exc:  # collected for the test to inspect
                return exc
            return None

        try:
            results = await asyncio.wait_for(asyncio.gather(*(call(i) for i in range(TASKS))), WAIT)
        except TimeoutError:
            pytest.fail(f"{TASKS} tasks were still blocked after {WAIT} s")
    assert not fake.gate_timed_out
    _assert_all_failed_alike(results, TASKS)
    assert fake.token_requests == 1 + max_retries
