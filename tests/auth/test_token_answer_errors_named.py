"""A token answer that holds no token (not JSON, no access_token) raises a
ResponseDecodeError that names the service and the step it answered (a refresh,
a client credentials fetch, a code exchange, a login), never a credential."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import (
    ClientCredentialsAuth,
    RefreshingAuth,
    authorization_code_grant,
    password_grant,
)
from beatkit.errors import ResponseDecodeError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

SECRET = "s3cr3t"
CLIENT_SECRET = f"client-{SECRET}-value"
TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"

# Made afresh for each test: a response is sent once.
ANSWERS: dict[str, Callable[[], httpx.Response]] = {
    "html": lambda: httpx.Response(200, html="<html>down for maintenance</html>"),
    "list": lambda: httpx.Response(200, json=["not", "a", "token"]),
    "no access_token": lambda: httpx.Response(200, json={"token_type": "Bearer", "expires_in": 60}),
}


def _refreshing(server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        client_secret=CLIENT_SECRET,
        token=token,
        hosts="api.example.com",
        clock=clock,
        service="testsvc",
    )


def _automatic_refresh(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    auth = _refreshing(server, clock)
    client.get(f"{API}/me", auth=auth)


def _forced_refresh(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    _refreshing(server, clock).refresh(client)


def _client_credentials(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    auth = ClientCredentialsAuth(
        TOKEN_URL, "cid", CLIENT_SECRET, hosts="api.example.com", clock=clock, service="testsvc"
    )
    client.get(f"{API}/me", auth=auth)


def _code_exchange(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    grant = authorization_code_grant(f"code-{SECRET}", code_verifier=f"v-{SECRET}" + "v" * 40)
    _refreshing(server, clock).login(client, grant)


def _password_login(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    _refreshing(server, clock).login(client, password_grant("dj", f"pw-{SECRET}"))


def _custom_grant(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    grant = {"grant_type": "urn:example:msisdn", "msisdn": "123", "signature": f"sig-{SECRET}"}
    _refreshing(server, clock).login(client, grant)


Step = Callable[["FakeOAuth", "FakeClock", httpx.Client], None]
STEPS: list[tuple[Step, str]] = [
    (_automatic_refresh, "token refresh"),
    (_forced_refresh, "token refresh"),
    (_client_credentials, "client credentials"),
    (_code_exchange, "authorization code"),
    (_password_login, "password"),
    (_custom_grant, "urn:example:msisdn"),
]


@pytest.mark.parametrize("answer", list(ANSWERS))
@pytest.mark.parametrize(("step", "named"), STEPS)
def test_a_token_answer_without_a_token_names_the_step(
    server: FakeOAuth, clock: FakeClock, step: Step, named: str, answer: str
) -> None:
    server.token_replies.append(ANSWERS[answer]())
    with (
        httpx.Client(transport=httpx.MockTransport(server.handler)) as client,
        pytest.raises(ResponseDecodeError) as caught,
    ):
        step(server, clock, client)
    text = str(caught.value)
    assert text.startswith("testsvc: ")
    assert named in text
    assert "the token endpoint's response" in text
    assert caught.value.status_code == 200
    assert caught.value.service == "testsvc"
    assert SECRET not in text
    assert SECRET not in repr(caught.value)
    assert SECRET not in str(caught.value.body)


async def test_an_async_refresh_answer_without_a_token_names_the_step(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.token_replies.append(ANSWERS["html"]())
    auth = _refreshing(server, clock)
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler)) as client:
        with pytest.raises(ResponseDecodeError, match=r"testsvc: .*token refresh") as caught:
            await client.get(f"{API}/me", auth=auth)
    assert "is not JSON ('text/html')" in str(caught.value)
    assert SECRET not in str(caught.value)
