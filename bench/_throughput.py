"""Timing helpers shared by the request-overhead benchmarks (run as scripts from ``bench/``)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable


def timed(fn: Callable[[], object], n: int) -> float:
    """Calls per second of ``n`` sequential calls of ``fn``."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


async def atimed(fn: Callable[[], Awaitable[object]], n: int) -> float:
    """Calls per second of ``n`` sequential awaited calls of ``fn``."""
    start = time.perf_counter()
    for _ in range(n):
        await fn()
    return n / (time.perf_counter() - start)


def summary(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Median raw and beatkit throughput, and the median of the per-round ratios.

    Each round times both sides back to back, so a round's ratio compares like with
    like; the median of those ratios shrugs off rounds a noisy neighbour disturbed.
    """
    raws = sorted(raw for raw, _ in pairs)
    kits = sorted(kit for _, kit in pairs)
    ratios = sorted(kit / raw for raw, kit in pairs)
    mid = len(pairs) // 2
    return raws[mid], kits[mid], ratios[mid]
