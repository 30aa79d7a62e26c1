"""``request_timeout=``: the timeout of every request a downloader sends, in place of
its httpx client's own.

With an ``http_client`` of the caller's, each playlist, key and segment request got that
client's own timeout: none at all for an ``httpx.Client(timeout=None)``, and nothing a
caller of the downloader (Beatport's ``save_stream``, which passes its ``http_client``)
could do about it. ``request_timeout`` bounds them; left out, the documented behaviour
stays (the downloader's own client's ``timeout``, or the caller's client's own).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader, encrypt_segment

KEY = bytes(range(16))
IV = bytes(16)
CHUNKS = [b"first segment " * 40, b"second segment " * 40]
PLAYLIST = (
    "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n"
    '#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x00000000000000000000000000000000\n'
    "#EXTINF:4.0,\ns0.aac\n#EXTINF:4.0,\ns1.aac\n#EXT-X-ENDLIST\n"
)
URL = "https://cdn.test/stream/index.m3u8"


def _recording() -> tuple[httpx.MockTransport, list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        seen.append((path, request.extensions.get("timeout")))
        if path == "/stream/index.m3u8":
            return httpx.Response(200, text=PLAYLIST)
        if path == "/stream/k.key":
            return httpx.Response(200, content=KEY)
        if path == "/stream/moved.m3u8":
            return httpx.Response(302, headers={"Location": "/stream/index.m3u8"})
        index = int(path.removeprefix("/stream/s").removesuffix(".aac"))
        return httpx.Response(200, content=encrypt_segment(CHUNKS[index], KEY, IV))

    return httpx.MockTransport(handler), seen


def _check(seen: list[tuple[str, Any]], wanted: dict[str, float | None], dest: Path) -> None:
    assert sorted(path for path, _ in seen) == [
        "/stream/index.m3u8",
        "/stream/k.key",
        "/stream/s0.aac",
        "/stream/s1.aac",
    ]
    for path, timeout in seen:
        assert timeout == wanted, path
    assert dest.read_bytes() == b"".join(CHUNKS)


def _all(seconds: float | None) -> dict[str, float | None]:
    return dict.fromkeys(("connect", "read", "write", "pool"), seconds)


def test_request_timeout_bounds_every_request_through_a_timeout_less_client(
    tmp_path: Path,
) -> None:
    transport, seen = _recording()
    with httpx.Client(transport=transport, timeout=None) as http:  # noqa: S113 - the case
        HLSDownloader(http, request_timeout=12).download(URL, tmp_path / "out.aac")
    _check(seen, _all(12.0), tmp_path / "out.aac")


def test_async_request_timeout_bounds_every_request_through_a_timeout_less_client(
    tmp_path: Path,
) -> None:
    transport, seen = _recording()

    async def main() -> None:
        async with httpx.AsyncClient(transport=transport, timeout=None) as http:  # noqa: S113
            await AsyncHLSDownloader(http, request_timeout=12).download(URL, tmp_path / "out.aac")

    asyncio.run(asyncio.wait_for(main(), 30))
    _check(seen, _all(12.0), tmp_path / "out.aac")


def test_an_httpx_timeout_is_taken_part_by_part(tmp_path: Path) -> None:
    transport, seen = _recording()
    limit = httpx.Timeout(20, connect=5, pool=None)
    with httpx.Client(transport=transport, timeout=None) as http:  # noqa: S113 - the case
        HLSDownloader(http, request_timeout=limit).download(URL, tmp_path / "out.aac")
    _check(seen, {"connect": 5.0, "read": 20.0, "write": 20.0, "pool": None}, tmp_path / "out.aac")


def test_without_it_the_callers_client_keeps_its_own_timeout(tmp_path: Path) -> None:
    transport, seen = _recording()
    with httpx.Client(transport=transport, timeout=7) as http:
        HLSDownloader(http, timeout=99).download(URL, tmp_path / "out.aac")
    _check(seen, _all(7.0), tmp_path / "out.aac")


def test_a_redirect_hop_gets_it_too(tmp_path: Path) -> None:
    transport, seen = _recording()
    with httpx.Client(transport=transport, timeout=None) as http:  # noqa: S113 - the case
        downloader = HLSDownloader(http, request_timeout=12)
        downloader._fetch_playlist("https://cdn.test/stream/moved.m3u8")
    assert [path for path, _ in seen] == ["/stream/moved.m3u8", "/stream/index.m3u8"]
    assert all(timeout == _all(12.0) for _, timeout in seen)


@pytest.mark.parametrize("downloader", [HLSDownloader, AsyncHLSDownloader])
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (0, ValueError),
        (-1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (10.0**9, ValueError),
        (httpx.Timeout(5, read=0), ValueError),
        ("12", TypeError),
        (True, TypeError),
        ((5, 10), TypeError),
    ],
)
def test_a_bad_request_timeout_is_refused_at_construction(
    downloader: Any, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match="request_timeout"):
        downloader(request_timeout=value)


def test_the_repr_shows_it() -> None:
    assert "request_timeout=12" in repr(HLSDownloader(request_timeout=12))
