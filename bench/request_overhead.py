"""Request overhead of ``client.beats.get()`` against raw httpx, sync and async.

By default both sides talk to the same loopback server, which runs in its own
process (so it does not compete with the client for the GIL) and answers every
request with the same canned BeatConnect beat. With ``--local`` both sides send to
an in-process httpx transport that returns that answer at once: no socket, no
server, so the figures are the client-side work alone, in CPU time (other work on
a busy machine does not count), and beatkit's share of it shows undiluted (the
loopback run, in wall time, is closer to what a user sees; the local run is the
one to profile and to compare changes with).

The raw baseline is ``httpx.Client.get(url).json()`` with the same bearer key;
beatkit adds request building, auth, pacing, retries bookkeeping, rate-limit header
reading, error mapping and decoding into a typed ``Beat``. Before timing, and again
after it, the request counts confirm one request per call, each a ``GET`` of the
beat with the key. Printed as throughput, the ratio beatkit/raw (1.0 = no
overhead; the goal is >= 0.9 on loopback), the median of interleaved rounds with
the lowest and highest round, and the microseconds beatkit adds per call.

Run: ``python bench/request_overhead.py [--requests N] [--rounds N] [--local]``.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import json
import multiprocessing
import time

import httpx
from _throughput import (
    HEADER,
    LocalTransport,
    RequestCount,
    acompare,
    compare,
    overhead_arguments,
    report,
    serve,
)

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.beatconnect.models import Beat
from beatkit.testing.beatconnect import FakeBeatConnect

# The spec's example beat, as the bundled fake serves it.
BEAT = next(beat for beat in FakeBeatConnect().beats if beat["id"] == 1234)
KEY = "bench-key"
PATH = "/v1/beats/1234"


def _answer() -> tuple[list[tuple[str, str]], bytes]:
    body = json.dumps({"status": "success", "data": {"beat": BEAT}}).encode()
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))),
        ("X-RateLimit-Limit", "1000000"),
        ("X-RateLimit-Remaining", "999999"),
        ("X-RateLimit-Reset", str(int(time.time()) + 3600)),
        ("X-Request-Id", "req_bench"),
    ]
    return headers, body


def _response(headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = "HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode() + body


def _check_results(raw: object, kit: object, what: str) -> None:
    """The raw side got the beat's JSON and beatkit a decoded ``Beat`` of it."""
    if not isinstance(raw, dict) or raw.get("data", {}).get("beat", {}).get("id") != 1234:
        raise SystemExit(f"{what}: raw httpx did not get beat 1234: {raw!r:.200}")
    if not isinstance(kit, Beat) or kit.id != 1234:
        raise SystemExit(f"{what}: beatkit did not return Beat 1234: {kit!r:.200}")


def bench_sync(
    base: str, transport: LocalTransport | None, counter: RequestCount, n: int, rounds: int
) -> list[tuple[float, float]]:
    raw_client = httpx.Client(transport=transport)
    # The local transport reaches beatkit through a caller-owned client, as a user's would.
    own = httpx.Client(transport=transport) if transport is not None else None
    url = f"{base}/beats/1234"
    bc = BeatConnect(api_key=KEY, base_url=base, max_retries=0, http_client=own)
    headers = {"Authorization": f"Bearer {KEY}", "Accept": "application/json"}

    def raw() -> object:
        return raw_client.get(url, headers=headers).json()

    def kit() -> object:
        return bc.beats.get(1234)

    clock = time.process_time if transport is not None else time.perf_counter
    check = functools.partial(_check_results, what="sync")
    pairs = compare(raw, kit, counter, check, n=n, rounds=rounds, clock=clock)
    raw_client.close()
    bc.close()
    if own is not None:
        own.close()
    return pairs


async def bench_async(
    base: str, transport: LocalTransport | None, counter: RequestCount, n: int, rounds: int
) -> list[tuple[float, float]]:
    raw_client = httpx.AsyncClient(transport=transport)
    own = httpx.AsyncClient(transport=transport) if transport is not None else None
    url = f"{base}/beats/1234"
    bc = AsyncBeatConnect(api_key=KEY, base_url=base, max_retries=0, http_client=own)
    headers = {"Authorization": f"Bearer {KEY}", "Accept": "application/json"}

    async def raw() -> object:
        return (await raw_client.get(url, headers=headers)).json()

    async def kit() -> object:
        return await bc.beats.get(1234)

    clock = time.process_time if transport is not None else time.perf_counter
    check = functools.partial(_check_results, what="async")
    pairs = await acompare(raw, kit, counter, check, n=n, rounds=rounds, clock=clock)
    await raw_client.aclose()
    await bc.aclose()
    if own is not None:
        await own.aclose()
    return pairs


def _run(
    base: str, transport: LocalTransport | None, counter: RequestCount, n: int, rounds: int
) -> None:
    print(HEADER)
    report("sync", bench_sync(base, transport, counter, n, rounds))
    report("async", asyncio.run(bench_async(base, transport, counter, n, rounds)))


def main() -> None:
    args = overhead_arguments(__doc__)

    headers, body = _answer()
    where = "in-process transport" if args.local else "loopback server"
    print(
        f"request overhead ({where}): {args.requests} sequential GETs x {args.rounds} "
        "interleaved rounds, medians"
    )
    if args.local:
        transport = LocalTransport(
            200, headers, body, method="GET", path=PATH, authorization=f"Bearer {KEY}"
        )
        counter = RequestCount(transport.counts, "GET with the key")
        _run("http://127.0.0.1/v1", transport, counter, args.requests, args.rounds)
        return
    # Written by the server only, read here only while no request is in flight.
    counts = multiprocessing.RawArray(ctypes.c_longlong, 2)
    request_line = f"GET {PATH} HTTP/1.1\r\n".encode()
    bearer = f"Bearer {KEY}\r\n".encode()
    payload = _response(headers, body)
    with serve(payload, counts=counts, request_line=request_line, bearer=bearer) as port:
        _run(
            f"http://127.0.0.1:{port}/v1",
            None,
            RequestCount(counts, "GET with the key"),
            args.requests,
            args.rounds,
        )


if __name__ == "__main__":
    main()
