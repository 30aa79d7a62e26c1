"""The wall clock steps (an NTP step, a clock set by hand, a laptop or VM resumed) while the
rate limiter knows a window's reset.

A reset the server announced is so many seconds from when it was announced: a wall
clock set back an hour must not stretch a 30 s wait into an hour and 30 s (every call
refused as locked out, or each request paced up to ``max_retry_wait``), and one moved
forward (a resume from suspend, which the monotonic clock does not count) ends it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from beatkit._core.ratelimit import LockedOut, RateLimiter

WALL = 1_714_564_800.0  # 2024-05-01 12:00:00 UTC


class Clocks:
    """A monotonic and a wall clock that only move when told, apart or together."""

    def __init__(self) -> None:
        self.mono = 100.0
        self.wall = WALL

    def monotonic(self) -> float:
        return self.mono

    def time(self) -> float:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds


def _limiter(clocks: Clocks, window: float | None = 60.0) -> RateLimiter:
    return RateLimiter(clock=clocks.monotonic, wall_clock=clocks.time, window=window)


def _used_up(reset: str) -> dict[str, str]:
    return {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}


RESETS = {"seconds from now": "30", "epoch seconds": str(int(WALL) + 30)}


@pytest.mark.parametrize("reset", RESETS.values(), ids=RESETS.keys())
def test_a_wall_clock_set_back_does_not_stretch_a_known_lockout(reset: str) -> None:
    clocks = Clocks()
    limiter = _limiter(clocks)
    limiter.observe(_used_up(reset))
    assert limiter.lockout() == pytest.approx(30)
    clocks.wall -= 3600
    assert limiter.lockout() == pytest.approx(30)
    wait, _ = limiter.reserve_slot(max_wait=60.0, capped=True)
    assert wait == pytest.approx(30)


@pytest.mark.parametrize("reset", RESETS.values(), ids=RESETS.keys())
def test_a_known_lockout_ends_when_it_said_after_the_wall_clock_is_set_back(reset: str) -> None:
    clocks = Clocks()
    limiter = _limiter(clocks)
    limiter.observe(_used_up(reset))
    clocks.wall -= 3600
    clocks.advance(31)
    assert limiter.lockout() == 0
    wait, _ = limiter.reserve_slot(max_wait=60.0, capped=True)
    assert wait == 0


def test_a_wall_clock_set_back_does_not_refuse_for_the_jump() -> None:
    clocks = Clocks()
    limiter = _limiter(clocks)
    limiter.observe(_used_up("30"))
    clocks.wall -= 86400
    try:
        wait, _ = limiter.reserve_slot(max_wait=60.0, capped=True)
    except LockedOut as locked:  # pragma: no cover - the defect
        pytest.fail(f"refused as locked out for {locked.wait:.0f} s")
    assert wait <= 30


def test_a_wall_clock_set_back_does_not_slow_the_spread_of_a_window() -> None:
    # Nearly out: the last requests are spread until the reset, 30 s away. Set back an
    # hour, the reset is still 30 s away, not an hour and 30 s (each request waiting up
    # to max_retry_wait).
    clocks = Clocks()
    limiter = _limiter(clocks, window=None)
    limiter.observe(
        {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "30"}
    )
    clocks.wall -= 3600
    waits = [limiter.reserve_slot(max_wait=60.0, capped=True)[0] for _ in range(3)]
    assert waits == pytest.approx([0, 10, 20])


@pytest.mark.parametrize("reset", RESETS.values(), ids=RESETS.keys())
def test_a_resume_from_suspend_ends_a_lockout(reset: str) -> None:
    # Suspended: the wall clock moved on an hour, the monotonic clock did not count it.
    clocks = Clocks()
    limiter = _limiter(clocks)
    limiter.observe(_used_up(reset))
    clocks.wall += 3600
    assert limiter.lockout() == 0
    assert limiter.reserve_slot(max_wait=60.0, capped=True)[0] == 0


def test_the_state_keeps_the_reset_the_server_sent() -> None:
    clocks = Clocks()
    limiter = _limiter(clocks)
    limiter.observe(_used_up(str(int(WALL) + 30)))
    clocks.wall -= 3600
    state = limiter.state
    assert state is not None and state.reset_at is not None
    assert state.reset_at.timestamp() == int(WALL) + 30


def test_a_window_seen_across_a_wall_clock_step_is_not_learned_as_an_hour_long() -> None:
    # No window given: its length is learned from the resets sent. A step back between
    # two answers of one window is no hour-long window: the queue for the windows after
    # a used-up one is not spaced an hour apart (its places refused as locked out).
    clocks = Clocks()
    limiter = _limiter(clocks, window=None)
    limiter.observe(
        {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "60"}
    )
    clocks.wall -= 3600
    clocks.advance(30)
    limiter.observe(
        {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30"}
    )
    waits = [limiter.reserve_slot(max_wait=120.0, capped=True)[0] for _ in range(4)]
    assert waits == pytest.approx([30, 30, 90, 90])


def test_a_resume_from_suspend_ends_a_hold() -> None:
    # A 429's Retry-After of an hour holds every call; the laptop sleeps the night (the
    # wall clock moves on eight hours, the monotonic clock does not count them): on
    # waking, the hold is over, not still an hour long.
    clocks = Clocks()
    limiter = _limiter(clocks)
    assert limiter.hold(3600) is not None
    clocks.wall += 8 * 3600
    assert limiter.lockout() == 0
    assert limiter.reserve_slot(max_wait=60.0, capped=True)[0] == 0


def test_a_wall_clock_set_back_does_not_stretch_a_hold() -> None:
    clocks = Clocks()
    limiter = _limiter(clocks)
    limiter.hold(30)
    clocks.wall -= 3600
    assert limiter.lockout() == pytest.approx(30)
    clocks.advance(30)
    assert limiter.lockout() == 0


def _http_date(epoch: float) -> str:
    return format_datetime(datetime.fromtimestamp(epoch, UTC), usegmt=True)


SKEWS = {"local clock 10 min behind": -600, "local clock 10 min ahead": 600}


@pytest.mark.parametrize("skew", SKEWS.values(), ids=SKEWS.keys())
@pytest.mark.parametrize("unit", [1, 1000], ids=["epoch seconds", "epoch milliseconds"])
def test_an_epoch_reset_is_read_on_the_server_clock(skew: int, unit: int) -> None:
    # The server's answer says when its window resets on its own clock, and its Date what
    # time that clock showed: a local clock ten minutes off neither refuses every call
    # for ten minutes more (behind) nor forgets the window at once (ahead).
    clocks = Clocks()
    server_now = int(WALL)
    clocks.wall = server_now + skew
    limiter = _limiter(clocks)
    headers = _used_up(str((server_now + 30) * unit))
    limiter.observe({**headers, "Date": _http_date(server_now)})
    assert limiter.lockout() == pytest.approx(30)
    wait, _ = limiter.reserve_slot(max_wait=60.0, capped=True)
    assert wait == pytest.approx(30)
    # What the server sent is kept as it sent it.
    state = limiter.state
    assert state is not None and state.reset_at is not None
    assert state.reset_at.timestamp() == server_now + 30


@pytest.mark.parametrize("date", ["not a date", "", "Fri, 31 Dec 9999 23:59:59 GMT", "\u0663"])
def test_an_unreadable_or_absurd_date_leaves_the_local_clock(date: str) -> None:
    clocks = Clocks()
    limiter = _limiter(clocks)
    limiter.observe({**_used_up(str(int(WALL) + 30)), "Date": date})
    assert limiter.lockout() == pytest.approx(30)


def test_a_date_within_a_few_seconds_of_the_local_clock_is_not_taken() -> None:
    # Date is whole seconds, stamped before the answer's latency: a clock that agrees
    # with the server's within that is read as it is, so the reset sent is kept exact.
    clocks = Clocks()
    clocks.wall = WALL + 0.9
    limiter = _limiter(clocks)
    limiter.observe({**_used_up(str(int(WALL) + 30)), "Date": _http_date(WALL)})
    assert limiter.lockout() == pytest.approx(29.1)
