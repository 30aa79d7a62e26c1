# GENERATED from tests/beattech/_async/conftest.py by scripts/unasync.py: edit the async source.
"""Clients on the small Beat Technology server of ``tests/beattech/conftest.py``, and on
FakeBeatTech (``fake``, ``connect``)."""

from __future__ import annotations

from collections.abc import Iterator, Callable
from typing import Any

import attrs
import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import BeatTech
from beatkit.testing import FakeBeatTech
from tests.beattech._mocked import BASE, USER_TOKEN


class Sleeps:
    """The transport's sleep, recorded instead of slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def make(beat: Any) -> Iterator[Callable[..., BeatTech]]:
    """Build clients on ``beat``'s transport (tenant ``test``); all are closed afterwards."""
    clients: list[BeatTech] = []

    def factory(**kwargs: Any) -> BeatTech:
        options: dict[str, Any] = {
            "client_id": beat.client_id,
            "client_secret": beat.client_secret,
            "http_client": httpx.Client(transport=httpx.MockTransport(beat)),
        }
        options.update(kwargs)
        client = BeatTech(beat.tenant, **options)
        transport = client._transport
        transport.settings = attrs.evolve(transport.settings, sleep=Sleeps())
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client._transport.http_client.close()


@pytest.fixture
def fake() -> FakeBeatTech:
    """A fresh FakeBeatTech (tenant ``fabel``, default seed)."""
    return FakeBeatTech()


@pytest.fixture
def connect(
    fake: FakeBeatTech,
) -> Iterator[Callable[..., Any]]:
    """Build clients on ``fake`` (or where ``base_url`` and ``http_client`` say), logged
    in as ``login=(username, password)`` when given, else on the app token; all are
    closed afterwards."""
    clients: list[BeatTech] = []

    def factory(login: tuple[str, str] | None = None, **kwargs: Any) -> BeatTech:
        options: dict[str, Any] = {
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "base_url": fake.base_url,
        }
        options.update(kwargs)
        if "http_client" not in options:
            options["http_client"] = httpx.Client(transport=fake.transport())
        client = BeatTech(fake.tenant, **options)
        clients.append(client)
        if login is not None:
            client.auth.login(*login)
        return client

    yield factory
    for client in clients:
        client._transport.http_client.close()


@pytest.fixture
def bt(httpx_mock: HTTPXMock) -> Iterator[BeatTech]:
    """A client of tenant ``fabel`` on pytest-httpx, logged in as user 28392 (the
    walkthrough's). Test modules on a fake server define their own ``bt``."""
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=USER_TOKEN)
    with BeatTech("fabel", client_id="cid", client_secret="csecret") as client:
        client.auth.login("user@example.com", "pw")
        yield client
