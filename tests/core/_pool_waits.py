"""Waiting, bounded, for calls to queue in an httpx pool: shared by the tests of what a
close does to requests still waiting for a pooled connection."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import httpx

WAIT = 10.0
"""The bound of every wait (seconds); a passing run waits far less."""


def queued(http: httpx.Client | httpx.AsyncClient) -> int:
    """How many requests wait in ``http``'s pool for a connection."""
    # httpx offers no public view of the requests waiting for a connection.
    return len(http._transport._pool._requests)  # type: ignore[attr-defined]


def wait_until(check: Callable[[], bool], what: str = "the calls") -> None:
    """Poll ``check`` from a thread until it holds, at most :data:`WAIT` seconds."""
    for _ in range(int(WAIT / 0.01)):
        if check():
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"{what} did not reach the expected state")


async def await_until(check: Callable[[], bool], what: str = "the calls") -> None:
    """Poll ``check`` in the event loop until it holds, at most :data:`WAIT` seconds."""
    for _ in range(int(WAIT / 0.01)):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{what} did not reach the expected state")
