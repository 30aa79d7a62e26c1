"""``requests_per_second`` holds for callers queued behind a used-up window's reset.

The fixed-pace slot was taken before the wait the ``X-RateLimit-*`` headers asked for
was added, so every caller queued behind a reset went out at the same instant:
``requests_per_second=2`` sent three requests within a millisecond of the reset
(``docs/concepts.md``: callers queued at once go one slot apart).
"""

from __future__ import annotations

import pytest

from beatkit._core.ratelimit import RateLimiter

WALL = 1_700_000_000.0


class Clock:
    """One clock for the limiter's monotonic and wall time; moves only when told."""

    def __init__(self) -> None:
        self.now = WALL

    def __call__(self) -> float:
        return self.now


def _used_up(rl: RateLimiter, clock: Clock, *, limit: int, reset_in: int) -> None:
    rl.observe(
        {
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": str(int(clock.now) + reset_in),
        }
    )


def test_callers_queued_behind_a_reset_go_one_slot_apart() -> None:
    clock = Clock()
    rl = RateLimiter(requests_per_second=2, window=60, clock=clock, wall_clock=clock)
    _used_up(rl, clock, limit=3, reset_in=30)
    waits = [rl.reserve(max_wait=60) for _ in range(3)]
    assert waits == [pytest.approx(30.0), pytest.approx(30.5), pytest.approx(31.0)]


def test_a_caller_after_the_queue_keeps_the_pace_too() -> None:
    clock = Clock()
    rl = RateLimiter(requests_per_second=2, window=60, clock=clock, wall_clock=clock)
    _used_up(rl, clock, limit=10, reset_in=30)
    for _ in range(3):
        rl.reserve(max_wait=60)
    clock.now += 31.2  # the three went at 30, 30.5 and 31; the new window has room
    assert rl.reserve(max_wait=60) == pytest.approx(0.3)


def test_without_a_header_wait_the_pace_is_as_before() -> None:
    clock = Clock()
    rl = RateLimiter(requests_per_second=4, clock=clock, wall_clock=clock)
    assert [rl.reserve(max_wait=60) for _ in range(3)] == [
        0.0,
        pytest.approx(0.25),
        pytest.approx(0.5),
    ]
