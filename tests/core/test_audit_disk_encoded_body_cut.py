"""A compressed download cut short on the wire says so, as an uncompressed one does.

A body shorter than its ``Content-Length`` is named ("the body does not match its
Content-Length (10 bytes): got 3"). A ``gzip`` body's ``Content-Length`` counts the
bytes sent, and the decoded file has no known size; cut on a real socket, h11 stops
the read before the decoder sees the end, and the error said only
"... failed: RemoteProtocolError", no word of what went wrong. It now names the
length sent and the bytes received, and no file is left behind.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
from pathlib import Path

import pytest

from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.errors import APIConnectionError
from tests.core._listener import listening

PACKED = gzip.compress(bytes(range(256)) * 400)
SENT = len(PACKED) // 2


def _answer(conn: socket.socket) -> None:
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Encoding: gzip\r\n"
        f"Content-Length: {len(PACKED)}\r\n\r\n"
    )
    conn.sendall(head.encode() + PACKED[:SENT])


def _check(caught: pytest.ExceptionInfo[APIConnectionError], tmp_path: Path) -> None:
    text = str(caught.value)
    assert "RemoteProtocolError" in text
    assert f"Content-Length ({len(PACKED)} bytes" in text
    assert f"got {SENT}" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beat.mp3"]
    assert (tmp_path / "beat.mp3").read_bytes() == b"old"


def test_sync_download_cut_inside_its_gzip_body_names_the_lengths(tmp_path: Path) -> None:
    (tmp_path / "beat.mp3").write_bytes(b"old")
    with listening(_answer) as port:
        base = f"http://127.0.0.1:{port}/api/v1"
        client = BeatPass(token="t", base_url=base, max_retries=0)
        with client, pytest.raises(APIConnectionError) as caught:
            client.tracks.download(5, tmp_path / "beat.mp3")
    _check(caught, tmp_path)


def test_async_download_cut_inside_its_gzip_body_names_the_lengths(tmp_path: Path) -> None:
    (tmp_path / "beat.mp3").write_bytes(b"old")

    async def main(port: int) -> None:
        base = f"http://127.0.0.1:{port}/api/v1"
        async with AsyncBeatPass(token="t", base_url=base, max_retries=0) as client:
            await client.tracks.download(5, tmp_path / "beat.mp3")

    with listening(_answer) as port, pytest.raises(APIConnectionError) as caught:
        asyncio.run(main(port))
    _check(caught, tmp_path)
