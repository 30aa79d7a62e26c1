"""A segment in raw ``deflate`` whose first read is one byte is written whole.

The core's ``StrictDecoder`` chose between zlib-wrapped and raw deflate on the first
piece it was given: a first read of one byte (a slow server, a proxy flushing early)
cleared that choice, and the segment failed with "incorrect header check". Both facades,
the body served in pieces as from a socket.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, DownloadResult, HLSDownloader

URL = "https://cdn.example/p.m3u8"
PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
CLEAR = bytes(range(256)) * 40


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


class Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent in the pieces given."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            yield piece


@pytest.mark.parametrize("body", [_raw_deflate(CLEAR), zlib.compress(CLEAR)], ids=["raw", "zlib"])
@pytest.mark.parametrize("first", [1, 2])
def test_a_deflate_segment_whose_first_read_is_short_is_written_whole(
    tmp_path: Path, body: bytes, first: int
) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=PLAYLIST)
        stream = Pieces([body[:first], body[first:]])
        return httpx.Response(200, headers={"Content-Encoding": "deflate"}, stream=stream)

    def sync(dest: str) -> DownloadResult:
        with httpx.Client(transport=httpx.MockTransport(handle)) as client:
            return HLSDownloader(client, retries=0).download(URL, dest)

    async def run(dest: str) -> DownloadResult:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
            return await AsyncHLSDownloader(client, retries=0).download(URL, dest)

    for name, go in (("sync", sync), ("async", lambda dest: asyncio.run(run(dest)))):
        dest = tmp_path / f"{name}.ts"
        result = go(str(dest))
        assert result.bytes_written == len(CLEAR), name
        assert dest.read_bytes() == CLEAR, name
