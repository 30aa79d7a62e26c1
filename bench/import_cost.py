"""Import and construction cost of beatkit, against ``import httpx`` run the same way.

An import is paid once per process, so every row runs in a fresh interpreter (this
checkout first on the path, with its bytecode cached as pip's install of the wheel
would have it, in a temporary folder that a first untimed pass fills): the child times
its statement with ``time.process_time`` (CPU time: interpreter start-up is left out,
and other work on a busy machine does not count) and reports how many modules it
loaded. Each round runs the baseline, ``import httpx`` (which every client needs),
and then every row, each in its own child; the printed ratio is the row's time over
the baseline's of the same round, the median over the rounds with the lowest and
highest round (1.0 = as costly as importing httpx).

The construction rows import the client first (untimed), then time the first
construction and close of a client, against the first ``httpx.Client()`` built and
closed in the same child (what every client makes inside); their ratio is
beatkit/httpx. The constructors get dummy credentials: nothing is sent.

With ``--detail`` the heaviest modules of each import row, by their own time in
``python -X importtime`` (wall time, one run), are listed too.

Run: ``python bench/import_cost.py [--rounds N] [--detail]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYCACHE = tempfile.mkdtemp(prefix="beatkit-import-cost-")

BASELINE = "import httpx"
IMPORTS = [
    "import beatkit",
    "import beatkit.testing",
    "import beatkit.hls",
    "from beatkit.hls import decrypt_segment",
    "from beatkit.hls import HLSDownloader",
    "import beatkit.beatport",
    "from beatkit import Beatport",
    "from beatkit import BeatConnect",
    "from beatkit import BeatPass",
    "from beatkit import BeatTech",
    "from beatkit.testing.beatconnect import FakeBeatConnect",
]
# name -> constructor arguments (dummy credentials: constructing sends nothing).
CLIENTS = {
    "Beatport": "client_id='bench-client', token='bench-token'",
    "BeatConnect": "api_key='bench-key'",
    "BeatPass": "",
    "BeatTech": "'bench', client_id='bench-client', client_secret='bench-secret'",
}

IMPORT_CHILD = """
import sys, time
started = time.process_time()
exec({stmt!r})
print(time.process_time() - started, len(sys.modules))
"""
CONSTRUCT_CHILD = """
import sys, time
import httpx
from beatkit import {name}
started = time.process_time()
httpx.Client().close()
raw = time.process_time() - started
started = time.process_time()
{name}({args}).close()
print(raw, time.process_time() - started, len(sys.modules))
"""


def _child(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        # Bytecode cached as an installed package has it (pip compiles it), in a
        # folder of this run, not in the checkout: without it every child would
        # compile beatkit's sources, and time that rather than the import.
        "PYTHONPYCACHEPREFIX": PYCACHE,
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        [sys.executable, *flags, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"child failed:\n{code}\n{result.stderr[-2000:]}")
    return result


def _import(stmt: str) -> tuple[float, int]:
    seconds, modules = _child(IMPORT_CHILD.format(stmt=stmt)).stdout.split()
    return float(seconds), int(modules)


def _construct(name: str) -> tuple[float, float, int]:
    code = CONSTRUCT_CHILD.format(name=name, args=CLIENTS[name])
    raw, kit, modules = _child(code).stdout.split()
    return float(raw), float(kit), int(modules)


def _spread(ratios: list[float]) -> str:
    ratios = sorted(ratios)
    return f"{statistics.median(ratios):6.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})"


def _heaviest(stmt: str, count: int) -> list[str]:
    """The ``count`` modules with the most own time in ``-X importtime`` (one run)."""
    rows = []
    for line in _child(f"exec({stmt!r})", "-X", "importtime").stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+\d+ \| +(\S+)", line)
        if found:
            rows.append((int(found[1]), found[2]))
    rows.sort(reverse=True)
    return [f"{own / 1000:6.1f} ms  {name}" for own, name in rows[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=5, help="interleaved rounds, median kept (default 5)"
    )
    parser.add_argument(
        "--detail", action="store_true", help="list each import's heaviest modules too"
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    try:
        _run(args.rounds, args.detail)
    finally:
        shutil.rmtree(PYCACHE, ignore_errors=True)


def _run(rounds: int, detail: bool) -> None:
    # A first, untimed pass writes the bytecode cache.
    for stmt in [BASELINE, *IMPORTS]:
        _import(stmt)
    for name in CLIENTS:
        _construct(name)
    baseline: list[float] = []
    imports: dict[str, list[float]] = {stmt: [] for stmt in IMPORTS}
    loaded: dict[str, int] = {}
    construct: dict[str, list[tuple[float, float]]] = {name: [] for name in CLIENTS}
    for _ in range(rounds):
        base, loaded[BASELINE] = _import(BASELINE)
        baseline.append(base)
        for stmt in IMPORTS:
            seconds, loaded[stmt] = _import(stmt)
            imports[stmt].append(seconds)
        for name in CLIENTS:
            raw, kit, loaded[name] = _construct(name)
            construct[name].append((raw, kit))

    width = max(map(len, [BASELINE, *IMPORTS])) + 2
    print(f"{'import (fresh process, CPU time)':<{width}} {'ms':>7}  modules  ratio to httpx")
    base_ms = statistics.median(baseline) * 1000
    print(f"{BASELINE:<{width}} {base_ms:7.1f}  {loaded[BASELINE]:7d}  (baseline)")
    for stmt, times in imports.items():
        ratios = [t / b for t, b in zip(times, baseline, strict=True)]
        ms = statistics.median(times) * 1000
        print(f"{stmt:<{width}} {ms:7.1f}  {loaded[stmt]:7d}  {_spread(ratios)}")
    print()
    print(f"{'first construction + close':<{width}} {'ms':>7}  {'httpx ms':>8}  beatkit/httpx")
    for name, pairs in construct.items():
        kit_ms = statistics.median(k for _, k in pairs) * 1000
        raw_ms = statistics.median(r for r, _ in pairs) * 1000
        ratios = [k / r for r, k in pairs]
        print(f"{name + '(...)':<{width}} {kit_ms:7.1f}  {raw_ms:8.1f}  {_spread(ratios)}")
    if detail:
        for stmt in IMPORTS:
            print(f"\n{stmt}: heaviest modules (own time, -X importtime, one run)")
            print("\n".join(_heaviest(stmt, 8)))


if __name__ == "__main__":
    main()
