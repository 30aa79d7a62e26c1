"""Timing helpers and the loopback server shared by the request-overhead benchmarks (run
as scripts from ``bench/``)."""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager


def timed(fn: Callable[[], object], n: int) -> float:
    """Calls per second of ``n`` sequential calls of ``fn``."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


async def atimed(fn: Callable[[], Awaitable[object]], n: int) -> float:
    """Calls per second of ``n`` sequential awaited calls of ``fn``."""
    start = time.perf_counter()
    for _ in range(n):
        await fn()
    return n / (time.perf_counter() - start)


def summary(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Median raw and beatkit throughput, and the median of the per-round ratios.

    Each round times both sides back to back, so a round's ratio compares like with
    like; the median of those ratios shrugs off rounds a noisy neighbour disturbed.
    """
    raws = sorted(raw for raw, _ in pairs)
    kits = sorted(kit for _, kit in pairs)
    ratios = sorted(kit / raw for raw, kit in pairs)
    mid = len(pairs) // 2
    return raws[mid], kits[mid], ratios[mid]


@contextmanager
def serve(
    payload: bytes,
    *,
    counts: ctypes.Array[ctypes.c_longlong] | None = None,
    request_line: bytes = b"",
    bearer: bytes = b"",
) -> Iterator[int]:
    """A minimal keep-alive HTTP/1.1 server on loopback, in its own process (so it does
    not compete with the client for the GIL), answering every request with ``payload``.

    Yields its port once it accepts connections; stops it on exit.

    Args:
        payload: The whole response, status line and headers included.
        counts: If given, ``counts[0]`` counts every request and ``counts[1]`` those
            that do not start with ``request_line`` or do not carry ``bearer``.
        request_line: The request line every request should start with.
        bearer: Text every request's head should contain (its ``Authorization``).
    """
    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=_serve, args=(ports, payload, counts, request_line, bearer), daemon=True
    )
    server.start()
    try:
        port = ports.get(timeout=10)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        yield port
    finally:
        server.terminate()
        server.join(timeout=5)


def _serve(
    port_queue: multiprocessing.Queue[int],
    payload: bytes,
    counts: ctypes.Array[ctypes.c_longlong] | None,
    request_line: bytes,
    bearer: bytes,
) -> None:
    """The server process of :func:`serve`: hands its port over, then serves for ever."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    break
                if counts is not None:
                    counts[0] += 1
                    if not head.startswith(request_line) or bearer not in head:
                        counts[1] += 1
                writer.write(payload)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port_queue.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())
