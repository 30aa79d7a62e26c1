"""A download that brings no media never replaces the destination.

A clear segment answered with no bytes already failed the download ("came with no
bytes": written, it would be a silent gap). An encrypted one whose ciphertext is a
block of padding only (valid AES-128, zero clear bytes) passed: a stream of such
segments replaced an existing file with an empty one. It fails the same way now,
with a SegmentError naming the part, and the destination is untouched, in both facades.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from beatkit.cli import main
from beatkit.hls import AsyncHLSDownloader, HLSDownloader, SegmentError, encrypt_segment

from .conftest import FakeServer

KEY = bytes(range(16))
IV = bytes(range(16, 32))
BASE = "https://cdn.example"


def _playlist(*, init: bool = False) -> bytes:
    lines = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-TARGETDURATION:5"]
    lines.append(f'#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x{IV.hex()}')
    if init:
        lines.append('#EXT-X-MAP:URI="init.mp4"')
    lines += ["#EXTINF:5,", "s0.ts", "#EXTINF:5,", "s1.ts", "#EXT-X-ENDLIST"]
    return ("\n".join(lines) + "\n").encode()


def _handler(empty: str, *, init: bool = False) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/p.m3u8":
            return httpx.Response(200, content=_playlist(init=init))
        if path == "/k.key":
            return httpx.Response(200, content=KEY)
        clear = b"" if path == empty else b"media bytes " + path.encode()
        return httpx.Response(200, content=encrypt_segment(clear, KEY, IV))

    return httpx.MockTransport(handle)


CASES = [("/s0.ts", 0, False), ("/s1.ts", 1, False), ("/init.mp4", -1, True)]


@pytest.mark.parametrize(("empty", "index", "init"), CASES)
def test_sync_a_part_that_decrypts_to_nothing_fails_the_download(
    tmp_path: Path, empty: str, index: int, init: bool
) -> None:
    dest = tmp_path / "track.ts"
    dest.write_bytes(b"the old track")
    client = httpx.Client(transport=_handler(empty, init=init))
    with client, pytest.raises(SegmentError, match="decrypted to no bytes") as info:
        HLSDownloader(client, retries=0).download(f"{BASE}/p.m3u8", dest)
    assert info.value.index == index
    assert dest.read_bytes() == b"the old track"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["track.ts"]


@pytest.mark.parametrize(("empty", "index", "init"), CASES)
def test_async_a_part_that_decrypts_to_nothing_fails_the_download(
    tmp_path: Path, empty: str, index: int, init: bool
) -> None:
    dest = tmp_path / "track.ts"
    dest.write_bytes(b"the old track")

    async def run() -> SegmentError:
        async with httpx.AsyncClient(transport=_handler(empty, init=init)) as client:
            with pytest.raises(SegmentError, match="decrypted to no bytes") as info:
                await AsyncHLSDownloader(client, retries=0).download(f"{BASE}/p.m3u8", dest)
        return info.value

    assert asyncio.run(run()).index == index
    assert dest.read_bytes() == b"the old track"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["track.ts"]


def test_the_cli_leaves_the_old_file_when_every_segment_is_empty(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.add_stream("/e", [b"", b""])
    dest = tmp_path / "track.aac"
    dest.write_bytes(b"the old track")
    assert main(["hls", "download", server.url("/e/p.m3u8"), "-o", str(dest), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("beatkit hls: error: segment ") and err.count("\n") == 1
    assert "): decrypted to no bytes (padding only)" in err
    assert dest.read_bytes() == b"the old track"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["track.aac"]


def test_a_stream_with_media_is_still_written(tmp_path: Path) -> None:
    client = httpx.Client(transport=_handler("/none"))
    with client:
        result = HLSDownloader(client).download(f"{BASE}/p.m3u8", tmp_path / "t.ts")
    assert result.path.read_bytes() == b"media bytes /s0.tsmedia bytes /s1.ts"
