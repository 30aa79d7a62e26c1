"""A segment body longer than its ``Content-Length`` is said to be longer, not truncated.

Over a socket h11 reads no more than the header says; a transport that does not frame
bodies (an ``http_client`` of yours with its own transport, a ``MockTransport``) hands
over all it got, and the download failed with "truncated body: 20 of 10 bytes", the
word for the opposite fault. Nothing is written either way.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader, SegmentError

PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"


def handler(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith(".m3u8"):
        return httpx.Response(200, content=PLAYLIST)
    return httpx.Response(200, headers={"Content-Length": "10"}, content=b"x" * 20)


def download(facade: str, dest: Path) -> None:
    url = "https://cdn.example/p.m3u8"
    if facade == "sync":
        with httpx.Client(transport=httpx.MockTransport(handler)) as client:
            HLSDownloader(client, retries=1, retry_backoff=0).download(url, dest)
        return

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            await AsyncHLSDownloader(client, retries=1, retry_backoff=0).download(url, dest)

    asyncio.run(main())


@pytest.mark.parametrize("facade", ["sync", "async"])
def test_a_segment_longer_than_its_content_length_is_named_so(facade: str, tmp_path: Path) -> None:
    (tmp_path / "out.ts").write_bytes(b"old")
    with pytest.raises(SegmentError) as caught:
        download(facade, tmp_path / "out.ts")
    reason = caught.value.reason
    assert "truncated" not in reason
    assert reason == "body is 20 bytes, longer than its Content-Length of 10 (after 2 attempts)"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ts"]
    assert (tmp_path / "out.ts").read_bytes() == b"old"
