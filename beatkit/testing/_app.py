"""A tiny in-memory web framework that every beatkit fake service is built on."""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import unquote

import attrs
import httpx

from beatkit._core.operation import Route as Operation
from beatkit._core.validate import check_int, check_text
from beatkit.testing._faults import Fault, FaultQueue, fault_headers

if TYPE_CHECKING:
    from beatkit.testing.server import FakeServer

__all__ = [
    "Abort",
    "FakeService",
    "Handler",
    "Operations",
    "Route",
    "UnservedOriginError",
    "origin",
]

Handler = Callable[..., httpx.Response]
"""A route handler; ``handler(request, **path_params) -> httpx.Response``.

Path parameters arrive as strings, exactly as they appeared in the URL; the
handler decides how to validate them, because each API answers a bad id in its
own way.
"""


class Operations:
    """A class attribute of a fake (or one in a tuple) that answers several operations.

    :class:`FakeService` routes these, beside its ``on_*`` methods, when it is built
    (see :class:`beatkit.testing._crud.Collection`).
    """

    def handlers(self, fake: Any) -> Iterable[tuple[str, Handler]]:
        """The ``(PATHS key, handler)`` of each operation this answers for ``fake``."""
        raise NotImplementedError


class Abort(Exception):
    """Raise inside a handler or hook to answer the current request with ``response`` at once.

    Lets a fake's helpers (an auth check, a parameter parser) end the request from
    any depth without every handler checking their result.

    Args:
        response: The response to send.
    """

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


class UnservedOriginError(AssertionError):
    """A fake's :meth:`~FakeService.transport` was sent a request for an origin it does not serve.

    Raised, never answered: the request went to another scheme, host or port than the
    fake's (a client configured with the wrong host, or a bug sending a request, and
    perhaps its token, to the wrong server), which a real deployment would not have
    answered as the fake would. It is an ``AssertionError``, neither an ``httpx`` error
    nor a :class:`~beatkit.errors.BeatkitError`, so no client retries it and no test
    expecting one of those passes because of it. The request never reaches the fake:
    it is not in its request log and takes no fault or rate-limit slot.

    Args:
        message: What was refused, and what the fake serves.
        request: The refused request.
        origin: Its origin, ``scheme://host[:port]``.
        served: The origins the fake serves (see :attr:`FakeService.origins`).
    """

    def __init__(
        self, message: str, *, request: httpx.Request, origin: str, served: tuple[str, ...]
    ) -> None:
        super().__init__(message)
        self.request = request
        """The refused request."""
        self.origin = origin
        """The origin the request was for, ``scheme://host[:port]``."""
        self.served = served
        """The origins the fake serves."""


def origin(url: httpx.URL | str) -> str:
    """``url``'s origin as a fake compares it: ``scheme://host[:port]``.

    The host is lower case (IDNA-encoded), and the port is left out when it is the
    scheme's default, so ``https://API.example:443/v1`` is ``https://api.example``.

    Args:
        url: An absolute URL.

    Returns:
        The origin.
    """
    url = httpx.URL(url)
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


# Statuses whose answers never have a body.
_BODILESS = frozenset({204, 304})


def _check_final_status(status: object) -> None:
    """A fault's status: one that ends an exchange.

    Raises:
        TypeError: ``status`` is not an ``int``.
        ValueError: It is not in 200-599: over a socket, a 1xx is an interim answer,
            and the client went on waiting for the final one until its read timeout.
    """
    check_int("status", status, minimum=100, maximum=599)
    if isinstance(status, int) and status < 200:
        raise ValueError(
            f"status {status} is a 1xx (interim) answer, never a final one: a client "
            "would wait for the answer after it; use 200-599"
        )


def _sent_as_is(response: httpx.Response) -> httpx.Response:
    """``response`` (a fault's, its body the bytes it sends) with its body unread, for
    the client to decode as its ``Content-Encoding`` says, as over a socket.

    Built with ``content=``, a response holds its body read already, and a client it
    is handed to in process (``transport()``) takes that body as decoded.
    """
    codings = response.headers.get("Content-Encoding", "").strip().lower()
    if codings in ("", "identity"):
        return response
    return httpx.Response(
        response.status_code,
        headers=response.headers.raw,
        stream=httpx.ByteStream(response.content),
        extensions=response.extensions,
    )


def _may_have_body(response: httpx.Response) -> bool:
    """Whether ``response`` has a body to drop (a HEAD's, a 204's): one read and not
    empty, or a stream not read (a handler's ``httpx.Response(..., stream=...)``), then
    closed unread (an async-only stream is left to its garbage collection)."""
    try:
        return bool(response.content)
    except httpx.ResponseNotRead:
        with contextlib.suppress(RuntimeError):  # not a sync stream: nothing to close here
            response.close()
        return True


_PARAM = re.compile(r"\\\{([A-Za-z_][A-Za-z0-9_]*)\\\}")


@attrs.frozen
class Route:
    """One entry of a :class:`FakeService` route table."""

    method: str
    """The HTTP method, upper case."""
    template: str
    """The path template below the service's base path, e.g. ``/beats/{beat_id}``."""
    pattern: re.Pattern[str]
    """The compiled template; named groups are the path parameters."""
    handler: Handler
    """The function that answers matching requests."""


def _route_path(path: str) -> str:
    """``path`` without its trailing slash (``/`` stays), as the router matches it."""
    return path.rstrip("/") or "/"


def _raw_path(request: httpx.Request) -> str:
    """The path the request was sent to, still percent-encoded, without its query."""
    return request.url.raw_path.decode("ascii").partition("?")[0]


def _compile(template: str) -> re.Pattern[str]:
    if not template.startswith("/"):
        raise ValueError(f"route templates start with '/': {template!r}")
    # re.escape turns "{name}" into "\{name\}": each becomes a named group of one segment.
    return re.compile(_PARAM.sub(r"(?P<\1>[^/]+)", re.escape(template)))


class FakeService:
    """Base class of the fake services: a route table, fault injection and a request log.

    A fake answers ``httpx.Request`` objects with ``httpx.Response``
    objects, so the same instance can sit behind an ``httpx.MockTransport``
    (see :meth:`transport`) or behind a real loopback socket (see :meth:`serve`).
    Every request, including the ones a fault swallows, is appended to
    :attr:`requests`, so tests can count retries.

    Subclasses answer the API's operations by their ``PATHS`` key
    (:attr:`operations`), so each path is written once, in the service's ``wire``
    module: the method ``on_playlists_create`` answers ``"playlists.create"`` (dots
    become underscores), and :class:`Operations` attributes answer several at once.
    Anything else is registered with :meth:`add_route`. The hooks :meth:`bind`,
    :meth:`before_route`, :meth:`finalize` and :meth:`error_response` add the API's
    own authentication, headers and error envelope.

    Args:
        base_url: Where the fake pretends to live. Its path (e.g. ``/v1``) is the
            prefix every route sits under. Defaults to the class attribute
            :attr:`default_base_url`.

    Raises:
        TypeError: ``base_url`` is not a ``str``.
        ValueError: ``base_url`` is not an absolute http(s) URL.
    """

    default_base_url: str = "https://fake.invalid"
    """The base URL used when the constructor is not given one."""
    operations: ClassVar[Mapping[str, Operation]] = {}
    """The API's operations by ``PATHS`` key (a service's ``SPEC.routes``)."""

    def __init__(self, base_url: str | None = None) -> None:
        text = check_text("base_url", base_url or self.default_base_url)
        url = httpx.URL(text)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"base_url must be an absolute http(s) URL, not {text[:80]!r}")
        self.base_url: str = text.rstrip("/")
        """The base URL of the API, including the version prefix."""
        self.base_path: str = url.path.rstrip("/")
        """The path prefix under which every route lives (``""`` for none)."""
        self.requests: list[httpx.Request] = []
        """Every request received, in order, including those answered by a fault."""
        self._routes: list[Route] = []
        self._faults = FaultQueue()
        # Re-entrant so that handlers may call public helpers that lock too.
        self._lock = threading.RLock()
        self._add_operations()

    # -- routing -------------------------------------------------------------------------

    def add_route(self, method: str, template: str, handler: Handler) -> None:
        """Register ``handler`` for ``method`` requests to ``template``.

        Args:
            method: The HTTP method, e.g. ``"GET"``.
            template: A path below the base path; ``{name}`` segments become
                keyword arguments of the handler.
            handler: Called as ``handler(request, **path_params)``.

        Raises:
            ValueError: ``template`` does not start with ``/``.
        """
        self._routes.append(Route(method.upper(), template, _compile(template), handler))

    def add_operation(self, key: str, handler: Handler) -> None:
        """Route the API operation ``key`` (its method and path in :attr:`operations`).

        Args:
            key: A ``PATHS`` key, e.g. ``"playlists.create"``.
            handler: Called as ``handler(request, *path_values)``: the path's
                placeholders in order, as strings (the tables name one value
                differently from path to path, ``{id}`` here, ``{playlist}`` there).

        Raises:
            KeyError: ``key`` is not one of :attr:`operations`.
        """
        operation = self.operations.get(key)
        if operation is None:
            raise KeyError(f"{type(self).__name__} has no operation {key!r}")
        bound = self.bind(key, handler)

        def positional(request: httpx.Request, **params: str) -> httpx.Response:
            return bound(request, *params.values())

        self.add_route(operation.method, _route_path(operation.path), positional)

    def _add_operations(self) -> None:
        for key, operation in self.operations.items():
            if not isinstance(operation, Operation):
                # Checked here: routing would fail later on "'str' has no attribute 'method'".
                raise TypeError(
                    f"{type(self).__name__}.operations[{key!r}] must be a route parsed from "
                    f"a PATHS table (a service's SPEC.routes), got {type(operation).__name__}; "
                    "register routes of your own with add_route()"
                )
        names = {key: "on_" + key.replace(".", "_") for key in self.operations}
        found = {key: getattr(self, name, None) for key, name in names.items()}
        for klass in type(self).__mro__:
            for value in vars(klass).values():
                for item in value if isinstance(value, tuple) else (value,):
                    if isinstance(item, Operations):
                        found.update(item.handlers(self))
        stray = {name for name in dir(self) if name.startswith("on_")} - set(names.values())
        if stray:
            raise TypeError(f"{type(self).__name__} answers no operation with {sorted(stray)}")
        # In the table's order: of two templates that match one path, the same one wins.
        for key, handler in found.items():
            handler = handler or self._unserved(key)
            if handler is not None:
                self.add_operation(key, handler)

    def _unserved(self, key: str) -> Handler | None:
        """The handler of an operation the fake has none for; by default none (a 404)."""
        return None

    @property
    def routes(self) -> tuple[Route, ...]:
        """The registered routes, in registration order."""
        return tuple(self._routes)

    # -- fault injection -----------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        count: int = 1,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> None:
        """Answer the next ``count`` requests with ``status`` instead of routing them.

        Args:
            status: The HTTP status, e.g. 429, 500, 502, 503 or 504.
            count: How many consecutive requests fail.
            headers: Extra response headers, e.g. ``{"Retry-After": "0"}``. They are
                set last, over any header the fake adds (:meth:`finalize`).
            body: The body; ``None`` means the service's own error envelope for
                ``status`` (see :meth:`error_response`), ``bytes``/``str`` are sent
                verbatim (a ``str`` as UTF-8), anything else is sent as JSON
                (``Content-Type: application/json``). A 204 or 304 is sent without
                one. A ``bytes``/``str`` body has no ``Content-Type`` of its own: it
                is labelled as the fake labels its answers (FakeBeatPass and
                FakeBeatConnect: ``application/json``; FakeBeatport and FakeBeatTech:
                no label). For another, pass ``headers={"Content-Type": ...}``
                (``"text/html; charset=utf-8"`` for a proxy's error page).

        Raises:
            TypeError: ``status`` or ``count`` is not an ``int``, ``headers`` is not a
                mapping or a header is not text,
                or ``body`` cannot be encoded as JSON.
            ValueError: ``status`` is not in 200-599 (a 1xx is an interim answer, never
                the final one), ``count`` is below 1, a header's
                name is not an HTTP token or its value holds a line break, a control
                character or non-ASCII, or ``body`` holds a NaN or infinity or text
                that cannot be sent as UTF-8 (a lone surrogate; pass ``bytes`` for a
                body that is not valid UTF-8).
        """
        _check_final_status(status)
        fault = Fault("fail", count, status, fault_headers(headers), body)
        text = body if isinstance(body, str) else None
        if body is not None and not isinstance(body, bytes | str):
            # As httpx encodes it: the text as it is (not \u-escaped), then UTF-8.
            text = json.dumps(body, allow_nan=False, ensure_ascii=False)
        if text is not None:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                # A lone surrogate (half an emoji): no UTF-8 says it, and the next
                # request would raise this from inside the code under test.
                raise ValueError(
                    "body holds text that cannot be sent as UTF-8 (a lone surrogate); "
                    "pass bytes for a body that is not valid UTF-8"
                ) from None
        self._faults.add(fault)

    def timeout_next(self, count: int = 1) -> None:
        """Make the next ``count`` requests time out.

        Through :meth:`transport` the request raises ``httpx.ReadTimeout``.
        Over a socket (:meth:`serve`) the server holds the connection without
        answering, so a client with a short read timeout sees a timeout; after
        the server's ``hang`` delay the connection is closed unanswered.

        Args:
            count: How many consecutive requests time out.

        Raises:
            TypeError: ``count`` is not an ``int``.
            ValueError: ``count`` is below 1.
        """
        self._faults.add(Fault("timeout", count))

    def disconnect_next(self, count: int = 1) -> None:
        """Make the next ``count`` requests fail without a response.

        Through :meth:`transport` the request raises ``httpx.ConnectError``.
        Over a socket the server closes the connection without answering, which
        httpx reports as ``httpx.RemoteProtocolError``.

        Args:
            count: How many consecutive requests are dropped.

        Raises:
            TypeError: ``count`` is not an ``int``.
            ValueError: ``count`` is below 1.
        """
        self._faults.add(Fault("disconnect", count))

    def garbage_next(self, count: int = 1, *, status: int = 200) -> None:
        """Answer the next ``count`` requests with an HTML page instead of JSON.

        With ``status=200`` this models a proxy or captive portal returning a
        success page that is not the API's JSON; with ``502`` a gateway error page.

        Args:
            count: How many consecutive requests get garbage.
            status: The status to send with the HTML body.

        Raises:
            TypeError: ``count`` or ``status`` is not an ``int``.
            ValueError: ``count`` is below 1 or ``status`` not in 200-599 (a 1xx is
                an interim answer, never the final one).
        """
        _check_final_status(status)
        self._faults.add(Fault("garbage", count, status))

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        self._faults.clear()

    @property
    def pending_faults(self) -> int:
        """How many requests the queued faults will still affect."""
        return self._faults.pending

    # -- request handling ----------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request: record it, apply a queued fault or route it.

        Thread-safe: the whole exchange runs under the fake's lock, so a fake
        served over a threaded socket server sees one request at a time. A ``HEAD``
        is answered as a ``GET`` where the path has no ``HEAD`` route, without its body
        but with its ``Content-Length``.

        Args:
            request: The request; its body must already be read.

        Returns:
            The response.

        Raises:
            httpx.ReadTimeout: A :meth:`timeout_next` fault is due.
            httpx.ConnectError: A :meth:`disconnect_next` fault is due.
        """
        with self._lock:
            self.requests.append(request)
            fault = self._faults.take()
            if fault is not None:
                response = self._apply_fault(fault, request)
            else:
                try:
                    early = self.before_route(request)
                    response = self._dispatch(request) if early is None else early
                except Abort as abort:
                    response = abort.response
                response = self.finalize(request, response)
            if response.status_code in _BODILESS and _may_have_body(response):
                # 204 and 304 answers have no body (RFC 9110 15.3.5, 15.4.5): a server
                # drops what a fault or handler put there, which over a socket was read
                # as the start of the next answer.
                headers = [
                    (k, v) for k, v in response.headers.raw if k.lower() != b"content-length"
                ]
                return httpx.Response(response.status_code, headers=headers)
            if request.method == "HEAD" and _may_have_body(response):
                # The GET's headers, its Content-Length included (as the services' web
                # servers send it, RFC 9110 9.3.2, so a client may learn a size), without
                # its body.
                return httpx.Response(response.status_code, headers=response.headers.raw)
            if fault is not None:
                # A fault's body is what goes on the wire: with a Content-Encoding of
                # the test's, the client decodes it (or fails to), in process too.
                return _sent_as_is(response)
            return response

    def _dispatch(self, request: httpx.Request) -> httpx.Response:
        # Matched still encoded, each parameter decoded after: a "%2F" inside a value
        # stays in its one segment, as a server's router keeps it.
        path = _raw_path(request)
        if self.base_path:
            if path != self.base_path and not path.startswith(self.base_path + "/"):
                return self.not_found(request)
            path = path[len(self.base_path) :] or "/"
        if len(path) > 1:
            path = path.rstrip("/")
        matches = [(r, m) for r in self._routes if (m := r.pattern.fullmatch(path)) is not None]
        allowed = [route.method for route, _ in matches]
        # HEAD is answered as GET wherever no route of its own is (finalize drops the body).
        wanted = request.method
        if wanted == "HEAD" and "HEAD" not in allowed:
            wanted = "GET"
        for route, match in matches:
            if route.method == wanted:
                params = {name: unquote(value) for name, value in match.groupdict().items()}
                return route.handler(request, **params)
        if allowed:
            methods = ", ".join(sorted(set(allowed)))
            message = f"{self._no_route(request)} (it answers {methods} there)"
            response = self.error_response(request, 405, "method_not_allowed", message)
            response.headers["Allow"] = methods
            return response
        return self.not_found(request)

    def _no_route(self, request: httpx.Request) -> str:
        """What an unexpected request is told: the fake, the method and the path it sent."""
        return f"{type(self).__name__} has no route for {request.method} {_raw_path(request)}"

    def _apply_fault(self, fault: Fault, request: httpx.Request) -> httpx.Response:
        response = fault.response(request)
        if response is None:
            response = self.error_response(request, fault.status)
        # Seen by finalize (a Retry-After sets the rate-limit reset), and applied again
        # last so a test can override any header the service adds.
        response.headers.update(fault.headers)
        response = self.finalize(request, response)
        response.headers.update(fault.headers)
        return response

    # -- hooks for subclasses ------------------------------------------------------------

    def bind(self, key: str, handler: Handler) -> Handler:
        """Wrap an operation's handler as it is routed, e.g. in the API's auth check.

        Args:
            key: The operation's ``PATHS`` key.
            handler: Its handler.

        Returns:
            The handler to route (by default ``handler`` itself).
        """
        return handler

    def before_route(self, request: httpx.Request) -> httpx.Response | None:
        """Run before routing; return a response to answer without routing (auth, rate limits).

        Args:
            request: The incoming request.

        Returns:
            ``None`` to continue to the route, or the response to send.
        """
        return None

    def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Run on every response, injected faults included, e.g. to add headers.

        Args:
            request: The request being answered.
            response: The response about to be sent.

        Returns:
            The response to send (usually ``response`` itself).
        """
        return response

    def error_response(
        self,
        request: httpx.Request,
        status: int,
        code: str | None = None,
        message: str | None = None,
        details: Any = None,
    ) -> httpx.Response:
        """Build the service's error response; override to use the API's own envelope.

        Args:
            request: The request being answered.
            status: The HTTP status.
            code: The API's error code; a default is chosen from ``status``.
            message: A human-readable message; defaults to the reason phrase.
            details: Extra detail, if any.

        Returns:
            The error response.
        """
        reason = httpx.codes.get_reason_phrase(status) or "Error"
        error: dict[str, Any] = {"code": code or str(status), "message": message or reason}
        if details is not None:
            error["details"] = details
        return httpx.Response(status, json={"error": error})

    def not_found(self, request: httpx.Request) -> httpx.Response:
        """The response for a path that matches no route.

        Args:
            request: The request being answered.

        Returns:
            A 404 error response whose message names the fake, the method and the path
            (``"FakeThing has no route for GET /v2/thingz"``).
        """
        return self.error_response(request, 404, "not_found", self._no_route(request))

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def json_response(
        data: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> httpx.Response:
        """Build a JSON response with compact, deterministic encoding.

        Args:
            data: Anything ``json.dumps`` accepts.
            status: The HTTP status.
            headers: Extra headers.

        Returns:
            The response, with ``Content-Type: application/json``.
        """
        content = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        response = httpx.Response(status, content=content, headers=headers)
        response.headers["Content-Type"] = "application/json"
        return response

    @property
    def origins(self) -> tuple[str, ...]:
        """The origins (``scheme://host[:port]``) :meth:`transport` answers, read at each request.

        :attr:`base_url`'s; a fake that serves other hosts too (a stream or CDN host)
        adds theirs. A request for any other origin raises :class:`UnservedOriginError`.
        """
        return (origin(self.base_url),)

    def transport(self, *, any_origin: bool = False) -> httpx.MockTransport:
        """An httpx transport answering from this fake, for both sync and async clients.

        It answers only requests for the fake's :attr:`origins` (scheme, host and port):
        any other raises :class:`UnservedOriginError`, naming the fake, the request's
        method, origin and path, and the origins it serves, so a client sending to the
        wrong host fails its test instead of passing it. (The socket server of
        :meth:`serve` answers whatever reaches its port.)

        Example::

            with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
                client.get("/beats")

        Args:
            any_origin: Answer a request for any origin, as the fake's own host, as
                fakes did before they checked (for a test that sends to hosts the fake
                does not know, such as a proxy's or a base URL of its own).

        Returns:
            A new ``httpx.MockTransport`` bound to :meth:`handle`.

        Raises:
            TypeError: ``any_origin`` is not a ``bool``.
        """
        if not isinstance(any_origin, bool):
            raise TypeError(f"any_origin must be a bool, not {type(any_origin).__name__}")
        return httpx.MockTransport(self.handle if any_origin else self._handle_served)

    def _handle_served(self, request: httpx.Request) -> httpx.Response:
        """:meth:`handle` for a request to one of :attr:`origins`; refuse any other."""
        asked = origin(request.url)
        served = self.origins
        if asked not in served:
            # The path, not the query: a signed URL's signature or a key may sit there.
            path = _raw_path(request)
            raise UnservedOriginError(
                f"{type(self).__name__} does not serve {asked}: it was sent "
                f"{request.method} {asked}{path}, and serves only {', '.join(served)}. "
                "Point the client at the fake's base_url (or pass any_origin=True to "
                "transport() to answer every host).",
                request=request,
                origin=asked,
                served=served,
            )
        return self.handle(request)

    def serve(self, *, hang: float = 2.0) -> AbstractContextManager[FakeServer[Self]]:
        """Serve this fake on ``127.0.0.1`` over real HTTP; see :func:`beatkit.testing.serve`.

        Args:
            hang: How long a :meth:`timeout_next` request is held before the
                connection is closed unanswered.

        Returns:
            A context manager yielding the running :class:`~beatkit.testing.FakeServer`;
            entering it raises ``TypeError`` or ``ValueError`` for a ``hang`` that is
            not a number of seconds, 0 or more.
        """
        from beatkit.testing.server import serve

        return serve(self, hang=hang)

    def requests_to(self, path: str, method: str | None = None) -> list[httpx.Request]:
        """The recorded requests whose path (below the base path) equals ``path``.

        A trailing slash does not count, as for routing: ``"/tracks/1"`` finds the
        requests to ``/tracks/1`` and to ``/tracks/1/``.

        Args:
            path: E.g. ``"/beats"``.
            method: Only requests with this method, when given.

        Returns:
            The matching requests, in order.

        Raises:
            TypeError: ``path`` or ``method`` is not a ``str``.
            ValueError: ``path`` does not start with ``/`` or holds a query
                (``?``) or fragment (``#``): no recorded path could equal it.
        """
        if not isinstance(path, str):
            raise TypeError(f"path must be a str, not {type(path).__name__}")
        if not path.startswith("/") or "?" in path or "#" in path:
            raise ValueError(f"path must start with '/' and hold no query: {path!r}")
        if method is not None and not isinstance(method, str):
            raise TypeError(f"method must be a str, not {type(method).__name__}")
        wanted = _route_path(self.base_path + path)
        with self._lock:
            return [
                r
                for r in self.requests
                if _route_path(r.url.path) == wanted
                and (method is None or r.method == method.upper())
            ]
