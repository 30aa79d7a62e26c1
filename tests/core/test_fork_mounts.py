"""A client whose connections live in a mounted transport's pool (behind
``HTTPS_PROXY``/``ALL_PROXY``, or a caller's ``mounts``), used before a fork: the fork
guard looked only at the client's default transport, so a forked child sent on the
parent's kept-alive sockets through the mount. It now refuses as it does for the default
pool. And a proxy connection that never connected, left in a pool by a cancelled queued
request, is reclaimed as a direct one is."""

from __future__ import annotations

import os

import httpcore
import httpx
import pytest

from beatkit import BeatConnect
from beatkit._core.closing import AsyncResponseGuard, ResponseGuard
from beatkit.testing import FakeBeatConnect, FakeServer
from tests.core._fork import in_child

fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@fork_only
def test_a_client_sending_through_a_mount_before_the_fork_refuses_in_the_child(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    fake = beatconnect_server.fake
    # Every request goes through the mount: the default transport's pool stays empty.
    http = httpx.Client(mounts={"all://": httpx.HTTPTransport()})
    with (
        http,
        BeatConnect(
            api_key=fake.api_key, base_url=beatconnect_server.base_url, http_client=http
        ) as client,
    ):
        assert client.beats.get(1234).id == 1234  # a kept-alive connection in the mount
        assert http._mounts  # the layout the test relies on
        sent = len(fake.requests)
        outcome = in_child(lambda: client.beats.get(1001).id)
        assert outcome[:2] == ("error", "ClientClosedError")
        assert "another process" in outcome[2]
        assert len(fake.requests) == sent  # nothing went out from the child
        assert client.beats.get(1001).id == 1001  # the parent's client is unharmed


@fork_only
def test_a_client_with_an_unused_mount_still_works_in_the_child(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    fake = beatconnect_server.fake
    http = httpx.Client(mounts={"all://": httpx.HTTPTransport()})
    with (
        http,
        BeatConnect(
            api_key=fake.api_key, base_url=beatconnect_server.base_url, http_client=http
        ) as client,
    ):
        assert in_child(lambda: client.beats.get(1001).id) == ("ok", 1001)


def _orphan(pool: httpcore.ConnectionPool | httpcore.AsyncConnectionPool) -> object:
    """A connection as a cancelled queued request leaves it: created, never connected,
    owned by no request."""
    connection = pool.create_connection(httpcore.Origin(b"https", b"example.test", 443))
    pool._connections.append(connection)
    return connection


def test_a_never_connected_proxy_connection_is_reclaimed() -> None:
    proxy = "http://127.0.0.1:9"  # never reached: nothing is sent
    with httpx.Client(mounts={"all://": httpx.HTTPTransport(proxy=proxy)}) as http:
        (transport,) = http._mounts.values()
        assert isinstance(transport, httpx.HTTPTransport)
        pool = transport._pool
        orphan = _orphan(pool)
        assert "Tunnel" in type(orphan).__name__  # https through a proxy: CONNECT
        ResponseGuard.reclaim(http)
        assert orphan not in pool.connections


async def test_a_never_connected_proxy_connection_is_reclaimed_async() -> None:
    proxy = "http://127.0.0.1:9"
    async with httpx.AsyncClient(mounts={"all://": httpx.AsyncHTTPTransport(proxy=proxy)}) as http:
        (transport,) = http._mounts.values()
        assert isinstance(transport, httpx.AsyncHTTPTransport)
        pool = transport._pool
        tunnel = _orphan(pool)
        forward = pool.create_connection(httpcore.Origin(b"http", b"example.test", 80))
        pool._connections.append(forward)
        assert "Forward" in type(forward).__name__  # plain http through a proxy
        await AsyncResponseGuard.reclaim(http)
        assert tunnel not in pool.connections
        assert forward not in pool.connections
