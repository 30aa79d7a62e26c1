"""A token answer that holds no token (not JSON, no access_token) raises a
ResponseDecodeError that names the service and the step it answered (a refresh,
a client credentials fetch, a code exchange, a login), never a credential."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.errors import ResponseDecodeError
from tests.auth._token_steps import (
    API,
    SECRET,
    Step,
    automatic_refresh,
    client_credentials_fetch,
    code_exchange,
    custom_grant,
    forced_refresh,
    password_login,
    refreshing,
)

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth


# Made afresh for each test: a response is sent once.
ANSWERS: dict[str, Callable[[], httpx.Response]] = {
    "html": lambda: httpx.Response(200, html="<html>down for maintenance</html>"),
    "list": lambda: httpx.Response(200, json=["not", "a", "token"]),
    "no access_token": lambda: httpx.Response(200, json={"token_type": "Bearer", "expires_in": 60}),
}


STEPS: list[tuple[Step, str]] = [
    (automatic_refresh, "token refresh"),
    (forced_refresh, "token refresh"),
    (client_credentials_fetch, "client credentials"),
    (code_exchange, "authorization code"),
    (password_login, "password"),
    (custom_grant, "urn:example:msisdn"),
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
    auth = refreshing(server, clock)
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler)) as client:
        with pytest.raises(ResponseDecodeError, match=r"testsvc: .*token refresh") as caught:
            await client.get(f"{API}/me", auth=auth)
    assert "is not JSON ('text/html')" in str(caught.value)
    assert SECRET not in str(caught.value)
