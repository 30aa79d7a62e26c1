"""A code or redirect URL holding a lone surrogate (text decoded with
``surrogateescape``) is refused by ``exchange_code()`` before anything is sent, with the
same ``ValueError`` as every other text argument: never the encoder's own
``UnicodeEncodeError``, whose ``object`` would carry the authorization code."""

from __future__ import annotations

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.beatport.auth import parse_authorization_response

SECRET = "c0de\udcffs3cret"


def _chain(exc: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and len(seen) < 8:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


@pytest.mark.parametrize(
    "given",
    [SECRET, f"https://app.example/cb?code={SECRET}", f"code={SECRET}"],
    ids=["bare code", "redirect URL", "query string"],
)
def test_exchange_code_refuses_a_lone_surrogate_before_sending(given: str) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"access_token": "a", "expires_in": 600})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with Beatport(client_id="id", http_client=http, requests_per_second=None) as bp:
        request = bp.auth.authorization_url()
        with pytest.raises(ValueError, match="lone surrogate") as caught:
            bp.auth.exchange_code(given, request)
    assert sent == []
    for exc in _chain(caught.value):
        assert not isinstance(exc, UnicodeError)
        assert "s3cret" not in str(exc)


def test_parse_authorization_response_refuses_a_lone_surrogate() -> None:
    with pytest.raises(ValueError, match="code_or_redirect_url holds a lone surrogate"):
        parse_authorization_response(SECRET, expected_state=None)
