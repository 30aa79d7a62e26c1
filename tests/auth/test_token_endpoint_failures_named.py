"""A token endpoint that answers 429 or 5xx raises a RateLimitError or ServerError whose
message names the service and the step that asked for a token, worded as a refusal's
(``testsvc: the client credentials token request failed: ...``); the status, code,
body and Retry-After are kept, and no credential is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.errors import APIError, RateLimitError, ServerError
from tests.auth._token_steps import (
    API,
    SECRET,
    Step,
    automatic_refresh,
    client_credentials,
    client_credentials_fetch,
    code_exchange,
    forced_refresh,
    password_login,
)

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth


FAILURES: dict[str, tuple[Callable[[], httpx.Response], type[APIError], str]] = {
    "429 with retry-after": (
        lambda: httpx.Response(
            429,
            headers={"Retry-After": "7"},
            json={"error": "slow_down", "error_description": "Too many token requests."},
        ),
        RateLimitError,
        "Too many token requests.",
    ),
    "503 html": (
        lambda: httpx.Response(503, text="<html>down</html>"),
        ServerError,
        "the token endpoint answered HTTP 503 Service Unavailable",
    ),
    "500 oauth body": (
        lambda: httpx.Response(
            500, json={"error": "server_error", "error_description": "Try again later."}
        ),
        ServerError,
        "Try again later.",
    ),
}


STEPS: list[tuple[Step, str]] = [
    (automatic_refresh, "the token refresh (refresh_token grant) failed"),
    (forced_refresh, "the token refresh (refresh_token grant) failed"),
    (client_credentials_fetch, "the client credentials token request failed"),
    (code_exchange, "the authorization code exchange failed"),
    (password_login, "the password login (password grant) failed"),
]


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize(("step", "named"), STEPS)
def test_a_token_endpoint_failure_names_the_service_and_the_step(
    server: FakeOAuth, clock: FakeClock, step: Step, named: str, failure: str
) -> None:
    answer, kind, said = FAILURES[failure]
    server.token_replies.append(answer())
    with (
        httpx.Client(transport=httpx.MockTransport(server.handler)) as client,
        pytest.raises(kind) as caught,
    ):
        step(server, clock, client)
    error = caught.value
    assert isinstance(error, RateLimitError | ServerError)
    assert error.message == f"testsvc: {named}: {said}"
    assert error.args[0] == error.message
    expected = answer()
    assert error.status_code == expected.status_code
    assert error.service == "testsvc"
    assert error.code == (expected.json()["error"] if failure != "503 html" else None)
    assert error.retry_after == (7.0 if failure == "429 with retry-after" else None)
    assert error.body is not None
    shown = str(error) + repr(error) + repr(error.body) + repr(error.args)
    assert SECRET not in shown


async def test_an_async_token_endpoint_failure_names_the_step(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.token_replies.append(FAILURES["429 with retry-after"][0]())
    auth = client_credentials(clock)
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler)) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.get(f"{API}/me", auth=auth)
    assert caught.value.message == (
        "testsvc: the client credentials token request failed: Too many token requests."
    )
    assert caught.value.retry_after == 7.0
    assert str(caught.value) == (
        "testsvc 429 [slow_down] testsvc: the client credentials token request failed: "
        "Too many token requests."
    )
