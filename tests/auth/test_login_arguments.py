"""``RefreshingAuth.login()`` / ``alogin()`` check their ``grant`` and ``defaults`` before
the token request goes out.

A grant value that is not text was sent as httpx writes it: ``code_verifier=request.pkce``
(the pair, not its ``.verifier``) as the pair's ``repr``, ``None`` as an empty field,
``1234`` as ``"1234"``; the server's refusal then read as wrong credentials. A ``grant``
given as text failed with ``dict()``'s bare ``ValueError``. And ``defaults`` that is not
a mapping failed only after the answer came: the grant (a one-time code) was spent and the
token it bought was dropped, not installed.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.auth import AuthorizationRequest, RefreshingAuth, authorization_code_grant

TOKEN_URL = "https://auth.example.com/oauth/token"
SECRET = "s3cr3t"


def _setup() -> tuple[RefreshingAuth, list[httpx.Request], httpx.MockTransport]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            200, json={"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 3600}
        )

    auth = RefreshingAuth(TOKEN_URL, "cid", hosts="api.example.com")
    return auth, sent, httpx.MockTransport(handler)


_PAIR = AuthorizationRequest.create("https://auth.example.com/authorize", "cid").pkce

BAD: dict[str, tuple[Any, Any, type[Exception], str]] = {
    "verifier pair": (
        authorization_code_grant("code-1", code_verifier=_PAIR),  # type: ignore[arg-type]
        None,
        TypeError,
        "code_verifier",
    ),
    "code None": (
        authorization_code_grant(None),  # type: ignore[arg-type]
        None,
        TypeError,
        "'code'",
    ),
    "password int": (
        {"grant_type": "password", "username": "u", "password": 1234},
        None,
        TypeError,
        "password",
    ),
    "key not text": ({"grant_type": "password", 5: "x"}, None, TypeError, "int"),
    "grant text": ("grant_type=password&password=" + SECRET, None, TypeError, "str"),
    "grant None": (None, None, TypeError, "NoneType"),
    "no grant_type": ({"code": f"code-{SECRET}"}, None, ValueError, "grant_type"),
    "blank grant_type": (
        {"grant_type": " ", "code": f"code-{SECRET}"},
        None,
        ValueError,
        "grant_type",
    ),
    "defaults int": (
        {"grant_type": "password", "username": "u", "password": SECRET},
        5,
        TypeError,
        "defaults",
    ),
    "defaults list": (
        {"grant_type": "password", "username": "u", "password": SECRET},
        [("user_id", "1")],
        TypeError,
        "defaults",
    ),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("facade", ["sync", "async"])
async def test_a_bad_grant_or_defaults_is_refused_before_sending(
    case: tuple[Any, Any, type[Exception], str], facade: str
) -> None:
    grant, defaults, error, named = case
    auth, sent, transport = _setup()
    if facade == "sync":
        with httpx.Client(transport=transport) as client, pytest.raises(error) as caught:
            auth.login(client, grant, defaults=defaults)
    else:
        async with httpx.AsyncClient(transport=transport) as aclient:
            with pytest.raises(error) as caught:
                await auth.alogin(aclient, grant, defaults=defaults)
    assert named in str(caught.value)
    assert SECRET not in str(caught.value)
    assert "PKCEPair(" not in str(caught.value)
    assert sent == []
    assert auth.token is None


async def test_good_grants_and_defaults_still_log_in() -> None:
    auth, sent, transport = _setup()
    with httpx.Client(transport=transport) as client:
        token = auth.login(
            client,
            authorization_code_grant("code-1", code_verifier=_PAIR.verifier),
            defaults={"user_id": 7},
        )
    assert token.extra["user_id"] == 7
    async with httpx.AsyncClient(transport=transport) as aclient:
        await auth.alogin(aclient, {"grant_type": "urn:example:custom", "x": "y"}, defaults=None)
    assert len(sent) == 2
