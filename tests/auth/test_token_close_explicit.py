"""A token request from an explicit call (``ensure_token``, ``refresh``, ``login`` and
their async twins) waiting for a pooled connection when its httpx client closes, over a
real loopback socket.

The only connection (``max_connections=1``) is busy with a request the server holds;
the explicit call's token request waits behind it. The httpx client is closed, then the
server answers. The token request carried no close trace (only one sent for an API call
shared that call's): it got a fresh connection from the closed pool and went out. Now it
is refused as it opens a connection, and the call raises ``ClientClosedError``.

Every wait is bounded by ``WAIT``; nothing measures time.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth, RefreshingAuth, Token, password_grant
from beatkit.errors import ClientClosedError
from beatkit.testing.beatport import FakeBeatport
from beatkit.testing.server import FakeServer, serve
from tests.core._pool_waits import WAIT, await_until, queued, wait_until

HELD = "/held"
TOKEN_PATH = "/oauth/token"


class HeldTokens(FakeBeatport):
    """Serves ``TOKEN_PATH``; a request to ``HELD`` is held until ``release`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Semaphore(0)
        self.release = threading.Event()
        self.token_requests = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == HELD:
            self.arrived.release()
            self.release.wait(WAIT)
            return httpx.Response(200, text="held")
        if request.url.path == TOKEN_PATH:
            self.token_requests += 1
            return httpx.Response(
                200,
                json={
                    "access_token": "fresh",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "refresh_token": "r2",
                },
            )
        return super().handle(request)


@pytest.fixture
def server() -> Iterator[FakeServer[HeldTokens]]:
    fake = HeldTokens()
    try:
        with serve(fake, hang=0.5) as served:
            yield served
    finally:
        fake.release.set()


def _client_credentials(server: FakeServer[HeldTokens]) -> ClientCredentialsAuth:
    return ClientCredentialsAuth(
        server.root_url + TOKEN_PATH, "cid", "csecret", hosts="127.0.0.1", service="testsvc"
    )


def _refreshing(server: FakeServer[HeldTokens]) -> RefreshingAuth:
    stale = Token(
        access_token="old",
        refresh_token="r1",
        expires_at=datetime.now(UTC) - timedelta(seconds=1),
    )
    return RefreshingAuth(
        server.root_url + TOKEN_PATH,
        "cid",
        client_secret="csecret",
        token=stale,
        hosts="127.0.0.1",
        service="testsvc",
    )


SyncCall = Callable[[FakeServer[HeldTokens], httpx.Client], object]
SYNC_CALLS: dict[str, SyncCall] = {
    "ensure_token": lambda s, http: _client_credentials(s).ensure_token(http),
    "refresh": lambda s, http: _refreshing(s).refresh(http),
    "login": lambda s, http: _refreshing(s).login(http, password_grant("dj", "pw")),
}
AsyncCall = Callable[[FakeServer[HeldTokens], httpx.AsyncClient], Awaitable[object]]
ASYNC_CALLS: dict[str, AsyncCall] = {
    "aensure_token": lambda s, http: _client_credentials(s).aensure_token(http),
    "arefresh": lambda s, http: _refreshing(s).arefresh(http),
    "alogin": lambda s, http: _refreshing(s).alogin(http, password_grant("dj", "pw")),
}


def _check(fake: HeldTokens, outcome: object) -> None:
    assert isinstance(outcome, ClientClosedError), outcome
    assert fake.token_requests == 0, "the token request went out after the close"


@pytest.mark.parametrize("name", list(SYNC_CALLS))
def test_an_explicit_token_request_waiting_in_a_closed_sync_pool_is_not_sent(
    server: FakeServer[HeldTokens], name: str
) -> None:
    fake = server.fake
    http = httpx.Client(limits=httpx.Limits(max_connections=1))
    outcomes: dict[str, object] = {}

    def run(key: str, call: Callable[[], object]) -> None:
        try:
            outcomes[key] = call()
        except Exception as exc:  # checked below
            outcomes[key] = exc

    held = threading.Thread(target=run, args=("held", lambda: http.get(server.root_url + HELD)))
    call = threading.Thread(target=run, args=("call", lambda: SYNC_CALLS[name](server, http)))
    try:
        held.start()
        assert fake.arrived.acquire(timeout=WAIT)
        call.start()
        wait_until(lambda: queued(http) == 2)  # the token request waits
        http.close()
        fake.release.set()
        for thread in (held, call):
            thread.join(WAIT)
            assert not thread.is_alive()
        _check(fake, outcomes["call"])
    finally:
        fake.release.set()
        http.close()
    assert http._transport._pool.connections == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(ASYNC_CALLS))
async def test_an_explicit_token_request_waiting_in_a_closed_async_pool_is_not_sent(
    server: FakeServer[HeldTokens], name: str
) -> None:
    fake = server.fake
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1))
    try:
        held = asyncio.ensure_future(http.get(server.root_url + HELD))
        assert await asyncio.to_thread(fake.arrived.acquire, True, WAIT)
        call = asyncio.ensure_future(ASYNC_CALLS[name](server, http))
        await await_until(lambda: queued(http) == 2)  # the token request waits
        await http.aclose()
        fake.release.set()
        outcomes = await asyncio.wait_for(asyncio.gather(held, call, return_exceptions=True), WAIT)
        _check(fake, outcomes[1])
    finally:
        fake.release.set()
        await http.aclose()
    assert http._transport._pool.connections == []  # type: ignore[attr-defined]
