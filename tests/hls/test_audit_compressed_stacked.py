"""A body in several codings (``Content-Encoding: gzip, gzip``) is decoded to its end too.

httpx decodes stacked codings with its own decoders, which stop quietly where the
compressed data stops: a segment in ``deflate, gzip`` (or ``gzip, gzip``, as a proxy
compressing an already compressed answer sends it) cut inside its data was written
short. Each coding is now decoded to its end: a cut body is retried, then a
``SegmentError``; bytes after the data are refused; a whole body is written whole.
Both facades.
"""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, DownloadResult, HLSDownloader, SegmentError

URL = "https://cdn.example/p.m3u8"
PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
CLEAR = bytes(range(256)) * 40


def _deflate_gzip(data: bytes) -> bytes:
    return gzip.compress(zlib.compress(data))


def _gzip_gzip(data: bytes) -> bytes:
    return gzip.compress(gzip.compress(data))


def _gzip_members_gzip(data: bytes) -> bytes:
    inner = gzip.compress(data[:100]) + gzip.compress(data[100:])
    return gzip.compress(inner[:50]) + gzip.compress(inner[50:])


CODINGS = [
    ("deflate, gzip", _deflate_gzip),
    ("gzip, gzip", _gzip_gzip),
    ("gzip,gzip", _gzip_members_gzip),
    ("gzip, identity, deflate", lambda data: zlib.compress(gzip.compress(data))),
]


def _download(label: str, body: bytes, tmp_path: Path, seen: list[str]) -> list[Any]:
    """Download with both facades; each outcome is its DownloadResult or its error."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=PLAYLIST)
        headers = {"Content-Encoding": label}
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))

    def sync() -> DownloadResult:
        with httpx.Client(transport=httpx.MockTransport(handle)) as client:
            return HLSDownloader(client, retries=1, retry_backoff=0).download(URL, tmp_path / "o")

    async def run() -> DownloadResult:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
            downloader = AsyncHLSDownloader(client, retries=1, retry_backoff=0)
            return await downloader.download(URL, tmp_path / "o")

    outcomes: list[Any] = []
    for go in (sync, lambda: asyncio.run(run())):
        call: Callable[[], DownloadResult] = go
        try:
            outcomes.append(call())
        except SegmentError as exc:
            outcomes.append(exc)
    return outcomes


@pytest.mark.parametrize(("label", "encode"), CODINGS)
def test_a_whole_body_in_stacked_codings_is_written_whole(
    tmp_path: Path, label: str, encode: Callable[[bytes], bytes]
) -> None:
    for outcome in _download(label, encode(CLEAR), tmp_path, []):
        assert isinstance(outcome, DownloadResult), outcome
        assert outcome.bytes_written == len(CLEAR)
        assert (tmp_path / "o").read_bytes() == CLEAR


@pytest.mark.parametrize(("label", "encode"), CODINGS)
@pytest.mark.parametrize("cut", [30, 8])
def test_a_body_in_stacked_codings_cut_short_is_retried_then_refused(
    tmp_path: Path, label: str, encode: Callable[[bytes], bytes], cut: int
) -> None:
    seen: list[str] = []
    for outcome in _download(label, encode(CLEAR)[:-cut], tmp_path, seen):
        assert isinstance(outcome, SegmentError), outcome
        assert "cut short" in str(outcome)
    assert seen.count("/s0.ts") == 4  # two attempts, both facades
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("label", "encode"), CODINGS)
def test_bytes_after_the_data_of_stacked_codings_are_refused(
    tmp_path: Path, label: str, encode: Callable[[bytes], bytes]
) -> None:
    seen: list[str] = []
    for outcome in _download(label, encode(CLEAR) + b"junk", tmp_path, seen):
        assert isinstance(outcome, SegmentError), outcome
        assert "follow the end" in str(outcome)
    assert seen.count("/s0.ts") == 2  # not retried
    assert list(tmp_path.iterdir()) == []
