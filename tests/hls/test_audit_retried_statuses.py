"""Which error statuses a download retries, as its docs now say: 429, 500, 502, 503, 504.

The docs said "5xx": a 501 (Not Implemented), 505 or 507 is no transient failure and is
not retried, in both facades.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, FetchError, HLSDownloader

URL = "https://cdn.example/p.m3u8"


def _failing(status: int, seen: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(status)

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    ("status", "attempts"),
    [(429, 3), (500, 3), (502, 3), (503, 3), (504, 3), (501, 1), (505, 1), (507, 1), (599, 1)],
)
def test_retried_statuses_both_facades(tmp_path: Path, status: int, attempts: int) -> None:
    seen: list[str] = []
    client = httpx.Client(transport=_failing(status, seen))
    with client, pytest.raises(FetchError) as info:
        HLSDownloader(client, retries=2, retry_backoff=0).download(URL, tmp_path / "o")
    assert info.value.status_code == status
    assert len(seen) == attempts

    async def run() -> None:
        async with httpx.AsyncClient(transport=_failing(status, seen)) as client:
            await AsyncHLSDownloader(client, retries=2, retry_backoff=0).download(
                URL, tmp_path / "o"
            )

    seen.clear()
    with pytest.raises(FetchError):
        asyncio.run(run())
    assert len(seen) == attempts
    assert list(tmp_path.iterdir()) == []
