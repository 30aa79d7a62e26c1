"""Partner and LCP credentials follow the bearer tokens' rule: https, or plain http only
to a loopback host (or on a client whose own base URL the caller chose as plain http)."""

from __future__ import annotations

import base64

import httpx
import pytest

from beatkit._core.http import PLAIN_HTTP_CHOSEN
from beatkit.beattech.auth import LcpBasicAuth, PartnerAuth
from beatkit.errors import ConfigurationError

HOST = "api.prod.fabel.beat.no"


def run(auth: httpx.Auth, url: str, *, chosen: bool = False) -> httpx.Request:
    request = httpx.Request("GET", url)
    if chosen:
        request.extensions[PLAIN_HTTP_CHOSEN] = True
    flow = auth.sync_auth_flow(request)
    sent = next(flow)
    flow.close()
    return sent


def partner(host: str = HOST) -> PartnerAuth:
    return PartnerAuth(host, "partner-id", "PARTNER-SECRET")


def basic(host: str = HOST) -> LcpBasicAuth:
    return LcpBasicAuth(host, "lcp-user", "LCP-PASSWORD")


@pytest.mark.parametrize("make", [partner, basic])
@pytest.mark.parametrize(
    "url",
    [f"http://{HOST}/v2/partnerusers/activations", f"http://{HOST}:8080/v2/lcp/x"],
)
def test_plain_http_to_the_remote_api_host_is_refused(make: object, url: str) -> None:
    auth = make()  # type: ignore[operator]
    with pytest.raises(ConfigurationError, match="plain http") as info:
        run(auth, url)
    message = str(info.value)
    assert HOST in message
    assert "PARTNER-SECRET" not in message and "LCP-PASSWORD" not in message
    assert "partner-id" not in message and "lcp-user" not in message


def test_https_and_loopback_http_carry_them() -> None:
    assert run(partner(), f"https://{HOST}/v2/x").headers["X-Auth-Client-Secret"] == (
        "PARTNER-SECRET"
    )
    assert (
        run(partner("127.0.0.1"), "http://127.0.0.1:8080/v2/x").headers["X-Auth-Client-Id"]
        == "partner-id"
    )
    expected = "Basic " + base64.b64encode(b"lcp-user:LCP-PASSWORD").decode()
    assert run(basic("localhost"), "http://localhost/v2/x").headers["authorization"] == expected


def test_a_client_that_chose_plain_http_carries_them() -> None:
    # allow_http=True on the client: its requests are marked, as for bearer tokens.
    sent = run(partner(), f"http://{HOST}/v2/x", chosen=True)
    assert sent.headers["X-Auth-Client-Secret"] == "PARTNER-SECRET"
    assert "authorization" in run(basic(), f"http://{HOST}/v2/x", chosen=True).headers


def test_other_hosts_get_nothing_and_no_error_on_any_scheme() -> None:
    for url in ("http://cdn.example/x", "https://evil.example/x"):
        assert "x-auth-client-secret" not in run(partner(), url).headers
        assert "authorization" not in run(basic(), url).headers
