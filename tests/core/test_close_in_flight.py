"""A connection pool closed while calls are in flight, over a real loopback socket.

One call is on the wire (the server holds its answer), another waits for a pooled
connection (``max_connections=1``). The ``http_client`` the client sends with is
closed (as ``close()`` closes the one beatkit made), then the server answers.
Nothing may be sent after the close: the waiting call used to get a fresh connection
from the closed pool, go out, succeed, and leave that connection open in a pool nobody
closes again (``ResourceWarning: unclosed <socket...>``). Both calls raise
``ClientClosedError``: the one on the wire used to raise ``APIConnectionError``
("failed: ReadError"), as if the network had failed, and was retried after a back-off.

Every wait is bounded by ``WAIT``; nothing measures time.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect, ClientClosedError
from beatkit.testing import FakeBeatConnect, FakeServer, serve
from tests.core._pool_waits import WAIT, await_until, queued, wait_until

BEAT = 1234


class HeldFake(FakeBeatConnect):
    """Holds every request for the beat until ``release`` is set; counts them."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Semaphore(0)
        self.release = threading.Event()
        self.held = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(f"/beats/{BEAT}"):
            self.held += 1
            self.arrived.release()
            self.release.wait(WAIT)
        return super().handle(request)


@pytest.fixture
def server() -> Iterator[FakeServer[HeldFake]]:
    fake = HeldFake()
    try:
        with serve(fake, hang=1.0) as served:
            yield served
    finally:
        fake.release.set()


def _check(outcomes: list[object]) -> None:
    assert [type(outcome) for outcome in outcomes] == [ClientClosedError] * 2, outcomes
    said = [str(error) for error in outcomes]
    # The call cut on the wire says it may have reached the server; the one never sent
    # says which close refused it.
    assert any("in flight" in message for message in said), said
    assert any("your http_client" in message for message in said), said


async def test_calls_in_flight_when_an_async_pool_closes_raise_client_closed(
    server: FakeServer[HeldFake],
) -> None:
    fake = server.fake
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1))
    client = AsyncBeatConnect(
        fake.api_key, base_url=server.base_url, http_client=http, max_retries=2
    )
    try:
        calls = [asyncio.ensure_future(client.beats.get(BEAT)) for _ in range(2)]
        assert await asyncio.to_thread(fake.arrived.acquire, True, WAIT)
        await await_until(lambda: queued(http) == 2)  # one on the wire, one waiting
        await http.aclose()
        fake.release.set()
        outcomes = await asyncio.wait_for(asyncio.gather(*calls, return_exceptions=True), WAIT)
        _check(outcomes)
        assert fake.held == 1, "a call went out after the client was closed"
    finally:
        await http.aclose()
    assert http._transport._pool.connections == []  # type: ignore[attr-defined]


def test_calls_in_flight_when_a_sync_pool_closes_raise_client_closed(
    server: FakeServer[HeldFake],
) -> None:
    fake = server.fake
    http = httpx.Client(limits=httpx.Limits(max_connections=1))
    client = BeatConnect(fake.api_key, base_url=server.base_url, http_client=http, max_retries=2)
    outcomes: list[object] = []

    def call() -> None:
        try:
            outcomes.append(client.beats.get(BEAT))
        except Exception as exc:  # checked below
            outcomes.append(exc)

    threads = [threading.Thread(target=call) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        assert fake.arrived.acquire(timeout=WAIT)
        wait_until(lambda: queued(http) == 2)
        http.close()
        fake.release.set()
        for thread in threads:
            thread.join(WAIT)
        _check(outcomes)
        assert fake.held == 1, "a call went out after the client was closed"
    finally:
        fake.release.set()
        http.close()
    assert http._transport._pool.connections == []  # type: ignore[attr-defined]
