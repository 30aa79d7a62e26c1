"""A token set or cleared while a refresh is out stands: the refresh's answer does not
overwrite a new login (``set_token``) nor bring back a token after ``clear_token``
(local log-out), in memory or in the store."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import MemoryTokenStore, RefreshingAuth, Token
from beatkit.errors import ConfigurationError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

WAIT = 30.0
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


def _held_refresh(
    server: FakeOAuth,
) -> tuple[httpx.MockTransport, threading.Event, threading.Event]:
    """A transport whose token endpoint holds its answer until ``release`` is set;
    ``arrived`` is set once the token request is out."""
    arrived, release = threading.Event(), threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            arrived.set()
            assert release.wait(WAIT), "the test never released the token request"
        return server.handler(request)

    return httpx.MockTransport(handler), arrived, release


@pytest.mark.parametrize("change", ["set_token", "clear_token"])
def test_a_token_set_or_cleared_during_a_refresh_stands(
    server: FakeOAuth, clock: FakeClock, change: str
) -> None:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    store = MemoryTokenStore(stale)
    obtained: list[Token] = []
    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        store=store,
        hosts="api.example.com",
        clock=clock,
        on_token=obtained.append,
    )
    transport, arrived, release = _held_refresh(server)
    outcome: list[object] = []

    def call() -> None:
        with httpx.Client(transport=transport, auth=auth) as client:
            try:
                outcome.append(client.get(URL).status_code)
            except Exception as exc:  # recorded for the assertions
                outcome.append(exc)

    caller = threading.Thread(target=call, daemon=True)
    caller.start()
    try:
        assert arrived.wait(WAIT)
        login = server.seed(expires_at=clock.now + timedelta(hours=1))
        if change == "set_token":
            auth.set_token(login)
        else:
            auth.clear_token()
    finally:
        release.set()
        caller.join(WAIT)
    assert not caller.is_alive()
    assert len(server.token_requests) == 1
    assert obtained == []  # the refresh's token was not taken, so not reported
    if change == "set_token":
        assert auth.token is login
        assert store.load() is login
        assert outcome == [200]
        assert server.api_auth == [f"Bearer {login.access_token}"]
    else:
        assert auth.token is None
        assert store.load() is None
        [error] = outcome
        assert isinstance(error, ConfigurationError)
        assert server.api_auth == []


@pytest.mark.parametrize("change", ["set_token", "clear_token"])
async def test_a_token_set_or_cleared_during_a_refresh_stands_async(
    server: FakeOAuth, clock: FakeClock, change: str
) -> None:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    store = MemoryTokenStore(stale)
    obtained: list[Token] = []
    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        store=store,
        hosts="api.example.com",
        clock=clock,
        on_token=obtained.append,
    )
    arrived, release = asyncio.Event(), asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            arrived.set()
            await asyncio.wait_for(release.wait(), WAIT)
        return await server.async_handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as client:
        call = asyncio.create_task(client.get(URL))
        await asyncio.wait_for(arrived.wait(), WAIT)
        login = server.seed(expires_at=clock.now + timedelta(hours=1))
        if change == "set_token":
            auth.set_token(login)
        else:
            auth.clear_token()
        release.set()
        if change == "set_token":
            assert (await asyncio.wait_for(call, WAIT)).status_code == 200
            assert auth.token is login
            assert store.load() is login
            assert server.api_auth == [f"Bearer {login.access_token}"]
        else:
            with pytest.raises(ConfigurationError):
                await asyncio.wait_for(call, WAIT)
            assert auth.token is None
            assert store.load() is None
            assert server.api_auth == []
    assert len(server.token_requests) == 1
    assert obtained == []
