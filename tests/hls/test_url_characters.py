"""A URL with blanks around it is refused up front, not retried.

``urlsplit`` (which the checks use) strips leading blanks; httpx
does not: ``" https://..."`` is a relative URL to it. Such a URL passed the checks and
was retried as a transport error (``UnsupportedProtocol``, 3.5 s of backoff by default)
before failing with a message about a missing protocol.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit.hls import FetchError, HLSDownloader, InsecureURLError
from beatkit.hls._plan import check_fetch_url

BAD = [
    pytest.param(" https://a.example/p.m3u8", id="leading-space"),
    pytest.param("\thttps://a.example/p.m3u8", id="leading-tab"),
    pytest.param("https://a.example/p.m3u8\n", id="trailing-newline"),
    pytest.param("https://a.example/p.m3u8 ", id="trailing-space"),
    pytest.param("https://a.example/p.m3u8\r\n", id="trailing-crlf"),
]


@pytest.mark.parametrize("url", BAD)
def test_a_url_with_blanks_around_it_is_refused(url: str) -> None:
    with pytest.raises(InsecureURLError, match="malformed URL") as info:
        check_fetch_url(url, secure_context=True)
    assert "blanks around it" in str(info.value)


def test_a_space_inside_a_path_is_still_fetched() -> None:
    # httpx sends it as %20: a segment named "part 1.ts" keeps working.
    check_fetch_url("https://a.example/part 1.ts", secure_context=True)


def test_a_pasted_url_with_a_leading_blank_is_refused_before_any_request(
    tmp_path: Path,
) -> None:
    # Port 9 (discard) on loopback: a request would fail to connect and be retried.
    calls: list[float] = []
    downloader = HLSDownloader(retries=3, retry_backoff=0)
    with pytest.raises(InsecureURLError) as info:
        downloader.download(" http://127.0.0.1:9/p.m3u8", tmp_path / "out", progress=calls.append)
    assert str(info.value).startswith("playlist: malformed URL ")
    assert "attempts" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_a_url_the_transport_cannot_request_is_not_retried(tmp_path: Path) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        raise httpx.UnsupportedProtocol("Request URL has an unsupported protocol")

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        downloader = HLSDownloader(client, retries=3, retry_backoff=0)
        with pytest.raises(FetchError, match="cannot request") as info:
            downloader.download("https://a.example/p.m3u8", tmp_path / "out")
    assert len(calls) == 1
    assert "attempts" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url", ["https://alice:hunter2-pw/p.m3u8", "https://cdn.example:99999hunter2-pw/p.m3u8"]
)
def test_a_port_that_is_no_number_is_refused_without_quoting_it(url: str, tmp_path: Path) -> None:
    # "https://user:password@host/..." with "@host" left out: urllib reads the password
    # as the port, and its refusal ("could not be cast to integer value as '...'") and
    # the URL quoted beside it showed the password.
    with pytest.raises(InsecureURLError, match="malformed URL") as info:
        HLSDownloader(retries=0).download(url, tmp_path / "out")
    for text in (str(info.value), repr(info.value.args)):
        assert "hunter2-pw" not in text
    assert "port" in str(info.value)
