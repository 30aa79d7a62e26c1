# GENERATED from tests/hls/_async/test_memory.py by scripts/unasync.py: edit the async source.
"""A download holds a few segments in memory, whatever the length of the stream.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from beatkit.hls import encrypt_segment
from beatkit.hls._sync.download import HLSDownloader

BASE = "https://cdn.example"
KEY = bytes(range(16))
IV = bytes(16)
SEGMENT = 2 * 1024 * 1024
COUNT = 12
CHUNK = 64 * 1024
CLEAR = bytes(range(256)) * (SEGMENT // 256)
SEALED = encrypt_segment(CLEAR, KEY, IV)
PLAYLIST = (
    "\n".join(
        [
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-TARGETDURATION:5",
            f'#EXT-X-KEY:METHOD=AES-128,URI="k.bin",IV=0x{IV.hex()}',
            *[line for i in range(COUNT) for line in ("#EXTINF:5,", f"s{i}.ts")],
            "#EXT-X-ENDLIST",
        ]
    )
    + "\n"
).encode()


def _chunks(body: bytes) -> Iterator[bytes]:
    # As a socket delivers it: a segment in many reads, never a ready-made bytes object.
    view = memoryview(body)
    for start in range(0, len(body), CHUNK):
        yield bytes(view[start : start + CHUNK])


def _handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    body = PLAYLIST if path == "/p.m3u8" else KEY if path == "/k.bin" else SEALED
    return httpx.Response(200, headers={"Content-Length": str(len(body))}, content=_chunks(body))


@pytest.mark.parametrize("concurrency", [1, 4])
def test_memory_is_a_few_segments_per_segment_in_flight(
    tmp_path: Path, concurrency: int
) -> None:
    # Each segment was copied on its way: its body read into a buffer, copied to bytes,
    # decrypted into a second buffer, copied to bytes again. The peak was 4.0 segments
    # with one in flight, 7.0 (event loop) and 9.1 (threads) with four, where
    # docs/hls.md says "about concurrency times the segment size". Now: 2.2 and 5.4.
    with httpx.Client(transport=httpx.MockTransport(_handler)) as client:
        downloader = HLSDownloader(client, retry_backoff=0)
        dest = tmp_path / "out.ts"
        tracemalloc.start()
        try:
            result = downloader.download(f"{BASE}/p.m3u8", dest, concurrency=concurrency)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.segments == COUNT
    assert dest.stat().st_size == COUNT * SEGMENT
    assert peak < (concurrency + 2) * SEGMENT
