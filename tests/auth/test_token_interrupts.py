"""A ``KeyboardInterrupt`` or ``SystemExit`` inside one thread's token refresh.

The interrupted thread gets its interrupt; the threads waiting on that refresh are not
left waiting: the lock is released and one of them sends the refresh instead (one
token request at a time), and every one gets a token. Waits are events and joins
bounded by ``WAIT``.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import RefreshingAuth

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

WAIT = 30.0
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
WAITERS = 4


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
@pytest.mark.parametrize("where", ["request", "on_token"])
def test_an_interrupted_refresh_leaves_the_lock_to_its_waiters(
    server: FakeOAuth, clock: FakeClock, interrupt: type[BaseException], where: str
) -> None:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    arrived, release = threading.Event(), threading.Event()
    leader_thread: list[threading.Thread] = []
    lock = threading.Lock()
    in_flight = most_in_flight = calls = 0

    def interrupt_the_leader() -> None:
        if threading.current_thread() is leader_thread[0]:
            arrived.set()
            assert release.wait(WAIT), "the test never released the leader"
            raise interrupt()

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most_in_flight, calls
        if request.url.host != "auth.example.com":
            return server.handler(request)
        with lock:
            in_flight += 1
            calls += 1
            most_in_flight = max(most_in_flight, in_flight)
        try:
            if where == "request":
                interrupt_the_leader()
            return server.handler(request)
        finally:
            with lock:
                in_flight -= 1

    def on_token(token: object) -> None:
        if where == "on_token":
            interrupt_the_leader()

    auth = RefreshingAuth(
        TOKEN_URL, "cid", token=stale, hosts="api.example.com", clock=clock, on_token=on_token
    )
    client = httpx.Client(transport=httpx.MockTransport(handler), auth=auth)
    outcomes: dict[str, object] = {}

    def call(name: str) -> None:
        try:
            outcomes[name] = client.get(URL).status_code
        except BaseException as exc:  # recorded for the assertions
            outcomes[name] = exc

    leader = threading.Thread(target=call, args=("leader",), daemon=True)
    leader_thread.append(leader)
    leader.start()
    assert arrived.wait(WAIT)
    waiters = [
        threading.Thread(target=call, args=(f"waiter{i}",), daemon=True) for i in range(WAITERS)
    ]
    for thread in waiters:
        thread.start()
    release.set()
    for thread in [leader, *waiters]:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in [leader, *waiters])
    assert isinstance(outcomes.pop("leader"), interrupt)
    assert outcomes == {f"waiter{i}": 200 for i in range(WAITERS)}
    assert most_in_flight == 1
    # An interrupted token request, then one more sent by a waiter once the lock was
    # free; an interrupt in on_token comes after the new token was installed: it stands.
    assert calls == (2 if where == "request" else 1)
    assert not auth._lock._lock.locked()
    client.close()
