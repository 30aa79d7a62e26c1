"""A download redirected to a Location httpx cannot read is a RedirectError, sent once.

httpx builds the redirect request of every 3xx and fails on a ``Location`` it cannot
make one of (a port that is no number, a malformed IDNA host, a scheme without host):
a download (``transport.save``: BeatPass ``tracks.download``, Beatport
``save_download``) came out as an ``APIConnectionError`` ("RemoteProtocolError") and,
a GET, was sent again ``max_retries`` times, where an API call's 3xx with the same
``Location`` is a ``RedirectError`` sent once and the HLS downloader's is a clear
error sent once. The port text (maybe a password) is named nowhere.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.errors import RedirectError

SECRET = "hunter2secretport"
LOCATIONS = [
    f"https://cdn.example:{SECRET}/f.mp3",
    f"//cdn.example:{SECRET}/f.mp3",
    "https://xn--zz.example.com/f.mp3",
    f"data:,{SECRET}",
    "javascript:alert(1)",
]
BASE = "https://api.example/api/v1"


def _chain(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


def _handler(location: str, seen: list[httpx.Request], *, via_cdn: bool) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if via_cdn and request.url.host == "api.example":
            # A first hop that httpx can follow, to a CDN that redirects again.
            return httpx.Response(302, headers={"Location": "https://edge.example/t/1"})
        return httpx.Response(302, headers={"Location": location})

    return httpx.MockTransport(handler)


def _check(error: RedirectError, seen: list[httpx.Request], via_cdn: bool, tmp: Path) -> None:
    hosts = [request.url.host for request in seen]
    assert hosts == (["api.example", "edge.example"] if via_cdn else ["api.example"])
    assert error.status_code == 302
    assert "redirect" in str(error)
    assert SECRET not in _chain(error)
    assert SECRET not in repr(error.location)
    assert list(tmp.iterdir()) == []


@pytest.mark.parametrize("via_cdn", [False, True])
@pytest.mark.parametrize("location", LOCATIONS)
def test_a_download_redirected_to_an_unreadable_location(
    tmp_path: Path, location: str, via_cdn: bool
) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_handler(location, seen, via_cdn=via_cdn))
    bp = BeatPass("tok", base_url=BASE, http_client=http, max_retries=1)
    with http, bp, pytest.raises(RedirectError) as caught:
        bp.tracks.download(1, tmp_path / "t.mp3")
    _check(caught.value, seen, via_cdn, tmp_path)


@pytest.mark.parametrize("via_cdn", [False, True])
@pytest.mark.parametrize("location", LOCATIONS)
async def test_a_download_redirected_to_an_unreadable_location_async(
    tmp_path: Path, location: str, via_cdn: bool
) -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_handler(location, seen, via_cdn=via_cdn))
    bp = AsyncBeatPass("tok", base_url=BASE, http_client=http, max_retries=1)
    async with http, bp:
        with pytest.raises(RedirectError) as caught:
            await bp.tracks.download(1, tmp_path / "t.mp3")
    _check(caught.value, seen, via_cdn, tmp_path)


def test_a_readable_redirect_is_still_followed(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.example":
            return httpx.Response(302, headers={"Location": "https://cdn.example:8443/f.mp3"})
        return httpx.Response(200, content=b"ID3", headers={"Content-Type": "audio/mpeg"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with http, BeatPass("tok", base_url=BASE, http_client=http) as bp:
        saved = bp.tracks.download(1, tmp_path / "t.mp3")
    assert saved.bytes_written == 3
    assert [str(request.url) for request in seen][1] == "https://cdn.example:8443/f.mp3"
