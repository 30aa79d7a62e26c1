"""A hostile or broken token endpoint, seen from outside: through a refresh.

Every answer ends as a beatkit error (``ResponseDecodeError``, ``AuthenticationError``
or another ``APIError``), never a raw exception nor a silently coerced value, and no
credential the request sent (the client secret, the refresh token) nor any token in
the answer appears in ``str()``, ``repr()``, the notes, the body or the log lines.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

import httpx
import pytest

from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    ResponseDecodeError,
)

if TYPE_CHECKING:
    from conftest import FakeClock

SECRET = "s3cr3t"
CLIENT_SECRET = f"client-{SECRET}+/=value"
REFRESH = f"rt-{SECRET}-old/+="
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
ANSWER_TOKEN = f"at-{SECRET}-new"


def _stale(clock: FakeClock) -> Token:
    return Token(
        access_token=f"at-{SECRET}-old",
        refresh_token=REFRESH,
        expires_at=clock.now - timedelta(seconds=1),
        obtained_at=clock.now - timedelta(hours=1),
    )


def _refresh_with(
    clock: FakeClock, answer: httpx.Response, *, basic: bool = False
) -> tuple[RefreshingAuth, BaseException | int]:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            return answer
        return httpx.Response(200, json={"ok": True})

    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        client_secret=CLIENT_SECRET,
        token=_stale(clock),
        hosts="api.example.com",
        clock=clock,
        auth_method="client_secret_basic" if basic else "client_secret_post",
    )
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        try:
            return auth, client.get(URL).status_code
        except Exception as exc:
            return auth, exc


def _assert_clean(error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    assert isinstance(error, APIError | ResponseDecodeError), repr(error)
    shown = [
        str(error),
        repr(error),
        *getattr(error, "__notes__", []),
        repr(error.body),
        repr(getattr(error, "details", None)),
        repr(getattr(error, "code", None)),
        *(record.getMessage() for record in caplog.records),
    ]
    for text in shown:
        assert SECRET not in text, text
        # Nor the secrets' encoded forms.
        for secret in (CLIENT_SECRET, REFRESH):
            assert quote(secret, safe="") not in text, text
            assert quote_plus(secret) not in text, text


def _json(status: int, body: Any) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )


GOOD = {"access_token": ANSWER_TOKEN, "token_type": "Bearer", "expires_in": 3600}

NOT_A_TOKEN = {
    "html": httpx.Response(200, text="<html><body>Welcome</body></html>"),
    "empty": httpx.Response(200, content=b""),
    "list": _json(200, [GOOD]),
    "access_token null": _json(200, {**GOOD, "access_token": None}),
    "access_token number": _json(200, {**GOOD, "access_token": 12345678}),
    "access_token empty": _json(200, {**GOOD, "access_token": ""}),
    "access_token space": _json(200, {**GOOD, "access_token": f"at {SECRET}"}),
    "access_token crlf": _json(200, {**GOOD, "access_token": f"at-{SECRET}\r\nX-Evil: 1"}),
    "access_token trailing newline": _json(200, {**GOOD, "access_token": f"at-{SECRET}\n"}),
    "expires_in true": _json(200, {**GOOD, "expires_in": True}),
    "expires_in 1e309": httpx.Response(
        200, content=f'{{"access_token": "{ANSWER_TOKEN}", "expires_in": 1e309}}'.encode()
    ),
    "expires_in huge int": httpx.Response(
        200, content=f'{{"access_token": "{ANSWER_TOKEN}", "expires_in": 1{"0" * 400}}}'.encode()
    ),
    "expires_in big int": _json(200, {**GOOD, "expires_in": 10**20}),
    "expires_in word": _json(200, {**GOOD, "expires_in": "soon"}),
    "expires_in object": _json(200, {**GOOD, "expires_in": {"s": 1}}),
    "expires_in negative": _json(200, {**GOOD, "expires_in": -5}),
    "expires_in NaN": httpx.Response(
        200, content=f'{{"access_token": "{ANSWER_TOKEN}", "expires_in": NaN}}'.encode()
    ),
    "refresh_token number": _json(200, {**GOOD, "refresh_token": 5}),
    "scope number": _json(200, {**GOOD, "scope": 5}),
    "scope list with a space": _json(200, {**GOOD, "scope": ["a b", "c"]}),
    "token_type number": _json(200, {**GOOD, "token_type": 1}),
    "error not a string": _json(200, {"error": 5, "error_description": "x"}),
}


@pytest.mark.parametrize("answer", NOT_A_TOKEN.values(), ids=NOT_A_TOKEN.keys())
def test_a_success_that_is_no_token_is_a_clean_decode_error(
    clock: FakeClock, caplog: pytest.LogCaptureFixture, answer: httpx.Response
) -> None:
    caplog.set_level(logging.DEBUG)
    auth, outcome = _refresh_with(clock, answer)
    assert isinstance(outcome, ResponseDecodeError), outcome
    _assert_clean(outcome, caplog)
    assert auth.token is not None and auth.token.refresh_token == REFRESH  # nothing installed


ACCEPTED: dict[str, tuple[dict[str, Any], float | None]] = {
    "expires_in string": ({**GOOD, "expires_in": "3600"}, 3600.0),
    "expires_in float": ({**GOOD, "expires_in": 3600.5}, 3600.5),
    "expires_in absent": ({"access_token": ANSWER_TOKEN}, None),
}


@pytest.mark.parametrize(("body", "lifetime"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_readable_lifetimes_are_read_exactly(
    clock: FakeClock, body: dict[str, Any], lifetime: float | None
) -> None:
    auth, outcome = _refresh_with(clock, _json(200, body))
    assert outcome == 200
    token = auth.token
    assert token is not None and token.access_token == ANSWER_TOKEN
    assert (None if token.lifetime is None else token.lifetime.total_seconds()) == lifetime


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        (GOOD, REFRESH),  # absent: RFC 6749 section 6, the old one stays valid
        ({**GOOD, "refresh_token": None}, REFRESH),  # null: nothing issued, as absent
        ({**GOOD, "refresh_token": f"rt-{SECRET}-new"}, f"rt-{SECRET}-new"),
    ],
    ids=["absent", "null", "rotated"],
)
def test_a_refresh_answer_without_a_refresh_token_keeps_the_old_one(
    clock: FakeClock, body: dict[str, Any], kept: str
) -> None:
    auth, outcome = _refresh_with(clock, _json(200, body))
    assert outcome == 200
    assert auth.token is not None and auth.token.refresh_token == kept


def test_a_scope_list_is_joined(clock: FakeClock) -> None:
    auth, outcome = _refresh_with(clock, _json(200, {**GOOD, "scope": ["read", "write"]}))
    assert outcome == 200
    assert auth.token is not None and auth.token.scope == "read write"


ECHOES = {
    "description raw": lambda s: {"error": "invalid_grant", "error_description": f"bad {s}"},
    "description form": lambda s: {
        "error": "invalid_grant",
        "error_description": f"got client_secret={quote_plus(s)}&x=1",
    },
    "description url-encoded": lambda s: {
        "error": "invalid_grant",
        "error_description": f"got {quote(s, safe='')}",
    },
    "description json": lambda s: {
        "error": "invalid_grant",
        "error_description": json.dumps({"refresh_token": s, "client_secret": s}),
    },
    "error field": lambda s: {"error": f"invalid_grant {s}"},
    "error only, not a string": lambda s: {"error": [s], "error_description": "refused"},
    "no error, detail": lambda s: {"detail": f"refused {s}"},
    "no error, message": lambda s: {"message": f"refused {s}"},
    "nested": lambda s: {"error": "invalid_request", "errors": [{"value": s}]},
    "description partial": lambda s: {
        "error": "invalid_grant",
        "error_description": f"bad token starting {s[: len(s) - 3]}...",
    },
}


@pytest.mark.parametrize("status", [400, 401, 200])
@pytest.mark.parametrize("basic", [False, True], ids=["post", "basic"])
@pytest.mark.parametrize("which", [CLIENT_SECRET, REFRESH], ids=["client_secret", "refresh"])
@pytest.mark.parametrize("echo", ECHOES.values(), ids=ECHOES.keys())
def test_an_error_that_echoes_a_credential_does_not_show_it(
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    status: int,
    basic: bool,
    which: str,
    echo: Any,
) -> None:
    caplog.set_level(logging.DEBUG)
    # (A 200 without an OAuth error string is an answer without a token.)
    _, outcome = _refresh_with(clock, _json(status, echo(which)), basic=basic)
    assert isinstance(outcome, AuthenticationError | ResponseDecodeError), outcome
    _assert_clean(outcome, caplog)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(400, text="<html>Bad Request</html>"),
        httpx.Response(400, content=b""),
        _json(400, ["invalid_grant"]),
        _json(400, {"error_description": "no code"}),
        _json(400, {"error": None}),
        _json(400, {"error": ""}),
        _json(400, {"error": {"code": "x"}}),
    ],
    ids=["html", "empty", "list", "no error", "error null", "error empty", "error object"],
)
def test_an_error_without_an_oauth_code_is_a_clean_authentication_error(
    clock: FakeClock, caplog: pytest.LogCaptureFixture, answer: httpx.Response
) -> None:
    caplog.set_level(logging.DEBUG)
    _, outcome = _refresh_with(clock, answer)
    assert isinstance(outcome, AuthenticationError), outcome
    assert outcome.code is None
    assert outcome.status_code == 400
    _assert_clean(outcome, caplog)


def test_a_large_echoing_error_body_is_masked_without_blowing_up() -> None:
    # A hostile endpoint's 1 MB error body made of the secret's own characters: every
    # window of the secret matches nearly everywhere. The masking must stay linear in
    # the body (it once took minutes on 100 kB); run in a child process so a
    # regression fails at the bound instead of hanging the suite.
    script = """
import httpx
from datetime import UTC, datetime, timedelta
from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import AuthenticationError
secret = "a" * 40 + "b" * 40
body = {"error": "invalid_grant", "error_description": "a" * 1_000_000}
def handler(request):
    if request.url.host == "auth.example.com":
        return httpx.Response(400, json=body)
    return httpx.Response(200, json={})
auth = RefreshingAuth(
    "https://auth.example.com/oauth/token", "cid", client_secret=secret,
    token=Token(access_token="old", refresh_token="r" * 20,
                expires_at=datetime.now(UTC) - timedelta(hours=1)),
    hosts="api.example.com",
)
with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
    try:
        client.get("https://api.example.com/v1/me")
    except AuthenticationError as exc:
        assert "a" * 40 not in str(exc.body), "the echo is not masked"
        print("masked")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "masked", done.stderr[-2000:]


@pytest.mark.parametrize("refresh_token", [None, ""], ids=["absent", "empty"])
def test_an_empty_refresh_token_is_no_refresh_token(refresh_token: str | None) -> None:
    # A login answer with "refresh_token": "" gives nothing to refresh with: the stale
    # token is sent as it is (the API decides), as without one, and no token request
    # goes out with an empty grant only to be refused.
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.host)
        return httpx.Response(200, json={})

    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        client_secret=CLIENT_SECRET,
        token=Token(
            access_token="at-old",
            refresh_token=refresh_token,
            expires_at=datetime.now(UTC) - timedelta(hours=1),
        ),
        hosts="api.example.com",
    )
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        assert client.get(URL).status_code == 200
        with pytest.raises(ConfigurationError, match="no refresh token"):
            auth.refresh(client)
    assert sent == ["api.example.com"]
