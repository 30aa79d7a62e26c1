"""Clients on the small Beat Technology server of ``tests/beattech/conftest.py``, and on
FakeBeatTech (``fake``, ``connect``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import AsyncBeatTech
from beatkit.testing import FakeBeatTech
from tests.beattech._mocked import BASE, USER_TOKEN


class Sleeps:
    """The transport's sleep, recorded instead of slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def make(beat: Any) -> AsyncIterator[Callable[..., AsyncBeatTech]]:
    """Build clients on ``beat``'s transport (tenant ``test``); all are closed afterwards."""
    clients: list[AsyncBeatTech] = []

    def factory(**kwargs: Any) -> AsyncBeatTech:
        options: dict[str, Any] = {
            "client_id": beat.client_id,
            "client_secret": beat.client_secret,
            "http_client": httpx.AsyncClient(transport=httpx.MockTransport(beat)),
        }
        options.update(kwargs)
        client = AsyncBeatTech(beat.tenant, **options)
        transport = client._transport
        transport.settings = attrs.evolve(transport.settings, async_sleep=Sleeps())
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client._transport.http_client.aclose()


@pytest.fixture
def fake() -> FakeBeatTech:
    """A fresh FakeBeatTech (tenant ``fabel``, default seed)."""
    return FakeBeatTech()


@pytest.fixture
async def connect(
    fake: FakeBeatTech,
) -> AsyncIterator[Callable[..., Any]]:
    """Build clients on ``fake`` (or where ``base_url`` and ``http_client`` say), logged
    in as ``login=(username, password)`` when given, else on the app token; all are
    closed afterwards."""
    clients: list[AsyncBeatTech] = []

    async def factory(login: tuple[str, str] | None = None, **kwargs: Any) -> AsyncBeatTech:
        options: dict[str, Any] = {
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "base_url": fake.base_url,
        }
        options.update(kwargs)
        if "http_client" not in options:
            options["http_client"] = httpx.AsyncClient(transport=fake.transport())
        client = AsyncBeatTech(fake.tenant, **options)
        clients.append(client)
        if login is not None:
            await client.auth.login(*login)
        return client

    yield factory
    for client in clients:
        await client._transport.http_client.aclose()


@pytest.fixture
async def bt(httpx_mock: HTTPXMock) -> AsyncIterator[AsyncBeatTech]:
    """A client of tenant ``fabel`` on pytest-httpx, logged in as user 28392 (the
    walkthrough's). Test modules on a fake server define their own ``bt``."""
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=USER_TOKEN)
    async with AsyncBeatTech("fabel", client_id="cid", client_secret="csecret") as client:
        await client.auth.login("user@example.com", "pw")
        yield client
