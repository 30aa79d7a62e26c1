"""A Beat Technology error body that holds a person's data under its field name
(``{"email": ...}``, ``{"msisdn": ...}``, ``{"username": ...}``) keeps it out of the
exception: the service's ``personal_fields`` (the list that masks change and batch
``repr``\\s) are masked in every error body, as credentials are, whoever's data it is
(not only what the request sent)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import APIError, AuthenticationError, ConflictError, ResponseDecodeError

EMAIL = "grace.hopper@example.net"
MSISDN = "+4798765432"
USERNAME = "grace-hopper-1906"
PERSONAL = (EMAIL, MSISDN, USERNAME)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.DEBUG, logger="beatkit"):
        yield caplog


def _shown(error: APIError) -> str:
    parts = [str(error), repr(error), error.message, error.body]
    return repr([*parts, getattr(error, "details", None), getattr(error, "field_errors", None)])


def _server(answer: Callable[[httpx.Request], httpx.Response]) -> BeatTech:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token") and b"client_credentials" in request.content:
            return httpx.Response(
                200, json={"access_token": "app-1", "token_type": "bearer", "expires_in": 3600}
            )
        return answer(request)

    return BeatTech(
        "test",
        client_id="cid",
        client_secret="csecret",
        http_client=httpx.Client(transport=httpx.MockTransport(handle)),
    )


ERROR_BODY: dict[str, Any] = {
    "error": "conflict",
    "error_description": "the profile conflicts with another user",
    "email": EMAIL,
    "error_developer": {"conflicting_user": {"id": "77", "msisdn": MSISDN, "username": USERNAME}},
    "users": [{"Email": EMAIL}],
}


def test_personal_fields_of_an_error_body_are_masked(logs: pytest.LogCaptureFixture) -> None:
    with (
        _server(lambda _: httpx.Response(409, json=ERROR_BODY)) as bt,
        pytest.raises(ConflictError) as caught,
    ):
        bt.app.users.get(5)  # sends none of these values
    error = caught.value
    shown = _shown(error)
    assert not [value for value in PERSONAL if value in shown], shown
    assert error.message == "the profile conflicts with another user"  # the rest is kept
    assert error.body["error"] == "conflict"
    assert error.body["email"] == "REDACTED"
    assert error.details == {
        "conflicting_user": {"id": "77", "msisdn": "REDACTED", "username": "REDACTED"}
    }
    lines = " ".join(record.getMessage() for record in logs.records)
    assert not [value for value in PERSONAL if value in lines]


def test_personal_fields_of_an_undecodable_answer_are_masked() -> None:
    body = {"user": ["not", "a", "user"], "email": EMAIL, "msisdn": MSISDN}
    with (
        _server(lambda _: httpx.Response(200, json=body)) as bt,
        pytest.raises(ResponseDecodeError) as caught,
    ):
        bt.app.users.get(5)
    shown = _shown(caught.value)
    assert not [value for value in PERSONAL if value in shown], shown


def test_personal_fields_of_a_refused_login_body_are_masked() -> None:
    refusal = {
        "error": "invalid_grant",
        "error_description": "Invalid username and password combination",
        "username": USERNAME,
        "user": {"email": EMAIL},
    }
    with (
        _server(lambda _: httpx.Response(400, json=refusal)) as bt,
        pytest.raises(AuthenticationError) as caught,
    ):
        bt.auth.login("someone-else@example.org", "pw-0123456789")
    shown = _shown(caught.value)
    assert not [value for value in PERSONAL if value in shown], shown
    assert "Invalid username and password combination" in caught.value.message


def test_other_fields_of_an_error_body_stay() -> None:
    body = {"error": "not_found", "error_description": "no such user", "firstname": "Grace"}
    with _server(lambda _: httpx.Response(404, json=body)) as bt, pytest.raises(APIError) as caught:
        bt.app.users.get(5)
    assert caught.value.body == body
