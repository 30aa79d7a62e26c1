"""A token answer redirecting to a host name that does not decode is a beatkit error.

httpx reads the ``Location`` of every 3xx, followed or not, and decodes an ``xn--``
label as it reads it: a malformed one (``xn--zz``) came out of ``login()``,
``ensure_token()`` and a request needing a refresh as the idna package's raw
``IDNAError``. It is now the failed transfer httpx reports for an unreadable
``Location`` (:class:`~beatkit.errors.APIConnectionError`) when the token manager runs on
a plain httpx client; a beatkit client's token request is a raw send whose redirect is an
:class:`~beatkit.errors.AuthenticationError`, as any token endpoint's redirect is.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.auth import ClientCredentialsAuth, RefreshingAuth
from beatkit.auth.oauth import authorization_code_grant
from beatkit.errors import APIConnectionError, AuthenticationError

SPEC = ServiceSpec(name="testsvc", parse_error=lambda status, body: None)
TOKEN_URL = "https://auth.example.com/oauth/token"
LOCATION = "https://xn--zz.example.com/token"


def _handler(request: httpx.Request) -> httpx.Response:
    assert request.url.host == "auth.example.com", "only the token endpoint is asked"
    return httpx.Response(302, headers={"Location": LOCATION})


def test_a_login_answered_so_fails_with_a_beatkit_error() -> None:
    auth = RefreshingAuth(TOKEN_URL, "cid", hosts="api.example.com")
    grant = authorization_code_grant("code-s3cr3t", code_verifier="v" * 43)
    with (
        httpx.Client(transport=httpx.MockTransport(_handler)) as client,
        pytest.raises(APIConnectionError, match="RemoteProtocolError") as caught,
    ):
        auth.login(client, grant)
    assert "s3cr3t" not in str(caught.value)
    assert auth.token is None


async def test_an_async_fetch_answered_so_fails_with_a_beatkit_error() -> None:
    auth = ClientCredentialsAuth(TOKEN_URL, "cid", client_secret="s", hosts="api.example.com")
    async with httpx.AsyncClient(transport=httpx.MockTransport(_handler)) as client:
        with pytest.raises(APIConnectionError, match="RemoteProtocolError"):
            await auth.aensure_token(client)


def test_a_call_whose_token_fetch_is_answered_so_fails_with_a_beatkit_error() -> None:
    # The token request goes out inside httpx's auth flow, within the client's send.
    auth = ClientCredentialsAuth(TOKEN_URL, "cid", client_secret="s", hosts="api.test")
    settings = build_settings(SPEC, base_url="https://api.test/v1", auth=auth, max_retries=0)
    http = httpx.Client(transport=httpx.MockTransport(_handler))
    op = Operation(name="me.get", method="GET", path="/me", result=Any)
    with (
        http,
        APIClient(settings, http) as client,
        pytest.raises(AuthenticationError, match="redirect"),
    ):
        client._transport.request(op)
