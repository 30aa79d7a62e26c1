"""A file host's rate-limit answers do not pace or lock out the API's own calls.

A download fetches its file from another host (Beatport's media URLs sit on a CDN)
through the client's transport. That host's ``X-RateLimit-*`` headers were recorded
as the API's, and its 429 with a long ``Retry-After`` held the client's limiter: every
API call after it then failed with ``RateLimitError`` without being sent, for as long
as the file host had asked to be left alone.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.errors import RateLimitError

SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)
FILE_URL = "https://cdn.test/files/1.mp3"
LOCKED = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "3600"}


async def _no_sleep(seconds: float) -> None:
    return None


def _client(http_clients: list[httpx.AsyncClient], file_answer: httpx.Response) -> Any:
    api_calls: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "cdn.test":
            return file_answer
        api_calls.append(request.url)
        return httpx.Response(200, json={"ok": True})

    settings = build_settings(
        SPEC, base_url="https://api.test/v1", max_retries=0, async_sleep=_no_sleep
    )
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    return AsyncAPIClient(settings, http), api_calls


def _file() -> Operation[Any]:
    return Operation(name="tracks.download_file", method="GET", path="", url=FILE_URL, result=Any)


def _api() -> Operation[Any]:
    return Operation(name="me.get", method="GET", path="/me", result=Any)


async def test_a_file_hosts_rate_limit_headers_are_not_the_apis(
    http_clients: list[httpx.AsyncClient], tmp_path: Path
) -> None:
    client, api_calls = _client(http_clients, httpx.Response(200, headers=LOCKED, content=b"x"))
    await client._transport.save(_file(), tmp_path / "a.mp3")
    assert client._transport.settings.limiter.state is None
    assert await client._transport.request(_api()) == {"ok": True}
    assert len(api_calls) == 1


async def test_a_file_hosts_long_429_does_not_lock_the_api_out(
    http_clients: list[httpx.AsyncClient], tmp_path: Path
) -> None:
    refusal = httpx.Response(429, headers={"Retry-After": "3600"}, content=b"slow down")
    client, api_calls = _client(http_clients, refusal)
    with pytest.raises(RateLimitError) as caught:
        await client._transport.save(_file(), tmp_path / "a.mp3")
    assert caught.value.retry_after == 3600
    assert await client._transport.request(_api()) == {"ok": True}
    assert len(api_calls) == 1


async def test_the_apis_own_long_429_still_locks_the_api_out(
    http_clients: list[httpx.AsyncClient],
) -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(429, headers={"Retry-After": "3600"})

    settings = build_settings(
        SPEC, base_url="https://api.test/v1", max_retries=0, async_sleep=_no_sleep
    )
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    client = AsyncAPIClient(settings, http)
    for _ in range(2):
        with pytest.raises(RateLimitError):
            await client._transport.request(_api())
    assert calls == 1  # the second call was refused without sending
