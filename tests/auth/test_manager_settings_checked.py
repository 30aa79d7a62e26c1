"""The token managers check the settings that go into every token request when they are
made, not when the first request fails (or, worse, goes out wrong).

Before, ``client_secret=b"..."`` was sent as ``b'...'`` (its ``repr``, into the form body),
``scope=["a", "b"]`` went out as two ``scope`` fields and the token it bought was then
dropped with a raw ``TypeError``, ``extra_params={"audience": None}`` sent an empty field,
``extra_params="audience=x"`` raised ``dict()``'s bare ``ValueError``, a ``client_id`` that
is not text failed each request inside ``urllib.parse.quote`` (``client_secret_basic``),
and a blank secret or scope was sent as it was.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth, RefreshingAuth
from beatkit.errors import ConfigurationError

TOKEN_URL = "https://auth.example.com/oauth/token"
SECRET = "s3cr3t"

BAD: dict[str, tuple[dict[str, Any], str]] = {
    "client_id int": ({"client_id": 5}, "client_id"),
    "client_id blank": ({"client_id": "  "}, "client_id"),
    "client_secret bytes": ({"client_secret": f"cs-{SECRET}".encode()}, "client_secret"),
    "client_secret int": ({"client_secret": 123456}, "client_secret"),
    "client_secret blank": ({"client_secret": "   "}, "client_secret"),
    "extra_params text": ({"extra_params": f"audience={SECRET}"}, "extra_params"),
    "extra_params list": ({"extra_params": [("audience", SECRET)]}, "extra_params"),
    "extra_params None value": ({"extra_params": {"audience": None}}, "audience"),
    "extra_params int value": ({"extra_params": {"tenant": 7}}, "tenant"),
    "extra_params key": ({"extra_params": {5: SECRET}}, "extra_params"),
}

CC_ONLY: dict[str, tuple[dict[str, Any], str]] = {
    "scope list": ({"scope": ["a", "b"]}, "scope"),
    "scope int": ({"scope": 5}, "scope"),
    "scope blank": ({"scope": " "}, "scope"),
}


def _cc(**overrides: Any) -> ClientCredentialsAuth:
    settings: dict[str, Any] = {"client_id": "cid", "client_secret": f"cs-{SECRET}"}
    settings.update(overrides)
    client_id = settings.pop("client_id")
    client_secret = settings.pop("client_secret")
    return ClientCredentialsAuth(
        TOKEN_URL, client_id, client_secret, hosts="api.example.com", **settings
    )


def _refreshing(**overrides: Any) -> RefreshingAuth:
    settings: dict[str, Any] = {"client_id": "cid"}
    settings.update(overrides)
    client_id = settings.pop("client_id")
    return RefreshingAuth(TOKEN_URL, client_id, hosts="api.example.com", **settings)


@pytest.mark.parametrize("case", [*BAD.values(), *CC_ONLY.values()], ids=[*BAD, *CC_ONLY])
def test_client_credentials_settings_are_checked_when_made(
    case: tuple[dict[str, Any], str],
) -> None:
    overrides, named = case
    with pytest.raises(ConfigurationError) as caught:
        _cc(**overrides)
    assert named in str(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_refreshing_settings_are_checked_when_made(case: tuple[dict[str, Any], str]) -> None:
    overrides, named = case
    with pytest.raises(ConfigurationError) as caught:
        _refreshing(**overrides)
    assert named in str(caught.value)
    assert SECRET not in str(caught.value)


def test_good_settings_still_send_what_they_say() -> None:
    sent: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            sent.append(request.read())
            return httpx.Response(200, json={"access_token": "at-1", "expires_in": 3600})
        return httpx.Response(200, json={})

    auth = _cc(scope="read write", extra_params={"audience": "music"})
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.get("https://api.example.com/x")
    assert sent == [
        b"audience=music&grant_type=client_credentials&scope=read+write"
        b"&client_id=cid&client_secret=cs-s3cr3t"
    ]
    # A public client (no secret) is still one.
    assert _refreshing(client_secret=None).token is None
