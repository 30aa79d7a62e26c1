# GENERATED from beatkit/_core/_async/resource.py by scripts/unasync.py: edit the async source.
"""The base of every service resource (``client.tracks``...): where an endpoint is written.

A resource method states its signature, its docstring and its request in one call:

    return self._call("playlists.create", Playlist, unwrap="playlist", json=body)

The key names a row of the service's ``PATHS`` table (method, path, access), the type is
what the answer decodes to with the client's converter, and the keyword parts
(:class:`~beatkit._core.operation.RequestParts`) are the rest of the request.
"""

from __future__ import annotations

import os
from typing import Any, NoReturn, SupportsIndex, TypeVar, Unpack, overload

import httpx

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.transport import Transport
from beatkit._core.files import FileProgressCallback, SavedFile
from beatkit._core.operation import Operation, RequestOptions, RequestParts, make_operation
from beatkit._core.pagination import Paging
from beatkit._core.retry import may_have_taken_effect

__all__ = ["Resource"]

T = TypeVar("T")


class Resource:
    """One group of endpoints on a client, sharing the client's transport.

    Args:
        transport: The client's transport (settings, converter, connection pool).
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def __repr__(self) -> str:
        # The class names the endpoints (``<Tracks>``); nothing of the transport, whose
        # settings hold the credentials.
        return f"<{type(self).__name__}>"

    def __reduce_ex__(self, protocol: SupportsIndex, /) -> NoReturn:
        # A copy would share the connection pool, the token manager and its locks with
        # the original (closing one closes both); a pickle cannot carry open connections
        # at all. Refused here (copy, deepcopy and pickle all come through this method)
        # with a message that says what to do, rather than "cannot pickle _thread.lock".
        raise TypeError(
            f"{type(self).__name__} cannot be copied or pickled: it is bound to a client's "
            "open connections and credentials. Make a new client where you need one (one "
            "per process); the results it returns do pickle."
        )

    def _operation(
        self, key: str, result: Any, paging: Paging | None = None, **parts: Unpack[RequestParts]
    ) -> Operation[Any]:
        spec = self._transport.settings.spec
        return make_operation(
            spec.routes, key, result, paging=paging, replay_writes=spec.replay_writes, **parts
        )

    @overload
    def _call(
        self,
        key: str,
        result: None,
        /,
        *,
        options: RequestOptions | None = ...,
        note_if_unsure: str | tuple[str, ...] | None = ...,
        **parts: Unpack[RequestParts],
    ) -> None: ...
    @overload
    def _call(
        self,
        key: str,
        result: type[T],
        /,
        *,
        options: RequestOptions | None = ...,
        note_if_unsure: str | tuple[str, ...] | None = ...,
        **parts: Unpack[RequestParts],
    ) -> T: ...
    def _call(
        self,
        key: str,
        result: Any,
        /,
        *,
        options: RequestOptions | None = None,
        note_if_unsure: str | tuple[str, ...] | None = None,
        **parts: Unpack[RequestParts],
    ) -> Any:
        """Send the request ``key`` names and decode its answer into ``result``.

        ``result=None`` is for answers that carry nothing the caller needs: the call
        returns ``None`` whatever the body.

        Args:
            key: The row of the service's ``PATHS`` table.
            result: The type the answer decodes to; ``None`` for none.
            options: Per-call timeout, retries or headers.
            note_if_unsure: For a write that is never sent twice: what may already exist
                and how to check, added with ``add_note`` (each of a tuple's in turn) to
                an exception after which the write may have been carried out (see
                :func:`~beatkit._core.retry.may_have_taken_effect`: a 5xx, a timeout or
                lost connection, an answer that cannot be read, an interruption such as
                a cancelled task or ``KeyboardInterrupt``). Never to a ``TypeError`` or
                ``ValueError``: bad input, refused before anything is sent. The same
                exception object is re-raised.
            **parts: The rest of the request (:class:`~beatkit._core.operation.RequestParts`).

        Returns:
            The decoded answer (``None`` when ``result`` is ``None``).
        """
        op = self._operation(key, result, **parts)
        try:
            return self._transport.request(op, options)
        except BaseException as exc:
            # An interruption too (a cancelled task, KeyboardInterrupt): it leaves the
            # outcome as unknown as a timeout does.
            if note_if_unsure is not None and may_have_taken_effect(exc):
                notes = (note_if_unsure,) if isinstance(note_if_unsure, str) else note_if_unsure
                for note in notes:
                    exc.add_note(note)
            raise

    def _list(
        self,
        key: str,
        item: type[T],
        /,
        *,
        paging: Paging,
        limit: int | None = None,
        options: RequestOptions | None = None,
        **parts: Unpack[RequestParts],
    ) -> Pager[T]:
        """A pager over the list ``key`` names; ``paging`` reads the service's pages."""
        op = self._operation(key, item, paging, **parts)
        return Pager(self._transport, op, limit=limit, options=options)

    def _exchange(
        self, key: str, /, *, options: RequestOptions | None = None, **parts: Unpack[RequestParts]
    ) -> tuple[httpx.Response, Any]:
        """Send the request ``key`` names; return the response and its parsed body.

        For results read from headers as well as the body. Error statuses raise as
        anywhere else.
        """
        return self._transport.send(self._operation(key, Any, **parts), options)

    def _save(
        self,
        key: str,
        dest: str | os.PathLike[str],
        /,
        *,
        progress: FileProgressCallback | None = None,
        options: RequestOptions | None = None,
        **parts: Unpack[RequestParts],
    ) -> SavedFile:
        """Stream the answer's body into the file ``dest``, atomically."""
        op = self._operation(key, None, **parts)
        return self._transport.save(op, dest, progress=progress, options=options)
