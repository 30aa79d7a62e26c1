"""A cookie the API set without a ``Domain`` attribute is host-only (RFC 6265 5.3):
it goes back to that host alone. The standard library's default policy also sent it to
every name under that host (``files.api.test``), so a download fetched from such a host
carried the API's session cookie.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.settings import build_settings

SPEC = ServiceSpec(name="svc", parse_error=lambda status, body: None)
SESSION = "sid=api-session-NOT-FOR-OTHER-HOSTS"


def _client(seen: list[httpx.Request], set_cookie: str) -> APIClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/me":
            return httpx.Response(200, json={}, headers={"Set-Cookie": set_cookie})
        if request.url.path == "/v1/download":
            return httpx.Response(302, headers={"Location": "https://files.api.test/1.mp3"})
        return httpx.Response(200, content=b"abc", headers={"Content-Type": "audio/mpeg"})

    settings = build_settings(
        SPEC,
        base_url="https://api.test/v1",
        auth=None,
        timeout=5.0,
        max_retries=0,
        max_retry_wait=1.0,
        requests_per_second=None,
        allow_http=False,
    )
    return APIClient(settings, httpx.Client(transport=httpx.MockTransport(handler)))


def _me() -> Operation[None]:
    return Operation(name="me", method="GET", path="/me", result=None)


def _file(url: str) -> Operation[None]:
    return Operation(name="tracks.file", method="GET", path="", url=url)


def test_a_host_only_cookie_never_goes_to_a_name_under_its_host(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []
    with _client(seen, f"{SESSION}; Path=/; Secure") as client:
        client._transport.send(_me())
        client._transport.save(_file("https://files.api.test/1.mp3"), tmp_path / "a.mp3")
        client._transport.send(_me())
    assert [r.url.host for r in seen] == ["api.test", "files.api.test", "api.test"]
    assert "cookie" not in seen[1].headers
    # The host that set it still gets it back.
    assert seen[2].headers.get("cookie") == SESSION


def test_a_cookie_with_a_domain_still_goes_to_the_names_under_it(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []
    with _client(seen, f"{SESSION}; Domain=api.test; Path=/; Secure") as client:
        client._transport.send(_me())
        client._transport.save(_file("https://files.api.test/1.mp3"), tmp_path / "a.mp3")
    assert seen[1].headers.get("cookie") == SESSION


def test_a_redirect_to_a_name_under_the_host_carries_no_host_only_cookie(
    tmp_path: Path,
) -> None:
    seen: list[httpx.Request] = []
    with _client(seen, f"{SESSION}; Path=/; Secure") as client:
        client._transport.send(_me())
        download = Operation(name="tracks.download", method="GET", path="/download")
        client._transport.save(download, tmp_path / "a.mp3")
    assert [r.url.host for r in seen] == ["api.test", "api.test", "files.api.test"]
    assert seen[1].headers.get("cookie") == SESSION
    assert "cookie" not in seen[2].headers


def test_a_cookie_header_of_the_caller_is_sent_as_given(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []
    own = RequestOptions(headers={"Cookie": "mine=1"})
    with _client(seen, f"{SESSION}; Path=/; Secure") as client:
        client._transport.send(_me())
        client._transport.save(
            _file("https://files.api.test/1.mp3"), tmp_path / "a.mp3", options=own
        )
    assert seen[1].headers.get("cookie") == "mine=1"
