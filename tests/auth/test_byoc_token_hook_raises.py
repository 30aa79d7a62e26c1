"""A response hook of the caller's httpx client that raises for error statuses
(httpx's recipe, ``event_hooks={"response": [raise_for_status]}``) does not let httpx's
``HTTPStatusError`` out of a token manager's own calls.

concepts.md: such a hook "changes nothing for beatkit calls" (the token endpoint's
answer then without its body, which may quote the credentials sent). A token request
that an API call's refresh sent was read so; one sent by ``ensure_token()``, ``login()``
or ``refresh()`` (and so Beatport's ``exchange_code()`` through an ``http_client``) let
the raw ``httpx.HTTPStatusError`` out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth, RefreshingAuth, Token
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import AuthenticationError, RateLimitError, ServerError
from beatkit.testing.beatport import FakeBeatport

TOKEN_URL = "https://api.example.com/oauth/token"
SECRET = "csecret-SEKRET"
CASES = [(400, AuthenticationError), (429, RateLimitError), (503, ServerError)]


def _raise(response: httpx.Response) -> None:
    response.raise_for_status()


async def _araise(response: httpx.Response) -> None:
    response.raise_for_status()


def _transport(status: int) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, json={"error": "invalid_client", "error_description": f"not {SECRET}"}
        )

    return httpx.MockTransport(handler)


def _calls() -> list[tuple[str, Callable[[Any], Any], Callable[[Any], Any]]]:
    def refreshing() -> RefreshingAuth:
        return RefreshingAuth(
            TOKEN_URL,
            "cid",
            client_secret=SECRET,
            token=Token(access_token="old", refresh_token="r1"),
            hosts=["api.example.com"],
        )

    def credentials() -> ClientCredentialsAuth:
        return ClientCredentialsAuth(TOKEN_URL, "cid", SECRET, hosts=["api.example.com"])

    grant = {"grant_type": "password", "username": "u", "password": "p"}
    return [
        (
            "ensure_token",
            lambda c: credentials().ensure_token(c),
            lambda c: credentials().aensure_token(c),
        ),
        ("login", lambda c: refreshing().login(c, grant), lambda c: refreshing().alogin(c, grant)),
        ("refresh", lambda c: refreshing().refresh(c), lambda c: refreshing().arefresh(c)),
    ]


def _check(error: BaseException, kind: type[Exception], status: int) -> None:
    assert isinstance(error, kind), repr(error)
    assert getattr(error, "status_code", None) == status
    assert SECRET not in str(error) and SECRET not in repr(getattr(error, "body", None))


@pytest.mark.parametrize(("status", "kind"), CASES)
@pytest.mark.parametrize("index", [0, 1, 2], ids=["ensure_token", "login", "refresh"])
def test_sync_token_calls_raise_beatkit_errors(index: int, status: int, kind: type) -> None:
    _, call, _ = _calls()[index]
    hooks = {"response": [_raise]}
    with (
        httpx.Client(transport=_transport(status), event_hooks=hooks) as c,
        pytest.raises(Exception) as caught,  # noqa: PT011 - any escape is checked
    ):
        call(c)
    _check(caught.value, kind, status)


@pytest.mark.parametrize(("status", "kind"), CASES)
@pytest.mark.parametrize("index", [0, 1, 2], ids=["ensure_token", "login", "refresh"])
def test_async_token_calls_raise_beatkit_errors(index: int, status: int, kind: type) -> None:
    _, _, call = _calls()[index]

    async def main() -> BaseException:
        async with httpx.AsyncClient(
            transport=_transport(status), event_hooks={"response": [_araise]}
        ) as c:
            with pytest.raises(Exception) as caught:  # noqa: PT011 - any escape is checked
                await call(c)
            return caught.value

    _check(asyncio.run(asyncio.wait_for(main(), 30)), kind, status)


def test_beatport_exchange_code_through_a_raising_http_client() -> None:
    fake = FakeBeatport()
    with httpx.Client(transport=fake.transport(), event_hooks={"response": [_raise]}) as http:
        client = Beatport(fake.client_id, base_url=fake.base_url, http_client=http)
        request = client.auth.authorization_url()
        with pytest.raises(AuthenticationError) as caught:
            client.auth.exchange_code("not-a-code", request)
    assert caught.value.status_code == 400
    assert "token step" in str(caught.value)


def test_async_beatport_exchange_code_through_a_raising_http_client() -> None:
    fake = FakeBeatport()

    async def main() -> AuthenticationError:
        async with httpx.AsyncClient(
            transport=fake.transport(), event_hooks={"response": [_araise]}
        ) as http:
            client = AsyncBeatport(fake.client_id, base_url=fake.base_url, http_client=http)
            request = client.auth.authorization_url()
            with pytest.raises(AuthenticationError) as caught:
                await client.auth.exchange_code("not-a-code", request)
            return caught.value

    error = asyncio.run(asyncio.wait_for(main(), 30))
    assert error.status_code == 400
