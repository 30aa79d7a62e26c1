"""Request overhead of ``bt.tracks.get()`` against raw httpx, sync and async.

Both sides talk to the same loopback server, which runs in its own process (so it
does not compete with the client for the GIL) and answers every request with the
same canned Beat Technology track, the body ``FakeBeatTech`` gives for
``GET /v2/tracks/{id}``. The raw baseline is ``httpx.Client.get(url).json()`` with the
user's bearer token; beatkit adds request building, token routing (a logged-in
user token from a ``MemoryTokenStore``, so no token request is made), retries
bookkeeping, error mapping and decoding into a typed ``Track``. Before timing, and
again after it, the server's request count confirms one request per call, each a
``GET`` of the track with the user's token. Printed as throughput and the ratio
beatkit/raw (1.0 = no overhead), the median of interleaved rounds with the lowest and
highest round, and the microseconds beatkit adds per call.

Run: ``python bench/beattech_overhead.py [--requests N] [--rounds N]``.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import multiprocessing
from datetime import UTC, datetime

import httpx
from _throughput import (
    HEADER,
    RequestCount,
    acompare,
    compare,
    overhead_arguments,
    report,
    serve,
)

from beatkit import AsyncBeatTech, BeatTech
from beatkit.auth import MemoryTokenStore, Token
from beatkit.beattech.models import Track
from beatkit.testing.beattech import FakeBeatTech

TRACK_ID = "10001"


def _fixture() -> tuple[FakeBeatTech, dict[str, object], bytes]:
    """The fake, a fresh user token from it, and its answer to ``GET /tracks/{TRACK_ID}``."""
    fake = FakeBeatTech()
    token = fake.issue_token(fake.user_id)
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        response = client.get(f"/tracks/{TRACK_ID}", headers=headers)
    response.raise_for_status()
    return fake, token, response.content


def _response(body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _check_results(raw: object, kit: object, what: str) -> None:
    """The raw side got the track's JSON and beatkit a decoded ``Track`` of it."""
    if not isinstance(raw, dict) or raw.get("track", {}).get("id") != TRACK_ID:
        raise SystemExit(f"{what}: raw httpx did not get track {TRACK_ID}: {raw!r:.200}")
    if not isinstance(kit, Track) or kit.id != TRACK_ID:
        raise SystemExit(f"{what}: beatkit did not return Track {TRACK_ID}: {kit!r:.200}")


def _user_token(data: dict[str, object]) -> Token:
    """A fresh user token (an hour's lifetime: no refresh during the run)."""
    return Token.from_response(data, now=datetime.now(UTC))


def bench_sync(
    base: str,
    fake: FakeBeatTech,
    token: dict[str, object],
    counter: RequestCount,
    n: int,
    rounds: int,
) -> list[tuple[float, float]]:
    raw_client = httpx.Client()
    url = f"{base}/tracks/{TRACK_ID}"
    headers = {"Authorization": f"Bearer {token['access_token']}", "Accept": "application/json"}
    bt = BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=base,
        max_retries=0,
        store=MemoryTokenStore(_user_token(token)),
    )

    def raw() -> object:
        return raw_client.get(url, headers=headers).json()

    def kit() -> object:
        return bt.tracks.get(TRACK_ID)

    check = functools.partial(_check_results, what="sync")
    pairs = compare(raw, kit, counter, check, n=n, rounds=rounds)
    raw_client.close()
    bt.close()
    return pairs


async def bench_async(
    base: str,
    fake: FakeBeatTech,
    token: dict[str, object],
    counter: RequestCount,
    n: int,
    rounds: int,
) -> list[tuple[float, float]]:
    raw_client = httpx.AsyncClient()
    url = f"{base}/tracks/{TRACK_ID}"
    headers = {"Authorization": f"Bearer {token['access_token']}", "Accept": "application/json"}
    bt = AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=base,
        max_retries=0,
        store=MemoryTokenStore(_user_token(token)),
    )

    async def raw() -> object:
        return (await raw_client.get(url, headers=headers)).json()

    async def kit() -> object:
        return await bt.tracks.get(TRACK_ID)

    check = functools.partial(_check_results, what="async")
    pairs = await acompare(raw, kit, counter, check, n=n, rounds=rounds)
    await raw_client.aclose()
    await bt.aclose()
    return pairs


def main() -> None:
    args = overhead_arguments(__doc__, local=False)

    fake, token, body = _fixture()
    request_line = f"GET /v2/tracks/{TRACK_ID} HTTP/1.1\r\n".encode()
    bearer = f"Bearer {token['access_token']}\r\n".encode()
    # Written by the server only, read here only while no request is in flight.
    counts = multiprocessing.RawArray(ctypes.c_longlong, 2)
    with serve(_response(body), counts=counts, request_line=request_line, bearer=bearer) as port:
        base = f"http://127.0.0.1:{port}/v2"
        counter = RequestCount(counts, "GET with the user token")
        print(
            f"Beat Technology request overhead: {args.requests} sequential GETs x "
            f"{args.rounds} interleaved rounds, medians"
        )
        print(HEADER)
        report("sync", bench_sync(base, fake, token, counter, args.requests, args.rounds))
        pairs = asyncio.run(bench_async(base, fake, token, counter, args.requests, args.rounds))
        report("async", pairs)


if __name__ == "__main__":
    main()
