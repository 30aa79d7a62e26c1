"""Event loops and an ``http_client`` shared by several async clients (one pool for a
Beatport and a BeatConnect client, say), and a client closed from another event loop.

The loop an async client belongs to was recorded per beatkit client, but the pool it
guards belongs to the ``http_client``: a second client on the same ``http_client``
bound itself to whatever loop it first sent in. Kept from one ``asyncio.run`` to the
next, its first call went out on a connection of the closed loop (reaching the server,
never answered: "may have reached the server"); used from a second open loop, it shared
the first loop's connections (asyncio's bare ``RuntimeError``, or a hang). The loop is
now the pool's: every client on one ``http_client`` follows it.

And ``aclose()`` from another event loop while the client's own is still open (a loop
running in a thread) closed that loop's connections from the wrong thread: asyncio's
bare ``RuntimeError: Non-thread-safe operation invoked on an event loop other than the
current one`` in debug mode (``python -X dev``), unsafe calls into the other loop without
it. Their sockets are now shut down instead, and that loop closes them itself.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings

import httpx
import pytest

from beatkit import AsyncBeatConnect, AsyncBeatPass, ClientClosedError
from beatkit.testing import FakeBeatConnect, FakeBeatPass


def test_clients_sharing_an_http_client_make_each_write_once_across_asyncio_runs() -> None:
    fake = FakeBeatPass()
    with fake.serve() as server:
        http = httpx.AsyncClient()
        clients = [
            AsyncBeatPass(fake.token, base_url=server.base_url, http_client=http) for _ in range(2)
        ]

        async def create(client: AsyncBeatPass, name: str) -> str:
            playlist = await asyncio.wait_for(client.playlists.create(name), 10)
            return playlist.name

        before = len(fake.requests)
        names = [f"run {run}" for run in range(4)]
        made = [asyncio.run(create(clients[run % 2], name)) for run, name in enumerate(names)]
        assert made == names
        posts = [r for r in fake.requests[before:] if r.method == "POST"]
        assert len(posts) == 4


def test_a_second_client_on_the_http_client_is_refused_in_another_open_loop() -> None:
    fake = FakeBeatConnect()
    with fake.serve() as server:
        http = httpx.AsyncClient()
        one = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url, http_client=http)
        two = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url, http_client=http)
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        try:
            assert asyncio.run_coroutine_threadsafe(one.genres.list(), loop).result(10)
            sent = len(fake.requests)

            async def genres() -> int:
                return len(await asyncio.wait_for(two.genres.list(), 10))

            with pytest.raises(ClientClosedError, match="another event loop"):
                asyncio.run(genres())
            assert len(fake.requests) == sent
            # Both clients still work in the loop the pool belongs to.
            assert asyncio.run_coroutine_threadsafe(two.genres.list(), loop).result(10)
            asyncio.run_coroutine_threadsafe(http.aclose(), loop).result(10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()


def test_closing_from_another_open_loop_leaves_that_loop_alone() -> None:
    fake = FakeBeatConnect()
    with warnings.catch_warnings():  # what earlier tests left to the garbage collector
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    with fake.serve() as server, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url)
        loop = asyncio.new_event_loop()
        loop.set_debug(True)  # asyncio refuses a call from another thread then
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        try:
            assert asyncio.run_coroutine_threadsafe(client.genres.list(), loop).result(10)
            asyncio.run(asyncio.wait_for(client.aclose(), 10))
            with pytest.raises(ClientClosedError, match="closed"):
                asyncio.run_coroutine_threadsafe(client.genres.list(), loop).result(10)
            # The loop runs on, and has closed the connection itself.
            assert asyncio.run_coroutine_threadsafe(asyncio.sleep(0, "on"), loop).result(10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()
        gc.collect()
    unclosed = [w for w in caught if "unclosed transport" in str(w.message)]
    assert not unclosed, [str(w.message) for w in unclosed]
