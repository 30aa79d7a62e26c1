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

import re
from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

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


@frozen(kw_only=True)
class RawPage:
    """A page read by a :class:`Paging`, items still raw."""

    items: Sequence[Any]
    total: int | None
    next: Operation[Any] | None
    rest: list[Operation[Any]] | None = None
    """All remaining page requests, when they are known after this page (for prefetch)."""


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


def _same_origin(link: httpx.URL, request_url: httpx.URL) -> bool:
    return (link.scheme, link.host, link.port) == (
        request_url.scheme,
        request_url.host,
        request_url.port,
    )


@frozen(kw_only=True)
class NextLinkPaging:
    """Follow the next-page URL the body gives (``next``, ``next_page_url``...).

    A body without a link but with page numbers (an alternative envelope) is
    followed by page number instead. A link to another host is refused: following
    it would be an open redirect for the caller's credentials.
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
            link = response.request.url.join(data.next_url)
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
        rest = [
            _with_page(op, self.page_param, n) for n in range(data.page + 1, data.last_page + 1)
        ]
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
_CONTENT_RANGE = re.compile(rf"^\s*({_UNIT_CHARS})[ \t]+(?:(\d+)-(\d+)|(\*))/(\d+|\*)\s*$")


def parse_content_range(value: str) -> ContentRange:
    """Parse ``"tracks 0-19/21"``, ``"tracks 0-19/*"`` or ``"tracks */21"``.

    Raises:
        PagingError: The value is not a valid Content-Range.
    """
    match = _CONTENT_RANGE.match(value)
    if match is None:
        raise PagingError(f"malformed Content-Range header: {value!r}")
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
        rest = [self.window(op, first) for first in range(start, total, self.page_size)]
        return RawPage(items=items, total=total, next=rest[0], rest=rest)

    def _requested_first(self, op: Operation[Any]) -> int | None:
        value = next((v for k, v in op.headers.items() if k.lower() == "range"), None)
        prefix = f"{self.unit}="
        if value is None or not value.startswith(prefix):
            return None
        first, _, _ = value[len(prefix) :].partition("-")
        return int(first) if first.isdigit() else None

    def end_on_range_not_satisfiable(self) -> bool:
        return True
