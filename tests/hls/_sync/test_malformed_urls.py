# GENERATED from tests/hls/_async/test_malformed_urls.py by scripts/unasync.py: edit the async source.
"""Malformed URLs are refused naming them, before anything is written (sync twin generated).

A URL beatkit cannot fetch (a malformed host, an unsupported scheme, no host), given by
the user or found in a playlist (variant, key, initialization section, segment, redirect),
is a beatkit error that names it (redacted) and what it was for: never an idna or httpx
error text. Served through an httpx.MockTransport: no network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from beatkit._core.redact import redact_url
from beatkit.hls import (
    HLSError,
    InsecureURLError,
)
from beatkit.hls._sync.download import HLSDownloader

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
) -> tuple[httpx.Client, list[str]]:
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

    return httpx.Client(transport=httpx.MockTransport(handler)), seen


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


def failing(
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
    with client:
        downloader = HLSDownloader(client, retries=1, retry_backoff=0)
        with pytest.raises(HLSError) as info:
            downloader.download(url, tmp_path / "out.aac")
    for text in shown(info.value) + [r.getMessage() for r in caplog.records]:
        assert SECRET not in text, text
    assert list(tmp_path.iterdir()) == []
    return info.value, seen


# --- malformed URLs: refused before anything is written, named, redacted ---------------------

BAD_URLS = [
    # An empty label: the socket layer's idna codec failed with "label empty or too long".
    pytest.param(f"https://a..b/x.ts?token={SECRET}", id="empty-label"),
    # A malformed A-label: httpx let idna's IDNAError out.
    pytest.param(f"https://xn--/x.ts?token={SECRET}", id="bad-a-label"),
    pytest.param(f"https://{'a' * 64}.example/x.ts?token={SECRET}", id="label-over-63"),
    pytest.param(f"https://a%20b.example/x.ts?token={SECRET}", id="space-in-host"),
]


@pytest.mark.parametrize("bad", BAD_URLS)
def test_a_malformed_playlist_url_given_by_the_user_is_refused_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, bad: str
) -> None:
    error, seen = failing({}, None, tmp_path, caplog, url=bad)
    assert isinstance(error, InsecureURLError)
    message = str(error)
    assert message.startswith("playlist: malformed URL "), message
    assert redact_url(bad) in message
    assert "idna" not in message.lower() and "codec" not in message
    assert seen == []


@pytest.mark.parametrize(
    ("where", "what"),
    [
        ("variant", "variant playlist"),
        ("key", "key"),
        ("map", "initialization section"),
        ("segment", "segment 1"),
        ("redirect", "segment 1"),
    ],
)
@pytest.mark.parametrize("bad", BAD_URLS)
def test_a_malformed_url_in_a_playlist_is_refused_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, bad: str, where: str, what: str
) -> None:
    special: dict[str, Handler] = {}
    lines = ["#EXTINF:5,", "s0.ts", "#EXTINF:5,", "s1.ts"]
    if where == "variant":
        playlist = f"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n{bad}\n".encode()
    elif where == "key":
        playlist = media(f'#EXT-X-KEY:METHOD=AES-128,URI="{bad}"', *lines)
    elif where == "map":
        playlist = media(f'#EXT-X-MAP:URI="{bad}"', *lines)
    elif where == "segment":
        playlist = media("#EXTINF:5,", "s0.ts", "#EXTINF:5,", bad)
    else:
        playlist = media(*lines)
        special["/s1.ts"] = lambda request: httpx.Response(302, headers={"Location": bad})
    files = {"/p.m3u8": playlist, "/s0.ts": SEGMENT, "/s1.ts": SEGMENT, "/k.bin": KEY}
    error, seen = failing(files, special, tmp_path, caplog)
    assert isinstance(error, InsecureURLError)
    message = str(error)
    if where == "redirect" and "xn--" in bad:
        # httpx fails on that Location before beatkit sees the answer: the hop is named.
        expected = f"{what}: malformed URL in the Location of a redirect from {BASE}/s1.ts: "
    elif where == "redirect":  # the segment's own URL, then the one it was redirected to
        expected = f"{what} ({BASE}/s1.ts): malformed URL '{redact_url(bad)}': "
    else:
        expected = f"{what}: malformed URL '{redact_url(bad)}': "
    assert message.startswith(expected), message
    assert "idna" not in message.lower() and "codec" not in message
    assert not any("example/x.ts" in url or "a..b" in url or "xn--" in url for url in seen)
    if where != "redirect":  # refused before any segment was asked for
        assert not any(url.endswith(".ts") for url in seen), seen


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("https:///p.m3u8", "no host"),
        ("ftp://cdn.example/p.m3u8", "only https"),
    ],
)
def test_a_url_without_host_or_of_another_scheme_names_the_playlist(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, bad: str, reason: str
) -> None:
    error, seen = failing({}, None, tmp_path, caplog, url=bad)
    assert isinstance(error, InsecureURLError)
    assert str(error).startswith("playlist: "), str(error)
    assert bad in str(error) and reason in str(error)
    assert seen == []
