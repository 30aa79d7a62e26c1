"""Cost of decoding list pages into typed models, against ``json.loads`` alone.

Three pages, decoded the way the clients do it: parse the JSON, then structure every
item with the service's lenient converter (the default) and, for the pages whose items
the models declare in full, with its strict one (``strict=True``: unknown keys raise,
and cattrs' detailed validation gathers every error of a document).

* A 100-track Beatport page (the recorded 41-key track shape, from the bundled fake).
* A 100-track BeatPass Laravel page.
* A 100-release Beat Technology Range page (``X-Include: release-tracks`` and two cover
  sizes): the bundled fake's releases, each with its actors, its track references and
  its covers, repeated under new ids to fill the page. They carry keys the models do
  not declare, so every release, actor and track reference keeps some in ``extra``
  (and the strict converter refuses them: that page is timed lenient only).

The baseline is the parse alone, so the printed ratio ``json.loads / (json.loads +
models)`` says how much of the raw parse throughput survives typing (1.0 = free).
Each round times the parse, then the decoding of the parsed items, back to back;
the figures are the medians over the rounds, and the ratio's spread over the rounds
is shown. Times are the process's CPU time, so other work on a busy machine does
not count.

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
from beatkit.beatpass.converter import strict_converter as beatpass_strict
from beatkit.beatpass.models import Track as BeatPassTrack
from beatkit.beatport.converter import converter as beatport_converter
from beatkit.beatport.converter import strict_converter as beatport_strict
from beatkit.beatport.models import Track as BeatportTrack
from beatkit.beattech.converter import converter as beattech_converter
from beatkit.beattech.models import Release as BeatTechRelease
from beatkit.testing.beatpass import FakeBeatPass
from beatkit.testing.beatport import FakeBeatport
from beatkit.testing.beattech import FakeBeatTech

PAGE_SIZE = 100
REPEAT = 50


def _beatport_page() -> bytes:
    """A page as the fake serves it to a logged-in client."""
    fake = FakeBeatport()
    token = fake.issue_token()["access_token"]
    url = f"{fake.base_url}/catalog/tracks/?per_page={PAGE_SIZE}"
    request = httpx.Request("GET", url, headers={"Authorization": f"Bearer {token}"})
    return fake.handle(request).content


def _beatpass_page() -> bytes:
    """A page as the fake serves it with a token (full fields)."""
    fake = FakeBeatPass()
    url = f"{fake.base_url}/tracks?per_page={PAGE_SIZE}"
    request = httpx.Request("GET", url, headers={"Authorization": f"Bearer {fake.token}"})
    return fake.handle(request).content


def _beattech_page() -> bytes:
    """A Range page of releases with their tracks and covers, filled to ``PAGE_SIZE``.

    The fake holds fewer releases than a page: its answer is repeated, each copy
    under a new id, so the page has the fake's shapes at the bench's size.
    """
    fake = FakeBeatTech()
    token = fake.issue_token(fake.user_id)["access_token"]
    headers = {
        "Authorization": f"Bearer {token}",
        "Range": f"releases=0-{PAGE_SIZE - 1}",
        "X-Include": "release-tracks",
        "X-Release-Cover-Sizes": "w800,w300",
    }
    request = httpx.Request("GET", f"{fake.base_url}/releases?query=e", headers=headers)
    releases = json.loads(fake.handle(request).content)["releases"]
    page = [{**releases[n % len(releases)], "id": str(900_000 + n)} for n in range(PAGE_SIZE)]
    return json.dumps({"releases": page}).encode()


def _time(func: Callable[[], Any], repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        func()
    return (time.process_time() - started) / repeat


def _bench(
    name: str, body: bytes, items: Callable[[Any], list[Any]], decode: Any, rounds: int
) -> None:
    parsed = items(json.loads(body))

    def parse() -> Any:
        return json.loads(body)

    def models() -> Any:
        return [decode(item) for item in parsed]

    models()  # warm cattrs' generated hooks
    raw, typed = [], []
    for _ in range(rounds):
        raw.append(_time(parse, REPEAT))
        typed.append(_time(models, REPEAT))
    ratios = sorted(r / (r + t) for r, t in zip(raw, typed, strict=True))
    raw_ms, typed_ms = statistics.median(raw) * 1000, statistics.median(typed) * 1000
    print(
        f"{name:<38} json.loads {raw_ms:6.2f} ms   models {typed_ms:6.2f} ms   "
        f"ratio {statistics.median(ratios):5.3f} ({ratios[0]:.3f}-{ratios[-1]:.3f})   "
        f"models {typed_ms * 1000 / len(parsed):5.1f} µs per item"
    )


def main() -> None:
    """Time each page (Beatport's and BeatPass's strictly too) and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds",
        type=int,
        default=15,
        help="interleaved rounds per benchmark, median kept (default 15)",
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    print(
        f"decoding {PAGE_SIZE}-item pages, {REPEAT} runs per timing, {args.rounds} "
        "interleaved rounds: medians (ratio: its lowest-highest round)"
    )
    beatport, beatpass = _beatport_page(), _beatpass_page()
    for mode, bp_conv, bpass_conv in (
        ("", beatport_converter, beatpass_converter),
        (", strict", beatport_strict, beatpass_strict),
    ):
        _bench(
            f"Beatport page ({PAGE_SIZE} tracks{mode})",
            beatport,
            lambda body: body["results"],
            lambda item, conv=bp_conv: conv.structure(item, BeatportTrack),
            args.rounds,
        )
        _bench(
            f"BeatPass page ({PAGE_SIZE} tracks{mode})",
            beatpass,
            lambda body: body["tracks"]["data"],
            lambda item, conv=bpass_conv: conv.structure(item, BeatPassTrack),
            args.rounds,
        )
    _bench(
        f"Beat Tech page ({PAGE_SIZE} releases)",
        _beattech_page(),
        lambda body: body["releases"],
        lambda item: beattech_converter.structure(item, BeatTechRelease),
        args.rounds,
    )


if __name__ == "__main__":
    main()
