"""Callers past what is left of a rate-limit window queue for the windows after it.

When the server's count was used up, every caller waited for the reset and then all
went at once: a window of 10 requests met 40 callers (the retries of 40 calls told 429
at once, say), 30 of them were told 429 again, retried together at the next reset,
and so on until the calls ran out of retries (50 tasks, 10 a second: 20 failed with
``RateLimitError``). Now the callers past the window's allowance are spread at the
window's pace (its length over its limit) from the reset on; once the reset passes
with no word from the server, a window of ``limit`` requests is assumed (a guess:
paced by, never refused by). The window's length is the client's ``window`` or, for
servers that send a reset, learned from the resets they send.
"""

from __future__ import annotations

import pytest

from beatkit._core.ratelimit import LockedOut, RateLimiter

WALL = 1_700_000_000.0


class Clock:
    """One clock for the limiter's monotonic and wall time; moves only when told."""

    def __init__(self) -> None:
        self.now = WALL

    def __call__(self) -> float:
        return self.now


def _limiter(clock: Clock, **options: float) -> RateLimiter:
    return RateLimiter(clock=clock, wall_clock=clock, **options)  # type: ignore[arg-type]


def _window_seen_from_its_start(rl: RateLimiter, clock: Clock, remaining: int) -> None:
    # 10 requests a window of 10 s, first seen as it starts: 10 s to its reset.
    rl.observe(
        {
            "x-ratelimit-limit": "10",
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-reset": str(int(clock.now) + 10),
        }
    )


def test_callers_past_a_used_up_window_are_spread_over_the_next_ones() -> None:
    clock = Clock()
    rl = _limiter(clock)
    _window_seen_from_its_start(rl, clock, remaining=0)
    waits = [rl.reserve(max_wait=60) for _ in range(25)]
    # Ten at the reset, as before; ten at the next one, five at the one after.
    assert (
        waits == [pytest.approx(10.0)] * 10 + [pytest.approx(20.0)] * 10 + [pytest.approx(30.0)] * 5
    )


def test_a_place_further_away_than_the_cap_is_refused_and_takes_nothing() -> None:
    clock = Clock()
    rl = _limiter(clock, requests_per_second=1000.0)
    _window_seen_from_its_start(rl, clock, remaining=0)
    # One fixed-pace slot (1 ms) apart after each reset.
    assert [rl.reserve(max_wait=25, capped=True) for _ in range(20)] == [
        pytest.approx(10.0 + n / 1000) for n in range(10)
    ] + [pytest.approx(20.0 + n / 1000) for n in range(10)]
    before = (rl._next_slot, rl._queued, rl._in_flight)
    with pytest.raises(LockedOut) as refused:
        rl.reserve(max_wait=25, capped=True)
    assert refused.value.wait == pytest.approx(30.0)
    assert (rl._next_slot, rl._queued, rl._in_flight) == before


def test_a_caller_after_the_queue_waits_behind_it_even_once_the_window_rolled_over() -> None:
    clock = Clock()
    rl = _limiter(clock)
    _window_seen_from_its_start(rl, clock, remaining=0)
    queued = [rl.reserve(max_wait=60) for _ in range(15)]
    assert queued[-1] == pytest.approx(20.0)
    clock.now += 11  # past the reset; no answer came meanwhile
    # The window that started at the reset is taken by the ten queued for it: the next
    # caller joins the five queued for the one after, not the window taken.
    assert rl.reserve(max_wait=60) == pytest.approx(20.0 - 11)


def test_after_a_reset_with_no_word_a_window_of_limit_requests_is_assumed() -> None:
    clock = Clock()
    rl = _limiter(clock)
    _window_seen_from_its_start(rl, clock, remaining=0)
    clock.now += 10  # the reset; nobody was queued
    waits = [rl.reserve(max_wait=60) for _ in range(12)]
    # Ten at once, the rest at the assumed reset: not twelve at once into a window of ten.
    assert waits[:10] == [0.0] * 10
    assert waits[10:] == [pytest.approx(10.0)] * 2
    assert rl.lockout() == 0.0  # an assumed window is never refused by


def test_a_queued_caller_that_gives_its_place_back_is_not_waited_for() -> None:
    clock = Clock()
    rl = _limiter(clock)
    _window_seen_from_its_start(rl, clock, remaining=0)
    [rl.reserve_slot(max_wait=60) for _ in range(10)]
    wait, last = rl.reserve_slot(max_wait=60)
    assert wait == pytest.approx(20.0)
    rl.give_back(last)
    [rl.reserve_slot(max_wait=60) for _ in range(9)]
    # The place given back is taken again: the tenth caller of the next window still
    # waits for it, the eleventh for the one after.
    assert rl.reserve(max_wait=60) == pytest.approx(20.0)
    assert rl.reserve(max_wait=60) == pytest.approx(30.0)


def test_without_a_limit_or_a_length_every_caller_still_waits_for_the_reset() -> None:
    clock = Clock()
    rl = _limiter(clock)
    rl.observe({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(clock.now) + 10)})
    assert [rl.reserve(max_wait=60) for _ in range(3)] == [pytest.approx(10.0)] * 3


def test_the_window_length_given_is_used_before_any_reset_is_seen() -> None:
    clock = Clock()
    rl = _limiter(clock, window=60.0)
    # BeatPass sends no reset before its 429: the window is assumed to last 60 s.
    rl.observe({"x-ratelimit-limit": "2", "x-ratelimit-remaining": "0"})
    waits = [rl.reserve(max_wait=200) for _ in range(5)]
    assert waits == [pytest.approx(w) for w in (60.0, 60.0, 120.0, 120.0, 180.0)]


def test_a_window_with_room_never_refuses_a_caller_behind_the_queue() -> None:
    clock = Clock()
    rl = _limiter(clock)
    _window_seen_from_its_start(rl, clock, remaining=0)
    for _ in range(30):  # three windows' worth queued
        rl.reserve(max_wait=60)
    clock.now += 10
    _window_seen_from_its_start(rl, clock, remaining=10)  # the server says: ten left
    # Behind those queued (FIFO), cut to the cap, but never refused: the queue is a guess.
    assert rl.reserve(max_wait=5, capped=True) == pytest.approx(5.0)


def test_places_given_back_in_any_order_are_all_taken_back() -> None:
    clock = Clock()
    rl = _limiter(clock)
    _window_seen_from_its_start(rl, clock, remaining=0)
    places = [rl.reserve_slot(max_wait=60)[1] for _ in range(20)]
    # Five stay; fifteen are cancelled first queued first, as a cancelled gather does.
    for slot in places[5:]:
        rl.give_back(slot)
    # The next caller takes the sixth place of the window at the reset: nobody holds
    # the places after the fifth, nor any of the next window's.
    assert rl.reserve(max_wait=60) == pytest.approx(10.0)


def test_a_place_of_a_queue_that_has_ended_is_not_taken_back_from_the_next() -> None:
    clock = Clock()
    rl = _limiter(clock)
    _window_seen_from_its_start(rl, clock, remaining=0)
    old = [rl.reserve_slot(max_wait=60)[1] for _ in range(2)]
    clock.now += 25  # that queue's windows are over; the server said nothing since
    _window_seen_from_its_start(rl, clock, remaining=0)
    new = [rl.reserve(max_wait=60) for _ in range(2)]
    assert new == [pytest.approx(10.0)] * 2
    rl.give_back(old[1])  # a caller of the old queue gives its place (1) back late
    # Places 0 and 1 of the new queue are still held: the next caller is third.
    waits = [rl.reserve(max_wait=60) for _ in range(9)]
    assert waits == [pytest.approx(10.0)] * 8 + [pytest.approx(20.0)]
