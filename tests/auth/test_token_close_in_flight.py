"""A token request waiting for a pooled connection when its pool closes, over a real
loopback socket.

The only connection (``max_connections=1``) is busy with a request the server holds;
a call whose token is stale waits behind it, its refresh's token request first in the
pool. The ``http_client`` is closed (as ``close()`` closes the one beatkit made), then
the server answers. The token request used to get a fresh connection from the closed
pool, go out, and leave that connection kept alive, which then carried the API call
too: both went out after the close. Now the token request is refused as it opens a
connection, as the API call would be, and the call raises ``ClientClosedError``.

Every wait is bounded by ``WAIT``; nothing measures time.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from beatkit.auth import Token
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import ClientClosedError
from beatkit.testing.beatport import FakeBeatport
from beatkit.testing.server import FakeServer, serve
from tests.core._pool_waits import WAIT, await_until, queued, wait_until

HELD = "/held"
TOKEN_PATH = "/auth/o/token/"
GENRE = 6


class HeldBeatport(FakeBeatport):
    """The Beatport fake; a request to ``HELD`` is held until ``release`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Semaphore(0)
        self.release = threading.Event()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == HELD:
            self.arrived.release()
            self.release.wait(WAIT)
            return httpx.Response(200, text="held")
        return super().handle(request)


@pytest.fixture
def server() -> Iterator[FakeServer[HeldBeatport]]:
    fake = HeldBeatport()
    try:
        with serve(fake, hang=0.5) as served:
            yield served
    finally:
        fake.release.set()


def _stale(fake: FakeBeatport) -> Token:
    return Token.from_response(fake.issue_token(expires_in=0), now=datetime.now(UTC))


def _check(fake: HeldBeatport, outcome: object) -> None:
    assert isinstance(outcome, ClientClosedError), outcome
    assert fake.requests_to(TOKEN_PATH) == [], "the token request went out after the close"
    assert fake.requests_to(f"/catalog/genres/{GENRE}") == [], "the call went out"


async def test_a_token_request_waiting_in_a_closed_async_pool_is_not_sent(
    server: FakeServer[HeldBeatport],
) -> None:
    fake = server.fake
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1))
    client = AsyncBeatport(
        fake.client_id,
        token=_stale(fake),
        base_url=server.base_url,
        http_client=http,
        requests_per_second=None,
    )
    try:
        held = asyncio.ensure_future(http.get(server.root_url + HELD))
        assert await asyncio.to_thread(fake.arrived.acquire, True, WAIT)
        call = asyncio.ensure_future(client.genres.get(GENRE))
        await await_until(lambda: queued(http) == 2)  # the token request waits
        await http.aclose()
        fake.release.set()
        outcomes = await asyncio.wait_for(asyncio.gather(held, call, return_exceptions=True), WAIT)
        _check(fake, outcomes[1])
    finally:
        fake.release.set()
        await http.aclose()
    assert http._transport._pool.connections == []  # type: ignore[attr-defined]


def test_a_token_request_waiting_in_a_closed_sync_pool_is_not_sent(
    server: FakeServer[HeldBeatport],
) -> None:
    fake = server.fake
    http = httpx.Client(limits=httpx.Limits(max_connections=1))
    client = Beatport(
        fake.client_id,
        token=_stale(fake),
        base_url=server.base_url,
        http_client=http,
        requests_per_second=None,
    )
    outcomes: dict[str, object] = {}

    def run(name: str, call: Callable[[], object]) -> None:
        try:
            outcomes[name] = call()
        except Exception as exc:  # checked below
            outcomes[name] = exc

    held = threading.Thread(target=run, args=("held", lambda: http.get(server.root_url + HELD)))
    call = threading.Thread(target=run, args=("call", lambda: client.genres.get(GENRE)))
    try:
        held.start()
        assert fake.arrived.acquire(timeout=WAIT)
        call.start()
        wait_until(lambda: queued(http) == 2)
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


def test_a_refresh_refused_by_a_close_is_no_failure_for_its_waiters(
    server: FakeServer[HeldBeatport],
) -> None:
    # Another caller of the same manager, with an httpx client that stays open, waits
    # for the refresh the close refuses: it sends its own token request, instead of
    # getting a copy of a ClientClosedError about a client it never used.
    fake = server.fake
    http = httpx.Client(limits=httpx.Limits(max_connections=1))
    client = Beatport(
        fake.client_id,
        token=_stale(fake),
        base_url=server.base_url,
        http_client=http,
        requests_per_second=None,
    )
    outcomes: dict[str, object] = {}
    started = threading.Event()

    def run(name: str, call: Callable[[], object]) -> None:
        try:
            outcomes[name] = call()
        except Exception as exc:  # checked below
            outcomes[name] = exc

    def ensure() -> object:
        with httpx.Client() as other:
            started.set()
            manager = client.auth.manager
            assert manager is not None
            return manager.ensure_token(other)

    held = threading.Thread(target=run, args=("held", lambda: http.get(server.root_url + HELD)))
    call = threading.Thread(target=run, args=("call", lambda: client.genres.get(GENRE)))
    waiter = threading.Thread(target=run, args=("waiter", ensure))
    try:
        held.start()
        assert fake.arrived.acquire(timeout=WAIT)
        call.start()
        wait_until(lambda: queued(http) == 2)  # the refresh holds the manager's lock
        waiter.start()
        assert started.wait(WAIT)
        threading.Event().wait(0.1)  # it waits for the lock (or comes after: it passes)
        http.close()
        fake.release.set()
        for thread in (held, call, waiter):
            thread.join(WAIT)
            assert not thread.is_alive()
        assert isinstance(outcomes["call"], ClientClosedError), outcomes["call"]
        assert isinstance(outcomes["waiter"], Token), outcomes["waiter"]
        assert len(fake.requests_to(TOKEN_PATH)) == 1  # the waiter's own
    finally:
        fake.release.set()
        http.close()
