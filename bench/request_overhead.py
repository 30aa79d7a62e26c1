"""Request overhead of ``client.beats.get()`` against raw httpx, sync and async.

Both sides talk to the same loopback server, which runs in its own process (so it
does not compete with the client for the GIL) and answers every request with the
same canned BeatConnect beat. The raw baseline is ``httpx.Client.get(url).json()``;
beatkit adds request building, auth, pacing, retries bookkeeping, error mapping and
decoding into a typed ``Beat``. Printed as throughput and the ratio beatkit/raw
(1.0 = no overhead; the goal is >= 0.9), the median of interleaved rounds.

Run: ``python bench/request_overhead.py [--requests N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import httpx
from _throughput import atimed, serve, summary, timed

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.testing.beatconnect import FakeBeatConnect

# The spec's example beat, as the bundled fake serves it.
BEAT = next(beat for beat in FakeBeatConnect().beats if beat["id"] == 1234)


def _response() -> bytes:
    body = json.dumps({"status": "success", "data": {"beat": BEAT}}).encode()
    head = (
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "X-RateLimit-Limit: 1000000\r\n"
        "X-RateLimit-Remaining: 999999\r\n"
        f"X-RateLimit-Reset: {int(time.time()) + 3600}\r\n"
        "X-Request-Id: req_bench\r\n"
        "\r\n"
    )
    return head.encode() + body


def bench_sync(base: str, n: int, rounds: int) -> list[tuple[float, float]]:
    raw_client = httpx.Client()
    url = f"{base}/beats/1234"
    bc = BeatConnect(api_key="bench-key", base_url=base, max_retries=0)
    headers = {"Authorization": "Bearer bench-key", "Accept": "application/json"}
    for fn in (lambda: raw_client.get(url, headers=headers).json(), lambda: bc.beats.get(1234)):
        fn()  # warm up connections and caches
    # Interleave rounds so that drift in machine load hits both sides alike.
    pairs = [
        (
            timed(lambda: raw_client.get(url, headers=headers).json(), n),
            timed(lambda: bc.beats.get(1234), n),
        )
        for _ in range(rounds)
    ]
    raw_client.close()
    bc.close()
    return pairs


async def bench_async(base: str, n: int, rounds: int) -> list[tuple[float, float]]:
    raw_client = httpx.AsyncClient()
    url = f"{base}/beats/1234"
    bc = AsyncBeatConnect(api_key="bench-key", base_url=base, max_retries=0)
    headers = {"Authorization": "Bearer bench-key", "Accept": "application/json"}

    async def raw() -> object:
        return (await raw_client.get(url, headers=headers)).json()

    async def kit() -> object:
        return await bc.beats.get(1234)

    await raw()
    await kit()
    pairs = [(await atimed(raw, n), await atimed(kit, n)) for _ in range(rounds)]
    await raw_client.aclose()
    await bc.aclose()
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--requests", type=int, default=1000, help="requests per round (default 1000)"
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="interleaved rounds, best kept (default 5)"
    )
    args = parser.parse_args()

    with serve(_response()) as port:
        base = f"http://127.0.0.1:{port}/v1"
        print(
            f"request overhead: {args.requests} sequential GETs x {args.rounds} interleaved "
            "rounds, medians"
        )
        print(f"{'':8}{'raw httpx req/s':>18}{'beatkit req/s':>16}{'ratio':>8}")
        raw, kit, ratio = summary(bench_sync(base, args.requests, args.rounds))
        print(f"{'sync':8}{raw:>18,.0f}{kit:>16,.0f}{ratio:>8.2f}")
        raw, kit, ratio = summary(asyncio.run(bench_async(base, args.requests, args.rounds)))
        print(f"{'async':8}{raw:>18,.0f}{kit:>16,.0f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
