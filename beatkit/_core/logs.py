"""What beatkit writes to ``logging.getLogger("beatkit")``: requests and retry decisions.

Only the method, the URL with credentials redacted, the status and the time are
logged; headers and bodies never are, so tokens and keys cannot leak through logs.
"""

from __future__ import annotations

import logging

import httpx
from tenacity import RetryCallState

from beatkit._core.http import redact_url

__all__ = ["log_response", "log_retry", "logger"]

logger = logging.getLogger("beatkit")


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


def log_retry(service: str, request: httpx.Request, state: RetryCallState) -> None:
    """Log a retry decision at INFO level: what failed and how long beatkit will wait."""
    if not logger.isEnabledFor(logging.INFO):
        return
    outcome = state.outcome
    exc = outcome.exception() if outcome is not None else None
    wait = state.next_action.sleep if state.next_action is not None else 0.0
    logger.info(
        "%s %s %s failed (%s); retry %d in %.2f s",
        service,
        request.method,
        redact_url(request.url),
        type(exc).__name__ if exc is not None else "no result",
        state.attempt_number,
        wait,
    )
