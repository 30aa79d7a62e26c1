"""Client-side pacing: slow down before the server has to say 429."""

from __future__ import annotations

import functools
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import NamedTuple

from attrs import frozen

from beatkit._core.validate import check_number
from beatkit.errors import RateLimitError

__all__ = ["LockedOut", "RateLimitState", "RateLimiter", "Slot"]

logger = logging.getLogger("beatkit")

# X-RateLimit-Reset is a number of seconds for some APIs, an epoch timestamp for most,
# and an epoch timestamp in milliseconds for a few. Below 10**9 (2001-09-09 as a
# timestamp) it can only be a delay; from 10**12 on it can only be milliseconds
# (10**12 seconds is the year 33658); from 10**15 on it is nothing readable.
_EPOCH_SECONDS = 1_000_000_000
_EPOCH_MILLISECONDS = 1_000_000_000_000
_UNREADABLE = 1_000_000_000_000_000
MAX_ANNOUNCED_WAIT = 366 * 24 * 3600.0
"""The longest wait a server can announce and be believed (``X-RateLimit-Reset``,
``Retry-After``): a window resets within minutes, hours, at most days (a monthly
quota); further ahead is a misread header, not a reason to stop sending for centuries."""

_SAME_RESET = 1.0
"""Seconds within which two ``X-RateLimit-Reset`` times name the same reset: one sent
as seconds from now is rounded to a whole second, and read after the answer's latency."""

# ASCII digits only (str.isdigit and float() accept other scripts' digits), an optional
# fraction, and few enough digits that float() and int() stay exact and cheap.
_NUMBER = re.compile(r"[ \t]*([0-9]{1,18})(?:\.([0-9]{0,9}))?[ \t]*")


@frozen
class RateLimitState:
    """The last rate-limit headers a service sent."""

    limit: int | None
    """Requests allowed in the window (``X-RateLimit-Limit``)."""
    remaining: int | None
    """Requests left in the window (``X-RateLimit-Remaining``)."""
    reset_at: datetime | None
    """When the window resets (from ``X-RateLimit-Reset``), tz-aware UTC."""


class Slot(NamedTuple):
    """What one :meth:`RateLimiter.reserve_slot` took, for :meth:`RateLimiter.give_back`
    (not sent) or :meth:`RateLimiter.answered` (sent): until then, the request counts
    as in flight."""

    start: float | None
    """The start of the fixed-pace slot (``None`` without ``requests_per_second``)."""
    end: float | None
    """The end of that slot, which is the next caller's start."""
    paced: tuple[float, float] | None = None
    """The place (start, end) taken in the spread of a window's last requests, if any."""
    window: int = 0
    """The window the request counted in flight in (a later window does not count it)."""
    queued: tuple[int, int] | None = None
    """The place taken in the queue for the windows after a used-up one (the queue's
    number, as they are counted, and the place in it), if any."""


class LockedOut(Exception):
    """The server said no request will be accepted for longer than the caller will wait.

    Raised by :meth:`RateLimiter.reserve`; the transport turns it into
    :class:`~beatkit.errors.RateLimitError` with :meth:`error`.
    """

    def __init__(self, wait: float, max_wait: float) -> None:
        super().__init__(wait, max_wait)
        self.wait = wait
        """Seconds until the server accepts requests again."""
        self.max_wait = max_wait
        """The longest wait the caller allowed."""

    def error(self, service: str) -> RateLimitError:
        """The :class:`~beatkit.errors.RateLimitError` to raise instead of sending."""
        return RateLimitError(
            # No "{service}: " prefix: APIError's str() starts with the service.
            f"the rate limit is used up for another {self.wait:.0f} s, longer than "
            f"max_retry_wait ({self.max_wait:g} s); not sending",
            status_code=429,
            service=service,
            retry_after=self.wait,
        )


def _ratelimit_headers(headers: Mapping[str, str]) -> dict[str, list[str]]:
    """The ``X-RateLimit-*`` headers, lower-cased, found in one pass: every value of each
    name, a line folded with commas (``0, 59``) split into its values.

    ``httpx.Headers`` decodes every header on each lookup; scanning its raw list
    once is several times cheaper than three ``get`` calls on every response.
    """
    raw = getattr(headers, "raw", None)
    pairs = (
        [(k.lower(), v) for k, v in headers.items() if k.lower().startswith("x-ratelimit-")]
        if raw is None
        else [
            (k.decode("latin-1").lower(), v.decode("latin-1"))
            for k, v in raw
            if k[:12].lower() == b"x-ratelimit-"
        ]
    )
    found: dict[str, list[str]] = {}
    for name, value in pairs:
        found.setdefault(name, []).extend(value.split(","))
    return found


def _numbers(headers: Mapping[str, list[str]], name: str) -> list[float]:
    """The non-negative finite values of a header (each one that cannot be read logged
    and skipped)."""
    numbers = []
    for value in headers.get(name, ()):
        match = _NUMBER.fullmatch(value)
        if match is None:
            _unreadable(name, value)
            continue
        whole, fraction = match.groups()
        numbers.append(float(f"{whole}.{fraction}") if fraction else float(whole))
    return numbers


def _least(headers: Mapping[str, list[str]], name: str) -> int | None:
    """A count header as an int: of several values (a gateway's beside the origin's),
    the smallest, the one that sends no request into a window another has shut;
    ``None`` when none can be read."""
    numbers = _numbers(headers, name)
    return int(min(numbers)) if numbers else None


def _unreadable(name: str, value: str) -> None:
    # A header the client cannot use is the server's problem, not the caller's: the
    # response stays a success, and pacing carries on without it.
    logger.debug("ignoring unreadable %s header %r", _display_name(name), value[:80])


def _display_name(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-")).replace("Ratelimit", "RateLimit")


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
      The callers past what is left of a window queue for the windows after it,
      ``limit`` a window, rather than all go at the reset into a window that takes
      ``limit`` of them; once a reset passes with no word from the server, a window of
      ``limit`` requests is assumed. The length of a window is ``window``, or learned
      from the resets the server sends.

    ``X-RateLimit-Reset`` may be seconds from now, epoch seconds or epoch
    milliseconds; an epoch time is read on the server's clock, from the response's
    ``Date``, when the local clock is more than 5 s off it. A reset is kept on both
    clocks, and ends at the sooner of the two: a wall clock set back (an NTP step)
    does not stretch it, one moved on (a resume from suspend, which the monotonic
    clock does not count) ends it. A header that cannot be read (``inf``, a number of
    thousands of digits, a date beyond the year 9999) is ignored and logged at DEBUG:
    a rate-limit header never turns a successful response into a failure.

    A request counts against what the server said is left from :meth:`reserve_slot`
    until :meth:`answered` (after the answer's headers were observed) or
    :meth:`give_back`: a count the server sends does not include the requests still in
    flight, so ``remaining - in flight`` is what may still be sent.

    Besides the headers, :meth:`hold` records a lockout the server announced
    with a 429 (its ``Retry-After``).

    :meth:`reserve` claims a slot under a lock, so concurrent threads and tasks
    get staggered slots instead of all waking at once. It only computes; the
    caller sleeps (with its own, possibly faked, sleep).

    Args:
        requests_per_second: The fixed pace, ``None`` for none.
        low_water: The share of the window left (``0 <= low_water < 1``) below which
            the remaining requests are spread until the reset.
        window: Seconds a window lasts when the server sends no reset, ``None`` to
            assume none.
        clock: The monotonic clock slots are measured on.
        wall_clock: The epoch clock reset times are compared with.

    Raises:
        TypeError: A rate, window or ``low_water`` that is not a number (a bool included).
        ValueError: A rate or window that is not positive and finite (NaN included), or
            ``low_water`` outside ``[0, 1)``.
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
        # check_number refuses NaN (which passed "<= 0" and turned pacing off), infinities
        # (a window that never resets) and bools (True paced at one request a second).
        if requests_per_second is not None:
            requests_per_second = check_number("requests_per_second", requests_per_second)
        if window is not None:
            window = check_number("window", window)
        if isinstance(low_water, bool) or not isinstance(low_water, int | float):
            raise TypeError(f"low_water must be a number, got {type(low_water).__name__}")
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
        # Fixed-pace slots, and places in a window's spread, given back and not yet
        # taken back (end -> start).
        self._given_back: dict[float, float] = {}
        self._paced_given_back: dict[float, float] = {}
        # The queue for the windows after a used-up one: when its first window starts
        # (the used-up one's reset) and how many places were taken in it, ``limit`` a
        # window; the reset of the window first seen last and when (wall clock), and the
        # longest a window was seen to last from then to its reset.
        self._queue_start: float | None = None
        self._queued = 0
        # Which queue it is (a place given back late, once its queue has ended, is
        # not one of the next queue's), and the places of it given back before the
        # end of it (taken back once the places after them are).
        self._queue_number = 0
        self._queue_given_back: set[int] = set()
        self._first_seen: tuple[float, float] | None = None
        self._seen_length: float | None = None
        # Requests reserved and not yet answered (or given back): the server's count
        # does not include them yet. Counted per window: those of a window whose reset
        # has passed were counted in it.
        self._in_flight = 0
        self._window = 0
        self._limit: int | None = None
        self._remaining: int | None = None
        self._reset_wall: float | None = None
        # The same reset on the monotonic clock, which no wall clock step moves (see
        # _until_reset).
        self._reset_steady: float | None = None
        # Whether the server named the reset (a known lockout), or it is the assumed
        # upper bound of ``window`` (a guess: pace by it, never refuse by it).
        self._reset_known = False
        self._hold_until: float | None = None
        # The same end on the wall clock, which a resume from suspend passes (see hold).
        self._hold_wall: float | None = None
        # The numbers of the last headers received (limit, remaining, reset), and the
        # state last made of them: made when it is read, not at every response.
        self._observed: tuple[int | None, int | None, float | None] | None = None
        self._state: tuple[tuple[int | None, int | None, float | None], RateLimitState] | None
        self._state = None

    @property
    def state(self) -> RateLimitState | None:
        """The last rate-limit headers received, or ``None`` before any."""
        observed, made = self._observed, self._state
        if observed is None:
            return None
        if made is not None and made[0] is observed:
            return made[1]
        limit, remaining, reset_wall = observed
        state = RateLimitState(limit=limit, remaining=remaining, reset_at=_utc(reset_wall))
        # Kept with the numbers it was made of: a state made by a reader that raced a
        # newer response is never taken for the newer one.
        self._state = (observed, state)
        return state

    def observe(self, headers: Mapping[str, str]) -> None:
        """Record the ``X-RateLimit-*`` headers of a response (ignored when absent).

        Never raises: values that cannot be read are ignored (and logged at DEBUG).
        """
        found = _ratelimit_headers(headers)
        if not found:
            return
        limit = _least(found, "x-ratelimit-limit")
        remaining = _least(found, "x-ratelimit-remaining")
        reset = self._reset_wall_time(found, headers)
        reset_wall, reset_sent = (None, None) if reset is None else reset
        if limit is None and remaining is None and reset_wall is None:
            return
        with self._lock:
            until = self._until_reset()
            if until is not None and until <= 0:
                self._roll_over()
            left = remaining
            if (
                left is not None
                and self._remaining is not None
                and self._same_window(limit, reset_wall)
            ):
                # The same window: its count only goes down. An answer that arrives
                # after later ones (threads and tasks sending at once) says more is
                # left than is. (The state shown keeps the server's own number.)
                left = min(left, self._remaining)
            if reset_wall is not None:
                self._learn_length(reset_wall)
            self._limit = limit if limit is not None else self._limit
            self._remaining = left
            self._set_reset(reset_wall)
            self._reset_known = reset_wall is not None
            if reset_wall is None and self.window is not None:
                self._set_reset(self._wall_clock() + self.window)
            self._observed = (self._limit, remaining, reset_sent)

    def _set_reset(self, wall: float | None) -> None:
        """Take ``wall`` (an epoch time, or ``None``) as the reset of the window: on the
        wall clock, and as the same number of seconds from now on the monotonic one."""
        self._reset_wall = wall
        self._reset_steady = None if wall is None else self._clock() + (wall - self._wall_clock())

    def _until_reset(self) -> float | None:
        """Seconds to the window's reset (negative once it has passed; ``None`` when
        unknown): the sooner of the two clocks' counts. The wall clock ends a window
        (a laptop resumed from suspend, which the monotonic clock did not count), and so
        does the monotonic one: a wall clock set back an hour (an NTP step, a clock set
        by hand) must not stretch a 30 s reset into an hour of refused or slowed calls."""
        if self._reset_wall is None or self._reset_steady is None:
            return None
        return min(self._reset_wall - self._wall_clock(), self._reset_steady - self._clock())

    def _same_window(self, limit: int | None, reset_wall: float | None) -> bool:
        """Whether headers with ``limit`` and ``reset_wall`` describe the window the
        limiter knows: its reset was sent, is still ahead, and is the same within
        :data:`_SAME_RESET` (a reset sent as seconds from now moves by the rounding
        and the latency); the limit is the same."""
        known = self._reset_wall
        until = self._until_reset()
        return (
            self._reset_known
            and reset_wall is not None
            and known is not None
            and until is not None
            and until > 0
            and abs(reset_wall - known) < _SAME_RESET
            and (limit is None or limit == self._limit)
        )

    def _learn_length(self, reset_wall: float) -> None:
        """Learn how long a window lasts from a reset the server sent: at least from
        when the window was first seen to its reset (a window seen from its start shows
        nearly all of it)."""
        now = self._wall_clock()
        seen = self._first_seen
        if seen is None or abs(reset_wall - seen[0]) >= _SAME_RESET:
            seen = self._first_seen = (reset_wall, now)
        length = reset_wall - seen[1]
        if length > 0 and (self._seen_length is None or length > self._seen_length):
            self._seen_length = length

    def _length(self) -> float | None:
        """How long a window lasts: ``window``, else as learned (``None``: unknown)."""
        return self.window if self.window is not None else self._seen_length

    def _reset_wall_time(
        self, found: Mapping[str, list[str]], headers: Mapping[str, str]
    ) -> tuple[float, float] | None:
        """``X-RateLimit-Reset`` as an epoch time in seconds, whichever form it came in;
        of several values, the latest reset (the window shut the longest). Returned twice:
        on the local wall clock (an epoch time read on the server's clock, see
        :func:`_server_clock_ahead`), and as the server named it (for :attr:`state`)."""
        now = self._wall_clock()
        ahead: float | None = None
        walls: list[tuple[float, float]] = []
        for reset in _numbers(found, "x-ratelimit-reset"):
            if reset < _EPOCH_SECONDS:
                sent = now + reset
            elif reset < _EPOCH_MILLISECONDS:
                sent = reset
            elif reset < _UNREADABLE:
                sent = reset / 1000.0
            else:
                sent = math.inf
            wall = sent
            if _EPOCH_SECONDS <= reset < _UNREADABLE:
                if ahead is None:
                    ahead = _server_clock_ahead(headers, now)
                wall = sent - ahead
            if wall - now > MAX_ANNOUNCED_WAIT:
                _unreadable("x-ratelimit-reset", f"{reset:.0f}")
                continue
            walls.append((wall, sent))
        return max(walls) if walls else None

    def hold(self, seconds: float) -> float | None:
        """Hold every request for ``seconds``: the server locked the client out (a 429).

        Counted on the monotonic clock (a wall clock set back does not stretch it), and
        over once the wall clock has passed its end too (a resume from suspend, which the
        monotonic clock does not count).

        Args:
            seconds: How long, from now; non-positive or non-finite values are ignored.

        Returns:
            When this hold ends (on the limiter's clock), for the ``waited`` of
            :meth:`reserve_slot` once the caller has slept it; ``None`` when ignored.
        """
        if not math.isfinite(seconds) or seconds <= 0:
            return None
        with self._lock:
            until = self._clock() + seconds
            if self._hold_until is None or until > self._hold_until:
                self._hold_until = until
                self._hold_wall = self._wall_clock() + seconds
            return until

    def reserve(
        self, *, max_wait: float | None = None, capped: bool = False, waited: float | None = None
    ) -> float:
        """Claim the next send slot; see :meth:`reserve_slot` (the slot is not returned)."""
        return self.reserve_slot(max_wait=max_wait, capped=capped, waited=waited)[0]

    def answered(self, slot: Slot | None) -> None:
        """The request of ``slot`` was sent and is no longer in flight: its answer's
        headers were observed (or it failed, or was cancelled, after it was sent).

        Args:
            slot: What :meth:`reserve_slot` returned with the wait (``None``: nothing).
        """
        if slot is not None:
            with self._lock:
                self._land(slot)

    def _land(self, slot: Slot) -> None:
        if slot.window == self._window:
            self._in_flight = max(self._in_flight - 1, 0)

    def _roll_over(self) -> None:
        """The window's reset has passed: its requests in flight were counted in it."""
        self._window += 1
        self._in_flight = 0

    def give_back(self, slot: Slot | None) -> None:
        """Return what a caller took and will not use (it was cancelled while it waited
        for its turn), so that the next caller does not wait for it: its fixed-pace
        slot, its place in the spread of a window's last requests, its place in the
        queue for the windows after a used-up one, and the request it
        counted against what the server said is left of the window (it is no longer
        in flight).

        Only a slot at the end of the queue can be taken back (the callers queued after
        another one already sleep until theirs); one given back before that is taken
        back too once the slots after it are.

        Args:
            slot: What :meth:`reserve_slot` returned with the wait (``None``: nothing).
        """
        if slot is None:
            return
        with self._lock:
            now = self._clock()
            if slot.start is not None and slot.end is not None:
                self._next_slot = _take_back(
                    self._given_back, self._next_slot, slot.start, slot.end, now
                )
            if slot.paced is not None:
                self._next_paced_slot = _take_back(
                    self._paced_given_back, self._next_paced_slot, *slot.paced, now
                )
            if slot.queued is not None and slot.queued[0] == self._queue_number:
                # Places are taken back from the end of the queue: one before the end
                # waits for those after it to be given back too.
                self._queue_given_back.add(slot.queued[1])
                while self._queued - 1 in self._queue_given_back:
                    self._queued -= 1
                    self._queue_given_back.discard(self._queued)
            self._land(slot)

    def reserve_slot(
        self, *, max_wait: float | None = None, capped: bool = False, waited: float | None = None
    ) -> tuple[float, Slot | None]:
        """Claim the next send slot and return how many seconds to wait for it (0 = now).

        The fixed pace hands out one slot per ``1 / requests_per_second`` seconds, a
        slot never longer than ``max_wait``; callers queued at once get consecutive
        slots, so the wait for a slot grows with the queue ahead of it.

        Args:
            max_wait: The longest the caller will wait out a lockout the server
                announced (a used-up window with a reset it sent, or a :meth:`hold`),
                and the longest one paced slot lasts. ``None`` accepts any wait.
            capped: Cut the wait the ``X-RateLimit-*`` headers ask for (spreading the
                rest of a window until its reset, which may be an assumed one) to
                ``max_wait``, as the transport sleeps it. The fixed pace's slot is
                never cut: that would send every caller queued past ``max_wait`` at
                once.
            waited: The end of a :meth:`hold` (what it returned) that the caller has
                slept already: the retry of the request whose 429 set it. That hold no
                longer holds this caller; a later one (another 429) still does.

        Returns:
            The seconds to wait, and what was claimed (for :meth:`give_back` if the
            request is not sent, else for :meth:`answered` once it is answered).

        Raises:
            LockedOut: The server will refuse requests for longer than ``max_wait``;
                no slot is claimed, so a request sent now would only meet a 429.
        """
        start: float | None = None
        end: float | None = None
        with self._lock:
            now = self._clock()
            lockout = self._lockout(now, waited)
            if max_wait is not None and lockout > max_wait:
                raise LockedOut(lockout, max_wait)
            # Before the fixed-pace slot is taken: a place in the queue too far away
            # raises LockedOut, and nothing may be claimed then.
            cap = max_wait if capped else None
            header, paced, queued = self._header_delay(now, cap, max_wait)
            if cap is not None:
                header = min(header, cap)
            queue_end = max(now, self._next_slot)
            # The pace counts from when the request goes, after any wait the server asked
            # for: callers queued behind a reset or a hold go one slot apart, not at once.
            at = max(queue_end, now + header, now + lockout)
            if self.requests_per_second:
                spacing = 1.0 / self.requests_per_second
                if max_wait is not None:
                    spacing = min(spacing, max_wait)
                self._next_slot = at + spacing
                # Given back, the queue ends where it did before this slot was taken.
                start, end = queue_end, self._next_slot
            self._in_flight += 1
            return at - now, Slot(start, end, paced, self._window, queued)

    def lockout(self) -> float:
        """Seconds the server said it will refuse every request: a used-up window whose
        reset it sent, or a :meth:`hold` (0 when it did not). Nothing is claimed."""
        with self._lock:
            return self._lockout(self._clock())

    def _lockout(self, now: float, waited: float | None = None) -> float:
        """Seconds the server said it will refuse every request (0 when it did not);
        a hold ending by ``waited`` was slept already (see :meth:`reserve_slot`)."""
        wait = 0.0
        if self._hold_until is not None:
            wait = self._hold_until - now
            if self._hold_wall is not None and self._hold_wall <= self._wall_clock():
                # Past its end on the wall clock too: a resume from suspend (the
                # monotonic clock did not count the sleep) ends it.
                wait = 0.0
            if wait <= 0:
                self._hold_until = self._hold_wall = None
                wait = 0.0
            elif waited is not None and self._hold_until <= waited:
                wait = 0.0
        if (
            self._reset_known
            and (until := self._until_reset()) is not None
            and self._remaining is not None
            and self._remaining - self._in_flight <= 0
        ):
            wait = max(wait, until)
        return wait

    def _header_delay(
        self, now: float, cap: float | None, max_wait: float | None
    ) -> tuple[float, tuple[float, float] | None, tuple[int, int] | None]:
        """The wait the headers ask for, the place taken in the spread of the window's
        last requests (if any), and the place taken in the queue for the windows after
        a used-up one (if any; its wait is cut to ``cap`` already).

        Raises:
            LockedOut: The caller's place in the queue is further away than
                ``max_wait`` (after a reset the server sent): sent at the cap, it
                would go into a window already taken.
        """
        until_reset = self._until_reset()
        if self._remaining is None or until_reset is None:
            return self._behind_the_queue(now, cap, max_wait)
        if until_reset <= 0:
            # The window has rolled over; the next response will tell us the new state.
            self._roll_over()
            if not self._assume_next_window():
                self._remaining = None
                return self._behind_the_queue(now, cap, max_wait)
            assumed = self._until_reset()
            assert assumed is not None  # set by _assume_next_window
            until_reset = assumed
        # The requests in flight are not in the server's count yet.
        remaining = self._remaining - self._in_flight
        if remaining <= 0:
            # Used up: from the reset on, in the queue for the windows after it. A reset
            # the server sent is within the cap (else the caller was refused as locked
            # out); an assumed one is cut to it.
            first = until_reset if cap is None or self._reset_known else min(until_reset, cap)
            refuse = max_wait if self._reset_known else None
            return self._join_queue(now, now + first, cap, refuse, fallback=until_reset)
        if self._queue_open(now):
            # Callers are queued for this window already: after them, not before.
            return self._behind_the_queue(now, cap, max_wait)
        if self._limit and remaining <= self._limit * self.low_water:
            # Nearly out: spread the rest evenly over what is left of the window, each
            # request after those queued already. The spacing is measured from the end of
            # the queue, not from now: from now, it grew with every caller queued at once,
            # and the last ones waited far past the reset, behind later callers.
            reset = now + until_reset
            slot = self._next_paced_slot
            # A queue that ends past this reset was planned for another window (an older
            # one, or one the server has since cut short): start afresh.
            slot = now if slot > reset else max(now, slot)
            self._next_paced_slot = slot + (reset - slot) / remaining
            return slot - now, (slot, self._next_paced_slot), None
        return 0.0, None, None

    def _assume_next_window(self) -> bool:
        """After a reset with no word from the server: assume a window of ``limit``
        requests and the known length, from now (a server may start a window at its
        first request, not at the last one's reset: the later of the two), a guess:
        paced by, never refused by. ``False`` when the limit or the length is unknown."""
        length = self._length()
        if not self._limit or not length:
            return False
        self._remaining = self._limit
        self._set_reset(self._wall_clock() + length)
        self._reset_known = False
        return True

    def _queue_open(self, now: float) -> bool:
        """Whether callers are queued for a window that has not ended yet."""
        start, length = self._queue_start, self._length()
        if start is None or not self._limit or not length:
            return False
        return now < start + (self._queued // self._limit + 1) * length

    def _behind_the_queue(
        self, now: float, cap: float | None, max_wait: float | None
    ) -> tuple[float, tuple[float, float] | None, tuple[int, int] | None]:
        """A place after the callers queued for a window, if any are; else none."""
        if not self._queue_open(now):
            return 0.0, None, None
        # Not refused: the server's own count may have room; the queue is a guess.
        return self._join_queue(now, now, cap, None, fallback=0.0)

    def _join_queue(
        self,
        now: float,
        first: float,
        cap: float | None,
        max_wait: float | None,
        *,
        fallback: float,
    ) -> tuple[float, tuple[float, float] | None, tuple[int, int] | None]:
        """The next place in the queue for the windows after a used-up one, not before
        ``first``: ``limit`` places a window, the first window starting when the
        used-up one resets; the wait is cut to ``cap``. Without a limit or a length:
        ``fallback``, no place.

        Raises:
            LockedOut: The place is further away than ``max_wait`` (``None``: never
                refused); nothing is taken.
        """
        length = self._length()
        if not self._limit or not length:
            return fallback, None, None
        if not self._queue_open(now):
            self._queue_start, self._queued = first, 0
            self._queue_number += 1
            self._queue_given_back.clear()
        assert self._queue_start is not None
        place = self._queued
        at = max(first, self._queue_start + (place // self._limit) * length)
        if max_wait is not None and at - now > max_wait:
            # Past the cap after a reset the server sent: refused, as the lockout is
            # (sent at the cap, it would go into a window taken already). After an
            # assumed one, a guess: paced by, never refused by; cut to the cap.
            raise LockedOut(at - now, max_wait)
        self._queued += 1
        if cap is not None:
            at = min(at, now + cap)
        return at - now, None, (self._queue_number, place)


_CLOCKS_AGREE = 5.0
"""Seconds within which the local wall clock is taken to agree with a server's ``Date``:
that header is whole seconds, stamped before the answer's latency, so a clock that
agrees within them reads an epoch reset better than the header would."""


def _server_clock_ahead(headers: Mapping[str, str], now: float) -> float:
    """How many seconds the server's clock is ahead of the local wall clock ``now`` (behind:
    negative), as the answer's ``Date`` tells (RFC 9110 section 6.6.1): an epoch reset is
    a moment on the server's clock, and a local clock ten minutes behind it would refuse
    every call for ten minutes more (ahead, forget the window at once). 0 when there is
    no ``Date``, when it cannot be read or is absurd (more than a year off), or when the
    clocks agree within :data:`_CLOCKS_AGREE`."""
    value = _date_header(headers)
    if value is None or not value.isascii():
        return 0.0
    when = _date_epoch(value)
    if when is None:
        return 0.0
    ahead = when - now
    if not _CLOCKS_AGREE < abs(ahead) <= MAX_ANNOUNCED_WAIT:
        return 0.0
    return ahead


def _date_header(headers: Mapping[str, str]) -> str | None:
    """The ``Date`` of an answer, if any. ``httpx.Headers`` is read from its raw list, as
    :func:`_ratelimit_headers` does: a lookup decodes every header, on every response."""
    raw = getattr(headers, "raw", None)
    if raw is not None:
        return next((v.decode("latin-1") for k, v in raw if k.lower() == b"date"), None)
    value = headers.get("date")
    if value is None:
        value = next((text for name, text in headers.items() if name.lower() == "date"), None)
    return value


@functools.lru_cache(maxsize=32)
def _date_epoch(value: str) -> float | None:
    """An HTTP-date as an epoch time (``None`` when it cannot be read). Cached: a server
    sends the same ``Date`` for every answer within a second, and parsing it cost more
    than the rest of reading the rate-limit headers."""
    try:
        when = parsedate_to_datetime(value.strip())
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def _take_back(
    given_back: dict[float, float], next_start: float, start: float, end: float, now: float
) -> float:
    """Record the slot ``start``-``end`` as given back in ``given_back``; return where the
    queue that ends at ``next_start`` ends once every slot given back at its end is
    taken back. Slots over before ``now`` are forgotten."""
    for stale in [done for done in given_back if done <= now]:
        del given_back[stale]
    given_back[end] = start
    while (earlier := given_back.pop(next_start, None)) is not None:
        next_start = earlier
    return next_start


def _utc(wall: float | None) -> datetime | None:
    """An epoch time as an aware UTC datetime, ``None`` when the platform cannot show it."""
    if wall is None:
        return None
    try:
        return datetime.fromtimestamp(wall, UTC)
    except (OverflowError, OSError, ValueError):
        return None
