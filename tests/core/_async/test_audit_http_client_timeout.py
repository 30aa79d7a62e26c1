"""The timeout an ``http_client`` of the caller's was made with is not used: every call
gets the beatkit client's ``timeout`` (or its ``RequestOptions.timeout``), as
docs/concepts.md says.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from typing import Any

import httpx

from beatkit import AsyncBeatConnect, RequestOptions
from beatkit.testing import FakeBeatConnect


async def test_the_clients_timeout_wins_over_the_http_clients() -> None:
    fake = FakeBeatConnect()
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return fake.handle(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), timeout=httpx.Timeout(120))
    try:
        client = AsyncBeatConnect(
            api_key=fake.api_key, base_url=fake.base_url, http_client=http, timeout=7
        )
        await client.genres.list()
        await client.genres.list(options=RequestOptions(timeout=3))
        assert seen == [httpx.Timeout(7).as_dict(), httpx.Timeout(3).as_dict()]
    finally:
        await http.aclose()
