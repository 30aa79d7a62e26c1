"""An async client kept from one ``asyncio.run`` to the next (a script's helpers, a
module-level client) goes on working: the connections it pooled in the closed loop
are dropped before the next call sends, so a write is sent once and answered, never
"maybe sent" with no answer (a retry of which would do it twice). Where the pool
cannot be read, the call is refused before anything is sent."""

from __future__ import annotations

import asyncio

import pytest

from beatkit import AsyncBeatConnect, AsyncBeatPass, ClientClosedError
from beatkit._core import closing
from beatkit.testing import FakeBeatConnect, FakeBeatPass


def test_a_read_in_each_asyncio_run_is_sent_once_and_answered() -> None:
    fake = FakeBeatConnect()
    with fake.serve() as server:
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url)

        async def genres() -> int:
            return len(await asyncio.wait_for(client.genres.list(), 10))

        for run in range(3):
            sent = len(fake.requests)
            assert asyncio.run(genres()) > 0, run
            assert len(fake.requests) == sent + 1, run
        asyncio.run(client.aclose())


def test_a_write_in_each_asyncio_run_is_made_once() -> None:
    fake = FakeBeatPass()
    with fake.serve() as server:
        client = AsyncBeatPass(fake.token, base_url=server.base_url)

        async def create(name: str) -> str:
            playlist = await asyncio.wait_for(client.playlists.create(name), 10)
            return playlist.name

        before = len(fake.requests)
        assert [asyncio.run(create(f"loop {run}")) for run in range(3)] == [
            "loop 0",
            "loop 1",
            "loop 2",
        ]
        posts = [r for r in fake.requests[before:] if r.method == "POST"]
        assert len(posts) == 3
        asyncio.run(client.aclose())


def test_a_pool_it_cannot_read_is_refused_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeBeatConnect()
    with fake.serve() as server:
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url)

        async def genres() -> int:
            return len(await asyncio.wait_for(client.genres.list(), 10))

        assert asyncio.run(genres()) > 0
        sent = len(fake.requests)

        def unreadable(client: object) -> list[object]:
            raise AttributeError("another httpcore layout")

        monkeypatch.setattr(closing, "_pools", unreadable)
        with pytest.raises(ClientClosedError, match="nothing was sent") as caught:
            asyncio.run(genres())
        assert "asyncio.run" in str(caught.value)
        assert len(fake.requests) == sent
