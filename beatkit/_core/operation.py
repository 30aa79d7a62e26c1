"""Operations as data: one value describes one API call, from request to decoded result."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypedDict, TypeVar

import httpx
from attrs import field, frozen

if TYPE_CHECKING:
    from beatkit._core.pagination import Paging

__all__ = [
    "IDEMPOTENT_METHODS",
    "WRITE_METHODS",
    "ListArgs",
    "Operation",
    "PagedCall",
    "QueryValue",
    "RequestOptions",
    "Route",
    "Unwrap",
    "RequestParts",
    "make_operation",
    "paged_call",
    "parse_routes",
    "unwrap_body",
]

T = TypeVar("T")

QueryValue: TypeAlias = str | int | float | bool | Sequence[str | int] | None
"""A query parameter value. ``None`` drops the parameter; sequences are joined with commas."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
"""Methods that may be replayed after a request reached the server (RFC 9110 §9.2.2)."""

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
"""Methods that change state on the server."""


Unwrap: TypeAlias = str | tuple[str, ...] | Callable[[Any], Any] | None
"""Where the result sits in a body; a key, a path of keys, a function of the body, or
``None`` for the whole body."""


def unwrap_body(body: Any, unwrap: Unwrap) -> Any:
    """The part of ``body`` that ``unwrap`` names.

    Raises:
        KeyError: A named key is missing.
        TypeError: The body is not a mapping where a key is named.
    """
    if unwrap is None:
        return body
    if isinstance(unwrap, str):
        return body[unwrap]
    if isinstance(unwrap, tuple):
        for key in unwrap:
            body = body[key]
        return body
    return unwrap(body)


@frozen
class Route:
    """One row of a service's ``PATHS`` table: method, path template and access."""

    method: str
    """HTTP method, upper case."""
    path: str
    """Path template relative to the service base URL, e.g. ``"/beats/{beat_id}"``."""
    access: str | None = None
    """Who may call it, for services that route tokens by operation (Beat Technology)."""
    inferred: bool = False
    """The path is not published; it was inferred from its documented siblings."""


def parse_routes(table: Mapping[str, str]) -> dict[str, Route]:
    """Read a ``PATHS`` table of ``"METHOD /path [access] [inferred]"`` strings.

    Raises:
        ValueError: A row is not of that form.
    """
    routes: dict[str, Route] = {}
    for key, row in table.items():
        parts = row.split()
        inferred = len(parts) > 2 and parts[-1] == "inferred"
        if inferred:
            parts.pop()
        if len(parts) not in (2, 3) or not parts[0].isupper() or not parts[1].startswith("/"):
            raise ValueError(
                f"PATHS[{key!r}] must read 'METHOD /path [access] [inferred]', not {row!r}"
            )
        access = parts[2] if len(parts) == 3 else None
        routes[key] = Route(parts[0], parts[1], access, inferred=inferred)
    return routes


@frozen(kw_only=True, repr=False)
class Operation(Generic[T]):
    """One API call described as data: what to send, and how to read the answer.

    A resource method builds one from its ``PATHS`` key and hands it to the
    transport, which decodes the answer with the client's converter (so strict mode
    stays a client setting). Nothing here does I/O, so the same operation serves the
    sync and the async client.
    """

    name: str
    """Dotted name for logs and errors, e.g. ``"beats.get"``."""
    method: str
    """HTTP method, upper case."""
    path: str
    """Path template relative to the service base URL, e.g. ``"/beats/{beat_id}"``."""
    path_params: Mapping[str, str | int] = field(factory=dict)
    """Values for the template's placeholders; each is percent-encoded as one segment."""
    params: Mapping[str, QueryValue] = field(factory=dict)
    """Query parameters."""
    headers: Mapping[str, str] = field(factory=dict)
    """Extra request headers for this operation."""
    json: Any = None
    """A JSON body, or ``None``."""
    data: Mapping[str, str] | None = None
    """A form body (``application/x-www-form-urlencoded``), or ``None``."""
    files: Any = None
    """Multipart files as httpx takes them, or ``None``."""
    url: str | None = None
    """An absolute URL that replaces ``path`` (a next-page link); ``params`` are then ignored."""
    result: Any = None
    """The type the answer decodes to (a model, ``list[Model]``, ``dict[str, Any]``...);
    for paged operations, the type of one item. ``None`` for calls whose answer carries
    nothing the caller needs (204, or a bare acknowledgement): the result is ``None``."""
    unwrap: Unwrap = None
    """Where the result sits in the body; for paged operations (whose page reader finds
    the items), where it sits in each item."""
    if_empty: Any = None
    """The body an empty answer (a 204) reads as, for APIs that may answer an action
    either way; ``None``: an empty answer to an operation with a result is an error."""
    paging: Paging | None = None
    """How to walk pages, for list operations; ``None`` for single results."""
    access: str | None = None
    """The route's declared access (see :class:`Route`)."""
    secrets: tuple[str, ...] = ()
    """Values the request carries under a field whose name is no secret's that are
    credentials all the same (a gift card's code as an ``entity_id``): masked in the
    URL wherever it is shown and wherever a server quotes them back
    (:func:`~beatkit._core.redact.mark_secret_values`)."""
    replayable: bool | None = None
    """Whether the request may be replayed after it may have reached the server.

    ``None`` decides by method (:data:`IDEMPOTENT_METHODS`). Services whose writes
    must never run twice (BeatPass) set ``False`` on ``PUT`` and ``DELETE`` too:
    they are then retried only on 429 or when the request was never sent.
    """

    def __repr__(self) -> str:
        # What the request carries may be a credential (a login body's password, an
        # api_key query value, a gateway key header, a gift card's code in the path):
        # shown by name, as RequestOptions shows its headers. A traceback that shows
        # its locals (Sentry's, rich's) prints the ``op`` of every frame.
        from beatkit._core.redact import mask_values, redact_url

        parts = [f"name={self.name!r}", f"method={self.method!r}", f"path={self.path!r}"]
        for label, values in (
            ("path_params", self.path_params),
            ("params", self.params),
            ("headers", self.headers),
        ):
            if values:
                parts.append(f"{label}={_headers_repr(values)}")
        for label, body in (("json", self.json), ("data", self.data), ("files", self.files)):
            if body is not None:
                parts.append(f"{label}=<{type(body).__name__}>")
        if self.url is not None:
            parts.append(f"url={mask_values(redact_url(self.url), self.secrets)!r}")
        if self.paging is not None:
            parts.append(f"paging={type(self.paging).__name__}")
        return f"{type(self).__name__}({', '.join(parts)})"

    @property
    def expect_body(self) -> bool:
        """Whether the answer must carry a JSON body (``result`` is not ``None``)."""
        return self.result is not None

    @property
    def idempotent(self) -> bool:
        """Whether the request may be replayed after it may have reached the server."""
        if self.replayable is not None:
            return self.replayable
        return self.method in IDEMPOTENT_METHODS


# Headers a per-call option may not set, with why: the base URL names the host (a
# Host header would reach another virtual host of the same server), and httpx frames
# the body (a Content-Length the body does not match breaks the connection).
_REFUSED_HEADERS = {
    "host": ("Host", "the client's base_url names the host every request goes to"),
    "content-length": ("Content-Length", "httpx sets it from the body"),
    "transfer-encoding": ("Transfer-Encoding", "httpx sets it from the body"),
}


def _headers_repr(headers: Mapping[str, object]) -> str:
    # A per-call header (or a query or path value) may carry a key: names only.
    return "{" + ", ".join(f"{name!r}: 'REDACTED'" for name in headers) + "}"


def _checked_headers(headers: Any) -> dict[str, str]:
    """A copy of ``headers``, every name a token and every value sendable as it is.

    Raises:
        ConfigurationError: Not a mapping of str to str, a name that is not a header
            name, a value with a control character (a line break), or a header
            that httpx or the base URL decides (``Host``, ``Content-Length``). The
            message names the header, never its value.
    """
    from beatkit._core.validate import header_name_problem, is_header_value
    from beatkit.errors import ConfigurationError

    if not isinstance(headers, Mapping):
        raise ConfigurationError(
            f"RequestOptions.headers must be a mapping of names to values, "
            f"got {type(headers).__name__}"
        )
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str):
            raise ConfigurationError(
                f"RequestOptions.headers: a header name must be a str, got {type(name).__name__}"
            )
        if (problem := header_name_problem(name)) is not None:
            # Described, not echoed: a name with a space inside may hold a token.
            raise ConfigurationError(f"RequestOptions.headers: {problem}")
        refused = _REFUSED_HEADERS.get(name.lower())
        if refused is not None:
            raise ConfigurationError(
                f"RequestOptions.headers cannot set {refused[0]}: {refused[1]}"
            )
        if not isinstance(value, str):
            raise ConfigurationError(
                f"RequestOptions.headers[{name!r}] must be a str, got {type(value).__name__}"
            )
        if not is_header_value(value):
            raise ConfigurationError(
                f"RequestOptions.headers[{name!r}] cannot be sent: a control character "
                "(a line break), non-ASCII text, or whitespace at either end"
            )
        checked[name] = value
    return checked


@frozen(kw_only=True)
class RequestOptions:
    """Per-call adjustments, passed as ``options=`` to any client method that takes it.

    Checked where it is written: a value that cannot work raises
    :class:`~beatkit.errors.ConfigurationError` naming it. ``repr`` shows the names
    of the headers, not their values.
    """

    timeout: float | httpx.Timeout | None = None
    """Seconds (positive, at most a year) or an ``httpx.Timeout`` for this call instead of the
    client's timeout."""
    max_retries: int | None = None
    """Retries for this call (0 to 20) instead of the client's ``max_retries``."""
    headers: Mapping[str, str] = field(factory=dict, repr=_headers_repr)
    """Extra headers for this call. ``Authorization`` is dropped (a call cannot replace
    the client's credentials); ``Host``, ``Content-Length`` and ``Transfer-Encoding``
    are refused. They go to the API's origin only: a download's redirect to another
    origin does not carry them on."""

    def __attrs_post_init__(self) -> None:
        from beatkit._core.settings import check_timeout
        from beatkit._core.validate import check_int
        from beatkit.errors import ConfigurationError

        if self.timeout is not None:
            check_timeout(self.timeout, "RequestOptions.timeout")
        if self.max_retries is not None:
            try:
                check_int("RequestOptions.max_retries", self.max_retries, minimum=0, maximum=20)
            except (TypeError, ValueError) as exc:
                raise ConfigurationError(str(exc)) from None
        object.__setattr__(self, "headers", _checked_headers(self.headers))


class RequestParts(TypedDict, total=False):
    """What a resource method may say about its request, beside the ``PATHS`` key."""

    path: Mapping[str, str | int]
    """Values of the path template's placeholders."""
    params: Mapping[str, QueryValue]
    """Query parameters (``None`` values are dropped)."""
    headers: Mapping[str, str | None]
    """Extra headers (``None`` values are dropped)."""
    json: Any
    """A JSON body."""
    data: Mapping[str, str]
    """A form body."""
    files: Any
    """Multipart files, as httpx takes them."""
    unwrap: Unwrap
    """Where the result sits in the body."""
    if_empty: Any
    """The body an empty answer reads as (see :attr:`Operation.if_empty`)."""
    replayable: bool | None
    """Override the method's idempotency (see :attr:`Operation.replayable`)."""
    secrets: Collection[str]
    """Values sent under an ordinary name that are credentials (see :attr:`Operation.secrets`)."""


class ListArgs(TypedDict, total=False):
    """The keywords every list method takes last, as ``**pages``.

    Each service adds its page keywords in a ``PageArgs`` of its own (in its ``wire``
    module), e.g. ``page`` and ``per_page``.
    """

    limit: int | None
    """Stop after this many items in total; ``None`` (the default) walks every page."""
    options: RequestOptions | None
    """Per-call timeout, retries or headers, for each page's request."""


class PagedCall(TypedDict):
    """A :class:`ListArgs` bundle turned into the keywords of a resource's ``_list``."""

    paging: Paging
    """How to read and walk the pages."""
    params: Mapping[str, QueryValue]
    """The first page's query (the page keywords checked and included)."""
    limit: int | None
    """See :attr:`ListArgs.limit`."""
    options: RequestOptions | None
    """See :attr:`ListArgs.options`."""


def paged_call(
    paging: Paging,
    params: Mapping[str, QueryValue],
    pages: Mapping[str, Any],
    takes: Collection[str],
) -> PagedCall:
    """The ``_list`` keywords of a list method: its pager, its query, and ``pages``' rest.

    Args:
        paging: How to walk the pages.
        params: The first page's query, already checked.
        pages: The method's ``**pages`` bundle.
        takes: The keywords the bundle may hold (its ``PageArgs``' keys).

    Raises:
        TypeError: ``pages`` holds a keyword the list does not take.
    """
    unknown = sorted(set(pages) - set(takes))
    if unknown:
        allowed = ", ".join(sorted(takes))
        raise TypeError(f"unexpected keyword argument {unknown[0]!r} (a list takes {allowed})")
    limit, options = pages.get("limit"), pages.get("options")
    return {"paging": paging, "params": params, "limit": limit, "options": options}


def make_operation(
    routes: Mapping[str, Route],
    key: str,
    result: Any,
    *,
    paging: Paging | None = None,
    path: Mapping[str, str | int] | None = None,
    params: Mapping[str, QueryValue] | None = None,
    headers: Mapping[str, str | None] | None = None,
    json: Any = None,
    data: Mapping[str, str] | None = None,
    files: Any = None,
    unwrap: Unwrap = None,
    if_empty: Any = None,
    replayable: bool | None = None,
    secrets: Collection[str] = (),
    replay_writes: bool = True,
) -> Operation[Any]:
    """The operation for ``routes[key]``: the one place a resource method's parts meet.

    ``replay_writes=False`` (the service's :attr:`~beatkit._core.http.ServiceSpec.replay_writes`)
    marks every write (:data:`WRITE_METHODS`) not replayable unless ``replayable`` says
    otherwise: PUT and DELETE are then retried only when they cannot have reached the server.

    Raises:
        KeyError: ``key`` is not in the service's ``PATHS`` table (a bug in beatkit).
    """
    route = routes[key]
    if replayable is None and not replay_writes and route.method in WRITE_METHODS:
        replayable = False
    return Operation(
        name=key,
        method=route.method,
        path=route.path,
        access=route.access,
        path_params=path or {},
        params=params or {},
        headers={k: v for k, v in headers.items() if v is not None} if headers else {},
        json=json,
        data=data,
        files=files,
        result=result,
        unwrap=unwrap,
        if_empty=if_empty,
        paging=paging,
        replayable=replayable,
        secrets=tuple(secrets),
    )
