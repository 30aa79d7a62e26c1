"""Request overhead of a JSON write, ``client.tracks.create(...)`` (BeatPass) with a
medium JSON body (about 4 KB: a long description, artist ids, tags and a list of link
objects), against raw httpx ``post(url, json=body)``, sync and async.

The companion of ``request_overhead.py`` (a GET) for the work a body adds: beatkit
checks each free-form field (BeatPass's ``json_fields``), writes the body itself
(compact, NaN refused, object keys that are not text refused), reads the 2xx answer
for the service's own failure statement (BeatPass's ``{"status": "error"}``) and
decodes a typed ``Track``. The raw side lets httpx write the same body.

By default both sides talk to the same loopback server, in its own process, which
answers every request with the ``201`` the bundled ``FakeBeatPass`` gives for that
body; with ``--local`` both send to an in-process httpx transport (client-side work
only, in CPU time). Before timing, and again after it, the request counts confirm
one request per call, each a ``POST`` of ``/tracks`` with the token. Printed as in
``request_overhead.py``: throughput, the ratio beatkit/raw (1.0 = no overhead), its
spread over interleaved rounds, and the microseconds beatkit adds per call.

Run: ``python bench/post_overhead.py [--requests N] [--rounds N] [--local]``.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import json
import multiprocessing
import time
from typing import Any

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

from beatkit import AsyncBeatPass, BeatPass
from beatkit.beatpass.models import Track
from beatkit.testing.beatpass import FakeBeatPass

PATH = "/api/v1/tracks"

FIELDS: dict[str, Any] = {
    "description": ("A slow-building house groove with a warm bassline and airy pads. " * 12),
    "duration": 312000,
    "genre": "Deep House",
    "artists": [1, 2],
    "tags": [f"tag-{i}" for i in range(30)],
    "bpm": 122,
    "key": "A minor",
    "links": [
        {"label": f"Mirror {i}", "url": f"https://example.com/mirror/{i}", "primary": i == 0}
        for i in range(20)
    ],
}
"""The keyword arguments of the call after ``name``: the medium body."""

NAME = "Bench Track"


def body() -> dict[str, Any]:
    """The JSON body beatkit sends for the call (the raw side sends the same)."""
    return {"name": NAME, **FIELDS}


def _fixture() -> tuple[str, bytes]:
    """The fake's token and its answer (a 201 with the new track) to the body."""
    fake = FakeBeatPass()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        response = client.post(
            "/tracks", json=body(), headers={"Authorization": f"Bearer {fake.token}"}
        )
    response.raise_for_status()
    return fake.token, response.content


def _headers(content: bytes) -> list[tuple[str, str]]:
    return [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(content))),
        ("X-RateLimit-Limit", "1000000"),
        ("X-RateLimit-Remaining", "999999"),
        ("X-RateLimit-Reset", str(int(time.time()) + 3600)),
    ]


def _check_results(raw: object, kit: object, what: str) -> None:
    """The raw side got the track's JSON and beatkit a decoded ``Track`` of it."""
    if not isinstance(raw, dict) or raw.get("track", {}).get("name") != NAME:
        raise SystemExit(f"{what}: raw httpx did not get the new track: {raw!r:.200}")
    if not isinstance(kit, Track) or kit.name != NAME:
        raise SystemExit(f"{what}: beatkit did not return the new Track: {kit!r:.200}")


def bench_sync(
    base: str,
    token: str,
    transport: LocalTransport | None,
    counter: RequestCount,
    n: int,
    rounds: int,
) -> list[tuple[float, float]]:
    raw_client = httpx.Client(transport=transport)
    own = httpx.Client(transport=transport) if transport is not None else None
    url = f"{base}/tracks"
    bp = BeatPass(token, base_url=base, max_retries=0, http_client=own)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    payload = body()

    def raw() -> object:
        return raw_client.post(url, json=payload, headers=headers).json()

    def kit() -> object:
        return bp.tracks.create(NAME, **FIELDS)

    clock = time.process_time if transport is not None else time.perf_counter
    check = functools.partial(_check_results, what="sync")
    pairs = compare(raw, kit, counter, check, n=n, rounds=rounds, clock=clock)
    raw_client.close()
    bp.close()
    if own is not None:
        own.close()
    return pairs


async def bench_async(
    base: str,
    token: str,
    transport: LocalTransport | None,
    counter: RequestCount,
    n: int,
    rounds: int,
) -> list[tuple[float, float]]:
    raw_client = httpx.AsyncClient(transport=transport)
    own = httpx.AsyncClient(transport=transport) if transport is not None else None
    url = f"{base}/tracks"
    bp = AsyncBeatPass(token, base_url=base, max_retries=0, http_client=own)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    payload = body()

    async def raw() -> object:
        return (await raw_client.post(url, json=payload, headers=headers)).json()

    async def kit() -> object:
        return await bp.tracks.create(NAME, **FIELDS)

    clock = time.process_time if transport is not None else time.perf_counter
    check = functools.partial(_check_results, what="async")
    pairs = await acompare(raw, kit, counter, check, n=n, rounds=rounds, clock=clock)
    await raw_client.aclose()
    await bp.aclose()
    if own is not None:
        await own.aclose()
    return pairs


def _run(
    base: str,
    token: str,
    transport: LocalTransport | None,
    counter: RequestCount,
    n: int,
    rounds: int,
) -> None:
    print(HEADER)
    report("sync", bench_sync(base, token, transport, counter, n, rounds))
    report("async", asyncio.run(bench_async(base, token, transport, counter, n, rounds)))


def main() -> None:
    args = overhead_arguments(__doc__)

    token, content = _fixture()
    headers = _headers(content)
    size = len(json.dumps(body(), separators=(",", ":")))
    where = "in-process transport" if args.local else "loopback server"
    print(
        f"request overhead ({where}): {args.requests} sequential POSTs of a {size}-byte "
        f"JSON body x {args.rounds} interleaved rounds, medians"
    )
    if args.local:
        transport = LocalTransport(
            201, headers, content, method="POST", path=PATH, authorization=f"Bearer {token}"
        )
        counter = RequestCount(transport.counts, "POST with the token")
        _run("http://127.0.0.1/api/v1", token, transport, counter, args.requests, args.rounds)
        return
    counts = multiprocessing.RawArray(ctypes.c_longlong, 2)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers)
    payload = f"HTTP/1.1 201 Created\r\n{head}\r\n".encode() + content
    with serve(
        payload,
        counts=counts,
        request_line=f"POST {PATH} HTTP/1.1\r\n".encode(),
        bearer=f"Bearer {token}\r\n".encode(),
    ) as port:
        _run(
            f"http://127.0.0.1:{port}/api/v1",
            token,
            None,
            RequestCount(counts, "POST with the token"),
            args.requests,
            args.rounds,
        )


if __name__ == "__main__":
    main()
