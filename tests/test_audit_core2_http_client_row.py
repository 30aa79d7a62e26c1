"""docs/concepts.md, the ``http_client`` row: its ``auth=`` is never used, beatkit's
``User-Agent`` and ``Accept`` replace its defaults (others kept), and a transport of
the other kind is a ``ConfigurationError`` at the first call, nothing sent."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.errors import ConfigurationError, ResponseDecodeError

BASE = "https://api.example/v1"
DOC = Path(__file__).parent.parent / "docs" / "concepts.md"


def _record(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    return httpx.MockTransport(handler)


def _check(request: httpx.Request) -> None:
    assert "authorization" not in request.headers
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("beatkit/")
    assert request.headers["x-mine"] == "1"


HEADERS = {"User-Agent": "mine/1", "Accept": "text/html", "X-Mine": "1"}


def test_the_row_says_so() -> None:
    row = next(line for line in DOC.read_text().splitlines() if line.startswith("| `http_client`"))
    assert "`auth=` is never used" in row
    assert "`User-Agent` and `Accept` replace" in row
    assert "other kind" in row and "at the first call" in row


def test_its_auth_and_default_headers() -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_record(seen), auth=("user", "pw"), headers=HEADERS)
    with BeatPass(base_url=BASE, http_client=http) as bp, pytest.raises(ResponseDecodeError):
        bp.tracks.get(1)  # {} is no track: only the request matters here
    _check(seen[0])


async def test_its_auth_and_default_headers_async() -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_record(seen), auth=("user", "pw"), headers=HEADERS)
    async with http, AsyncBeatPass(base_url=BASE, http_client=http) as bp:
        with pytest.raises(ResponseDecodeError):
            await bp.tracks.get(1)
    _check(seen[0])


def test_an_async_transport_on_a_sync_client() -> None:
    http = httpx.Client(transport=httpx.AsyncHTTPTransport())
    bp = BeatPass(base_url=BASE, http_client=http)  # made without complaint
    with bp, pytest.raises(ConfigurationError, match="other kind"):
        bp.tracks.get(1)


async def test_a_sync_transport_on_an_async_client() -> None:
    http = httpx.AsyncClient(transport=httpx.HTTPTransport())
    # Not entered: httpx would enter the sync transport as an async one.
    bp = AsyncBeatPass(base_url=BASE, http_client=http)  # made without complaint
    with pytest.raises(ConfigurationError, match="other kind"):
        await bp.tracks.get(1)
    await bp.aclose()
