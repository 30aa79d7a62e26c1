"""A rooted host name (``api.example.com.``, with its trailing dot) is the same host as
``api.example.com``: a base URL written so (which ``check_base_url`` accepts) sent every
request without its token, and the API answered 401 to a client that had one.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.auth import BearerAuth
from beatkit.beattech.auth import PartnerAuth

KEY = "key-for-the-rooted-name"
SPEC = ServiceSpec(name="svc", parse_error=lambda status, body: None)


@pytest.mark.parametrize(
    ("entry", "url"),
    [
        ("api.example.com", "https://api.example.com./x"),
        ("api.example.com.", "https://api.example.com./x"),
        ("api.example.com:8443", "https://api.example.com.:8443/x"),
    ],
)
def test_a_rooted_name_of_an_api_host_gets_the_token(entry: str, url: str) -> None:
    auth = BearerAuth(KEY, hosts=[entry])
    assert auth.sends_token_to(url)
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.get(url)
    assert seen == [f"Bearer {KEY}"]


@pytest.mark.parametrize(
    "url", ["https://api.example.com.evil.test/x", "https://api.example.com..evil/x"]
)
def test_other_names_still_get_nothing(url: str) -> None:
    assert not BearerAuth(KEY, hosts=["api.example.com"]).sends_token_to(url)


def _sent_headers(auth: object) -> httpx.Headers:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    settings = build_settings(
        SPEC,
        base_url="https://api.example.com./v1",
        auth=auth,  # type: ignore[arg-type]
        timeout=5.0,
        max_retries=0,
        max_retry_wait=1.0,
        requests_per_second=None,
        allow_http=False,
    )
    with APIClient(settings, httpx.Client(transport=httpx.MockTransport(handler))) as client:
        client._transport.send(Operation(name="x", method="GET", path="/x", result=None))
    return seen[0].headers


def test_a_client_on_a_rooted_base_url_signs_its_requests() -> None:
    headers = _sent_headers(lambda url: BearerAuth(KEY, hosts=[url.host], service="svc"))
    assert headers.get("authorization") == f"Bearer {KEY}"


def test_partner_headers_go_to_a_rooted_base_url() -> None:
    headers = _sent_headers(lambda url: PartnerAuth(url.host, "partner-id", "partner-pair"))
    assert headers.get("x-auth-client-id") == "partner-id"
