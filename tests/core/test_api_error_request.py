"""An ``APIError`` says which request got the error answer, as ``APIConnectionError`` does.

The audit of the errors users meet found that a connection failure or a timeout names
``METHOD URL`` (``method`` and ``url`` attributes, and its message), while an error
status on the same call (``beatport 404 Not found.``) said nothing of the request: a
program catching a ``NotFoundError`` from a batch could not tell which call it was.
Every ``APIError`` made from an answer now carries ``method`` and ``url`` (redacted as
``APIConnectionError.url`` is): the same situation, the same attributes, on every
service, and through the token endpoint too.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit import BeatConnect, BeatPass, Beatport, BeatTech
from beatkit._core.http import ServiceSpec
from beatkit._core.responses import error_from_response
from beatkit.auth import Token
from beatkit.auth.oauth import token_error
from beatkit.errors import APIError, AuthenticationError, NotFoundError, ServerError
from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech


def _beatport() -> tuple[Any, Callable[[], object], str]:
    fake = FakeBeatport()
    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    client = Beatport(
        client_id=fake.client_id,
        token=token,
        requests_per_second=None,
        max_retries=0,
        http_client=httpx.Client(transport=fake.transport()),
    )
    track = fake.tracks[0]["id"]
    return fake, lambda: client.tracks.get(track), f"/v4/catalog/tracks/{track}/"


def _beatpass() -> tuple[Any, Callable[[], object], str]:
    fake = FakeBeatPass()
    client = BeatPass(
        fake.token,
        base_url=fake.base_url,
        max_retries=0,
        http_client=httpx.Client(transport=fake.transport()),
    )
    return fake, lambda: client.tracks.get(fake.track_id), f"/api/v1/tracks/{fake.track_id}"


def _beatconnect() -> tuple[Any, Callable[[], object], str]:
    fake = FakeBeatConnect()
    client = BeatConnect(
        api_key=fake.api_key,
        max_retries=0,
        http_client=httpx.Client(transport=fake.transport()),
    )
    return fake, lambda: client.beats.get(1234), "/v1/beats/1234"


def _beattech() -> tuple[Any, Callable[[], object], str]:
    fake = FakeBeatTech()
    client = BeatTech(
        "fabel",
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        max_retries=0,
        http_client=httpx.Client(transport=fake.transport()),
    )
    release = next(iter(fake.catalog.releases))
    client.releases.get(release)  # the app token first: the fault is for the call
    return fake, lambda: client.releases.get(release), f"/v2/releases/{release}"


@pytest.mark.parametrize("make", [_beatport, _beatpass, _beatconnect, _beattech])
@pytest.mark.parametrize("status", [404, 503])
def test_every_service_names_the_request_of_an_error_status(
    make: Callable[[], tuple[Any, Callable[[], object], str]], status: int
) -> None:
    fake, call, path = make()
    fake.fail_next(status)
    with pytest.raises(APIError) as caught:
        call()
    error = caught.value
    assert isinstance(error, NotFoundError if status == 404 else ServerError)
    assert error.method == "GET"
    assert error.url is not None and httpx.URL(error.url).path == path
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert (copy.method, copy.url, str(copy)) == (error.method, error.url, str(error))


def test_the_url_is_redacted_as_a_connection_errors_is() -> None:
    request = httpx.Request("GET", "https://user:pw@api.example.com/v1/x?sig=s3cr3t&page=2")
    response = httpx.Response(404, json={"message": "gone"}, request=request)
    error = error_from_response(response, ServiceSpec(name="svc"))
    assert error.method == "GET"
    assert error.url is not None
    assert "s3cr3t" not in error.url and "pw" not in error.url
    assert "page=2" in error.url
    assert "s3cr3t" not in repr(vars(error))


def test_a_response_made_by_hand_has_no_request() -> None:
    error = error_from_response(httpx.Response(500), ServiceSpec(name="svc"))
    assert (error.method, error.url) == (None, None)


def test_a_token_endpoint_error_names_the_token_request() -> None:
    request = httpx.Request("POST", "https://auth.example.com/oauth/token")
    response = httpx.Response(400, json={"error": "invalid_grant"}, request=request)
    error = token_error(response, service="svc")
    assert isinstance(error, AuthenticationError)
    assert (error.method, error.url) == ("POST", "https://auth.example.com/oauth/token")


def test_an_api_error_made_by_hand_has_none() -> None:
    error = APIError("boom", status_code=400, service="svc")
    assert (error.method, error.url) == (None, None)
    assert str(error) == "svc 400 boom"


def test_a_refused_refresh_names_the_token_request() -> None:
    # The refresh token's invalid_grant is reworded ("log in again") into a new error:
    # it kept the status, code and body, and dropped the request.
    fake = FakeBeatport()
    answer = fake.issue_token()
    answer["refresh_token"] = "rt-refused-by-the-fake"
    client = Beatport(
        client_id=fake.client_id,
        token=Token.from_response(answer, now=datetime.now(UTC) - timedelta(days=2)),
        requests_per_second=None,
        max_retries=0,
        http_client=httpx.Client(transport=fake.transport()),
    )
    with pytest.raises(AuthenticationError) as caught:
        client.tracks.get(fake.tracks[0]["id"])
    error = caught.value
    assert error.code == "invalid_grant"
    assert "log in again" in str(error)
    assert error.method == "POST"
    assert error.url is not None and httpx.URL(error.url).path.endswith("/token/")
    assert "rt-refused" not in error.url


def test_a_refused_beatport_code_names_the_token_request() -> None:
    fake = FakeBeatport()
    client = Beatport(
        client_id=fake.client_id,
        requests_per_second=None,
        max_retries=0,
        http_client=httpx.Client(transport=fake.transport()),
    )
    with pytest.raises(AuthenticationError) as caught:
        client.auth.exchange_code("not-a-code-the-fake-issued", client.auth.authorization_url())
    error = caught.value
    assert error.method == "POST"
    assert error.url is not None and httpx.URL(error.url).path.endswith("/token/")


def test_a_refused_beattech_login_names_the_token_request() -> None:
    fake = FakeBeatTech()
    client = BeatTech(
        "fabel",
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        max_retries=0,
        http_client=httpx.Client(transport=fake.transport()),
    )
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login("reader@example.com", "not-the-password")
    error = caught.value
    assert error.method == "POST"
    assert error.url is not None and httpx.URL(error.url).path.endswith("/oauth2/token")
    assert "not-the-password" not in error.url
