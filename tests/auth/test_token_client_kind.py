"""The token calls that take an httpx client refuse the other kind before sending.

``aensure_token(httpx.Client())`` sent the token request (the client secret in it)
blocking the event loop, then failed with Python's ``TypeError`` awaiting the response:
a refresh token the server rotated in that answer was lost. ``ensure_token`` with an
``httpx.AsyncClient`` failed with an ``AttributeError`` on a coroutine (never awaited),
and ``None`` with an ``AttributeError`` on ``timeout``. Each is now a ``TypeError`` that
names the kind expected and the twin to call, and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth, RefreshingAuth, Token
from beatkit.auth.oauth import authorization_code_grant

TOKEN_URL = "https://auth.example.com/oauth/token"
NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError("nothing may be sent")


async def _never_async(request: httpx.Request) -> httpx.Response:
    raise AssertionError("nothing may be sent")


def _refreshing() -> RefreshingAuth:
    stale = Token(
        access_token="at-s3cr3t",
        refresh_token="rt-s3cr3t",
        expires_at=NOW - timedelta(seconds=1),
        obtained_at=NOW - timedelta(hours=1),
    )
    return RefreshingAuth(TOKEN_URL, "cid", hosts="api.example.com", token=stale, clock=lambda: NOW)


def _fetching() -> ClientCredentialsAuth:
    return ClientCredentialsAuth(TOKEN_URL, "cid", client_secret="s3cr3t", hosts="api.example.com")


GRANT = authorization_code_grant("code-s3cr3t", code_verifier="v" * 43)
SYNC_CALLS: dict[str, Callable[[Any], Any]] = {
    "ensure_token": lambda client: _fetching().ensure_token(client),
    "login": lambda client: _refreshing().login(client, GRANT),
    "refresh": lambda client: _refreshing().refresh(client),
}
ASYNC_CALLS: dict[str, Callable[[Any], Any]] = {
    "aensure_token": lambda client: _fetching().aensure_token(client),
    "alogin": lambda client: _refreshing().alogin(client, GRANT),
    "arefresh": lambda client: _refreshing().arefresh(client),
}


@pytest.mark.parametrize("name", SYNC_CALLS)
async def test_a_sync_call_refuses_an_async_client(name: str) -> None:
    expected = rf"{name}\(\) takes an httpx.Client.*a{name}\(\)"
    async with httpx.AsyncClient(transport=httpx.MockTransport(_never_async)) as client:
        with pytest.raises(TypeError, match=expected):
            SYNC_CALLS[name](client)


@pytest.mark.parametrize("name", ASYNC_CALLS)
async def test_an_async_call_refuses_a_sync_client(name: str) -> None:
    with (
        httpx.Client(transport=httpx.MockTransport(_never)) as client,
        pytest.raises(TypeError, match=rf"{name}\(\) takes an httpx.AsyncClient.*{name[1:]}\(\)"),
    ):
        await ASYNC_CALLS[name](client)


@pytest.mark.parametrize("client", [None, "https://auth.example.com"])
def test_something_else_is_refused_naming_its_type(client: Any) -> None:
    for name, call in SYNC_CALLS.items():
        with pytest.raises(TypeError, match=rf"{name}\(\) takes an httpx.Client, not"):
            call(client)
