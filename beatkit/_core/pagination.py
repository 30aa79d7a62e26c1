"""Pure page-state machines: how to ask for the first page, read one, and ask for the next.

Three kinds cover the four services:

* :class:`NextLinkPaging`: the body names the next page's URL (BeatConnect, Beatport).
* :class:`PageNumberPaging`: the body says ``current_page`` and ``last_page`` (Laravel,
  BeatPass), so the rest of the pages are known after the first one.
* :class:`RangePaging`: HTTP ``Range: unit=first-last`` requests answered with
  ``206`` and ``Content-Range: unit first-last/total`` (Beat Technology).

None of them does I/O: the pagers in ``_async/`` and ``_sync/`` drive them.
"""

from __future__ import annotations

import ipaddress
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar, overload

import attrs
import httpx
from attrs import field, frozen

from beatkit._core.operation import Operation

__all__ = [
    "ContentRange",
    "NextLinkPaging",
    "Page",
    "PageData",
    "PageNumberPaging",
    "PagePlan",
    "Paging",
    "PagingError",
    "RangePaging",
    "parse_content_range",
]

T = TypeVar("T")


class PagingError(ValueError):
    """A page response could not be read (the transport turns it into ResponseDecodeError)."""


@frozen(kw_only=True)
class Page(Generic[T]):
    """One page of results."""

    items: list[T]
    """The decoded items of this page (possibly fewer than requested)."""
    total: int | None = None
    """Items in the whole collection, when the API says (``None`` when unknown)."""
    has_next: bool = False
    """Whether another page follows."""
    next_operation: Operation[T] | None = field(default=None, repr=False, eq=False)
    """The request for the next page (used by the pagers)."""


@frozen(kw_only=True)
class PageData:
    """What a service's extractor reads out of one page body."""

    items: Sequence[Any]
    """The raw items (still JSON)."""
    total: int | None = None
    """The collection size, if the body gives it."""
    next_url: str | None = None
    """An absolute next-page link, if the body gives one."""
    page: int | None = None
    """The 1-based number of this page, if the body gives it."""
    last_page: int | None = None
    """The number of the last page, if the body gives it (or it can be computed)."""


class PagePlan(Sequence[Operation[Any]]):
    """The remaining page requests, built one by one as they are asked for.

    A server may claim any number of pages; holding a request for each of them
    would cost memory and time in proportion to the claim before the first page
    is even returned. A plan holds a ``range`` of page keys (numbers or offsets)
    and a function that turns one key into its request, so its size and every
    slice of it are O(1), whatever the count.

    Args:
        make: Builds the request for one key.
        keys: The keys of the pages, in order.
    """

    __slots__ = ("_first", "_keys", "_make")

    def __init__(self, make: Callable[[int], Operation[Any]], keys: range) -> None:
        self._make = make
        self._keys = keys
        # Built once: it is also the page's ``next``, and callers may compare by identity.
        self._first: Operation[Any] | None = make(keys[0]) if keys else None

    def __len__(self) -> int:
        return len(self._keys)

    def __bool__(self) -> bool:
        return bool(self._keys)

    @overload
    def __getitem__(self, index: int) -> Operation[Any]: ...

    @overload
    def __getitem__(self, index: slice) -> PagePlan: ...

    def __getitem__(self, index: int | slice) -> Operation[Any] | PagePlan:
        if isinstance(index, slice):
            return PagePlan(self._make, self._keys[index])
        key = self._keys[index]  # raises IndexError like a list
        if self._first is not None and key == self._keys[0]:
            return self._first
        return self._make(key)

    def __iter__(self) -> Iterator[Operation[Any]]:
        if self._first is not None:
            yield self._first
        for key in self._keys[1:]:
            yield self._make(key)

    def __repr__(self) -> str:
        return f"<PagePlan of {len(self._keys)} pages>"


@frozen(kw_only=True)
class RawPage:
    """A page read by a :class:`Paging`, items still raw."""

    items: Sequence[Any]
    total: int | None
    next: Operation[Any] | None
    rest: Sequence[Operation[Any]] | None = None
    """All remaining page requests, when they are known after this page (for prefetch).

    A lazy :class:`PagePlan`: requests are built as the pager walks it."""


class Paging(Protocol):
    """The interface every page-state machine implements."""

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        """The first page's request."""
        ...

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        """Read one page answered to ``op``."""
        ...

    def end_on_range_not_satisfiable(self) -> bool:
        """Whether a 416 answer means "no more items" rather than an error."""
        ...


def _with_page(op: Operation[Any], param: str, number: int) -> Operation[Any]:
    if op.url is not None:
        # A followed link carries its own query; params would be ignored beside it.
        return attrs.evolve(op, url=str(httpx.URL(op.url).copy_set_param(param, number)))
    return attrs.evolve(op, params={**op.params, param: number})


# A scheme-less link that starts with an authority: "host[:port]/..." (Beatport sends
# "api.beatport.com/v4/catalog/search/?page=2"). Whether the first segment is a host
# or a relative path segment is decided by _names_a_host.
_AUTHORITY_FIRST = re.compile(
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r"(?::(?P<port>[0-9]{1,5}))?(?=/)"
)
_DNS_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LEVEL_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def _names_a_host(name: str, page_host: str) -> bool:
    """Whether the first segment of a scheme-less link is a host name, not a path.

    It is when it is the page's own host, an IP address, ``localhost``, or a
    dotted DNS name whose last label is a top-level domain (``evil.test``): a
    path segment such as ``v2.1`` or ``tracks`` is none of those.
    """
    host = name.lower().strip("[]")
    if host in {page_host.lower(), "localhost"}:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return True
    labels = host.split(".")
    return (
        len(labels) > 1
        and all(_DNS_LABEL.fullmatch(label) for label in labels)
        and _TOP_LEVEL_LABEL.fullmatch(labels[-1]) is not None
    )


def _join_link(page_url: httpx.URL, link: str) -> httpx.URL:
    """Resolve a next-page link against the page it came from.

    A link that begins with a host name and has no scheme is absolute on the
    page's scheme (``api.beatport.com/v4/...`` from an https page is
    ``https://api.beatport.com/v4/...``); anything else is an RFC 3986 reference.

    Raises:
        PagingError: The link is not a usable URL.
    """
    authority = _AUTHORITY_FIRST.match(link)
    if authority is not None and _names_a_host(authority["host"], page_url.host):
        link = f"{page_url.scheme}://{link}"
    try:
        return page_url.join(link)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise PagingError(f"the next-page link is not a usable URL: {exc}") from None


def _same_origin(link: httpx.URL, request_url: httpx.URL) -> bool:
    return (link.scheme, link.host, link.port) == (
        request_url.scheme,
        request_url.host,
        request_url.port,
    )


@frozen(kw_only=True)
class NextLinkPaging:
    """Follow the next-page URL the body gives (``next``, ``next_page_url``...).

    The link may be absolute, relative, or absolute without a scheme
    (``api.beatport.com/v4/...``, as Beatport sends it), which means the scheme of
    the page it came from. A body without a link but with page numbers (an
    alternative envelope) is followed by page number instead. A link to another
    origin (scheme, host and port) is refused: following it would be an open
    redirect for the caller's credentials.
    """

    extract: Callable[[Any], PageData]
    """Reads a page body."""
    page_param: str = "page"
    """The query parameter that numbers pages, for bodies that give numbers only."""

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        return op

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        data = self.extract(body)
        nxt: Operation[Any] | None = None
        if data.next_url:
            link = _join_link(response.request.url, data.next_url)
            if not _same_origin(link, response.request.url):
                raise PagingError(f"the next-page link points to another host ({link.host})")
            nxt = attrs.evolve(op, url=str(link), params={})
        elif data.page is not None and data.last_page is not None and data.page < data.last_page:
            nxt = _with_page(op, self.page_param, data.page + 1)
        return RawPage(items=data.items, total=data.total, next=nxt)

    def end_on_range_not_satisfiable(self) -> bool:
        return False


@frozen(kw_only=True)
class PageNumberPaging:
    """Number pages ``1..last_page`` as the body reports them (Laravel paginators).

    After the first page every remaining page is known, so pagers may fetch them
    concurrently.
    """

    extract: Callable[[Any], PageData]
    """Reads a page body; must fill ``page`` and ``last_page``."""
    page_param: str = "page"
    """The query parameter that numbers pages."""

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        return op

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        data = self.extract(body)
        if data.page is None or data.last_page is None or data.page >= data.last_page:
            return RawPage(items=data.items, total=data.total, next=None, rest=[])
        if data.last_page > sys.maxsize:
            raise PagingError(f"last_page {data.last_page} is not a page number")
        param = self.page_param
        rest = PagePlan(
            lambda n: _with_page(op, param, n), range(data.page + 1, data.last_page + 1)
        )
        return RawPage(items=data.items, total=data.total, next=rest[0], rest=rest)

    def end_on_range_not_satisfiable(self) -> bool:
        return False


@frozen
class ContentRange:
    """A parsed ``Content-Range`` header with a custom unit (RFC 9110 §14.4)."""

    unit: str
    first: int | None
    """First position, ``None`` for the unsatisfied form ``unit */length``."""
    last: int | None
    """Last position (inclusive), ``None`` for the unsatisfied form."""
    length: int | None
    """The instance length (collection size), ``None`` when the server sent ``*``."""


_UNIT_CHARS = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
# ASCII digits only (\d would take any script's), at most 18 of them: every position
# fits in 64 bits and int() stays cheap. Only spaces and tabs are whitespace (OWS).
_POSITION = r"[0-9]{1,18}"
_CONTENT_RANGE = re.compile(
    rf"[ \t]*({_UNIT_CHARS})[ \t]+(?:({_POSITION})-({_POSITION})|(\*))/({_POSITION}|\*)[ \t]*"
)


def parse_content_range(value: str) -> ContentRange:
    """Parse ``"tracks 0-19/21"``, ``"tracks 0-19/*"`` or ``"tracks */21"``.

    Positions are ASCII digits, at most 18 of them (below 10**18).

    Raises:
        PagingError: The value is not a valid Content-Range.
    """
    match = _CONTENT_RANGE.fullmatch(value)
    if match is None:
        raise PagingError(f"malformed Content-Range header: {value[:80]!r}")
    unit, first, last, star, length = match.groups()
    total = None if length == "*" else int(length)
    if star:
        if total is None:
            raise PagingError(f"Content-Range has neither a range nor a length: {value!r}")
        return ContentRange(unit, None, None, total)
    lo, hi = int(first), int(last)
    if hi < lo:
        raise PagingError(f"Content-Range ends before it starts: {value!r}")
    return ContentRange(unit, lo, hi, total)


@frozen(kw_only=True)
class RangePaging:
    """HTTP ``Range`` paging with a custom unit, as Beat Technology does it.

    The request says ``Range: tracks=0-19`` (with ``=``), the answer ``206`` with
    ``Content-Range: tracks 0-19/21`` (with a space). Rules followed exactly:

    * a next page exists when length > last + 1;
    * the body may hold fewer items than the range: ``Content-Range`` reflects
      the *requested* range, so the next request continues after ``last``, not
      after the items received;
    * an unknown length (``*``) continues while pages come back non-empty;
    * a 416 (``Content-Range: tracks */21``) ends the walk: no more items;
    * a 200 without ``Content-Range`` is a server that ignored the range and sent
      everything: one page, no next.
    """

    unit: str
    """The range unit the resource uses (``tracks``, ``products``, ``items``...)."""
    extract: Callable[[Any], Sequence[Any]]
    """Returns the item list of a body (e.g. ``body["tracks"]``)."""
    page_size: int = 20
    """Items requested per page."""

    def __attrs_post_init__(self) -> None:
        if self.page_size < 1:
            raise ValueError("page_size must be at least 1")
        if not re.fullmatch(_UNIT_CHARS, self.unit):
            raise ValueError(f"invalid range unit {self.unit!r}")

    def window(self, op: Operation[Any], first: int) -> Operation[Any]:
        """The request for ``page_size`` items starting at ``first``."""
        last = first + self.page_size - 1
        return attrs.evolve(op, headers={**op.headers, "Range": f"{self.unit}={first}-{last}"})

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        return self.window(op, 0)

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        items = self.extract(body)
        header = response.headers.get("content-range")
        if header is None:
            if response.status_code == 206:
                raise PagingError("206 Partial Content without a Content-Range header")
            return RawPage(items=items, total=len(items), next=None, rest=[])
        content_range = parse_content_range(header)
        if content_range.unit != self.unit:
            raise PagingError(
                f"Content-Range unit {content_range.unit!r} does not match "
                f"the requested {self.unit!r}"
            )
        if content_range.last is None:
            raise PagingError(f"a {response.status_code} response must not use the '*' range")
        requested = self._requested_first(op)
        if requested is not None and content_range.first != requested:
            # A proxy that dropped the Range header, or a server that always sends its
            # default window: following it would repeat pages, or loop for ever.
            raise PagingError(
                f"asked for {self.unit} from {requested}, got Content-Range {header!r}: "
                "the server or a proxy ignored the Range header"
            )
        start = content_range.last + 1
        total = content_range.length
        if total is None:
            nxt = self.window(op, start) if items else None
            return RawPage(items=items, total=None, next=nxt)
        if total <= start:
            return RawPage(items=items, total=total, next=None, rest=[])
        rest = PagePlan(lambda first: self.window(op, first), range(start, total, self.page_size))
        return RawPage(items=items, total=total, next=rest[0], rest=rest)

    def _requested_first(self, op: Operation[Any]) -> int | None:
        value = next((v for k, v in op.headers.items() if k.lower() == "range"), None)
        prefix = f"{self.unit}="
        if value is None or not value.startswith(prefix):
            return None
        first, _, _ = value[len(prefix) :].partition("-")
        return int(first) if first.isascii() and first.isdigit() else None

    def end_on_range_not_satisfiable(self) -> bool:
        return True
