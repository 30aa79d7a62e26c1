"""A :class:`~beatkit.errors.TokenSaveError`'s chain does not show the new token.

The store's or ``on_token``'s exception is the error's ``__cause__``, and every
traceback prints it: its text often quotes the token it could not keep (a careless
``OSError(f"... {token.access_token}")``). The token values are masked in it, as in
the error's own text; its type and the chain stay. Both facades; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import traceback
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import MemoryTokenStore, RefreshingAuth, Token
from beatkit.errors import TokenSaveError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

WAIT = 30.0
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


class QuotingStore(MemoryTokenStore):
    """A store whose ``save`` fails quoting both token values."""

    def save(self, token: Token) -> None:
        raise OSError(f"disk full writing {token.access_token} and {token.refresh_token}")


def quoting_on_token(token: Token) -> None:
    raise ValueError(f"could not keep {token.access_token} / {token.refresh_token}")


def make_auth(server: FakeOAuth, clock: FakeClock, failing: str) -> RefreshingAuth:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=stale,
        hosts="api.example.com",
        clock=clock,
        service="beatport",
        store=QuotingStore() if failing in ("store", "both") else MemoryTokenStore(),
        on_token=quoting_on_token if failing in ("on_token", "both") else None,
    )


def check_chain(error: TokenSaveError, auth: RefreshingAuth, failing: str) -> None:
    token = auth.token
    assert token is not None and token.refresh_token is not None
    printed = "".join(traceback.format_exception(error))
    assert token.access_token not in printed
    assert token.refresh_token not in printed
    cause = error.__cause__
    expected = ValueError if failing == "on_token" else OSError
    assert type(cause) is expected
    assert "***" in str(cause)


@pytest.mark.parametrize("failing", ["store", "on_token", "both"])
def test_the_cause_of_a_save_error_does_not_show_the_token(
    server: FakeOAuth, clock: FakeClock, failing: str
) -> None:
    auth = make_auth(server, clock, failing)
    transport = httpx.MockTransport(server.handler)
    with (
        httpx.Client(transport=transport, auth=auth) as client,
        pytest.raises(TokenSaveError) as info,
    ):
        client.get(URL)
    check_chain(info.value, auth, failing)


@pytest.mark.parametrize("failing", ["store", "on_token", "both"])
async def test_the_cause_of_an_async_save_error_does_not_show_the_token(
    server: FakeOAuth, clock: FakeClock, failing: str
) -> None:
    auth = make_auth(server, clock, failing)
    transport = httpx.MockTransport(server.async_handler)
    async with httpx.AsyncClient(transport=transport, auth=auth) as client:
        with pytest.raises(TokenSaveError) as info:
            await asyncio.wait_for(client.get(URL), WAIT)
    check_chain(info.value, auth, failing)
