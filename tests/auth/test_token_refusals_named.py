"""A token endpoint's refusal (``invalid_client``, ``invalid_grant``: 400 or 401) raises
an AuthenticationError whose message names the service and the step that asked for a
token (a refresh, a client credentials fetch, a code exchange, a login), as the errors
of an answer without a token do; what the server said is kept, and no credential."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.errors import AuthenticationError
from tests.auth._token_steps import (
    API,
    SECRET,
    Step,
    automatic_refresh,
    client_credentials,
    client_credentials_fetch,
    code_exchange,
    custom_grant,
    forced_refresh,
    password_login,
)

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth


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


STEPS: list[tuple[Step, str]] = [
    (automatic_refresh, "the token refresh (refresh_token grant) failed"),
    (forced_refresh, "the token refresh (refresh_token grant) failed"),
    (client_credentials_fetch, "the client credentials token request failed"),
    (code_exchange, "the authorization code exchange failed"),
    (password_login, "the password login (password grant) failed"),
    (custom_grant, "the token request ('urn:example:msisdn' grant) failed"),
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
        password_login(server, clock, client)
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
        forced_refresh(server, clock, client)
    message = caught.value.message
    assert message.startswith("testsvc: the token refresh (refresh_token grant) failed: ")
    assert message.endswith(
        "the refresh token was rejected (The grant is not valid.): log in again"
    )


async def test_an_async_refusal_names_the_step(server: FakeOAuth, clock: FakeClock) -> None:
    server.token_replies.append(REFUSALS["invalid_client 401"]())
    auth = client_credentials(clock)
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler)) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.get(f"{API}/me", auth=auth)
    assert caught.value.message == (
        "testsvc: the client credentials token request failed: Client authentication failed."
    )
