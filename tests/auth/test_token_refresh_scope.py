"""A refresh answer without ``scope`` keeps the scope of the token it replaces
(RFC 6749 section 5.1: an omitted scope is the one requested, and a refresh grant
without ``scope`` asks for the same scope as before); a scope it sends wins."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from beatkit.auth import MemoryTokenStore, RefreshingAuth, Token

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"
SCOPE = "user:dj app:locker"


def _auth(server: FakeOAuth, clock: FakeClock, **kwargs: Any) -> RefreshingAuth:
    # Stale: the first request refreshes it.
    seeded = server.seed(expires_at=clock.now - timedelta(seconds=1))
    token = attrs.evolve(seeded, scope=SCOPE)
    return RefreshingAuth(
        TOKEN_URL, "cid", token=token, hosts="api.example.com", clock=clock, **kwargs
    )


def test_an_automatic_refresh_without_scope_keeps_the_scope(
    server: FakeOAuth, clock: FakeClock
) -> None:
    seen: list[Token] = []
    store = MemoryTokenStore()
    auth = _auth(server, clock, on_token=seen.append, store=store)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 1
    assert "scope" not in server.token_requests[0]
    assert auth.token is not None
    assert auth.token.scope == SCOPE
    assert [token.scope for token in seen] == [SCOPE]
    stored = store.load()
    assert stored is not None
    assert stored.scope == SCOPE


def test_a_forced_refresh_without_scope_keeps_the_scope(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _auth(server, clock)
    with httpx.Client(transport=httpx.MockTransport(server.handler)) as client:
        fresh = auth.refresh(client)
    assert fresh.scope == SCOPE


async def test_an_async_refresh_without_scope_keeps_the_scope(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _auth(server, clock)
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler)) as client:
        fresh = await auth.arefresh(client)
    assert fresh.scope == SCOPE


def test_a_scope_the_refresh_answer_sends_replaces_the_old_one(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.extra_fields = {"scope": "user:dj"}
    auth = _auth(server, clock)
    with httpx.Client(transport=httpx.MockTransport(server.handler)) as client:
        fresh = auth.refresh(client)
    assert fresh.scope == "user:dj"


def test_an_empty_scope_the_refresh_answer_sends_is_kept_as_sent(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.extra_fields = {"scope": ""}
    auth = _auth(server, clock)
    with httpx.Client(transport=httpx.MockTransport(server.handler)) as client:
        fresh = auth.refresh(client)
    assert fresh.scope == ""


def test_a_client_credentials_answer_without_scope_grants_the_scope_asked_for(
    server: FakeOAuth, clock: FakeClock
) -> None:
    from beatkit.auth import ClientCredentialsAuth

    auth = ClientCredentialsAuth(
        TOKEN_URL, "cid", "secret", scope=SCOPE, hosts="api.example.com", clock=clock
    )
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        assert client.get(f"{API}/me").status_code == 200
    assert server.token_requests[0]["scope"] == SCOPE
    assert auth.token is not None
    assert auth.token.scope == SCOPE


def test_a_client_credentials_answer_with_a_scope_keeps_what_was_granted(
    server: FakeOAuth, clock: FakeClock
) -> None:
    from beatkit.auth import ClientCredentialsAuth

    server.extra_fields["scope"] = "app:locker"
    unscoped = ClientCredentialsAuth(
        TOKEN_URL, "cid", "secret", hosts="api.example.com", clock=clock
    )
    scoped = ClientCredentialsAuth(
        TOKEN_URL, "cid", "secret", scope=SCOPE, hosts="api.example.com", clock=clock
    )
    with httpx.Client(transport=httpx.MockTransport(server.handler)) as client:
        assert unscoped.ensure_token(client).scope == "app:locker"
        assert scoped.ensure_token(client).scope == "app:locker"
    server.extra_fields.pop("scope")
    nothing_asked = ClientCredentialsAuth(
        TOKEN_URL, "cid", "secret", hosts="api.example.com", clock=clock
    )
    with httpx.Client(transport=httpx.MockTransport(server.handler)) as client:
        assert nothing_asked.ensure_token(client).scope is None
