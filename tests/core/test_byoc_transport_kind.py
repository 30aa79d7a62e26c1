"""An ``http_client`` whose transport is for the other kind of httpx client (an
``httpx.Client(transport=httpx.AsyncHTTPTransport())``, an ``httpx.AsyncClient`` with
a sync transport or mount) gets a ``ConfigurationError`` saying so, not the raw
``AttributeError: 'HTTPTransport' object has no attribute 'handle_async_request'`` httpx
let out of the first call. The transport cannot send: nothing went out. (Such an httpx
client cannot be used as a context manager, nor closed, either: httpx calls the
transport's own methods for those, so the tests leave it unclosed; it opened no
connection.)
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth
from beatkit.beatconnect import AsyncBeatConnect, BeatConnect
from beatkit.errors import ConfigurationError

TOKEN_URL = "https://api.example.com/oauth/token"


def test_sync_client_with_an_async_transport() -> None:
    http = httpx.Client(transport=httpx.AsyncHTTPTransport())
    client = BeatConnect("key", http_client=http, max_retries=0)
    with pytest.raises(ConfigurationError, match="transport") as caught:
        client.beats.get(1)
    assert "httpx.Client" in str(caught.value)


@pytest.mark.parametrize("how", ["transport", "mounts"])
def test_async_client_with_a_sync_transport(how: str) -> None:
    async def main() -> str:
        kwargs: dict[str, object] = (
            {"transport": httpx.HTTPTransport()}
            if how == "transport"
            else {"mounts": {"all://": httpx.HTTPTransport()}}
        )
        http = httpx.AsyncClient(**kwargs)  # type: ignore[arg-type]
        client = AsyncBeatConnect("key", http_client=http, max_retries=0)
        with pytest.raises(ConfigurationError, match="transport") as caught:
            await client.beats.get(1)
        return str(caught.value)

    assert "httpx.AsyncClient" in asyncio.run(asyncio.wait_for(main(), 30))


def test_token_calls_with_the_wrong_transport() -> None:
    auth = ClientCredentialsAuth(TOKEN_URL, "cid", "secret", hosts=["api.example.com"])
    with pytest.raises(ConfigurationError, match="transport"):
        auth.ensure_token(httpx.Client(transport=httpx.AsyncHTTPTransport()))

    async def main() -> None:
        with pytest.raises(ConfigurationError, match="transport"):
            await auth.aensure_token(httpx.AsyncClient(transport=httpx.HTTPTransport()))

    asyncio.run(asyncio.wait_for(main(), 30))
