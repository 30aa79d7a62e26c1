"""A call cancelled while it waits for a pooled connection gives its slot back.

httpcore 1.0.x (encode/httpcore#1093) hands a queued request a new connection when
another request's cancellation frees a slot; if the queued request is cancelled too
before it runs (a pager's prefetches cancelled together, an ``asyncio.wait_for``
running out at that moment), it leaves that connection in the pool unconnected and
owned by nothing: the slot is lost for good. With ``max_connections=1`` every later
call then waited for the pool until it timed out.

Here one call is on the wire (the server holds it) and another waits for the only
connection; the first is cancelled, and the second is cancelled just after the
first's cancellation handed it a connection. Over a real loopback socket; every wait
is bounded by ``WAIT``; nothing measures time.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from beatkit import AsyncBeatConnect
from beatkit.auth import RefreshingAuth, Token
from beatkit.testing import FakeBeatConnect, FakeServer, serve
from beatkit.testing.beatport import FakeBeatport
from tests.core._pool_waits import WAIT, await_until, queued

BEAT = 1234


class HeldFake(FakeBeatConnect):
    """Holds the first request for the beat until ``release`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self.release = threading.Event()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(f"/beats/{BEAT}") and not self.arrived.is_set():
            self.arrived.set()
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


async def test_a_queued_call_cancelled_as_it_gets_a_connection_gives_the_slot_back(
    server: FakeServer[HeldFake],
) -> None:
    fake = server.fake
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1))
    bc = AsyncBeatConnect(
        api_key=fake.api_key,
        base_url=server.base_url,
        http_client=http,
        max_retries=0,
        # A lost slot shows as a pool timeout, well inside WAIT.
        timeout=httpx.Timeout(WAIT / 2, pool=1.0),
    )
    try:
        waiting: asyncio.Task[object] | None = None

        async def on_the_wire() -> None:
            try:
                await bc.beats.get(BEAT)
            except asyncio.CancelledError:
                # The pool has just handed the waiting call a new connection.
                assert waiting is not None
                waiting.cancel()
                raise

        first = asyncio.create_task(on_the_wire())
        await asyncio.wait_for(asyncio.to_thread(fake.arrived.wait, WAIT), WAIT)
        waiting = asyncio.create_task(bc.genres.list())
        await await_until(lambda: queued(http) == 2, "the second call")
        first.cancel()
        outcomes = await asyncio.wait_for(
            asyncio.gather(first, waiting, return_exceptions=True), WAIT
        )
        assert [type(outcome) for outcome in outcomes] == [asyncio.CancelledError] * 2
        fake.release.set()
        # The only slot is free again: the next calls get a connection.
        assert await asyncio.wait_for(bc.genres.list(), WAIT)
        assert await asyncio.wait_for(bc.beats.get(BEAT), WAIT)
    finally:
        fake.release.set()
        await bc.aclose()
        await http.aclose()


async def test_a_token_request_cancelled_as_it_gets_a_connection_gives_the_slot_back(
    server: FakeServer[HeldFake],
) -> None:
    # aensure_token sends its token request itself, outside any API call.
    fake = server.fake
    beatport = FakeBeatport()
    with serve(beatport) as token_server:
        stale = Token.from_response(beatport.issue_token(expires_in=0), now=datetime.now(UTC))
        auth = RefreshingAuth(
            token_server.base_url + "/auth/o/token/",
            beatport.client_id,
            token=stale,
            hosts=["127.0.0.1"],
            service="beatport",
        )
        http = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(WAIT / 2, pool=1.0)
        )
        try:
            waiting: asyncio.Task[object] | None = None

            async def on_the_wire() -> None:
                try:
                    await http.get(f"{server.base_url}/beats/{BEAT}")
                except asyncio.CancelledError:
                    assert waiting is not None
                    waiting.cancel()
                    raise

            first = asyncio.create_task(on_the_wire())
            await asyncio.wait_for(asyncio.to_thread(fake.arrived.wait, WAIT), WAIT)
            waiting = asyncio.create_task(auth.aensure_token(http))
            await await_until(lambda: queued(http) == 2, "the token request")
            first.cancel()
            outcomes = await asyncio.wait_for(
                asyncio.gather(first, waiting, return_exceptions=True), WAIT
            )
            assert [type(outcome) for outcome in outcomes] == [asyncio.CancelledError] * 2
            fake.release.set()
            token = await asyncio.wait_for(auth.aensure_token(http), WAIT)
            assert token is not stale
            assert len(beatport.requests_to("/auth/o/token/")) == 1
        finally:
            fake.release.set()
            await http.aclose()
