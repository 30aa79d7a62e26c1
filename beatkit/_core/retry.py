"""When to retry a failed request and how long to wait: pure decisions, no sleeping."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from attrs import frozen

from beatkit._core.ratelimit import MAX_ANNOUNCED_WAIT
from beatkit.errors import (
    APIConnectionError,
    APIError,
    ConfigurationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

__all__ = [
    "NOT_REPLAYED",
    "RetryPolicy",
    "may_have_taken_effect",
    "note_not_replayed",
    "never_sent",
    "parse_retry_after",
    "retry_after_of",
]

# Failures that happen before a single byte of the request left this machine, so
# replaying them is safe for any method, POST included.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def never_sent(exc: BaseException) -> bool:
    """Whether ``exc`` is a connection failure from before the request left this machine
    (connecting, or waiting for a pooled connection): the server cannot have acted on it.
    """
    return isinstance(exc, APIConnectionError) and isinstance(exc.__cause__, _NOT_SENT)


def may_have_taken_effect(error: BaseException) -> bool:
    """Whether a write that failed with ``error`` may have been carried out all the same.

    A 4xx answer, a connection that never opened, beatkit's own refusals before
    sending and the ``TypeError``/``ValueError`` of bad input say it was not; a 5xx, a
    timeout or lost connection, an answer that could not be read, and an interruption
    (a cancelled task) leave it unknown. One rule for
    every service's outcome notes (BeatPass's ``may_have_run``, Beat Technology's
    ``may_be_applied``).
    """
    if isinstance(error, ResponseDecodeError):
        return True
    if isinstance(error, (TypeError, ValueError)):
        # Bad input: building the request raises these before anything is sent (an
        # ``options`` that is no ``RequestOptions``, a lone surrogate in a body).
        return False
    if isinstance(error, APIError):
        return error.status_code >= 500
    if isinstance(error, ConfigurationError):
        return False
    return not never_sent(error)


NOT_REPLAYED = "not retried: it may have reached the server; check before sending it again"
"""What a connection failure of a request that is never replayed adds to its message."""


def note_not_replayed(exc: BaseException, *, idempotent: bool) -> None:
    """Say in ``exc``'s message that it was not retried, when it is a connection failure
    of a request that is not replayed (a purchase, a write) and may have reached the
    server: calling again could do the work twice.
    """
    if idempotent or not isinstance(exc, APIConnectionError) or never_sent(exc):
        return
    if exc.message.endswith(f"({NOT_REPLAYED})"):
        return
    exc.message = f"{exc.message} ({NOT_REPLAYED})"
    exc.args = (exc.message, *exc.args[1:])


# A 500 may mean the server did part of the work: only replay methods that are safe
# to run twice. Gateways' 502/503/504 are retried for those methods too; a POST that
# got one may still have reached the origin, so it is not replayed.
_RETRY_STATUSES = frozenset({500, 502, 503, 504})


# RFC 9110's delay-seconds (1*DIGIT), plus a sign and a fraction some servers send.
_SECONDS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Read a ``Retry-After`` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).

    A header sent more than once (a proxy adding its own, or repeating the origin's)
    reaches here joined with commas (``"30, 30"``): each value is read, and the longest
    wait any of them names wins, since sending before one of them would only meet
    another refusal.

    Args:
        value: The header value, or ``None``.
        now: The current time for HTTP-dates (defaults to the real clock).

    Returns:
        Seconds to wait (never negative), or ``None`` when absent, unreadable (other
        scripts' digits, ``nan``, a date past the end of the calendar) or absurd (more
        than a year ahead): the caller then backs off as if no wait was named. Of
        several values, those that cannot be read are skipped.
    """
    if value is None:
        return None
    waits = [wait for part in _values(value) if (wait := _one_value(part, now)) is not None]
    return max(waits) if waits else None


_DAY_NAMES = frozenset(
    {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
"""The day names an HTTP-date starts with (RFC 9110's IMF-fixdate and obsolete
rfc850-date), lower-cased."""


def _values(text: str) -> list[str]:
    """The comma-joined values of a header sent more than once: an HTTP-date's own comma
    (``Wed, 01 May 2024 ...``, ``Wednesday, 01-May-24 ...``) follows its day name, which
    is kept with the rest of the date. Any other word is a value of its own (``soon,
    30``: the 30 seconds are not lost in a date that does not read)."""
    values: list[str] = []
    pending = ""
    for piece in text.split(","):
        piece = piece.strip()
        if pending:
            values.append(f"{pending}, {piece}")
            pending = ""
        elif piece.lower() in _DAY_NAMES:
            pending = piece
        elif piece:
            values.append(piece)
    if pending:
        values.append(pending)
    return values


def _one_value(text: str, now: datetime | None) -> float | None:
    """One ``Retry-After`` value (stripped, not empty) in seconds; see :func:`parse_retry_after`."""
    if _SECONDS.fullmatch(text):
        # Only ASCII digits: float() also reads "nan", "inf", "1e3", "1_000" and other
        # scripts' digits, none of which is delay-seconds. A fraction is read as
        # sent, a negative wait as none, 400 digits (inf) as unreadable.
        seconds = max(0.0, float(text))
    else:
        # An HTTP-date is ASCII too; parsedate's int() would read other scripts' digits.
        if not text.isascii():
            return None
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            # OverflowError: a year, hour or second of more digits than a C long holds.
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        current = now or datetime.now(UTC)
        seconds = max(0.0, (when - current).total_seconds())
    # More than a year ahead (400 digits: inf) is a misread header, as for X-RateLimit-Reset.
    return seconds if seconds <= MAX_ANNOUNCED_WAIT else None


def _server_date(value: str | None) -> datetime | None:
    """A response's ``Date`` header as an aware datetime, or ``None`` when absent or
    unreadable (never an error: it only refines how ``Retry-After`` is read)."""
    if value is None or not value.isascii():
        return None
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def retry_after_of(headers: httpx.Headers) -> float | None:
    """A response's ``Retry-After`` in seconds, an HTTP-date measured on the server's clock.

    An HTTP-date names a moment on the server's clock; measured from the local clock,
    a server an hour ahead would ask for an hour more than it meant (and one behind,
    for nothing). So it is measured from the response's own ``Date`` (RFC 9110
    section 6.6.1) when that is readable, else from the local clock.

    Args:
        headers: The response's headers.

    Returns:
        As :func:`parse_retry_after`.
    """
    return parse_retry_after(headers.get("retry-after"), now=_server_date(headers.get("date")))


@frozen(kw_only=True)
class RetryPolicy:
    """The rules for replaying a request.

    * Connection failures before the request was sent: always retried.
    * Other transport failures (read timeouts, resets): only idempotent methods.
    * 429: retried for every method, waiting what ``Retry-After`` says, unless
      that is longer than ``max_wait``; then :class:`~beatkit.errors.RateLimitError`
      is raised at once with ``retry_after`` set, rather than sleeping for an hour.
    * 500/502/503/504: only idempotent methods (a POST may have been applied).
    """

    max_retries: int = 2
    """Retries after the first attempt (0 disables retrying)."""
    max_wait: float = 60.0
    """The longest single wait, in seconds, beatkit will sleep before a retry."""
    backoff_base: float = 0.5
    """First backoff in seconds when the server gives no ``Retry-After``; doubles per attempt."""
    backoff_max: float = 8.0
    """The cap of the exponential backoff."""
    jitter: float = 0.25
    """Random extra fraction added to backoffs so that many clients do not retry in step."""

    def should_retry(self, exc: BaseException, *, idempotent: bool) -> bool:
        """Decide whether the failure ``exc`` of one attempt may be retried."""
        if isinstance(exc, RateLimitError):
            return exc.retry_after is None or exc.retry_after <= self.max_wait
        if isinstance(exc, ServerError):
            if not idempotent or exc.status_code not in _RETRY_STATUSES:
                return False
            retry_after = getattr(exc, "retry_after", None)
            return retry_after is None or retry_after <= self.max_wait
        if isinstance(exc, APIConnectionError):
            return idempotent or never_sent(exc)
        return False

    def wait(self, exc: BaseException | None, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based) after ``exc``."""
        retry_after: object = getattr(exc, "retry_after", None)
        if isinstance(retry_after, int | float):
            return min(float(retry_after), self.max_wait)
        backoff = min(self.backoff_max, self.backoff_base * 2.0 ** (attempt - 1))
        return min(self.max_wait, backoff * (1 + self.jitter * random.random()))
