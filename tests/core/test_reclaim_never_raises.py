"""Giving back lost pool slots after a failed send (``reclaim``) runs inside the send's
``except`` block: an unexpected error from it (another httpcore layout) replaced the
caller's own exception (a cancellation, a connection error). It never raises now, logs
at debug on the ``beatkit`` logger, and leaves a pool it cannot handle unchanged."""

from __future__ import annotations

import contextlib
import logging
import types
from typing import Any, NoReturn

import httpcore
import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit._core.closing import AsyncResponseGuard, ResponseGuard
from beatkit.testing import FakeBeatConnect, FakeServer


class Boom(Exception):
    """The send's own failure."""


def _boom(*args: Any, **kwargs: Any) -> NoReturn:
    raise Boom("the send failed")


async def _aboom(*args: Any, **kwargs: Any) -> NoReturn:
    raise Boom("the send failed")


def _key_error(*args: Any, **kwargs: Any) -> NoReturn:
    raise KeyError("changed layout")


def _with_orphan(pool: Any) -> object:
    """A connection as a cancelled queued request leaves it: never connected, no owner."""
    connection = pool.create_connection(httpcore.Origin(b"http", b"127.0.0.1", 9))
    pool._connections.append(connection)
    return connection


def test_a_failing_reclaim_leaves_the_sends_own_error(
    beatconnect_server: FakeServer[FakeBeatConnect],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = beatconnect_server.fake
    http = httpx.Client()
    pool = http._transport._pool  # type: ignore[attr-defined]
    orphan = _with_orphan(pool)
    monkeypatch.setattr(pool, "_assign_requests_to_connections", _key_error)
    monkeypatch.setattr(http, "send", _boom)
    caplog.set_level(logging.DEBUG, logger="beatkit")
    with (
        http,
        BeatConnect(
            api_key=fake.api_key, base_url=beatconnect_server.base_url, http_client=http
        ) as client,
    ):
        with pytest.raises(Boom):
            client.beats.get(1234)
        assert orphan in pool._connections  # not half-changed
    assert any(r.name == "beatkit" and r.levelno == logging.DEBUG for r in caplog.records)


async def test_a_failing_reclaim_leaves_the_sends_own_error_async(
    beatconnect_server: FakeServer[FakeBeatConnect],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = beatconnect_server.fake
    http = httpx.AsyncClient()
    pool = http._transport._pool  # type: ignore[attr-defined]
    orphan = _with_orphan(pool)
    monkeypatch.setattr(pool, "_assign_requests_to_connections", _key_error)
    monkeypatch.setattr(http, "send", _aboom)
    async with (
        http,
        AsyncBeatConnect(
            api_key=fake.api_key, base_url=beatconnect_server.base_url, http_client=http
        ) as client,
    ):
        with pytest.raises(Boom):
            await client.beats.get(1234)
        assert orphan in pool._connections


def _layout_without_assign(orphan: object) -> types.SimpleNamespace:
    """A pool of another layout: no ``_assign_requests_to_connections``."""
    return types.SimpleNamespace(
        _optional_thread_lock=contextlib.nullcontext(), _requests=[], _connections=[orphan]
    )


def test_a_pool_it_cannot_hand_slots_over_in_is_left_unchanged() -> None:
    http = httpx.Client()
    real = http._transport._pool  # type: ignore[attr-defined]
    orphan = httpcore.ConnectionPool().create_connection(httpcore.Origin(b"http", b"127.0.0.1", 9))
    layout = _layout_without_assign(orphan)
    http._transport._pool = layout  # type: ignore[attr-defined]
    ResponseGuard.reclaim(http)
    assert layout._connections == [orphan]
    http._transport._pool = real  # type: ignore[attr-defined]
    http.close()


async def test_a_pool_it_cannot_hand_slots_over_in_is_left_unchanged_async() -> None:
    http = httpx.AsyncClient()
    real = http._transport._pool  # type: ignore[attr-defined]
    orphan = httpcore.AsyncConnectionPool().create_connection(
        httpcore.Origin(b"http", b"127.0.0.1", 9)
    )
    layout = _layout_without_assign(orphan)
    http._transport._pool = layout  # type: ignore[attr-defined]
    await AsyncResponseGuard.reclaim(http)
    assert layout._connections == [orphan]
    http._transport._pool = real  # type: ignore[attr-defined]
    await http.aclose()
