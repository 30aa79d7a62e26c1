"""A client used before a fork (``multiprocessing`` with the fork start method, a worker
pool made in a notebook) and then in the child: the pooled keep-alive connections are
the parent's sockets, shared. Requests of both processes went out on one socket and
each read the answer first to arrive: a worker asking for beat 1001 got beat 1021,
others timed out. The child now refuses before sending (``ClientClosedError`` saying
why), and a client the parent never sent with still works in the child."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.testing import FakeBeatConnect, FakeServer
from tests.core._fork import in_child

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def test_a_sync_client_used_before_the_fork_refuses_in_the_child(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    fake = beatconnect_server.fake
    with BeatConnect(api_key=fake.api_key, base_url=beatconnect_server.base_url) as client:
        assert client.beats.get(1234).id == 1234  # a pooled connection, kept alive
        sent = len(fake.requests)
        outcome = in_child(lambda: client.beats.get(1001).id)
        assert outcome[:2] == ("error", "ClientClosedError")
        assert "another process" in outcome[2]
        assert len(fake.requests) == sent  # nothing went out from the child
        assert client.beats.get(1001).id == 1001  # the parent's client is unharmed


def test_a_sync_client_not_used_before_the_fork_works_in_the_child(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    fake = beatconnect_server.fake
    with BeatConnect(api_key=fake.api_key, base_url=beatconnect_server.base_url) as client:
        assert in_child(lambda: client.beats.get(1001).id) == ("ok", 1001)


@pytest.mark.skipif(sys.platform == "darwin", reason="fork after asyncio on macOS")
def test_an_async_client_used_before_the_fork_refuses_in_the_child(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    fake = beatconnect_server.fake
    client = AsyncBeatConnect(api_key=fake.api_key, base_url=beatconnect_server.base_url)

    async def beat(number: int) -> int:
        return (await asyncio.wait_for(client.beats.get(number), 10)).id

    async def parent() -> Any:
        assert await beat(1234) == 1234
        try:
            # Forked from inside the running loop, as a notebook cell would.
            return in_child(lambda: asyncio.new_event_loop().run_until_complete(beat(1001)))
        finally:
            await client.aclose()  # the parent's connection, not left to the collector

    outcome = asyncio.run(parent())
    assert outcome[:2] == ("error", "ClientClosedError")
    assert "another process" in outcome[2]
