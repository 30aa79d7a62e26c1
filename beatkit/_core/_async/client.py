"""The base of every async service client: lifecycle, sending, paging."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from beatkit._core._async.pagers import AsyncPager
from beatkit._core._async.transport import AsyncTransport
from beatkit._core.files import FileProgressCallback, SavedFile
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.ratelimit import RateLimitState
from beatkit._core.settings import TransportSettings

__all__ = ["AsyncAPIClient"]

T = TypeVar("T")


class AsyncAPIClient:
    """Owns a transport; service clients add their resources on top.

    Use it as a context manager, or call :meth:`aclose` when done. An
    ``http_client`` passed in by the caller is never closed by beatkit.
    """

    def __init__(
        self, settings: TransportSettings, http_client: httpx.AsyncClient | None = None
    ) -> None:
        self._transport = AsyncTransport(settings, http_client)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (unless it belongs to a caller-supplied ``http_client``)."""
        await self._transport.aclose()

    @property
    def base_url(self) -> httpx.URL:
        """The API root this client talks to."""
        return self._transport.settings.base_url

    @property
    def rate_limit(self) -> RateLimitState | None:
        """The rate-limit headers of the last response (``None`` before any, or if none sent)."""
        return self._transport.settings.limiter.state

    async def _request(self, op: Operation[T], options: RequestOptions | None = None) -> T:
        return await self._transport.request(op, options)

    def _pager(
        self, op: Operation[T], *, limit: int | None = None, options: RequestOptions | None = None
    ) -> AsyncPager[T]:
        return AsyncPager(self._transport, op, limit=limit, options=options)

    async def _save(
        self,
        op: Operation[Any],
        dest: str | os.PathLike[str],
        *,
        progress: FileProgressCallback | None = None,
        options: RequestOptions | None = None,
    ) -> SavedFile:
        return await self._transport.save(op, dest, progress=progress, options=options)
