"""The partner and LCP credentials stay hidden in a dump of the auth's attributes.

``repr`` never showed them, but ``vars(auth)`` (``pprint``, a notebook's variable
inspector) held the headers in the clear: the partner secret, and the LCP password
in its base64 ``Basic`` pair. They show as ``'***'``, and the headers still go out.
"""

from __future__ import annotations

import base64
import pprint

import httpx

from beatkit.beattech.auth import LcpBasicAuth, PartnerAuth

HOST = "api.example.com"
SECRET = "partner-secret-value"
PASSWORD = "lcp-password-value"


def sent_headers(auth: httpx.Auth) -> httpx.Headers:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(204)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.get(f"https://{HOST}/v2/x")
    return seen[0]


def test_a_dump_of_partner_auth_hides_the_secret() -> None:
    auth = PartnerAuth(HOST, "partner-id", SECRET)
    assert SECRET not in pprint.pformat(vars(auth))
    assert SECRET not in repr(vars(auth))
    assert sent_headers(auth)["X-Auth-Client-Secret"] == SECRET


def test_a_dump_of_lcp_auth_hides_the_password() -> None:
    auth = LcpBasicAuth(HOST, "lcp-user", PASSWORD)
    pair = base64.b64encode(f"lcp-user:{PASSWORD}".encode()).decode("ascii")
    dump = pprint.pformat(vars(auth))
    assert PASSWORD not in dump
    assert pair not in dump
    assert sent_headers(auth)["Authorization"] == f"Basic {pair}"
