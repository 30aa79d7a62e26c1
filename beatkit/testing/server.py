"""Serve a fake service over a real HTTP socket on the loopback interface."""

from __future__ import annotations

import contextlib
import email.utils
import math
import re
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Generic
from urllib.parse import urlsplit

import attrs
import httpx

from beatkit._core.validate import check_number
from beatkit.testing._app import FakeService

__all__ = ["FakeServer", "serve"]

if TYPE_CHECKING:
    # PEP 696's default (Python 3.13's TypeVar) lets a bare ``FakeServer`` annotation,
    # as written before the class took a parameter, keep meaning "serving any fake".
    # Checkers read it from typing_extensions' stub; Python 3.11 needs no default.
    from typing_extensions import TypeVar

    FakeT = TypeVar("FakeT", bound=FakeService, covariant=True, default=FakeService)
else:
    from typing import TypeVar

    FakeT = TypeVar("FakeT", bound=FakeService, covariant=True)

# serve()'s parameter: a covariant variable cannot type an argument.
ServedT = TypeVar("ServedT", bound=FakeService)

# Never 0.0.0.0: a test fake must not be reachable from another machine.
_HOST = "127.0.0.1"

# A Host header that is a plain host (a name, IPv4 or [IPv6]) and an optional port.
_AUTHORITY = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?", re.ASCII)

# A chunk-size line of a chunked body, and the longest line read of one.
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")
_MAX_LINE = 65536
# The largest body a fake reads: a test never sends more, and a size beyond it would
# be a read the size of the claim (or an OverflowError).
_MAX_BODY = 1 << 30

# The request line is decoded as Latin-1 by http.server: each of these characters is one
# byte the client sent outside ASCII (raw UTF-8, say), escaped as %XX so that httpx does not
# encode the character as UTF-8 again ("é" sent raw arrived as "Ã©").
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Hop-by-hop or length headers the server writes itself.
_SKIP_RESPONSE_HEADERS = frozenset({"content-length", "transfer-encoding", "connection"})


@attrs.frozen
class FakeServer(Generic[FakeT]):
    """A fake service listening on ``127.0.0.1``, as yielded by :func:`serve`.

    Typed by its fake: ``serve(FakeBeatConnect())`` yields a
    ``FakeServer[FakeBeatConnect]``, whose ``fake`` has the fake's own attributes.
    """

    fake: FakeT
    """The fake answering the requests; inject faults and read its request log here."""
    root_url: str
    """``http://127.0.0.1:PORT``, without the API's path prefix."""
    base_url: str
    """``root_url`` plus the fake's base path, e.g. ``http://127.0.0.1:PORT/v1``."""
    port: int
    """The TCP port the operating system picked."""

    def __str__(self) -> str:
        return self.base_url


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default joins every handler thread on close, which waits for idle
    # keep-alive connections that clients have not closed yet.
    block_on_close = False
    # socketserver listens with a backlog of 5: a client opening dozens of pooled
    # connections at once overflows it, and the kernel drops the extra SYNs, which
    # are only sent again after 1 s, 3 s, 7 s... Hold a whole default httpx pool.
    request_queue_size = 128

    def __init__(self, fake: FakeService, hang: float) -> None:
        super().__init__((_HOST, 0), _Handler)
        self.fake = fake
        self.hang = hang
        self.stopping = threading.Event()
        # Each open connection and the thread serving it, so that stopping the server
        # also ends kept-alive connections instead of leaving them answering.
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._connections_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        # Registered here, in the accepting thread: once shutdown() returns, every
        # accepted connection is known to close_connections().
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"beatkit-fake-{self.server_address[1]}-connection",
            daemon=True,
        )
        with self._connections_lock:
            self._connections[request] = thread
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self._connections.pop(request, None)

    def close_connections(self, timeout: float) -> None:
        """End every open connection and wait (up to ``timeout`` s) for its thread."""
        with self._connections_lock:
            connections = dict(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by its handler
                connection.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for thread in connections.values():
            thread.join(timeout=max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that closes or resets a keep-alive connection is normal in tests
        # (timeouts, pool shutdown); only report real failures.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _LastLine:
    """A request's input that remembers the last line read (``b""`` at EOF)."""

    def __init__(self, rfile: Any) -> None:
        self._rfile = rfile
        self.last: bytes | None = None

    def readline(self, limit: int = -1) -> bytes:
        line: bytes = self._rfile.readline(limit)
        self.last = line
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rfile, name)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    raw_requestline: bytes  # set by handle_one_request, untyped in typeshed
    protocol_version = "HTTP/1.1"
    # Socket timeout for idle keep-alive connections, so handler threads end on their own.
    timeout = 10

    def parse_request(self) -> bool:
        """Parse the request line and headers, refusing a request the client cut short.

        http.server takes a request line or a header block ended by EOF (the client
        closed mid-request) as complete, so a fake ran half a request: a line without
        its end as an HTTP/0.9 ``GET``, a header block without its blank line as a
        request without a body. Such a connection is closed unanswered.
        """
        if not self.raw_requestline.endswith(b"\n"):
            self.close_connection = True
            return False
        recorder = _LastLine(self.rfile)
        rfile, self.rfile = self.rfile, recorder  # type: ignore[assignment]
        try:
            parsed = super().parse_request()
        finally:
            self.rfile = rfile
        if parsed and recorder.last == b"":
            self.close_connection = True
            return False
        return parsed

    def log_message(self, format: str, *args: Any) -> None:
        # Test output stays clean; the fake's request log is the record.
        return

    def _dispatch(self) -> None:
        try:
            target = _NON_ASCII.sub(lambda byte: f"%{ord(byte.group()):02X}", self._target())
            body = self._read_body()
            # http.server decoded the header bytes as Latin-1: encoding them back gives the
            # bytes the client sent (a UTF-8 value included), as a server's request has them.
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()]
            request = httpx.Request(
                self.command, f"http://{self._authority()}{target}", headers=headers, content=body
            )
        except (ValueError, httpx.InvalidURL) as exc:
            # A request the server cannot read: the rest of the connection is unreadable too.
            self.close_connection = True
            self._write_text(400, f"malformed request: {exc}")
            return
        try:
            response = self.server.fake.handle(request)
        except httpx.TimeoutException:
            # Hold the connection so the client's read timeout fires first; the
            # event lets a shutting-down server release it at once.
            # Longer than a wait may last (OverflowError) is as good as for ever.
            self.server.stopping.wait(min(self.server.hang, threading.TIMEOUT_MAX))
            self.close_connection = True
            return
        except httpx.TransportError:
            self.close_connection = True
            return
        except Exception as exc:
            # A bug in a fake must surface in the test, not hang it: the client gets a 500
            # naming the exception, and the traceback goes to stderr, where pytest shows
            # it with the failing test's captured output.
            sys.stderr.write(
                f"beatkit fake server: {type(self.server.fake).__name__} crashed answering "
                f"{self.command} {target.partition('?')[0]}:\n{traceback.format_exc()}"
            )
            self._write_text(500, f"fake service crashed: {type(exc).__name__}: {exc}")
            return
        self._write(response)

    def _target(self) -> str:
        """The path and query the request line names: a path (``/v1/beats``), or the
        absolute URL a client sends to its proxy; ``ValueError`` for anything else
        (``*``, a bare word, another scheme)."""
        if self.path.startswith("/"):
            return self.path
        parts = urlsplit(self.path)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ValueError(f"unsupported request target {self.path[:40]!r}")
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def _read_body(self) -> bytes:
        """The request body, by ``Content-Length`` or chunked; ``ValueError`` if malformed."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            if "Content-Length" in self.headers:
                # Read by its chunks; where the sender thought it ended is unknown, so
                # nothing after it on this connection is read (RFC 9112, 6.1).
                self.close_connection = True
            chunks = []
            while True:  # ends at the last chunk, or at EOF (an empty size is a ValueError)
                size_line = self.rfile.readline(_MAX_LINE).split(b";", 1)[0].strip()
                if _HEX.fullmatch(size_line) is None:
                    raise ValueError(f"bad chunk size {size_line[:20]!r}")
                size = int(size_line, 16)
                if size > _MAX_BODY:
                    raise ValueError("chunk larger than a fake reads")
                if size == 0:
                    break
                chunk = self.rfile.read(size)
                if len(chunk) < size or self.rfile.readline(_MAX_LINE).strip():
                    raise ValueError("truncated chunk")
                chunks.append(chunk)
            while self.rfile.readline(_MAX_LINE).strip():  # trailers, up to the blank line
                pass
            return b"".join(chunks)
        # Repeated (or listed) lengths must agree: read as the first one, the rest of
        # the body was read as the next request (RFC 9112, 6.3).
        given = {
            length.strip()
            for value in self.headers.get_all("Content-Length") or []
            for length in value.split(",")
        }
        if len(given) > 1:
            raise ValueError("conflicting Content-Length values")
        raw_length = given.pop() if given else ""
        raw_length = raw_length or "0"
        if not raw_length.isascii() or not raw_length.isdigit():
            raise ValueError(f"bad Content-Length {raw_length[:20]!r}")
        length = int(raw_length)
        if length > _MAX_BODY:
            raise ValueError("Content-Length larger than a fake reads")
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            # The client closed before sending what it announced: the request is not the
            # one it meant, and a fake must not act on part of it.
            raise ValueError(f"body ended after {len(body)} of {length} bytes")
        return body

    def _authority(self) -> str:
        """The ``host:port`` the client addressed (its ``Host``), so that the links a fake
        builds from the request URL lead back the way the client came (``localhost`` or
        ``127.0.0.1``); the bound address when ``Host`` is missing or not a plain host."""
        raw = self.headers.get("Host", "")
        if _AUTHORITY.fullmatch(raw) is None:
            return f"{_HOST}:{self.server.server_address[1]}"
        return raw

    def _date(self) -> str:
        """The ``Date`` header: the time by the fake's ``clock`` when it has one, so that
        it agrees with the reset epochs the fake sends (a client reads those against
        ``Date``), else by the machine's; the machine's too when that clock fails."""
        clock = getattr(self.server.fake, "clock", None)
        if callable(clock):
            try:
                now = float(clock())
                if math.isfinite(now) and 0 <= now < 253402300800:  # before year 10000
                    return email.utils.formatdate(now, usegmt=True)
            except Exception:  # noqa: S110 - a test's clock; the real time will do
                pass
        return self.date_time_string()

    def _write_text(self, status: int, message: str) -> None:
        """The server's own plain-text answer (a request it cannot read, a fake that crashed)."""
        self._write(httpx.Response(status, text=message, headers={"Content-Type": "text/plain"}))

    def _write(self, response: httpx.Response) -> None:
        # The bytes as the fake gave them: a fault's body with a Content-Encoding of the
        # test's comes unread (see FakeService.handle), and is sent as it is, for the
        # client to decode.
        content = response.content if response.is_stream_consumed else b"".join(response.iter_raw())
        # send_response() adds the server's own Server and Date: a fake's (a fault's
        # headers) replace them, else the client got two, and read a Retry-After date
        # against neither clock.
        self.log_request(response.status_code)
        self.send_response_only(response.status_code)
        if "Server" not in response.headers:
            self.send_header("Server", self.version_string())
        if "Date" not in response.headers:
            self.send_header("Date", self._date())
        # The bytes of each header as the fake gave them (a UTF-8 file name included, as
        # in process): send_header() encodes as Latin-1, which each byte decoded as
        # Latin-1 comes back to. Decoded text re-encoded sent "é" as one byte, and
        # a character outside Latin-1 crashed the connection unanswered.
        for raw_name, raw_value in response.headers.raw:
            name = raw_name.decode("latin-1")
            if name.lower() not in _SKIP_RESPONSE_HEADERS:
                self.send_header(name, raw_value.decode("latin-1"))
        # A fake's (a fault's) "Connection: close" is kept and honoured, as in process;
        # and a connection closed after this answer (the client asked, or its request
        # could not be read) says so (RFC 9112, 9.6), so no client reuses it.
        tokens = ",".join(response.headers.get_list("Connection")).lower().split(",")
        if "close" in (token.strip() for token in tokens):
            self.close_connection = True
        if self.close_connection:
            self.send_header("Connection", "close")
        elif self.request_version == "HTTP/1.0":
            # An HTTP/1.0 client that asked for keep-alive (http.server closes the others)
            # is told it got it, or it waits for a close that never comes (RFC 9112, C.2.2).
            self.send_header("Connection", "keep-alive")
        if response.status_code in (204, 304):
            # No body and no length: the client reads none (handle() dropped any).
            self.end_headers()
            return
        length = str(len(content))
        if self.command == "HEAD":
            # The fake's answer to HEAD has no body but keeps the GET's length, which a
            # HEAD answer states (RFC 9110, 9.3.2): 0 said the GET's body was empty.
            length = response.headers.get("Content-Length", length)
        self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch


@contextmanager
def serve(fake: ServedT, *, hang: float = 2.0) -> Iterator[FakeServer[ServedT]]:
    """Serve ``fake`` over HTTP on ``127.0.0.1`` at a free port, in a daemon thread.

    Requests are translated to ``httpx.Request`` (their URL names the host the
    client addressed, ``localhost`` or ``127.0.0.1``, so links lead back the same way), answered by
    :meth:`FakeService.handle` and written back, so fault injection and the
    request log work as through :meth:`FakeService.transport`. Injected timeouts
    hold the connection for ``hang`` seconds (a client with a shorter read timeout
    sees ``httpx.ReadTimeout``); injected disconnects close it unanswered
    (``httpx.RemoteProtocolError``). Leaving the block stops the server and
    closes every connection, kept-alive ones included, and waits for their threads.
    The request line and headers reach the fake as the bytes the client sent
    (raw UTF-8 included), and the fake's response headers go out as the bytes it gave.
    Request bodies come with a ``Content-Length`` or chunked; a
    request whose framing cannot be read, or whose body ends before its
    ``Content-Length``, is answered ``400`` (text) without reaching the fake; one whose
    request line or headers end at EOF (a client that gave up) is closed unanswered.
    The ``Date`` header is read from the fake's ``clock`` (the machine's clock for a
    fake without one). A fake that raises is answered ``500`` (text naming the
    exception), and its traceback is written to stderr.

    Example::

        with serve(FakeBeatConnect()) as server:
            httpx.get(server.base_url + "/genres", headers=...)

    Args:
        fake: The fake service to serve.
        hang: Seconds an injected timeout holds the connection.

    Yields:
        The running server; its ``base_url`` includes the fake's path prefix.

    Raises:
        TypeError: ``fake`` is not a :class:`FakeService` instance (a fake's class,
            say), or ``hang`` is not a number.
        ValueError: ``hang`` is negative, NaN or infinite.
    """
    # Checked before a socket is bound or a thread started.
    if not isinstance(fake, FakeService):
        raise TypeError(f"serve() takes a FakeService instance, not {fake!r}"[:200])
    hang = check_number("hang", hang, allow_zero=True)
    server = _Server(fake, hang)
    port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"beatkit-fake-{port}",
        daemon=True,
    )
    thread.start()
    root = f"http://{_HOST}:{port}"
    try:
        yield FakeServer(fake=fake, root_url=root, base_url=root + fake.base_path, port=int(port))
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        server.close_connections(timeout=5)
        thread.join(timeout=5)
