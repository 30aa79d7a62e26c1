"""A gzip or deflate body a response hook read off the connection is refused, not trusted.

A response hook of the caller's ``http_client`` that reads every body (to log it) makes
httpx read and decode it inside ``send``, leniently: a segment whose gzip data was cut
short was written truncated, a multi-member one kept its first member only and bytes
after the end of the data were dropped, each silently, where the same body read by the
downloader fails or is kept whole. Its bytes as sent are gone by then: the answer is
refused, naming the hook. A clear body, and a hook that does not read, are unchanged.
"""

from __future__ import annotations

import asyncio
import gzip
import os
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, FetchError, HLSDownloader, SegmentError

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer

PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
MEDIA = os.urandom(5000)
WHOLE = gzip.compress(MEDIA)
BODIES = {
    "cut": WHOLE[: len(WHOLE) // 2],
    "two-members": gzip.compress(b"AAAA") + gzip.compress(b"BBBB"),
    "trailing-bytes": WHOLE + b"junk",
    "whole": WHOLE,
}


def _reader(response: httpx.Response) -> None:
    response.read()


async def _async_reader(response: httpx.Response) -> None:
    await response.aread()


def _download(url: str, dest: Path, *, hook: bool, facade: str) -> None:
    if facade == "sync":
        hooks = {"response": [_reader]} if hook else {}
        with httpx.Client(event_hooks=hooks) as client:
            HLSDownloader(client, retries=0).download(url, dest)
        return

    async def run() -> None:
        hooks = {"response": [_async_reader]} if hook else {}
        async with httpx.AsyncClient(event_hooks=hooks) as client:
            await AsyncHLSDownloader(client, retries=0).download(url, dest)

    asyncio.run(run())


def _serve(server: FakeServer, body: bytes, coding: str | None = "gzip") -> str:
    server.files["/g/p.m3u8"] = PLAYLIST
    server.files["/g/s0.ts"] = body
    if coding is not None:
        server.extra_headers["/g/s0.ts"] = {"Content-Encoding": coding}
    return server.url("/g/p.m3u8")


FACADES = pytest.mark.parametrize("facade", ["sync", "async"])


@FACADES
@pytest.mark.parametrize("name", sorted(BODIES))
def test_a_gzip_segment_a_hook_read_is_refused_naming_the_hook(
    server: FakeServer, tmp_path: Path, facade: str, name: str
) -> None:
    url = _serve(server, BODIES[name])
    with pytest.raises(SegmentError, match="a response hook of the http client read") as info:
        _download(url, tmp_path / "out", hook=True, facade=facade)
    assert isinstance(info.value.__cause__, FetchError)
    assert server.count("/g/s0.ts") == 1  # not retried: the hook reads every answer
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_a_gzip_playlist_a_hook_read_is_refused(
    server: FakeServer, tmp_path: Path, facade: str
) -> None:
    url = _serve(server, MEDIA, coding=None)
    server.files["/g/p.m3u8"] = gzip.compress(PLAYLIST)
    server.extra_headers["/g/p.m3u8"] = {"Content-Encoding": "gzip"}
    with pytest.raises(FetchError, match="response hook"):
        _download(url, tmp_path / "out", hook=True, facade=facade)
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_a_clear_segment_a_hook_read_is_written(
    server: FakeServer, tmp_path: Path, facade: str
) -> None:
    url = _serve(server, MEDIA, coding=None)
    _download(url, tmp_path / "out", hook=True, facade=facade)
    assert (tmp_path / "out").read_bytes() == MEDIA


@FACADES
def test_without_the_hook_every_gzip_member_is_kept_as_before(
    server: FakeServer, tmp_path: Path, facade: str
) -> None:
    url = _serve(server, BODIES["two-members"])
    _download(url, tmp_path / "out", hook=False, facade=facade)
    assert (tmp_path / "out").read_bytes() == b"AAAABBBB"
