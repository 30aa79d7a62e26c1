"""A refresh token that cannot be sent back: one holding a lone surrogate.

JSON may escape one (``"rt-\\ud800"``); read as sent, the token was installed and saved,
and the next refresh failed inside urllib's form encoding with a bare
``UnicodeEncodeError`` whose ``object`` held the whole form, the client secret and the
refresh token included.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import BeatkitError, ConfigurationError, ResponseDecodeError

CLIENT_SECRET = "client-secret-93ab71"
REFRESH = "rt-\ud800-8c2d51ef"
STALE = datetime.now(UTC) - timedelta(seconds=5)


def everything(error: BaseException) -> str:
    chain = "".join(traceback.format_exception(error))
    return f"{error!s} {error!r} {vars(error)} {chain}"


def manager(token: Token) -> RefreshingAuth:
    return RefreshingAuth(
        "https://auth.test/token",
        "cid",
        client_secret=CLIENT_SECRET,
        token=token,
        hosts=["api.test"],
        service="svc",
    )


def client(auth: RefreshingAuth, token_answer: Callable[[], httpx.Response]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return token_answer()
        return httpx.Response(200, json={"ok": True})

    return httpx.Client(transport=httpx.MockTransport(handler), auth=auth)


def test_a_refresh_token_answered_with_a_lone_surrogate_is_refused() -> None:
    body = b'{"access_token": "at-new", "expires_in": 3600, "refresh_token": "rt-\\ud800-x"}'
    auth = manager(Token(access_token="at-old", refresh_token="rt-good", expires_at=STALE))

    def answer() -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    with client(auth, answer) as http, pytest.raises(ResponseDecodeError) as info:
        http.get("https://api.test/x")
    assert "refresh_token" in str(info.value)
    assert "\ud800" not in everything(info.value)
    assert auth.token is not None
    assert auth.token.access_token == "at-old"  # the answer was not installed


def test_a_refresh_token_with_a_lone_surrogate_is_a_beatkit_error_never_echoed() -> None:
    # A token from a store or made by hand: refused as the request is built, by name.
    auth = manager(Token(access_token="at-old", refresh_token=REFRESH, expires_at=STALE))

    def answer() -> httpx.Response:
        raise AssertionError("nothing may be sent")

    with client(auth, answer) as http, pytest.raises(BeatkitError) as info:
        http.get("https://api.test/x")
    assert isinstance(info.value, ConfigurationError)
    assert "refresh_token" in str(info.value)
    shown = everything(info.value)
    assert REFRESH not in shown
    assert CLIENT_SECRET not in shown
