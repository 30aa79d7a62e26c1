"""``login``, ``refresh`` and ``ensure_token`` (and their async twins) take the token
request's ``timeout``: a service client passes its own ``timeout`` option through them,
since the httpx client may be the caller's ``http_client`` (``timeout=None``: no limit),
whose own timeout beatkit does not use. Without one, the client's own is used as before.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth, RefreshingAuth, Token
from beatkit.errors import ConfigurationError

TOKEN_URL = "https://api.example.com/oauth/token"
FIVE = {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}
NONE = {"connect": None, "read": None, "write": None, "pool": None}


def _server() -> tuple[httpx.MockTransport, list[Any]]:
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions.get("timeout"))
        return httpx.Response(
            200,
            json={"access_token": "new", "refresh_token": "r2", "expires_in": 3600},
        )

    return httpx.MockTransport(handler), seen


def _refreshing() -> RefreshingAuth:
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=Token(access_token="old", refresh_token="r1"),
        hosts=["api.example.com"],
    )


def _credentials() -> ClientCredentialsAuth:
    return ClientCredentialsAuth(TOKEN_URL, "cid", "csecret", hosts=["api.example.com"])


def test_sync_calls_send_the_timeout_given() -> None:
    transport, seen = _server()
    with httpx.Client(transport=transport, timeout=None) as client:  # noqa: S113 - the case
        _refreshing().login(client, {"grant_type": "password"}, timeout=5)
        _refreshing().refresh(client, timeout=httpx.Timeout(5.0))
        _credentials().ensure_token(client, timeout=5.0)
        _refreshing().login(client, {"grant_type": "password"})
    assert seen == [FIVE, FIVE, FIVE, NONE]


def test_async_calls_send_the_timeout_given() -> None:
    transport, seen = _server()

    async def main() -> None:
        async with httpx.AsyncClient(transport=transport, timeout=None) as client:  # noqa: S113 - the case
            await _refreshing().alogin(client, {"grant_type": "password"}, timeout=5)
            await _refreshing().arefresh(client, timeout=httpx.Timeout(5.0))
            await _credentials().aensure_token(client, timeout=5.0)
            await _refreshing().alogin(client, {"grant_type": "password"})

    asyncio.run(asyncio.wait_for(main(), 30))
    assert seen == [FIVE, FIVE, FIVE, NONE]


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "5", (5, 10), True])
def test_an_unusable_timeout_is_refused_before_sending(bad: Any) -> None:
    transport, seen = _server()
    with httpx.Client(transport=transport) as client:
        with pytest.raises(ConfigurationError, match="timeout"):
            _refreshing().login(client, {"grant_type": "password"}, timeout=bad)
        with pytest.raises(ConfigurationError, match="timeout"):
            _refreshing().refresh(client, timeout=bad)
        with pytest.raises(ConfigurationError, match="timeout"):
            _credentials().ensure_token(client, timeout=bad)
    assert seen == []
