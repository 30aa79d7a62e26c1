"""A gzip or deflate download a response hook read off the connection is refused.

A response hook of the caller's ``http_client`` that reads every body (to log it) makes
httpx read and decode it inside ``send``, leniently: a file whose gzip data was cut
short was saved truncated, a multi-member one kept its first member only, and bytes
after the end of the data were dropped, each silently, where the same body read by the
downloader fails or is kept whole. Its bytes as sent are gone by then: the download is
refused with a ``ResponseDecodeError`` naming the hook, not retried (the hook reads
every answer), and ``dest`` is left as it was. A clear body, and a hook that does not
read, are unchanged. Over a real socket on 127.0.0.1 (the fake served), both facades.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import zlib
from pathlib import Path

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.errors import ResponseDecodeError
from beatkit.testing import FakeBeatPass

MEDIA = os.urandom(5000)
WHOLE = gzip.compress(MEDIA)
BODIES = {
    "cut": ("gzip", WHOLE[: len(WHOLE) // 2]),
    "deflate-cut": ("deflate", zlib.compress(MEDIA)[:2000]),
    "two-members": ("gzip", gzip.compress(b"AAAA") + gzip.compress(b"BBBB")),
    "trailing-bytes": ("gzip", WHOLE + b"junk"),
    "whole": ("gzip", WHOLE),
}
FACADES = pytest.mark.parametrize("facade", ["sync", "async"])


def _reader(response: httpx.Response) -> None:
    response.read()


async def _async_reader(response: httpx.Response) -> None:
    await response.aread()


def _download(fake: FakeBeatPass, dest: Path, *, hook: bool, facade: str) -> None:
    with fake.serve() as server:
        if facade == "sync":
            hooks = {"response": [_reader]} if hook else {}
            with (
                httpx.Client(event_hooks=hooks, timeout=10) as http,
                BeatPass(fake.token, base_url=server.base_url, http_client=http) as bp,
            ):
                bp.tracks.download(1, dest)
            return

        async def run() -> None:
            hooks = {"response": [_async_reader]} if hook else {}
            async with (
                httpx.AsyncClient(event_hooks=hooks, timeout=10) as http,
                AsyncBeatPass(fake.token, base_url=server.base_url, http_client=http) as bp,
            ):
                await bp.tracks.download(1, dest)

        asyncio.run(run())


def _fake(body: bytes, coding: str | None) -> FakeBeatPass:
    fake = FakeBeatPass()
    headers = {"Content-Type": "audio/mpeg"}
    if coding is not None:
        headers["Content-Encoding"] = coding
    fake.fail_next(200, headers=headers, body=body)
    return fake


@FACADES
@pytest.mark.parametrize("name", sorted(BODIES))
def test_a_coded_download_a_hook_read_is_refused_naming_the_hook(
    tmp_path: Path, facade: str, name: str
) -> None:
    coding, body = BODIES[name]
    fake = _fake(body, coding)
    dest = tmp_path / "a.mp3"
    dest.write_bytes(b"old")
    with pytest.raises(ResponseDecodeError, match="a response hook of the http client read"):
        _download(fake, dest, hook=True, facade=facade)
    assert len(fake.requests) == 1  # not retried: the hook reads every answer
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.mp3"]


@FACADES
def test_a_clear_download_a_hook_read_is_saved(tmp_path: Path, facade: str) -> None:
    fake = _fake(MEDIA, None)
    _download(fake, tmp_path / "a.mp3", hook=True, facade=facade)
    assert (tmp_path / "a.mp3").read_bytes() == MEDIA


@FACADES
def test_without_the_hook_every_gzip_member_is_saved_as_before(tmp_path: Path, facade: str) -> None:
    fake = _fake(BODIES["two-members"][1], "gzip")
    _download(fake, tmp_path / "a.mp3", hook=False, facade=facade)
    assert (tmp_path / "a.mp3").read_bytes() == b"AAAABBBB"
