# GENERATED from beatkit/_core/_async/client.py by scripts/unasync.py: edit the async source.
"""The base of every service client: lifecycle and the shared transport."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import httpx

from beatkit._core._sync.resource import Resource
from beatkit._core._sync.transport import Transport
from beatkit._core.ratelimit import RateLimitState
from beatkit._core.redact import redact_url
from beatkit._core.settings import TransportSettings

__all__ = ["APIClient"]


class APIClient(Resource):
    """Owns a transport; service clients hang their resources on it.

    The client is itself the root resource: endpoints that belong to no group
    (``client.search(...)``) are written on it like any resource method.

    Use it as a context manager, or call :meth:`close` when done (closing twice is
    harmless). Entering a closed client raises
    :class:`~beatkit.errors.ClientClosedError`. An ``http_client`` passed in by the
    caller is never closed by beatkit.

    Args:
        settings: The client's settings (:func:`~beatkit._core.settings.build_settings`).
        http_client: An ``httpx.Client`` the caller owns, or ``None``.
    """

    def __init__(
        self, settings: TransportSettings, http_client: httpx.Client | None = None
    ) -> None:
        super().__init__(Transport(settings, http_client))

    def __repr__(self) -> str:
        state = self._repr_state()
        extra = f", {state}" if state else ""
        # A base URL may carry a gateway's password or key: shown redacted.
        return f"{type(self).__name__}(base_url={redact_url(self.base_url)!r}{extra})"

    def _repr_state(self) -> str:
        """What ``repr`` adds after the base URL (never a secret)."""
        return ""

    def __enter__(self) -> Self:
        # Leaving the block closes the client: entering it again (a notebook cell run
        # twice) is refused here rather than at the first call inside.
        self._transport.ensure_open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (unless it belongs to a caller-supplied ``http_client``)."""
        self._transport.close()

    @property
    def base_url(self) -> httpx.URL:
        """The API root this client talks to."""
        return self._transport.settings.base_url

    @property
    def rate_limit(self) -> RateLimitState | None:
        """The rate-limit headers of the last response (``None`` before any, or if none sent)."""
        return self._transport.settings.limiter.state
