"""RateLimiter pacing with fake clocks: rps spacing and X-RateLimit headers."""

from __future__ import annotations

import itertools
import logging
import threading
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beatkit._core.ratelimit import LockedOut, RateLimiter, RateLimitState

WALL = 1_714_564_800.0  # 2024-05-01 12:00:00 UTC


class FakeClock:
    """A monotonic and a wall clock that only move when told."""

    def __init__(self, mono: float = 100.0, wall: float = WALL) -> None:
        self.mono = mono
        self.wall = wall

    def monotonic(self) -> float:
        return self.mono

    def time(self) -> float:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds


def limiter(clock: FakeClock, **kwargs: float | None) -> RateLimiter:
    return RateLimiter(clock=clock.monotonic, wall_clock=clock.time, **kwargs)  # type: ignore[arg-type]


def test_no_rules_never_waits() -> None:
    rl = limiter(FakeClock())
    assert [rl.reserve() for _ in range(50)] == [0.0] * 50
    assert rl.state is None


@pytest.mark.parametrize("bad", [0, -1, -0.5])
def test_requests_per_second_must_be_positive(bad: float) -> None:
    with pytest.raises(ValueError, match="requests_per_second"):
        RateLimiter(requests_per_second=bad)


@pytest.mark.parametrize("bad", [-0.1, 1, 1.5])
def test_low_water_must_be_a_fraction(bad: float) -> None:
    with pytest.raises(ValueError, match="low_water"):
        RateLimiter(low_water=bad)


def test_rps_spaces_slots() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_second=4)
    assert [rl.reserve() for _ in range(5)] == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_rps_slots_follow_the_clock() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_second=2)
    assert rl.reserve() == 0.0
    clock.advance(0.2)
    assert rl.reserve() == pytest.approx(0.3)
    clock.advance(10)
    # Idle time is not banked into a burst.
    assert rl.reserve() == 0.0
    assert rl.reserve() == pytest.approx(0.5)


def test_observe_ignores_responses_without_headers() -> None:
    rl = limiter(FakeClock())
    rl.observe({"content-type": "application/json"})
    assert rl.state is None


def test_observe_epoch_reset() -> None:
    clock = FakeClock()
    rl = limiter(clock)
    rl.observe(
        {
            "x-ratelimit-limit": "100",
            "x-ratelimit-remaining": "42",
            "x-ratelimit-reset": str(int(WALL) + 30),
        }
    )
    assert rl.state == RateLimitState(
        limit=100, remaining=42, reset_at=datetime.fromtimestamp(WALL + 30, UTC)
    )
    assert rl.state.reset_at is not None
    assert rl.state.reset_at.tzinfo is not None


def test_observe_delta_reset() -> None:
    clock = FakeClock()
    rl = limiter(clock)
    rl.observe({"x-ratelimit-limit": "10", "x-ratelimit-remaining": "3", "x-ratelimit-reset": "45"})
    assert rl.state is not None
    assert rl.state.reset_at == datetime.fromtimestamp(WALL + 45, UTC)


def test_observe_partial_and_garbage_headers() -> None:
    rl = limiter(FakeClock())
    rl.observe({"x-ratelimit-limit": "60"})
    assert rl.state == RateLimitState(limit=60, remaining=None, reset_at=None)
    # A later response without the limit keeps the known limit.
    rl.observe({"x-ratelimit-remaining": "12.0", "x-ratelimit-reset": "soon"})
    assert rl.state == RateLimitState(limit=60, remaining=12, reset_at=None)


def test_remaining_zero_waits_until_reset_epoch() -> None:
    clock = FakeClock()
    rl = limiter(clock)
    rl.observe(
        {
            "x-ratelimit-limit": "100",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": str(int(WALL) + 20),
        }
    )
    assert rl.reserve() == pytest.approx(20.0)
    clock.advance(5)
    assert rl.reserve() == pytest.approx(15.0)


def test_remaining_zero_waits_until_reset_delta() -> None:
    clock = FakeClock()
    rl = limiter(clock)
    rl.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "7"})
    assert rl.reserve() == pytest.approx(7.0)


def test_window_rollover_clears_the_wait() -> None:
    clock = FakeClock()
    rl = limiter(clock)
    rl.observe({"x-ratelimit-limit": "5", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "10"})
    clock.advance(10.5)
    assert rl.reserve() == 0.0
    assert rl.reserve() == 0.0


def test_plenty_remaining_does_not_wait() -> None:
    clock = FakeClock()
    rl = limiter(clock)
    rl.observe(
        {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "50", "x-ratelimit-reset": "60"}
    )
    assert [rl.reserve() for _ in range(5)] == [0.0] * 5


def test_reserves_count_against_the_window_until_fresh_headers() -> None:
    clock = FakeClock()
    rl = limiter(clock)
    rl.observe(
        {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "2", "x-ratelimit-reset": "60"}
    )
    waits = [rl.reserve() for _ in range(3)]
    # 2 left: spread over the 60 s window; then used up: wait for the reset.
    assert waits == [0.0, pytest.approx(30.0), pytest.approx(60.0)]


def test_low_water_spreads_the_rest_of_the_window() -> None:
    clock = FakeClock()
    rl = limiter(clock, low_water=0.1)
    # 10 of 100 left (at the 10 % low-water mark), 20 s to go: one every 2 s.
    rl.observe(
        {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "10", "x-ratelimit-reset": "20"}
    )
    waits = [rl.reserve() for _ in range(3)]
    assert waits[0] == 0.0
    assert waits[1] == pytest.approx(2.0)
    assert waits[1] < waits[2] <= 20.0


def test_above_low_water_does_not_spread() -> None:
    clock = FakeClock()
    rl = limiter(clock, low_water=0.1)
    rl.observe(
        {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "11", "x-ratelimit-reset": "20"}
    )
    assert rl.reserve() == 0.0
    assert rl.reserve() == 0.0


def test_longer_of_rps_and_header_wins() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_second=1)
    rl.observe({"x-ratelimit-limit": "10", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "30"})
    assert rl.reserve() == pytest.approx(30.0)
    rl2 = limiter(clock, requests_per_second=0.1)
    rl2.observe(
        {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "90", "x-ratelimit-reset": "30"}
    )
    assert rl2.reserve() == 0.0
    assert rl2.reserve() == pytest.approx(10.0)


def test_reserve_is_thread_safe() -> None:
    clock = FakeClock()
    rps = 10.0
    rl = limiter(clock, requests_per_second=rps)
    results: list[float] = []
    results_lock = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait(timeout=5)
        mine = [rl.reserve() for _ in range(50)]
        with results_lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)

    assert len(results) == 400
    slots = sorted(results)
    assert len(set(slots)) == 400
    assert all(later > earlier for earlier, later in itertools.pairwise(slots))
    assert slots == pytest.approx([n / rps for n in range(400)])


# --- servers that name no reset time ---------------------------------------------------------


def test_without_reset_or_window_nothing_is_paced() -> None:
    rl = limiter(FakeClock())
    rl.observe({"x-ratelimit-limit": "300", "x-ratelimit-remaining": "0"})
    assert rl.reserve() == 0.0


def test_window_is_assumed_when_no_reset_is_sent() -> None:
    clock = FakeClock()
    rl = limiter(clock, window=60.0)
    rl.observe({"x-ratelimit-limit": "300", "x-ratelimit-remaining": "0"})
    assert rl.reserve() == pytest.approx(60.0)
    assert rl.state is not None and rl.state.reset_at is None  # not invented for callers


def test_assumed_window_spreads_the_last_requests() -> None:
    clock = FakeClock()
    rl = limiter(clock, window=60.0, low_water=0.1)
    rl.observe({"x-ratelimit-limit": "300", "x-ratelimit-remaining": "30"})
    waits = [rl.reserve() for _ in range(3)]
    assert waits[0] == 0.0 and waits[1] == pytest.approx(2.0)


def test_assumed_window_does_not_slow_a_client_with_plenty_left() -> None:
    rl = limiter(FakeClock(), window=60.0)
    rl.observe({"x-ratelimit-limit": "300", "x-ratelimit-remaining": "200"})
    assert [rl.reserve() for _ in range(5)] == [0.0] * 5


def test_a_sent_reset_wins_over_the_assumed_window() -> None:
    rl = limiter(FakeClock(), window=60.0)
    rl.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "7"})
    assert rl.reserve() == pytest.approx(7.0)


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_window_must_be_positive(bad: float) -> None:
    with pytest.raises(ValueError, match="window"):
        RateLimiter(window=bad)


# --- headers that cannot be read never fail a request (issue 9) -------------------------------


def test_observe_epoch_milliseconds_reset() -> None:
    # Regression: a reset in epoch milliseconds was read as epoch seconds and made
    # datetime.fromtimestamp raise "year 58891 is out of range" on a successful response.
    clock = FakeClock()
    rl = limiter(clock)
    reset_ms = int(WALL * 1000) + 30_000
    rl.observe(
        {
            "x-ratelimit-limit": "100",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": str(reset_ms),
        }
    )
    assert rl.state == RateLimitState(
        limit=100, remaining=0, reset_at=datetime.fromtimestamp(WALL + 30, UTC)
    )
    assert rl.reserve() == pytest.approx(30.0)


def test_observe_fractional_epoch_seconds_reset() -> None:
    rl = limiter(FakeClock())
    rl.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": f"{WALL + 12.5:.3f}"})
    assert rl.reserve() == pytest.approx(12.5)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-ratelimit-limit": "inf", "x-ratelimit-remaining": "5"}, (None, 5)),
        ({"x-ratelimit-limit": "-inf", "x-ratelimit-remaining": "5"}, (None, 5)),
        ({"x-ratelimit-limit": "nan", "x-ratelimit-remaining": "NaN"}, None),
        ({"x-ratelimit-limit": "1e400", "x-ratelimit-remaining": "5"}, (None, 5)),
        ({"x-ratelimit-limit": "9" * 5000, "x-ratelimit-remaining": "5"}, (None, 5)),
        ({"x-ratelimit-limit": "\u0661\u0660", "x-ratelimit-remaining": "5"}, (None, 5)),
        ({"x-ratelimit-limit": "10", "x-ratelimit-remaining": "-3"}, (10, None)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "9" * 30}, (None, 0)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1e300"}, (None, 0)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(10**17)}, (None, 0)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "-5"}, (None, 0)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "\u0663\u0660"}, (None, 0)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "inf"}, (None, 0)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "soon"}, (None, 0)),
    ],
)
def test_unreadable_headers_are_ignored(
    headers: dict[str, str], expected: tuple[int | None, int | None] | None
) -> None:
    # Regression: "inf" raised OverflowError and a huge reset OSError from observe(),
    # turning a successful (possibly non-idempotent) request into a failure.
    rl = limiter(FakeClock())
    rl.observe(headers)
    if expected is None:
        assert rl.state is None
    else:
        assert rl.state == RateLimitState(limit=expected[0], remaining=expected[1], reset_at=None)
    # Without a readable reset there is nothing to wait for.
    assert rl.reserve() == 0.0


def test_unreadable_headers_are_logged_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    rl = limiter(FakeClock())
    rl.observe({"x-ratelimit-limit": "inf", "x-ratelimit-reset": "9" * 30})
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("X-RateLimit-Limit" in m and "'inf'" in m for m in messages)
    assert any("X-RateLimit-Reset" in m for m in messages)
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == "beatkit")


@pytest.mark.fuzz
@given(
    st.dictionaries(
        st.sampled_from(
            ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "X-RateLimit-Reset"]
        ),
        st.one_of(
            st.text(max_size=40),
            st.integers(min_value=-(10**30), max_value=10**30).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
        ),
    ),
    st.floats(min_value=0, max_value=4e9),
)
def test_observe_never_raises(headers: dict[str, str], wall: float) -> None:
    clock = FakeClock(wall=wall)
    rl = limiter(clock)
    rl.observe(headers)
    waits = [rl.reserve() for _ in range(3)]
    assert all(0.0 <= wait < float("inf") for wait in waits)
    state = rl.state
    if state is not None and state.reset_at is not None:
        assert state.reset_at.tzinfo is not None


def test_a_reset_more_than_a_year_ahead_is_ignored() -> None:
    rl = limiter(FakeClock())
    rl.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(WALL) + 400 * 86400)})
    assert rl.state == RateLimitState(limit=None, remaining=0, reset_at=None)
    assert rl.reserve() == 0.0


def test_a_reset_in_the_past_does_not_wait() -> None:
    rl = limiter(FakeClock())
    rl.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(WALL) - 10)})
    assert rl.reserve() == 0.0


# --- lockouts the caller will not wait out ------------------------------------------------------


def test_reserve_refuses_a_lockout_longer_than_max_wait() -> None:
    clock = FakeClock()
    rl = limiter(clock, requests_per_second=1)
    rl.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "90"})
    with pytest.raises(LockedOut) as caught:
        rl.reserve(max_wait=60)
    assert caught.value.wait == pytest.approx(90)
    error = caught.value.error("svc")
    assert error.retry_after == pytest.approx(90) and error.status_code == 429
    # Nothing was claimed: the fixed pace still starts now once the window reopens.
    clock.advance(91)
    assert rl.reserve(max_wait=60) == 0.0


def test_a_lockout_error_names_its_service_once() -> None:
    # The message began with the service as well, and APIError's str() adds it:
    # "svc 429 svc: the rate limit is used up ...".
    error = LockedOut(90.0, 60.0).error("svc")
    assert str(error).startswith("svc 429 the rate limit is used up for another 90 s")
    assert str(error).count("svc") == 1


def test_reserve_waits_a_lockout_within_max_wait_whole() -> None:
    rl = limiter(FakeClock())
    rl.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "45"})
    assert rl.reserve(max_wait=60) == pytest.approx(45)


def test_an_assumed_window_is_paced_but_never_refused() -> None:
    # Without a reset from the server the window is a guess: slow down, do not refuse.
    rl = limiter(FakeClock(), window=600.0)
    rl.observe({"x-ratelimit-limit": "300", "x-ratelimit-remaining": "0"})
    assert rl.reserve(max_wait=60) == pytest.approx(600)


def test_hold_locks_out_until_it_ends() -> None:
    clock = FakeClock()
    rl = limiter(clock)
    rl.hold(120)
    rl.hold(30)  # a shorter hold never shortens a longer one
    with pytest.raises(LockedOut):
        rl.reserve(max_wait=60)
    clock.advance(100)
    assert rl.reserve(max_wait=60) == pytest.approx(20)
    clock.advance(20)
    assert rl.reserve(max_wait=60) == 0.0


@pytest.mark.parametrize("seconds", [0.0, -5.0, float("inf"), float("nan")])
def test_hold_ignores_meaningless_waits(seconds: float) -> None:
    rl = limiter(FakeClock())
    rl.hold(seconds)
    assert rl.reserve(max_wait=1) == 0.0


# --- settings that are no number ------------------------------------------------------------


@pytest.mark.parametrize("name", ["requests_per_second", "window"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_rate_or_window_that_is_no_finite_number_is_refused(name: str, bad: float) -> None:
    # NaN passed the "<= 0" check and turned pacing off without a word (every wait 0).
    with pytest.raises(ValueError, match=name):
        RateLimiter(**{name: bad})  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["requests_per_second", "window", "low_water"])
@pytest.mark.parametrize("bad", [True, "5", [1]])
def test_a_rate_or_window_of_another_type_is_a_type_error(name: str, bad: object) -> None:
    # True paced at one request a second; "5" failed with Python's comparison message.
    with pytest.raises(TypeError, match=name):
        RateLimiter(**{name: bad})  # type: ignore[arg-type]


# --- the rest of a window spread evenly, never past its reset ---------------------------------


def test_callers_queued_at_low_water_are_spread_evenly_within_the_window() -> None:
    clock = FakeClock()
    rl = limiter(clock, low_water=0.1)
    rl.observe(
        {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "10", "x-ratelimit-reset": "100"}
    )
    waits = [rl.reserve() for _ in range(12)]
    # Ten requests left for 100 s: one every 10 s, then the reset. The spacing grew with
    # every caller queued at once (10, 11.1, 12.5... s): the 8th to 10th waited up to
    # 193 s, past the reset and behind the 11th and 12th, which waited 100 s.
    assert waits[:10] == [pytest.approx(10.0 * k) for k in range(10)]
    assert waits[10:] == [pytest.approx(100.0)] * 2
    assert waits == sorted(waits)


def test_a_paced_schedule_does_not_outlive_its_window() -> None:
    clock = FakeClock()
    rl = limiter(clock, low_water=0.1)
    headers = {
        "x-ratelimit-limit": "100",
        "x-ratelimit-remaining": "10",
        "x-ratelimit-reset": "100",
    }
    rl.observe(headers)
    for _ in range(9):
        rl.reserve()
    clock.advance(101)
    rl.observe(headers)  # a new window, nearly used up again
    # The first request of the new window waited 91.9 s, left over from the last one.
    assert rl.reserve() == 0.0
    assert rl.reserve() == pytest.approx(10.0)


def test_a_paced_schedule_from_a_later_reset_is_cut_to_the_new_one() -> None:
    clock = FakeClock()
    rl = limiter(clock, low_water=0.1)
    rl.observe(
        {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "2", "x-ratelimit-reset": "600"}
    )
    assert [rl.reserve() for _ in range(2)] == [0.0, pytest.approx(300.0)]
    # Fresh numbers: the window resets in 10 s with 5 left; no wait beyond its reset.
    rl.observe(
        {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "5", "x-ratelimit-reset": "10"}
    )
    waits = [rl.reserve() for _ in range(5)]
    assert all(wait <= 10.0 for wait in waits)
    assert waits == sorted(waits)
