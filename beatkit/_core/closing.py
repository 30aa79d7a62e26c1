"""Response closes that a cancelled task cannot cut short.

httpcore gives a connection back to its pool in the response's close, and guards
that close with an anyio shield. On asyncio a native ``task.cancel()`` goes through
the shield: a task cancelled while its response closes (a pager's prefetch stopped
by a ``break``, a caller's ``asyncio.wait_for`` running out) leaves its connection
checked out for good, and once every connection is lost so the pool answers nothing
but ``PoolTimeout``. :class:`AsyncResponseGuard` runs the close to its end and
delivers the cancellation after it. Threads are never cancelled half-way through a
close, so :class:`ResponseGuard`, the sync twin, leaves responses as they are.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, ClassVar

import httpx

__all__ = ["AsyncResponseGuard", "ResponseGuard"]


class _GuardedStream(httpx.AsyncByteStream):
    """A response body whose :meth:`aclose` finishes even when its task is cancelled."""

    def __init__(self, stream: httpx.AsyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        # A task of its own: a cancellation of the caller's task does not reach it.
        closing = asyncio.ensure_future(self._stream.aclose())
        interrupted: asyncio.CancelledError | None = None
        while True:
            try:
                await asyncio.shield(closing)
            except asyncio.CancelledError as exc:
                if closing.done():
                    # The close itself was cancelled (its event loop is shutting down).
                    raise
                # Delivered once the connection is back in its pool; releasing it is quick.
                interrupted = exc
                continue
            except Exception:
                if interrupted is None:
                    raise
            break
        if interrupted is not None:
            raise interrupted


def _guard(response: httpx.Response) -> httpx.Response:
    stream = response.stream
    if isinstance(stream, httpx.AsyncByteStream) and not isinstance(stream, _GuardedStream):
        response.stream = _GuardedStream(stream)
    return response


async def _guard_hook(response: httpx.Response) -> None:
    _guard(response)


class AsyncResponseGuard:
    """Makes the close of an ``httpx.AsyncClient``'s responses run to its end."""

    @staticmethod
    def guard(response: httpx.Response) -> httpx.Response:
        """Wrap ``response``'s body (not read yet) so that closing it is never cut short.

        Args:
            response: A response whose body has not been read (sent with ``stream=True``,
                or seen by a response event hook).

        Returns:
            ``response`` itself.
        """
        return _guard(response)

    event_hooks: ClassVar[Mapping[str, list[Callable[..., Any]]]] = {"response": [_guard_hook]}
    """For an ``httpx.AsyncClient`` beatkit creates: every response it receives is guarded,
    the token requests and 401 answers its auth flows read included."""


class ResponseGuard:
    """The sync twin of :class:`AsyncResponseGuard`: nothing to guard, threads are not
    cancelled half-way through a close."""

    @staticmethod
    def guard(response: httpx.Response) -> httpx.Response:
        """Return ``response`` unchanged.

        Args:
            response: A response.

        Returns:
            ``response`` itself.
        """
        return response

    event_hooks: ClassVar[Mapping[str, list[Callable[..., Any]]]] = {}
    """No hooks."""
