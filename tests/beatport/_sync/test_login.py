# GENERATED from tests/beatport/_async/test_login.py by scripts/unasync.py: edit the async source.
"""Beatport auth end to end against FakeBeatport: PKCE, session login, refresh, stores."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import attrs
import httpx
import pytest

from beatkit._core.concurrency import sleep
from beatkit._core.ratelimit import RateLimiter
from beatkit.auth import FileTokenStore, MemoryTokenStore, Token
from beatkit.beatport import Beatport, TokenIntrospection
from beatkit.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    RateLimitError,
    ServerError,
)
from beatkit.testing.beatport import DEFAULT_SCOPE, FakeBeatport

REDIRECT_URI = "https://app.example/callback"
TRACK_ID = 8291700
IS_ASYNC = inspect.iscoroutinefunction(Beatport.search)

Handler = Callable[[httpx.Request], httpx.Response]


class Clock:
    """One settable time for the fake (epoch seconds) and the token manager (datetime)."""

    def __init__(self, start: float = 1_769_256_000.0) -> None:
        self.now = start

    def time(self) -> float:
        return self.now

    def datetime(self) -> datetime:
        return datetime.fromtimestamp(self.now, UTC)

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_client(
    fake: FakeBeatport,
    *,
    clock: Clock | None = None,
    wrap: Callable[[Handler], Handler] | None = None,
    **kwargs: Any,
) -> tuple[Beatport, list[float]]:
    """A client on the fake's in-process transport whose sleeps are recorded, not slept."""
    waits: list[float] = []

    def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    handler: Handler = fake.handle
    if wrap is not None:
        handler = wrap(handler)
    kwargs.setdefault("client_id", fake.client_id)
    client = Beatport(
        base_url=fake.base_url,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **kwargs,
    )
    transport = client._transport
    transport.settings = attrs.evolve(transport.settings, sleep=fake_sleep)
    if clock is not None:
        assert client.auth.manager is not None
        client.auth.manager._clock = clock.datetime
    return client, waits


def token_requests(fake: FakeBeatport, grant_type: str | None = None) -> list[dict[str, str]]:
    """The forms of the token requests the fake received, optionally of one grant type."""
    forms = []
    for request in fake.requests:
        if request.url.path.endswith("/auth/o/token/"):
            form = {k: v[-1] for k, v in parse_qs(request.content.decode()).items()}
            if grant_type is None or form.get("grant_type") == grant_type:
                forms.append(form)
    return forms


def with_query(url: str, **changes: str) -> str:
    """``url`` with some query parameters replaced."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture
def fake() -> FakeBeatport:
    return FakeBeatport()


# -- PKCE authorization code flow ---------------------------------------------------------


def browser_redirect(fake: FakeBeatport, url: str) -> str:
    """What a browser does: log in to Beatport, open ``url``, land on the redirect."""
    with httpx.Client(transport=fake.transport()) as browser:
        login = browser.post(
            f"{fake.base_url}/auth/login/",
            json={"username": fake.username, "password": fake.password},
        )
        assert login.status_code == 200
        answer = browser.get(url, follow_redirects=False)
    assert answer.status_code == 302
    location: str = answer.headers["Location"]
    return location


def test_pkce_flow_end_to_end(fake: FakeBeatport) -> None:
    seen: list[Token] = []
    store = MemoryTokenStore()
    client, _ = make_client(fake, on_token=seen.append, store=store)
    request = client.auth.authorization_url(REDIRECT_URI, scope="app:locker user:dj")
    assert len(fake.requests) == 0  # building the URL sends nothing

    location = browser_redirect(fake, request.url)
    assert location.startswith(REDIRECT_URI + "?")
    sent_before = len(fake.requests)
    token = client.auth.exchange_code(location, request)

    assert client.auth.token == token
    assert seen == [token]
    assert store.load() == token
    assert fake.access_token_valid(token.access_token)
    assert token.scope == "app:locker user:dj"
    # One request: the code exchange, with the verifier and the redirect URI.
    assert len(fake.requests) == sent_before + 1
    (form,) = token_requests(fake)
    assert form["grant_type"] == "authorization_code"
    assert form["code_verifier"] == request.pkce.verifier
    assert form["redirect_uri"] == REDIRECT_URI
    assert form["client_id"] == fake.client_id
    account = client.my.account()
    assert account.username == fake.account["username"]


def test_exchange_code_accepts_the_bare_code(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    code = parse_qs(urlsplit(location).query)["code"][0]
    token = client.auth.exchange_code(code, request)
    assert token.scope == DEFAULT_SCOPE


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"state": "forged-state-value"}, "state_mismatch"),
        ({"error": "access_denied"}, "access_denied"),
    ],
)
def test_bad_redirect_sends_nothing(
    fake: FakeBeatport, change: dict[str, str], code: str
) -> None:
    client, _ = make_client(fake)
    request = client.auth.authorization_url(REDIRECT_URI)
    location = with_query(browser_redirect(fake, request.url), **change)
    sent_before = len(fake.requests)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.exchange_code(location, request)
    assert caught.value.code == code
    assert len(fake.requests) == sent_before
    assert client.auth.token is None


@pytest.mark.parametrize("pasted", [REDIRECT_URI, "https://app.example/callback/"])
def test_a_redirect_url_without_its_query_is_not_sent_as_the_code(
    fake: FakeBeatport, pasted: str
) -> None:
    # The address bar once the callback page dropped ?code=...&state=...: a URL, not a code.
    client, _ = make_client(fake)
    request = client.auth.authorization_url(REDIRECT_URI)
    sent_before = len(fake.requests)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.exchange_code(pasted, request)
    assert caught.value.code == "missing_code"
    assert len(fake.requests) == sent_before
    assert client.auth.token is None


def test_a_redirect_without_state_is_refused(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    code = parse_qs(urlsplit(location).query)["code"][0]
    with pytest.raises(AuthenticationError, match="no state"):
        client.auth.exchange_code(f"{REDIRECT_URI}?code={code}", request)


def test_code_with_another_requests_verifier_fails_at_the_token_step(
    fake: FakeBeatport,
) -> None:
    client, _ = make_client(fake)
    first = client.auth.authorization_url(REDIRECT_URI)
    second = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, first.url)
    code = parse_qs(urlsplit(location).query)["code"][0]
    with pytest.raises(AuthenticationError) as caught:
        client.auth.exchange_code(code, second)
    assert caught.value.code == "invalid_grant"
    message = str(caught.value)
    assert "token step" in message
    assert "PKCE verification failed" in message
    assert "refresh token" not in message  # not the manager's wording for refreshes
    assert first.pkce.verifier not in message and second.pkce.verifier not in message
    assert client.auth.token is None
    # The right verifier still works: a failed PKCE check does not use the code up.
    token = client.auth.exchange_code(location, first)
    assert fake.access_token_valid(token.access_token)


def test_a_code_works_once(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    client.auth.exchange_code(location, request)
    with pytest.raises(AuthenticationError, match="token step") as caught:
        client.auth.exchange_code(location, request)
    assert caught.value.code == "invalid_grant"


def test_exchange_code_checks_its_arguments(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    request = client.auth.authorization_url(REDIRECT_URI)
    with pytest.raises(TypeError):
        client.auth.exchange_code("code", "not a request")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="blank"):
        client.auth.exchange_code("  ", request)
    with pytest.raises(ValueError, match="blank"):
        client.auth.authorization_url(" ")
    assert fake.requests == []


# -- session-cookie login -----------------------------------------------------------------


def test_session_login_end_to_end(fake: FakeBeatport, tmp_path: Path) -> None:
    seen: list[Token] = []
    store = FileTokenStore(tmp_path / "beatport.json")
    client, _ = make_client(fake, on_token=seen.append, store=store)
    token = client.auth.login(fake.username, fake.password)

    assert client.auth.token == token
    assert seen == [token]
    assert store.load() == token
    assert fake.access_token_valid(token.access_token)
    assert [(r.method, r.url.path) for r in fake.requests] == [
        ("POST", "/v4/auth/login/"),
        ("GET", "/v4/auth/o/authorize/"),
        ("POST", "/v4/auth/o/token/"),
    ]
    login, authorize, exchange = fake.requests
    # Every step goes to the API host, and none carries a bearer token.
    assert {r.url.host for r in fake.requests} == {"api.beatport.com"}
    assert all("authorization" not in r.headers for r in fake.requests)
    assert json.loads(login.content) == {"username": fake.username, "password": fake.password}
    # The session cookie goes to the authorize step, with PKCE and a state.
    session_id = next(iter(fake.sessions))
    assert authorize.headers["cookie"] == f"sessionid={session_id}"
    params = authorize.url.params
    assert params["client_id"] == fake.client_id
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256"
    assert params["state"]
    assert "redirect_uri" not in params and "scope" not in params
    form = token_requests(fake)[0]
    assert form["grant_type"] == "authorization_code"
    assert form["code_verifier"]
    assert "redirect_uri" not in form
    # The password is in the login body and nowhere else.
    for request in (authorize, exchange):
        blob = str(request.url) + str(request.headers) + request.content.decode()
        assert fake.password not in blob
    # The session stays with the login: not in the client's jar, not on API calls.
    assert list(client._transport.http_client.cookies.jar) == []
    client.my.account()
    assert "cookie" not in fake.requests[-1].headers


def test_login_with_scope_and_redirect_uri(fake: FakeBeatport) -> None:
    fake.redirect_uris = {REDIRECT_URI}
    client, _ = make_client(fake)
    token = client.auth.login(
        fake.username, fake.password, scope="app:locker", redirect_uri=REDIRECT_URI
    )
    assert token.scope == "app:locker"
    authorize = fake.requests[1]
    assert authorize.url.params["redirect_uri"] == REDIRECT_URI
    assert token_requests(fake)[0]["redirect_uri"] == REDIRECT_URI


def test_login_keeps_the_callers_own_cookies(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    jar = client._transport.http_client.cookies
    jar.set("sessionid", "the-callers-own", domain="api.beatport.com", path="/")
    jar.set("theme", "dark", domain="example.com")
    client.auth.login(fake.username, fake.password)
    assert {(c.domain, c.name, c.value) for c in jar.jar} == {
        ("api.beatport.com", "sessionid", "the-callers-own"),
        ("example.com", "theme", "dark"),
    }
    # The caller's cookie was not used for the login either.
    assert fake.requests[1].headers["cookie"] != "sessionid=the-callers-own"


def test_wrong_password_fails_at_the_login_step(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    password = "not-the-password-42"
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login(fake.username, password)
    error = caught.value
    assert error.status_code == 403
    assert "login step" in str(error)
    assert "Incorrect authentication credentials." in str(error)
    for text in (str(error), repr(error), str(error.body)):
        assert password not in text
    assert len(fake.requests) == 1
    assert client.auth.token is None


def test_a_password_echoed_by_the_server_is_masked(fake: FakeBeatport) -> None:
    password = "echoed-secret-99"

    def wrap(handler: Handler) -> Handler:
        def echo(request: httpx.Request) -> httpx.Response:
            return httpx.Response(400, json={"password": [f"{password} is too weak."]})

        return echo

    client, _ = make_client(fake, wrap=wrap)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login(fake.username, password)
    for text in (str(caught.value), repr(caught.value), str(caught.value.body)):
        assert password not in text
    assert "***" in str(caught.value.body)


def strings(value: Any) -> list[str]:
    """Every string in parsed JSON (keys and values), at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [t for item in value for t in strings(item)]
    return []


@pytest.mark.parametrize(
    "password", ["pässwort-ünïcode-7", 'say "open sesame" 42', "back\\slash-secret-5"]
)
def test_a_password_echoed_in_escaped_json_is_masked_in_the_body(
    fake: FakeBeatport, password: str
) -> None:
    # JSON escapes a quote, a backslash or (by default) any non-ASCII letter, so the
    # answer's text does not hold the password as typed: its parsed values do.
    def wrap(handler: Handler) -> Handler:
        def echo(request: httpx.Request) -> httpx.Response:
            body = {"detail": f"{password} is wrong.", "non_field_errors": [password]}
            return httpx.Response(
                400, content=json.dumps(body), headers={"Content-Type": "application/json"}
            )

        return echo

    client, _ = make_client(fake, wrap=wrap)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login(fake.username, password)
    error = caught.value
    assert not [text for text in strings(error.body) if password in text]
    for text in (str(error), repr(error)):
        assert password not in text
    assert "***" in str(error.body)


def strip_cookies_at_authorize(handler: Handler) -> Handler:
    def run(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/o/authorize/"):
            del request.headers["cookie"]
        return handler(request)

    return run


def test_redirect_without_code_fails_at_the_authorize_step(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, wrap=strip_cookies_at_authorize)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login(fake.username, fake.password)
    error = caught.value
    assert error.code == "missing_code"
    assert error.status_code == 302
    message = str(error)
    assert "authorize step" in message and "no authorization code" in message
    assert "session cookie" in message
    assert token_requests(fake) == []
    assert client.auth.token is None


def test_oauth_error_at_the_authorize_step(fake: FakeBeatport) -> None:
    client, _ = make_client(fake, client_id="not-a-beatport-client")
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login(fake.username, fake.password)
    error = caught.value
    assert error.status_code == 400
    assert error.code == "invalid_request"
    assert "authorize step" in str(error)
    assert "Invalid client_id parameter value." in str(error)
    assert token_requests(fake) == []


def test_error_redirect_at_the_authorize_step(fake: FakeBeatport) -> None:
    def wrap(handler: Handler) -> Handler:
        def deny(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/auth/o/authorize/"):
                state = request.url.params["state"]
                location = f"{REDIRECT_URI}?error=access_denied&state={state}"
                return httpx.Response(302, headers={"Location": location})
            return handler(request)

        return deny

    client, _ = make_client(fake, wrap=wrap)
    with pytest.raises(AuthenticationError, match=r"authorize step.*access_denied") as caught:
        client.auth.login(fake.username, fake.password)
    assert caught.value.code == "access_denied"
    assert token_requests(fake) == []


def test_forged_state_at_the_authorize_step(fake: FakeBeatport) -> None:
    def wrap(handler: Handler) -> Handler:
        def forge(request: httpx.Request) -> httpx.Response:
            response = handler(request)
            if request.url.path.endswith("/auth/o/authorize/"):
                location = with_query(response.headers["Location"], state="forged")
                return httpx.Response(302, headers={"Location": location})
            return response

        return forge

    client, _ = make_client(fake, wrap=wrap)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login(fake.username, fake.password)
    assert caught.value.code == "state_mismatch"
    assert token_requests(fake) == []


def test_no_redirect_at_the_authorize_step(fake: FakeBeatport) -> None:
    def wrap(handler: Handler) -> Handler:
        def consent_page(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/auth/o/authorize/"):
                return httpx.Response(200, html="<form>Authorize beatkit?</form>")
            return handler(request)

        return consent_page

    client, _ = make_client(fake, wrap=wrap)
    with pytest.raises(AuthenticationError, match=r"authorize step.*HTTP 200"):
        client.auth.login(fake.username, fake.password)


def test_refused_code_fails_at_the_token_step(fake: FakeBeatport) -> None:
    fake.code_lifetime = 0  # every code has expired by the time it is exchanged
    client, _ = make_client(fake)
    with pytest.raises(AuthenticationError) as caught:
        client.auth.login(fake.username, fake.password)
    error = caught.value
    assert error.code == "invalid_grant"
    assert "token step" in str(error)
    assert "Invalid or expired authorization code." in str(error)
    assert fake.password not in str(error)
    assert client.auth.token is None


def test_server_error_at_the_login_step(fake: FakeBeatport) -> None:
    fake.fail_next(503)
    client, _ = make_client(fake)
    with pytest.raises(ServerError):
        client.auth.login(fake.username, fake.password)
    assert len(fake.requests) == 1  # a login POST is not replayed


@pytest.mark.parametrize(
    ("path", "failure", "error"),
    [
        ("/auth/login/", httpx.ReadTimeout, APITimeoutError),
        ("/auth/o/authorize/", httpx.ConnectError, APIConnectionError),
    ],
)
def test_a_login_step_without_an_answer_is_a_connection_error(
    fake: FakeBeatport, path: str, failure: type[httpx.TransportError], error: type[Exception]
) -> None:
    def wrap(handler: Handler) -> Handler:
        def fail(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith(path):
                raise failure("no answer", request=request)
            return handler(request)

        return fail

    client, _ = make_client(fake, wrap=wrap)
    with pytest.raises(error) as caught:
        client.auth.login(fake.username, fake.password)
    assert type(caught.value) is error
    assert path in str(caught.value)
    assert fake.password not in str(caught.value) + repr(caught.value)
    assert client.auth.token is None
    assert list(client._transport.http_client.cookies.jar) == []


def test_login_steps_are_paced_like_any_request(fake: FakeBeatport) -> None:
    client, waits = make_client(fake, requests_per_second=2)
    now = [0.0]
    transport = client._transport
    paced = RateLimiter(requests_per_second=2, clock=lambda: now[0])

    def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    transport.settings = attrs.evolve(transport.settings, limiter=paced, sleep=fake_sleep)
    client.auth.login(fake.username, fake.password)
    client.my.account()
    # Login and authorize share the client's pacing with the API call after them (the
    # token exchange is the token manager's, as a refresh is).
    assert waits == [0.5, 0.5]
    assert [r.url.path.rsplit("/v4", 1)[-1] for r in fake.requests] == [
        "/auth/login/",
        "/auth/o/authorize/",
        "/auth/o/token/",
        "/my/account/",
    ]


@pytest.mark.parametrize("path", ["/auth/login/", "/auth/o/authorize/"])
def test_a_long_retry_after_at_a_login_step_holds_the_next_calls(
    fake: FakeBeatport, path: str
) -> None:
    # Regression: the login steps' 429 was raised but not recorded, so the next call
    # (a second login, an API call) went straight into the announced lockout.
    refused: list[str] = []

    def wrap(handler: Handler) -> Handler:
        def once(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith(path) and not refused:
                refused.append(path)
                return httpx.Response(429, headers={"Retry-After": "3600"}, json={})
            return handler(request)

        return once

    client, waits = make_client(fake, wrap=wrap, requests_per_second=None)
    now = [0.0]
    transport = client._transport

    def fake_sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(clock=lambda: now[0])
    transport.settings = attrs.evolve(transport.settings, limiter=limiter, sleep=fake_sleep)
    with pytest.raises(RateLimitError) as first:
        client.auth.login(fake.username, fake.password)
    assert first.value.retry_after == 3600
    sent = len(fake.requests) + len(refused)
    now[0] += 600
    with pytest.raises(RateLimitError) as second:
        client.auth.login(fake.username, fake.password)
    assert second.value.retry_after == pytest.approx(3000)
    assert len(fake.requests) + len(refused) == sent  # nothing sent into the lockout
    assert client.auth.token is None
    now[0] += 2_970
    # 30 s left: within max_retry_wait, so the rest is waited out, then the login goes out.
    client.auth.login(fake.username, fake.password)
    assert waits == [pytest.approx(30.0)]
    assert client.auth.token is not None


def test_login_checks_its_arguments_before_sending(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    with pytest.raises(ValueError, match="username"):
        client.auth.login(" ", "pw")
    with pytest.raises(ValueError, match="password"):
        client.auth.login("dj", "")
    with pytest.raises(TypeError):
        client.auth.login("dj", None)  # type: ignore[arg-type]
    assert fake.requests == []


def test_the_internal_host_has_no_auth() -> None:
    fake = FakeBeatport(base_url="https://api-internal.beatportprod.com/v4", require_auth=False)
    client, _ = make_client(fake, internal=True, client_id=None)
    assert client.auth.token is None
    assert client.auth.manager is None
    with pytest.raises(ConfigurationError, match="internal host"):
        client.auth.login(fake.username, fake.password)
    with pytest.raises(ConfigurationError, match="internal host"):
        client.auth.authorization_url(REDIRECT_URI)
    with pytest.raises(ConfigurationError, match="internal host"):
        client.auth.set_token("abc")
    with pytest.raises(ConfigurationError, match="internal host"):
        client.auth.introspect()
    assert fake.requests == []


def test_introspect_and_set_token(fake: FakeBeatport) -> None:
    client, _ = make_client(fake)
    with pytest.raises(ConfigurationError, match="no token"):
        client.auth.introspect()
    client.auth.set_token(fake.issue_token()["access_token"])
    info = client.auth.introspect()
    assert isinstance(info, TokenIntrospection)
    assert info.active is True
    assert info.username == fake.username
    assert info.client_id == fake.client_id
    assert "access_token" not in repr(client.auth)
    client.auth.clear_token()
    assert client.auth.token is None


# -- refresh ahead of expiry ----------------------------------------------------------------


@pytest.mark.parametrize("lifetime", [600, 36000])
def test_refresh_five_minutes_ahead(fake: FakeBeatport, lifetime: int) -> None:
    clock = Clock()
    fake.clock = clock.time
    fake.token_lifetime = lifetime
    seen: list[Token] = []
    client, _ = make_client(fake, clock=clock, on_token=seen.append)
    first = client.auth.login(fake.username, fake.password)
    assert first.lifetime is not None and first.lifetime.total_seconds() == lifetime

    clock.advance(lifetime - 300 - 1)
    client.tracks.get(TRACK_ID)
    assert fake.refresh_count == 0
    assert fake.requests[-1].headers["authorization"] == f"Bearer {first.access_token}"

    clock.advance(1)  # now exactly 300 s before expiry
    client.tracks.get(TRACK_ID)
    assert fake.refresh_count == 1
    second = client.auth.token
    assert second is not None and second.access_token != first.access_token
    assert seen == [first, second]
    assert fake.requests[-1].headers["authorization"] == f"Bearer {second.access_token}"
    (refresh,) = token_requests(fake, "refresh_token")
    assert refresh == {
        "grant_type": "refresh_token",
        "refresh_token": first.refresh_token,
        "client_id": fake.client_id,
    }


def test_refreshed_tokens_are_persisted_with_mode_0600(
    fake: FakeBeatport, tmp_path: Path
) -> None:
    clock = Clock()
    fake.clock = clock.time
    path = tmp_path / "tokens" / "beatport.json"
    client, _ = make_client(fake, clock=clock, store=FileTokenStore(path))
    client.auth.login(fake.username, fake.password)
    clock.advance(36000 - 120)
    client.tracks.get(TRACK_ID)
    assert fake.refresh_count == 1
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["beatport.json"]  # no temp files
    saved = FileTokenStore(path).load()
    assert saved == client.auth.token

    # A new client (a new run) starts from the stored token, without logging in.
    sent_before = len(fake.requests)
    again, _ = make_client(fake, clock=clock, store=FileTokenStore(path))
    assert again.auth.token == saved
    again.tracks.get(TRACK_ID)
    assert len(fake.requests) == sent_before + 1
    assert fake.refresh_count == 1


def slow_refresh(handler: Handler) -> Any:
    """Hold each refresh for a moment, so that the other callers find the token stale too."""

    def run(request: httpx.Request) -> httpx.Response:
        if b"grant_type=refresh_token" in request.content:
            sleep(0.05)
        return handler(request)

    return run


def test_refresh_is_single_flight_across_tasks(fake: FakeBeatport) -> None:
    if not IS_ASYNC:
        pytest.skip("asyncio tasks only; the thread test covers the sync client")
    clock = Clock()
    fake.clock = clock.time
    fake.token_lifetime = 600
    client, _ = make_client(fake, clock=clock, wrap=slow_refresh)
    client.auth.login(fake.username, fake.password)
    clock.advance(400)
    tracks = asyncio.gather(*(client.tracks.get(TRACK_ID) for _ in range(25)))
    assert len(tracks) == 25
    assert fake.refresh_count == 1
    assert len(token_requests(fake, "refresh_token")) == 1


def test_refresh_is_single_flight_across_threads(fake: FakeBeatport) -> None:
    clock = Clock()
    fake.clock = clock.time
    fake.token_lifetime = 600
    client, _ = make_client(fake, clock=clock, requests_per_second=None, wrap=slow_refresh)
    client.auth.login(fake.username, fake.password)
    clock.advance(400)

    def fetch() -> object:
        result: object = client.tracks.get(TRACK_ID)
        if inspect.isawaitable(result):  # a coroutine: one event loop per thread
            return asyncio.run(result)  # type: ignore[arg-type]
        return result

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: fetch(), range(16)))
    assert len(results) == 16
    assert fake.refresh_count == 1
    assert len(token_requests(fake, "refresh_token")) == 1


def test_a_401_refreshes_and_replays_once(fake: FakeBeatport) -> None:
    seen: list[Token] = []
    client, _ = make_client(fake, on_token=seen.append)
    client.auth.login(fake.username, fake.password)
    fake.expire_access_tokens()
    track = client.tracks.get(TRACK_ID)
    assert track.id == TRACK_ID
    assert fake.refresh_count == 1
    assert len(seen) == 2


def test_no_secret_reaches_the_logs(
    fake: FakeBeatport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    clock = Clock()
    fake.clock = clock.time
    client, _ = make_client(fake, clock=clock)
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    code = parse_qs(urlsplit(location).query)["code"][0]
    pkce_token = client.auth.exchange_code(location, request)
    login_token = client.auth.login(fake.username, fake.password)
    with pytest.raises(AuthenticationError):
        client.auth.login(fake.username, "a-wrong-password-77")
    clock.advance(36000 - 60)
    client.tracks.get(TRACK_ID)  # refreshed first
    refreshed = client.auth.token
    assert fake.refresh_count == 1 and refreshed is not None
    secrets = [
        fake.password,
        "a-wrong-password-77",
        request.pkce.verifier,
        code,
        *fake.sessions,
        *(t.access_token for t in (pkce_token, login_token, refreshed)),
        *(t.refresh_token or "" for t in (pkce_token, login_token, refreshed)),
    ]
    assert caplog.records and all(secrets)
    for secret in secrets:
        assert secret not in caplog.text


def test_a_dead_refresh_token_says_log_in_again(fake: FakeBeatport) -> None:
    clock = Clock()
    fake.clock = clock.time
    client, _ = make_client(fake, clock=clock)
    token = client.auth.login(fake.username, fake.password)
    fake.revoke_refresh_tokens()
    clock.advance(36000 - 60)
    with pytest.raises(AuthenticationError) as caught:
        client.tracks.get(TRACK_ID)
    error = caught.value
    assert error.code == "invalid_grant"
    assert "log in again" in str(error)
    assert token.refresh_token is not None and token.refresh_token not in str(error)
    # Logging in again recovers.
    client.auth.login(fake.username, fake.password)
    assert (client.tracks.get(TRACK_ID)).id == TRACK_ID
