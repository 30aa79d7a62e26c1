"""A successful token answer refused as no token (a negative ``expires_in``, a token an
``Authorization`` header cannot carry, a field of the wrong type) keeps the values of
its other fields out of the error's ``body``, as the ``Token`` built from such an answer
keeps them out of its ``repr``: a session id, a one-time code or a device secret may come
under any name (OpenID Connect Native SSO's ``device_secret``), and the list of known
credential names does not hold them. The names stay, and so do the fields the token is
read from (``expires_in``, ``token_type``, ``scope``), which say what was wrong.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import ResponseDecodeError

if TYPE_CHECKING:
    from conftest import FakeClock

SECRET = "s3cr3t"
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"

EXTRA = {
    "device_secret": f"ds-{SECRET}",
    "session_token": f"st-{SECRET}",
    "mfa": {"otp": f"otp-{SECRET}"},
}

ANSWERS: dict[str, dict[str, Any]] = {
    "negative expires_in": {"access_token": f"at-{SECRET}", "expires_in": -5, **EXTRA},
    "bad token_type": {"access_token": f"at-{SECRET}", "token_type": 7, **EXTRA},
    "unsendable token": {"access_token": f"at {SECRET}", "expires_in": 60, **EXTRA},
}


@pytest.mark.parametrize("answer", ANSWERS.values(), ids=ANSWERS.keys())
def test_the_refused_answers_other_values_stay_out_of_the_error(
    clock: FakeClock, answer: dict[str, Any]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            return httpx.Response(200, json=answer)
        return httpx.Response(200, json={})

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
    with (
        httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client,
        pytest.raises(ResponseDecodeError) as caught,
    ):
        client.get(URL)
    body = caught.value.body
    assert isinstance(body, dict)
    assert SECRET not in repr(body)
    assert SECRET not in str(caught.value)
    # The names are kept, and the fields that tell what was wrong.
    assert set(body) == set(answer)
    for name in ("expires_in", "token_type"):
        if name in answer:
            assert body[name] == answer[name]
