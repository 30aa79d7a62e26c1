# GENERATED from tests/hls/_async/test_malformed_urls.py by scripts/unasync.py: edit the async source.
"""Malformed URLs are refused naming them, before anything is written (sync twin generated).

A URL beatkit cannot fetch (a malformed host, an unsupported scheme, no host), given by
the user or found in a playlist (variant, key, initialization section, segment, redirect),
is a beatkit error that names it (redacted) and what it was for: never an idna or httpx
error text. Served through an httpx.MockTransport: no network.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit._core.redact import redact_url
from beatkit.hls import (
    HLSDownloader,
    FetchError,
    InsecureURLError,
)

from ._fetching import (
    BASE,
    KEY,
    SECRET,
    SEGMENT,
    Handler,
    failing,
    media,
    segments,
)

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


@pytest.mark.parametrize(
    "location",
    [
        f"javascript:alert('{SECRET}')",
        f"data:,{SECRET}",
        f"mailto:a@b.example?subject={SECRET}",
    ],
)
@pytest.mark.parametrize(("path", "what"), [("/p.m3u8", "playlist"), ("/s1.ts", "segment 1")])
def test_a_location_of_a_scheme_without_host_is_refused_as_an_hls_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, location: str, path: str, what: str
) -> None:
    # httpx, reading the Location of every 3xx, gives such a URL the request's host and
    # fails with its own InvalidURL ("path must be empty or begin with '/'"): that escaped
    # the downloader, an httpx error where an HLSError is promised, and a traceback in
    # `beatkit hls download`.
    files = {"/p.m3u8": media(*segments(2)), "/s0.ts": SEGMENT}
    special: dict[str, Handler] = {
        path: lambda request: httpx.Response(302, headers={"Location": location})
    }
    error, seen = failing(files, special, tmp_path, caplog)
    assert isinstance(error, InsecureURLError)
    redirected = f"{BASE}{path}" + ("?token=REDACTED" if path == "/p.m3u8" else "")
    assert str(error).startswith(
        f"{what}: malformed URL in the Location of a redirect from {redirected} "
        "(not an http(s) URL with a host)"
    ), str(error)
    # Not retried: the same answer would come again.
    assert [url for url in seen if url.split("?")[0] == f"{BASE}{path}"] == [
        seen[0] if path == "/p.m3u8" else f"{BASE}{path}"
    ]


@pytest.mark.parametrize(
    "location",
    [
        f"https://cdn.example:{SECRET}/x.ts",  # a port that is no number
        f"//[::1/x.ts?token={SECRET}",  # an unclosed IPv6 literal
        f"https://cdn.example/{'a' * 70_000}?token={SECRET}",  # longer than any request
    ],
)
def test_a_location_httpx_cannot_parse_is_refused_not_retried(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, location: str
) -> None:
    # httpx reports such a Location as RemoteProtocolError, which was retried as a
    # transport error and ended as "FetchError ... (after 2 attempts)": the same answer
    # comes every time, and the docs promise an InsecureURLError for a malformed Location.
    files = {"/p.m3u8": media(*segments(2)), "/s0.ts": SEGMENT}
    special: dict[str, Handler] = {
        "/s1.ts": lambda request: httpx.Response(302, headers={"Location": location})
    }
    error, seen = failing(files, special, tmp_path, caplog)
    assert isinstance(error, InsecureURLError)
    assert str(error).startswith(
        f"segment 1: malformed URL in the Location of a redirect from {BASE}/s1.ts "
    ), str(error)
    assert seen.count(f"{BASE}/s1.ts") == 1


# --- a URL httpx cannot parse, given with no client: httpx's InvalidURL escaped -------------


@pytest.mark.parametrize("char", ["\x1b", "\x7f"])
def test_a_playlist_url_httpx_refuses_is_a_fetch_error_without_a_client_too(
    tmp_path: Path, char: str
) -> None:
    # With a client of the caller's it was a FetchError naming the URL; with none,
    # httpx.InvalidURL escaped from making the downloader's own client (for its proxy
    # mounts), before the download began: `beatkit hls download` showed a traceback.
    url = f"https://cdn.example/p{char}.m3u8?token={SECRET}"
    with pytest.raises(FetchError, match=r"^playlist") as info:
        HLSDownloader(retries=0).download(url, tmp_path / "o")
    assert SECRET not in str(info.value)
    assert list(tmp_path.iterdir()) == []
