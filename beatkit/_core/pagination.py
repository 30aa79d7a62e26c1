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

from beatkit._core.http import same_origin, url_error_reason
from beatkit._core.json_values import json_type
from beatkit._core.model import content_hash
from beatkit._core.operation import Operation
from beatkit.errors import RangeNotSatisfiableError

__all__ = [
    "DEFAULT_RANGE_PAGE_SIZE",
    "MAX_EMPTY_PAGES",
    "ContentRange",
    "NextLinkPaging",
    "Page",
    "PageData",
    "PageNumberPaging",
    "PagePlan",
    "Paging",
    "PagingError",
    "RangePaging",
    "page_count",
    "parse_content_range",
    "plan_skips",
    "unsatisfied_length",
    "with_range",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class PagingError(ValueError):
    """A page response could not be read (the transport turns it into ResponseDecodeError)."""


MAX_EMPTY_PAGES = 50
"""How many empty pages in a row, each naming a next page, a pager follows before it
gives up with a :class:`~beatkit.errors.ResponseDecodeError`. None of the services
sends an empty page before its last; a server that keeps doing so would otherwise
hold an iteration for ever without yielding anything."""


# At most 18 digits: int() of it stays cheap, and it fits an index and a float.
_COUNT_DIGITS = re.compile(r"[0-9]{1,18}")
_MAX_COUNT = 10**18 - 1


def page_count(name: str, value: Any, *, digits: bool = False) -> int:
    """A page number, page size or total as a server sent it.

    Args:
        name: The field, for the message.
        value: The value sent.
        digits: Take the number written as ASCII digits too (``"7"``: Laravel's counts
            may come as text).

    Returns:
        A JSON integer from 0 to 10**18 - 1, as sent.

    Raises:
        PagingError: Anything else (a bool, a fraction, a negative, another script's
            digits, ``null``): read as "unknown", it would end a walk early, pages
            silently missing.
    """
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_COUNT:
        return value
    if digits and isinstance(value, str) and _COUNT_DIGITS.fullmatch(value):
        return int(value)
    raise PagingError(f"the page's {name} is not a count: {str(value)[:40]!r}")


def _item_list(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Refuse page items that are not a JSON array.

    A service's extractor hands over what the body holds where the list should be:
    an object or a string there would be walked as keys or characters (``{}`` and
    ``""`` as an empty page, items silently missing), and ``null`` would fail later
    as a bare ``TypeError``.

    Raises:
        PagingError: ``value`` is not a list (or tuple).
    """
    if not isinstance(value, list | tuple):
        raise PagingError(f"the page's items are not a list: got {json_type(value)}")


def _link(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Refuse a next-page link that is not text: ``false`` or ``0`` would read as "no
    next page" (pages silently missing), a number or a list fail inside the URL parser.

    Raises:
        PagingError: ``value`` is neither a ``str`` nor ``None``.
    """
    if value is not None and not isinstance(value, str):
        raise PagingError(f"the next-page link must be a URL or null, got {json_type(value)}")


@frozen(kw_only=True)
class Page(Generic[T_co]):
    """One page of results.

    A page pickles and copies as its data (:attr:`items`, :attr:`total`,
    :attr:`has_next`); :attr:`next_operation` stays behind (``None`` in the copy).
    """

    __hash__ = content_hash  # by content: attrs' own hash raises on a list or dict

    items: list[T_co]
    """The decoded items of this page (possibly fewer than requested)."""
    total: int | None = None
    """Items in the whole collection, when the API says (``None`` when unknown)."""
    has_next: bool = False
    """Whether another page follows."""
    next_operation: Operation[T_co] | None = field(default=None, repr=False, eq=False)
    """The request for the next page (used by the pagers)."""

    def __repr__(self) -> str:
        # The items are counted, not printed: a page of 100 Beatport tracks printed in
        # full was over 40,000 characters on one line (a notebook cell's result, a log
        # line). ``page.items`` shows them.
        return f"Page(items={_count(self.items)}, total={self.total!r}, has_next={self.has_next!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # The next request is bound to the client's hooks (local functions pickle
        # cannot carry: "Can't pickle local object") and is only of use to the pager
        # that made the page; the page itself is plain data a user may send elsewhere.
        return (_page, (self.items, self.total, self.has_next))


def _count(items: list[Any]) -> str:
    """``<100 Beat>`` for a page's items (``<3 items>`` when their types differ, ``[]``)."""
    if not items:
        return "[]"
    kinds = {type(item).__name__ for item in items}
    return f"<{len(items)} {kinds.pop() if len(kinds) == 1 else 'items'}>"


def _page(items: list[T], total: int | None, has_next: bool) -> Page[T]:
    """Rebuild a pickled or copied :class:`Page` (without its next request)."""
    return Page(items=items, total=total, has_next=has_next)


@frozen(kw_only=True)
class PageData:
    """What a service's extractor reads out of one page body."""

    items: Sequence[Any] = field(validator=_item_list)
    """The raw items (still JSON); a list, or :class:`PagingError` is raised."""
    total: int | None = None
    """The collection size, if the body gives it."""
    next_url: str | None = field(default=None, validator=_link)
    """The next-page link, if the body gives one (text, or :class:`PagingError` is
    raised; ``""`` means none)."""
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
    """A page read by a :class:`Paging`, items still raw (a list, or :class:`PagingError`
    is raised)."""

    items: Sequence[Any] = field(validator=_item_list)
    total: int | None
    next: Operation[Any] | None
    rest: Sequence[Operation[Any]] | None = None
    """All remaining page requests, when they are known after this page (for prefetch).

    A lazy :class:`PagePlan`: requests are built as the pager walks it."""
    past_end: bool = False
    """The server said this page starts past the collection's end (a ``416``, or an
    empty window whose ``Content-Range`` length ends before it): nothing follows,
    whatever a plan made from an earlier page says."""


class Paging(Protocol):
    """The interface every page-state machine implements."""

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        """The first page's request."""
        ...

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        """Read one page answered to ``op``."""
        ...

    def end_on_range_not_satisfiable(
        self, op: Operation[Any], error: RangeNotSatisfiableError
    ) -> bool:
        """Whether the 416 answer to ``op`` means "no more items" rather than an error."""
        ...


def _asked_page(op: Operation[Any], param: str) -> int | None:
    """The page number ``op`` asks for, if it names one (the server's choice if not)."""
    value = httpx.URL(op.url).params.get(param) if op.url is not None else op.params.get(param)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _COUNT_DIGITS.fullmatch(value):
        return int(value)
    return None


def _check_page(op: Operation[Any], param: str, data: PageData) -> None:
    """Refuse a body that names another page than the one ``op`` asked for.

    Raises:
        PagingError: It does.
    """
    asked = _asked_page(op, param)
    if asked is not None and data.page is not None and data.page != asked:
        # A server that clamps a page past the end, or ignores the parameter (a cache
        # or proxy that drops the query): its items would be yielded twice, or some never.
        raise PagingError(f"asked for page {asked}, the API answered page {data.page}")


def _planned_last(planned: int | None, claimed: int | None) -> int | None:
    """The last page of a walk: what its first page announced (``planned``), or fewer
    when a later page says so (``claimed``), never more.

    A count that grows from page to page would otherwise be followed for as long as
    the server keeps adding one; a walk reads the collection as its first page
    described it (the pages fetched ahead were always planned that way).
    """
    if planned is None or claimed is None:
        return claimed if planned is None else planned
    return min(planned, claimed)


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
        # Only httpx's reason: the part it quotes is a piece of the link (a port, a host).
        raise PagingError(
            f"the next-page link is not a usable URL: {url_error_reason(exc)}"
        ) from None


@frozen(kw_only=True)
class NextLinkPaging:
    """Follow the next-page URL the body gives (``next``, ``next_page_url``...).

    The link may be absolute, relative, or absolute without a scheme
    (``api.beatport.com/v4/...``, as Beatport sends it), which means the scheme of
    the page it came from. A body without a link but with page numbers (an
    alternative envelope) is followed by page number instead. A link to another
    origin (scheme, host and port) is refused: following it would be an open
    redirect for the caller's credentials. So is a link to the page itself, which
    would be followed for ever. A link is followed without its fragment and with the
    userinfo of the page it came from (never its own): neither is part of the page
    asked for. Followed by number, the walk ends at the last page
    the first numbered page announced: a later page that claims more (a server that
    always claims one page more) does not lengthen it.
    """

    extract: Callable[[Any], PageData]
    """Reads a page body."""
    page_param: str = "page"
    """The query parameter that numbers pages, for bodies that give numbers only."""
    keep_params: bool = False
    """Send the request's query parameters that the link leaves out along with it.

    For servers whose links carry the page number only (Laravel's paginator appends
    no query unless told to): followed as they are, page 2 would lose the filters and
    the page size of page 1.
    """
    last_page: int | None = field(default=None, repr=False)
    """The last page the walk's first numbered page announced (set on the requests
    this paging makes for the pages after it), ``None`` before one was read."""

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        return op

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        data = self.extract(body)
        nxt: Operation[Any] | None = None
        if data.next_url:
            link = _join_link(response.request.url, data.next_url)
            if not same_origin(link, response.request.url):
                origin = f"{link.scheme}://{link.host}" + (f":{link.port}" if link.port else "")
                raise PagingError(
                    f"the next-page link points to another host, port or scheme ({origin})"
                )
            # The same origin spelled another way (a rooted name, "api.test."): followed
            # on the host the page came from, so a link to the page itself is seen as one.
            # So are the parts no server sees: the fragment is dropped, and the userinfo
            # is the page's (the caller's base URL's), never the link's, which httpx would
            # send as Basic credentials. Links told apart by them alone name one page: a
            # server rotating them would be followed round the same page for ever.
            page_url = response.request.url
            link = link.copy_with(host=page_url.host, userinfo=page_url.userinfo, fragment=None)
            if self.keep_params:
                sent = response.request.url.params.multi_items()
                link = link.copy_merge_params([(k, v) for k, v in sent if k not in link.params])
            if link == response.request.url:
                # Followed, the same page would be asked for again and again.
                raise PagingError("the next-page link points to the page itself")
            nxt = attrs.evolve(op, url=str(link), params={})
        else:
            # Followed by number (no link): the body must be the page asked for, or the
            # walk would go on from another page, pages repeated or skipped.
            _check_page(op, self.page_param, data)
            last = _planned_last(self.last_page, data.last_page)
            if data.page is not None and last is not None and data.page < last:
                nxt = attrs.evolve(
                    _with_page(op, self.page_param, data.page + 1),
                    paging=attrs.evolve(self, last_page=last),
                )
        return RawPage(items=data.items, total=data.total, next=nxt)

    def end_on_range_not_satisfiable(
        self, op: Operation[Any], error: RangeNotSatisfiableError
    ) -> bool:
        return False


@frozen(kw_only=True)
class PageNumberPaging:
    """Number pages ``1..last_page`` as the body reports them (Laravel paginators).

    After the first page every remaining page is known, so pagers may fetch them
    concurrently. The first page's ``last_page`` is the plan of the walk, whether the
    pages are fetched concurrently or one after the other: a later page that claims
    more pages does not lengthen it; an empty page numbered past the last page it
    names (Laravel's answer past the end of a list that shrank) ends it.

    A page that counts no pages (Laravel's ``simplePaginate``) but gives a next-page
    link is followed by number, one page after the other, until a page gives no link
    or no items. Only the link's presence is read: the next page is asked for by its
    number, wherever the link points.
    """

    extract: Callable[[Any], PageData]
    """Reads a page body; fills ``page`` (a page with items that names none is taken
    for the page asked for, the first when none was), and ``last_page`` or, when the
    body counts no pages, ``next_url`` (whether another page follows)."""
    page_param: str = "page"
    """The query parameter that numbers pages."""
    last_page: int | None = field(default=None, repr=False)
    """The last page the walk's first page announced (set on the requests this paging
    makes for the pages after it), ``None`` on the first page's request."""

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        return op

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        data = self.extract(body)
        _check_page(op, self.page_param, data)
        if data.page is None and data.items:
            # A page that does not say which it is (the counts are optional) is the one
            # asked for, the first when none was: ending the walk here would drop every
            # page its last_page or next link says follows, without a word.
            data = attrs.evolve(data, page=_asked_page(op, self.page_param) or 1)
        last = _planned_last(self.last_page, data.last_page)
        if last is None and data.page is not None and data.next_url and data.items:
            # More follows, how many is not said: the next page only. An empty page
            # that says more would be followed for ever, so it ends the walk.
            nxt = attrs.evolve(_with_page(op, self.page_param, data.page + 1), paging=self)
            return RawPage(items=data.items, total=data.total, next=nxt)
        if data.page is None or last is None or data.page >= last:
            # An empty page numbered past the last page it names (Laravel's answer past
            # the end) is past the end: a plan made from an earlier, higher count stops here.
            past_end = (
                not data.items
                and data.page is not None
                and data.last_page is not None
                and data.page > data.last_page
            )
            return RawPage(
                items=data.items, total=data.total, next=None, rest=[], past_end=past_end
            )
        if last > sys.maxsize:
            raise PagingError(f"last_page {last} is not a page number")
        param = self.page_param
        planned = attrs.evolve(self, last_page=last)
        rest = PagePlan(
            lambda n: attrs.evolve(_with_page(op, param, n), paging=planned),
            range(data.page + 1, last + 1),
        )
        return RawPage(items=data.items, total=data.total, next=rest[0], rest=rest)

    def end_on_range_not_satisfiable(
        self, op: Operation[Any], error: RangeNotSatisfiableError
    ) -> bool:
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
    rf"[ \t]*({_UNIT_CHARS})[ \t]+(?:({_POSITION})-({_POSITION})|(\*))(?:/({_POSITION}|\*))?[ \t]*"
)


def parse_content_range(value: str, *, allow_missing_length: bool = False) -> ContentRange:
    """Parse ``"tracks 0-19/21"``, ``"tracks 0-19/*"`` or ``"tracks */21"``.

    Positions are ASCII digits, at most 18 of them (below 10**18).

    Args:
        value: The header's value.
        allow_missing_length: Also accept ``"tracks 0-49"`` without ``/length``, as
            one of Beat Technology's examples writes it, read as an unknown length.

    Raises:
        PagingError: The value is not a valid Content-Range.
    """
    match = _CONTENT_RANGE.fullmatch(value)
    if match is None:
        raise PagingError(f"malformed Content-Range header: {value[:80]!r}")
    unit, first, last, star, length = match.groups()
    if length is None and (star or not allow_missing_length):
        raise PagingError(f"malformed Content-Range header (no length): {value[:80]!r}")
    total = None if length in (None, "*") else int(length)
    if star:
        if total is None:
            raise PagingError(f"Content-Range has neither a range nor a length: {value!r}")
        return ContentRange(unit, None, None, total)
    lo, hi = int(first), int(last)
    if hi < lo:
        raise PagingError(f"Content-Range ends before it starts: {value!r}")
    return ContentRange(unit, lo, hi, total)


def unsatisfied_length(error: RangeNotSatisfiableError) -> int | None:
    """The collection's length a 416 names (``Content-Range: tracks */45`` -> 45).

    A server past the end SHOULD say the length (RFC 9110 §15.5.17; Beat Technology's
    page, L86): the window is empty, the length known all the same.

    Returns:
        The length, or ``None`` without a readable ``Content-Range`` or with ``*/*``.
    """
    if error.content_range is None:
        return None
    try:
        return parse_content_range(error.content_range, allow_missing_length=True).length
    except PagingError:
        return None


DEFAULT_RANGE_PAGE_SIZE = 20
"""Items per window when a :class:`RangePaging` asks for windows of a known unit."""


@frozen
class _Window:
    """A ``Range: unit=first-last`` request header, read back."""

    unit: str
    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def _range_header(op: Operation[Any]) -> str | None:
    return next((v for k, v in op.headers.items() if k.lower() == "range"), None)


def _read_window(op: Operation[Any]) -> _Window | None:
    """The window ``op`` asks for, or ``None`` when it sends no (readable) ``Range``."""
    value = _range_header(op)
    if value is None:
        return None
    unit, sep, span = value.partition("=")
    first, dash, last = span.partition("-")
    if not (sep and dash and re.fullmatch(_UNIT_CHARS, unit)):
        return None
    if not (re.fullmatch(_POSITION, first) and re.fullmatch(_POSITION, last)):
        return None
    return _Window(unit, int(first), int(last))


@frozen(kw_only=True)
class RangePaging:
    """HTTP ``Range`` paging with a custom unit, as Beat Technology does it.

    The request says ``Range: tracks=0-19`` (with ``=``), the answer ``206`` with
    ``Content-Range: tracks 0-19/21`` (with a space). Rules followed exactly:

    * a next page exists when length > last + 1;
    * the body may hold fewer items than the range: ``Content-Range`` reflects
      the *requested* range, so the next request continues after ``last``, not
      after the items received;
    * an unknown length (``*``, or no ``/length`` at all) continues while pages
      come back non-empty;
    * a 416 (``Content-Range: tracks */21``) ends the walk: no more items, whatever
      the windows planned from an earlier length; so does an empty window that starts
      at or past the length it names. A 416 that names another unit than the window's
      is raised (the server did not know it);
    * a 200 without ``Content-Range`` is a server that ignored the range and sent
      everything: one page, no next, when it answers a window from 0 (or no window);
      to a later window it is an error (the items before the window would come again).

    Two ways to know the unit:

    * ``unit="tracks"``: every request, the first included, asks for a window in
      that unit (``page_size`` items, 20 unless told), and an answer in another
      unit is an error.
    * ``unit=None``: the unit is learnt. The first request sends no ``Range``
      (the server picks its default window) unless the caller asks for a window
      (``page_size`` or ``start``), which is then asked for in ``fallback_unit``.
      The walk goes on in the unit the first answer's ``Content-Range`` names,
      with windows of the size the caller asked for, else of the size of the
      server's first window. An answer in another unit than the one asked for
      means the server did not know that unit: its window is followed.
    """

    extract: Callable[[Any], Sequence[Any]]
    """Returns the item list of a body (e.g. ``body["tracks"]``)."""
    unit: str | None = None
    """The range unit the resource uses (``tracks``, ``products``, ``items``...);
    ``None`` to learn it from the first answer."""
    fallback_unit: str | None = None
    """With ``unit=None``; the unit of a window asked for before any answer named
    one (the documented or guessed unit of the resource)."""
    page_size: int | None = None
    """Items requested per window, or ``None`` for 20 with a known ``unit`` and the
    server's first window with a learnt one."""
    start: int = 0
    """The position of the first item wanted; anything but 0 asks for a window."""

    def __attrs_post_init__(self) -> None:
        if self.page_size is not None and self.page_size < 1:
            raise ValueError("page_size must be at least 1")
        if self.start < 0:
            raise ValueError("start must not be negative")
        for name, unit in (("unit", self.unit), ("fallback_unit", self.fallback_unit)):
            if unit is not None and not re.fullmatch(_UNIT_CHARS, unit):
                raise ValueError(f"invalid range {name} {unit!r}")
        if self._asks_window() and self.unit is None and self.fallback_unit is None:
            raise ValueError("a window (page_size or start) needs a unit or a fallback_unit")

    def _asks_window(self) -> bool:
        return self.unit is not None or self.page_size is not None or self.start != 0

    def window(self, op: Operation[Any], first: int) -> Operation[Any]:
        """The request for ``page_size`` items starting at ``first``, in the known unit.

        Raises:
            ValueError: The unit is to be learnt and no fallback unit is set.
        """
        unit = self.unit or self.fallback_unit
        if unit is None:
            raise ValueError("the range unit is not known yet")
        return _with_window(op, unit, first, self.page_size or DEFAULT_RANGE_PAGE_SIZE)

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        return self.window(op, self.start) if self._asks_window() else op

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        items = self.extract(body)
        header = response.headers.get("content-range")
        if header is None:
            if response.status_code == 206:
                raise PagingError("206 Partial Content without a Content-Range header")
            asked = _read_window(op)
            if asked is not None and asked.first != 0:
                # The server ignored the Range and sent the collection from its start:
                # read as this window, the items before it would come twice (or, for a
                # first request from a start, items before the start would be yielded).
                raise PagingError(
                    f"asked for {asked.unit} from {asked.first}, got {response.status_code} "
                    "without a Content-Range: the server or a proxy ignored the Range header"
                )
            return RawPage(items=items, total=len(items), next=None, rest=[])
        content_range = parse_content_range(header, allow_missing_length=True)
        if content_range.last is None or content_range.first is None:
            raise PagingError(f"a {response.status_code} response must not use the '*' range")
        asked = _read_window(op)
        unit = content_range.unit
        if asked is not None and _same_unit(unit, asked.unit):
            # Range units are case-insensitive (RFC 9110 §14.1): "Tracks 0-19/45" answers
            # "tracks=0-19", and the walk goes on in the caller's spelling.
            unit = asked.unit
        if asked is not None:
            # A known unit must come back; a learnt one may differ from the guess asked
            # for (the server did not know it and answered its own window).
            if unit != asked.unit and self.unit is not None:
                raise PagingError(
                    f"Content-Range unit {unit!r} does not match the requested {asked.unit!r}"
                )
            if content_range.first != asked.first:
                # A proxy that dropped the Range header, or a server that always sends
                # its default window: following it would repeat pages, or loop for ever.
                raise PagingError(
                    f"asked for {asked.unit} from {asked.first}, got Content-Range "
                    f"{header!r}: the server or a proxy ignored the Range header"
                )
        elif _range_header(op) is None and content_range.first != 0:
            # No Range sent: the server's default window starts at offset 0. Following a
            # later window (a cache or proxy answering another request's page) would
            # skip every item before it while the walk ends as if it saw them all.
            raise PagingError(
                f"asked for the first page (from 0, no Range), got Content-Range {header!r}"
            )
        # Whether the range names the window asked for (the page's rule) or the slice
        # sent (some of its examples), a page holds no more items than it spans. (Not
        # checked against the length: a changes feed may repeat a change across pages.)
        if len(items) > content_range.last - content_range.first + 1:
            raise PagingError(
                f"the page holds more items than its Content-Range {header!r} ({len(items)})"
            )
        size = self.page_size or (
            asked.size if asked is not None else content_range.last - content_range.first + 1
        )
        start = content_range.last + 1
        total = content_range.length
        if total is None:
            nxt = _with_window(op, unit, start, size) if items else None
            return RawPage(items=items, total=None, next=nxt)
        if total <= start:
            # An empty window that starts at or past the length is past the end, as a 416
            # is: a plan made from an earlier, longer length stops here.
            past_end = not items and total <= content_range.first
            return RawPage(items=items, total=total, next=None, rest=[], past_end=past_end)
        keys = range(start, total, size)
        rest = PagePlan(lambda first: _with_window(op, unit, first, size), keys)
        return RawPage(items=items, total=total, next=rest[0], rest=rest)

    def end_on_range_not_satisfiable(
        self, op: Operation[Any], error: RangeNotSatisfiableError
    ) -> bool:
        """A 416 to a window in the unit asked for ends the walk. One naming another unit
        (``items */30`` to ``banners=0-9``) says the server did not know the guessed unit
        of an explicit window: the 416 is raised, not read as an empty list."""
        asked = _read_window(op)
        if asked is None or error.content_range is None:
            return True
        try:
            named = parse_content_range(error.content_range, allow_missing_length=True).unit
        except PagingError:
            return True
        return _same_unit(named, asked.unit)


def _same_unit(one: str, other: str) -> bool:
    """Whether two range units are one: their names are case-insensitive (RFC 9110 §14.1)."""
    return one.lower() == other.lower()


def plan_skips(planned: Operation[Any] | None, nxt: Operation[Any] | None) -> bool:
    """Whether the rest of a prefetch plan would skip what a page's own next request asks for.

    The plan is made after the first page, assuming every window is served as asked. A
    server that serves shorter windows (a cap on the page size) names a next window
    before the planned one: followed, the plan would skip the items between. A page that
    names a next request when the plan has none says the collection grew.

    A page that names no next request, or a later window than planned (a longer window
    than asked), leaves the plan as it is: a changes feed may say it is done before it
    is, or repeat entries across pages, and its planned windows still hold what it
    has not sent.

    Args:
        planned: The plan's request after the page, ``None`` when the page was its last.
        nxt: The next request the page itself names (its :attr:`RawPage.next`).

    Returns:
        ``True`` when the walk must go on from ``nxt`` rather than from the plan.
    """
    if nxt is None:
        return False
    if planned is None:
        return True
    asked, named = _read_window(planned), _read_window(nxt)
    if asked is not None and named is not None and _same_unit(asked.unit, named.unit):
        return named.first < asked.first
    return nxt != planned


def _with_window(op: Operation[Any], unit: str, first: int, size: int) -> Operation[Any]:
    """``op`` asking for ``size`` items of ``unit`` from ``first`` (any earlier Range replaced)."""
    return with_range(op, f"{unit}={first}-{first + size - 1}")


def with_range(op: Operation[Any], value: str) -> Operation[Any]:
    """``op`` with the ``Range`` header ``value``: any earlier ``Range``, in any case, replaced."""
    headers = {k: v for k, v in op.headers.items() if k.lower() != "range"}
    headers["Range"] = value
    return attrs.evolve(op, headers=headers)
