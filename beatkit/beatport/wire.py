"""Every Beatport v4 operation as data, with the one table of its paths.

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
from typing import Any, Final, TypeVar

import attrs
import cattrs
import httpx
from attrs import frozen

from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.operation import Operation, QueryValue
from beatkit._core.pagination import NextLinkPaging, PageData, PagingError, RawPage
from beatkit._core.validate import check_choice, check_int, check_text
from beatkit.beatport.models import (
    Account,
    Artist,
    ArtistHit,
    Chart,
    ChartHit,
    ChordType,
    CurationPage,
    CurrentStatus,
    DownloadInfo,
    DownloadQuality,
    ExclusivePeriod,
    Genre,
    ItemType,
    Key,
    Label,
    LabelHit,
    MyBeatport,
    PageModuleStyle,
    PageModuleType,
    PageType,
    Playlist,
    PlaylistEntry,
    Release,
    ReleaseHit,
    SaleType,
    SearchResults,
    SearchType,
    SourceType,
    StreamInfo,
    SubGenre,
    Subscription,
    TokenIntrospection,
    Track,
    TrackHit,
    TrackOrder,
)
from beatkit.errors import APIError, QualityNotAvailableError, TerritoryRestrictedError

__all__ = [
    "MAX_PER_PAGE",
    "PATHS",
    "SPEC",
    "BeatportOperations",
    "SearchPaging",
    "DateFilter",
    "IdFilter",
    "IntFilter",
    "TextFilter",
    "parse_error",
    "parse_page_number",
]

T = TypeVar("T")

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
    "tracks.stream": "GET /catalog/tracks/{track_id}/stream/",
    "tracks.download": "GET /catalog/tracks/{track_id}/download/",
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
    # Auxiliary lookup tables.
    "auxiliary.current_status": "GET /auxiliary/current-status/{status_id}/",
    "auxiliary.sale_type": "GET /auxiliary/sale-types/{sale_type_id}/",
    "auxiliary.exclusive_period": "GET /auxiliary/exclusive-period/{period_id}/",
    "auxiliary.item_types": "GET /auxiliary/item-types/",
    "auxiliary.page_module_types": "GET /auxiliary/page-module-types/",
    "auxiliary.page_types": "GET /auxiliary/page-types/",
    "auxiliary.source_types": "GET /auxiliary/source-types/",
    # Curation.
    "curation.pages": "GET /curation/pages/",
    "curation.page_module_styles": "GET /curation/page-module-styles/",
    # The logged-in user.
    "my.account": "GET /my/account/",
    "my.beatport": "GET /my/beatport/",
    "my.beatport_tracks": "GET /my/beatport/tracks/",
    # No trailing slash, as the source writes it.
    "my.subscriptions": "GET /my/subscriptions",
}
"""Every path of the API, relative to ``https://api.beatport.com/v4`` (or the internal host)."""

MAX_PER_PAGE: Final = 100
"""The largest ``per_page`` Beatport accepts."""
TOP_10: Final = 10
TOP_100: Final = 100

IdFilter = int | Sequence[int]
"""One id, or several (matched with OR)."""
TextFilter = str | Sequence[str]
"""One text, or several (matched with OR)."""
IntFilter = int | tuple[int | None, int | None]
"""An exact value, or an inclusive ``(low, high)`` range with either end open (``None``)."""
DateFilter = date | tuple[date | None, date | None]
"""An exact date, or an inclusive ``(first, last)`` range with either end open (``None``)."""

_TERRITORY_RESTRICTED = "territory restricted"
_QUALITY_NOT_AVAILABLE = "requested quality is not available"


# --- errors --------------------------------------------------------------------------------


def _messages(value: Any) -> list[str] | None:
    """A DRF message list (``["Enter a number."]``), or ``None`` for anything else."""
    if isinstance(value, str) and value:
        return [value]
    if isinstance(value, list) and value and all(isinstance(m, str) for m in value):
        return list(value)
    return None


def parse_error(status: int, body: Any) -> ErrorInfo | None:
    """Read a Beatport error body.

    * ``{"detail": "..."}``: the message; a 403 ``"Territory Restricted."`` raises
      :class:`~beatkit.errors.TerritoryRestrictedError`, other 403s (such as a
      subscription tier's ``"You do not have permission to perform this
      action."``) :class:`~beatkit.errors.PermissionDeniedError`; a 400
      ``"Requested quality is not available."``
      :class:`~beatkit.errors.QualityNotAvailableError` (code
      ``"quality_not_available"``).
    * ``{"error": "invalid_client", "error_description": "..."}``: OAuth; the
      code is ``error``.
    * ``{"id": ["Enter a number."]}``: field errors, joined into the message and
      kept as ``field_errors`` and ``details`` (``{field: [message, ...]}``).

    Args:
        status: The HTTP status.
        body: The parsed JSON body (or text).

    Returns:
        What the body says, or ``None`` when it is not a Beatport error body.
    """
    if isinstance(body, list):
        messages = _messages(body)
        return None if messages is None else ErrorInfo(message=" ".join(messages))
    if not isinstance(body, Mapping):
        return None
    code = body.get("code")
    detail = _messages(body.get("detail"))
    if detail is not None:
        message = " ".join(detail)
        error = body.get("error")
        if not isinstance(code, str):
            code = error if isinstance(error, str) and error else None
        said = message.strip().rstrip(".").lower()
        error_class: type[APIError] | None = None
        if status == 403 and said == _TERRITORY_RESTRICTED:
            error_class = TerritoryRestrictedError
        elif status == 400 and said == _QUALITY_NOT_AVAILABLE:
            error_class = QualityNotAvailableError
            code = code or "quality_not_available"
        return ErrorInfo(message=message, code=code, error_class=error_class)
    error = body.get("error")
    if isinstance(error, str) and error:
        description = body.get("error_description")
        text = description if isinstance(description, str) and description else error
        return ErrorInfo(message=text, code=error)
    fields = {key: msgs for key, value in body.items() if (msgs := _messages(value)) is not None}
    if fields:
        parts = [
            " ".join(msgs) if key == "non_field_errors" else f"{key}: {' '.join(msgs)}"
            for key, msgs in fields.items()
        ]
        return ErrorInfo(message="; ".join(parts), details=fields, kwargs={"field_errors": fields})
    return None


SPEC: Final = ServiceSpec(name="beatport", parse_error=parse_error, routes=PATHS)
"""How the shared transport talks to Beatport."""


# --- pages ---------------------------------------------------------------------------------


def parse_page_number(value: Any) -> tuple[int | None, int | None]:
    """Read a page's ``page`` field: ``3`` or ``"3"`` -> ``(3, None)``, ``"3/7"`` -> ``(3, 7)``.

    Args:
        value: The field as sent (``None`` when absent).

    Returns:
        This page's number and the last page's number, each ``None`` when unknown.

    Raises:
        PagingError: The value is of neither form.
    """
    if value is None:
        return None, None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value, None
    if isinstance(value, str):
        number, slash, last = value.strip().partition("/")
        if number.isdigit() and int(number) >= 1:
            if not slash:
                return int(number), None
            if last.isdigit() and int(last) >= 1:
                return int(number), int(last)
    raise PagingError(f"unreadable page number {value!r}: expected N or 'N/M'")


def _optional_int(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise PagingError(f"{key} must be an integer, got {value!r}")
    return value


def _page_data(numbers: Mapping[str, Any], items: Sequence[Any]) -> PageData:
    """Paging numbers of one DRF page (``numbers`` holds next/count/page/per_page)."""
    total = _optional_int(numbers, "count")
    if "next" in numbers:
        # The link is the API's own word on whether more follows: numbers are not
        # needed, and a top-10 list with a large count must not be walked further.
        link = numbers["next"]
        if link is not None and not isinstance(link, str):
            raise PagingError(f"next must be a URL or null, got {link!r}")
        return PageData(items=items, total=total, next_url=link or None)
    page, last = parse_page_number(numbers.get("page"))
    per_page = _optional_int(numbers, "per_page")
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


@frozen(kw_only=True)
class SearchPaging:
    """Pages of one search type.

    When the body gives a ``next`` link or page numbers (in the type's block or at
    the top), they are followed. The documented body gives neither
    (``{"tracks": {"data": [...]}}``), so then a full page means another may
    follow: the next page is asked for until one comes back short or empty. The
    first page's size stands for ``per_page`` when the caller did not set one.
    """

    kind: str
    """The search type (``"tracks"``...)."""

    def prepare(self, op: Operation[Any]) -> Operation[Any]:
        """The first page's request (unchanged)."""
        return op

    def read(self, op: Operation[Any], response: httpx.Response, body: Any) -> RawPage:
        """Read one page answered to ``op``."""
        items, numbers = _search_block(body, self.kind)
        if any(key in numbers for key in ("next", "page")):
            return NextLinkPaging(extract=lambda b: _search_page(b, self.kind)).read(
                op, response, body
            )
        total = _optional_int(numbers, "count")
        requested = op.params.get("per_page")
        size = requested if isinstance(requested, int) else len(items)
        nxt = None
        if items and len(items) >= size:
            page = op.params.get("page")
            number = page if isinstance(page, int) else 1
            nxt = attrs.evolve(op, params={**op.params, "page": number + 1, "per_page": size})
        return RawPage(items=items, total=total, next=nxt)

    def end_on_range_not_satisfiable(self) -> bool:
        """A 416 is an error here."""
        return False


def _items(body: Any) -> Sequence[Any]:
    """The items of a short list answered in one go (a page or a bare list)."""
    return _list_page(body).items


# --- argument checks -----------------------------------------------------------------------


def _page_params(page: int | None, per_page: int | None) -> dict[str, QueryValue]:
    return {
        "page": None if page is None else check_int("page", page, minimum=1),
        "per_page": None
        if per_page is None
        else check_int("per_page", per_page, minimum=1, maximum=MAX_PER_PAGE),
    }


def _id(name: str, value: Any) -> int:
    return check_int(name, value, minimum=1)


def _ids(name: str, value: IdFilter | None) -> QueryValue:
    if value is None:
        return None
    if isinstance(value, int | str | bytes):
        return _id(name, value)
    if not isinstance(value, Sequence):
        raise TypeError(f"{name} must be an int or a sequence of ints")
    if not value:
        raise ValueError(f"{name} must not be empty")
    return [_id(name, v) for v in value]


def _texts(name: str, value: TextFilter | None) -> QueryValue:
    if value is None:
        return None
    if isinstance(value, str):
        text = check_text(name, value)
        if "," in text:
            # A comma separates OR alternatives in Beatport's filters.
            raise ValueError(f"{name} must not contain a comma: pass a list for several values")
        return text
    if not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a str or a sequence of str")
    if not value:
        raise ValueError(f"{name} must not be empty")
    return [str(_texts(name, v)) for v in value]


def _range_text(name: str, value: Any, one: Callable[[str, Any], str]) -> str:
    """An exact value or Beatport's slice syntax ``low:high`` (either end may be open)."""
    if isinstance(value, tuple):
        if len(value) != 2 or value == (None, None):
            raise ValueError(f"{name} range must be (low, high) with at least one end")
        low, high = (None if v is None else one(name, v) for v in value)
        return f"{low or ''}:{high or ''}"
    return one(name, value)


def _int_text(name: str, value: Any) -> str:
    return str(check_int(name, value, minimum=0))


def _date_text(name: str, value: Any) -> str:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date (or a (first, last) tuple of dates)")
    return value.isoformat()


# --- the operations ------------------------------------------------------------------------


class BeatportOperations:
    """Builds :class:`~beatkit._core.operation.Operation` values for each endpoint.

    Arguments are checked here, before anything is sent: a wrong type raises
    ``TypeError``, an out-of-range value ``ValueError``.

    Args:
        converter: The converter that turns JSON into models.
    """

    def __init__(self, converter: cattrs.Converter) -> None:
        self._conv = converter

    def _one(self, cls: type[T]) -> Callable[[Any], T]:
        structure = self._conv.structure
        return lambda raw: structure(raw, cls)

    def _get(self, name: str, cls: type[T], **path_params: int) -> Operation[T]:
        return Operation(
            name=name,
            method="GET",
            path=PATHS[name],
            path_params={key: _id(key, value) for key, value in path_params.items()},
            decode=self._one(cls),
        )

    def _paged(
        self,
        name: str,
        cls: type[T],
        *,
        page: int | None,
        per_page: int | None,
        params: Mapping[str, QueryValue] | None = None,
        **path_params: int,
    ) -> Operation[T]:
        return Operation(
            name=name,
            method="GET",
            path=PATHS[name],
            path_params={key: _id(key, value) for key, value in path_params.items()},
            params={**(params or {}), **_page_params(page, per_page)},
            decode=self._one(cls),
            paging=NextLinkPaging(extract=_list_page),
        )

    def _top(
        self, name: str, list_type: type[list[T]], count: int, **path_params: int
    ) -> Operation[list[T]]:
        structure = self._conv.structure
        return Operation(
            name=name,
            method="GET",
            path=PATHS[name],
            path_params={key: _id(key, value) for key, value in path_params.items()},
            params={"per_page": count},
            decode=lambda body: structure(list(_items(body)), list_type),
        )

    # auth

    def introspect(self) -> Operation[TokenIntrospection]:
        """``GET /auth/o/introspect/``: what the server says about the current token."""
        return Operation(
            name="auth.introspect",
            method="GET",
            path=PATHS["auth.introspect"],
            decode=self._one(TokenIntrospection),
        )

    # tracks

    def list_tracks(
        self,
        *,
        isrc: TextFilter | None = None,
        name: TextFilter | None = None,
        mix_name: TextFilter | None = None,
        artist_id: IdFilter | None = None,
        artist_name: TextFilter | None = None,
        label_id: IdFilter | None = None,
        label_name: TextFilter | None = None,
        release_id: IdFilter | None = None,
        genre_id: IdFilter | None = None,
        sub_genre_id: IdFilter | None = None,
        key_id: IdFilter | None = None,
        catalog_number: TextFilter | None = None,
        bpm: IntFilter | None = None,
        publish_date: DateFilter | None = None,
        order_by: TrackOrder | str | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Operation[Track]:
        """``GET /catalog/tracks/``: filtered, ordered, paged."""
        params: dict[str, QueryValue] = {
            "isrc": _texts("isrc", isrc),
            "name": _texts("name", name),
            "mix_name": _texts("mix_name", mix_name),
            "artist_id": _ids("artist_id", artist_id),
            "artist_name": _texts("artist_name", artist_name),
            "label_id": _ids("label_id", label_id),
            "label_name": _texts("label_name", label_name),
            "release_id": _ids("release_id", release_id),
            "genre_id": _ids("genre_id", genre_id),
            "sub_genre_id": _ids("sub_genre_id", sub_genre_id),
            "key_id": _ids("key_id", key_id),
            "catalog_number": _texts("catalog_number", catalog_number),
            "bpm": None if bpm is None else _range_text("bpm", bpm, _int_text),
            "publish_date": None
            if publish_date is None
            else _range_text("publish_date", publish_date, _date_text),
            "order_by": None
            if order_by is None
            else check_choice("order_by", order_by, [o.value for o in TrackOrder]),
        }
        return self._paged("tracks.list", Track, page=page, per_page=per_page, params=params)

    def get_track(self, track_id: int) -> Operation[Track]:
        """``GET /catalog/tracks/{id}/``."""
        return self._get("tracks.get", Track, track_id=track_id)

    def top_tracks(
        self, genre_id: int, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[Track]:
        """``GET /catalog/tracks/top/{genre_id}/``: a genre's top tracks, paged."""
        return self._paged("tracks.top", Track, page=page, per_page=per_page, genre_id=genre_id)

    def track_stream(self, track_id: int) -> Operation[StreamInfo]:
        """``GET /catalog/tracks/{id}/stream/``: the signed HLS URL of the whole track."""
        return self._get("tracks.stream", StreamInfo, track_id=track_id)

    def track_download(
        self, track_id: int, quality: DownloadQuality | str = DownloadQuality.MEDIUM
    ) -> Operation[DownloadInfo]:
        """``GET /catalog/tracks/{id}/download/?quality=``: medium, high or lossless."""
        choice = check_choice("quality", quality, [q.value for q in DownloadQuality])
        op = self._get("tracks.download", DownloadInfo, track_id=track_id)
        return attrs.evolve(op, params={"quality": choice})

    # artists

    def get_artist(self, artist_id: int) -> Operation[Artist]:
        """``GET /catalog/artists/{id}/``."""
        return self._get("artists.get", Artist, artist_id=artist_id)

    def artist_tracks(
        self, artist_id: int, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[Track]:
        """``GET /catalog/artists/{id}/tracks/``: paged."""
        return self._paged(
            "artists.tracks", Track, page=page, per_page=per_page, artist_id=artist_id
        )

    def artist_top10(self, artist_id: int) -> Operation[list[Track]]:
        """``GET /catalog/artists/{id}/top-10-tracks/?per_page=10``."""
        return self._top("artists.top10", list[Track], TOP_10, artist_id=artist_id)

    # labels

    def get_label(self, label_id: int) -> Operation[Label]:
        """``GET /catalog/labels/{id}/``."""
        return self._get("labels.get", Label, label_id=label_id)

    def label_releases(
        self, label_id: int, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[Release]:
        """``GET /catalog/labels/{id}/releases/``: paged."""
        return self._paged(
            "labels.releases", Release, page=page, per_page=per_page, label_id=label_id
        )

    def label_top10(self, label_id: int) -> Operation[list[Track]]:
        """``GET /catalog/labels/{id}/top-10-tracks/?per_page=10``."""
        return self._top("labels.top10", list[Track], TOP_10, label_id=label_id)

    # releases

    def get_release(self, release_id: int) -> Operation[Release]:
        """``GET /catalog/releases/{id}/``."""
        return self._get("releases.get", Release, release_id=release_id)

    def release_tracks(
        self, release_id: int, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[Track]:
        """``GET /catalog/releases/{id}/tracks/``: paged."""
        return self._paged(
            "releases.tracks", Track, page=page, per_page=per_page, release_id=release_id
        )

    # genres and sub-genres

    def list_genres(
        self, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[Genre]:
        """``GET /catalog/genres/``: paged."""
        return self._paged("genres.list", Genre, page=page, per_page=per_page)

    def get_genre(self, genre_id: int) -> Operation[Genre]:
        """``GET /catalog/genres/{id}/``."""
        return self._get("genres.get", Genre, genre_id=genre_id)

    def genre_top10_tracks(self, genre_id: int) -> Operation[list[Track]]:
        """``GET /catalog/genres/{id}/top-10-tracks/?per_page=10``."""
        return self._top("genres.top10_tracks", list[Track], TOP_10, genre_id=genre_id)

    def genre_top10_releases(self, genre_id: int) -> Operation[list[Release]]:
        """``GET /catalog/genres/{id}/top-10-releases?per_page=10``."""
        return self._top("genres.top10_releases", list[Release], TOP_10, genre_id=genre_id)

    def genre_top100(
        self, genre_id: int, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[Track]:
        """``GET /catalog/genres/{id}/top/100/``: paged (100 per page unless told)."""
        return self._paged(
            "genres.top100",
            Track,
            page=page,
            per_page=TOP_100 if per_page is None else per_page,
            genre_id=genre_id,
        )

    def get_sub_genre(self, sub_genre_id: int) -> Operation[SubGenre]:
        """``GET /catalog/sub-genres/{id}/``."""
        return self._get("sub_genres.get", SubGenre, sub_genre_id=sub_genre_id)

    # charts and playlists

    def list_charts(
        self,
        *,
        genre_id: IdFilter | None = None,
        name: TextFilter | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> Operation[Chart]:
        """``GET /catalog/charts/``: optionally by genre or name, paged."""
        params: dict[str, QueryValue] = {
            "genre_id": _ids("genre_id", genre_id),
            "name": _texts("name", name),
        }
        return self._paged("charts.list", Chart, page=page, per_page=per_page, params=params)

    def get_chart(self, chart_id: int) -> Operation[Chart]:
        """``GET /catalog/charts/{id}/``."""
        return self._get("charts.get", Chart, chart_id=chart_id)

    def chart_tracks(
        self, chart_id: int, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[Track]:
        """``GET /catalog/charts/{id}/tracks/``: paged."""
        return self._paged("charts.tracks", Track, page=page, per_page=per_page, chart_id=chart_id)

    def get_playlist(self, playlist_id: int) -> Operation[Playlist]:
        """``GET /catalog/playlists/{id}/``."""
        return self._get("playlists.get", Playlist, playlist_id=playlist_id)

    def playlist_tracks(
        self, playlist_id: int, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[PlaylistEntry]:
        """``GET /catalog/playlists/{id}/tracks/``: paged entries (``{id, position, track}``).

        A bare track as an item (the consolidated write-up's "paginated tracks") is
        read as an entry without id or position.
        """
        op = self._paged(
            "playlists.tracks", PlaylistEntry, page=page, per_page=per_page, playlist_id=playlist_id
        )
        structure = self._conv.structure

        def decode(raw: Any) -> PlaylistEntry:
            if isinstance(raw, Mapping) and "track" not in raw and "name" in raw:
                return PlaylistEntry(track=structure(raw, Track))
            return structure(raw, PlaylistEntry)

        return attrs.evolve(op, decode=decode)

    # keys and chord types

    def get_key(self, key_id: int) -> Operation[Key]:
        """``GET /catalog/keys/{id}/``."""
        return self._get("keys.get", Key, key_id=key_id)

    def get_chord_type(self, chord_type_id: int) -> Operation[ChordType]:
        """``GET /catalog/chord-types/{id}/``."""
        return self._get("chord_types.get", ChordType, chord_type_id=chord_type_id)

    # search

    def _search_params(
        self, q: str, kind: SearchType | None, page: int | None, per_page: int | None
    ) -> dict[str, QueryValue]:
        return {
            "q": check_text("q", q),
            "type": None if kind is None else str(kind),
            **_page_params(page, per_page),
        }

    def search(
        self, q: str, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[SearchResults]:
        """``GET /catalog/search/?q=``: one page of every type."""
        structure = self._conv.structure

        def decode(body: Any) -> SearchResults:
            blocks = {str(kind): _search_block(body, str(kind))[0] for kind in SearchType}
            return structure(blocks, SearchResults)

        return Operation(
            name="search",
            method="GET",
            path=PATHS["search"],
            params=self._search_params(q, None, page, per_page),
            decode=decode,
        )

    def _search_type(
        self,
        q: str,
        kind: SearchType,
        item_type: Any,
        *,
        page: int | None,
        per_page: int | None,
    ) -> Operation[Any]:
        """``GET /catalog/search/?q=&type=<kind>``: paged over that type's results."""
        key = str(kind)
        structure = self._conv.structure
        return Operation(
            name=f"search.{key}",
            method="GET",
            path=PATHS["search"],
            params=self._search_params(q, kind, page, per_page),
            decode=lambda raw: structure(raw, item_type),
            paging=SearchPaging(kind=key),
        )

    def search_tracks(
        self, q: str, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[TrackHit | Track]:
        """``GET /catalog/search/?type=tracks``: paged."""
        return self._search_type(
            q, SearchType.TRACKS, TrackHit | Track, page=page, per_page=per_page
        )

    def search_artists(
        self, q: str, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[ArtistHit | Artist]:
        """``GET /catalog/search/?type=artists``: paged."""
        return self._search_type(
            q, SearchType.ARTISTS, ArtistHit | Artist, page=page, per_page=per_page
        )

    def search_labels(
        self, q: str, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[LabelHit | Label]:
        """``GET /catalog/search/?type=labels``: paged."""
        return self._search_type(
            q, SearchType.LABELS, LabelHit | Label, page=page, per_page=per_page
        )

    def search_releases(
        self, q: str, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[ReleaseHit | Release]:
        """``GET /catalog/search/?type=releases``: paged."""
        return self._search_type(
            q, SearchType.RELEASES, ReleaseHit | Release, page=page, per_page=per_page
        )

    def search_charts(
        self, q: str, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[ChartHit | Chart]:
        """``GET /catalog/search/?type=charts``: paged."""
        return self._search_type(
            q, SearchType.CHARTS, ChartHit | Chart, page=page, per_page=per_page
        )

    # auxiliary and curation

    def current_status(self, status_id: int) -> Operation[CurrentStatus]:
        """``GET /auxiliary/current-status/{id}/``."""
        return self._get("auxiliary.current_status", CurrentStatus, status_id=status_id)

    def sale_type(self, sale_type_id: int) -> Operation[SaleType]:
        """``GET /auxiliary/sale-types/{id}/``."""
        return self._get("auxiliary.sale_type", SaleType, sale_type_id=sale_type_id)

    def exclusive_period(self, period_id: int) -> Operation[ExclusivePeriod]:
        """``GET /auxiliary/exclusive-period/{id}/``."""
        return self._get("auxiliary.exclusive_period", ExclusivePeriod, period_id=period_id)

    def item_types(
        self, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[ItemType]:
        """``GET /auxiliary/item-types/``: paged."""
        return self._paged("auxiliary.item_types", ItemType, page=page, per_page=per_page)

    def page_module_types(
        self, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[PageModuleType]:
        """``GET /auxiliary/page-module-types/``: paged."""
        return self._paged(
            "auxiliary.page_module_types", PageModuleType, page=page, per_page=per_page
        )

    def page_types(
        self, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[PageType]:
        """``GET /auxiliary/page-types/``: paged."""
        return self._paged("auxiliary.page_types", PageType, page=page, per_page=per_page)

    def source_types(
        self, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[SourceType]:
        """``GET /auxiliary/source-types/``: paged."""
        return self._paged("auxiliary.source_types", SourceType, page=page, per_page=per_page)

    def curation_pages(
        self, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[CurationPage]:
        """``GET /curation/pages/``: paged."""
        return self._paged("curation.pages", CurationPage, page=page, per_page=per_page)

    def page_module_styles(
        self, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[PageModuleStyle]:
        """``GET /curation/page-module-styles/``: paged."""
        return self._paged(
            "curation.page_module_styles", PageModuleStyle, page=page, per_page=per_page
        )

    # the logged-in user

    def my_account(self) -> Operation[Account]:
        """``GET /my/account/``."""
        return self._get("my.account", Account)

    def my_beatport(self) -> Operation[MyBeatport]:
        """``GET /my/beatport/``: followed artists and labels."""
        return self._get("my.beatport", MyBeatport)

    def my_beatport_tracks(
        self, *, page: int | None = None, per_page: int | None = None
    ) -> Operation[Track]:
        """``GET /my/beatport/tracks/``: new tracks from what the user follows, paged."""
        return self._paged("my.beatport_tracks", Track, page=page, per_page=per_page)

    def my_subscriptions(self) -> Operation[list[Subscription]]:
        """``GET /my/subscriptions``: a list, a page, or one object, read alike."""
        structure = self._conv.structure

        def decode(body: Any) -> list[Subscription]:
            if isinstance(body, Mapping) and not isinstance(body.get("results"), list):
                return [structure(body, Subscription)]
            return structure(list(_items(body)), list[Subscription])

        return Operation(
            name="my.subscriptions",
            method="GET",
            path=PATHS["my.subscriptions"],
            decode=decode,
        )
