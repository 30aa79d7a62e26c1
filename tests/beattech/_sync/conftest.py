# GENERATED from tests/beattech/_async/conftest.py by scripts/unasync.py: edit the async source.
"""Clients on the small Beat Technology server of ``tests/beattech/conftest.py``."""

from __future__ import annotations

from collections.abc import Iterator, Callable
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import BeatTech


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
