"""BeatConnect on the wire: the one table of its paths, its envelopes and its errors.

The vendor documents two success envelopes and both are read:

* ``{"status": "success", "data": {"beats": [...], "pagination": {...}}}``
  (objects as ``{"data": {"beat": {...}}}``), and
* ``{"success": true, "data": [...], "meta": {"page", "limit", "total"}}``
  (objects as ``{"success": true, "data": {...}}``).

Errors come as ``{"status": "error", "error": {"code", "message", "details"}}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.pagination import NextLinkPaging, PageData

__all__ = [
    "DEFAULT_BASE_URL",
    "ENV_API_KEY",
    "MAX_PER_PAGE",
    "MAX_SEARCH_PER_PAGE",
    "MAX_SIMILAR",
    "PATHS",
    "SPEC",
    "items_in",
    "object_in",
    "paged",
    "parse_error",
    "search_results",
]

DEFAULT_BASE_URL: Final = "https://api.beatconnectafrica.com/v1"
"""The production API root."""
ENV_API_KEY: Final = "BEATCONNECT_API_KEY"
"""The environment variable read when no ``api_key`` is passed."""

PATHS: Final[Mapping[str, str]] = {
    "beats.list": "GET /beats",
    "beats.get": "GET /beats/{beat_id}",
    "beats.similar": "GET /beats/{beat_id}/similar",
    "users.get": "GET /users/{user_id}",
    "genres.list": "GET /genres",
    "search": "GET /search",
    "orders.list": "GET /orders",
}
"""Every operation's method and path, relative to ``https://api.beatconnectafrica.com/v1``."""

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


def _data(body: Any) -> Any:
    """The payload of either success envelope."""
    if isinstance(body, Mapping) and (
        body.get("status") == "success" or body.get("success") is True
    ):
        return body["data"]
    raise ValueError("not a BeatConnect success envelope")


def object_in(key: str) -> Callable[[Any], Any]:
    """Reads ``data[key]`` in the standard envelope, ``data`` itself in the alternative one."""

    def unwrap(body: Any) -> Any:
        data = _data(body)
        if isinstance(data, Mapping) and isinstance(data.get(key), Mapping):
            return data[key]
        return data

    return unwrap


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


def items_in(key: str) -> Callable[[Any], Sequence[Any]]:
    """Reads the ``key`` list of a one-page answer in either envelope."""
    return lambda body: _page(body, key).items


def paged(key: str) -> NextLinkPaging:
    """The pager reading the ``key`` list of either envelope, by next link or page number."""
    return NextLinkPaging(extract=lambda body: _page(body, key))


def search_results(body: Any) -> dict[str, Any]:
    """Flatten a search body (either envelope) into the fields of :class:`SearchResults`."""
    data = _data(body)
    numbers = _numbers(body, data)
    del numbers["next_url"]
    return {**{k: v for k, v in data.items() if k != "pagination"}, **numbers}


SPEC: Final = ServiceSpec(name="beatconnect", parse_error=parse_error, routes=PATHS)
"""How the shared transport talks to BeatConnect."""
