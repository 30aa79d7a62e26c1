"""A token manager's attributes, as ``vars()`` (or ``__dict__``) shows them, hold no
credential in the clear: a debugging dump (``pprint(vars(auth))``, a logger given
``vars(auth)``, a variable inspector's dict view) showed the client secret and the
``extra_params`` values (a client assertion, an API key) as they are.

The token itself already shows as ``Token(access_token='***', ...)``.
"""

from __future__ import annotations

import pprint
from datetime import UTC, datetime, timedelta

import httpx

from beatkit.auth import BearerAuth, ClientCredentialsAuth, RefreshingAuth, Token

SECRET = "s3cr3t"
TOKEN_URL = "https://auth.example.com/oauth/token"


def _token() -> Token:
    now = datetime.now(UTC)
    return Token(
        access_token=f"at-{SECRET}",
        refresh_token=f"rt-{SECRET}",
        expires_at=now + timedelta(hours=1),
        obtained_at=now,
        extra={"id_token": f"id-{SECRET}"},
    )


def _dumps(obj: object) -> list[str]:
    return [repr(vars(obj)), str(obj.__dict__), pprint.pformat(vars(obj)), repr(obj), str(obj)]


def test_vars_of_every_manager_hold_no_secret() -> None:
    managers = [
        BearerAuth(f"key-{SECRET}", hosts="api.example.com"),
        ClientCredentialsAuth(
            TOKEN_URL,
            "cid",
            f"cs-{SECRET}",
            hosts="api.example.com",
            extra_params={"client_assertion": f"jwt-{SECRET}"},
        ),
        RefreshingAuth(
            TOKEN_URL,
            "cid",
            client_secret=f"cs-{SECRET}",
            token=_token(),
            hosts="api.example.com",
            extra_params={"api_key": f"k-{SECRET}"},
        ),
    ]
    for manager in managers:
        for text in _dumps(manager):
            assert SECRET not in text, text


def test_the_hidden_settings_still_go_out() -> None:
    sent: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            sent.append(request.read())
            return httpx.Response(200, json={"access_token": "at-1", "expires_in": 3600})
        return httpx.Response(200, json={})

    auth = ClientCredentialsAuth(
        TOKEN_URL,
        "cid",
        f"cs-{SECRET}",
        hosts="api.example.com",
        extra_params={"client_assertion": f"jwt-{SECRET}"},
    )
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.get("https://api.example.com/x")
    assert sent == [
        b"client_assertion=jwt-s3cr3t&grant_type=client_credentials"
        b"&client_id=cid&client_secret=cs-s3cr3t"
    ]
