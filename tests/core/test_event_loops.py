"""An async client kept from one ``asyncio.run`` to the next: its pooled connections
belong to the first event loop, which is closed. The next call is one clear beatkit
error naming the cause, not asyncio's bare ``RuntimeError: Event loop is closed``
from deep inside the connection pool."""

from __future__ import annotations

import asyncio

import pytest

from beatkit import AsyncBeatConnect, ClientClosedError
from beatkit.testing import FakeBeatConnect


def test_a_client_used_again_after_its_event_loop_closed() -> None:
    fake = FakeBeatConnect()
    with fake.serve() as server:
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url)

        async def genres() -> int:
            return len(await asyncio.wait_for(client.genres.list(), 10))

        assert asyncio.run(genres()) > 0
        sent = len(fake.requests)
        with pytest.raises(ClientClosedError, match="event loop") as caught:
            asyncio.run(genres())
        assert isinstance(caught.value, RuntimeError)
        assert "asyncio.run" in str(caught.value)
        # The stale socket can still write: the request may have gone out, once (never
        # retried), though its answer cannot be read.
        assert len(fake.requests) <= sent + 1
        assert "may have" in str(caught.value)
