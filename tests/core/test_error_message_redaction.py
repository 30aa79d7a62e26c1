"""An error's message, code, details and field errors get the redaction its body gets.

The body of every API and token endpoint error is redacted (secret ``name=value``
pairs, JSON pairs, signed URLs); the message read from that same body goes into
``str(error)``, every log line and every traceback, so it must be redacted too, even
when what it quotes is no value the request sent (a signed CDN URL a 500 page names).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit._core.responses import error_from_response
from beatkit.auth.oauth import token_error
from beatkit.beatconnect.wire import SPEC as BEATCONNECT
from beatkit.beatpass.wire import SPEC as BEATPASS
from beatkit.beatport.wire import SPEC as BEATPORT
from beatkit.beattech.wire import SPEC as BEATTECH

SIGNATURE = "a60e892d5bc9ed97061e0517"
SIGNED = f"https://needledrop.beatport.com/1796529710_{SIGNATURE}/e6/61/x.128k.aac.mp4"
TOKEN = "qz-leaked-token-4711"
QUOTES = [
    f"upstream failed for {SIGNED}",
    f"bad request: access_token={TOKEN}&x=1",
    f'the body was {{"refresh_token": "{TOKEN}"}}',
    f"see https://cdn.example/file.mp3?X-Amz-Signature={TOKEN}",
]


def _everything(error: Any) -> str:
    return " ".join(
        [
            str(error),
            repr(error),
            repr(error.args),
            repr(error.code),
            repr(error.details),
            repr(error.field_errors),
            repr(error.body),
        ]
    )


def _answer(status: int, body: Any) -> httpx.Response:
    request = httpx.Request("GET", "https://api.example.test/v1/tracks/1")
    if isinstance(body, str):
        return httpx.Response(status, text=body, request=request)
    return httpx.Response(status, json=body, request=request)


def _bodies(quote: str) -> list[Any]:
    return [
        quote,
        {"error": {"code": "server_error", "message": quote, "details": {"why": quote}}},
        {"message": quote, "errors": {"field": [quote]}},
        {"detail": quote},
        {"error": "server_error", "error_description": quote},
    ]


@pytest.mark.parametrize("quote", QUOTES)
@pytest.mark.parametrize(
    "spec", [BEATCONNECT, BEATPASS, BEATPORT, BEATTECH], ids=lambda spec: spec.name
)
@pytest.mark.parametrize("status", [400, 401, 500])
def test_an_api_errors_message_is_redacted_like_its_body(
    spec: Any, status: int, quote: str
) -> None:
    for body in _bodies(quote):
        error = error_from_response(_answer(status, body), spec)
        shown = _everything(error)
        assert SIGNATURE not in shown
        assert TOKEN not in shown


@pytest.mark.parametrize("quote", QUOTES)
@pytest.mark.parametrize("status", [400, 401, 429, 503])
def test_a_token_endpoint_errors_message_is_redacted_like_its_body(status: int, quote: str) -> None:
    for body in _bodies(quote):
        request = httpx.Request("POST", "https://auth.example.test/token", data={"a": "b"})
        response = (
            httpx.Response(status, json=body, request=request)
            if not isinstance(body, str)
            else httpx.Response(status, text=body, request=request)
        )
        error = token_error(response, service="svc")
        shown = _everything(error)
        assert SIGNATURE not in shown
        assert TOKEN not in shown


def test_what_is_no_secret_stays_readable() -> None:
    body = {"error": {"code": "bad_genre", "message": "genre=abc is no genre id"}}
    error = error_from_response(_answer(400, body), BEATCONNECT)
    assert error.message == "genre=abc is no genre id"
    assert error.code == "bad_genre"


@pytest.mark.parametrize(
    "description",
    [f"code={TOKEN}", f"see {SIGNED}", f'{{"access_token": "{TOKEN}"}}'],
)
def test_an_oauth_error_in_a_redirect_is_redacted(description: str) -> None:
    from urllib.parse import quote

    from beatkit.beatport.auth import parse_authorization_response
    from beatkit.errors import AuthenticationError

    url = f"https://app.test/cb?error=access_denied&error_description={quote(description)}"
    with pytest.raises(AuthenticationError) as caught:
        parse_authorization_response(url, expected_state=None)
    shown = _everything(caught.value)
    assert "access_denied" in shown
    assert SIGNATURE not in shown
    assert TOKEN not in shown
