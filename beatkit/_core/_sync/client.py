# GENERATED from beatkit/_core/_async/client.py by scripts/unasync.py: edit the async source.
"""The base of every async service client: lifecycle, sending, paging."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.transport import Transport
from beatkit._core.files import FileProgressCallback, SavedFile
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.ratelimit import RateLimitState
from beatkit._core.settings import TransportSettings

__all__ = ["APIClient"]

T = TypeVar("T")


class APIClient:
    """Owns a transport; service clients add their resources on top.

    Use it as a context manager, or call :meth:`close` when done. An
    ``http_client`` passed in by the caller is never closed by beatkit.
    """

    def __init__(
        self, settings: TransportSettings, http_client: httpx.Client | None = None
    ) -> None:
        self._transport = Transport(settings, http_client)

    def __enter__(self) -> Self:
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

    def _request(self, op: Operation[T], options: RequestOptions | None = None) -> T:
        return self._transport.request(op, options)

    def _pager(
        self, op: Operation[T], *, limit: int | None = None, options: RequestOptions | None = None
    ) -> Pager[T]:
        return Pager(self._transport, op, limit=limit, options=options)

    def _save(
        self,
        op: Operation[Any],
        dest: str | os.PathLike[str],
        *,
        progress: FileProgressCallback | None = None,
        options: RequestOptions | None = None,
    ) -> SavedFile:
        return self._transport.save(op, dest, progress=progress, options=options)
