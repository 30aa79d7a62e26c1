"""A client closed while one of its calls is opening a connection, over loopback.

The call had passed every check of the client (open, and open as the pool began to
connect), then ``close()`` came from another thread (another task) while the TCP
handshake was under way. httpcore's close cannot close a connection that is still
connecting (it has no socket to close yet), so the call went on: its request went out
after the close, it returned a result from a closed client, and its socket stayed
open in a pool nobody would close again (``ResourceWarning: unclosed <socket...>``).

Now the call raises ``ClientClosedError``, nothing reaches the server, and the socket
it opened is closed. Every wait is bounded by ``WAIT``; nothing measures time.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect, ClientClosedError
from beatkit.testing import FakeBeatConnect, FakeServer, serve
from tests.core._pool_waits import WAIT

BEAT = 1234


class _GatedBackend:
    """A network backend whose connects wait for ``proceed`` once they have begun."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.connecting = threading.Event()
        self.proceed = threading.Event()
        self.streams: list[Any] = []

    def connect_tcp(self, *args: Any, **kwargs: Any) -> Any:
        self.connecting.set()
        assert self.proceed.wait(WAIT)
        stream = self.inner.connect_tcp(*args, **kwargs)
        self.streams.append(stream)
        return stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class _AsyncGatedBackend(_GatedBackend):
    async def connect_tcp(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.connecting.set()
        for _ in range(int(WAIT / 0.01)):
            if self.proceed.is_set():
                break
            await asyncio.sleep(0.01)
        stream = await self.inner.connect_tcp(*args, **kwargs)
        self.streams.append(stream)
        return stream


def _gate(http: httpx.Client | httpx.AsyncClient, backend: type[_GatedBackend]) -> _GatedBackend:
    # httpx offers no public way to hand its pool a network backend.
    pool = http._transport._pool  # type: ignore[attr-defined]
    gated = backend(pool._network_backend)
    pool._network_backend = gated
    return gated


def _socket_closed(stream: Any) -> bool:
    sock = stream.get_extra_info("socket")
    return sock is None or sock.fileno() == -1


@pytest.fixture
def server() -> Iterator[FakeServer[FakeBeatConnect]]:
    with serve(FakeBeatConnect(), hang=1.0) as served:
        yield served


def test_a_sync_call_connecting_as_the_client_closes_raises_client_closed(
    server: FakeServer[FakeBeatConnect],
) -> None:
    fake = server.fake
    client = BeatConnect(fake.api_key, base_url=server.base_url, requests_per_second=None)
    gate = _gate(client._transport.http_client, _GatedBackend)
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(client.beats.get(BEAT))
        except Exception as exc:  # checked below
            outcome.append(exc)

    thread = threading.Thread(target=call)
    try:
        thread.start()
        assert gate.connecting.wait(WAIT)
        client.close()
        gate.proceed.set()
        thread.join(WAIT)
        assert not thread.is_alive()
    finally:
        gate.proceed.set()
        client.close()
    assert [type(o) for o in outcome] == [ClientClosedError], outcome
    assert fake.requests_to(f"/beats/{BEAT}") == [], "a call went out after the client closed"
    assert gate.streams and all(_socket_closed(s) for s in gate.streams), "a socket was left open"


async def test_an_async_call_connecting_as_the_client_closes_raises_client_closed(
    server: FakeServer[FakeBeatConnect],
) -> None:
    fake = server.fake
    client = AsyncBeatConnect(fake.api_key, base_url=server.base_url, requests_per_second=None)
    gate = _gate(client._transport.http_client, _AsyncGatedBackend)
    try:
        call = asyncio.ensure_future(client.beats.get(BEAT))
        for _ in range(int(WAIT / 0.01)):
            if gate.connecting.is_set():
                break
            await asyncio.sleep(0.01)
        assert gate.connecting.is_set()
        await client.aclose()
        gate.proceed.set()
        outcome = await asyncio.wait_for(asyncio.gather(call, return_exceptions=True), WAIT)
    finally:
        gate.proceed.set()
        await client.aclose()
    assert [type(o) for o in outcome] == [ClientClosedError], outcome
    assert fake.requests_to(f"/beats/{BEAT}") == [], "a call went out after the client closed"
    assert gate.streams and all(_socket_closed(s) for s in gate.streams), "a socket was left open"


class _HeldFake(FakeBeatConnect):
    """Holds every request for the beat until ``release`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self.release = threading.Event()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(f"/beats/{BEAT}"):
            self.arrived.set()
            self.release.wait(WAIT * 3)
        return super().handle(request)


def test_close_ends_a_sync_call_waiting_for_its_answer() -> None:
    """A thread blocked reading its answer when another thread closes the client: it
    used to read on (a socket closed under it, by another thread, does not wake it)
    until the answer came or its read timeout ran out; with no read timeout, for ever."""
    fake = _HeldFake()
    with serve(fake, hang=1.0) as served:
        client = BeatConnect(
            fake.api_key, base_url=served.base_url, requests_per_second=None, timeout=None
        )
        outcome: list[object] = []

        def call() -> None:
            try:
                outcome.append(client.beats.get(BEAT))
            except Exception as exc:  # checked below
                outcome.append(exc)

        thread = threading.Thread(target=call, daemon=True)
        try:
            thread.start()
            assert fake.arrived.wait(WAIT)
            client.close()
            thread.join(WAIT)
            ended = not thread.is_alive()
        finally:
            fake.release.set()
            thread.join(WAIT)
        assert ended, "the call went on waiting for its answer after close()"
        assert [type(o) for o in outcome] == [ClientClosedError], outcome


async def test_close_ends_an_async_call_waiting_for_its_answer() -> None:
    """The async twin: a task awaiting its answer when the client closes."""
    fake = _HeldFake()
    with serve(fake, hang=1.0) as served:
        client = AsyncBeatConnect(
            fake.api_key, base_url=served.base_url, requests_per_second=None, timeout=None
        )
        try:
            call = asyncio.ensure_future(client.beats.get(BEAT))
            assert await asyncio.to_thread(fake.arrived.wait, WAIT)
            await client.aclose()
            done, _ = await asyncio.wait({call}, timeout=WAIT)
        finally:
            fake.release.set()
        assert done, "the call went on waiting for its answer after aclose()"
        outcome = await asyncio.gather(call, return_exceptions=True)
        assert [type(o) for o in outcome] == [ClientClosedError], outcome


class _CountingFake(FakeBeatConnect):
    """Sets ``busy`` once it has served ``CLOSE_AFTER`` requests."""

    def __init__(self) -> None:
        super().__init__(rate_limit=10**9)
        self.busy = threading.Event()
        self.served = 0
        self._guard = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self._guard:
            self.served += 1
            if self.served >= CLOSE_AFTER:
                self.busy.set()
        return super().handle(request)


CLOSE_AFTER = 40
"""Requests the server has seen when the stress tests close their client."""
THREADS = 16
TASKS = 50
CALLS = 20
"""Calls each thread or task makes, at most (a listing of several pages each)."""


def _pool_connections(http: httpx.Client | httpx.AsyncClient) -> list[Any]:
    return list(http._transport._pool.connections)  # type: ignore[attr-defined]


def test_16_threads_calling_as_the_client_closes_all_end_with_its_error() -> None:
    fake = _CountingFake()
    outcomes: list[str] = []
    guard = threading.Lock()
    with serve(fake, hang=1.0) as served:
        client = BeatConnect(fake.api_key, base_url=served.base_url, requests_per_second=None)
        barrier = threading.Barrier(THREADS + 1, timeout=WAIT)

        def work() -> None:
            barrier.wait()
            for _ in range(CALLS):
                try:
                    list(client.beats.list(per_page=20, limit=60))
                    outcome = "ok"
                except Exception as exc:  # counted: the assertion names it
                    outcome = type(exc).__name__
                with guard:
                    outcomes.append(outcome)
                if outcome != "ok":
                    return

        threads = [threading.Thread(target=work, daemon=True) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        barrier.wait()
        assert fake.busy.wait(WAIT)
        client.close()
        for thread in threads:
            thread.join(WAIT)
        assert not any(thread.is_alive() for thread in threads), "a call hung after close()"
    assert set(outcomes) <= {"ok", "ClientClosedError"}, outcomes
    assert outcomes.count("ClientClosedError") == THREADS
    assert _pool_connections(client._transport.http_client) == []


async def test_50_tasks_calling_as_the_client_closes_all_end_with_its_error() -> None:
    fake = _CountingFake()
    outcomes: list[str] = []
    with serve(fake, hang=1.0) as served:
        client = AsyncBeatConnect(fake.api_key, base_url=served.base_url, requests_per_second=None)

        async def work() -> None:
            for _ in range(CALLS):
                try:
                    [beat async for beat in client.beats.list(per_page=20, limit=60)]
                    outcome = "ok"
                except Exception as exc:  # counted: the assertion names it
                    outcome = type(exc).__name__
                outcomes.append(outcome)
                if outcome != "ok":
                    return

        tasks = [asyncio.ensure_future(work()) for _ in range(TASKS)]
        try:
            assert await asyncio.to_thread(fake.busy.wait, WAIT)
            await client.aclose()
            await asyncio.wait_for(asyncio.gather(*tasks), WAIT)
        finally:
            for task in tasks:
                task.cancel()
    assert set(outcomes) <= {"ok", "ClientClosedError"}, outcomes
    assert outcomes.count("ClientClosedError") == TASKS
    assert _pool_connections(client._transport.http_client) == []
