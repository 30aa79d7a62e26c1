"""An async download cancelled while a response closes gives its connection back.

httpcore hands a connection back to its pool in the response's close, under an anyio
shield that a native ``task.cancel()`` goes through. The downloader closed its streamed
responses unguarded: a segment cancelled while its response closed (its download left by
``asyncio.wait_for`` or an anyio cancel scope, which cancels the part tasks) kept its
connection checked out of the caller's ``http_client`` for good; once every slot was lost
so, each later download waited for a connection until it timed out. The responses are now
guarded as the API clients' are (``AsyncResponseGuard``).

The close is made to take a while (as httpcore's does where it waits for its connection's
lock or a socket's close), and the download is cancelled once it has begun: no timing
decides the outcome. Every wait is bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

import anyio
import httpx

from beatkit.hls import AsyncHLSDownloader
from tests.hls.conftest import FakeServer, random_chunks

WAIT = 10.0
"""The bound of every wait (seconds); a passing run waits far less."""

CLOSING = 0.3
"""How long a slowed close takes: far longer than the test takes to cancel in it."""


class _SlowClose(httpx.AsyncByteStream):
    """A response body whose close waits a while before closing the real one."""

    def __init__(self, stream: httpx.AsyncByteStream, closing: asyncio.Event) -> None:
        self._stream = stream
        self._closing = closing

    async def __aiter__(self) -> Any:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        self._closing.set()
        await asyncio.sleep(CLOSING)
        await self._stream.aclose()


class SlowClosing(httpx.AsyncHTTPTransport):
    """httpx's network transport (its pool), whose responses for paths ending in
    ``suffix`` take a while to close."""

    def __init__(self, suffix: str) -> None:
        super().__init__(limits=httpx.Limits(max_connections=1))
        self.suffix = suffix
        self.closing = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.url.path.endswith(self.suffix):
            assert isinstance(response.stream, httpx.AsyncByteStream)
            response.stream = _SlowClose(response.stream, self.closing)
        return response

    def busy(self) -> list[str]:
        """The pooled connections that are neither idle nor closed (checked out)."""
        return [
            repr(connection)
            for connection in self._pool.connections
            if not (connection.is_idle() or connection.is_closed())
        ]


def _client(transport: httpx.AsyncBaseTransport) -> httpx.AsyncClient:
    # A connection lost shows as a pool timeout, well inside WAIT.
    return httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(WAIT, pool=1.0))


async def _settled(task: asyncio.Future[Any]) -> None:
    """Wait (bounded) for ``task`` to end, cancelled."""
    done, _ = await asyncio.wait([task], timeout=WAIT)
    assert done, "the cancelled download did not end"
    assert task.cancelled()


async def _still_downloads(
    downloader: AsyncHLSDownloader, server: FakeServer, expected: bytes, dest: Path
) -> None:
    with anyio.fail_after(WAIT):
        result = await downloader.download(server.url("/a/p.m3u8"), dest, concurrency=1)
    assert result.segments == 3
    assert dest.read_bytes() == expected


async def test_a_segment_cancelled_while_its_response_closes_gives_its_connection_back(
    server: FakeServer, tmp_path: Path
) -> None:
    expected = server.add_stream("/a", random_chunks(3))
    transport = SlowClosing(".aac")
    async with _client(transport) as http:
        downloader = AsyncHLSDownloader(http, retries=0)
        task = asyncio.ensure_future(
            downloader.download(server.url("/a/p.m3u8"), tmp_path / "o.aac", concurrency=1)
        )
        await asyncio.wait_for(transport.closing.wait(), WAIT)
        task.cancel()  # once, as asyncio.wait_for does: the part is cancelled in its close
        await _settled(task)
        assert transport.busy() == []
        assert not (tmp_path / "o.aac").exists()
        # The only connection is free: the next download gets it.
        await _still_downloads(downloader, server, expected, tmp_path / "o.aac")


async def test_a_download_left_by_an_anyio_cancel_scope_in_a_close_loses_no_connection(
    server: FakeServer, tmp_path: Path
) -> None:
    # An anyio cancel scope cancels its task again at every turn of the loop until it
    # leaves: here while the playlist's response, which the download's own task reads,
    # closes.
    expected = server.add_stream("/a", random_chunks(3))
    transport = SlowClosing(".m3u8")
    async with _client(transport) as http:
        downloader = AsyncHLSDownloader(http, retries=0)
        with anyio.CancelScope() as scope:

            async def leave() -> None:
                await transport.closing.wait()
                scope.cancel()

            leaving = asyncio.ensure_future(leave())
            try:
                with anyio.fail_after(WAIT):
                    await downloader.download(
                        server.url("/a/p.m3u8"), tmp_path / "o.aac", concurrency=1
                    )
            finally:
                leaving.cancel()
        assert scope.cancelled_caught
        assert transport.busy() == []
        transport.closing = asyncio.Event()
        transport.suffix = ".never"
        await _still_downloads(downloader, server, expected, tmp_path / "o.aac")


async def test_downloads_cancelled_at_random_moments_lose_no_connection(
    server: FakeServer, tmp_path: Path
) -> None:
    # Real closes (no slowed one): downloads left by asyncio.wait_for and anyio cancel
    # scopes at random moments, bounded in count; the seed is fixed.
    expected = server.add_stream("/a", random_chunks(10, 20000))
    server.delay = 0.005
    rnd = random.Random(2)
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=2))
    async with _client(transport) as http:
        downloader = AsyncHLSDownloader(http, retries=0)
        url = server.url("/a/p.m3u8")
        for index in range(60):
            delay = rnd.random() * 0.1
            try:
                if index % 2:
                    with anyio.move_on_after(delay):
                        await downloader.download(url, tmp_path / "o.aac", concurrency=2)
                else:
                    await asyncio.wait_for(
                        downloader.download(url, tmp_path / "o.aac", concurrency=2), delay
                    )
            except TimeoutError:
                pass
        busy = []
        for _ in range(int(WAIT / 0.05)):  # the closes guarded end in their own tasks
            busy = [
                repr(connection)
                for connection in transport._pool.connections
                if not (connection.is_idle() or connection.is_closed())
            ]
            if not busy:
                break
            await asyncio.sleep(0.05)
        assert busy == []
        with anyio.fail_after(WAIT):
            await downloader.download(url, tmp_path / "o.aac", concurrency=2)
        assert (tmp_path / "o.aac").read_bytes() == expected
