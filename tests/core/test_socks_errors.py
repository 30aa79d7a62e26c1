"""A SOCKS proxy that fails its handshake is an ``APIConnectionError``, not socksio's error.

httpcore lets some errors of the SOCKS handshake out unmapped: a proxy that answers
with something that is no SOCKS reply (a closed port, an HTTP proxy) raised
``socksio.exceptions.ProtocolError: Malformed reply`` through httpx and out of the
beatkit call, past every ``except beatkit.BeatkitError`` (and never retried as the
connection failure it is). It is httpx's ``ProxyError`` now, so the call raises
:class:`~beatkit.errors.APIConnectionError` (and an HLS download its ``FetchError``).
The error is made here as socksio's is, so the test needs no ``socksio``; the last
test drives a real SOCKS client when it is installed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from beatkit import APIConnectionError, AsyncBeatConnect, BeatConnect
from beatkit.hls import FetchError, HLSDownloader
from tests.core._listener import listening


class ProtocolError(Exception):
    """socksio's, as httpcore lets it out."""


ProtocolError.__module__ = "socksio.exceptions"


def _refusing(request: httpx.Request) -> httpx.Response:
    raise ProtocolError("Malformed reply")


def test_a_sync_call_raises_a_connection_error() -> None:
    http = httpx.Client(transport=httpx.MockTransport(_refusing))
    with (
        BeatConnect(
            api_key="k" * 20,
            base_url="https://api.example.com/v1",
            http_client=http,
            max_retries=0,
        ) as client,
        pytest.raises(APIConnectionError, match="failed: ProxyError") as caught,
    ):
        client.beats.get(1234)
    assert isinstance(caught.value.__cause__, httpx.ProxyError)
    assert isinstance(caught.value.__cause__.__cause__, ProtocolError)


def test_an_async_call_raises_a_connection_error() -> None:
    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(_refusing))
        async with AsyncBeatConnect(
            api_key="k" * 20,
            base_url="https://api.example.com/v1",
            http_client=http,
            max_retries=0,
        ) as client:
            await client.beats.get(1234)

    with pytest.raises(APIConnectionError, match="failed: ProxyError"):
        asyncio.run(main())


def test_an_hls_download_raises_its_fetch_error(tmp_path: Path) -> None:
    http = httpx.Client(transport=httpx.MockTransport(_refusing))
    with pytest.raises(FetchError, match="ProxyError"):
        HLSDownloader(http, retries=0).download(
            "https://cdn.example.com/list.m3u8", tmp_path / "out.aac"
        )


@pytest.fixture
def silent_proxy() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and closes them unanswered."""
    pytest.importorskip("socksio")
    with listening(lambda conn: None, seconds=10) as port:
        yield port


def test_a_real_socks_proxy_that_does_not_answer(silent_proxy: int) -> None:
    http = httpx.Client(proxy=f"socks5://127.0.0.1:{silent_proxy}", timeout=10)
    with (
        BeatConnect(
            api_key="k" * 20,
            base_url="https://api.example.com/v1",
            http_client=http,
            max_retries=0,
        ) as client,
        pytest.raises(APIConnectionError),
    ):
        client.beats.get(1234)
