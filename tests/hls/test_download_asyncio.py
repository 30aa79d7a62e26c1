"""Async-only downloader behaviour: cancellation and client ownership."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader, Progress

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer


async def test_cancellation_leaves_no_temporary_file(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/c", [os.urandom(2000) for _ in range(12)])
    server.delay = 0.2
    first_written = asyncio.Event()

    def progress(report: Progress) -> None:
        first_written.set()

    dest = tmp_path / "out.bin"
    task = asyncio.create_task(
        AsyncHLSDownloader(retry_backoff=0).download(
            server.url("/c/p.m3u8"), dest, concurrency=2, progress=progress
        )
    )
    await asyncio.wait_for(first_written.wait(), timeout=30)
    assert [p.name for p in tmp_path.iterdir()]  # the temporary file exists mid-download
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert list(tmp_path.iterdir()) == []


async def test_own_client_closed_callers_client_kept(server: FakeServer, tmp_path: Path) -> None:
    expected = server.add_stream("/o", [os.urandom(100) for _ in range(2)])
    async with httpx.AsyncClient() as client:
        await AsyncHLSDownloader(client).download(server.url("/o/p.m3u8"), tmp_path / "a")
        assert not client.is_closed
        response = await client.get(server.url("/o/k0.key"))
        assert response.status_code == 200
    assert (tmp_path / "a").read_bytes() == expected


def test_sync_downloader_with_callers_client(server: FakeServer, tmp_path: Path) -> None:
    expected = server.add_stream("/s", [os.urandom(100) for _ in range(3)])
    with httpx.Client() as client:
        result = HLSDownloader(client).download(server.url("/s/p.m3u8"), tmp_path / "a")
        assert not client.is_closed
    assert result.segments == 3
    assert (tmp_path / "a").read_bytes() == expected
