"""Beat Technology's request headers, built and checked before anything is sent.

* ``X-Include``: optional sub-objects, a comma list of :data:`INCLUDES`.
* Image sizes: one header per kind of image (:data:`IMAGE_SIZE_HEADERS`), each a
  comma list of size tokens such as ``w50,h200`` or ``w800``. A client's default
  sizes are merged with a call's own (the call's win, kind by kind).
* ``X-Stream-Formats`` (``*/high``, ``h264/*``...) and ``X-Stream-Context``
  (``release/1``).
* ``X-Base-Change`` / ``X-Change-Timestamp`` on personal-data writes.
* ``Range``: lists take ``**pages`` (:class:`RangeArgs`); :func:`ranged` turns them
  into the pager's keywords.

Datetimes are sent as ``YYYY-MM-DDThh:mm:ssZ`` (:func:`format_datetime`), the only
form the API accepts, and a progress record's ``changed`` as ``YYYY-MM-DD hh:mm:ss``
(:func:`format_changed`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final, Literal, TypeAlias, get_args

import httpx
from attrs import frozen

from beatkit._core.operation import (
    ListArgs,
    Operation,
    PagedCall,
    QueryValue,
    RequestOptions,
    paged_call,
)
from beatkit._core.pagination import (
    DEFAULT_RANGE_PAGE_SIZE,
    PagingError,
    RangePaging,
    RawPage,
    parse_content_range,
    with_range,
)
from beatkit._core.params import check_sequence, comma_list, optional_int
from beatkit._core.validate import check_int, check_text, shown_number
from beatkit.beattech.wire import RANGE_UNITS, items_in
from beatkit.errors import ConfigurationError, RangeNotSatisfiableError

__all__ = [
    "IMAGE_SIZE_HEADERS",
    "INCLUDES",
    "Include",
    "ImageKind",
    "ImageSizes",
    "RangeArgs",
    "change_headers",
    "every_window",
    "format_changed",
    "format_datetime",
    "image_size_headers",
    "image_sizes",
    "include_header",
    "range_filtered",
    "ranged",
    "stream_context",
    "stream_formats",
]

Include: TypeAlias = Literal[
    "release-reviews",
    "release-tracks",
    "release-notes",
    "release-prices",
    "track-prices",
    "track-streams",
    "group-releases",
    "group-banners",
]
"""One name ``X-Include`` takes (an ``include=`` list's items)."""

INCLUDES: Final[tuple[Include, ...]] = get_args(Include)
"""What ``X-Include`` may name (L119-131; ``track-streams`` from the track page, L5534)."""

ImageKind: TypeAlias = Literal[
    "release_cover",
    "artist",
    "actor",
    "banner",
    "release_group",
    "user",
    "series",
    "coupon_offer",
]
"""One kind of image an ``image_sizes=`` mapping names (its keys)."""

IMAGE_SIZE_HEADERS: Final[Mapping[ImageKind, str]] = {
    "release_cover": "X-Release-Cover-Sizes",
    "artist": "X-Artist-Image-Sizes",
    "actor": "X-Actor-Image-Sizes",
    "banner": "X-Banner-Image-Sizes",
    "release_group": "X-Release-Group-Image-Sizes",
    "user": "X-User-Image-Sizes",
    "series": "X-Series-Image-Sizes",
    "coupon_offer": "X-Coupon-Offer-Image-Sizes",
}
"""The ``image_sizes`` keys and the header each one fills. Without ``X-Actor-Image-Sizes``
actor images are left out of answers, and without ``X-Coupon-Offer-Image-Sizes`` an
offer's image is empty."""

ImageSizes: TypeAlias = Mapping[ImageKind, str | Iterable[str]]
"""``{"release_cover": "w800", "artist": ["w50", "h200"]}``; size tokens per kind."""

_SIZE_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_FORMAT = re.compile(r"[A-Za-z0-9_.*+-]+/[A-Za-z0-9_.*+-]+")
_CONTEXT_PART = re.compile(r"[A-Za-z0-9_.:-]+")


def format_datetime(value: datetime, name: str = "datetime") -> str:
    """``value`` as the API writes datetimes: ``YYYY-MM-DDThh:mm:ssZ`` in UTC.

    Fractions of a second are dropped (the API takes none).

    Raises:
        TypeError: Not a ``datetime``, or a naive one (its time zone would be a guess).
        ValueError: In UTC it falls outside the years 1 to 9999.
    """
    return _utc(value, name).isoformat(sep="T", timespec="seconds")[:19] + "Z"


def format_changed(value: datetime, name: str = "changed") -> str:
    """``value`` as a progress record's ``changed``: ``YYYY-MM-DD hh:mm:ss`` in UTC.

    Raises:
        TypeError: Not a ``datetime``, or a naive one.
        ValueError: In UTC it falls outside the years 1 to 9999.
    """
    # isoformat, not strftime: "%Y" writes the year 5 as "5" on some platforms.
    return _utc(value, name).isoformat(sep=" ", timespec="seconds")[:19]


def _utc(value: Any, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise TypeError(f"{name} must be timezone-aware (e.g. datetime.now(UTC)), not naive")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{name} falls outside the years 1 to 9999 in UTC") from None


def include_header(
    include: str | Sequence[Include] | Iterator[Include] | None,
) -> dict[str, str | None]:
    """``{"X-Include": "a,b"}`` for the sub-objects named (``None`` sends nothing).

    ``include`` is a name, a sequence of names, or the header's own comma list
    (``"release-tracks, release-prices"``), as image sizes and stream formats are.

    Raises:
        TypeError: Not text, or bytes, a mapping or a set (a dict's keys would be sent
            whatever its values say; see :func:`~beatkit._core.params.check_sequence`).
        ValueError: A blank name, or one outside :data:`INCLUDES`.
    """
    if include is None:
        return {"X-Include": None}
    if isinstance(include, str):
        names: Iterable[Any] = include.split(",")
    else:
        names = check_sequence("include", include, "a str or a sequence of str")
    stripped = [check_text("include", name).strip() for name in names]
    return {"X-Include": comma_list("include", stripped, INCLUDES)}


def _tokens(name: str, value: Any, pattern: re.Pattern[str], what: str) -> str:
    items = value.split(",") if isinstance(value, str) else value
    # A mapping's keys would be sent whatever its values say.
    if isinstance(items, bytes | bytearray | Mapping) or not isinstance(items, Iterable):
        raise TypeError(f"{name} must be a str or a sequence of str")
    tokens = [check_text(name, item).strip() for item in items]
    bad = [token for token in tokens if not pattern.fullmatch(token)]
    if bad or not tokens:
        raise ValueError(f"{name} must be a comma list of {what}, not {value!r}")
    return ",".join(tokens)


def image_sizes(value: ImageSizes | None, name: str = "image_sizes") -> dict[ImageKind, str]:
    """Check an ``image_sizes`` mapping; each value as the comma list its header takes.

    Raises:
        TypeError: Not a mapping whose values are text or sequences of text (a value
            that is itself a mapping is refused).
        ValueError: An unknown kind (see :data:`IMAGE_SIZE_HEADERS`) or a bad size token.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping such as {{'release_cover': 'w800'}}")
    checked: dict[ImageKind, str] = {}
    for kind, sizes in value.items():
        if kind not in IMAGE_SIZE_HEADERS:
            known = ", ".join(IMAGE_SIZE_HEADERS)
            raise ValueError(f"{name} has an unknown kind {kind!r} (known: {known})")
        checked[kind] = _tokens(f"{name}[{kind!r}]", sizes, _SIZE_TOKEN, "size tokens (w800)")
    return checked


def image_size_headers(
    defaults: Mapping[ImageKind, str], per_call: ImageSizes | None
) -> dict[str, str | None]:
    """The image-size headers of one call: the client's defaults, then the call's sizes.

    Args:
        defaults: The client's checked default sizes (:func:`image_sizes`).
        per_call: The call's ``image_sizes=``; a kind it names replaces the default.

    Raises:
        TypeError: ``per_call`` is not a mapping of text.
        ValueError: An unknown kind or a bad size token.
    """
    merged = {**defaults, **image_sizes(per_call)}
    return {IMAGE_SIZE_HEADERS[kind]: sizes for kind, sizes in merged.items()}


def stream_formats(formats: str | Iterable[str] | None) -> str | None:
    """``X-Stream-Formats``: ``["*/high", "h264/*"]`` -> ``"*/high,h264/*"``.

    The values are those of a track's ``streams`` object (``*/high``, ``*/normal``,
    ``*/low``, ``h264/*``...): ``codec/quality`` with ``*`` for any.

    Raises:
        TypeError: Neither text nor a sequence of text (a mapping is refused).
        ValueError: A value that is not ``codec/quality``.
    """
    if formats is None:
        return None
    return _tokens("formats", formats, _FORMAT, "codec/quality formats (*/high)")


def stream_context(context: str | tuple[str, str | int] | None) -> str | None:
    """``X-Stream-Context``: ``"release/1"`` or ``("release", "1")`` -> ``"release/1"``.

    Raises:
        TypeError: Neither text nor a pair.
        ValueError: Not ``<entity_type>/<entity_id>``, or a negative int id.
    """
    if context is None:
        return None
    if isinstance(context, tuple) and len(context) == 2:
        kind, ident = context
        if isinstance(ident, int) and not isinstance(ident, bool):
            # As every id argument (text_id): "-1" would name no entity.
            if ident < 0:
                raise ValueError("context: the entity id must not be negative")
            ident = str(ident)
        if not isinstance(kind, str) or not isinstance(ident, str):
            raise TypeError("context must be 'type/id' or a (type, id) pair of text")
    elif isinstance(context, str):
        kind, _, ident = context.partition("/")
    else:
        raise TypeError("context must be 'type/id' or a (type, id) pair")
    if not (_CONTEXT_PART.fullmatch(kind) and _CONTEXT_PART.fullmatch(ident)):
        raise ValueError(f"context must read '<entity_type>/<entity_id>', not {context!r}")
    return f"{kind}/{ident}"


def change_headers(
    base_change: int | None = None, changed_at: datetime | None = None
) -> dict[str, str | None]:
    """``X-Base-Change`` and ``X-Change-Timestamp`` of a personal-data write.

    Args:
        base_change: The change id the edit was made against (the last one pulled).
        changed_at: When the edit was made (timezone-aware); the server's time when
            omitted, which wins every conflict.

    Raises:
        TypeError: ``base_change`` is not an int, or ``changed_at`` is not an aware
            datetime.
        ValueError: ``base_change`` is negative or too long to write out (past
            ``sys.get_int_max_str_digits()``), or ``changed_at`` falls outside the
            years 1 to 9999 in UTC.
    """
    # optional_int refuses an int too long to write out (past sys.get_int_max_str_digits()).
    base = optional_int("base_change", base_change, minimum=0)
    return {
        "X-Base-Change": None if base is None else str(base),
        "X-Change-Timestamp": None
        if changed_at is None
        else format_datetime(changed_at, "changed_at"),
    }


class RangeArgs(ListArgs, total=False):
    """The keywords every Beat Technology list takes last, as ``**pages``.

    Without ``page_size`` and ``start`` the first request sends no ``Range``: the
    server answers its default window (10 to 1000 items, by resource) and the walk
    goes on in the unit and size it names. ``limit`` and ``options`` come from
    :class:`~beatkit._core.operation.ListArgs`.
    """

    page_size: int | None
    """Items per request (the server's default when omitted); any size whose window
    ends before position 10**18."""
    start: int | None
    """The position of the first item wanted (0-based); 0 when omitted."""


_LAST_POSITION: Final = 10**18 - 1
"""The last position a window may reach: ``Content-Range`` positions are read up to 18
digits (:func:`~beatkit._core.pagination.parse_content_range`), so a server's echo of a
longer window could not be read back."""


def ranged(
    key: str, items: str, pages: RangeArgs, query: Mapping[str, QueryValue] | None = None
) -> PagedCall:
    """The ``_list`` keywords of the Range-paged list ``key`` whose items sit under ``items``.

    The unit comes from the first answer; :data:`~beatkit.beattech.wire.RANGE_UNITS`
    names the unit a window is asked for in before that.

    Args:
        key: The list's ``PATHS`` key.
        items: The body's key holding the items (``"artists"``).
        pages: The method's ``**pages``.
        query: The list's query parameters.

    Raises:
        TypeError: A page value that is not an int, or an unknown keyword.
        ValueError: A page value out of range: ``page_size`` below 1, ``start`` below 0,
            or a first window reaching past position 10**18 - 1 (its ``Content-Range``
            could not be read back).
    """
    size = optional_int("page_size", pages.get("page_size"), minimum=1, maximum=_LAST_POSITION + 1)
    start = optional_int("start", pages.get("start"), minimum=0) or 0
    if start and start + (size or DEFAULT_RANGE_PAGE_SIZE) - 1 > _LAST_POSITION:
        raise ValueError(
            f"start {shown_number(start)} with page_size {size or DEFAULT_RANGE_PAGE_SIZE} "
            f"asks for a window past position {_LAST_POSITION}, the last a Content-Range can name"
        )
    paging = RangePaging(
        extract=items_in(items),
        fallback_unit=RANGE_UNITS[key],
        page_size=size,
        start=start,
    )
    return paged_call(paging, query or {}, pages, RangeArgs.__optional_keys__)


def every_window(
    items: str | Callable[[Any], Sequence[Any]],
    options: RequestOptions | None = None,
    query: Mapping[str, QueryValue] | None = None,
) -> PagedCall:
    """The ``_list`` keywords of a list the page shows as one answer, read to its end.

    Every list is Range-paged (L70-76: "List and search results are paginated", in
    windows of 10 to 1000 items by resource), also those the operation list pages
    nothing of (a release's editions, features, quotas...). Such a list is asked for
    as before, without ``Range``; a ``200`` without ``Content-Range`` is the whole
    list, and a ``206`` whose ``Content-Range`` names more items is followed to the
    end in the unit it names, never cut to its first window.

    Args:
        items: The body's key holding the items (``"releases"``), or a function that
            returns them from the body.
        options: The call's options.
        query: The list's query parameters.

    Raises:
        ConfigurationError: ``options.headers`` sets ``Range``: the call asks for
            each window itself (the header would replace every window's).
    """
    if isinstance(options, RequestOptions) and any(
        name.lower() == "range" for name in options.headers
    ):
        raise ConfigurationError(
            "RequestOptions.headers cannot set Range here: the call reads every window "
            "of the list itself and returns it whole"
        )
    extract = items_in(items) if isinstance(items, str) else items
    paging = RangePaging(extract=extract)
    return {"paging": paging, "params": query or {}, "limit": None, "options": options}


@frozen
class _RangeFilter:
    """A list whose ``Range`` header is a filter, not a window: one request, every match.

    The page's ``Range: release_number=<min>-<max>`` on a series' releases (L4790,
    L4869) selects releases by number; it is not a position in the list to continue
    from. A 416 (no release numbered so) is an empty list. An answer that shows the
    server did not read the filter (a window of another unit with more items before
    or after it, a 416 naming another unit, an item whose own ``release_number`` lies
    outside the bounds) is an error, not "every match".
    """

    extract: Callable[[Any], Sequence[Any]]
    header: str
    low: int
    """The filter's first number."""
    high: int
    """The filter's last number (included)."""
    name: str
    """The caller's argument (``release_numbers``), for errors."""

    @property
    def range_arguments(self) -> str:
        """What sets this list's ``Range`` (``release_numbers=``), for the pager's advice
        when a call's options set one."""
        return f"{self.name}="

    @property
    def unit(self) -> str:
        """The filter's unit (``release_number``)."""
        return self.header.partition("=")[0]

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        return with_range(op, self.header)

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        """Every match, in one answer.

        Items carrying the filter's field (``release_number``) are checked against
        the bounds; items without it, or with a value that is not a number, cannot be
        and are kept.

        Raises:
            PagingError: The answer is a window of another unit with more items
                before or after it: the server paged a list instead of filtering it,
                and the rest cannot be asked for (the ``Range`` header holds the
                filter). Or an item's own number lies outside the bounds: the server
                (or a proxy) ignored the filter and answered other items, whatever
                its ``Content-Range`` says.
        """
        items = self.extract(body)
        header = response.headers.get("content-range")
        if header is not None:
            answered = parse_content_range(header, allow_missing_length=True)
            # Another unit: only the whole list (0 to its last item) is every match.
            if not _same_unit(answered.unit, self.unit) and (
                answered.length is None
                or answered.first != 0
                or answered.last is None
                or answered.length > answered.last + 1
            ):
                raise PagingError(
                    f"sent Range: {self.header} (a filter), got Content-Range {header!r}: "
                    "one window of a longer list, not every match (page through the "
                    "list without the filter instead)"
                )
        for item in items:
            value = item.get(self.unit) if isinstance(item, Mapping) else None
            if _outside(value, self.low, self.high):
                got = "no Content-Range" if header is None else f"Content-Range {header!r}"
                raise PagingError(
                    f"sent Range: {self.header} (a filter), got {got} with an item of "
                    f"{self.unit} {_shown(value)}, outside it: the server (or a proxy) "
                    f"did not apply the filter (list without {self.name} and keep the "
                    f"items whose {self.unit} you want instead)"
                )
        return RawPage(items=items, total=len(items), next=None, rest=[])

    def end_on_range_not_satisfiable(
        self, op: Operation[Any], error: RangeNotSatisfiableError
    ) -> bool:
        """A 416 in the filter's unit (or without a ``Content-Range``) is "no match";
        one naming another unit says the server did not know the filter: raised."""
        if error.content_range is None:
            return True
        try:
            named = parse_content_range(error.content_range, allow_missing_length=True).unit
        except PagingError:
            return True
        return _same_unit(named, self.unit)


def _outside(value: Any, low: int, high: int) -> bool:
    """Whether an item's number is known to lie outside ``[low, high]``.

    An int, a finite float or a text of ASCII digits (a server may write numbers
    either way) is compared; anything else (missing, ``null``, a bool) is unknown.
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not low <= value <= high
    if isinstance(value, float):
        return math.isfinite(value) and not low <= value <= high
    if isinstance(value, str) and value.isascii() and value.isdigit():
        # Compared as digits (int() refuses texts past 4,300 of them): the longer
        # text is the larger number, and texts of one length compare as numbers do.
        digits = value.lstrip("0") or "0"
        lowest, highest = str(low), str(high)
        number = (len(digits), digits)
        return not (len(lowest), lowest) <= number <= (len(highest), highest)
    return False


def _shown(value: Any) -> str:
    # An int past 4,300 digits cannot be written with str().
    return shown_number(value) if isinstance(value, int) else str(value)[:40]


def _same_unit(one: str, other: str) -> bool:
    # Range units are case-insensitive (RFC 9110 14.1).
    return one.lower() == other.lower()


def range_filtered(
    items: str,
    unit: str,
    bounds: Any,
    pages: RangeArgs,
    query: Mapping[str, QueryValue] | None = None,
    name: str = "release_numbers",
) -> PagedCall:
    """The ``_list`` keywords of a list filtered by ``Range: <unit>=<min>-<max>``.

    Args:
        items: The body's key holding the items (``"releases"``).
        unit: The filter's unit (``"release_number"``).
        bounds: The caller's ``(min, max)``, both included.
        pages: The method's ``**pages``: ``limit`` and ``options`` only (the
            ``Range`` header is taken by the filter).
        query: The list's query parameters.
        name: The argument's name, for errors.

    Raises:
        TypeError: ``bounds`` is not a pair of ints, a page value is not an int, or an
            unknown keyword.
        ValueError: A negative bound, ``min > max``, ``max`` past 10**18 - 1 (the
            server's ``Content-Range`` echo could not be read back), or ``page_size`` /
            ``start`` given.
    """
    if isinstance(bounds, str | bytes) or not isinstance(bounds, Sequence) or len(bounds) != 2:
        raise TypeError(f"{name} must be a (min, max) pair of ints")
    low, high = (check_int(name, bound, minimum=0) for bound in bounds)
    if low > high:
        raise ValueError(f"{name}: min {shown_number(low)} is above max {shown_number(high)}")
    if high > _LAST_POSITION:
        # The server echoes the bounds in Content-Range, read up to 18 digits.
        raise ValueError(
            f"{name}: max {shown_number(high)} is past 10**18 - 1, the last number a "
            f"Content-Range can name (for every release from {low} on, pass "
            f"({low}, 10**18 - 1))"
        )
    for window in ("page_size", "start"):
        if pages.get(window) is not None:
            raise ValueError(f"{window} cannot be combined with {name}: the Range header filters")
    paging = _RangeFilter(
        extract=items_in(items), header=f"{unit}={low}-{high}", low=low, high=high, name=name
    )
    return paged_call(paging, query or {}, pages, RangeArgs.__optional_keys__)
