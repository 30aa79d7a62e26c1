"""A token endpoint's refusal (``invalid_client``, ``invalid_grant``: 400 or 401) raises
an AuthenticationError whose message names the service and the step that asked for a
token (a refresh, a client credentials fetch, a code exchange, a login), as the errors
of an answer without a token do; what the server said is kept, and no credential."""

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
from beatkit.errors import AuthenticationError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

SECRET = "s3cr3t"
CLIENT_SECRET = f"client-{SECRET}-value"
TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"

REFUSALS: dict[str, Callable[[], httpx.Response]] = {
    "invalid_client 401": lambda: httpx.Response(
        401,
        json={"error": "invalid_client", "error_description": "Client authentication failed."},
    ),
    "invalid_grant 400": lambda: httpx.Response(
        400, json={"error": "invalid_grant", "error_description": "The grant is not valid."}
    ),
    "bare invalid_grant": lambda: httpx.Response(400, json={"error": "invalid_grant"}),
}
SAID = {
    "invalid_client 401": "Client authentication failed.",
    "invalid_grant 400": "The grant is not valid.",
    "bare invalid_grant": "invalid_grant",
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
    client.get(f"{API}/me", auth=_refreshing(server, clock))


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
    (_automatic_refresh, "the token refresh (refresh_token grant) failed"),
    (_forced_refresh, "the token refresh (refresh_token grant) failed"),
    (_client_credentials, "the client credentials token request failed"),
    (_code_exchange, "the authorization code exchange failed"),
    (_password_login, "the password login (password grant) failed"),
    (_custom_grant, "the token request ('urn:example:msisdn' grant) failed"),
]


@pytest.mark.parametrize("refusal", list(REFUSALS))
@pytest.mark.parametrize(("step", "named"), STEPS)
def test_a_token_refusal_names_the_service_and_the_step(
    server: FakeOAuth, clock: FakeClock, step: Step, named: str, refusal: str
) -> None:
    server.token_replies.append(REFUSALS[refusal]())
    with (
        httpx.Client(transport=httpx.MockTransport(server.handler)) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        step(server, clock, client)
    error = caught.value
    assert error.message.startswith(f"testsvc: {named}: ")
    # What the server said is kept (a refused refresh token's bare code is worded).
    bare_refresh = refusal == "bare invalid_grant" and "token refresh" in named
    assert ("the grant was rejected" if bare_refresh else SAID[refusal]) in error.message
    assert error.code == REFUSALS[refusal]().json()["error"]
    assert error.status_code == REFUSALS[refusal]().status_code
    assert error.service == "testsvc"
    assert error.args[0] == error.message
    shown = str(error) + repr(error) + repr(error.body)
    assert SECRET not in shown


def test_a_refused_login_is_not_worded_as_a_refresh(server: FakeOAuth, clock: FakeClock) -> None:
    # invalid_grant to a login is its credentials refused: not "the refresh token was
    # rejected (...): log in again", which only a refresh means.
    server.token_replies.append(REFUSALS["invalid_grant 400"]())
    with (
        httpx.Client(transport=httpx.MockTransport(server.handler)) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        _password_login(server, clock, client)
    assert caught.value.message == (
        "testsvc: the password login (password grant) failed: The grant is not valid."
    )
    assert caught.value.code == "invalid_grant"


def test_a_rejected_refresh_token_still_says_log_in_again(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.token_replies.append(REFUSALS["invalid_grant 400"]())
    with (
        httpx.Client(transport=httpx.MockTransport(server.handler)) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        _forced_refresh(server, clock, client)
    message = caught.value.message
    assert message.startswith("testsvc: the token refresh (refresh_token grant) failed: ")
    assert message.endswith(
        "the refresh token was rejected (The grant is not valid.): log in again"
    )


async def test_an_async_refusal_names_the_step(server: FakeOAuth, clock: FakeClock) -> None:
    server.token_replies.append(REFUSALS["invalid_client 401"]())
    auth = ClientCredentialsAuth(
        TOKEN_URL, "cid", CLIENT_SECRET, hosts="api.example.com", clock=clock, service="testsvc"
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler)) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.get(f"{API}/me", auth=auth)
    assert caught.value.message == (
        "testsvc: the client credentials token request failed: Client authentication failed."
    )
