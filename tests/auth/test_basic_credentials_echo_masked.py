"""A server that quotes the ``Authorization: Basic ...`` header it was sent (the
base64 of ``client_id:client_secret`` of ``client_secret_basic``, Beat Technology's LCP
credentials) has it masked in the error, on both facades: it decodes to the secret."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import APIError

SECRET = "CLIENTSECRETxyz123"
PAIR = base64.b64encode(f"cid:{SECRET}".encode()).decode()
TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"


def _answer(request: httpx.Request) -> httpx.Response:
    assert request.url.host == "auth.example.com"
    assert request.headers["authorization"] == f"Basic {PAIR}"
    return httpx.Response(
        401,
        json={"error": "invalid_request", "error_description": f"bad basic header {PAIR}"},
    )


def _auth() -> RefreshingAuth:
    now = datetime.now(UTC)
    token = Token(
        access_token="at-stale-0001",
        refresh_token="rt-0001",
        expires_at=now - timedelta(seconds=5),
    )
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        client_secret=SECRET,
        token=token,
        hosts="api.example.com",
        auth_method="client_secret_basic",
    )


def _check(error: APIError) -> None:
    assert error.status_code == 401
    assert "bad basic header ***" in error.message
    shown = str(error) + repr(error) + repr(error.body) + repr(error.details)
    assert PAIR not in shown
    assert SECRET not in shown


def test_a_token_endpoint_quoting_the_basic_header_is_masked_sync() -> None:
    with (
        httpx.Client(transport=httpx.MockTransport(_answer)) as client,
        pytest.raises(APIError) as caught,
    ):
        client.get(f"{API}/me", auth=_auth())
    _check(caught.value)


async def test_a_token_endpoint_quoting_the_basic_header_is_masked_async() -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(_answer)) as client:
        with pytest.raises(APIError) as caught:
            await client.get(f"{API}/me", auth=_auth())
    _check(caught.value)
