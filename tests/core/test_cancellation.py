"""Cancellation at each await point of an async call, through the public clients.

Each test cancels one task where it waits (the pacing sleep, the refresh lock, its own
token request, a retry's back-off, the body, a pager's prefetch, the client's close),
then checks that ``CancelledError`` came out of the call, that the client still
serves other tasks, that no connection stayed checked out, and that the token
endpoint never saw two requests at once. Waits are events and counters, every one
bounded by ``WAIT``: a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatConnect, AsyncBeatTech
from beatkit.auth import Token
from beatkit.beatport import AsyncBeatport
from beatkit.errors import ClientClosedError
from beatkit.testing import FakeBeatConnect, FakeBeatTech, serve
from beatkit.testing.beatport import FakeBeatport
from tests.core._pool_waits import await_until

WAIT = 10.0
GENRE = 6
TOKEN_PATH = "/auth/o/token/"


class Gate:
    """Holds matching requests until released; counts them, and those in flight at once."""

    def __init__(
        self,
        fake: FakeBeatport,
        holds: Callable[[httpx.Request, int], bool] = lambda request, n: False,
        *,
        in_body: bool = False,
    ) -> None:
        self.fake = fake
        self.holds = holds
        self.in_body = in_body
        self.arrived = asyncio.Event()
        self.release = asyncio.Event()
        self.token_requests = 0
        self.token_in_flight = 0
        self.most_token_in_flight = 0
        self.api_requests = 0
        self.open_bodies = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        is_token = request.url.path.endswith(TOKEN_PATH)
        if is_token:
            self.token_requests += 1
            self.token_in_flight += 1
            self.most_token_in_flight = max(self.most_token_in_flight, self.token_in_flight)
        else:
            self.api_requests += 1
        try:
            count = self.token_requests if is_token else self.api_requests
            held = self.holds(request, count)
            if held and not self.in_body:
                await self.hold()
            answer = self.fake.handle(request)
        finally:
            if is_token and not (held and self.in_body):
                self.token_in_flight -= 1
        body = _Body(self, answer.content, held=held and self.in_body, token=is_token)
        return httpx.Response(answer.status_code, headers=answer.headers, stream=body)

    async def hold(self) -> None:
        self.arrived.set()
        await asyncio.wait_for(self.release.wait(), WAIT)


class _Body(httpx.AsyncByteStream):
    """A body counted while open; a held one sends half, then waits for the gate."""

    def __init__(self, gate: Gate, content: bytes, *, held: bool, token: bool) -> None:
        self.gate = gate
        self.content = content
        self.held = held
        self.token = held and token
        gate.open_bodies += 1
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.held:
            half = len(self.content) // 2
            yield self.content[:half]
            try:
                await self.gate.hold()
            finally:
                if self.token:
                    self.token = False
                    self.gate.token_in_flight -= 1
            yield self.content[half:]
        else:
            yield self.content

    async def aclose(self) -> None:
        if not self.closed:
            self.closed = True
            self.gate.open_bodies -= 1


def _stale(fake: FakeBeatport) -> Token:
    return Token.from_response(fake.issue_token(expires_in=0), now=datetime.now(UTC))


def _client(fake: FakeBeatport, gate: Gate, *, stale: bool = True, **options: Any) -> AsyncBeatport:
    http = httpx.AsyncClient(transport=httpx.MockTransport(gate))
    options.setdefault("requests_per_second", None)
    token = _stale(fake) if stale else _fresh(fake)
    return AsyncBeatport(
        fake.client_id, token=token, base_url=fake.base_url, http_client=http, **options
    )


def _fresh(fake: FakeBeatport) -> Token:
    return Token.from_response(fake.issue_token(), now=datetime.now(UTC))


async def _get(bp: AsyncBeatport) -> int:
    return (await bp.genres.get(GENRE)).id


async def test_a_leader_cancelled_during_its_token_request_hands_over() -> None:
    fake = FakeBeatport()
    gate = Gate(fake, lambda request, n: request.url.path.endswith(TOKEN_PATH) and n == 1)
    async with _client(fake, gate) as bp:
        leader = asyncio.create_task(_get(bp))
        await asyncio.wait_for(gate.arrived.wait(), WAIT)
        waiters = [asyncio.create_task(_get(bp)) for _ in range(5)]
        for _ in range(5):
            await asyncio.sleep(0)
        leader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(leader, WAIT)
        gate.release.set()
        assert await asyncio.wait_for(asyncio.gather(*waiters), WAIT) == [GENRE] * 5
        assert gate.token_requests == 2
        assert gate.most_token_in_flight == 1
        assert gate.open_bodies == 0


async def test_a_leader_cancelled_while_reading_its_token_answer_still_installs_it() -> None:
    # The fake rotates refresh tokens: the answer the cancelled leader was reading holds
    # the only live one. Once its headers are in, the answer is read and installed
    # anyway (the leader still gets its CancelledError), and the waiters use it.
    fake = FakeBeatport()
    gate = Gate(
        fake, lambda request, n: request.url.path.endswith(TOKEN_PATH) and n == 1, in_body=True
    )
    async with _client(fake, gate) as bp:
        leader = asyncio.create_task(_get(bp))
        await asyncio.wait_for(gate.arrived.wait(), WAIT)
        waiters = [asyncio.create_task(_get(bp)) for _ in range(5)]
        for _ in range(5):
            await asyncio.sleep(0)
        leader.cancel()
        for _ in range(5):
            await asyncio.sleep(0)
        gate.release.set()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(leader, WAIT)
        assert await asyncio.wait_for(asyncio.gather(*waiters), WAIT) == [GENRE] * 5
        assert gate.token_requests == 1
        assert gate.most_token_in_flight == 1
        assert gate.open_bodies == 0
        assert await asyncio.wait_for(_get(bp), WAIT) == GENRE


async def test_a_waiter_cancelled_on_the_refresh_lock_leaves_the_rest_working() -> None:
    fake = FakeBeatport()
    gate = Gate(fake, lambda request, n: request.url.path.endswith(TOKEN_PATH) and n == 1)
    async with _client(fake, gate) as bp:
        leader = asyncio.create_task(_get(bp))
        await asyncio.wait_for(gate.arrived.wait(), WAIT)
        waiters = [asyncio.create_task(_get(bp)) for _ in range(5)]
        for _ in range(5):
            await asyncio.sleep(0)
        waiters[0].cancel()
        waiters[3].cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(waiters[0], WAIT)
        gate.release.set()
        assert await asyncio.wait_for(leader, WAIT) == GENRE
        results = await asyncio.wait_for(asyncio.gather(*waiters, return_exceptions=True), WAIT)
        assert [type(r).__name__ for r in results] == [
            "CancelledError",
            "int",
            "int",
            "CancelledError",
            "int",
        ]
        assert await asyncio.wait_for(_get(bp), WAIT) == GENRE
        assert gate.token_requests == 1
        assert gate.open_bodies == 0


async def test_a_timeout_around_a_waiter_raises_timeout_and_keeps_the_lock_free() -> None:
    fake = FakeBeatport()
    gate = Gate(fake, lambda request, n: request.url.path.endswith(TOKEN_PATH) and n == 1)
    async with _client(fake, gate) as bp:
        leader = asyncio.create_task(_get(bp))
        await asyncio.wait_for(gate.arrived.wait(), WAIT)
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.01):
                await _get(bp)
        gate.release.set()
        assert await asyncio.wait_for(leader, WAIT) == GENRE
        assert await asyncio.wait_for(_get(bp), WAIT) == GENRE
        assert gate.token_requests == 1
        assert gate.open_bodies == 0


async def test_a_call_cancelled_while_reading_its_body_gives_the_body_back() -> None:
    fake = FakeBeatport()
    gate = Gate(
        fake, lambda request, n: not request.url.path.endswith(TOKEN_PATH) and n == 1, in_body=True
    )
    async with _client(fake, gate) as bp:
        call = asyncio.create_task(_get(bp))
        await asyncio.wait_for(gate.arrived.wait(), WAIT)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(call, WAIT)
        assert gate.open_bodies == 0
        gate.release.set()
        assert await asyncio.wait_for(_get(bp), WAIT) == GENRE
        assert gate.open_bodies == 0


class _Retried(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if "retry" in record.getMessage().lower():
            self.seen.set()


async def test_a_call_cancelled_in_its_retry_back_off_raises_cancelled() -> None:
    fake = FakeBeatport()
    gate = Gate(fake)
    fake.fail_next(503, headers={"Retry-After": "30"})
    handler = _Retried()
    logger = logging.getLogger("beatkit")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        async with _client(fake, gate, stale=False, max_retry_wait=60) as bp:
            call = asyncio.create_task(_get(bp))
            await asyncio.wait_for(handler.seen.wait(), WAIT)
            await asyncio.sleep(0)
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(call, WAIT)
            assert await asyncio.wait_for(_get(bp), WAIT) == GENRE
            assert gate.open_bodies == 0
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


async def test_a_call_cancelled_while_paced_leaves_the_client_working() -> None:
    fake = FakeBeatport()
    gate = Gate(fake)
    async with _client(fake, gate, stale=False, requests_per_second=0.1) as bp:
        assert await asyncio.wait_for(_get(bp), WAIT) == GENRE
        call = asyncio.create_task(_get(bp))
        for _ in range(5):
            await asyncio.sleep(0)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(call, WAIT)
        assert gate.api_requests == 1


async def test_a_close_cancelled_half_way_still_closes_every_connection() -> None:
    # httpx takes the connections out of its pool, then closes them one by one; a
    # task cancelled at the first one used to leave the others open for good.
    fake = FakeBeatConnect()
    with serve(fake) as server:
        bc = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url)
        started = [asyncio.Event() for _ in range(4)]
        go = asyncio.Event()

        async def call(index: int) -> None:
            started[index].set()
            await go.wait()
            await bc.beats.get(1234)

        # Four calls at once: four pooled connections.
        tasks = [asyncio.create_task(call(i)) for i in range(4)]
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in started)), WAIT)
        go.set()
        await asyncio.wait_for(asyncio.gather(*tasks), WAIT)
        pool = bc._transport.http_client._transport._pool  # type: ignore[attr-defined]
        connections = list(pool.connections)
        assert len(connections) > 1
        closing = asyncio.create_task(bc.aclose())
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        closing.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(closing, WAIT)
        assert [c.is_closed() for c in connections] == [True] * len(connections)
        with pytest.raises(ClientClosedError):
            await bc.beats.get(1234)


async def test_a_walk_cancelled_while_its_pager_prefetches_ends_every_prefetch() -> None:
    # The pages fetched ahead are held unanswered (the server's stop lets them go), so the
    # walk is cancelled where it waits in the pager, with every prefetch in flight. (A walk
    # cancelled in its own loop body hands the open pager to the event loop, which closes
    # it a step later: test_client_lifecycle.py's break test.)
    fake = FakeBeatTech()
    with serve(fake, hang=WAIT) as server:
        async with AsyncBeatTech(
            client_id=fake.client_id, client_secret=fake.client_secret, base_url=server.base_url
        ) as bt:
            first = asyncio.Event()
            prefetch = bt._transport.settings.prefetch

            async def walk() -> None:
                async for _ in bt.tracks.search("a"):
                    if not first.is_set():
                        # On the first page's first item: before any prefetch is sent.
                        fake.timeout_next(prefetch)
                        first.set()
                    await asyncio.sleep(0)

            walker = asyncio.create_task(walk())
            await asyncio.wait_for(first.wait(), WAIT)
            await await_until(lambda: fake.pending_faults == 0, "the prefetches")
            walker.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(walker, WAIT)
            # The prefetches were cancelled with the walk, before it ended.
            assert asyncio.all_tasks() == {asyncio.current_task()}
            pool = bt._transport.http_client._transport._pool  # type: ignore[attr-defined]
            assert all(c.is_idle() or c.is_closed() for c in pool.connections)
            page = await asyncio.wait_for(bt.tracks.search("a", limit=1).first_page(), WAIT)
            assert len(page.items) == 1
