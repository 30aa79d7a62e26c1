"""An ``app_store`` token fetched for other scopes is not the app token of ``app_scope``.

``app_scope`` names the scopes the app token asks for (``"external-charge"`` for
external charges, the page's scope-gated level, L1396-1400). A client built with it
on an ``app_store`` that holds an app token fetched without that scope (the same
store used before ``app_scope`` was added, or by a client asking for other scopes)
took the stored token as it was and sent it until it expired: every scope-gated
call answered 403 ``insufficient_scope`` for up to the token's whole lifetime, with
no way out but deleting the store. So did a scoped client sharing the store with
one asking for no scope, once that one saved a newer token: the scoped client took
it over at its next 401. A stored token is used only when its scopes hold the ones
asked for; else a new one is fetched (and saved over it).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytest_httpx import HTTPXMock

from beatkit.auth import MemoryTokenStore, Token
from beatkit.beattech import AsyncBeatTech
from beatkit.testing import FakeBeatTech
from tests.beattech._mocked import APP_TOKEN, BASE


def token_forms(httpx_mock: HTTPXMock) -> list[bytes]:
    return [r.content for r in httpx_mock.get_requests() if r.url.path.endswith("/oauth2/token")]


async def test_a_stored_app_token_without_the_scope_asked_for_is_fetched_again(
    connect: Callable[..., Any], fake: FakeBeatTech
) -> None:
    store = MemoryTokenStore()
    # The first client asks for no scope: its app token carries none.
    first: AsyncBeatTech = await connect(app_store=store)
    await first.auth.app_token()
    stored = store.load()
    assert stored is not None
    assert "external-charge" not in (stored.scope or "").split()
    # The same store, now with the scope the external charges need.
    second: AsyncBeatTech = await connect(app_store=store, app_scope="external-charge")
    charges = await second.app.charges.list_external(fake.user_id, "coupon")
    assert charges == []
    token = await second.auth.app_token()
    assert token.access_token != stored.access_token
    assert token.scope == "external-charge"
    saved = store.load()
    assert saved is not None
    assert saved.scope == "external-charge"


async def test_a_stored_app_token_holding_the_scopes_asked_for_is_used(
    httpx_mock: HTTPXMock,
) -> None:
    # Wider, in another order: it holds every scope asked for.
    stored = Token(access_token="stored-app", scope="statistics external-charge")
    store = MemoryTokenStore(stored)
    async with AsyncBeatTech(
        "fabel", client_id="cid", client_secret="cs", app_store=store, app_scope="external-charge"
    ) as bt:
        assert (await bt.auth.app_token()).access_token == "stored-app"
    assert token_forms(httpx_mock) == []


async def test_without_app_scope_a_stored_app_token_is_used_whatever_its_scopes(
    httpx_mock: HTTPXMock,
) -> None:
    store = MemoryTokenStore(Token(access_token="stored-app"))
    async with AsyncBeatTech("fabel", client_id="cid", client_secret="cs", app_store=store) as bt:
        assert (await bt.auth.app_token()).access_token == "stored-app"
    assert token_forms(httpx_mock) == []


async def test_a_stored_app_token_of_unknown_scope_is_fetched_again_for_app_scope(
    httpx_mock: HTTPXMock,
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=APP_TOKEN)
    store = MemoryTokenStore(Token(access_token="stored-app"))
    async with AsyncBeatTech(
        "fabel", client_id="cid", client_secret="cs", app_store=store, app_scope="external-charge"
    ) as bt:
        token = await bt.auth.app_token()
    assert token.access_token == APP_TOKEN["access_token"]
    # Asked for the scope; the answer named none: the scope asked for is granted.
    assert token.scope == "external-charge"
    assert token_forms(httpx_mock) == [
        b"grant_type=client_credentials&scope=external-charge&client_id=cid&client_secret=cs"
    ]


async def test_a_newer_app_token_saved_for_other_scopes_is_not_taken_over(
    connect: Callable[..., Any], fake: FakeBeatTech
) -> None:
    # Two clients on one app_store: one asks for the scope, the other for none.
    store = MemoryTokenStore()
    scoped: AsyncBeatTech = await connect(app_store=store, app_scope="external-charge")
    assert await scoped.app.charges.list_external(fake.user_id, "coupon") == []
    plain: AsyncBeatTech = await connect(app_store=store)
    fake.expire_tokens()
    # The plain client's 401 fetches a token without the scope, saved to the store.
    await plain.products.get("201")
    newer = store.load()
    assert newer is not None
    assert "external-charge" not in (newer.scope or "").split()
    # The scoped client's own 401: the newer stored token is not its grant.
    assert await scoped.app.charges.list_external(fake.user_id, "coupon") == []
    token = await scoped.auth.app_token()
    assert token.access_token != newer.access_token
    assert token.scope == "external-charge"
