"""``str()`` of an HLS error escapes control characters, as every beatkit error's does.

(Sync twin generated.)

A segment or key URI and a redirect's ``Location`` are remote text: quoted raw in an
error, ``ESC [ 2 J`` would clear the terminal the error is printed on, U+202E would show
what follows reversed and a line break would forge a second log line. The attributes
(``reason``, ``uri``) keep the text as it came.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit.hls import HLSError, KeyFetchError, SegmentError
from beatkit.hls._async.download import AsyncHLSDownloader

BASE = "http://127.0.0.1:9"
FORGED = "\x1b[2J\u202e\x85\u2028"
SHOWN = "\\x1b[2J\\u202e\\x85\\u2028"


def media(*lines: str) -> bytes:
    head = ["#EXTM3U", "#EXT-X-VERSION:4", "#EXT-X-TARGETDURATION:5"]
    return ("\n".join([*head, *lines, "#EXT-X-ENDLIST"]) + "\n").encode()


async def _error(playlist: bytes, tmp_path: Path, location: str | None = None) -> HLSError:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=playlist)
        if location is not None and request.url.path == "/moved.ts":
            return httpx.Response(302, headers={"Location": location})
        return httpx.Response(404)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        downloader = AsyncHLSDownloader(client, retries=1, retry_backoff=0)
        with pytest.raises(HLSError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert not (tmp_path / "out").exists()
    return info.value


def _one_escaped_line(text: str) -> None:
    assert SHOWN in text
    assert text.isprintable()  # no ESC, no bidi override, no line break of any kind
    assert len(text.splitlines()) == 1


async def test_a_segment_uri_with_control_characters_is_escaped_in_the_message(
    tmp_path: Path,
) -> None:
    error = await _error(media("#EXTINF:5,", f"s{FORGED}.ts"), tmp_path)
    assert isinstance(error, SegmentError)
    _one_escaped_line(str(error))
    assert str(error).startswith(f"segment 0 ({BASE}/s{SHOWN}.ts): ")
    assert error.uri == f"{BASE}/s{FORGED}.ts"
    assert error.reason.startswith(f"cannot request {BASE}/s{FORGED}.ts")
    assert "\\x1b" not in error.reason.partition(".ts")[0]


async def test_a_segment_answered_404_is_escaped_once_and_its_reason_kept_raw(
    tmp_path: Path,
) -> None:
    error = await _error(media("#EXTINF:5,", "s\u202e\x85\u2028x.ts"), tmp_path)
    assert isinstance(error, SegmentError)
    shown = f"{BASE}/s\\u202e\\x85\\u2028x.ts"
    assert str(error) == f"segment 0 ({shown}): HTTP 404 for {shown}"
    assert error.reason == f"HTTP 404 for {BASE}/s\u202e\x85\u2028x.ts"


async def test_a_key_uri_with_control_characters_is_escaped_in_the_message(
    tmp_path: Path,
) -> None:
    playlist = media(f'#EXT-X-KEY:METHOD=AES-128,URI="k{FORGED}.bin"', "#EXTINF:5,", "s.ts")
    error = await _error(playlist, tmp_path)
    assert isinstance(error, KeyFetchError)
    _one_escaped_line(str(error))
    assert str(error).startswith(f"key {BASE}/k{SHOWN}.bin could not be fetched: ")
    assert error.args[0].startswith(f"key {BASE}/k{FORGED}.bin could not be fetched: ")


async def test_a_redirect_location_with_a_line_break_cannot_forge_a_line(tmp_path: Path) -> None:
    error = await _error(media("#EXTINF:5,", "moved.ts"), tmp_path, location="/a\nb\x1b[2J")
    text = str(error)
    assert "\n" not in text
    assert "\x1b" not in text
    assert text.isprintable()


async def test_a_uri_too_long_to_request_is_quoted_escaped_within_the_bound(
    tmp_path: Path,
) -> None:
    # Each U+202E is shown as six characters: the quoted start is cut once escaped.
    uri = "s" + "\u202e" * 100_000
    error = await _error(media("#EXTINF:5,", uri), tmp_path)
    assert isinstance(error, SegmentError)
    text = str(error)
    assert text.isprintable()
    assert len(text) < 5_000
    assert f"... ({len(BASE) + 1 + len(uri)} characters)" in text
    assert error.uri.startswith(f"{BASE}/s\u202e")
    assert error.reason.startswith(f"cannot request {BASE}/s\u202e")
