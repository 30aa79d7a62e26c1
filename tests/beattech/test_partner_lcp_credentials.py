"""Partner headers and LCP Basic credentials: what a header cannot carry is refused
before anything is sent, and never shown."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import ConfigurationError


def client(sent: list[httpx.Request], **kwargs: Any) -> BeatTech:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    options: dict[str, Any] = {"client_id": "cid", "client_secret": "csecret"}
    options.update(kwargs)
    return BeatTech(
        "fabel", http_client=httpx.Client(transport=httpx.MockTransport(answer)), **options
    )


@pytest.mark.parametrize(
    ("partner_id", "partner_secret"),
    [
        ("partner", "SEC\nRET-1"),
        ("partner", "SÉCRET-1"),
        ("partner", "SECRET-1\x00"),
        ("part\rner", "SECRET-1"),
        ("partnér", "SECRET-1"),
    ],
    ids=["line-break", "non-ascii", "nul", "cr-in-id", "non-ascii-id"],
)
def test_partner_credentials_a_header_cannot_carry_are_refused_up_front(
    partner_id: str, partner_secret: str
) -> None:
    with pytest.raises(ConfigurationError, match="partner_client") as info:
        client([], partner_client_id=partner_id, partner_client_secret=partner_secret)
    assert partner_secret not in str(info.value) and "SECRET" not in str(info.value)


@pytest.mark.parametrize("secret", ["SÉCRET-2", "SEC\nRET-2"], ids=["non-ascii", "line-break"])
def test_the_client_secret_as_partner_headers_fails_cleanly_when_used(secret: str) -> None:
    # The client's own credentials stand in for the partner's: valid in a form body,
    # they may not fit a header. That is a ConfigurationError when a partner call is
    # made (not a UnicodeEncodeError from httpx), nothing is sent, and the secret is
    # not shown.
    sent: list[httpx.Request] = []
    bt = client(sent, client_secret=secret)
    with pytest.raises(ConfigurationError, match="X-Auth-Client") as info:
        bt.partner_users.end("5")
    assert sent == []
    assert "SEC" not in str(info.value)


def test_fitting_partner_credentials_are_sent() -> None:
    sent: list[httpx.Request] = []
    bt = client(sent, partner_client_id="partner-1", partner_client_secret="SECRET-3")
    bt.partner_users.end("5")
    assert sent[0].headers["X-Auth-Client-Id"] == "partner-1"
    assert sent[0].headers["X-Auth-Client-Secret"] == "SECRET-3"


@pytest.mark.parametrize(
    "credentials",
    [("lcp:user", "PASSWORD-4"), ("lcp\nuser", "PASSWORD-4"), ("lcp", "PASS\x7fWORD-4")],
    ids=["colon-in-user", "line-break-in-user", "del-in-password"],
)
def test_lcp_credentials_basic_cannot_carry_are_refused(credentials: tuple[str, str]) -> None:
    # RFC 7617: the user-id holds no colon (the server splits at the first one, so
    # ("a:b", "c") would log in as "a" with "b:c"), and neither part a control character.
    with pytest.raises(ConfigurationError, match="lcp_credentials") as info:
        client([], lcp_credentials=credentials)
    assert "PASS" not in str(info.value)


def test_a_colon_in_the_lcp_password_is_fine() -> None:
    sent: list[httpx.Request] = []
    bt = client(sent, lcp_credentials=("lcp", "pass:wörd"))
    assert bt.lcp.license_status("1", "2") is True
    assert sent[0].headers["Authorization"] == httpx.BasicAuth("lcp", "pass:wörd")._auth_header
