"""An ``http_client`` of yours closed before a call says so: closed before this request,
nothing sent. Closed after the beatkit client was built but before its first call, it
was said to have been "closed while it was in use", as if a request had been cut.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit import ClientClosedError
from beatkit.beatconnect import AsyncBeatConnect
from beatkit.testing.beatconnect import FakeBeatConnect


async def test_an_http_client_closed_before_the_first_call() -> None:
    fake = FakeBeatConnect()
    http = httpx.AsyncClient(transport=fake.transport())
    client = AsyncBeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    await http.aclose()
    with pytest.raises(ClientClosedError, match="http_client") as caught:
        await client.genres.list()
    text = str(caught.value)
    assert "while it was in use" not in text
    assert "before this request" in text
    assert "nothing was sent" in text
    assert fake.requests == []
    await client.aclose()


async def test_an_http_client_closed_between_calls() -> None:
    fake = FakeBeatConnect()
    http = httpx.AsyncClient(transport=fake.transport())
    client = AsyncBeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    assert await client.genres.list()
    await http.aclose()
    sent = len(fake.requests)
    with pytest.raises(ClientClosedError, match="before this request") as caught:
        await client.genres.list()
    assert "nothing was sent" in str(caught.value)
    assert len(fake.requests) == sent
    await client.aclose()
