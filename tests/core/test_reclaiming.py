"""``reclaiming(client)``, the context manager around every send: when the send fails,
the lost pool slots are given back and the send's own error goes on unchanged; a send
that succeeds leaves the pool alone."""

from __future__ import annotations

from typing import Any

import httpcore
import httpx
import pytest

from beatkit._core.closing import AsyncResponseGuard, ResponseGuard


class Boom(Exception):
    """The send's own failure."""


def _with_orphan(pool: Any) -> object:
    """A connection as a cancelled queued request leaves it: never connected, no owner."""
    connection = pool.create_connection(httpcore.Origin(b"http", b"127.0.0.1", 9))
    pool._connections.append(connection)
    return connection


def test_reclaiming_gives_the_slot_back_and_the_error_goes_on() -> None:
    with httpx.Client() as http:
        pool = http._transport._pool  # type: ignore[attr-defined]
        orphan = _with_orphan(pool)
        with ResponseGuard.reclaiming(http):
            pass
        assert orphan in pool._connections  # nothing failed: left alone
        error = Boom("the send failed")
        with pytest.raises(Boom) as raised, ResponseGuard.reclaiming(http):
            raise error
        assert raised.value is error
        assert orphan not in pool._connections


async def test_reclaiming_gives_the_slot_back_and_the_error_goes_on_async() -> None:
    async with httpx.AsyncClient() as http:
        pool = http._transport._pool  # type: ignore[attr-defined]
        orphan = _with_orphan(pool)
        async with AsyncResponseGuard.reclaiming(http):
            pass
        assert orphan in pool._connections
        error = Boom("the send failed")
        with pytest.raises(Boom) as raised:
            async with AsyncResponseGuard.reclaiming(http):
                raise error
        assert raised.value is error
        assert orphan not in pool._connections
