"""A 429 or 503 answer's ``Retry-After`` sets how long a download waits before retrying.

The retries used to wait only their own backoff: a CDN that asked for 5 s was asked
again after half a second, three times, and the segment failed while the server had
said when it would answer. A wait longer than a download is willing to sleep fails at
once, saying how long the server asked for, rather than hammering it.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader, SegmentError
from beatkit.hls._async import download as async_module
from beatkit.hls._sync import download as sync_module

_ONE = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
_SEGMENT = b"\x47" * 188


def _cdn(status: int, retry_after: str, failures: int, seen: list[str]):  # type: ignore[no-untyped-def]
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=_ONE)
        if seen.count("/s0.ts") <= failures:
            return httpx.Response(status, headers={"Retry-After": retry_after})
        return httpx.Response(200, content=_SEGMENT)

    return handler


@pytest.mark.parametrize("status", [429, 503])
def test_the_wait_is_what_the_server_asked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, status: int
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(sync_module, "sleep", slept.append)
    seen: list[str] = []
    transport = httpx.MockTransport(_cdn(status, "3", 1, seen))
    with httpx.Client(transport=transport) as client:
        HLSDownloader(client, retries=2, retry_backoff=0).download(
            "http://127.0.0.1:9/p.m3u8", tmp_path / "out.ts"
        )
    assert seen.count("/s0.ts") == 2
    assert sum(slept) == pytest.approx(3.0)
    assert (tmp_path / "out.ts").read_bytes() == _SEGMENT


def test_the_backoff_still_applies_when_it_is_longer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(sync_module, "sleep", slept.append)
    seen: list[str] = []
    with httpx.Client(transport=httpx.MockTransport(_cdn(503, "1", 1, seen))) as client:
        HLSDownloader(client, retries=2, retry_backoff=2.0).download(
            "http://127.0.0.1:9/p.m3u8", tmp_path / "out.ts"
        )
    assert sum(slept) == pytest.approx(2.0)


def test_an_http_date_is_read_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    slept: list[float] = []
    monkeypatch.setattr(sync_module, "sleep", slept.append)
    seen: list[str] = []
    date = "Sun, 06 Dec 2026 10:00:00 GMT"

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=_ONE)
        if seen.count("/s0.ts") == 1:
            # Measured on the server's clock: its Date is 4 s before the moment asked for.
            headers = {"Retry-After": date, "Date": "Sun, 06 Dec 2026 09:59:56 GMT"}
            return httpx.Response(429, headers=headers)
        return httpx.Response(200, content=_SEGMENT)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        HLSDownloader(client, retries=2, retry_backoff=0).download(
            "http://127.0.0.1:9/p.m3u8", tmp_path / "out.ts"
        )
    assert sum(slept) == pytest.approx(4.0)


def test_a_longer_wait_than_a_download_takes_fails_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(sync_module, "sleep", slept.append)
    seen: list[str] = []
    with httpx.Client(transport=httpx.MockTransport(_cdn(429, "3600", 5, seen))) as client:
        downloader = HLSDownloader(client, retries=5, retry_backoff=0)
        with pytest.raises(SegmentError) as info:
            downloader.download("http://127.0.0.1:9/p.m3u8", tmp_path / "out.ts")
    assert seen.count("/s0.ts") == 1
    assert slept == []
    assert info.value.reason == (
        "HTTP 429 for http://127.0.0.1:9/s0.ts: the server asks to wait 3600 s before "
        "retrying, longer than the 60 s a download waits"
    )
    assert getattr(info.value.__cause__, "status_code", None) == 429
    assert list(tmp_path.iterdir()) == []


async def test_the_async_downloader_waits_as_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(async_module, "async_sleep", fake_sleep)
    seen: list[str] = []
    handler = _cdn(503, "2.5", 1, seen)

    async def async_handler(request: httpx.Request) -> httpx.Response:
        return handler(request)  # type: ignore[no-any-return]

    async with httpx.AsyncClient(transport=httpx.MockTransport(async_handler)) as client:
        await AsyncHLSDownloader(client, retries=2, retry_backoff=0).download(
            "http://127.0.0.1:9/p.m3u8", tmp_path / "out.ts"
        )
    assert seen.count("/s0.ts") == 2
    assert sum(slept) == pytest.approx(2.5)
