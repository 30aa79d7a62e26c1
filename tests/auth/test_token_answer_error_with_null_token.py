"""A token endpoint that answers 200 with an OAuth ``error`` and ``access_token`` set to
``null`` or ``""`` (a server that writes every field of its answer, the token's empty):
the answer is the refusal it says, not a body that "holds no token".

Read as a ``ResponseDecodeError``, a refused refresh token (``invalid_grant``) was sent
again on every later call instead of "log in again", and the error had no ``code``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import AuthenticationError

if TYPE_CHECKING:
    from conftest import FakeClock

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


@pytest.mark.parametrize("empty", [None, ""], ids=["null", "empty"])
@pytest.mark.parametrize("facade", ["sync", "async"])
async def test_a_200_error_with_an_empty_access_token_is_the_refusal(
    clock: FakeClock, empty: Any, facade: str
) -> None:
    sent: list[httpx.Request] = []
    body = {
        "access_token": empty,
        "token_type": None,
        "expires_in": None,
        "error": "invalid_grant",
        "error_description": "The refresh token has expired.",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            sent.append(request)
            return httpx.Response(200, json=body)
        return httpx.Response(200, json={"ok": True})

    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=Token(
            access_token="at-old",
            refresh_token="rt-old",
            expires_at=clock.now - timedelta(seconds=1),
            obtained_at=clock.now - timedelta(hours=1),
        ),
        hosts="api.example.com",
        clock=clock,
    )
    errors: list[AuthenticationError] = []
    if facade == "sync":
        with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
            for _ in range(2):
                with pytest.raises(AuthenticationError) as caught:
                    client.get(URL)
                errors.append(caught.value)
    else:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as aclient:
            for _ in range(2):
                with pytest.raises(AuthenticationError) as caught:
                    await aclient.get(URL)
                errors.append(caught.value)
    for error in errors:
        assert error.code == "invalid_grant"
        assert "log in again" in str(error)
        assert "expired" in str(error)
    # Refused once: the refused refresh token is not sent again.
    assert len(sent) == 1
