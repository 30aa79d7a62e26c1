"""httpcore's ``trace`` of a request, used to refuse it inside the connection pool
when its client was closed while it waited there (see :class:`CloseTrace`)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any

import httpx

from beatkit._core.closing import close_to_the_end
from beatkit._core.http import closed_error
from beatkit._core.httpx_logs import remember_sent_credentials
from beatkit.errors import ClientClosedError

__all__ = ["AsyncCloseTrace", "CloseTrace", "share_close_trace"]


_CONNECTING = (".connect_tcp.started", ".connect_unix_socket.started")
"""The ends of httpcore's trace events (httpx's ``trace`` request extension; the first
part names the layer: ``connection``, or ``socks`` behind a SOCKS proxy) with which a
request opens a new connection: the moment to refuse one whose client was closed while
it waited for a pooled connection (a closed pool has no other connection to give it).

Not later on an async client: a request refused once it holds a connection
(``send_request_headers``) leaves httpcore cleaning that connection up with awaits, and a
task cancelled there (a pager's prefetch cancelled by the failure of another) leaves it
checked out for good."""

_CONNECTED = (".connect_tcp.complete", ".connect_unix_socket.complete", ".start_tls.complete")
"""The ends of the trace events with which a new connection's stream is ready (its
``return_value``), before httpcore makes a connection of it: a close that came while it
connected could not close it (httpcore's close skips a connection still connecting), so
the request would go out after the close and the socket stay open in a closed pool. The
stream is closed and the request refused there instead."""

_SENDING = (".send_request_headers.started",)
"""The ends of the trace events with which a request starts going out on its
connection: checked by the sync trace only (see :data:`_CONNECTING` for why not async),
for a close that came in the instant between :data:`_CONNECTED` and httpcore making the
connection its pool's close would reach; httpcore closes the connection it refuses."""


_TCP_CONNECTED = (".connect_tcp.complete", ".connect_unix_socket.complete")
"""The ends of the trace events with which a new connection's plain stream is ready:
the stream a TLS handshake then runs on (see :data:`_TLS_CUT`)."""

_TLS_CUT = ".start_tls.failed"
"""The end of the trace event with which a TLS handshake failed. httpcore closes the
plain stream under it when it failed with an ``Exception``; one cut by a cancellation
left it open, its transport registered with the event loop and no connection holding
it, until the garbage collector found it (after the client and the loop had closed).
:class:`AsyncCloseTrace` closes it there. (A sync handshake runs on an ``ssl`` socket
that took the plain one's descriptor over: an interrupted one is freed with the
interrupt's traceback.)"""

_SOCKS_CUT = ".setup_socks5_connection.failed"
"""The end of the trace event with which a SOCKS5 handshake failed. httpcore's SOCKS
connection never closes the stream to the proxy then, whatever the failure (a proxy
refusing every authentication method, which RFC 1928 leaves the client to close; a
cancellation): :class:`CloseTrace` and :class:`AsyncCloseTrace` close it there. (Left to
be freed with the error's traceback, a sync one stayed open as long as the caller kept
the error, and on Python 3.12+ under ``pytest.raises`` until the garbage collector ran.)"""

_handshaking: ContextVar[weakref.ref[Any] | None] = ContextVar("beatkit_handshaking", default=None)
"""The plain stream the current task (or thread) connected last, while its TLS
handshake may still be running: each connect and handshake runs in the task of the
request it is for, one after the other."""


def _never() -> bool:
    return False


class CloseTrace:
    """httpx's ``trace`` request extension for an ``httpx.Client``: refuses the
    request, as it opens a connection, when its client was closed meanwhile.

    httpx's pool hands a request that waited for a connection a new one even after the
    pool was closed: it went out after the close, and that connection stayed open in a
    pool nobody closes again. :func:`~beatkit._core.http.sending` refuses a closed
    client before the send; this refuses it inside the pool. Set it with
    ``request.extensions["trace"] = trace``; :class:`AsyncCloseTrace` is the async twin
    (httpcore awaits the trace of an async request).

    Args:
        client: The httpx client that sends the request.
        service: The service's name, for the message.
        closed: Whether the beatkit client that sends with ``client`` was closed
            (``client``, an ``http_client`` of the caller's, may still be open).
    """

    __slots__ = ("_client", "_closed", "_service")

    def __init__(
        self,
        client: httpx.Client | httpx.AsyncClient,
        service: str,
        closed: Callable[[], bool] = _never,
    ) -> None:
        # Weakly: the trace stays on requests that httpx keeps in a cycle with their
        # responses (a token request shares it), which would keep the client and its
        # pool alive until a full garbage collection. A client gone is closed.
        self._client = weakref.ref(client)
        self._service = service
        self._closed = closed

    def check(self, event: str) -> None:
        """Refuse the request at httpcore's ``event`` if it opens a connection for a
        closed client.

        Raises:
            beatkit.errors.ClientClosedError: The client, or its httpx client, is closed
                (raised through httpcore and httpx unchanged; nothing was sent).
        """
        if event.endswith(_CONNECTING):
            self._refuse_if_closed()

    def _refuse_if_closed(self) -> None:
        if self._closed():
            raise closed_error(self._service)
        client = self._client()
        if client is None or client.is_closed:
            # Only an http_client of the caller's closes while beatkit's client is open.
            raise closed_error(self._service, http_client=True)

    def __call__(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's trace of one request (see :meth:`check`); a connection made, or
        a request about to go out, after its client closed is closed and refused too,
        and so is the socket of a SOCKS handshake that failed (see :data:`_SOCKS_CUT`)."""
        if event.endswith(_CONNECTED):
            # A new plain stream is kept for its handshake; a handshake done ends that.
            stream = info.get("return_value")
            kept = stream if event.endswith(_TCP_CONNECTED) else None
            _handshaking.set(None if kept is None else weakref.ref(kept))
            try:
                self._refuse_if_closed()
            except ClientClosedError:
                _handshaking.set(None)
                if stream is not None:
                    stream.close()
                raise
        elif event.endswith((_TLS_CUT, _SOCKS_CUT)):
            handshaking = _handshaking.get()
            _handshaking.set(None)
            plain = None if handshaking is None else handshaking()
            if plain is not None and event.endswith(_SOCKS_CUT):
                # httpcore closes the stream of a failed TLS handshake itself.
                plain.close()
        elif event.endswith(_SENDING):
            self._refuse_if_closed()
            remember_sent_credentials(info)
        else:
            self.check(event)


class AsyncCloseTrace(CloseTrace):
    """:class:`CloseTrace` for an ``httpx.AsyncClient``, whose trace is awaited."""

    __slots__ = ()

    async def __call__(self, event: str, info: Mapping[str, Any]) -> None:  # type: ignore[override]
        """httpcore's trace of one request (see :meth:`CloseTrace.check`); a connection
        made after its client closed is closed and refused too, and so is the socket
        of a TLS handshake a cancellation cut short (see :data:`_TLS_CUT`) or of a
        SOCKS handshake that failed (see :data:`_SOCKS_CUT`)."""
        if event.endswith(_CONNECTED):
            # A new plain stream is kept for its handshake; a handshake done ends that.
            stream = info.get("return_value")
            kept = stream if event.endswith(_TCP_CONNECTED) else None
            _handshaking.set(None if kept is None else weakref.ref(kept))
            try:
                self._refuse_if_closed()
            except ClientClosedError:
                _handshaking.set(None)
                if stream is not None:
                    # To its end even if this task is cancelled meanwhile.
                    await close_to_the_end(stream.aclose())
                raise
        elif event.endswith((_TLS_CUT, _SOCKS_CUT)):
            kept = _handshaking.get()
            _handshaking.set(None)
            plain = None if kept is None else kept()
            failure = info.get("exception")
            if plain is not None and (
                event.endswith(_SOCKS_CUT) or not isinstance(failure, Exception)
            ):
                # A TLS handshake cut by a cancellation (httpcore closes its stream after
                # an Exception only), or a SOCKS one that failed: closed to its end, and
                # the failure goes on.
                await close_to_the_end(plain.aclose())
        elif event.endswith(_SENDING):
            remember_sent_credentials(info)
        else:
            self.check(event)


def share_close_trace(source: httpx.Request, target: httpx.Request) -> httpx.Request:
    """``target``, refused when ``source``'s client closes, as ``source`` is.

    For a request sent on behalf of another (a token manager's token request, sent by
    the client of the API request that needed it): it shares the :class:`CloseTrace`
    of ``source``, if it has one. Any other ``trace`` extension is not copied.

    Returns:
        ``target``, its extensions changed in place.
    """
    trace = source.extensions.get("trace")
    if isinstance(trace, CloseTrace):
        target.extensions["trace"] = trace
    return target
