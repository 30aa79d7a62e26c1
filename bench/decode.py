"""Cost of decoding list pages into typed models, against ``json.loads`` alone.

A 100-track Beatport page (the recorded 41-key track shape, from the bundled fake)
and a 100-track BeatPass Laravel page are decoded the way the clients do it: parse
the JSON, then structure every item with the service's lenient converter. The
baseline is the parse alone, so the printed ratio ``json.loads / (json.loads +
models)`` says how much of the raw parse throughput survives typing (1.0 = free).
Each figure is the median of several rounds.

Run: ``python bench/decode.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx

from beatkit.beatpass.converter import converter as beatpass_converter
from beatkit.beatpass.models import Track as BeatPassTrack
from beatkit.beatport.converter import converter as beatport_converter
from beatkit.beatport.models import Track as BeatportTrack
from beatkit.testing.beatpass import FakeBeatPass
from beatkit.testing.beatport import FakeBeatport


def _beatport_page() -> bytes:
    """A page as the fake serves it to a logged-in client."""
    fake = FakeBeatport()
    token = fake.issue_token()["access_token"]
    url = f"{fake.base_url}/catalog/tracks/?per_page=100"
    request = httpx.Request("GET", url, headers={"Authorization": f"Bearer {token}"})
    return fake.handle(request).content


def _beatpass_page() -> bytes:
    """A page as the fake serves it with a token (full fields)."""
    fake = FakeBeatPass()
    url = f"{fake.base_url}/tracks?per_page=100"
    request = httpx.Request("GET", url, headers={"Authorization": f"Bearer {fake.token}"})
    return fake.handle(request).content


def _time(func: Callable[[], Any], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        func()
    return (time.perf_counter() - started) / repeat


def _bench(
    name: str, body: bytes, items: Callable[[Any], list[Any]], decode: Any, rounds: int
) -> None:
    def parse() -> Any:
        return json.loads(body)

    def parse_and_decode() -> Any:
        return [decode(item) for item in items(json.loads(body))]

    parse_and_decode()  # warm cattrs' generated hooks
    raw, typed = [], []
    for _ in range(rounds):
        raw.append(_time(parse, 50))
        typed.append(_time(parse_and_decode, 50))
    raw_ms, typed_ms = statistics.median(raw) * 1000, statistics.median(typed) * 1000
    print(
        f"{name:<28} json.loads {raw_ms:7.3f} ms   + models {typed_ms:7.3f} ms   "
        f"ratio {raw_ms / typed_ms:5.2f}   ({typed_ms * 10:.1f} µs per track)"
    )


def main() -> None:
    """Run both benchmarks and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds per benchmark (median)")
    args = parser.parse_args()
    _bench(
        "Beatport page (100 tracks)",
        _beatport_page(),
        lambda body: body["results"],
        lambda item: beatport_converter.structure(item, BeatportTrack),
        args.rounds,
    )
    _bench(
        "BeatPass page (100 tracks)",
        _beatpass_page(),
        lambda body: body["tracks"]["data"],
        lambda item: beatpass_converter.structure(item, BeatPassTrack),
        args.rounds,
    )


if __name__ == "__main__":
    main()
