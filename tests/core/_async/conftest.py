"""Fixtures shared by the async core tests (and, through unasync, by the sync ones)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest


@pytest.fixture
async def http_clients() -> AsyncIterator[list[httpx.AsyncClient]]:
    """A list to put test httpx clients in; every one is closed after the test."""
    clients: list[httpx.AsyncClient] = []
    yield clients
    for client in clients:
        await client.aclose()
