"""Every BeatConnect operation as data, with the one table of its paths.

The vendor documents two success envelopes and both are read:

* ``{"status": "success", "data": {"beats": [...], "pagination": {...}}}``
  (objects as ``{"data": {"beat": {...}}}``), and
* ``{"success": true, "data": [...], "meta": {"page", "limit", "total"}}``
  (objects as ``{"success": true, "data": {...}}``).

Errors come as ``{"status": "error", "error": {"code", "message", "details"}}``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final, TypeVar

import cattrs

from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.pagination import NextLinkPaging, PageData
from beatkit._core.validate import check_choice, check_int, check_text
from beatkit.beatconnect.models import (
    Beat,
    BeatSort,
    Genre,
    Order,
    OrderStatus,
    SearchResults,
    SearchType,
    User,
)

__all__ = ["PATHS", "SPEC", "BeatConnectOperations", "parse_error"]

T = TypeVar("T")

PATHS: Final[Mapping[str, str]] = {
    "beats.list": "/beats",
    "beats.get": "/beats/{beat_id}",
    "beats.similar": "/beats/{beat_id}/similar",
    "users.get": "/users/{user_id}",
    "genres.list": "/genres",
    "search": "/search",
    "orders.list": "/orders",
}
"""Every path of the API, relative to ``https://api.beatconnectafrica.com/v1``."""

MAX_PER_PAGE: Final = 100
MAX_SEARCH_PER_PAGE: Final = 50
MAX_SIMILAR: Final = 20


def parse_error(status: int, body: Any) -> ErrorInfo | None:
    """Read ``{"status": "error", "error": {"code", "message", "details"}}``."""
    if not isinstance(body, Mapping):
        return None
    error = body.get("error")
    if isinstance(error, Mapping):
        message = error.get("message")
        code = error.get("code")
        return ErrorInfo(
            message=message if isinstance(message, str) and message else f"HTTP {status}",
            code=code if isinstance(code, str) else None,
            details=error.get("details"),
        )
    message = body.get("message")
    if isinstance(message, str) and message:
        return ErrorInfo(message=message)
    return None


SPEC: Final = ServiceSpec(name="beatconnect", parse_error=parse_error)
"""How the shared transport talks to BeatConnect."""


def _data(body: Any) -> Any:
    """The payload of either success envelope."""
    if isinstance(body, Mapping) and (
        body.get("status") == "success" or body.get("success") is True
    ):
        return body["data"]
    raise ValueError("not a BeatConnect success envelope")


def _object(body: Any, key: str) -> Any:
    """``data[key]`` in the standard envelope, ``data`` itself in the alternative one."""
    data = _data(body)
    if isinstance(data, Mapping) and isinstance(data.get(key), Mapping):
        return data[key]
    return data


def _numbers(body: Mapping[str, Any], data: Any) -> dict[str, Any]:
    """Total, page, last page and next link from either envelope's pagination block."""
    meta = body.get("meta")
    if isinstance(meta, Mapping):
        page, per_page, total = int(meta["page"]), int(meta["limit"]), int(meta["total"])
        last = max(1, math.ceil(total / per_page)) if per_page > 0 else page
        return {"total": total, "page": page, "last_page": last, "next_url": None}
    pagination = (data.get("pagination") if isinstance(data, Mapping) else None) or {}
    return {
        "total": pagination.get("total"),
        "page": pagination.get("current_page"),
        "last_page": pagination.get("last_page"),
        "next_url": pagination.get("next_page_url"),
    }


def _page(body: Any, key: str) -> PageData:
    """A list page in either envelope."""
    data = _data(body)
    if isinstance(data, Sequence) and not isinstance(data, str):
        items: Sequence[Any] = data
    else:
        items = data[key]
    return PageData(items=items, **_numbers(body, data))


def _search_results(body: Any) -> dict[str, Any]:
    """Flatten a search body (either envelope) into the fields of :class:`SearchResults`."""
    data = _data(body)
    numbers = _numbers(body, data)
    del numbers["next_url"]
    return {**{k: v for k, v in data.items() if k != "pagination"}, **numbers}


class BeatConnectOperations:
    """Builds :class:`~beatkit._core.operation.Operation` values for each endpoint.

    Arguments are checked here, before anything is sent: a wrong type raises
    ``TypeError``, an out-of-range value ``ValueError``.

    Args:
        converter: The converter that turns JSON into models.
    """

    def __init__(self, converter: cattrs.Converter) -> None:
        self._conv = converter

    def _structure(self, cls: type[T]) -> Any:
        structure = self._conv.structure
        return lambda raw: structure(raw, cls)

    def _paging(self, key: str) -> NextLinkPaging:
        return NextLinkPaging(extract=lambda body: _page(body, key))

    def list_beats(
        self,
        *,
        genre: int | None,
        producer: int | None,
        sort: BeatSort | str | None,
        page: int | None,
        per_page: int | None,
    ) -> Operation[Beat]:
        """``GET /beats``: paged by next link."""
        return Operation(
            name="beats.list",
            method="GET",
            path=PATHS["beats.list"],
            params={
                "page": None if page is None else check_int("page", page, minimum=1),
                "limit": None
                if per_page is None
                else check_int("per_page", per_page, minimum=1, maximum=MAX_PER_PAGE),
                "genre": None if genre is None else check_int("genre", genre, minimum=1),
                "producer": None
                if producer is None
                else check_int("producer", producer, minimum=1),
                "sort": None
                if sort is None
                else check_choice("sort", sort, [s.value for s in BeatSort]),
            },
            decode=self._structure(Beat),
            paging=self._paging("beats"),
        )

    def get_beat(self, beat_id: int) -> Operation[Beat]:
        """``GET /beats/{beat_id}``."""
        return Operation(
            name="beats.get",
            method="GET",
            path=PATHS["beats.get"],
            path_params={"beat_id": check_int("beat_id", beat_id, minimum=1)},
            decode=lambda body: self._conv.structure(_object(body, "beat"), Beat),
        )

    def similar_beats(self, beat_id: int, *, limit: int | None) -> Operation[list[Beat]]:
        """``GET /beats/{beat_id}/similar``."""
        return Operation(
            name="beats.similar",
            method="GET",
            path=PATHS["beats.similar"],
            path_params={"beat_id": check_int("beat_id", beat_id, minimum=1)},
            params={
                "limit": None
                if limit is None
                else check_int("limit", limit, minimum=1, maximum=MAX_SIMILAR)
            },
            decode=lambda body: self._conv.structure(_page(body, "beats").items, list[Beat]),
        )

    def get_user(self, user_id: int) -> Operation[User]:
        """``GET /users/{user_id}``."""
        return Operation(
            name="users.get",
            method="GET",
            path=PATHS["users.get"],
            path_params={"user_id": check_int("user_id", user_id, minimum=1)},
            decode=lambda body: self._conv.structure(_object(body, "user"), User),
        )

    def list_genres(self) -> Operation[list[Genre]]:
        """``GET /genres``: every genre in one answer."""
        return Operation(
            name="genres.list",
            method="GET",
            path=PATHS["genres.list"],
            decode=lambda body: self._conv.structure(_page(body, "genres").items, list[Genre]),
        )

    def _search_params(
        self, q: str, type: SearchType | str, page: int | None, per_page: int | None
    ) -> dict[str, Any]:
        return {
            "q": check_text("q", q),
            "type": check_choice("type", type, [t.value for t in SearchType]),
            "page": None if page is None else check_int("page", page, minimum=1),
            "limit": None
            if per_page is None
            else check_int("per_page", per_page, minimum=1, maximum=MAX_SEARCH_PER_PAGE),
        }

    def search(
        self, q: str, *, type: SearchType | str, page: int | None, per_page: int | None
    ) -> Operation[SearchResults]:
        """``GET /search``: one page of results of every requested kind."""
        return Operation(
            name="search",
            method="GET",
            path=PATHS["search"],
            params=self._search_params(q, type, page, per_page),
            decode=lambda body: self._conv.structure(_search_results(body), SearchResults),
        )

    def _search_kind(
        self, q: str, kind: SearchType, cls: type[T], *, page: int | None, per_page: int | None
    ) -> Operation[T]:
        """``GET /search?type=<kind>``, paged over the one list that kind returns."""
        key = str(kind)
        return Operation(
            name=f"search.{key}",
            method="GET",
            path=PATHS["search"],
            params=self._search_params(q, kind, page, per_page),
            decode=self._structure(cls),
            paging=self._paging(key),
        )

    def search_beats(self, q: str, *, page: int | None, per_page: int | None) -> Operation[Beat]:
        """``GET /search?type=beats``: paged."""
        return self._search_kind(q, SearchType.BEATS, Beat, page=page, per_page=per_page)

    def search_producers(
        self, q: str, *, page: int | None, per_page: int | None
    ) -> Operation[User]:
        """``GET /search?type=producers``: paged."""
        return self._search_kind(q, SearchType.PRODUCERS, User, page=page, per_page=per_page)

    def list_orders(
        self, *, status: OrderStatus | str | None, page: int | None, per_page: int | None
    ) -> Operation[Order]:
        """``GET /orders``: the authenticated user's orders, paged."""
        return Operation(
            name="orders.list",
            method="GET",
            path=PATHS["orders.list"],
            params={
                "status": None
                if status is None
                else check_choice("status", status, [s.value for s in OrderStatus]),
                "page": None if page is None else check_int("page", page, minimum=1),
                "limit": None
                if per_page is None
                else check_int("per_page", per_page, minimum=1, maximum=MAX_PER_PAGE),
            },
            decode=self._structure(Order),
            paging=self._paging("orders"),
        )
