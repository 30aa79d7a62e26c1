"""Rate-limit headers of answers that arrive out of order (threads and tasks sending
at once).

Each answer used to replace the count the limiter kept, which had counted the requests
sent since: an answer sent before others were processed, arriving after them, raised
the count again and let requests go out into a used-up window, to meet the server's
429. Within one window (same limit, same reset) the count only goes down now.
"""

from __future__ import annotations

from beatkit._core.ratelimit import LockedOut, RateLimiter

LIMIT = 30
NOW = 1_700_000_000.0


def _headers(remaining: int, reset: float = NOW + 600) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(LIMIT),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(int(reset)),
    }


def test_a_late_answer_of_the_same_window_does_not_raise_the_count() -> None:
    limiter = RateLimiter(low_water=0, clock=lambda: 0.0, wall_clock=lambda: NOW)
    limiter.observe(_headers(2))
    assert limiter.reserve(max_wait=5) == 0.0
    assert limiter.reserve(max_wait=5) == 0.0
    # The answers of requests sent before those two, arriving after them.
    limiter.observe(_headers(5))
    limiter.observe(_headers(4))
    try:
        limiter.reserve(max_wait=5)
    except LockedOut:
        pass
    else:
        raise AssertionError("a third request went out into a used-up window")


def test_a_new_window_takes_the_servers_count() -> None:
    limiter = RateLimiter(low_water=0, clock=lambda: 0.0, wall_clock=lambda: NOW)
    limiter.observe(_headers(0))
    limiter.observe(_headers(29, reset=NOW + 1200))
    assert limiter.reserve(max_wait=5) == 0.0
    assert limiter.state is not None
    assert limiter.state.remaining == 29
