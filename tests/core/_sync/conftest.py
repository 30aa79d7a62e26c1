# GENERATED from tests/core/_async/conftest.py by scripts/unasync.py: edit the async source.
"""Fixtures shared by the core tests (and, through unasync, by the sync ones)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def http_clients() -> Iterator[list[httpx.Client]]:
    """A list to put test httpx clients in; every one is closed after the test."""
    clients: list[httpx.Client] = []
    yield clients
    for client in clients:
        client.close()
