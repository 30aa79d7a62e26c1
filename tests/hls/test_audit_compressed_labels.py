"""A body under a ``Content-Encoding`` label that names no coding is checked against its length.

The downloader treats a label outside the registered codings (``none``, ``binary``,
from misconfigured servers) as no coding at all, as httpx and browsers do, and writes
the body as sent. But it then took the ``Content-Length`` for a count of compressed
bytes, and left it unchecked: through a transport that does not check lengths itself
(a test double, a custom transport), a segment half as long as its ``Content-Length``
was written as whole, where the same body unlabelled, or labelled ``identity``, is
retried as truncated. Both facades.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader, SegmentError

URL = "https://cdn.example/p.m3u8"
PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"


def _transport(label: str, seen: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=PLAYLIST)
        headers = {"Content-Length": "1000", "Content-Encoding": label}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(b"x" * 500))

    return httpx.MockTransport(handle)


@pytest.mark.parametrize("label", ["none", "binary", "identity", "None ", "identity, none"])
def test_a_short_body_under_a_label_that_names_no_coding_is_truncated_both_facades(
    tmp_path: Path, label: str
) -> None:
    seen: list[str] = []
    client = httpx.Client(transport=_transport(label, seen))
    with client, pytest.raises(SegmentError) as info:
        HLSDownloader(client, retries=1, retry_backoff=0).download(URL, tmp_path / "o")
    assert "truncated body: 500 of 1000 bytes" in str(info.value)
    assert seen.count("/s0.ts") == 2  # retried, as an unlabelled short body is

    async def run() -> Any:
        async with httpx.AsyncClient(transport=_transport(label, seen)) as client:
            return await AsyncHLSDownloader(client, retries=1, retry_backoff=0).download(
                URL, tmp_path / "o"
            )

    seen.clear()
    with pytest.raises(SegmentError) as info:
        asyncio.run(run())
    assert "truncated body: 500 of 1000 bytes" in str(info.value)
    assert seen.count("/s0.ts") == 2
    assert list(tmp_path.iterdir()) == []
