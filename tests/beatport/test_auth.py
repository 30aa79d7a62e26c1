"""Pure Beatport auth helpers: client id, token manager, authorization URL, redirect parsing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from beatkit.auth import FileTokenStore, MemoryTokenStore, RefreshingAuth, Token, s256_challenge
from beatkit.beatport import Beatport
from beatkit.beatport.auth import (
    DEFAULT_REFRESH_BUFFER,
    DEFAULT_REQUESTS_PER_SECOND,
    ENV_CLIENT_ID,
    INTERNAL_BASE_URL,
    PUBLIC_BASE_URL,
    build_authorization_request,
    endpoint_url,
    make_token_manager,
    parse_authorization_response,
    resolve_client_id,
    to_token,
)
from beatkit.errors import AuthenticationError, ConfigurationError

BASE = httpx.URL(PUBLIC_BASE_URL)
NOW = datetime(2026, 1, 24, 12, 0, tzinfo=UTC)


def test_constants_match_the_specs() -> None:
    assert PUBLIC_BASE_URL == "https://api.beatport.com/v4"
    assert INTERNAL_BASE_URL == "https://api-internal.beatportprod.com/v4"
    assert ENV_CLIENT_ID == "BEATPORT_CLIENT_ID"
    assert DEFAULT_REFRESH_BUFFER == 300.0
    assert 0 < DEFAULT_REQUESTS_PER_SECOND <= 2.0


# -- resolve_client_id ----------------------------------------------------------------


def test_client_id_argument_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CLIENT_ID, "from-env")
    assert resolve_client_id("  from-arg ") == "from-arg"


def test_client_id_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CLIENT_ID, " from-env\n")
    assert resolve_client_id(None) == "from-env"


@pytest.mark.parametrize("env", [None, "", "   "])
def test_missing_client_id_explains_where_to_get_one(
    monkeypatch: pytest.MonkeyPatch, env: str | None
) -> None:
    if env is None:
        monkeypatch.delenv(ENV_CLIENT_ID, raising=False)
    else:
        monkeypatch.setenv(ENV_CLIENT_ID, env)
    with pytest.raises(ConfigurationError) as caught:
        resolve_client_id(None)
    message = str(caught.value)
    assert ENV_CLIENT_ID in message
    assert "client_id=" in message
    assert "no public app registration" in message
    assert "does not ship" in message


@pytest.mark.parametrize("inside", ["a b", "a\nb", "a\tb", "a\x00b", "a\u00a0b", "a\u2028b"])
def test_a_client_id_with_a_space_or_control_inside_is_refused(
    monkeypatch: pytest.MonkeyPatch, inside: str
) -> None:
    # Two values pasted together, or a line break from a file: a copy error, refused
    # before a token request goes out with it.
    with pytest.raises(ConfigurationError, match="client_id"):
        resolve_client_id(inside)
    if "\x00" in inside:
        return  # the environment cannot hold a NUL
    monkeypatch.setenv(ENV_CLIENT_ID, inside)
    with pytest.raises(ConfigurationError, match=ENV_CLIENT_ID):
        resolve_client_id(None)


def test_blank_client_id_argument_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CLIENT_ID, "from-env")
    # An explicit blank argument is a mistake, not a request to read the environment.
    with pytest.raises(ConfigurationError):
        resolve_client_id("  ")


def test_client_id_must_be_a_string() -> None:
    with pytest.raises(ConfigurationError, match="must be a str"):
        resolve_client_id(123)  # type: ignore[arg-type]


# -- endpoints and the token manager --------------------------------------------------


@pytest.mark.parametrize("base", [PUBLIC_BASE_URL, PUBLIC_BASE_URL + "/"])
def test_endpoint_urls(base: str) -> None:
    url = httpx.URL(base)
    assert str(endpoint_url(url, "auth.token")) == "https://api.beatport.com/v4/auth/o/token/"
    assert str(endpoint_url(url, "auth.login")) == "https://api.beatport.com/v4/auth/login/"
    assert (
        str(endpoint_url(url, "auth.authorize")) == "https://api.beatport.com/v4/auth/o/authorize/"
    )
    assert (
        str(endpoint_url(url, "auth.introspect"))
        == "https://api.beatport.com/v4/auth/o/introspect/"
    )


def test_token_manager_is_wired_for_beatport() -> None:
    seen: list[Token] = []
    manager = make_token_manager(
        base_url=BASE,
        client_id="cid",
        token="access-1",
        store=None,
        on_token=seen.append,
        refresh_buffer=300.0,
    )
    assert isinstance(manager, RefreshingAuth)
    assert str(manager.token_url) == "https://api.beatport.com/v4/auth/o/token/"
    assert manager.hosts == frozenset({"api.beatport.com"})
    assert manager.service == "beatport"
    assert manager.token is not None and manager.token.access_token == "access-1"
    assert manager.token.refresh_token is None
    # The stream host and the download host never get the token.
    assert manager.sends_token_to("https://api.beatport.com/v4/catalog/tracks/1/")
    assert not manager.sends_token_to("https://needledrop.beatport.com/x.m3u8")
    assert not manager.sends_token_to("https://assets.beatportprod.com/file.mp4")
    assert "access-1" not in repr(manager)


def test_token_manager_loads_the_store_when_no_token_is_given(tmp_path: Path) -> None:
    stored = Token(access_token="stored", refresh_token="r", expires_at=NOW, obtained_at=NOW)
    store = FileTokenStore(tmp_path / "token.json")
    store.save(stored)
    manager = make_token_manager(
        base_url=BASE, client_id="c", token=None, store=store, on_token=None, refresh_buffer=300
    )
    assert manager.token == stored


def test_an_explicit_token_wins_over_the_store() -> None:
    store = MemoryTokenStore(Token(access_token="stored"))
    given = Token(access_token="given")
    manager = make_token_manager(
        base_url=BASE, client_id="c", token=given, store=store, on_token=None, refresh_buffer=300
    )
    assert manager.token == given


def test_token_manager_refresh_buffer_follows_the_argument() -> None:
    clock_now = [NOW]

    def clock() -> datetime:
        return clock_now[0]

    token = Token(
        access_token="a",
        refresh_token="r",
        obtained_at=NOW,
        expires_at=NOW + timedelta(seconds=36000),
    )
    manager = make_token_manager(
        base_url=BASE,
        client_id="c",
        token=token,
        store=None,
        on_token=None,
        refresh_buffer=600,
        clock=clock,
    )
    clock_now[0] = NOW + timedelta(seconds=36000 - 601)
    assert not manager._is_stale(manager.token)
    clock_now[0] = NOW + timedelta(seconds=36000 - 600)
    assert manager._is_stale(manager.token)


@pytest.mark.parametrize("bad", ["", "   "])
def test_blank_token_string_is_refused(bad: str) -> None:
    with pytest.raises(ConfigurationError):
        to_token(bad)


@pytest.mark.parametrize(
    "bad", ["abc\ndef", "abc def", "t\u00f6ken", Token(access_token="abc\r\ndef")]
)
def test_unsendable_token_is_refused_before_it_is_kept(bad: str | Token, tmp_path: Path) -> None:
    # A token an Authorization header cannot carry was taken, saved to the store, and
    # only refused at the next request; it is refused at once, the store untouched,
    # and the message never shows it.
    secret = bad.access_token if isinstance(bad, Token) else bad
    with pytest.raises(ConfigurationError) as info:
        to_token(bad)
    assert secret.strip() not in str(info.value)
    with pytest.raises(ConfigurationError):
        Beatport(client_id="cid", token=bad)
    path = tmp_path / "token.json"
    client = Beatport(client_id="cid", store=FileTokenStore(path))
    with pytest.raises(ConfigurationError):
        client.auth.set_token(bad)
    assert client.auth.token is None
    assert not path.exists()


def test_to_token_keeps_token_objects() -> None:
    token = Token(access_token="x", refresh_token="y")
    assert to_token(token) is token
    assert to_token(" abc ") == Token(access_token="abc")


# -- the authorization URL --------------------------------------------------------------


def test_authorization_request_carries_pkce_and_state() -> None:
    request = build_authorization_request(
        BASE, "cid", redirect_uri="http://127.0.0.1:8765/callback", scope="app:locker user:dj"
    )
    parts = urlsplit(request.url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "api.beatport.com",
        "/v4/auth/o/authorize/",
    )
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "client_id": "cid",
        "response_type": "code",
        "redirect_uri": "http://127.0.0.1:8765/callback",
        "scope": "app:locker user:dj",
        "code_challenge": s256_challenge(request.pkce.verifier),
        "code_challenge_method": "S256",
        "state": request.state,
    }
    assert request.redirect_uri == "http://127.0.0.1:8765/callback"
    # The verifier is the secret half: never in the URL, never in repr().
    assert request.pkce.verifier not in request.url
    assert request.pkce.verifier not in repr(request)


def test_authorization_requests_are_fresh_each_time() -> None:
    first = build_authorization_request(BASE, "cid", redirect_uri="https://app.example/cb")
    second = build_authorization_request(BASE, "cid", redirect_uri="https://app.example/cb")
    assert first.state != second.state
    assert first.pkce.verifier != second.pkce.verifier


def test_authorization_request_without_scope_or_redirect() -> None:
    request = build_authorization_request(BASE, "cid")
    query = parse_qs(urlsplit(request.url).query)
    assert "scope" not in query and "redirect_uri" not in query
    assert request.redirect_uri is None


# -- parsing the redirect -----------------------------------------------------------------


def test_code_from_a_full_redirect_url() -> None:
    url = "https://app.example/cb?code=abc123&state=st-1"
    assert parse_authorization_response(url, expected_state="st-1") == "abc123"


def test_code_from_a_query_string() -> None:
    assert parse_authorization_response("code=abc&state=s", expected_state="s") == "abc"
    assert parse_authorization_response("?code=abc&state=s", expected_state="s") == "abc"


def test_a_bare_code_is_accepted() -> None:
    assert parse_authorization_response("  abc123 ", expected_state="ignored") == "abc123"


@pytest.mark.parametrize(
    "url", ["https://app.example/cb", "http://127.0.0.1:8765/callback/", " https://app.example "]
)
def test_a_url_without_a_query_is_not_a_bare_code(url: str) -> None:
    with pytest.raises(AuthenticationError) as caught:
        parse_authorization_response(url, expected_state="s")
    assert caught.value.code == "missing_code"


def test_code_from_a_relative_location() -> None:
    location = "/callback?state=s&code=c%2B1"
    assert parse_authorization_response(location, expected_state="s") == "c+1"


def test_code_in_the_fragment() -> None:
    url = "https://app.example/cb#code=frag&state=s"
    assert parse_authorization_response(url, expected_state="s") == "frag"


def test_code_in_the_fragment_of_a_redirect_uri_with_a_query() -> None:
    # The redirect URI registered with a query of its own ("?app=desktop"): the query is
    # the app's, the answer is in the fragment.
    url = "http://127.0.0.1:8765/cb?app=desktop#code=frag&state=s"
    assert parse_authorization_response(url, expected_state="s") == "frag"
    with pytest.raises(AuthenticationError) as caught:
        parse_authorization_response(url.replace("state=s", "state=x"), expected_state="s")
    assert caught.value.code == "state_mismatch"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://app.example/cb?code=abc&state=other", "state_mismatch"),
        ("https://app.example/cb?code=abc", "state_mismatch"),
        ("https://app.example/cb?code=abc&state=", "state_mismatch"),
        ("https://app.example/cb?state=s", "missing_code"),
        ("https://app.example/cb?code=&state=s", "missing_code"),
        ("https://app.example/cb?error=access_denied&state=s", "access_denied"),
        ("https://app.example/cb?error=invalid_scope&error_description=bad+scope", "invalid_scope"),
    ],
)
def test_bad_redirects_raise_authentication_error(url: str, code: str) -> None:
    with pytest.raises(AuthenticationError) as caught:
        parse_authorization_response(url, expected_state="s")
    assert caught.value.code == code
    assert caught.value.service == "beatport"
    assert "redirect" in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://app.example/cb?code=abc&state=other",
        "https://app.example/cb?state=s",
        "https://app.example/cb?error=access_denied&state=s",
        "https://app.example/cb?code=c0de1&code=c0de2&state=s",
    ],
)
def test_a_bad_redirect_message_shows_no_http_status(url: str) -> None:
    # No HTTP answer was involved: the message read "beatport 0 [state_mismatch] ...",
    # a status no server sends.
    with pytest.raises(AuthenticationError) as caught:
        parse_authorization_response(url, expected_state="s")
    assert str(caught.value).startswith(f"beatport [{caught.value.code}] Beatport authorization")


@pytest.mark.parametrize(
    "url",
    [
        "https://app.example/cb?code=c0de1&code=c0de2&state=s",
        "https://app.example/cb?code=c0de1&state=s&state=s",
        "https://app.example/cb?code=c0de1&state=other&state=s",
        "code=c0de1&state=s&code=c0de2",
    ],
)
def test_a_redirect_repeating_code_or_state_is_refused(url: str) -> None:
    # RFC 6749 3.1: a response parameter must not appear more than once. Taking the
    # first of two codes (or checking one state of two) reads an ambiguous, possibly
    # injected redirect as if it were clean. The codes never reach the message.
    with pytest.raises(AuthenticationError) as caught:
        parse_authorization_response(url, expected_state="s")
    assert caught.value.code == "invalid_redirect"
    assert "more than once" in str(caught.value)
    assert "c0de" not in str(caught.value)


def test_oauth_error_description_is_in_the_message() -> None:
    url = "https://app.example/cb?error=invalid_scope&error_description=bad+scope&state=s"
    with pytest.raises(AuthenticationError, match="invalid_scope: bad scope"):
        parse_authorization_response(url, expected_state="s")


def test_the_state_check_can_be_skipped() -> None:
    url = "https://app.example/cb?code=abc"
    assert parse_authorization_response(url, expected_state=None) == "abc"


def test_blank_or_non_string_input() -> None:
    with pytest.raises(ValueError, match="blank"):
        parse_authorization_response("  ", expected_state="s")
    with pytest.raises(TypeError):
        parse_authorization_response(None, expected_state="s")  # type: ignore[arg-type]


def test_redirect_error_text_cannot_forge_log_lines() -> None:
    # Anyone can send the browser to the callback with a crafted error=: its text
    # lands in the exception message, which apps log. A line break in it must not
    # start a new log line, and its length is bounded.
    url = (
        "https://app.example/cb?error=access_denied%0D%0AINFO%20login%20ok"
        "&error_description=denied%0A2026-01-01%20ERROR%20forged%1b[31m" + "x" * 5000
    )
    with pytest.raises(AuthenticationError) as info:
        parse_authorization_response(url, expected_state="s")
    message = str(info.value)
    assert "\n" not in message
    assert "\r" not in message
    assert "\x1b" not in message
    assert len(message) < 1500
    assert "access_denied" in message
    assert "denied" in message
