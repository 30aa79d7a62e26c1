"""A client's resources under cancellation and close: nothing left checked out, nothing hangs.

The async tests cancel tasks at the moments that matter (while a response is being
closed, while a pager prefetches) and check that every connection went back and every
task ended. Every wait is bounded (``asyncio.wait_for``, thread joins with a timeout),
so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from beatkit import AsyncBeatConnect, AsyncBeatTech
from beatkit._core.closing import _GuardedStream
from beatkit.testing import FakeBeatConnect, FakeBeatTech, serve

WAIT = 10.0
"""The longest any step may take; a hang shows up as this timeout."""


class SlowClose(httpx.AsyncByteStream):
    """A body whose close has to wait (as httpcore's does, for its connection's lock)."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.closing = asyncio.Event()
        self.may_close = asyncio.Event()
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.content

    async def aclose(self) -> None:
        self.closing.set()
        await self.may_close.wait()
        self.closed = True


async def test_a_task_cancelled_while_its_response_closes_still_closes_it() -> None:
    # httpcore releases a connection to its pool in the response's close; a native
    # task.cancel() that lands there (anyio's shield does not stop it) used to leave
    # the connection checked out for good, and the pool then ran out.
    fake = FakeBeatConnect()
    streams: list[SlowClose] = []

    def handler(request: httpx.Request) -> httpx.Response:
        answer = fake.handle(request)
        stream = SlowClose(answer.content)
        streams.append(stream)
        return httpx.Response(answer.status_code, headers=answer.headers, stream=stream)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with http, AsyncBeatConnect(api_key=fake.api_key, http_client=http) as bc:
        task = asyncio.create_task(bc.beats.get(1234))
        await asyncio.wait_for(_closing(streams), WAIT)
        task.cancel()
        await asyncio.sleep(0)
        streams[0].may_close.set()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, WAIT)
        assert streams[0].closed


async def _closing(streams: list[SlowClose]) -> None:
    while not streams:
        await asyncio.sleep(0.001)
    await streams[0].closing.wait()


# -- over a socket, with a real connection pool ---------------------------------------


@pytest.fixture
def beattech() -> Iterator[tuple[FakeBeatTech, str]]:
    fake = FakeBeatTech()
    with serve(fake) as server:
        yield fake, server.base_url


async def test_breaking_out_of_prefetching_pagers_ends_every_task(
    beattech: tuple[FakeBeatTech, str],
) -> None:
    fake, base_url = beattech
    async with AsyncBeatTech(
        client_id=fake.client_id, client_secret=fake.client_secret, base_url=base_url
    ) as bt:

        async def walk(stop: int) -> int:
            seen = 0
            async for _ in bt.tracks.search("a"):
                seen += 1
                if seen == stop:
                    break
            return seen

        for round_ in range(5):
            stops = [21 + (round_ + k) % 7 for k in range(2)]
            assert await asyncio.wait_for(asyncio.gather(*map(walk, stops)), WAIT) == stops
            # A `break` leaves the pager's generator to the event loop, which closes it
            # (cancelling the prefetches) as soon as it runs again.
            await asyncio.wait_for(_ended(asyncio.current_task()), WAIT)
        page = await asyncio.wait_for(bt.tracks.search("a", limit=1).first_page(), WAIT)
        assert len(page.items) == 1


async def _ended(*tasks: asyncio.Task[object] | None) -> None:
    """Return once every task but ``tasks`` (and this one) has ended."""
    keep = {*tasks, asyncio.current_task()}
    while asyncio.all_tasks() - keep:
        await asyncio.sleep(0.001)


async def test_responses_of_a_client_beatkit_creates_are_guarded(
    beattech: tuple[FakeBeatTech, str],
) -> None:
    # Through its event hook: the token requests and 401 answers the auth flows read
    # never pass through the transport's own sends.
    fake, base_url = beattech
    async with AsyncBeatTech(
        client_id=fake.client_id, client_secret=fake.client_secret, base_url=base_url
    ) as bt:
        http = bt._transport.http_client
        async with http.stream("GET", base_url + "/genres") as response:
            assert isinstance(response.stream, _GuardedStream)
