"""Tests for the pure OAuth helpers: token requests, token responses, OAuth errors."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import httpx
import pytest

from beatkit.auth import (
    authorization_code_grant,
    build_token_request,
    client_credentials_grant,
    parse_token_response,
    password_grant,
    refresh_token_grant,
    token_error,
)
from beatkit.errors import (
    AuthenticationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

SECRET = "s3cr3t"
START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
TOKEN_URL = "https://api.example.com/auth/o/token/"


def _form(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.content.decode()))


def test_grants() -> None:
    assert client_credentials_grant() == {"grant_type": "client_credentials"}
    assert client_credentials_grant("a b")["scope"] == "a b"
    assert refresh_token_grant("r") == {"grant_type": "refresh_token", "refresh_token": "r"}
    assert authorization_code_grant("c", code_verifier="v", redirect_uri="u") == {
        "grant_type": "authorization_code",
        "code": "c",
        "code_verifier": "v",
        "redirect_uri": "u",
    }
    assert password_grant("u", "p", "s") == {
        "grant_type": "password",
        "username": "u",
        "password": "p",
        "scope": "s",
    }


def test_client_secret_post_puts_credentials_in_the_body() -> None:
    request = build_token_request(
        TOKEN_URL,
        refresh_token_grant("r"),
        client_id="cid",
        client_secret="sec",
        extra_params={"device": "d1"},
    )
    assert request.method == "POST"
    assert request.url == TOKEN_URL
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.headers["accept"] == "application/json"
    assert "authorization" not in request.headers
    assert _form(request) == {
        "device": "d1",
        "grant_type": "refresh_token",
        "refresh_token": "r",
        "client_id": "cid",
        "client_secret": "sec",
    }


def test_public_client_sends_client_id_only() -> None:
    request = build_token_request(TOKEN_URL, refresh_token_grant("r"), client_id="cid")
    assert _form(request)["client_id"] == "cid"
    assert "client_secret" not in _form(request)


def test_client_secret_basic_form_encodes_both_parts() -> None:
    request = build_token_request(
        TOKEN_URL,
        client_credentials_grant(),
        client_id="id:with space",
        client_secret="p@ss:wörd",
        auth_method="client_secret_basic",
    )
    scheme, _, encoded = request.headers["authorization"].partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == "id%3Awith%20space:p%40ss%3Aw%C3%B6rd"
    assert _form(request) == {"grant_type": "client_credentials"}


def test_parse_success() -> None:
    response = httpx.Response(
        200, json={"access_token": "a", "expires_in": 600, "user_id": "u1", "refresh_token": "r"}
    )
    token = parse_token_response(response, service="beattech", now=START)
    assert token.expires_at == START + timedelta(seconds=600)
    assert token.extra == {"user_id": "u1"}


def test_oauth_error_body() -> None:
    response = httpx.Response(
        400,
        json={"error": "invalid_client", "error_description": "Client authentication failed."},
        headers={"X-Request-Id": "req-1"},
    )
    with pytest.raises(AuthenticationError) as info:
        parse_token_response(response, service="beatport", now=START)
    error = info.value
    assert error.code == "invalid_client"
    assert error.message == "Client authentication failed."
    assert error.status_code == 400
    assert error.service == "beatport"
    assert error.request_id == "req-1"
    assert (
        str(error)
        == "beatport 400 [invalid_client] Client authentication failed. (request id req-1)"
    )


def test_oauth_error_without_description_uses_the_code() -> None:
    error = token_error(httpx.Response(401, json={"error": "invalid_client"}), service="s")
    assert isinstance(error, AuthenticationError)
    assert error.message == "invalid_client"


def test_html_502_is_a_clean_server_error() -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    response = httpx.Response(502, text=html, headers={"Retry-After": "3"})
    with pytest.raises(ServerError) as info:
        parse_token_response(response, service="beatpass", now=START)
    assert info.value.status_code == 502
    assert info.value.code is None
    assert "502" in str(info.value)
    assert "Bad Gateway" in info.value.message
    assert info.value.body == html
    assert info.value.retry_after == 3.0


def test_429_is_a_rate_limit_error() -> None:
    response = httpx.Response(
        429, json={"message": "Too Many Attempts."}, headers={"Retry-After": "60"}
    )
    error = token_error(response, service="beatpass")
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 60.0
    assert error.message == "Too Many Attempts."


def test_error_in_a_200_body() -> None:
    response = httpx.Response(200, json={"error": "invalid_grant"})
    with pytest.raises(AuthenticationError) as info:
        parse_token_response(response, service="s", now=START)
    assert info.value.code == "invalid_grant"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, json=["a"]),
        httpx.Response(200, json={"access_token": f"at-{SECRET}", "expires_in": "never"}),
    ],
)
def test_bad_success_bodies_are_decode_errors(response: httpx.Response) -> None:
    with pytest.raises(ResponseDecodeError) as info:
        parse_token_response(response, service="s", now=START)
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value)
    assert SECRET not in repr(info.value.body)


@pytest.mark.parametrize(
    "access_token", [f"at-{SECRET}\n", f"at\r\nX: {SECRET}", f"at-{SECRET}\x01", f"ät-{SECRET}"]
)
def test_a_token_a_header_cannot_carry_is_a_decode_error(access_token: str) -> None:
    response = httpx.Response(200, json={"access_token": access_token, "expires_in": 600})
    with pytest.raises(ResponseDecodeError, match="Authorization header") as info:
        parse_token_response(response, service="s", now=START)
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value.body)


def test_a_client_secret_sent_as_basic_is_masked_where_echoed() -> None:
    # Regression: only the form body's credentials were masked, so a token endpoint
    # quoting the client_secret_basic secret put it into the exception.
    request = build_token_request(
        TOKEN_URL,
        refresh_token_grant("rt-1"),
        client_id="app",
        client_secret=f"cs-{SECRET}",
        auth_method="client_secret_basic",
    )
    response = httpx.Response(
        401,
        json={"error": "invalid_client", "error_description": f"no client with cs-{SECRET}"},
        request=request,
    )
    with pytest.raises(AuthenticationError) as info:
        parse_token_response(response, service="s", now=START)
    assert info.value.code == "invalid_client"
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value.body)


@pytest.mark.parametrize(
    "answer",
    [
        {"json": {"result": f"no token for rt-{SECRET} and cs-{SECRET}"}},
        {"json": {"access_token": "a", "expires_in": f"rt-{SECRET}"}},
        {"text": f"<html>refresh rt-{SECRET} failed</html>"},
    ],
)
def test_a_success_body_echoing_the_grant_is_masked(answer: dict[str, object]) -> None:
    # Regression: the echoed credentials were masked in error statuses only; a 200
    # that is no token kept the refresh token and client secret it quoted.
    request = build_token_request(
        TOKEN_URL,
        refresh_token_grant(f"rt-{SECRET}"),
        client_id="app",
        client_secret=f"cs-{SECRET}",
    )
    response = httpx.Response(200, request=request, **answer)  # type: ignore[arg-type]
    with pytest.raises(ResponseDecodeError) as info:
        parse_token_response(response, service="s", now=START)
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value.body)


@pytest.mark.parametrize("status", [200, 400, 503])
@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b"[" * 900 + b"]" * 900,
        b'{"error": "invalid_grant", "x": ' + b"[" * 900 + b"]" * 900 + b"}",
        b'{"access_token": "a", "expires_in": 1e999}',
        b'{"access_token": "a", "expires_in": 1e300}',
        b'{"access_token": "a", "expires_in": -Infinity}',
        b'{"access_token": "a", "expires_in": "Infinity"}',
        b'{"access_token": "a", "expires_in": 1' + b"0" * 400 + b"}",
    ],
)
def test_unreadable_token_answers_are_beatkit_errors(status: int, content: bytes) -> None:
    # Regression: a body nested too deeply to parse or walk raised RecursionError, and
    # an expires_in beyond what a datetime holds raised OverflowError.
    response = httpx.Response(status, content=content, headers={"Content-Type": "application/json"})
    with pytest.raises((ResponseDecodeError, AuthenticationError, ServerError)) as info:
        parse_token_response(response, service="s", now=START)
    assert info.value.status_code == status


def test_a_retry_after_date_is_read_like_the_transport_reads_it() -> None:
    # The token endpoint had a second parser of its own that ignored HTTP-dates.
    later = datetime.now(UTC) + timedelta(seconds=120)
    header = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    error = token_error(httpx.Response(429, headers={"Retry-After": header}), service="s")
    assert error.retry_after is not None and 100 < error.retry_after <= 120


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_non_finite_retry_after_is_unknown(value: str) -> None:
    # Regression: "nan" read as 0.0 and "inf" as a wait for ever.
    error = token_error(httpx.Response(429, headers={"Retry-After": value}), service="s")
    assert isinstance(error, RateLimitError)
    assert error.retry_after is None
