"""The task that sent the token request is cancelled once the token endpoint answered.

The server may have rotated the refresh token already: an answer dropped there would
leave the manager with a refresh token that no longer works (``invalid_grant``, log in
again). Once the answer's headers are in, its body is read and the new token installed
(current, saved, passed to ``on_token``) even if the task is cancelled; the task then
gets its ``CancelledError``, and the callers that waited get the new token. The body's
read is bounded by the request's read timeout. Waits are events bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import MemoryTokenStore, RefreshingAuth, Token

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

WAIT = 2.0
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
WAITERS = 3


class HeldBody(httpx.AsyncByteStream):
    """A token answer's body: nothing is sent until the test releases it."""

    def __init__(self, content: bytes, started: asyncio.Event, release: asyncio.Event) -> None:
        self.content = content
        self.started = started
        self.release = release
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.started.set()
        await asyncio.wait_for(self.release.wait(), WAIT)
        yield self.content

    async def aclose(self) -> None:
        self.closed = True


class Endpoint:
    """The FakeOAuth server, with the body of its first token answer held."""

    def __init__(self, server: FakeOAuth, *, never: bool = False) -> None:
        self.server = server
        self.never = never
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.token_requests = 0
        self.bodies: list[HeldBody] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = await self.server.async_handler(request)
        if request.url.host != "auth.example.com":
            return answer
        self.token_requests += 1
        if self.token_requests > 1:
            return answer
        body = HeldBody(answer.content, self.started, self.release)
        if self.never:
            body.release = asyncio.Event()  # never set: only the read's bound ends it
        self.bodies.append(body)
        return httpx.Response(answer.status_code, headers=answer.headers, stream=body)


def _auth(server: FakeOAuth, clock: FakeClock, stale: Token) -> tuple[RefreshingAuth, list[Token]]:
    seen: list[Token] = []
    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=stale,
        hosts="api.example.com",
        clock=clock,
        store=MemoryTokenStore(),
        on_token=seen.append,
    )
    return auth, seen


Leader = Callable[[RefreshingAuth, httpx.AsyncClient], Awaitable[object]]


async def _request(auth: RefreshingAuth, client: httpx.AsyncClient) -> object:
    return (await client.get(URL)).status_code


async def _ensure(auth: RefreshingAuth, client: httpx.AsyncClient) -> object:
    return await auth.aensure_token(client)


async def _refresh(auth: RefreshingAuth, client: httpx.AsyncClient) -> object:
    return await auth.arefresh(client)


@pytest.mark.parametrize("leader_call", [_request, _ensure, _refresh])
async def test_a_leader_cancelled_while_reading_the_token_answer_installs_it(
    server: FakeOAuth, clock: FakeClock, leader_call: Leader
) -> None:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth, seen = _auth(server, clock, stale)
    endpoint = Endpoint(server)
    async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint), auth=auth) as client:
        leader = asyncio.create_task(leader_call(auth, client))
        await asyncio.wait_for(endpoint.started.wait(), WAIT)
        waiters = [asyncio.create_task(client.get(URL)) for _ in range(WAITERS)]
        for _ in range(5):
            await asyncio.sleep(0)
        leader.cancel()
        for _ in range(5):
            await asyncio.sleep(0)
        endpoint.release.set()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(leader, WAIT)
        responses = await asyncio.wait_for(asyncio.gather(*waiters), WAIT)
        assert [r.status_code for r in responses] == [200] * WAITERS
        # The rotated refresh token was kept: current, saved, reported, and it works.
        current = auth.token
        assert current is not None and current is not stale
        assert current.refresh_token in server.valid_refresh
        assert auth._store is not None and auth._store.load() == current
        assert seen == [current]
        assert endpoint.token_requests == 1
        assert endpoint.bodies[0].closed
        clock.advance(7200)
        assert (await asyncio.wait_for(client.get(URL), WAIT)).status_code == 200
        assert endpoint.token_requests == 2


async def test_a_leader_cancelled_twice_while_reading_still_installs(
    server: FakeOAuth, clock: FakeClock
) -> None:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth, _ = _auth(server, clock, stale)
    endpoint = Endpoint(server)
    async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint), auth=auth) as client:
        leader = asyncio.create_task(client.get(URL))
        await asyncio.wait_for(endpoint.started.wait(), WAIT)
        leader.cancel()
        await asyncio.sleep(0)
        leader.cancel()
        await asyncio.sleep(0)
        endpoint.release.set()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(leader, WAIT)
        assert auth.token is not stale
        assert (await asyncio.wait_for(client.get(URL), WAIT)).status_code == 200
        assert endpoint.token_requests == 1


async def test_a_leader_cancelled_on_a_body_that_never_comes_gives_up_after_its_read_timeout(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # MockTransport applies no timeout: the bound seen here is the manager's own.
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth, seen = _auth(server, clock, stale)
    endpoint = Endpoint(server, never=True)
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(endpoint), auth=auth, timeout=httpx.Timeout(5.0, read=0.05)
    ) as client:
        leader = asyncio.create_task(client.get(URL))
        await asyncio.wait_for(endpoint.started.wait(), WAIT)
        leader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(leader, WAIT)
        # Nothing was installed, and the lock is free: the next call refreshes (with
        # the old refresh token, which this server did not rotate, as far as it knows).
        assert auth.token is stale and seen == []
        assert stale.refresh_token is not None
        server.valid_refresh.add(stale.refresh_token)
        assert endpoint.bodies[0].closed
        assert (await asyncio.wait_for(client.get(URL), WAIT)).status_code == 200
        assert endpoint.token_requests == 2


class BrokenBody(httpx.AsyncByteStream):
    """A token answer's body that fails once the test releases it."""

    def __init__(self, started: asyncio.Event, release: asyncio.Event) -> None:
        self.started = started
        self.release = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.started.set()
        await asyncio.wait_for(self.release.wait(), WAIT)
        raise httpx.ReadError("connection reset")
        yield b""  # pragma: no cover - makes this an async generator


async def test_a_read_that_fails_after_the_leader_was_cancelled_fails_its_waiters(
    server: FakeOAuth, clock: FakeClock
) -> None:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth, seen = _auth(server, clock, stale)
    started, release = asyncio.Event(), asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            return httpx.Response(200, stream=BrokenBody(started, release))
        return await server.async_handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as client:
        leader = asyncio.create_task(client.get(URL))
        await asyncio.wait_for(started.wait(), WAIT)
        waiters = [asyncio.create_task(client.get(URL)) for _ in range(WAITERS)]
        for _ in range(5):
            await asyncio.sleep(0)
        leader.cancel()
        for _ in range(5):
            await asyncio.sleep(0)
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(leader, WAIT)
        results = await asyncio.wait_for(asyncio.gather(*waiters, return_exceptions=True), WAIT)
        assert all(isinstance(r, httpx.ReadError) for r in results), results
        assert auth.token is stale and seen == []
