"""A 401 that another host answered is no refusal of the token.

Used as the ``auth`` of a plain httpx client made with ``follow_redirects=True``, a
token manager gets the answer to the last hop of a redirect: httpx followed it inside
the auth flow, dropping ``Authorization`` on the hop to another origin. A CDN's 401 there
made the manager refresh the token (a refresh token spent, rotated) and replay the API
request, though the API never refused it; docs/auth.md: a request to another host "does
not trigger a refresh either". A 401 from the API's own origin after a redirect there
(the token carried on) is still refreshed and replayed once.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth, RefreshingAuth, Token

API = "https://api.example.com"
TOKEN_URL = f"{API}/oauth/token"


def _server(target: str) -> tuple[httpx.MockTransport, list[tuple[str, str | None]]]:
    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("Authorization")))
        if request.url.path == "/oauth/token":
            return httpx.Response(
                200, json={"access_token": "NEW", "refresh_token": "r2", "expires_in": 3600}
            )
        if request.url.path == "/file":
            return httpx.Response(302, headers={"Location": target})
        return httpx.Response(401, headers={"WWW-Authenticate": "Bearer"})

    return httpx.MockTransport(handler), seen


def _managers() -> list[RefreshingAuth | ClientCredentialsAuth]:
    refreshing = RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=Token(access_token="OLD", refresh_token="r1"),
        hosts=["api.example.com"],
    )
    credentials = ClientCredentialsAuth(TOKEN_URL, "cid", "csecret", hosts=["api.example.com"])
    credentials.set_token(Token(access_token="OLD"))
    return [refreshing, credentials]


@pytest.mark.parametrize("index", [0, 1], ids=["refreshing", "client_credentials"])
def test_a_401_from_the_cdn_a_redirect_led_to_does_not_refresh(index: int) -> None:
    auth = _managers()[index]
    transport, seen = _server("https://cdn.example.com/f")
    with httpx.Client(transport=transport, auth=auth, follow_redirects=True) as client:
        response = client.get(f"{API}/file")
    assert response.status_code == 401
    assert seen == [(f"{API}/file", "Bearer OLD"), ("https://cdn.example.com/f", None)]
    assert auth.token is not None and auth.token.access_token == "OLD"


@pytest.mark.parametrize("index", [0, 1], ids=["refreshing", "client_credentials"])
def test_async_a_401_from_the_cdn_a_redirect_led_to_does_not_refresh(index: int) -> None:
    auth = _managers()[index]
    transport, seen = _server("https://cdn.example.com/f")

    async def main() -> int:
        async with httpx.AsyncClient(
            transport=transport, auth=auth, follow_redirects=True
        ) as client:
            return (await client.get(f"{API}/file")).status_code

    assert asyncio.run(asyncio.wait_for(main(), 30)) == 401
    assert seen == [(f"{API}/file", "Bearer OLD"), ("https://cdn.example.com/f", None)]


@pytest.mark.parametrize("index", [0, 1], ids=["refreshing", "client_credentials"])
def test_a_401_from_the_api_origin_after_a_redirect_still_refreshes_once(index: int) -> None:
    auth = _managers()[index]
    transport, seen = _server(f"{API}/moved")
    with httpx.Client(transport=transport, auth=auth, follow_redirects=True) as client:
        response = client.get(f"{API}/file")
    assert response.status_code == 401
    assert [url for url, _ in seen] == [
        f"{API}/file",
        f"{API}/moved",
        TOKEN_URL,
        f"{API}/file",
        f"{API}/moved",
    ]
    assert seen[-1] == (f"{API}/moved", "Bearer NEW")
