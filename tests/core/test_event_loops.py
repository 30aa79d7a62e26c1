"""An async client and event loops: used from a second loop while its first is open,
it is one clear beatkit error before sending, not asyncio's bare ``RuntimeError``
from deep inside the connection pool (one kept from one ``asyncio.run`` to the next:
tests/core/test_event_loop_reuse.py)."""

from __future__ import annotations

import asyncio
import threading
import warnings

import httpx
import pytest

from beatkit import AsyncBeatConnect, AsyncBeatTech, ClientClosedError
from beatkit.testing import FakeBeatConnect, FakeBeatTech


def test_a_client_used_from_a_second_open_event_loop_is_refused_before_sending() -> None:
    # Two loops made with new_event_loop() and neither closed (a script, a notebook
    # helper): asyncio's bare "... is bound to a different event loop" came from deep
    # inside the connection pool.
    fake = FakeBeatConnect()
    with fake.serve() as server:
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url)

        async def genres() -> int:
            return len(await asyncio.wait_for(client.genres.list(), 10))

        first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
        try:
            assert first.run_until_complete(genres()) > 0
            sent = len(fake.requests)
            with pytest.raises(ClientClosedError, match="another event loop") as caught:
                second.run_until_complete(genres())
            assert isinstance(caught.value, RuntimeError)
            assert len(fake.requests) == sent
            # The loop it belongs to still works.
            assert first.run_until_complete(genres()) > 0
            first.run_until_complete(client.aclose())
        finally:
            first.close()
            second.close()


def test_a_client_shared_with_a_running_loop_in_another_thread_never_hangs() -> None:
    # Both loops sending at once through one pool hung until a timeout: the pool's
    # waiters belong to one loop and are woken from the other.
    fake = FakeBeatConnect()
    with fake.serve() as server:
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url)
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        try:
            done = asyncio.run_coroutine_threadsafe(client.genres.list(), loop)
            assert done.result(timeout=10)

            async def genres() -> int:
                return len(await asyncio.wait_for(client.genres.list(), 10))

            with pytest.raises(ClientClosedError, match="another event loop"):
                asyncio.run(genres())
            asyncio.run_coroutine_threadsafe(client.aclose(), loop).result(timeout=10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()


def test_your_own_http_client_on_the_network_is_guarded_too() -> None:
    fake = FakeBeatConnect()
    with fake.serve() as server:
        http = httpx.AsyncClient()
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url, http_client=http)
        first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
        try:
            assert first.run_until_complete(asyncio.wait_for(client.genres.list(), 10))
            with pytest.raises(ClientClosedError, match="another event loop"):
                second.run_until_complete(asyncio.wait_for(client.genres.list(), 10))
            first.run_until_complete(http.aclose())
        finally:
            first.close()
            second.close()


def test_the_app_view_of_beat_technology_shares_the_event_loop_rule() -> None:
    fake = FakeBeatTech()
    with fake.serve() as server:
        bt = AsyncBeatTech(
            "fabel",
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=server.base_url,
        )
        first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
        try:
            first.run_until_complete(asyncio.wait_for(bt.app.tracks.get("10001"), 10))
            with pytest.raises(ClientClosedError, match="another event loop"):
                second.run_until_complete(asyncio.wait_for(bt.tracks.get("10001"), 10))
            first.run_until_complete(bt.aclose())
        finally:
            first.close()
            second.close()


def test_a_client_without_open_connections_moves_on_after_its_loop_closed() -> None:
    # A closed loop leaves nothing behind in an in-memory transport's pool: the next
    # asyncio.run may use the client.
    fake = FakeBeatConnect()
    client = AsyncBeatConnect(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    )
    assert asyncio.run(client.genres.list())
    assert asyncio.run(client.genres.list())


def test_closing_a_client_after_its_event_loop_closed_is_quiet() -> None:
    # asyncio.run(client.aclose()) after asyncio.run(main()) raised asyncio's bare
    # "RuntimeError: Event loop is closed" out of aclose(): the pooled connection cannot
    # be closed from another loop, yet the client is closed all the same.
    fake = FakeBeatConnect()
    with fake.serve() as server:
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url)

        async def genres() -> int:
            return len(await asyncio.wait_for(client.genres.list(), 10))

        assert asyncio.run(genres()) > 0
        with warnings.catch_warnings():
            # The stale socket is left to the garbage collector, which says so.
            warnings.simplefilter("ignore", ResourceWarning)
            asyncio.run(client.aclose())
            asyncio.run(client.aclose())  # twice is still harmless
        with pytest.raises(ClientClosedError, match="closed"):
            asyncio.run(genres())
