"""A token request never follows a redirect: its body (a client secret, a refresh token,
an authorization code) must not be sent on to another host, and a token reached through
a redirect is not one the configured endpoint issued."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.auth import ClientCredentialsAuth, RefreshingAuth, Token, parse_token_response
from beatkit.auth.oauth import authorization_code_grant
from beatkit.errors import AuthenticationError

SECRET = "s3cr3t-client-secret"
REFRESH = "rt-s3cr3t-refresh"
TOKEN_URL = "https://auth.example.com/oauth/token"
ELSEWHERE = "https://elsewhere.example.net/token"
HOSTS = ["api.example.com"]
START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


class Redirector:
    """The token endpoint answers with a redirect; the other host would issue a token."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.elsewhere: list[bytes] = []
        self.api_auth: list[str | None] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            return httpx.Response(self.status, headers={"Location": ELSEWHERE})
        if request.url.host == "elsewhere.example.net":
            self.elsewhere.append(request.content)
            body = {"access_token": "at-from-elsewhere", "expires_in": 3600}
            return httpx.Response(200, json=body)
        self.api_auth.append(request.headers.get("authorization"))
        return httpx.Response(200, json={"ok": True})

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        return self.handler(request)


def _client_credentials() -> ClientCredentialsAuth:
    return ClientCredentialsAuth(TOKEN_URL, "cid", SECRET, hosts=HOSTS, service="testsvc")


def _refreshing() -> RefreshingAuth:
    stale = Token(
        access_token="at-old",
        refresh_token=REFRESH,
        expires_at=START - timedelta(seconds=1),
        obtained_at=START - timedelta(hours=1),
    )
    return RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, token=stale, service="testsvc")


def _check_refused(error: AuthenticationError, server: Redirector) -> None:
    assert "redirect" in str(error)
    assert server.elsewhere == []
    assert SECRET not in repr(error) and REFRESH not in repr(error)
    assert SECRET not in str(error.body) and REFRESH not in str(error.body)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("make", [_client_credentials, _refreshing])
def test_ensure_token_on_a_redirect_following_client_refuses(status: int, make: object) -> None:
    server = Redirector(status)
    auth = make()  # type: ignore[operator]
    transport = httpx.MockTransport(server.handler)
    client = httpx.Client(transport=transport, follow_redirects=True)
    with client, pytest.raises(AuthenticationError) as info:
        auth.ensure_token(client)
    _check_refused(info.value, server)
    assert info.value.status_code == status


@pytest.mark.parametrize("status", [307, 308])
async def test_async_ensure_token_refuses_a_redirect(status: int) -> None:
    server = Redirector(status)
    auth = _client_credentials()
    transport = httpx.MockTransport(server.async_handler)
    async with httpx.AsyncClient(transport=transport, follow_redirects=True) as client:
        with pytest.raises(AuthenticationError) as info:
            await auth.aensure_token(client)
    _check_refused(info.value, server)


@pytest.mark.parametrize("status", [302, 307])
def test_a_token_answer_reached_through_a_redirect_is_not_installed(status: int) -> None:
    # As an httpx.Auth on a plain client that follows redirects, httpx itself follows
    # the token request's redirect before the manager sees the answer: the token it
    # reaches was not issued by the configured endpoint and is refused.
    server = Redirector(status)
    auth = _client_credentials()
    transport = httpx.MockTransport(server.handler)
    client = httpx.Client(transport=transport, auth=auth, follow_redirects=True)
    with client, pytest.raises(AuthenticationError) as info:
        client.get("https://api.example.com/v1/things")
    assert "redirect" in str(info.value)
    assert server.api_auth == []
    assert "at-from-elsewhere" not in json.dumps(str(info.value.body))


def test_a_redirect_with_an_unparseable_location_is_still_refused() -> None:
    # httpx refuses such a Location itself when a client sends; a response made by
    # hand reaches the parser with it.
    response = httpx.Response(307, headers={"Location": "https://h:abc/"})
    with pytest.raises(AuthenticationError, match="HTTP 307 with a redirect;"):
        parse_token_response(response, service="testsvc", now=START)


# -- the code exchange and the explicit refresh; the client behind a beatkit client ---------


def _code_exchange(auth: RefreshingAuth, client: httpx.Client) -> Token:
    grant = authorization_code_grant("code-s3cr3t", code_verifier="v" * 43)
    return auth.login(client, grant)


def _explicit_refresh(auth: RefreshingAuth, client: httpx.Client) -> Token:
    return auth.refresh(client)


@pytest.mark.parametrize("follow", [True, False])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("send", [_code_exchange, _explicit_refresh])
def test_a_login_or_refresh_on_a_redirect_is_refused(
    send: Callable[[RefreshingAuth, httpx.Client], Token], status: int, follow: bool
) -> None:
    server = Redirector(status)
    auth = _refreshing()
    before = auth.token
    transport = httpx.MockTransport(server.handler)
    client = httpx.Client(transport=transport, follow_redirects=follow)
    with client, pytest.raises(AuthenticationError) as info:
        send(auth, client)
    _check_refused(info.value, server)
    assert "code-s3cr3t" not in repr(info.value)
    assert info.value.status_code == status
    assert auth.token is before


@pytest.mark.parametrize("login", [True, False])
async def test_an_async_login_or_refresh_on_a_redirect_is_refused(login: bool) -> None:
    server = Redirector(307)
    auth = _refreshing()
    transport = httpx.MockTransport(server.async_handler)
    async with httpx.AsyncClient(transport=transport, follow_redirects=True) as client:
        if login:
            sent = auth.alogin(client, authorization_code_grant("code-s3cr3t"))
        else:
            sent = auth.arefresh(client)
        with pytest.raises(AuthenticationError) as info:
            await sent
    _check_refused(info.value, server)


def test_the_401_before_a_refresh_is_no_redirect() -> None:
    # httpx puts the answers an auth flow saw before (the API's 401 that asked for the
    # refresh) in the token answer's history: a token answered there is installed.
    refreshed: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            refreshed.append(request.url.path)
            return httpx.Response(200, json={"access_token": "at-new", "expires_in": 3600})
        if request.headers.get("authorization") == "Bearer at-new":
            return httpx.Response(200, json={"ok": True})
        return httpx.Response(401, json={"detail": "expired"})

    fresh = Token(access_token="at-old", refresh_token=REFRESH)
    auth = RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, token=fresh, service="testsvc")
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        assert client.get("https://api.example.com/v1/things").status_code == 200
    assert refreshed == ["/oauth/token"]
    assert auth.token is not None
    assert auth.token.access_token == "at-new"


@pytest.mark.parametrize("status", [307, 308])
def test_a_beatkit_client_on_a_redirect_following_http_client_sends_nothing_on(
    status: int,
) -> None:
    # The caller's own httpx client, made with follow_redirects=True, under a beatkit
    # client: API calls and the token requests they need are never redirected.
    server = Redirector(status)
    auth = _client_credentials()
    spec = ServiceSpec(name="testsvc")
    settings = build_settings(spec, base_url="https://api.example.com/v1", auth=auth)
    http = httpx.Client(transport=httpx.MockTransport(server.handler), follow_redirects=True)
    op: Operation[Any] = Operation(name="things.get", method="GET", path="/things")
    with http, APIClient(settings, http) as api, pytest.raises(AuthenticationError) as info:
        api._transport.request(op)
    _check_refused(info.value, server)
    assert info.value.status_code == status
    assert server.api_auth == []
    assert auth.token is None
