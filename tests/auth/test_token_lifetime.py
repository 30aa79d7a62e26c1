"""``expires_in`` is the token's lifetime in seconds (RFC 6749 section 5.1): a negative one
is not a lifetime, and a token endpoint's answer carrying one is an error, not a token
treated as stale forever (every request would refresh it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import (
    ClientCredentialsAuth,
    MemoryTokenStore,
    build_token_request,
    parse_token_response,
    refresh_token_grant,
)
from beatkit.errors import ResponseDecodeError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

SECRET = "s3cr3t"
START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"


def _answer(expires_in: object) -> httpx.Response:
    request = build_token_request(
        TOKEN_URL, refresh_token_grant(f"rt-{SECRET}"), client_id="app", client_secret=None
    )
    body = {"access_token": f"at-{SECRET}", "refresh_token": f"rt2-{SECRET}"}
    body["expires_in"] = expires_in  # type: ignore[assignment]
    return httpx.Response(200, json=body, request=request)


@pytest.mark.parametrize("expires_in", [-1, -3600, -0.5, "-60", -(10**9)])
def test_a_negative_expires_in_is_a_decode_error_naming_the_field(expires_in: object) -> None:
    with pytest.raises(ResponseDecodeError, match="expires_in") as info:
        parse_token_response(_answer(expires_in), service="s", now=START)
    assert "negative" in str(info.value)
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value.body)
    assert SECRET not in repr(info.value)


@pytest.mark.parametrize("expires_in", [0, "0", 0.0, -0.0])
def test_a_zero_expires_in_is_a_token_already_stale(expires_in: object) -> None:
    token = parse_token_response(_answer(expires_in), service="s", now=START)
    assert token.expires_at == START
    assert token.is_expired(START)


def _manager(clock: FakeClock, store: MemoryTokenStore) -> ClientCredentialsAuth:
    return ClientCredentialsAuth(
        TOKEN_URL, "cid", f"cs-{SECRET}", hosts="api.example.com", store=store, clock=clock
    )


def test_a_manager_refuses_a_token_with_a_negative_lifetime(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.expires_in = -60
    store = MemoryTokenStore()
    auth = _manager(clock, store)
    with (
        httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client,
        pytest.raises(ResponseDecodeError, match="expires_in") as info,
    ):
        client.get(f"{API}/x")
    assert SECRET not in str(info.value)
    # Nothing installed, saved or sent to the API.
    assert auth.token is None
    assert store.load() is None
    assert server.api_auth == []
    assert len(server.token_requests) == 1


async def test_a_manager_refuses_a_token_with_a_negative_lifetime_async(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.expires_in = -60
    store = MemoryTokenStore()
    auth = _manager(clock, store)
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server.async_handler), auth=auth
    ) as client:
        with pytest.raises(ResponseDecodeError, match="expires_in") as info:
            await client.get(f"{API}/x")
    assert SECRET not in str(info.value)
    assert auth.token is None
    assert store.load() is None
    assert server.api_auth == []
    assert len(server.token_requests) == 1
