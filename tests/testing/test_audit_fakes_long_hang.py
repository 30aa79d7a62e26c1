"""``serve(hang=...)`` holds an injected timeout for any finite number of seconds.

A ``hang`` above ``threading.TIMEOUT_MAX`` (about 292 years on Linux; a test meaning
"hold it for ever", ``hang=1e12``) was accepted, then the handler thread raised
``OverflowError`` when the timeout was injected: the connection was closed at once
(the client saw ``RemoteProtocolError``, not its read timeout) with a traceback on
stderr.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from beatkit.testing import FakeBeatConnect, serve


def test_sync_client_times_out_on_a_very_long_hang() -> None:
    fake = FakeBeatConnect()
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    with serve(fake, hang=1e12) as server, httpx.Client(timeout=0.3) as http:
        fake.timeout_next()
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            http.get(server.base_url + "/genres", headers=headers)
        assert time.monotonic() - started < 10
        stopping = time.monotonic()
    assert time.monotonic() - stopping < 10  # leaving the block releases the hold


def test_async_client_times_out_on_a_very_long_hang() -> None:
    fake = FakeBeatConnect()
    headers = {"Authorization": f"Bearer {fake.api_key}"}

    async def run(url: str) -> None:
        async with httpx.AsyncClient(timeout=0.3) as http:
            with pytest.raises(httpx.ReadTimeout):
                await http.get(url + "/genres", headers=headers)

    with serve(fake, hang=1e12) as server:
        fake.timeout_next()
        asyncio.run(run(server.base_url))
