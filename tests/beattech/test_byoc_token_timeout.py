"""Beat Technology's token requests sent through an ``http_client`` of the caller's get
the beatkit client's ``timeout``, as every API call does.

concepts.md: the caller's httpx client's own timeout is not used, every call gets the
client's ``timeout`` option. ``bt.auth.app_token()``, ``refresh()``, every login and the
refresh before ``switch_account_user()`` sent their token request with the httpx
client's own timeout instead: none at all for an ``httpx.Client(timeout=None)``, where a
token endpoint that never answered held the call for ever.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

SECONDS = 12.0
WANTED = {"connect": SECONDS, "read": SECONDS, "write": SECONDS, "pool": SECONDS}

Seen = list[tuple[str, str, object]]


def _recording(fake: FakeBeatTech) -> tuple[Callable[[httpx.Request], httpx.Response], Seen]:
    seen: Seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        grant = ""
        if request.url.path.endswith("/oauth2/token"):
            grant = dict(httpx.QueryParams(request.content.decode())).get("grant_type", "")
        seen.append((request.url.path, grant, request.extensions.get("timeout")))
        return fake.handle(request)

    return handler, seen


def _expire(fake: FakeBeatTech, bt: BeatTech | AsyncBeatTech) -> None:
    """Make the client's user token one that expired (the server's too)."""
    fake.expire_tokens()
    token: Any = bt.auth.token
    bt.auth.set_token(attrs.evolve(token, expires_at=datetime.now(UTC) - timedelta(seconds=5)))


def _sync_app_token(fake: FakeBeatTech, bt: BeatTech) -> None:
    bt.auth.app_token()


def _sync_login(fake: FakeBeatTech, bt: BeatTech) -> None:
    bt.auth.login(fake.users[fake.user_id]["username"], fake.password)


def _sync_refresh(fake: FakeBeatTech, bt: BeatTech) -> None:
    _sync_login(fake, bt)
    bt.auth.refresh()


def _sync_switch(fake: FakeBeatTech, bt: BeatTech) -> None:
    _sync_login(fake, bt)
    _expire(fake, bt)
    bt.auth.switch_account_user(fake.profile_user_id)


def _sync_lazy_app_token(fake: FakeBeatTech, bt: BeatTech) -> None:
    bt.releases.get(next(iter(fake.catalog.releases)))


SYNC: dict[str, tuple[Callable[[FakeBeatTech, BeatTech], None], list[str]]] = {
    "app_token": (_sync_app_token, ["client_credentials"]),
    "login": (_sync_login, ["password"]),
    "refresh": (_sync_refresh, ["password", "refresh_token"]),
    "switch_account_user": (_sync_switch, ["password", "refresh_token", "account_user"]),
    "an API call's app token": (_sync_lazy_app_token, ["client_credentials"]),
}


@pytest.mark.parametrize("name", list(SYNC))
def test_token_requests_get_the_client_timeout_not_the_http_clients(name: str) -> None:
    fake = FakeBeatTech()
    handler, seen = _recording(fake)
    call, grants = SYNC[name]
    with httpx.Client(transport=httpx.MockTransport(handler), timeout=None) as http:  # noqa: S113
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
            timeout=SECONDS,
        )
        call(fake, bt)
    assert [grant for _, grant, _ in seen if grant] == grants
    for path, grant, timeout in seen:
        assert timeout == WANTED, (path, grant)


async def _async_app_token(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    await bt.auth.app_token()


async def _async_login(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    await bt.auth.login(fake.users[fake.user_id]["username"], fake.password)


async def _async_refresh(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    await _async_login(fake, bt)
    await bt.auth.refresh()


async def _async_switch(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    await _async_login(fake, bt)
    _expire(fake, bt)
    await bt.auth.switch_account_user(fake.profile_user_id)


ASYNC: dict[str, tuple[Callable[[FakeBeatTech, AsyncBeatTech], Awaitable[None]], list[str]]] = {
    "app_token": (_async_app_token, ["client_credentials"]),
    "login": (_async_login, ["password"]),
    "refresh": (_async_refresh, ["password", "refresh_token"]),
    "switch_account_user": (_async_switch, ["password", "refresh_token", "account_user"]),
}


@pytest.mark.parametrize("name", list(ASYNC))
def test_async_token_requests_get_the_client_timeout_not_the_http_clients(name: str) -> None:
    fake = FakeBeatTech()
    handler, seen = _recording(fake)
    call, grants = ASYNC[name]

    async def main() -> None:
        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(transport=transport, timeout=3.0) as http:
            bt = AsyncBeatTech(
                fake.tenant,
                client_id=fake.client_id,
                client_secret=fake.client_secret,
                base_url=fake.base_url,
                http_client=http,
                timeout=SECONDS,
            )
            await call(fake, bt)

    asyncio.run(asyncio.wait_for(main(), 30))
    assert [grant for _, grant, _ in seen if grant] == grants
    for path, grant, timeout in seen:
        assert timeout == WANTED, (path, grant)
