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
import multiprocessing
import socket
import time

import httpx
from _throughput import atimed, summary, timed

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


def _serve(port_queue: multiprocessing.Queue[int]) -> None:
    """A minimal keep-alive HTTP/1.1 server: every GET gets the canned beat."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        payload = _response()
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    break
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

    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(ports,), daemon=True)
    server.start()
    try:
        port = ports.get(timeout=10)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
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
    finally:
        server.terminate()
        server.join(timeout=5)


if __name__ == "__main__":
    main()
