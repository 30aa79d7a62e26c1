"""Timing helpers and the loopback server shared by the request-overhead benchmarks (run
as scripts from ``bench/``)."""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import multiprocessing
import socket
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager

import httpx


class RequestCount:
    """The server's request counts (``[all, unexpected]``), read between calls (the
    server is idle then)."""

    def __init__(self, counts: Sequence[int], expected: str) -> None:
        self._counts = counts
        self._expected = expected

    def snapshot(self) -> tuple[int, int]:
        return self._counts[0], self._counts[1]

    def check(self, since: tuple[int, int], calls: int, what: str) -> None:
        """Exactly ``calls`` requests since ``since``, all of them the expected one."""
        total, unexpected = self.snapshot()
        sent, wrong = total - since[0], unexpected - since[1]
        if sent != calls or wrong:
            raise SystemExit(
                f"{what}: {calls} calls sent {sent} requests ({wrong} not the expected "
                f"{self._expected})"
            )


def overhead_arguments(doc: str, *, local: bool = True) -> argparse.Namespace:
    """The options every overhead bench takes: ``--requests``, ``--rounds`` and (when
    it can run in process) ``--local``, checked.

    Args:
        doc: The bench's module docstring; its first line describes the command.
        local: Whether the bench offers ``--local`` (an in-process transport).

    Returns:
        The parsed options.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--requests", type=int, default=1000, help="requests per round (default 1000)"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="interleaved rounds, median kept (default 5)"
    )
    if local:
        parser.add_argument(
            "--local",
            action="store_true",
            help="an in-process transport instead of the loopback server (client-side work only)",
        )
    args = parser.parse_args()
    if args.requests < 1 or args.rounds < 1:
        parser.error("--requests and --rounds must be at least 1")
    return args


def timed(
    fn: Callable[[], object], n: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Calls per second of ``n`` sequential calls of ``fn``.

    ``clock`` is wall time by default (a request waits for the server, in another
    process); pass ``time.process_time`` for work done in this process alone, which
    then does not count the time other processes of a busy machine take from it.
    """
    start = clock()
    for _ in range(n):
        fn()
    return n / (clock() - start)


async def atimed(
    fn: Callable[[], Awaitable[object]], n: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Calls per second of ``n`` sequential awaited calls of ``fn`` (``clock``: see
    :func:`timed`)."""
    start = clock()
    for _ in range(n):
        await fn()
    return n / (clock() - start)


WARMUP = 20
"""Calls of each side before timing: connections, caches and hooks warmed up."""


def compare(
    raw: Callable[[], object],
    kit: Callable[[], object],
    counter: RequestCount,
    check: Callable[[object, object], None],
    *,
    n: int,
    rounds: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[tuple[float, float]]:
    """Warm both sides up (each call exactly one expected request), ``check`` one result
    of each, then time ``rounds`` interleaved rounds of ``n`` calls: (raw, beatkit) per
    round. Interleaving makes drift in machine load hit both sides alike."""
    for fn, side in ((raw, "sync raw"), (kit, "sync beatkit")):
        since = counter.snapshot()
        for _ in range(WARMUP):
            fn()
        counter.check(since, WARMUP, side)
    check(raw(), kit())
    since = counter.snapshot()
    pairs = [(timed(raw, n, clock), timed(kit, n, clock)) for _ in range(rounds)]
    counter.check(since, 2 * n * rounds, "sync timing")
    return pairs


async def acompare(
    raw: Callable[[], Awaitable[object]],
    kit: Callable[[], Awaitable[object]],
    counter: RequestCount,
    check: Callable[[object, object], None],
    *,
    n: int,
    rounds: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[tuple[float, float]]:
    """:func:`compare` for awaited calls."""
    for fn, side in ((raw, "async raw"), (kit, "async beatkit")):
        since = counter.snapshot()
        for _ in range(WARMUP):
            await fn()
        counter.check(since, WARMUP, side)
    check(await raw(), await kit())
    since = counter.snapshot()
    pairs = [(await atimed(raw, n, clock), await atimed(kit, n, clock)) for _ in range(rounds)]
    counter.check(since, 2 * n * rounds, "async timing")
    return pairs


def summary(pairs: list[tuple[float, float]]) -> tuple[float, float, float, float, float]:
    """Median raw and beatkit throughput, the median of the per-round ratios, and the
    lowest and highest of those ratios.

    Each round times both sides back to back, so a round's ratio compares like with
    like; the median of those ratios shrugs off rounds a noisy neighbour disturbed.
    The two medians of throughput are taken apart (from different rounds, maybe), so
    their quotient need not be the ratio printed; the spread says how far to trust it.
    """
    raws = sorted(raw for raw, _ in pairs)
    kits = sorted(kit for _, kit in pairs)
    ratios = sorted(kit / raw for raw, kit in pairs)
    mid = len(pairs) // 2
    return raws[mid], kits[mid], ratios[mid], ratios[0], ratios[-1]


def report(label: str, pairs: list[tuple[float, float]]) -> None:
    """Print one line: median req/s of each side, the median ratio and its spread, and
    what beatkit adds per call (from the median throughputs)."""
    raw, kit, ratio, low, high = summary(pairs)
    extra = (1 / kit - 1 / raw) * 1e6
    print(
        f"{label:8}{raw:>18,.0f}{kit:>16,.0f}{ratio:>8.2f}{f'{low:.2f}-{high:.2f}':>12}"
        f"{extra:>12,.0f}"
    )


_COLUMNS = (("raw httpx req/s", 18), ("beatkit req/s", 16), ("ratio", 8), ("spread", 12))
HEADER = " " * 8 + "".join(name.rjust(width) for name, width in _COLUMNS) + "+us/call".rjust(12)
"""The column titles of :func:`report`'s lines."""


class LocalTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers every request in this process with the same response: no socket, no
    server, so what is timed is the client side alone (httpx's and beatkit's work).

    Counts the requests like :func:`serve` does: ``counts[0]`` every request,
    ``counts[1]`` those whose method and path are not ``method`` and ``path`` or that
    do not carry ``authorization``.
    """

    def __init__(
        self,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        *,
        method: str,
        path: str,
        authorization: str,
    ) -> None:
        self._status, self._headers, self._body = status, headers, body
        self._method, self._path, self._authorization = method, path, authorization
        self.counts = [0, 0]

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.counts[0] += 1
        if (
            request.method != self._method
            or request.url.path != self._path
            or request.headers.get("authorization") != self._authorization
        ):
            self.counts[1] += 1
        return httpx.Response(self._status, headers=self._headers, content=self._body)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request)


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
                # A request body (a POST's) is read past, else it would be taken for
                # the next request's head.
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        await reader.readexactly(int(line.split(b":", 1)[1]))
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
