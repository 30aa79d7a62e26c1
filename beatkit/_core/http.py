"""Building requests, shared by sync and async: what a service plugs into the
transport (:class:`ServiceSpec`), request construction and the mapping of httpx's
sending errors. Reading the answers is :mod:`beatkit._core.responses`; the base URL and
host checks are :mod:`beatkit._core.urls` (named here too, where callers import them)."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Mapping
from http.cookiejar import CookieJar, CookiePolicy, DefaultCookiePolicy
from typing import Any
from urllib.parse import quote

import cattrs
import httpx
from attrs import field, frozen

from beatkit._core import httpx_logs  # noqa: F401 - importing it adds its log filters
from beatkit._core.converter import make_converter
from beatkit._core.operation import (
    Operation,
    QueryValue,
    RequestOptions,
    Route,
    parse_routes,
)
from beatkit._core.redact import (
    REDACTED,
    mark_secret_values,
    redact_body,
    redact_transport_error,
    redact_url,
)
from beatkit._core.uploads import files_rewinder
from beatkit._core.urls import (
    LOOPBACK_DIRECT,
    address_problem,
    check_base_url,
    direct_mounts,
    is_loopback,
    parse_setting_url,
    same_origin,
)
from beatkit.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ClientClosedError,
    ConfigurationError,
)

# Importing httpx_logs (above) adds its filters, which redact httpx's and httpcore's log
# lines: here, where every client and the HLS downloader load, not in `import beatkit`,
# which the pytest plugin does in every test session of a project that installs beatkit.

__all__ = [
    "LOOPBACK_DIRECT",
    "PLAIN_HTTP_CHOSEN",
    "REDACTED",
    "REPLAYABLE_BODY",
    "TOKEN_REQUEST",
    "ErrorInfo",
    "ServiceSpec",
    "add_scoped_cookies",
    "address_problem",
    "build_request",
    "check_base_url",
    "closed_error",
    "direct_mounts",
    "format_path",
    "is_loopback",
    "join_path",
    "json_text",
    "parse_setting_url",
    "redact_body",
    "redact_url",
    "same_origin",
    "sending",
    "url_error_reason",
    "url_prefix",
]


PLAIN_CONVERTER: cattrs.Converter = make_converter()
"""The shared hooks only; for clients and tests that name no service converter."""


PLAIN_HTTP_CHOSEN = "beatkit.plain_http_chosen"
"""A request extension; ``True`` on the requests of a client whose base URL is plain
``http://`` (loopback, or ``allow_http=True``). The token managers send a bearer token
over plain http to a remote API host only on such a request."""

REPLAYABLE_BODY = "beatkit.replayable_body"
"""A request extension on a request whose body is a stream of files beatkit opened
itself (uploads by path, see :func:`~beatkit._core.uploads.files_rewinder`): a function
that rewinds them for sending the request again, returning ``False`` when it cannot.
The token managers replay such a request once after a 401 and a token refresh, as they
replay a body held in memory; a stream the caller gave is sent once."""

TOKEN_REQUEST = "beatkit.token_request"  # noqa: S105 - an extension name, no secret
"""The request extension that is ``True`` on a request to a token endpoint. A call whose token
refresh got no answer names that request in its error, not only the API request that
needed the token (which was never sent)."""


@frozen(kw_only=True)
class ErrorInfo:
    """What a service's error body says, in the core's terms."""

    message: str
    """The human-readable message."""
    stated: bool = True
    """Whether :attr:`message` is the API's own words. ``False`` when the body gave no
    text message and :attr:`message` only stands in for one (``HTTP 404``): the error
    raised then reads the status line's reason phrase, as for a body no parser read."""
    code: str | None = None
    """The API's own error code."""
    details: Any = None
    """Extra detail the API gave."""
    error_class: type[APIError] | None = None
    """A service-specific exception class to raise instead of the status default."""
    kwargs: Mapping[str, Any] = field(factory=dict)
    """Extra keyword arguments for that class (``field_errors``, ``contact_url``...)."""


ErrorParser = Callable[[int, Any], ErrorInfo | None]
"""Reads an error body (parsed JSON, or text when it was not JSON) for a status."""


def _no_parser(status: int, body: Any) -> ErrorInfo | None:
    return None


def _never_failed(body: Any) -> bool:
    return False


def _routes(table: Mapping[str, str | Route]) -> dict[str, Route]:
    strings = {key: row for key, row in table.items() if isinstance(row, str)}
    parsed = parse_routes(strings)
    return {key: row if isinstance(row, Route) else parsed[key] for key, row in table.items()}


@frozen(kw_only=True)
class ServiceSpec:
    """What a service plugs into the shared transport."""

    name: str
    """Short service name used in errors and logs (``"beatconnect"``)."""
    parse_error: ErrorParser = _no_parser
    """Reads the service's error envelope."""
    request_id_headers: tuple[str, ...] = ("x-request-id", "request-id", "x-correlation-id")
    """Response headers that carry the server's request id, first match wins."""
    rate_limit_window: float | None = None
    """The service's rate-limit window in seconds, assumed when its ``X-RateLimit-*``
    headers give no reset time."""
    routes: Mapping[str, Route] = field(factory=dict, converter=_routes)
    """The service's ``PATHS`` table, read once (give it the ``"METHOD /path"`` strings)."""
    secret_fields: tuple[str, ...] = ()
    """Lower-case field names whose values are secret for this service besides
    :data:`~beatkit._core.redact.SECRET_KEYS` (Beat Technology's reset and verification
    ``code``): masked wherever an error echoes them, and redacted in every error's and
    redirect's body and details, and in the body of a response that could not be
    decoded."""
    personal_fields: tuple[str, ...] = ()
    """Lower-case field names whose values name a person (Beat Technology's ``email``,
    ``msisdn``, ``username``): redacted, as credentials are, in every error body, in
    what an error reads from it (its details), and in the body of a response that
    could not be decoded."""
    error_headers: tuple[str, ...] = ()
    """Response headers that explain a refusal (Beat Technology's ``X-OAuth-Scopes`` and
    ``X-Accepted-OAuth-Scopes`` on a 403): named with their values at the end of the
    error's message when present."""
    replay_writes: bool = True
    """``False`` for services whose writes must never run twice; every POST, PUT, PATCH
    and DELETE is then replayed only when it cannot have reached the server (a 429, or
    a failure before sending), PUT and DELETE included
    (:func:`~beatkit._core.operation.make_operation` marks them)."""
    failed_answer: Callable[[Any], bool] = _never_failed
    """Whether a 2xx body (parsed JSON, or text) is the service's own statement that the
    call failed (BeatPass's ``{"status": "error", "message": ...}`` sent with 200): such
    an answer is raised as an error read by :attr:`parse_error`, never decoded into a
    result whose fields are all missing."""

    def answer_failed(self, body: Any) -> bool:
        """Whether :attr:`failed_answer` reads a 2xx body as a failure.

        A check that raises on an odd body reads it as no failure: the body is then
        decoded as a result, and a shape it does not have is a decode error there.
        """
        try:
            return bool(self.failed_answer(body))
        except Exception:
            return False

    def read_error(self, status: int, body: Any) -> ErrorInfo | None:
        """What :attr:`parse_error` reads in an error body, or ``None``.

        Args:
            status: The HTTP status.
            body: The parsed JSON body, or its text when it was not JSON.

        Returns:
            The parser's reading; ``None`` when it has none or raised; a parser that
            trips over an odd body must not hide the API's error behind its own
            ``KeyError``, and its text is not kept (it may quote the body).
        """
        try:
            return self.parse_error(status, body)
        except Exception:
            return None


def _text(value: str | int | float) -> str:
    """``value`` as the API should see it.

    A subclass is sent as its value, never as what its ``__str__`` says: ``str()`` of a
    caller's ``(str, Enum)`` member is ``"Sort.POPULAR"``, not ``"popular"``.
    """
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    return float.__repr__(value)


def _query_value(value: QueryValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return _text(value)
    return ",".join(_text(v) for v in value)


def _segment(value: str) -> str:
    """Percent-encode one path segment, so that a value can never leave its segment.

    ``quote`` keeps ``.``, and a segment of only dots would be removed by URL
    normalisation (``/users/../orders``); encoding those dots keeps it a plain value.
    A comma stays a comma: RFC 3986 allows it in a segment, it cannot end one, and APIs
    take comma-separated lists there (BeatPass ``DELETE /tracks/{ids}``), where ``%2C``
    would be another URI (RFC 3986 section 2.2).
    """
    if value.isascii() and value.isalnum():
        return value  # an id: nothing to encode (letters and digits are always safe)
    if value in {".", ".."}:
        return value.replace(".", "%2E")
    return quote(value, safe=",")


# C0 controls, DEL and C1 controls: no id holds one (a line break pasted with it, a NUL).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def format_path(
    template: str, params: Mapping[str, str | int], operation: str | None = None
) -> str:
    """``template`` (``/tracks/{track_id}``) with each parameter as one encoded segment.

    Args:
        template: The path template.
        params: The values of its placeholders.
        operation: The operation's name, to start an error's message with.

    Raises:
        ConfigurationError: The template names a parameter ``params`` lacks.
        ValueError: A value holds a control character (a line break, a tab, NUL):
            percent-encoded, it would reach the server as part of an id no API has.
            The message names the parameter, never the value.
    """
    encoded = {}
    for name, value in params.items():
        text = _text(value)
        if _CONTROL.search(text) is not None:
            where = f"{operation}: " if operation else ""
            raise ValueError(
                f"{where}path parameter {name!r} holds a control character (a line "
                "break, a tab, NUL...), which no id has"
            )
        encoded[name] = _segment(text)
    try:
        return template.format_map(encoded)
    except KeyError as exc:
        raise ConfigurationError(f"no value for path parameter {exc.args[0]!r}") from None


def _failed_token_request(
    request: httpx.Request, exc: httpx.TransportError
) -> httpx.Request | None:
    """The token request ``exc`` is about, when it is not ``request`` itself."""
    try:
        failed = exc.request
    except RuntimeError:  # an httpx error made without its request
        return None
    if failed is request or failed.extensions.get(TOKEN_REQUEST) is not True:
        return None
    return failed


def connection_error(
    service: str, request: httpx.Request, exc: httpx.TransportError, detail: str | None = None
) -> APIConnectionError:
    """beatkit's error for a request that got no answer (not raised).

    :class:`~beatkit.errors.APITimeoutError` for a timeout, else
    :class:`~beatkit.errors.APIConnectionError`; the URL redacted. ``detail``, beatkit's
    own words (never the server's), is added to the message in parentheses.
    """
    # Chained as its __cause__: what it quotes of the answer must not show in tracebacks.
    redact_transport_error(exc)
    url = redact_url(request.url)
    what = f"{request.method} {url}"
    if (failed := _failed_token_request(request, exc)) is not None:
        # The call itself never went out: its token refresh did not get an answer.
        what += f": the token request (POST {redact_url(failed.url)})"
    said = "" if detail is None else f" ({detail})"
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"{service}: {what} timed out{said}",
            service=service,
            method=request.method,
            url=url,
        )
    return APIConnectionError(
        f"{service}: {what} failed: {type(exc).__name__}{said}",
        service=service,
        method=request.method,
        url=url,
    )


def sending(
    client: httpx.Client | httpx.AsyncClient,
    service: str,
    *,
    closed: bool = False,
    location_errors: bool = True,
) -> _Sending:
    """Wraps one ``client.send()``: the two ways httpx refuses to use a client, as one
    beatkit error.

    A closed ``client`` is refused here, before anything goes out (httpx's own
    refusal is a bare ``RuntimeError``), and so is one closed while the send was
    waiting. An async client whose pooled connections belong to an event loop that
    has closed (a client kept from one ``asyncio.run`` to the next) fails inside the
    pool with asyncio's bare ``RuntimeError: Event loop is closed``, possibly after
    the request was written: that is mapped too. Neither is ever retried.

    A ``Location`` whose host name does not decode (a malformed ``xn--`` label), which
    httpx reads on every 3xx and fails on with a bare ``UnicodeError``, or one of a
    scheme without host (``javascript:x``), on which it fails with ``httpx.InvalidURL``,
    becomes ``httpx.RemoteProtocolError``, as httpx reports a ``Location`` it cannot
    parse: the caller maps it to :class:`~beatkit.errors.APIConnectionError`.

    An error of a SOCKS proxy's handshake that httpcore lets out as ``socksio``'s own
    becomes :class:`httpx.ProxyError`, as httpx reports the proxy's other failures.

    Usage: ``with sending(client, name): response = await client.send(...)``.

    Args:
        client: The httpx client about to send.
        service: The service's name, for the message.
        closed: Whether the beatkit client was closed, though ``client`` (an
            ``http_client`` of the caller's, which ``close()`` leaves open) is not.
        location_errors: Report a ``Location`` host name that does not decode as
            ``httpx.RemoteProtocolError`` (see above); ``False`` for a caller
            that judges that ``Location`` itself (the HLS downloader).

    Raises:
        ClientClosedError: ``client`` (or the beatkit client) is closed (raised by the
            call or on leaving the block), or its connections belong to a closed
            event loop.
    """
    if closed:
        raise ClientClosedError(_CLOSED.format(service))
    if client.is_closed:
        # Only an http_client of the caller's closes while beatkit's client is open: a
        # new beatkit client on it would fail alike, so the advice differs.
        raise ClientClosedError(_HTTP_CLIENT_CLOSED_BEFORE.format(service))
    return _Sending(service, location_errors)


_CLOSED = "{}: the client is closed; create a new one"
_HTTP_CLIENT_CLOSED = (
    "{}: the httpx client it sends with (your http_client) was closed while it was in "
    "use; keep it open until you are done with the beatkit client, or pass a new one "
    "to a new client"
)
_HTTP_CLIENT_CLOSED_BEFORE = (
    "{}: the httpx client it sends with (your http_client) was closed before this "
    "request, and nothing was sent; keep it open until you are done with the beatkit "
    "client, or pass a new one to a new client"
)
_LOOP_CLOSED = (
    "{}: this async client's connections belong to an event loop that has closed (a "
    "client kept from one asyncio.run to the next); the request may have reached the "
    "server, but its answer cannot be read. Create the client inside the event loop "
    "that uses it"
)


def closed_error(service: str, *, http_client: bool = False) -> ClientClosedError:
    """The error for a request refused because its client was closed (not raised).

    Args:
        service: The service's name, for the message.
        http_client: The caller's ``http_client`` was closed, not the beatkit client.
    """
    return ClientClosedError((_HTTP_CLIENT_CLOSED if http_client else _CLOSED).format(service))


_TRANSPORT_KINDS = {
    "handle_request": ("httpx.Client", "handle_async_request", "a sync one (httpx.HTTPTransport)"),
    "handle_async_request": (
        "httpx.AsyncClient",
        "handle_request",
        "an async one (httpx.AsyncHTTPTransport)",
    ),
}
"""For the method an httpx client calls on its transport: the client's kind, the other
kind's method, and the transport it needs."""


def _wrong_transport(exc: AttributeError) -> str | None:
    """What is wrong when ``exc`` is httpx calling a transport of the other kind (an
    ``httpx.AsyncClient`` given ``transport=httpx.HTTPTransport()`` or such a mount, or
    the reverse), or ``None``. The transport could not send: nothing went out."""
    kind = _TRANSPORT_KINDS.get(getattr(exc, "name", None) or "")
    transport = getattr(exc, "obj", None)
    if kind is None or transport is None or not hasattr(transport, kind[1]):
        return None
    client, _, needed = kind
    return (
        f"the http_client's transport ({type(transport).__name__}) is for the other kind of "
        f"httpx client: an {client} needs {needed}, in transport= and mounts= alike "
        "(nothing was sent)"
    )


class _Sending:
    __slots__ = ("location_errors", "service")

    def __init__(self, service: str, location_errors: bool = True) -> None:
        self.service = service
        self.location_errors = location_errors

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, traceback: object) -> None:
        if isinstance(exc, AttributeError) and (wrong := _wrong_transport(exc)) is not None:
            raise ConfigurationError(f"{self.service}: {wrong}") from None
        if (
            self.location_errors
            and isinstance(exc, UnicodeError)
            and not isinstance(exc, UnicodeEncodeError)
        ):
            # httpx reads the Location of every 3xx (followed or not) and decodes an
            # "xn--" label as it reads the host: a malformed one raised idna's (or the
            # punycode codec's) error. It is an unreadable Location, which httpx reports
            # as RemoteProtocolError when it cannot parse one: so is this.
            raise httpx.RemoteProtocolError(
                "the answer's Location has a host name that is not valid IDNA"
            ) from exc
        if self.location_errors and (
            # httpx's own report of a Location it cannot parse quotes what it could not
            # read: a port that is no number may be a password ("host:password" without
            # its "user@").
            (
                isinstance(exc, httpx.RemoteProtocolError)
                and isinstance(exc.__context__, httpx.InvalidURL)
            )
            # The request was built before the send: what httpx could not read is the
            # Location of a 3xx, which it lends the request's host when it has none
            # ("javascript:x", "data:,x"), making no URL.
            or isinstance(exc, httpx.InvalidURL)
        ):
            # Reported as the unreadable Location it is, without httpx's words (they may
            # quote the Location) or the chain.
            raise httpx.RemoteProtocolError(
                "the answer's Location is not a URL that can be requested"
            ) from None
        if exc is not None and type(exc).__module__.partition(".")[0] == "socksio":
            # httpcore lets some errors of a SOCKS proxy's handshake out unmapped (a
            # reply that is no SOCKS reply): the proxy failed, as httpx says otherwise.
            raise httpx.ProxyError(
                f"the SOCKS proxy's handshake failed: {type(exc).__name__}"
            ) from exc
        if not isinstance(exc, RuntimeError) or isinstance(exc, ClientClosedError):
            return
        # asyncio's and httpx's messages: neither has an exception type of its own.
        if str(exc) == "Event loop is closed":
            raise ClientClosedError(_LOOP_CLOSED.format(self.service)) from exc
        if "client has been closed" in str(exc):
            raise ClientClosedError(_CLOSED.format(self.service)) from exc


def url_prefix(base_url: httpx.URL) -> str | None:
    """``base_url`` as the text an operation's encoded path is appended to, or ``None``
    when it has a query or a fragment (the path cannot simply follow it then).

    ``httpx.URL(url_prefix(base_url) + path)`` is
    ``base_url.copy_with(path=_base_path(base_url) + path)`` for a ``path`` that starts
    with ``/`` and holds no ``?`` or ``#``: the base path keeps its escapes as given
    (``%2F`` stays one), and httpx removes dot segments and percent-encodes the whole
    path alike either way.
    Parsing one string skips the checks ``copy_with`` runs on every component it is given.
    """
    if not isinstance(base_url, httpx.URL):
        return None
    text = str(base_url)
    if "?" in text or "#" in text:
        return None
    # httpx spells an empty path "/", which the operation's own "/" would double.
    return text[:-1] if text.endswith("/") else text


def _base_path(base_url: httpx.URL) -> str:
    """The base path an operation's path follows, as sent (percent-encoded: decoded, an
    escaped ``/`` in it would be one, another endpoint): ``""`` for the root, where httpx
    says ``"/"`` (``https://api.test`` + ``/beats`` is ``/beats``, not ``//beats``)."""
    path = base_url.raw_path.partition(b"?")[0].decode("ascii")
    return path[:-1] if path.endswith("/") else path


def join_path(base_url: httpx.URL, path: str) -> httpx.URL:
    """``base_url`` with ``path`` (percent-encoded, starting with ``/``) after its path,
    whose percent-escapes stay as they are (an escaped ``/`` is not one): the URL of an
    endpoint a service builds itself (a token or login endpoint), as an API call's is.

    Args:
        base_url: The API root (checked by :func:`check_base_url`).
        path: The endpoint's path under it.

    Returns:
        The endpoint's URL.

    Raises:
        httpx.InvalidURL: httpx refuses the joined path.
    """
    return _join(base_url, path, None)


def _join(base_url: httpx.URL, path: str, prefix: str | None) -> httpx.URL:
    """``base_url`` with the encoded ``path`` appended (see :func:`url_prefix`)."""
    if prefix is not None and path[:1] == "/" and "?" not in path and "#" not in path:
        try:
            return httpx.URL(prefix + path)
        except httpx.InvalidURL:
            # Joined the slow way below: the error (or the URL, when only the whole
            # text was too long) is then httpx's for the path component, as it always was.
            pass
    return base_url.copy_with(path=_base_path(base_url) + path)


_PLAIN_HEADERS = frozenset({"accept", "accept-encoding", "connection", "user-agent"})
"""The httpx client's default headers that go to every host (httpx sets them all)."""


def build_request(
    client: httpx.Client | httpx.AsyncClient,
    op: Operation[Any],
    *,
    base_url: httpx.URL,
    headers: Mapping[str, str],
    timeout: httpx.Timeout,
    options: RequestOptions | None = None,
    url_prefix: str | None = None,
) -> httpx.Request:
    """Turn an operation into an ``httpx.Request`` (no I/O).

    ``url_prefix`` is :func:`url_prefix` of ``base_url``, computed once per client
    (:attr:`~beatkit._core.settings.TransportSettings.url_prefix`): the URL is then
    parsed once from text, which builds the same URL as joining the paths on
    ``base_url`` does, in less time.

    A request to an absolute ``op.url`` on another origin than ``base_url`` (a file
    on a CDN) carries none of ``client``'s defaults but its plain headers (``Accept``,
    ``Accept-Encoding``, ``Connection``, ``User-Agent``): no default query parameters,
    other headers or cookies put in its jar without a domain, which were given for the
    API. The jar's cookies that have a domain go where it lets them.

    Raises:
        TypeError: ``options`` is not a :class:`RequestOptions`.
        ValueError: A path parameter holds a control character (see
            :func:`format_path`), or httpx cannot build the URL (a query or path over its 65,536
            characters, a character a URL cannot hold, an address no connection
            reaches: see :func:`address_problem`), or
            a text value holds a character its encoding cannot carry (a lone
            surrogate, a non-ASCII header value); the message names the operation,
            never the value.
    """
    if options is not None and not isinstance(options, RequestOptions):
        raise TypeError(f"options must be a RequestOptions, not {type(options).__name__}")
    merged = {**headers, **op.headers}
    if options is not None:
        # Per-call headers may add to a request but never swap its credentials.
        merged.update({k: v for k, v in options.headers.items() if k.lower() != "authorization"})
        if options.timeout is not None:
            timeout = httpx.Timeout(options.timeout)
    params: list[tuple[str, str | int | float | bool | None]] = [
        (name, text)
        for name, value in op.params.items()
        if (text := _query_value(value)) is not None
    ]
    body = None if op.json is None else _json_text(op)
    if not any(name.lower() == "content-type" for name in merged):
        if body is not None:
            merged["Content-Type"] = "application/json"
        elif (op.files or op.data) and "content-type" in client.headers:
            merged["Content-Type"] = _form_type(op)
    try:
        if op.url is not None:
            # A followed link carries its own query: the operation's params are not added.
            url = httpx.URL(op.url)
            params = []
            if (problem := address_problem(url)) is not None:
                raise ValueError(f"{op.name}: the request URL {problem}")
            try:
                # An "xn--" label is decoded when the host is first read (by the token
                # manager, say): a malformed one raised Python's UnicodeError there.
                url.host  # noqa: B018
            except ValueError:
                raise ValueError(
                    f"{op.name}: the request URL has a host name that is not a valid "
                    "(internationalized) host name"
                ) from None
        else:
            url = _join(base_url, format_path(op.path, op.path_params, op.name), url_prefix)
        # Encoded here (a lone surrogate is refused below, as in the URL).
        content = None if body is None else body.encode("utf-8")
        if op.url is not None and not same_origin(url, base_url):
            # A file on another host (a CDN's signed URL): the httpx client's defaults
            # were given for the API, so its query parameters (a gateway's "apikey"), its
            # cookies set without a domain (httpx's jar sends them to every host) and its
            # headers stay home; only the plain headers every request carries go, under
            # the call's own, and the cookies a domain scopes, where it lets them.
            own = httpx.Headers(
                [(k, v) for k, v in client.headers.multi_items() if k.lower() in _PLAIN_HEADERS]
            )
            own.update(merged)
            request = httpx.Request(
                op.method,
                url,
                headers=own,
                content=content,
                data=op.data,
                files=op.files,
                extensions={"timeout": timeout.as_dict()},
            )
            add_scoped_cookies(client, request)
        else:
            request = client.build_request(
                op.method,
                url,
                params=params or None,
                headers=merged,
                content=content,
                data=op.data,
                files=op.files,
                timeout=timeout,
            )
    except httpx.InvalidURL as exc:
        # The URL may be the API's (a next link, a media URL), its port or host a secret:
        # neither it nor the part httpx quotes is shown.
        raise ValueError(
            f"{op.name}: the request URL cannot be built: {url_error_reason(exc)} "
            "(the URL is not shown)"
        ) from None
    except UnicodeEncodeError as exc:
        # A lone surrogate (text decoded with surrogateescape) in the path, query or body,
        # or a non-ASCII header value: the text itself is not quoted, it may be a password.
        raise ValueError(
            f"{op.name}: the request cannot be built: a text value in its path, query, "
            f"headers or body holds a character {exc.encoding} cannot encode ({exc.reason}: "
            "a lone surrogate anywhere, or a non-ASCII header value)"
        ) from None
    if base_url.scheme == "http":
        # The user chose plain http for this client (check_base_url let it through).
        request.extensions[PLAIN_HTTP_CHOSEN] = True
    if op.files is not None and (rewind := files_rewinder(op.files)) is not None:
        request.extensions[REPLAYABLE_BODY] = rewind
    if op.secrets:
        mark_secret_values(request, op.secrets)
    return request


def _form_type(op: Operation[Any]) -> str:
    """The ``Content-Type`` of ``op``'s form body, as httpx would write it.

    Set on the request where the httpx client has a ``Content-Type`` among its default
    headers (a caller's ``http_client`` made for a JSON API): httpx adds the body's own
    type only where no ``Content-Type`` is set, and the default would label a multipart
    upload ``application/json``. A multipart body gets a boundary of its own, which httpx
    then writes it with (it reads the boundary from the header)."""
    if op.files:
        return f"multipart/form-data; boundary={secrets.token_hex(16)}"
    return "application/x-www-form-urlencoded"


def add_scoped_cookies(client: httpx.Client | httpx.AsyncClient, request: httpx.Request) -> None:
    """Put on ``request`` (to another host than the API's) the ``Cookie`` header of the
    cookies in ``client``'s jar that have a domain (a server set them, or the caller gave
    one), under the jar's own policy: where their domain lets them go. A cookie put in the
    jar with no domain (``client.cookies.set(name, value)``) is a default of the client,
    given for the API, and stays home. A ``Cookie`` header already on ``request`` (the
    call's own) is left as it is.

    Args:
        client: The httpx client whose jar is read.
        request: The request to another host than the API's.
    """
    from beatkit._core.cookies import keep_cookies_apart  # it imports this module

    cookies = client.cookies
    # Its policy (the standard library's, wrapped) keeps a host-only cookie on its host.
    keep_cookies_apart(cookies)
    policy = getattr(cookies.jar, "_policy", None)
    scoped = CookieJar(policy if isinstance(policy, CookiePolicy) else DefaultCookiePolicy())
    for cookie in cookies.jar:
        if cookie.domain:
            scoped.set_cookie(cookie)
    httpx.Cookies(scoped).set_cookie_header(request)


def url_error_reason(exc: Exception) -> str:
    """httpx's reason for refusing a URL, without the URL part it quotes.

    ``Invalid port: 'sekret'`` becomes ``invalid port``: whatever follows a colon is a
    piece of the URL (a port, a host, an address); the words before it name the problem.
    """
    # Quoted text goes too ("URL component 'path' too long", a character "'\\x00' at
    # position 9"): a message of another shape may quote the URL itself.
    reason = _QUOTED.sub("", str(exc).partition(": ")[0]).strip().rstrip(".")
    if not reason or "'" in reason or '"' in reason:
        return "httpx cannot parse it"
    # "Invalid port" reads "invalid port" mid-sentence; "URL component..." keeps its
    # capitals (an acronym: the second letter is a capital too).
    if reason[1:2].isupper():
        return reason
    return reason[0].lower() + reason[1:]


_QUOTED = re.compile(r"""\s*('[^']*'|"[^"]*")""")


def _json_text(op: Operation[Any]) -> str:
    """``op``'s JSON body as httpx 0.28 writes it (compact, not ASCII-escaped), written
    here so that every httpx version refuses what JSON lacks (0.27 sent ``NaN`` as is).

    Raises:
        ValueError, TypeError: See :func:`json_text`; the message names the operation.
    """
    return json_text(op.json, f"{op.name}: the JSON body cannot be written")


def json_text(value: Any, where: str) -> str:
    """``value`` as JSON text, compact and not ASCII-escaped (a request body's form), or
    an error saying what JSON cannot carry as given.

    Args:
        value: The value to write.
        where: What the messages start with (``"<operation>: the JSON body cannot be
            written"``); never a value.

    Returns:
        The text.

    Raises:
        ValueError: ``value`` holds NaN or infinity, a circular reference, or nesting
            too deep to write.
        TypeError: ``value`` holds an object JSON has no form for (a ``set``, a
            ``date``), or an object key that is not text (``json`` would rename
            ``1`` to ``"1"`` and ``None`` to ``"null"``): named by its type.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except RecursionError:
        raise ValueError(f"{where}: it is nested too deeply") from None
    except ValueError as exc:
        # json's own words ("Out of range float values are not JSON compliant") name
        # no value; said plainly here.
        reason = "it holds NaN or infinity, which JSON lacks" if "float" in str(exc) else exc
        raise ValueError(f"{where}: {reason}") from None
    except TypeError as exc:  # "Object of type set is not JSON serializable": a type only
        raise TypeError(f"{where}: {exc}") from None
    # Checked once written (json.dumps has refused cycles by then): json renames a key
    # that is not text ({1: "a"} -> {"1": "a"}, {None: 1} -> {"null": 1}), so the server
    # would get another key than the one given.
    kind = _non_text_key(value)
    if kind is not None:
        raise TypeError(f"{where}: an object has a key of type {kind}; JSON keys are text")
    return text


_JSON_CONTAINERS = (dict, list, tuple)
"""The containers ``json.dumps`` writes: a dict (subclasses too) as an object, a list or
a tuple as an array; any other (a ``Mapping`` that is no dict, a set) it refuses."""

_JSON_LEAVES = frozenset({str, int, float, bool, type(None)})
"""The exact types of most values ``json.dumps`` writes, none a container: looked up in
a set before the ``isinstance`` check, which against a tuple of types cost several
times more per value (a third of :func:`_non_text_key`'s walk of a medium body)."""


def _non_text_key(value: Any) -> str | None:
    """The type name of the first object key in ``value`` that is not text, if any.

    Called once ``json.dumps`` has written ``value``: every container in it is then one
    of :data:`_JSON_CONTAINERS`, so these exact type checks find every object (an
    ``isinstance`` against the ``Mapping`` ABC on every leaf cost more than writing the
    body), and only containers are queued: leaves hold no keys.
    """
    containers = _JSON_CONTAINERS
    leaves = _JSON_LEAVES
    pending = [value] if isinstance(value, containers) else []
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if key.__class__ is not str and not isinstance(key, str):
                    return type(key).__name__
                if inner.__class__ not in leaves and isinstance(inner, containers):
                    pending.append(inner)
        else:
            pending.extend(
                [
                    inner
                    for inner in item
                    if inner.__class__ not in leaves and isinstance(inner, containers)
                ]
            )
    return None
