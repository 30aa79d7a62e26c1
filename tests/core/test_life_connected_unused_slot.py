"""A call cancelled just after its new connection connected gives the slot back.

A cancellation that lands as httpcore's connect finishes (an ``asyncio.wait_for`` or
``asyncio.timeout`` running out in the same turn of the loop in which the socket
connected, a pager's prefetches cancelled by a ``break``) is delivered at httpcore's
next await: taking the HTTP/1.1 connection's state lock, before the request starts on
it. That connection stays in the pool connected, in state ``NEW``, owned by no request:
never available, never idle, never expired, so it held its pool slot and its socket
until the client closed. Enough such cancellations (a few hundred timed-out calls over
loopback) took every slot: every later call failed with a pool timeout
(``APITimeoutError``). :meth:`AsyncResponseGuard.reclaim` now takes such connections
out and closes them, as it does the connections that never connected.

The end-to-end test lands the cancellation exactly there with a network backend that
asks for it as the connect returns (what the loop does when the timer and the socket
fire in one turn). Every wait is bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx
import pytest

from beatkit import AsyncBeatConnect
from beatkit._core.closing import AsyncResponseGuard, ResponseGuard
from beatkit.testing import FakeBeatConnect, serve
from tests.core._pool_waits import WAIT

BEAT = 1234


class _Stream(httpcore.AsyncNetworkStream):
    """A network stream that records its close."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self.inner = inner
        self.closed = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self.inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self.inner.write(buffer, timeout)

    async def aclose(self) -> None:
        self.closed = True
        await self.inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise NotImplementedError  # plain http only here

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class CancelAsConnected(httpcore.AsyncNetworkBackend):
    """anyio's backend; when ``armed``, the task that connects is cancelled as its
    connect returns (the cancellation is delivered at its next await)."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()
        self.armed = False
        self.streams: list[_Stream] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = _Stream(
            await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        )
        self.streams.append(stream)
        if self.armed:
            self.armed = False
            task = asyncio.current_task()
            assert task is not None
            task.cancel()
        return stream

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def test_a_call_cancelled_as_its_connection_connects_gives_the_slot_back() -> None:
    fake = FakeBeatConnect()
    backend = CancelAsConnected()
    transport = httpx.AsyncHTTPTransport()
    # httpx takes no network backend: its pool is swapped for one on the backend above.
    transport._pool = httpcore.AsyncConnectionPool(  # type: ignore[attr-defined]
        max_connections=1, network_backend=backend
    )
    http = httpx.AsyncClient(transport=transport)
    with serve(fake, hang=1.0) as server:
        bc = AsyncBeatConnect(
            api_key=fake.api_key,
            base_url=server.base_url,
            http_client=http,
            max_retries=0,
            # A lost slot shows as a pool timeout, well inside WAIT.
            timeout=httpx.Timeout(WAIT / 2, pool=1.0),
        )
        try:
            backend.armed = True
            cancelled = asyncio.create_task(bc.beats.get(BEAT))
            (outcome,) = await asyncio.wait_for(
                asyncio.gather(cancelled, return_exceptions=True), WAIT
            )
            assert isinstance(outcome, asyncio.CancelledError)
            assert not fake.requests_to(f"/v1/beats/{BEAT}")  # it never went out
            # Its connection, connected and never used, was closed...
            assert [stream.closed for stream in backend.streams] == [True]
            # ... and the only slot is free again: the next calls get a connection.
            beat = await asyncio.wait_for(bc.beats.get(BEAT), WAIT)
            assert beat.id == BEAT
            assert await asyncio.wait_for(bc.genres.list(), WAIT)
        finally:
            await bc.aclose()
            await http.aclose()
    assert all(stream.closed for stream in backend.streams)


class _SyncStream(httpcore.NetworkStream):
    """A sync stream that is never read or written, and records its close."""

    def __init__(self) -> None:
        self.closed = False

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        raise AssertionError("never read")

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        raise AssertionError("never written")

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, info: str) -> Any:
        return None


class _AsyncQuietStream(httpcore.AsyncNetworkStream):
    """An async stream that is never read or written, and records its close."""

    def __init__(self) -> None:
        self.closed = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        raise AssertionError("never read")

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        raise AssertionError("never written")

    async def aclose(self) -> None:
        self.closed = True

    def get_extra_info(self, info: str) -> Any:
        return None


ORIGIN = httpcore.Origin(b"http", b"127.0.0.1", 9)


class Boom(Exception):
    """The send's own failure."""


def _connected_unused(pool: Any, stream: Any, *, sync: bool) -> Any:
    """A pooled connection as a cancellation right after its connect leaves it."""
    connection = pool.create_connection(ORIGIN)
    kind = httpcore.HTTP11Connection if sync else httpcore.AsyncHTTP11Connection
    connection._connection = kind(origin=ORIGIN, stream=stream)
    pool._connections.append(connection)
    return connection


def test_reclaim_closes_a_connected_connection_no_request_used() -> None:
    with httpx.Client() as http:
        pool = http._transport._pool  # type: ignore[attr-defined]
        stream = _SyncStream()
        orphan = _connected_unused(pool, stream, sync=True)
        with pytest.raises(Boom), ResponseGuard.reclaiming(http):
            raise Boom
        assert orphan not in pool._connections
        assert stream.closed


async def test_reclaim_closes_a_connected_connection_no_request_used_async() -> None:
    async with httpx.AsyncClient() as http:
        pool = http._transport._pool  # type: ignore[attr-defined]
        stream = _AsyncQuietStream()
        orphan = _connected_unused(pool, stream, sync=False)
        with pytest.raises(Boom):
            async with AsyncResponseGuard.reclaiming(http):
                raise Boom
        assert orphan not in pool._connections
        assert stream.closed


def test_reclaim_leaves_a_connected_connection_a_request_owns() -> None:
    with httpx.Client() as http:
        pool = http._transport._pool  # type: ignore[attr-defined]
        stream = _SyncStream()
        owned = _connected_unused(pool, stream, sync=True)
        # A request the pool handed the connection, about to send on it.
        waiting = httpcore._sync.connection_pool.PoolRequest(
            httpcore.Request("GET", "http://127.0.0.1:9/")
        )
        waiting.assign_to_connection(owned)
        pool._requests.append(waiting)
        with pytest.raises(Boom), ResponseGuard.reclaiming(http):
            raise Boom
        assert owned in pool._connections
        assert not stream.closed
        pool._requests.clear()


def test_reclaim_leaves_an_idle_connection() -> None:
    with httpx.Client() as http:
        pool = http._transport._pool  # type: ignore[attr-defined]
        stream = _SyncStream()
        idle = _connected_unused(pool, stream, sync=True)
        idle._connection._state = httpcore._sync.http11.HTTPConnectionState.IDLE
        idle._connection._request_count = 1
        with pytest.raises(Boom), ResponseGuard.reclaiming(http):
            raise Boom
        assert idle in pool._connections
        assert not stream.closed
        pool._connections.clear()  # its stream is not a socket to close


class ConnectProxy:
    """An HTTP proxy on 127.0.0.1 that opens every ``CONNECT`` tunnel and then never
    answers through it (the TLS handshake to the API never ends); it counts the tunnels
    asked for. Each connection's thread ends when the client closes it, or after WAIT."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.05)
        self.tunnels = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _accept(self) -> None:
        for _ in range(int(3 * WAIT / 0.05)):
            if self.stop.is_set():
                return
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(conn,), daemon=True).start()

    def _tunnel(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(WAIT)
            try:
                head = b""
                while b"\r\n\r\n" not in head:
                    data = conn.recv(4096)
                    if not data:
                        return
                    head += data
                if head.startswith(b"CONNECT "):
                    self.tunnels += 1
                conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                while conn.recv(65536):
                    pass
            except OSError:
                return

    def __enter__(self) -> ConnectProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(WAIT)
        self.listener.close()


async def test_a_call_cancelled_in_its_proxy_tunnel_handshake_gives_the_slot_back() -> None:
    # Through an https proxy's tunnel: the CONNECT answered, the TLS handshake cut by the
    # cancellation. The tunnel connection stayed in the pool, never set up and owned by
    # no request, and the only slot was lost.
    with ConnectProxy() as proxy:
        http = httpx.AsyncClient(proxy=proxy.url, limits=httpx.Limits(max_connections=1))
        bc = AsyncBeatConnect(
            api_key="test-api-key",
            base_url="https://api.beatconnect.test/v1",
            http_client=http,
            max_retries=0,
            timeout=httpx.Timeout(WAIT / 2, pool=1.0),
        )
        try:
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.5):
                    await bc.beats.get(BEAT)
            # The next call gets the slot (a new tunnel), and waits in its own handshake
            # until its deadline: not a pool timeout after 1 s.
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(2.0):
                    await bc.beats.get(BEAT)
            assert proxy.tunnels == 2
        finally:
            await bc.aclose()
            await http.aclose()


async def test_reclaim_takes_out_a_proxy_tunnel_that_never_connected() -> None:
    # Both a connection that never connected and a tunnel never set up: taken out once.
    async with httpx.AsyncClient(proxy="http://127.0.0.1:9") as http:
        (transport,) = http._mounts.values()  # type: ignore[attr-defined]
        pool = transport._pool
        tunnel = pool.create_connection(httpcore.Origin(b"https", b"api.example.test", 443))
        pool._connections.append(tunnel)
        with pytest.raises(Boom):
            async with AsyncResponseGuard.reclaiming(http):
                raise Boom
        assert tunnel not in pool._connections


class _HeldWrites(_Stream):
    """A stream whose first write (the request) never ends; when that write is
    cancelled, the task is cancelled once more (as an ``asyncio.gather`` inside an anyio
    cancel scope hands on the scope's repeated cancellations), landing in httpcore's
    cleanup of the connection."""

    def __init__(self, inner: httpcore.AsyncNetworkStream, hold: bool) -> None:
        super().__init__(inner)
        self.hold = hold

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if self.hold:
            self.hold = False
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                task = asyncio.current_task()
                assert task is not None
                task.cancel()
                raise
        await self.inner.write(buffer, timeout)


class CancelledTwiceInCleanup(httpcore.AsyncNetworkBackend):
    """anyio's backend; the first connection's request write is held (see _HeldWrites)."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()
        self.streams: list[_HeldWrites] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        inner = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        stream = _HeldWrites(inner, hold=not self.streams)
        self.streams.append(stream)
        return stream

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def test_a_call_cancelled_again_in_httpcores_cleanup_gives_the_slot_back() -> None:
    fake = FakeBeatConnect()
    backend = CancelledTwiceInCleanup()
    transport = httpx.AsyncHTTPTransport()
    transport._pool = httpcore.AsyncConnectionPool(  # type: ignore[attr-defined]
        max_connections=1, network_backend=backend
    )
    http = httpx.AsyncClient(transport=transport)
    with serve(fake, hang=1.0) as server:
        bc = AsyncBeatConnect(
            api_key=fake.api_key,
            base_url=server.base_url,
            http_client=http,
            max_retries=0,
            timeout=httpx.Timeout(WAIT / 2, pool=1.0),
        )
        try:
            call = asyncio.create_task(bc.beats.get(BEAT))
            for _ in range(int(WAIT / 0.01)):
                if backend.streams:
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.05)  # the request's write is held
            call.cancel()
            (outcome,) = await asyncio.wait_for(asyncio.gather(call, return_exceptions=True), WAIT)
            assert isinstance(outcome, asyncio.CancelledError)
            # httpcore's cleanup was cut short (the connection left ACTIVE, owned by no
            # request): the connection is closed, and the only slot is free again.
            assert backend.streams[0].closed
            beat = await asyncio.wait_for(bc.beats.get(BEAT), WAIT)
            assert beat.id == BEAT
        finally:
            await bc.aclose()
            await http.aclose()


def test_reclaim_closes_an_active_connection_no_request_owns() -> None:
    with httpx.Client() as http:
        pool = http._transport._pool  # type: ignore[attr-defined]
        stream = _SyncStream()
        stranded = _connected_unused(pool, stream, sync=True)
        stranded._connection._state = httpcore._sync.http11.HTTPConnectionState.ACTIVE
        stranded._connection._request_count = 1
        with pytest.raises(Boom), ResponseGuard.reclaiming(http):
            raise Boom
        assert stranded not in pool._connections
        assert stream.closed
