"""Shared set-up of the fetch-error tests: a MockTransport CDN and a failing download.

Every failure is checked for what it must never do: show the signed URL's secret
(anywhere a user or a log may see it) or leave a file behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from beatkit.hls import HLSError
from beatkit.hls._async.download import AsyncHLSDownloader

BASE = "https://cdn.example"
SECRET = "S3CRETs1gnature"
SEGMENT = bytes(range(100))
KEY = bytes(range(16))

Handler = Callable[[httpx.Request], httpx.Response]


def media(*lines: str) -> bytes:
    head = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-TARGETDURATION:5"]
    return ("\n".join([*head, *lines, "#EXT-X-ENDLIST"]) + "\n").encode()


def segments(count: int, query: str = "") -> list[str]:
    return [line for i in range(count) for line in ("#EXTINF:5,", f"s{i}.ts{query}")]


def serving(
    files: dict[str, bytes], special: dict[str, Handler] | None = None
) -> tuple[httpx.AsyncClient, list[str]]:
    """A client serving ``files`` by path (404 otherwise); ``special`` answers some paths.

    Records every requested URL, host included.
    """
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if special and request.url.path in special:
            return special[request.url.path](request)
        if request.url.host == "cdn.example" and request.url.path in files:
            return httpx.Response(200, content=files[request.url.path])
        return httpx.Response(404)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), seen


def refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def not_found(request: httpx.Request) -> httpx.Response:
    return httpx.Response(404)


def shown(error: BaseException) -> list[str]:
    """Everything of ``error`` (and its causes) a user or a log may see."""
    found: list[str] = []
    current: BaseException | None = error
    while current is not None:
        found += [str(current), repr(current)]
        found += [v for v in (getattr(current, "url", None), getattr(current, "uri", None)) if v]
        current = current.__cause__
    return found


async def failing(
    files: dict[str, bytes],
    special: dict[str, Handler] | None,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    url: str = f"{BASE}/p.m3u8?token={SECRET}",
) -> tuple[HLSError, list[str]]:
    """Run a download that must fail; returns its error and the URLs requested.

    Checks what every failure must: no secret shown anywhere, nothing written.
    """
    caplog.set_level(logging.DEBUG)  # every logger: beatkit's, httpx's request lines, httpcore's
    client, seen = serving(files, special)
    async with client:
        downloader = AsyncHLSDownloader(client, retries=1, retry_backoff=0)
        with pytest.raises(HLSError) as info:
            await downloader.download(url, tmp_path / "out.aac")
    for text in shown(info.value) + [r.getMessage() for r in caplog.records]:
        assert SECRET not in text, text
    assert list(tmp_path.iterdir()) == []
    return info.value, seen
