"""Beatport on the wire: the one table of its paths, its pages, its errors and its filters.

List endpoints answer Django REST Framework pages::

    {"next": "https://.../?page=2", "previous": null, "count": 150,
     "page": "1/6", "per_page": 25, "results": [...]}

``page`` arrives as an int (as documented) or as ``"N/M"`` (as recorded); both
are read. ``next`` is followed while it is not null. Search answers one block per
type, each a list or ``{"data": [...]}``.

Errors are DRF bodies: ``{"detail": "Not found."}``, field errors such as
``{"id": ["Enter a number."]}``, and OAuth's ``{"error", "error_description"}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

import attrs
import httpx
from attrs import frozen

from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.operation import ListArgs, Operation, PagedCall, QueryValue, paged_call
from beatkit._core.pagination import NextLinkPaging, PageData, PagingError, RawPage, page_count
from beatkit._core.params import check_ids, optional_int
from beatkit._core.validate import check_int, check_text
from beatkit.beatport.models import SearchType
from beatkit.errors import (
    APIError,
    QualityNotAvailableError,
    RangeNotSatisfiableError,
    TerritoryRestrictedError,
)

__all__ = [
    "MAX_PER_PAGE",
    "OPTIONAL_AUTH",
    "PAGES",
    "PageArgs",
    "PATHS",
    "SPEC",
    "TOP_10",
    "TOP_100",
    "USER_AUTH",
    "DateFilter",
    "IdFilter",
    "IntFilter",
    "SearchPaging",
    "TextFilter",
    "date_filter",
    "id_filter",
    "int_filter",
    "list_items",
    "page_params",
    "paged",
    "parse_error",
    "parse_page_number",
    "playlist_entry",
    "search_paged",
    "search_params",
    "search_results",
    "subscription_list",
    "text_filter",
]

PATHS: Final[Mapping[str, str]] = {
    # OAuth 2.0 and the session login (used by client.auth).
    "auth.login": "POST /auth/login/",
    "auth.authorize": "GET /auth/o/authorize/",
    "auth.token": "POST /auth/o/token/",
    "auth.introspect": "GET /auth/o/introspect/",
    # Catalog.
    "tracks.list": "GET /catalog/tracks/",
    "tracks.get": "GET /catalog/tracks/{track_id}/",
    "tracks.top": "GET /catalog/tracks/top/{genre_id}/",
    "tracks.stream": "GET /catalog/tracks/{track_id}/stream/ user",
    "tracks.download": "GET /catalog/tracks/{track_id}/download/ user",
    "artists.get": "GET /catalog/artists/{artist_id}/",
    "artists.top10": "GET /catalog/artists/{artist_id}/top-10-tracks/",
    "artists.tracks": "GET /catalog/artists/{artist_id}/tracks/",
    "labels.get": "GET /catalog/labels/{label_id}/",
    "labels.top10": "GET /catalog/labels/{label_id}/top-10-tracks/",
    "labels.releases": "GET /catalog/labels/{label_id}/releases/",
    "releases.get": "GET /catalog/releases/{release_id}/",
    "releases.tracks": "GET /catalog/releases/{release_id}/tracks/",
    "genres.list": "GET /catalog/genres/",
    "genres.get": "GET /catalog/genres/{genre_id}/",
    "genres.top10_tracks": "GET /catalog/genres/{genre_id}/top-10-tracks/",
    # No trailing slash, as the source writes it (unlike every other catalog path).
    "genres.top10_releases": "GET /catalog/genres/{genre_id}/top-10-releases",
    "genres.top100": "GET /catalog/genres/{genre_id}/top/100/",
    "sub_genres.get": "GET /catalog/sub-genres/{sub_genre_id}/",
    "charts.list": "GET /catalog/charts/",
    "charts.get": "GET /catalog/charts/{chart_id}/",
    "charts.tracks": "GET /catalog/charts/{chart_id}/tracks/",
    "playlists.get": "GET /catalog/playlists/{playlist_id}/",
    "playlists.tracks": "GET /catalog/playlists/{playlist_id}/tracks/",
    "keys.get": "GET /catalog/keys/{key_id}/",
    "chord_types.get": "GET /catalog/chord-types/{chord_type_id}/",
    "search": "GET /catalog/search/",
    # One page per type, paged: the same path with type=<kind>.
    "search.tracks": "GET /catalog/search/",
    "search.artists": "GET /catalog/search/",
    "search.labels": "GET /catalog/search/",
    "search.releases": "GET /catalog/search/",
    "search.charts": "GET /catalog/search/",
    # Auxiliary lookup tables: "auth: none" in the operations list, on either host, as
    # for curation; "optional" sends the token only when the client holds one.
    "auxiliary.current_status": "GET /auxiliary/current-status/{status_id}/ optional",
    "auxiliary.sale_type": "GET /auxiliary/sale-types/{sale_type_id}/ optional",
    "auxiliary.exclusive_period": "GET /auxiliary/exclusive-period/{period_id}/ optional",
    "auxiliary.item_types": "GET /auxiliary/item-types/ optional",
    "auxiliary.page_module_types": "GET /auxiliary/page-module-types/ optional",
    "auxiliary.page_types": "GET /auxiliary/page-types/ optional",
    "auxiliary.source_types": "GET /auxiliary/source-types/ optional",
    # Curation.
    "curation.pages": "GET /curation/pages/ optional",
    "curation.page_module_styles": "GET /curation/page-module-styles/ optional",
    # The logged-in user ("user": a user's token on either host; see USER_AUTH).
    "my.account": "GET /my/account/ user",
    "my.beatport": "GET /my/beatport/ user",
    "my.beatport_tracks": "GET /my/beatport/tracks/ user",
    # No trailing slash, as the source writes it.
    "my.subscriptions": "GET /my/subscriptions user",
}
"""Every path of the API, relative to ``https://api.beatport.com/v4`` (or the internal host).

A row may end with :data:`OPTIONAL_AUTH` (the API needs no token for it) or
:data:`USER_AUTH` (it needs a user's token, even on the internal host)."""

OPTIONAL_AUTH: Final = "optional"
"""The access of the rows the API answers without a token (``/auxiliary/*``,
``/curation/*``): a public-host client sends its token when it holds one, and sends the
request unsigned when it holds none, instead of refusing it."""

USER_AUTH: Final = "user"
"""The access of the rows that need a user's token on either host (``/my/*``, a track's
``/stream/`` and ``/download/``): the internal host, which takes no credentials, answers
them with a 401, so an ``internal=True`` client refuses them before sending."""

MAX_PER_PAGE: Final = 100
"""The largest ``per_page`` Beatport accepts."""
TOP_10: Final = 10
"""The size of a top-10 list, asked for as its ``per_page``."""
TOP_100: Final = 100
"""The page size of a genre's top tracks and top 100 unless the caller asks for another."""

IdFilter = int | Sequence[int]
"""One id, or several (matched with OR)."""
TextFilter = str | Sequence[str]
"""One text, or several (matched with OR)."""
IntFilter = int | tuple[int | None, int | None]
"""An exact value, or an inclusive ``(low, high)`` range with either end open (``None``)."""
DateFilter = date | tuple[date | None, date | None]
"""An exact date, or an inclusive ``(first, last)`` range with either end open (``None``)."""

_PAGE_KEYS: Final = frozenset({"next", "previous", "count", "page", "per_page"})
"""The keys of a DRF page that number it (besides its ``results``)."""
_TERRITORY_RESTRICTED = "territory restricted"
_QUALITY_NOT_AVAILABLE = "requested quality is not available"


# --- errors --------------------------------------------------------------------------------


def _messages(value: Any) -> list[str] | None:
    """A DRF message list (``["Enter a number."]``), or ``None`` for anything else."""
    if isinstance(value, str) and value:
        return [value]
    return _message_list(value)


def _message_list(value: Any) -> list[str] | None:
    """A field's errors as DRF writes them, always a list of texts, or ``None``.

    A bare text beside other keys (a gateway's ``{"message": "..."}``, a
    ``retry_after``) names no field: DRF never sends a field's errors as one string.
    """
    if isinstance(value, list) and value and all(isinstance(m, str) for m in value):
        return list(value)
    return None


def parse_error(status: int, body: Any) -> ErrorInfo | None:
    """Read a Beatport error body.

    * ``{"detail": "..."}``, or DRF's bare list of messages: the message; a 403
      ``"Territory Restricted."`` raises
      :class:`~beatkit.errors.TerritoryRestrictedError`, other 403s (such as a
      subscription tier's ``"You do not have permission to perform this
      action."``) :class:`~beatkit.errors.PermissionDeniedError`; a 400
      ``"Requested quality is not available."``
      :class:`~beatkit.errors.QualityNotAvailableError` (code
      ``"quality_not_available"``).
    * ``{"error": "invalid_client", "error_description": "..."}``: OAuth; the
      code is ``error``.
    * ``{"id": ["Enter a number."]}``: field errors, joined into the message and
      kept as ``field_errors`` and ``details`` (``{field: [message, ...]}``); only
      lists of texts are a field's errors, so a ``{"message": "..."}`` from a
      gateway is left to the core's reading of a message.

    Args:
        status: The HTTP status.
        body: The parsed JSON body (or text).

    Returns:
        What the body says, or ``None`` when it is not a Beatport error body.
    """
    if isinstance(body, list):
        # DRF's ValidationError("...") answers a bare list of messages.
        messages = _message_list(body)
        return None if messages is None else _detail(status, messages, None)
    if not isinstance(body, Mapping):
        return None
    code = body.get("code")
    detail = _messages(body.get("detail"))
    if detail is not None:
        error = body.get("error")
        if not isinstance(code, str):
            code = error if isinstance(error, str) and error else None
        return _detail(status, detail, code)
    error = body.get("error")
    if isinstance(error, str) and error:
        description = body.get("error_description")
        text = description if isinstance(description, str) and description else error
        return ErrorInfo(message=text, code=error)
    fields = {
        key: msgs for key, value in body.items() if (msgs := _message_list(value)) is not None
    }
    if fields:
        parts = [
            " ".join(msgs) if key == "non_field_errors" else f"{key}: {' '.join(msgs)}"
            for key, msgs in fields.items()
        ]
        return ErrorInfo(message="; ".join(parts), details=fields, kwargs={"field_errors": fields})
    return None


def _detail(status: int, messages: list[str], code: str | None) -> ErrorInfo:
    """What DRF's messages say (``{"detail": ...}`` or a bare list): the same words name
    the same case in either shape."""
    message = " ".join(messages)
    said = message.strip().rstrip(".").lower()
    error_class: type[APIError] | None = None
    if status == 403 and said == _TERRITORY_RESTRICTED:
        error_class = TerritoryRestrictedError
    elif status == 400 and said == _QUALITY_NOT_AVAILABLE:
        error_class = QualityNotAvailableError
        code = code or "quality_not_available"
    return ErrorInfo(message=message, code=code, error_class=error_class)


SPEC: Final = ServiceSpec(name="beatport", parse_error=parse_error, routes=PATHS)
"""How the shared transport talks to Beatport."""


# --- pages ---------------------------------------------------------------------------------


def parse_page_number(value: Any) -> tuple[int | None, int | None]:
    """Read a page's ``page`` field: ``3`` or ``"3"`` -> ``(3, None)``, ``"3/7"`` -> ``(3, 7)``.

    Numbers are JSON integers or ASCII digits (another script's digits, ``"\u0663"``,
    are refused), each from 1; text may have ASCII spaces and tabs around it.

    Args:
        value: The field as sent (``None`` when absent).

    Returns:
        This page's number and the last page's number, each ``None`` when unknown.

    Raises:
        PagingError: The value is of neither form.
    """
    if value is None:
        return None, None
    text = isinstance(value, str)
    # ASCII spaces and tabs only around it (as the core reads Content-Length): str.strip()
    # would also drop no-break and other Unicode spaces.
    parts = value.strip(" \t").split("/", 1) if text else [value]
    try:
        numbers = [page_count("page", part, digits=text) for part in parts]
    except PagingError:
        numbers = []
    if numbers and min(numbers) >= 1:
        return numbers[0], numbers[1] if len(numbers) == 2 else None
    raise PagingError(f"unreadable page number {str(value)[:40]!r}: expected N or 'N/M'")


def _int_field(body: Mapping[str, Any], key: str) -> int | None:
    """A JSON integer from 0 (``count``, ``per_page``), or ``None`` when absent.

    Raises:
        PagingError: Anything else (a bool, a fraction, text, a negative).
    """
    value = body.get(key)
    return None if value is None else page_count(key, value)


def _page_data(numbers: Mapping[str, Any], items: Sequence[Any]) -> PageData:
    """Paging numbers of one DRF page (``numbers`` holds next/count/page/per_page)."""
    total = _int_field(numbers, "count")
    if "next" in numbers:
        # The link is the API's own word on whether more follows: numbers are not
        # needed, and a top-10 list with a large count must not be walked further.
        link = numbers["next"]
        if link is not None and not isinstance(link, str):
            raise PagingError(f"next must be a URL or null, got {link!r}")
        return PageData(items=items, total=total, next_url=link or None)
    page, last = parse_page_number(numbers.get("page"))
    per_page = _int_field(numbers, "per_page")
    if last is None and page is not None and total is not None and per_page:
        last = max(1, math.ceil(total / per_page))
    return PageData(items=items, total=total, page=page, last_page=last)


def _list_page(body: Any) -> PageData:
    """A DRF page (``{"results": [...], "next": ...}``), or a bare list as one page."""
    if isinstance(body, list):
        return PageData(items=body)
    if not isinstance(body, Mapping) or not isinstance(body.get("results"), list):
        raise PagingError("expected a page with a results list")
    return _page_data(body, body["results"])


def _search_block(body: Any, kind: str) -> tuple[Sequence[Any], Mapping[str, Any]]:
    """The items of one type of a search body, and the mapping that holds its numbers."""
    if not isinstance(body, Mapping):
        raise PagingError("expected a search body keyed by type")
    block = body.get(kind)
    if block is None:
        return [], body
    if isinstance(block, list):
        return block, body
    if isinstance(block, Mapping):
        for key in ("data", "results"):
            if isinstance(block.get(key), list):
                has_numbers = any(k in block for k in ("next", "page", "count"))
                return block[key], block if has_numbers else body
    raise PagingError(f"search results for {kind} are neither a list nor {{'data': [...]}}")


def _search_page(body: Any, kind: str) -> PageData:
    items, numbers = _search_block(body, kind)
    return _page_data(numbers, items)


def _sent_numbers(op: Operation[Any]) -> Mapping[str, Any]:
    """The ``page`` and ``per_page`` a request asked for: its parameters, or, for a
    followed link, the link's query.

    Raises:
        PagingError: The link's ``page`` or ``per_page`` is not written in ASCII digits.
    """
    if op.url is None:
        return op.params
    query = httpx.URL(op.url).params
    return {
        name: page_count(name, value, digits=True)
        for name in ("page", "per_page")
        if (value := query.get(name)) is not None
    }


@frozen(kw_only=True)
class SearchPaging:
    """Pages of one search type.

    When the body gives a ``next`` link or page numbers (in the type's block or at
    the top), they are followed. The documented body gives neither
    (``{"tracks": {"data": [...]}}``), so then a full page means another may
    follow: the next page is asked for until one comes back short or empty. Without a
    ``per_page`` from the caller none is sent (the server keeps its own size), and a page
    is full when it is as long as the longest seen so far. A page that repeats the one
    before ends the walk with an error.
    """

    kind: str
    """The search type (``"tracks"``...)."""
    previous: Sequence[Any] | None = attrs.field(default=None, eq=False, repr=False)
    """The items of the page before, on the request for the next one; a server that
    ignores ``page`` answers every page with the first, full pages for ever."""
    last_page: int | None = attrs.field(default=None, eq=False, repr=False)
    """The last page the walk's first numbered page announced (see
    :class:`~beatkit._core.pagination.NextLinkPaging`); a later page that claims more
    does not lengthen the walk."""

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        """The first page's request (unchanged)."""
        return op

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        """Read one page answered to ``op``."""
        items, numbers = _search_block(body, self.kind)
        if any(key in numbers for key in ("next", "page")):
            kind = self.kind
            links = NextLinkPaging(
                extract=lambda b: _search_page(b, kind), last_page=self.last_page
            )
            raw = links.read(op, response, body)
            nxt = raw.next
            if nxt is not None and isinstance(nxt.paging, NextLinkPaging):
                # Followed by number: the next page is read as a search page again, with
                # the last page the walk's first page announced.
                planned = attrs.evolve(self, last_page=nxt.paging.last_page)
                raw = attrs.evolve(raw, next=attrs.evolve(nxt, paging=planned))
            return raw
        total = _int_field(numbers, "count")
        sent = _sent_numbers(op)
        requested = sent.get("per_page")
        # Without the caller's per_page, the server's own size: a walk that starts past
        # page 1 cannot tell a full page from a short last one, and sending a short page's
        # length as per_page would ask for another window, over items before the start.
        seen = len(self.previous) if self.previous is not None else 0
        size = requested if isinstance(requested, int) else max(len(items), seen)
        nxt = None
        page = sent.get("page")
        number = page if isinstance(page, int) else 1
        if items and items == self.previous:
            raise PagingError(f"page {number} repeats page {number - 1}: the API ignores page")
        if items and len(items) >= size:
            wanted = {"page": number + 1}  # per_page, if the caller gave one, is kept
            if op.url is None:
                nxt = attrs.evolve(op, params={**op.params, **wanted})
            else:
                # A page reached by a next link: its query is the link's, and params
                # beside a url are ignored, so the next page is asked for in the URL.
                nxt = attrs.evolve(op, url=str(httpx.URL(op.url).copy_merge_params(wanted)))
            nxt = attrs.evolve(nxt, paging=attrs.evolve(self, previous=items))
        return RawPage(items=items, total=total, next=nxt)

    def end_on_range_not_satisfiable(
        self, op: Operation[Any], error: RangeNotSatisfiableError
    ) -> bool:
        """A 416 is an error here."""
        return False


# --- what a body holds -------------------------------------------------------------------


PAGES: Final = NextLinkPaging(extract=_list_page)
"""The reader of every DRF list; its ``next`` link, else its page numbers."""


def list_items(body: Any) -> list[Any]:
    """The items of a short list answered in one go (a DRF page or a bare list).

    Raises:
        PagingError: The body is neither.
    """
    return list(_list_page(body).items)


def search_results(body: Any) -> dict[str, Any]:
    """A search body as the fields of :class:`~beatkit.beatport.models.SearchResults`.

    Each type's block becomes its list of items. The DRF page numbers a body may carry
    at its top (``next``, ``count``...) are paging, read by the per-type pagers, not
    results. Any other key (a type this version does not know) is kept as sent, so the
    model keeps it in ``extra`` (and the strict converter refuses it) instead of
    losing it.

    Raises:
        PagingError: The body is not keyed by type, or a type's block is not a list.
    """
    results = {str(kind): _search_block(body, str(kind))[0] for kind in SearchType}
    others = {k: v for k, v in body.items() if k not in results and k not in _PAGE_KEYS}
    return {**others, **results}


def subscription_list(body: Any) -> list[Any]:
    """``/my/subscriptions`` as a list, whether it answers a list, a page or one object.

    Raises:
        PagingError: The body is none of these: an empty object, a ``results`` that is
            not a list, a ``next`` that is no link, or a page that says more follow (a
            ``next`` link or a page number below the last: read alone, it would lose the
            rest). An empty ``next`` is no next page, as for every list.
    """
    if isinstance(body, Mapping) and "results" not in body:
        if not body:
            raise PagingError("an empty object is not a subscription")
        return [body]
    page = _list_page(body)
    more = page.last_page is not None and page.page is not None and page.last_page > page.page
    if page.next_url is not None or more:
        raise PagingError("the subscriptions come in more than one page")
    return list(page.items)


def playlist_entry(item: Any) -> Any:
    """One playlist item as an entry: a bare track (the consolidated write-up's
    "paginated tracks") becomes an entry without id or position."""
    if isinstance(item, Mapping) and "track" not in item and "name" in item:
        return {"track": item}
    return item


# --- request parts -------------------------------------------------------------------------


def page_params(page: int | None, per_page: int | None) -> dict[str, QueryValue]:
    """``page`` (from 1) and ``per_page`` (1 to 100) as query parameters.

    Raises:
        TypeError: Not an int.
        ValueError: Out of range.
    """
    return {
        "page": optional_int("page", page, minimum=1),
        "per_page": optional_int("per_page", per_page, minimum=1, maximum=MAX_PER_PAGE),
    }


class PageArgs(ListArgs, total=False):
    """The keywords every Beatport list takes last, as ``**pages``.

    ``page`` and ``per_page`` here; ``limit`` and ``options`` from
    :class:`~beatkit._core.operation.ListArgs`.
    """

    page: int | None
    """The page to start from (1-based)."""
    per_page: int | None
    """Items per request, 1 to 100; without it Beatport picks the size (25 in its v4
    reference, 10 in a recorded ``api.beatport.com`` answer)."""


def paged(pages: PageArgs, query: Mapping[str, QueryValue] | None = None) -> PagedCall:
    """The ``_list`` keywords of a DRF list: its ``query``, then the page's.

    Raises:
        TypeError: A page value that is not an int, or an unknown keyword.
        ValueError: ``page`` or ``per_page`` out of range.
    """
    params = {**(query or {}), **page_params(pages.get("page"), pages.get("per_page"))}
    return paged_call(PAGES, params, pages, PageArgs.__optional_keys__)


def search_paged(kind: SearchType, q: str, pages: PageArgs) -> PagedCall:
    """The ``_list`` keywords of the ``kind`` results of ``/catalog/search/``.

    Raises:
        TypeError: ``q`` is not text, a page value not an int, or an unknown keyword.
        ValueError: ``q`` is blank, or a page value out of range.
    """
    params = search_params(q, kind, pages.get("page"), pages.get("per_page"))
    return paged_call(SearchPaging(kind=str(kind)), params, pages, PageArgs.__optional_keys__)


def search_params(
    q: str, kind: SearchType | None, page: int | None, per_page: int | None
) -> dict[str, QueryValue]:
    """The query of ``/catalog/search/``: the text, the type (all when ``None``), the page.

    Raises:
        TypeError: ``q`` is not text, or a number not an int.
        ValueError: ``q`` is blank, or a number out of range.
    """
    return {
        "q": check_text("q", q),
        "type": None if kind is None else str(kind),
        **page_params(page, per_page),
    }


def id_filter(name: str, value: IdFilter | None) -> list[int] | None:
    """One id or several as a filter (sent comma-separated); ``None`` stays ``None``.

    Raises:
        TypeError: Neither an int nor a sequence of ints (a ``dict``, whose keys would
            be sent, a ``set`` or bytes are refused, as for :func:`text_filter`).
        ValueError: Empty, or an id below 1.
    """
    return None if value is None else check_ids(name, value)


def text_filter(name: str, value: TextFilter | None) -> str | list[str] | None:
    """One text or several as a filter (sent comma-separated); ``None`` stays ``None``.

    Raises:
        TypeError: Neither a str nor a sequence of str.
        ValueError: Empty, blank, or a text with a comma (a comma separates
            alternatives in Beatport's filters: pass a list instead).
    """
    if value is None or isinstance(value, str):
        return None if value is None else _one_text(name, value)
    if isinstance(value, bytes | bytearray) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a str or a sequence of str, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must not be empty")
    return [_one_text(name, v) for v in value]


def _one_text(name: str, value: Any) -> str:
    text = check_text(name, value)
    if "," in text:
        raise ValueError(f"{name} must not contain a comma: pass a list for several values")
    return text


def int_filter(name: str, value: IntFilter | None) -> str | None:
    """A number (0 or more) or an inclusive ``(low, high)`` range, as ``"low:high"``.

    Raises:
        TypeError: Not an int or a pair of them.
        ValueError: Negative, a range without either end, or one whose low end is
            above its high end.
    """
    return _range(name, value, lambda v: str(check_int(name, v, minimum=0)))


def date_filter(name: str, value: DateFilter | None) -> str | None:
    """A date or an inclusive ``(first, last)`` range, as ``"first:last"`` ISO dates.

    Raises:
        TypeError: Not a ``date`` (a ``datetime`` or text is refused) or a pair of them.
        ValueError: A range without either end, or one whose first day is after its last.
    """
    return _range(name, value, lambda v: _date_text(name, v))


def _date_text(name: str, value: Any) -> str:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date (or a (first, last) tuple of dates)")
    return value.isoformat()


def _range(name: str, value: Any, one: Callable[[Any], str]) -> str | None:
    """An exact value or Beatport's slice syntax ``low:high`` (either end may be open)."""
    if value is None:
        return None
    if isinstance(value, tuple):
        if len(value) != 2 or value == (None, None):
            raise ValueError(f"{name} range must be (low, high) with at least one end")
        low, high = (None if v is None else one(v) for v in value)
        if value[0] is not None and value[1] is not None and value[0] > value[1]:
            raise ValueError(f"{name} range must be (low, high), got ({low}, {high}): low > high")
        return f"{low or ''}:{high or ''}"
    return one(value)
