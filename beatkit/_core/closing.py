"""Response closes that a cancelled task cannot cut short.

httpcore gives a connection back to its pool in the response's close, and guards
that close with an anyio shield. On asyncio a native ``task.cancel()`` goes through
the shield: a task cancelled while its response closes (a pager's prefetch stopped
by a ``break``, a caller's ``asyncio.wait_for`` running out) leaves its connection
checked out for good, and once every connection is lost so the pool answers nothing
but ``PoolTimeout``. :class:`AsyncResponseGuard` runs the close to its end and
delivers the cancellation after it. Threads are never cancelled half-way through a
close, so :class:`ResponseGuard`, the sync twin, leaves responses as they are.

httpcore 1.0.x loses a pool slot another way too (encode/httpcore#1093): a request
waiting for a connection is handed a new one (another request's cancellation freed a
slot), then is cancelled itself before it runs. The connection stays in the pool,
never connected and owned by no request, and no later request can use it or close
it. Other cancellations strand a connection that did connect, owned by no request and
never available, idle or closed again, its socket open (see :func:`_stranded`): one
delivered as a new connection's connect returns (the request never starts on it), one
delivered a second time while httpcore closes the connection it failed on, or one
that cuts the TLS handshake through a proxy's tunnel short.
:meth:`AsyncResponseGuard.reclaim` takes such connections out (and closes those that
connected) after a send fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from typing import Any, ClassVar

import httpx

from beatkit._core.concurrency import require_asyncio

logger = logging.getLogger("beatkit")

__all__ = [
    "AsyncLoopGuard",
    "AsyncResponseGuard",
    "ForkGuard",
    "LoopGuard",
    "ResponseGuard",
    "close_to_the_end",
]


class _GuardedStream(httpx.AsyncByteStream):
    """A response body whose :meth:`aclose` finishes even when its task is cancelled."""

    def __init__(self, stream: httpx.AsyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        await close_to_the_end(self._stream.aclose())


async def close_to_the_end(close: Coroutine[Any, Any, None]) -> None:
    """Run ``close`` to its end even if this task is cancelled meanwhile; the
    cancellation is delivered after it.

    A close cut short leaves what it had not reached yet open for good (a connection
    checked out of its pool, sockets httpx already took out of the pool).

    Raises:
        asyncio.CancelledError: This task was cancelled while ``close`` ran (raised once
            it ended), or ``close`` itself was (its event loop is shutting down).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        # Not asyncio (trio: its calls are refused before sending, but the client
        # still closes): a shield of that library's own holds there.
        import anyio

        with anyio.CancelScope(shield=True):
            await close
        return
    # A task of its own: a cancellation of the caller's task does not reach it.
    closing = asyncio.ensure_future(close)
    interrupted: asyncio.CancelledError | None = None
    while True:
        try:
            await asyncio.shield(closing)
        except asyncio.CancelledError as exc:
            if closing.done():
                # The close itself was cancelled (its event loop is shutting down).
                raise
            # Delivered once the close has ended; closing is quick.
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


def _never_connected(connection: Any) -> bool:
    """Whether a pooled connection was created for a request and never began to connect
    (httpcore's ``HTTPConnection`` before its first request, or a proxy connection, which
    wraps one, before its wrapped one began to connect or its tunnel was set up)."""
    inner = getattr(connection, "_connection", True)
    if inner is None:
        return getattr(connection, "_connect_failed", None) is False
    # A proxy's forward or tunnel connection: an HTTPConnection to the proxy inside; a
    # tunnel set up (``_connected``) holds the tunnelled connection there instead.
    return (
        hasattr(connection, "_proxy_origin")
        and getattr(connection, "_connected", False) is False
        and inner is not connection
        and _never_connected(inner)
    )


def _stranded(connection: Any) -> bool:
    """Whether a pooled connection that no request owns can never be used or freed: it
    is not available, idle or closed. httpcore's pool hands a request only an available
    connection (or a new one, owned at once), and takes out only closed and expired
    ones (an HTTP/1.1 connection expires only once idle): such a connection holds its
    slot, and its socket, until the pool closes.

    A cancellation leaves one so where it cuts httpcore short: delivered as a new
    connection's connect returned (at its next await, the HTTP/1.1 connection's state
    lock), the connection stays ``NEW``, no request ever started on it; delivered again
    while httpcore closes a connection it failed on (its anyio shield does not hold
    against a native ``task.cancel()``: an ``asyncio.gather`` inside an anyio cancel
    scope hands the scope's repeated cancellations on), it stays ``ACTIVE``; cut in the
    TLS handshake through a proxy's tunnel, the tunnel is never set up. A connection
    that never connected is :func:`_never_connected`'s, and has no socket to close."""
    return not (connection.is_available() or connection.is_idle() or connection.is_closed())


_WRAPPED_DEPTH = 4
"""How many transports deep :func:`_pools` looks for a pool behind wrapping transports."""


def _pools(client: httpx.Client | httpx.AsyncClient) -> list[Any]:
    """The connection pools of ``client``: its default transport's and those of its
    mounted transports (proxies from ``HTTPS_PROXY``/``ALL_PROXY``, a caller's
    ``mounts``), and those of the transports such a transport wraps (a retrying or
    caching transport around httpx's own keeps the pool one attribute further in).
    httpx keeps them in private attributes: read defensively; a transport without a
    pool (in-memory ones) holds no connection."""
    transports = [getattr(client, "_transport", None)]
    mounts = getattr(client, "_mounts", None)
    if isinstance(mounts, Mapping):
        transports.extend(mounts.values())
    pools: list[Any] = []
    for transport in transports:
        _add_pools(transport, pools, _WRAPPED_DEPTH)
    return pools


def _add_pools(transport: object, pools: list[Any], depth: int) -> None:
    """Add to ``pools`` the pool of ``transport`` (httpx's network transports), or else
    those of the transports it holds in its attributes (a wrapping transport), down to
    ``depth`` transports in."""
    pool = getattr(transport, "_pool", None)
    if pool is not None:
        if not any(pool is seen for seen in pools):
            pools.append(pool)
        return
    if depth <= 0:
        return
    try:
        attributes = list(vars(transport).values())
    except TypeError:  # no __dict__ (None, or a class with __slots__)
        return
    for value in attributes:
        if value is not transport and isinstance(
            value, httpx.AsyncBaseTransport | httpx.BaseTransport
        ):
            _add_pools(value, pools, depth - 1)


def _has_pool(client: httpx.AsyncClient) -> bool:
    """Whether ``client`` sends through a connection pool (httpx's network transport,
    itself, mounted, or wrapped by another transport), as far as :func:`_pools` can tell;
    else whether its transport is httpx's network transport."""
    try:
        return bool(_pools(client))
    except Exception:  # another layout: the transport's type alone
        return isinstance(getattr(client, "_transport", None), httpx.AsyncHTTPTransport)


def _reclaimed(client: httpx.Client | httpx.AsyncClient) -> list[tuple[Any, list[Any]]]:
    """Take out of ``client``'s pools the connections that no request owns and that
    never connected, or are stranded (:func:`_stranded`; see the module docstring), and
    hand the freed slots to the requests waiting; for each pool changed, the connections
    to close: the stranded ones, and those httpcore then asks to close.

    httpx and httpcore offer no public view of a pool: read defensively, and another
    layout is left alone. Never raises (a failure is logged at debug).
    """
    changed: list[tuple[Any, list[Any]]] = []
    try:
        pools = _pools(client)
    except Exception as exc:  # never raises: see below
        logger.debug("pool slots not reclaimed: unexpected pool layout (%s)", type(exc).__name__)
        return changed
    for pool in pools:
        try:
            # Checked before anything is removed: a pool it cannot hand the freed slots
            # over in is left as it is.
            assign = pool._assign_requests_to_connections
            with pool._optional_thread_lock:
                owned = {id(waiting.connection) for waiting in pool._requests}
                connections = pool._connections
                orphans = [
                    connection
                    for connection in connections
                    if id(connection) not in owned and _never_connected(connection)
                ]
                # Connected, and stranded: their sockets must be closed too.
                stranded = [
                    connection
                    for connection in connections
                    if id(connection) not in owned
                    and connection not in orphans
                    and _stranded(connection)
                ]
                if not orphans and not stranded:
                    continue
                before = list(connections)
                try:
                    for connection in (*orphans, *stranded):
                        connections.remove(connection)
                    # The slots freed go to the requests waiting, as a close would give them.
                    closing = [*stranded, *assign()]
                except BaseException:
                    connections[:] = before  # as it was: never half-changed
                    raise
        except Exception as exc:
            # Another layout, or a failure in it: this runs while a send's own error is
            # on its way, which must come out unchanged. Only the error's type is logged:
            # its text could quote a connection's URL.
            logger.debug(
                "pool slots not reclaimed: unexpected pool layout (%s)", type(exc).__name__
            )
            continue
        changed.append((pool, closing))
    return changed


def _taken_connections(client: Any) -> tuple[list[Any], list[socket.socket | None]]:
    """Every connection of ``client``'s pools, taken out of them, and the socket under
    each (``None`` where it cannot be read). Raises whatever an unexpected pool layout
    makes it raise: its callers log that and leave the connections to the collector."""
    connections: list[Any] = []
    for pool in _pools(client):
        with pool._optional_thread_lock:
            connections.extend(pool._connections)
            pool._connections[:] = []
    return connections, [_socket_of(connection) for connection in connections]


def _socket_of(connection: Any) -> socket.socket | None:
    """The socket under a pooled connection (httpcore's ``HTTPConnection``, a proxy's,
    and the HTTP/1.1 or HTTP/2 connection inside), or ``None`` (none yet, or another
    layout: httpcore offers no public view of it)."""
    for _ in range(4):
        stream = getattr(connection, "_network_stream", None)
        if stream is not None:
            sock = stream.get_extra_info("socket")
            # asyncio hands out a TransportSocket, a wrapper around the socket itself.
            sock = getattr(sock, "_sock", sock)
            return sock if isinstance(sock, socket.socket) else None
        connection = getattr(connection, "_connection", None)
        if connection is None:
            return None
    return None


def _shut_down_sockets(client: httpx.Client) -> None:
    """Shut down (not close) the sockets of ``client``'s pooled connections: a thread
    blocked reading or writing one wakes at once (see :meth:`ResponseGuard.close`).
    Never raises (a failure is logged at debug): the close goes on regardless."""
    try:
        connections: list[Any] = []
        for pool in _pools(client):
            with pool._optional_thread_lock:
                connections.extend(pool._connections)
        sockets = [_socket_of(connection) for connection in connections]
    except Exception as exc:
        logger.debug("sockets not shut down: unexpected pool layout (%s)", type(exc).__name__)
        return
    for sock in sockets:
        if sock is not None:
            with contextlib.suppress(OSError):
                # The plain socket's: an SSL socket's own shutdown() also drops its SSL
                # object, under the feet of the thread reading through it.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _drop_dead_connections(client: httpx.AsyncClient) -> bool:
    """Take every connection out of ``client``'s pools, whose event loop has closed, and
    shut their sockets down; ``True`` when done, ``False`` when a pool cannot be read
    (another httpcore layout) or still has requests waiting (they belong to the closed
    loop too), leaving the pools as they were.

    A connection made in a closed loop cannot be read from again, but its socket may
    still write: a request sent on it would reach the server and never be answered.
    """
    try:
        pools = _pools(client)
        dropped: list[Any] = []
        for pool in pools:
            with pool._optional_thread_lock:
                if pool._requests:
                    return False
        for pool in pools:
            with pool._optional_thread_lock:
                dropped.extend(pool._connections)
                pool._connections[:] = []
        sockets = [_socket_of(connection) for connection in dropped]
    except Exception as exc:
        logger.debug("connections not dropped: unexpected pool layout (%s)", type(exc).__name__)
        return False
    for sock in sockets:
        if sock is not None:
            with contextlib.suppress(OSError):
                # Shut down, not closed: the closed loop's transport still owns the file
                # descriptor, and closes it when the garbage collector takes it.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
    return True


def _let_go_inherited(client: httpx.AsyncClient) -> None:
    """In a forked child, take every connection out of ``client``'s pools and close the
    child's copies of their sockets, never their transports (see
    :meth:`AsyncResponseGuard.aclose`). Closing a descriptor leaves the parent's, and
    its loop's epoll entry, as they were. Never raises (a failure is logged at debug):
    what cannot be read is left to the garbage collector, whose close of a transport
    (a plain close of its socket) leaves the loop's selector alone too."""
    try:
        _connections, sockets = _taken_connections(client)
    except Exception as exc:
        logger.debug(
            "inherited connections not let go: unexpected pool layout (%s)", type(exc).__name__
        )
        return
    for sock in sockets:
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()


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

    @staticmethod
    async def aclose(client: httpx.AsyncClient, *, inherited: bool = False) -> None:
        """Close ``client`` to its end, even if this task is cancelled meanwhile.

        httpx takes every connection out of its pool, then closes them one by one: a
        cancellation at the first would leave the others open for good. The
        cancellation is delivered once they are all closed.

        A client whose connections belong to an event loop that has closed
        (``asyncio.run(client.aclose())`` after ``asyncio.run(main())``) is closed
        without asyncio's bare ``RuntimeError: Event loop is closed``: those
        connections cannot be closed from another loop, and are left to the garbage
        collector. Those of another loop still open (one running in another thread)
        are taken out of the pool and their sockets shut down; they are closed in
        that loop, as it runs (asyncio's transports may be closed from their own
        loop's thread only).

        In a forked child that inherited the pool (``inherited``), the connections are
        taken out of it and only the child's copies of their sockets are closed: closing
        a connection closes its asyncio transport, which takes the socket out of its
        event loop's selector, and the child's copy of its parent's loop shares the
        parent's epoll instance. The parent's loop then never heard of the answer to a
        request it had in flight.

        Args:
            client: The client to close.
            inherited: Whether this process is a forked child that inherited the pool
                (see :meth:`ForkGuard.inherited`).
        """
        if inherited:
            _let_go_inherited(client)
        elif (bound := _foreign_open_loop(client)) is not None:
            _let_go_foreign(client, bound)
        try:
            await close_to_the_end(client.aclose())
        except RuntimeError as exc:
            if str(exc) != "Event loop is closed":
                raise
            # httpx marked the client closed before its pool failed: it is closed all
            # the same, and nothing more can be done from this loop.

    @staticmethod
    async def reclaim(client: httpx.AsyncClient) -> None:
        """Give back the pool slots a failed send may have lost (see the module docstring).

        Call it when ``client.send()`` raised (a cancellation above all): the request
        that failed may have been handed a new connection it never used. It never
        raises, so the send's own error comes out unchanged (a pool of another layout
        is left as it is, logged at debug on the ``beatkit`` logger).

        Args:
            client: The client whose send failed.
        """
        for pool, closing in _reclaimed(client):
            if closing:
                # Connections taken out that had connected, and idle ones httpcore
                # evicted to make room: closed to the end, and a failure to close one
                # never hides the send's own error.
                with contextlib.suppress(Exception):
                    await close_to_the_end(pool._close_connections(closing))

    @staticmethod
    def reclaiming(client: httpx.AsyncClient) -> _AsyncReclaiming:
        """An ``async with`` around ``client.send()``: if the send fails (a cancellation
        above all), :meth:`reclaim` runs before its error goes on, unchanged.

        Args:
            client: The client that sends.

        Returns:
            The async context manager.
        """
        return _AsyncReclaiming(client)

    event_hooks: ClassVar[Mapping[str, list[Callable[..., Any]]]] = {"response": [_guard_hook]}
    """For an ``httpx.AsyncClient`` beatkit creates; every response it receives is guarded,
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

    @staticmethod
    def close(client: httpx.Client, *, inherited: bool = False) -> None:
        """Close ``client`` (a thread is not cancelled half-way through it), ending the
        waits of the calls that other threads have on its connections.

        A socket closed by one thread does not wake another blocked reading it: that
        call read on until its answer came or its read timeout ran out (with none, for
        ever), and the descriptor, freed meanwhile, could be another socket's by then.
        The pool's sockets are shut down first, which wakes their readers and writers
        (they fail, and report the close); then the client closes them.

        Not in a forked child that inherited the pool (``inherited``): a shutdown acts
        on the socket the parent holds too, and cut the requests the parent had in
        flight on it. The child only closes its own descriptors (it runs none of the
        parent's threads, so none of its own waits on them).

        Args:
            client: The client to close.
            inherited: Whether this process is a forked child whose pool came from its
                parent (see :meth:`ForkGuard.inherited`).
        """
        if not inherited:
            _shut_down_sockets(client)
        client.close()

    @staticmethod
    def reclaim(client: httpx.Client) -> None:
        """Give back the pool slots a failed send may have lost: the sync twin of
        :meth:`AsyncResponseGuard.reclaim` (an interrupt, a ``KeyboardInterrupt``,
        lands on a thread waiting for a connection as a cancellation does on a task).
        It never raises.

        Args:
            client: The client whose send failed.
        """
        for pool, closing in _reclaimed(client):
            if closing:
                with contextlib.suppress(Exception):
                    pool._close_connections(closing)

    @staticmethod
    def reclaiming(client: httpx.Client) -> _Reclaiming:
        """A ``with`` around ``client.send()``: if the send fails (an interrupt above
        all), :meth:`reclaim` runs before its error goes on, unchanged.

        Args:
            client: The client that sends.

        Returns:
            The context manager.
        """
        return _Reclaiming(client)

    event_hooks: ClassVar[Mapping[str, list[Callable[..., Any]]]] = {}
    """No hooks."""


class _AsyncReclaiming:
    """See :meth:`AsyncResponseGuard.reclaiming`."""

    __slots__ = ("_client",)

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            # A cancellation in the pool's queue can cost it a slot (see reclaim); the
            # error goes on as it was (None: not suppressed).
            await AsyncResponseGuard.reclaim(self._client)


class _Reclaiming:
    """See :meth:`ResponseGuard.reclaiming`."""

    __slots__ = ("_client",)

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            # An interrupt in the pool's queue can cost it a slot (see reclaim).
            ResponseGuard.reclaim(self._client)


_FORKED = (
    "{}: this client's pooled connections were opened in another process (it sent "
    "before a fork: multiprocessing, a worker pool), and a socket two processes share "
    "mixes their answers. Create the client in each worker process (in a Pool "
    "initializer, or in the function it runs), or send with it only after the workers "
    "started; nothing was sent."
)


class ForkGuard:
    """The process a client's pool belongs to: another one (a forked child) is refused.

    After ``fork()`` the child holds the parent's pooled keep-alive connections: the same
    sockets. Requests of both processes go out on one, and each reads whichever answer
    comes first (a worker asking for one beat got another's). A child whose inherited pools
    (the default transport's and every mount's: a proxy's, a caller's ``mounts``) hold
    connections is refused before anything goes out; one with empty pools (the parent
    never sent) takes the client over. In-memory transports (``MockTransport``,
    the fakes) have no pool and are never refused.

    Args:
        client: The httpx client the transport sends with.
    """

    __slots__ = ("_client", "_pid")

    def __init__(self, client: httpx.Client | httpx.AsyncClient) -> None:
        self._client = client
        self._pid = os.getpid()

    def check(self, service: str) -> None:
        """Refuse a forked child's send through connections of its parent.

        Args:
            service: The service's name, for the message.

        Raises:
            beatkit.errors.ClientClosedError: The pool holds another process's connections.
        """
        pid = os.getpid()
        if pid == self._pid:
            return
        # Every pool: behind a proxy or a mount, the connections are in a mount's.
        if any(getattr(pool, "connections", None) for pool in _pools(self._client)):
            from beatkit.errors import ClientClosedError

            raise ClientClosedError(_FORKED.format(service))
        self._pid = pid

    def inherited(self) -> bool:
        """Whether this process is a forked child of the one the pool belongs to that
        has not taken the client over (see :meth:`check`): its pooled sockets, if any,
        are its parent's too.

        Returns:
            ``True`` in such a child.
        """
        return os.getpid() != self._pid


_CLOSED_LOOP = (
    "{}: this async client's connections belong to an event loop that has closed (a "
    "client kept from one asyncio.run to the next), and cannot be dropped here; nothing "
    "was sent. Create the client inside the event loop that uses it (inside your async "
    "def main())."
)
_OTHER_LOOP = (
    "{}: this async client belongs to the event loop it first sent in, still open, and "
    "is used here from another event loop: its pooled connections and locks cannot be "
    "shared between event loops (that fails or hangs). Create one client in each event "
    "loop that sends (inside your async def main()), or close the first loop; "
    "nothing was sent."
)


class _LoopBinding:
    """The event loop an ``httpx.AsyncClient``'s pool belongs to, shared by every
    :class:`AsyncLoopGuard` of that client (several beatkit clients may send through
    one ``http_client``)."""

    __slots__ = ("lock", "loop")

    def __init__(self) -> None:
        self.loop: weakref.ref[asyncio.AbstractEventLoop] | None = None
        self.lock = threading.Lock()

    def bound(self) -> asyncio.AbstractEventLoop | None:
        """The loop the pool belongs to, while it is alive."""
        return self.loop() if self.loop is not None else None


_BINDINGS: weakref.WeakKeyDictionary[httpx.AsyncClient, _LoopBinding] = weakref.WeakKeyDictionary()
"""The loop binding of each ``httpx.AsyncClient`` an async client sends through."""
_BINDINGS_GUARD = threading.Lock()


def _binding(client: httpx.AsyncClient) -> _LoopBinding:
    """The loop binding of ``client``, made on first use."""
    with _BINDINGS_GUARD:
        binding = _BINDINGS.get(client)
        if binding is None:
            binding = _BINDINGS[client] = _LoopBinding()
        return binding


def _foreign_open_loop(client: httpx.AsyncClient) -> asyncio.AbstractEventLoop | None:
    """The event loop ``client``'s pool belongs to, if it is still open and is not the
    running one (or none runs): its connections cannot be closed from here."""
    binding = _BINDINGS.get(client)
    bound = None if binding is None else binding.bound()
    if bound is None or bound.is_closed():
        return None
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        return bound
    return None if bound is running else bound


_CLOSING_ELSEWHERE: set[asyncio.Task[None]] = set()
"""The closes :func:`_let_go_foreign` started in another loop (kept until they end)."""


async def _close_each(connections: list[Any]) -> None:
    for connection in connections:
        with contextlib.suppress(Exception):
            await connection.aclose()


def _let_go_foreign(client: httpx.AsyncClient, bound: asyncio.AbstractEventLoop) -> None:
    """Take every connection out of ``client``'s pools, whose loop ``bound`` is open and
    not the running one: their sockets are shut down at once (a request of that loop
    on one fails there, at once), and the connections are closed in ``bound`` itself
    (asyncio's transports may be closed from their own loop's thread only), as soon as
    it runs. Never raises (a failure is logged at debug)."""
    try:
        connections, sockets = _taken_connections(client)
    except Exception as exc:
        logger.debug(
            "connections of another loop not let go: unexpected pool layout (%s)",
            type(exc).__name__,
        )
        return
    for sock in sockets:
        if sock is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
    if not connections:
        return

    def close_there() -> None:
        task = bound.create_task(_close_each(connections))
        _CLOSING_ELSEWHERE.add(task)
        task.add_done_callback(_CLOSING_ELSEWHERE.discard)

    with contextlib.suppress(RuntimeError):  # that loop closed meanwhile
        bound.call_soon_threadsafe(close_there)


class AsyncLoopGuard:
    """The event loop an async client sends in: another open one is refused.

    httpx's connection pool, its connections and the locks of the token managers
    belong to the event loop they were first used in. Used from a second loop while
    the first is still open (two ``new_event_loop()`` in a script, a loop running in
    another thread), they fail with asyncio's bare ``RuntimeError`` (``... is bound to
    a different event loop``) or hang, both loops waiting on each other's futures.
    The first send binds the client to its loop; a send from another loop is refused
    before anything goes out. Once the bound loop is closed (``asyncio.run`` returned),
    the next loop to send takes over, after the connections pooled in the closed loop
    are dropped (a request sent on one could reach the server and never be answered);
    where the pool cannot be read, the call is refused before anything is sent.

    Only a client that keeps connections is guarded: one beatkit created, or an
    ``http_client`` of yours on httpx's network transport (mounted, or wrapped by a
    transport of another library: a retrying or caching one). One on an in-memory
    transport (``httpx.MockTransport``, a :mod:`beatkit.testing` fake) holds nothing
    that belongs to a loop, and may be used from several.

    One guard is shared by a transport and those derived from it (one pool); the loop
    is the pool's, so the guards of several clients sending through one
    ``http_client`` share it too.

    Args:
        client: The httpx client the transport sends with.
        owned: Whether beatkit created it (on httpx's network transport).
    """

    __slots__ = ("_active", "_binding", "_client", "_fork")

    def __init__(self, client: httpx.AsyncClient, *, owned: bool) -> None:
        self._client = client
        self._fork = ForkGuard(client)
        self._binding = _binding(client)
        # httpx keeps its transport in a private attribute; read defensively. A
        # transport that wraps httpx's own (a retrying or caching one) pools connections
        # too: found through it (see _pools).
        self._active = owned or _has_pool(client)

    def check(self, service: str) -> None:
        """Bind to the running loop on first use; refuse another open loop after that.

        Args:
            service: The service's name, for the message.

        Raises:
            beatkit.errors.ClientClosedError: The client belongs to another event loop,
                still open, or its pool to another process (see :class:`ForkGuard`), or
                to a closed loop whose connections cannot be dropped.
        """
        self._fork.check(service)
        if not self._active:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return  # not in a coroutine (a helper called from sync code): nothing to bind
        binding = self._binding
        if binding.bound() is running:
            return
        with binding.lock:
            bound = binding.bound()
            if bound is running:
                return
            # A loop that was garbage collected had closed too (asyncio.run closes it).
            closed = binding.loop is not None and (bound is None or bound.is_closed())
            first_use = binding.loop is None
            if first_use or (closed and _drop_dead_connections(self._client)):
                binding.loop = weakref.ref(running)
                return
        from beatkit.errors import ClientClosedError

        message = _CLOSED_LOOP if closed else _OTHER_LOOP
        raise ClientClosedError(message.format(service))

    @staticmethod
    def check_library(service: str) -> None:
        """Refuse a call that an event loop other than asyncio's (trio) runs, before
        anything is sent (see :func:`~beatkit._core.concurrency.require_asyncio`).

        Args:
            service: The service's name, for the message.

        Raises:
            beatkit.errors.ConfigurationError: The running coroutine is not asyncio's.
        """
        require_asyncio(service)

    def inherited(self) -> bool:
        """Whether this process is a forked child that inherited the client's pool (see
        :meth:`ForkGuard.inherited`).

        Returns:
            ``True`` in such a child.
        """
        return self._fork.inherited()


class LoopGuard:
    """The sync twin of :class:`AsyncLoopGuard`: a sync client has no event loop; threads
    may share it."""

    __slots__ = ("_fork",)

    def __init__(self, client: httpx.Client, *, owned: bool) -> None:
        self._fork = ForkGuard(client)

    def check(self, service: str) -> None:
        """Refuse a forked child's send through its parent's connections (see
        :class:`ForkGuard`); threads need no check.

        Args:
            service: The service's name, for the message.

        Raises:
            beatkit.errors.ClientClosedError: The pool holds another process's connections.
        """
        self._fork.check(service)

    @staticmethod
    def check_library(service: str) -> None:
        """A sync client runs under no event loop: nothing to refuse.

        Args:
            service: The service's name (unused).
        """

    def inherited(self) -> bool:
        """Whether this process is a forked child that inherited the client's pool (see
        :meth:`ForkGuard.inherited`).

        Returns:
            ``True`` in such a child.
        """
        return self._fork.inherited()
