"""Client-side pacing: slow down before the server has to say 429."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from attrs import frozen

__all__ = ["RateLimitState", "RateLimiter"]

# X-RateLimit-Reset is an epoch timestamp for most APIs and a number of seconds for
# some; a value this large can only be a timestamp (it is 2001-09-09).
_EPOCH_THRESHOLD = 1_000_000_000


@frozen
class RateLimitState:
    """The last rate-limit headers a service sent."""

    limit: int | None
    """Requests allowed in the window (``X-RateLimit-Limit``)."""
    remaining: int | None
    """Requests left in the window (``X-RateLimit-Remaining``)."""
    reset_at: datetime | None
    """When the window resets (from ``X-RateLimit-Reset``), tz-aware UTC."""


def _ratelimit_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The ``X-RateLimit-*`` headers, lower-cased, found in one pass.

    ``httpx.Headers`` decodes every header on each lookup; scanning its raw list
    once is several times cheaper than three ``get`` calls on every response.
    """
    raw = getattr(headers, "raw", None)
    if raw is None:
        return {k.lower(): v for k, v in headers.items() if k.lower().startswith("x-ratelimit-")}
    return {
        k.decode("latin-1").lower(): v.decode("latin-1")
        for k, v in raw
        if k[:12].lower() == b"x-ratelimit-"
    }


def _int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


class RateLimiter:
    """Hands out send times so a client stays inside the service's limits.

    Two rules, both optional, whichever asks for the longer wait wins:

    * ``requests_per_second``: a fixed pace, for APIs that send no headers
      (Beatport suspends accounts that hammer it).
    * ``X-RateLimit-*`` headers seen on responses: when the window is nearly used
      up, the remaining requests are spread evenly until the reset; when it is used
      up, the next request waits for the reset. Servers that send no reset time
      (Laravel sends ``X-RateLimit-Reset`` only with a 429) are assumed, when
      ``window`` is given, to reset ``window`` seconds after the latest response:
      an upper bound, so the client slows down early rather than meet the 429.

    :meth:`reserve` claims a slot under a lock, so concurrent threads and tasks
    get staggered slots instead of all waking at once. It only computes; the
    caller sleeps (with its own, possibly faked, sleep).
    """

    def __init__(
        self,
        *,
        requests_per_second: float | None = None,
        low_water: float = 0.1,
        window: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if requests_per_second is not None and requests_per_second <= 0:
            raise ValueError("requests_per_second must be positive")
        if window is not None and window <= 0:
            raise ValueError("window must be positive")
        if not 0 <= low_water < 1:
            raise ValueError("low_water must be in [0, 1)")
        self.requests_per_second = requests_per_second
        self.low_water = low_water
        self.window = window
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self._next_paced_slot = 0.0
        self._limit: int | None = None
        self._remaining: int | None = None
        self._reset_wall: float | None = None
        self._state: RateLimitState | None = None

    @property
    def state(self) -> RateLimitState | None:
        """The last rate-limit headers received, or ``None`` before any."""
        return self._state

    def observe(self, headers: Mapping[str, str]) -> None:
        """Record the ``X-RateLimit-*`` headers of a response (ignored when absent)."""
        headers = _ratelimit_headers(headers)
        if not headers:
            return
        limit = _int(headers, "x-ratelimit-limit")
        remaining = _int(headers, "x-ratelimit-remaining")
        reset = _int(headers, "x-ratelimit-reset")
        if limit is None and remaining is None and reset is None:
            return
        reset_wall: float | None = None
        if reset is not None:
            reset_wall = float(reset) if reset >= _EPOCH_THRESHOLD else self._wall_clock() + reset
        with self._lock:
            self._limit = limit if limit is not None else self._limit
            self._remaining = remaining
            self._reset_wall = reset_wall
            if reset_wall is None and self.window is not None:
                self._reset_wall = self._wall_clock() + self.window
            self._state = RateLimitState(
                limit=self._limit,
                remaining=remaining,
                reset_at=datetime.fromtimestamp(reset_wall, UTC)
                if reset_wall is not None
                else None,
            )

    def reserve(self) -> float:
        """Claim the next send slot and return how many seconds to wait for it (0 = now)."""
        with self._lock:
            now = self._clock()
            at = max(now, self._next_slot)
            if self.requests_per_second:
                self._next_slot = at + 1.0 / self.requests_per_second
            at = max(at, now + self._header_delay())
            return at - now

    def _header_delay(self) -> float:
        if self._remaining is None or self._reset_wall is None:
            return 0.0
        until_reset = self._reset_wall - self._wall_clock()
        if until_reset <= 0:
            # The window has rolled over; the next response will tell us the new state.
            self._remaining = None
            return 0.0
        remaining = self._remaining
        # Count this request against the window until a response brings fresh numbers.
        self._remaining = remaining - 1
        if remaining <= 0:
            return until_reset
        if self._limit and remaining <= self._limit * self.low_water:
            # Nearly out: stagger the rest over what is left of the window.
            spacing = until_reset / remaining
            now = self._clock()
            slot = max(now, self._next_paced_slot)
            self._next_paced_slot = slot + spacing
            return slot - now
        return 0.0
