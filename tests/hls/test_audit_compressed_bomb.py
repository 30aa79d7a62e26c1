"""A small compressed body that decodes to a huge one is stopped at the segment limit.

``max_segment_bytes`` keeps a server from filling memory: a body past it is refused as
it comes. But a compressed body was decoded a whole network read (or a test double's
whole body) at a time before the limit was looked at: 64 KiB of gzip can decode to
64 MiB, and a body in stacked codings (``gzip, gzip``) of 2 KiB to a gigabyte, all in
memory at once. Now the decoded bytes come a few MiB at a time, each checked. Both
facades, measured with tracemalloc.
"""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader, SegmentError

URL = "https://cdn.example/p.m3u8"
PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
LIMIT = 1024 * 1024
MIB = 1024 * 1024


def _gzip_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    piece = bytes(8 * MIB)
    return b"".join(packer.compress(piece) for _ in range(size // len(piece))) + packer.flush()


BOMBS = {
    # 64 MiB of zeros in 64 KiB of gzip, in one piece (a network read's worth).
    "gzip": _gzip_zeros(64 * MIB),
    # 256 MiB of zeros in about 400 bytes.
    "gzip, gzip": gzip.compress(_gzip_zeros(256 * MIB), 9),
}


def _handle(label: str) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=PLAYLIST)
        headers = {"Content-Encoding": label}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(BOMBS[label]))

    return handle


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        with pytest.raises(SegmentError, match="larger than the 1048576-byte limit"):
            run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("label", sorted(BOMBS))
def test_a_compression_bomb_is_stopped_at_the_limit_both_facades(
    tmp_path: Path, label: str
) -> None:
    def sync() -> object:
        with httpx.Client(transport=httpx.MockTransport(_handle(label))) as client:
            downloader = HLSDownloader(client, retries=0, max_segment_bytes=LIMIT)
            return downloader.download(URL, tmp_path / "o")

    async def run() -> object:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_handle(label))) as client:
            downloader = AsyncHLSDownloader(client, retries=0, max_segment_bytes=LIMIT)
            return await downloader.download(URL, tmp_path / "o")

    assert _peak(sync) < 24 * MIB
    assert _peak(lambda: asyncio.run(run())) < 24 * MIB
    assert list(tmp_path.iterdir()) == []
