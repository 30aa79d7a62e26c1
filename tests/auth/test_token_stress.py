"""One manager hammered by 8 threads and 50 asyncio tasks while its token goes stale.

Each test runs the same waves of calls on one :class:`RefreshingAuth` (in-process
``MockTransport``, a hand-moved clock), and counts the token requests: exactly one
per stale token per attempt, whether it succeeds or fails.

1. The token is fresh: no token request.
2. The clock passes its expiry and the token endpoint fails once (503 with a
   ``Retry-After``): one token request; every caller of this wave and the next fails
   with that error, and none sends again before the wait is over.
3. The wait is over: one token request, every call succeeds.
4. The API revokes the token (every caller gets a 401) and the token endpoint fails
   once (502, no ``Retry-After``); it answers only once every caller has its 401:
   one token request, every caller gets the 502.
5. The next calls (again gated until every caller has its 401) send one token
   request, which succeeds, and are replayed.
6. Fresh again: no token request.

What makes the counts exact without timing: in waves 4 and 5 the token endpoint
holds its answer until the API has seen every caller's request (each caller has
read the manager's state before sending it); in wave 2 the ``Retry-After`` covers
callers that come after the failure. Every wait is bounded: a regression fails on
the counts, or on a join or ``wait_for`` limit, instead of hanging.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import RefreshingAuth

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

THREADS = 8
TASKS = 50
ROUNDS = 5
"""Calls each caller makes one after the other in a wave of several rounds."""
WAIT = 60.0
"""The longest one wave may take; a deadlock shows up as this limit."""
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/beats"
RETRY_AFTER = 30


def _outcome(status: int | None = None, error: BaseException | None = None) -> str:
    return str(status) if error is None else type(error).__name__


def run_wave(
    auth: RefreshingAuth, server: FakeOAuth, *, threads: int, tasks: int, rounds: int
) -> Counter[str]:
    """``threads`` threads (one sync client) and ``tasks`` tasks (one async client, on an
    event loop in a thread of its own) each make ``rounds`` calls; the outcomes counted:
    a status code, or the name of the exception raised."""
    outcomes: Counter[str] = Counter()
    guard = threading.Lock()
    crashed: list[BaseException] = []
    barrier = threading.Barrier(threads + (1 if tasks else 0), timeout=WAIT)

    def record(outcome: str) -> None:
        with guard:
            outcomes[outcome] += 1

    def thread_caller(client: httpx.Client) -> None:
        try:
            barrier.wait()
            for _ in range(rounds):
                try:
                    record(_outcome(client.get(URL).status_code))
                except Exception as exc:  # counted: the test asserts which
                    record(_outcome(error=exc))
        except BaseException as exc:  # a broken barrier, or worse: fails the test
            crashed.append(exc)

    async def tasks_main() -> None:
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(server.async_handler), auth=auth
        ) as client:

            async def task_caller() -> None:
                for _ in range(rounds):
                    try:
                        record(_outcome((await client.get(URL)).status_code))
                    except Exception as exc:
                        record(_outcome(error=exc))

            barrier.wait()  # before any task runs: blocks this loop's thread only
            await asyncio.wait_for(asyncio.gather(*(task_caller() for _ in range(tasks))), WAIT)

    def loop_thread() -> None:
        try:
            asyncio.run(tasks_main())
        except BaseException as exc:
            crashed.append(exc)

    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        workers = [
            threading.Thread(target=thread_caller, args=(client,), daemon=True)
            for _ in range(threads)
        ]
        if tasks:
            workers.append(threading.Thread(target=loop_thread, daemon=True))
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + WAIT
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
    stuck = sum(worker.is_alive() for worker in workers)
    assert stuck == 0, f"{stuck} of {len(workers)} workers were still blocked after {WAIT} s"
    assert crashed == []
    return outcomes


def _refresh_tokens_sent(server: FakeOAuth) -> list[str | None]:
    return [form.get("refresh_token") for form in server.token_requests]


@pytest.mark.parametrize(
    ("threads", "tasks"),
    [(THREADS, 0), (0, TASKS), (THREADS, TASKS)],
    ids=["8-threads", "50-tasks", "8-threads-and-50-tasks"],
)
def test_one_token_request_per_stale_token_under_load(
    server: FakeOAuth, clock: FakeClock, threads: int, tasks: int
) -> None:
    callers = threads + tasks
    first = server.seed(expires_at=clock.now + timedelta(hours=1))
    auth = RefreshingAuth(TOKEN_URL, "cid", token=first, hosts="api.example.com", clock=clock)

    def wave(rounds: int) -> Counter[str]:
        return run_wave(auth, server, threads=threads, tasks=tasks, rounds=rounds)

    # 1. Fresh: no token request.
    assert wave(ROUNDS) == {"200": callers * ROUNDS}
    assert server.token_requests == []

    # 2. Expired mid-run, and the token endpoint fails once, asking for a pause.
    clock.advance(3600)
    server.token_replies.append(
        httpx.Response(503, json={"error": "busy"}, headers={"Retry-After": str(RETRY_AFTER)})
    )
    assert wave(1) == {"ServerError": callers}
    assert wave(ROUNDS) == {"ServerError": callers * ROUNDS}
    assert _refresh_tokens_sent(server) == [first.refresh_token]

    # 3. The pause is over: one refresh, every call succeeds.
    clock.advance(RETRY_AFTER + 1)
    assert wave(ROUNDS) == {"200": callers * ROUNDS}
    assert _refresh_tokens_sent(server) == [first.refresh_token] * 2
    second = auth.token
    assert second is not None
    assert second.refresh_token not in (None, first.refresh_token)

    # 4. Revoked mid-run (every caller gets a 401), and the token endpoint fails once,
    # answering only once every caller has its 401.
    server.revoke_all_access()
    server.token_replies.append(httpx.Response(502, text="<html>Bad gateway</html>"))
    server.token_gate = len(server.api_auth) + callers
    assert wave(1) == {"ServerError": callers}
    assert _refresh_tokens_sent(server) == [first.refresh_token] * 2 + [second.refresh_token]
    assert auth.token is second

    # 5. A new attempt: one refresh, every caller's request replayed with its token.
    server.token_gate = len(server.api_auth) + callers
    assert wave(1) == {"200": callers}
    assert _refresh_tokens_sent(server) == [first.refresh_token] * 2 + [second.refresh_token] * 2
    third = auth.token
    assert third is not None
    assert third is not second

    # 6. Fresh again: no token request.
    assert wave(ROUNDS) == {"200": callers * ROUNDS}
    assert len(server.token_requests) == 4
    assert server.token_replies == type(server.token_replies)()  # both failures were served
