"""An ``http_client`` whose transport wraps httpx's network transport (a retrying or
caching transport of the kind libraries ship: ``RetryTransport(AsyncHTTPTransport())``)
holds pooled connections just as httpx's own does, one attribute further in.

The event-loop and fork guards looked for a pool on the client's transport itself only:
through such a wrapper, a client used from a second open event loop sent its request
and failed with asyncio's bare ``RuntimeError: ... is bound to a different event loop``
(or hung, both loops waiting on each other's futures); one kept from one
``asyncio.run`` to the next sent its call on a connection of the closed loop, where it
reached the server and was never answered; and a forked child sent on its parent's
kept-alive sockets. They now find the pool through the wrapper.
"""

from __future__ import annotations

import asyncio
import os
import threading

import httpx
import pytest

from beatkit import AsyncBeatConnect, AsyncBeatPass, BeatConnect, ClientClosedError
from beatkit.testing import FakeBeatConnect, FakeBeatPass
from tests.core._fork import in_child


class AsyncWrapper(httpx.AsyncBaseTransport):
    """A transport that hands every request to another one (as a retrying one does)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


class Wrapper(httpx.BaseTransport):
    """The sync twin of :class:`AsyncWrapper`."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def wrapped_http() -> httpx.AsyncClient:
    # Two layers: a wrapper around a wrapper around httpx's own transport.
    return httpx.AsyncClient(transport=AsyncWrapper(AsyncWrapper(httpx.AsyncHTTPTransport())))


def test_a_second_open_event_loop_is_refused_before_sending() -> None:
    fake = FakeBeatConnect()
    with fake.serve() as server:
        http = wrapped_http()
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url, http_client=http)

        async def genres() -> int:
            return len(await asyncio.wait_for(client.genres.list(), 10))

        first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
        try:
            assert first.run_until_complete(genres()) > 0
            sent = len(fake.requests)
            with pytest.raises(ClientClosedError, match="another event loop"):
                second.run_until_complete(genres())
            assert len(fake.requests) == sent
            assert first.run_until_complete(genres()) > 0  # its own loop still works
            first.run_until_complete(http.aclose())
        finally:
            first.close()
            second.close()


def test_a_loop_running_in_another_thread_never_hangs() -> None:
    fake = FakeBeatConnect()
    with fake.serve() as server:
        http = wrapped_http()
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url, http_client=http)
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        try:
            assert asyncio.run_coroutine_threadsafe(client.genres.list(), loop).result(10)

            async def genres() -> int:
                return len(await asyncio.wait_for(client.genres.list(), 10))

            with pytest.raises(ClientClosedError, match="another event loop"):
                asyncio.run(genres())
            asyncio.run_coroutine_threadsafe(http.aclose(), loop).result(10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()


def test_a_write_in_each_asyncio_run_is_made_once_and_answered() -> None:
    fake = FakeBeatPass()
    with fake.serve() as server:
        http = wrapped_http()
        client = AsyncBeatPass(fake.token, base_url=server.base_url, http_client=http)

        async def create(name: str) -> str:
            playlist = await asyncio.wait_for(client.playlists.create(name), 10)
            return playlist.name

        before = len(fake.requests)
        names = [f"loop {run}" for run in range(3)]
        assert [asyncio.run(create(name)) for name in names] == names
        posts = [r for r in fake.requests[before:] if r.method == "POST"]
        assert len(posts) == 3


def test_an_in_memory_transport_behind_a_wrapper_may_still_move_between_loops() -> None:
    fake = FakeBeatConnect()
    http = httpx.AsyncClient(transport=AsyncWrapper(fake.transport()))
    client = AsyncBeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        assert first.run_until_complete(client.genres.list())
        assert second.run_until_complete(client.genres.list())
    finally:
        first.close()
        second.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_refuses_the_parents_connections_behind_a_wrapper() -> None:
    fake = FakeBeatConnect()
    with (
        fake.serve() as server,
        httpx.Client(transport=Wrapper(httpx.HTTPTransport())) as http,
        BeatConnect(api_key=fake.api_key, base_url=server.base_url, http_client=http) as client,
    ):
        assert client.beats.get(1234).id == 1234  # a kept-alive connection, wrapped
        sent = len(fake.requests)
        outcome = in_child(lambda: client.beats.get(1001).id)
        assert outcome[:2] == ("error", "ClientClosedError")
        assert len(fake.requests) == sent  # nothing went out from the child
        assert client.beats.get(1001).id == 1001  # the parent's client is unharmed
