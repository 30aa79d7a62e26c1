"""The ``Authorization: Basic ...`` credentials as sent (the base64 of ``user:password``)
are masked where an API's error, a decode error or a transport error quotes them:
Beat Technology's LCP status checks send the LCP provider's password that way."""

from __future__ import annotations

import base64

import httpx
import pytest

from beatkit._core.redact import redact_transport_error, sent_secrets
from beatkit._core.responses import error_from_response
from beatkit.beattech.auth import LcpBasicAuth, lcp_auth
from beatkit.beattech.wire import SPEC

HOST = "api.beat.test"
PASSWORD = "LCP-PASSWORD-77"
PAIR = base64.b64encode(f"lcp-user:{PASSWORD}".encode()).decode()


def _sent() -> httpx.Request:
    auth = lcp_auth(HOST, ("lcp-user", PASSWORD))
    assert isinstance(auth, LcpBasicAuth)
    flow = auth.sync_auth_flow(httpx.Request("GET", f"https://{HOST}/v2/lcp/license/status/1/2"))
    request = next(flow)
    flow.close()
    assert request.headers["authorization"] == f"Basic {PAIR}"
    return request


@pytest.mark.parametrize("status", [400, 401, 500])
def test_an_api_error_quoting_the_lcp_basic_header_is_masked(status: int) -> None:
    body = {"error": {"message": f"bad header Basic {PAIR}", "header": f"Basic {PAIR}"}}
    error = error_from_response(httpx.Response(status, json=body, request=_sent()), SPEC)
    shown = str(error) + repr(error) + repr(error.body) + repr(error.details)
    assert PAIR not in shown
    assert PASSWORD not in shown
    assert "***" in shown


def test_the_basic_credentials_as_sent_are_among_the_sent_secrets() -> None:
    padded = base64.b64encode(b"u:pw-99").decode()
    assert padded.endswith("=")
    request = httpx.Request("GET", "https://x.test/", headers={"Authorization": f"Basic {padded}"})
    found = sent_secrets(httpx.Response(403, request=request))
    assert padded in found
    assert "pw-99" in found
    # Percent-encoded padding (an echo in a query) is masked too.
    error = error_from_response(
        httpx.Response(400, json={"message": f"got {padded.replace('=', '%3D')}"}, request=request),
        SPEC,
    )
    assert padded.rstrip("=") not in str(error)
    # As sent even when it does not decode: the server quotes what it got.
    odd = httpx.Request("GET", "https://x.test/", headers={"Authorization": "Basic not-base64!"})
    assert "not-base64!" in sent_secrets(httpx.Response(403, request=odd))


def test_a_transport_error_quoting_the_lcp_basic_header_is_masked() -> None:
    error = httpx.RemoteProtocolError(f"proxy refused Authorization: Basic {PAIR}", request=_sent())
    redact_transport_error(error)
    assert PAIR not in str(error)
