"""Request overhead of a large list page, ``bp.tracks.list(...).first_page()`` (Beatport,
100 tracks), against raw httpx ``get(url).json()``, sync and async.

The page is the recorded real answer in ``/work/shared/fixtures/real/beatport/``
(``catalog-tracks-by-isrc.json``, 3 tracks of the 41-key shape) with its tracks
repeated under new ids to 100 (about 285 KB). Both sides send to an in-process httpx
transport that returns that page at once (no socket, no server), so the figures are
the client-side work alone, in CPU time: for beatkit the request path plus parsing
with its NaN-refusing decoder, the 2xx failure check and decoding 100 typed
``Track``; for raw httpx the parse alone. Before timing, and again after it, the
request counts confirm one request per call, each a ``GET`` of the tracks with the
token. Printed as in ``request_overhead.py``.

Run: ``python bench/list_overhead.py [--requests N] [--rounds N] [--fixture PATH]``.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import functools
import json
import time
from pathlib import Path
from typing import Any

import httpx
from _throughput import HEADER, LocalTransport, RequestCount, acompare, compare, report

from beatkit import AsyncBeatport, Beatport
from beatkit._core.pagination import Page
from beatkit.beatport.models import Track

FIXTURE = Path("/work/shared/fixtures/real/beatport/catalog-tracks-by-isrc.json")
TOKEN = "bench-token-123456"  # noqa: S105 - a made-up token, sent nowhere but in-process
PATH = "/v4/catalog/tracks/"
PAGE_SIZE = 100
ISRC = "GBDUW0000058"


def page_body(fixture: Path) -> bytes:
    """The recorded page, its tracks repeated under new ids to :data:`PAGE_SIZE`."""
    recorded: dict[str, Any] = json.loads(fixture.read_text())["body"]
    tracks = recorded["results"]
    results = []
    for i in range(PAGE_SIZE):
        track = copy.deepcopy(tracks[i % len(tracks)])
        track["id"] = 10_000_000 + i
        results.append(track)
    return json.dumps({**recorded, "results": results, "count": PAGE_SIZE}).encode()


def _headers(content: bytes) -> list[tuple[str, str]]:
    return [("Content-Type", "application/json"), ("Content-Length", str(len(content)))]


def _check_results(raw: object, kit: object, what: str) -> None:
    if not isinstance(raw, dict) or len(raw.get("results", ())) != PAGE_SIZE:
        raise SystemExit(f"{what}: raw httpx did not get the page: {raw!r:.200}")
    if (
        not isinstance(kit, Page)
        or len(kit.items) != PAGE_SIZE
        or not all(isinstance(track, Track) for track in kit.items)
    ):
        raise SystemExit(f"{what}: beatkit did not return {PAGE_SIZE} tracks: {kit!r:.200}")


def bench_sync(transport: LocalTransport, n: int, rounds: int) -> list[tuple[float, float]]:
    raw_client = httpx.Client(transport=transport)
    own = httpx.Client(transport=transport)
    base = "http://127.0.0.1/v4"
    bp = Beatport(
        token=TOKEN,
        client_id="bench-client",
        base_url=base,
        max_retries=0,
        http_client=own,
        requests_per_second=None,
    )
    url = f"{base}/catalog/tracks/?isrc={ISRC}&per_page={PAGE_SIZE}"
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}

    def raw() -> object:
        return raw_client.get(url, headers=headers).json()

    def kit() -> object:
        return bp.tracks.list(isrc=ISRC, per_page=PAGE_SIZE).first_page()

    counter = RequestCount(transport.counts, "GET with the token")
    check = functools.partial(_check_results, what="sync")
    pairs = compare(raw, kit, counter, check, n=n, rounds=rounds, clock=time.process_time)
    raw_client.close()
    bp.close()
    own.close()
    return pairs


async def bench_async(transport: LocalTransport, n: int, rounds: int) -> list[tuple[float, float]]:
    raw_client = httpx.AsyncClient(transport=transport)
    own = httpx.AsyncClient(transport=transport)
    base = "http://127.0.0.1/v4"
    bp = AsyncBeatport(
        token=TOKEN,
        client_id="bench-client",
        base_url=base,
        max_retries=0,
        http_client=own,
        requests_per_second=None,
    )
    url = f"{base}/catalog/tracks/?isrc={ISRC}&per_page={PAGE_SIZE}"
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}

    async def raw() -> object:
        return (await raw_client.get(url, headers=headers)).json()

    async def kit() -> object:
        return await bp.tracks.list(isrc=ISRC, per_page=PAGE_SIZE).first_page()

    counter = RequestCount(transport.counts, "GET with the token")
    check = functools.partial(_check_results, what="async")
    pairs = await acompare(raw, kit, counter, check, n=n, rounds=rounds, clock=time.process_time)
    await raw_client.aclose()
    await bp.aclose()
    await own.aclose()
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per round (100)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (5)")
    parser.add_argument("--fixture", type=Path, default=FIXTURE, help="the recorded page")
    args = parser.parse_args()
    if args.requests < 1 or args.rounds < 1:
        parser.error("--requests and --rounds must be at least 1")
    content = page_body(args.fixture)
    print(
        f"list page overhead (in-process transport): {args.requests} sequential GETs of a "
        f"{PAGE_SIZE}-track page ({len(content) // 1024} KB) x {args.rounds} interleaved "
        "rounds, medians"
    )
    transport = LocalTransport(
        200, _headers(content), content, method="GET", path=PATH, authorization=f"Bearer {TOKEN}"
    )
    print(HEADER)
    report("sync", bench_sync(transport, args.requests, args.rounds))
    report("async", asyncio.run(bench_async(transport, args.requests, args.rounds)))


if __name__ == "__main__":
    main()
