"""What beatkit writes to ``logging.getLogger("beatkit")``: requests, rate-limit waits and
retry decisions.

Only the method, the URL with credentials redacted (userinfo, secret query values,
path-embedded signatures and HLS key names: see :mod:`beatkit._core.redact`), the
status and the time are logged; headers and bodies never are, so tokens and keys
cannot leak through logs.

Text a server sent that a log line quotes (an error code), and a file name, go through
:func:`printable` first: a line break in it would write a second, forged log line, an
escape sequence (``ESC [ 2 J``) would drive the terminal the log is read on, a bidi
override would show the line reversed, and a lone surrogate (which JSON can escape, and
which a file name that is not UTF-8 holds as Python reads it) would make a UTF-8
handler fail and the record be lost. A beatkit error logged with ``%s`` is written by
its ``str()``, which escapes the same characters.

The ``beatkit`` logger has a :class:`logging.NullHandler` (added in
``beatkit/__init__.py``): an application that never configures logging sees
nothing from beatkit on stderr.
"""

from __future__ import annotations

import logging

import httpx

from beatkit._core.redact import redact_url
from beatkit.errors import _printable

__all__ = ["log_pace", "log_response", "log_retry", "logger", "printable"]

logger = logging.getLogger("beatkit")


def printable(text: str) -> str:
    """``text`` with each control character written as its escape, as ``str()`` of
    beatkit's errors writes it: the C0 controls but tab (``\\n``, ``\\x1b``), DEL, the
    C1 controls, the bidi controls and marks (``\\u202e``), U+2028 and U+2029 and lone
    surrogates (``\\ud83d``). Any other text, tab included, is returned as it is."""
    return _printable(text)


def log_response(service: str, request: httpx.Request, status: int | str, elapsed: float) -> None:
    """Log one finished attempt at DEBUG level."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s %s -> %s in %.1f ms",
            service,
            request.method,
            redact_url(request.url),
            status,
            elapsed * 1000,
        )


def log_retry(
    service: str,
    request: httpx.Request,
    exc: BaseException | None,
    retry: int,
    wait: float,
    retries: int,
) -> None:
    """Log a retry decision at INFO level: what failed (the status, for an answer), which
    retry of how many, and how long beatkit will wait."""
    if logger.isEnabledFor(logging.INFO):
        status = getattr(exc, "status_code", None)
        logger.info(
            "%s %s %s failed%s (%s); retry %d in %.2f s (of %d)",
            service,
            request.method,
            redact_url(request.url),
            f" with HTTP {status}" if isinstance(status, int) else "",
            type(exc).__name__ if exc is not None else "no result",
            retry,
            wait,
            retries,
        )


def log_pace(service: str, request: httpx.Request, wait: float) -> None:
    """Log at DEBUG level a wait for the client-side rate limit before ``request``."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s %s waits %.2f s for the rate limit",
            service,
            request.method,
            redact_url(request.url),
            wait,
        )
