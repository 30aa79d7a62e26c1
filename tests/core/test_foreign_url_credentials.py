"""Credentials and URLs the client did not build: a request to an absolute URL (a
download location, a next-page link) is signed only on the API's own origin.

The token managers of the services sign the API host on any port (``hosts=[host]``):
a download URL the API answered with on another port of that host got the bearer token
(or the partner pair), though the rule is one origin: scheme, host and port.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.auth import BearerAuth
from beatkit.beattech.auth import PartnerAuth

SPEC = ServiceSpec(name="svc", parse_error=lambda status, body: None)
KEY = "key-NOT-FOR-OTHER-PORTS"
PARTNER_PAIR = "partner-NOT-FOR-OTHER-PORTS"


def _client(handler: object, auth: object) -> APIClient:
    settings = build_settings(
        SPEC,
        base_url="https://api.test/v1",
        auth=auth,  # type: ignore[arg-type]
        timeout=5.0,
        max_retries=0,
        max_retry_wait=1.0,
        requests_per_second=None,
        allow_http=False,
    )
    http = httpx.Client(transport=httpx.MockTransport(handler))  # type: ignore[arg-type]
    return APIClient(settings, http)


def _file(url: str) -> Operation[None]:
    return Operation(name="tracks.file", method="GET", path="", url=url)


@pytest.mark.parametrize(
    "url", ["https://api.test:8443/files/1.mp3", "https://api.test:444/v1/files/1.mp3"]
)
def test_a_file_url_on_another_port_of_the_api_host_gets_no_token(url: str, tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"abc", headers={"Content-Type": "audio/mpeg"})

    with _client(handler, lambda url: BearerAuth(KEY, hosts=[url.host], service="svc")) as c:
        c._transport.save(_file(url), tmp_path / "a.mp3")
    assert [str(r.url) for r in seen] == [url]
    assert "authorization" not in seen[0].headers


def test_the_api_origin_itself_still_gets_the_token(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"abc", headers={"Content-Type": "audio/mpeg"})

    with _client(handler, lambda url: BearerAuth(KEY, hosts=[url.host], service="svc")) as c:
        c._transport.save(_file("https://api.test:443/v1/files/1.mp3"), tmp_path / "a.mp3")
        c._transport.save(_file("https://API.test/v1/files/2.mp3"), tmp_path / "b.mp3")
    assert [r.headers.get("authorization") for r in seen] == [f"Bearer {KEY}"] * 2


def test_partner_headers_never_go_to_another_port_of_the_api_host() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    op = Operation(name="x", method="GET", path="", url="https://api.test:8443/v2/x", result=None)
    with _client(handler, lambda url: PartnerAuth(url.host, "partner-id", PARTNER_PAIR)) as c:
        c._transport.send(op)
    assert "x-auth-client-secret" not in seen[0].headers
    assert "x-auth-client-id" not in seen[0].headers
