"""BeatConnect on the wire: the one table of its paths, its envelopes and its errors.

The vendor documents two success envelopes and both are read:

* ``{"status": "success", "data": {"beats": [...], "pagination": {...}}}``
  (objects as ``{"data": {"beat": {...}}}``), and
* ``{"success": true, "data": [...], "meta": {"page", "limit", "total"}}``
  (objects as ``{"success": true, "data": {...}}``).

Errors come as ``{"status": "error", "error": {"code", "message", "details"}}``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.json_values import json_type
from beatkit._core.operation import ListArgs, PagedCall, QueryValue, paged_call
from beatkit._core.pagination import NextLinkPaging, PageData, page_count
from beatkit._core.params import optional_int
from beatkit._core.validate import bearer_token_problem
from beatkit.errors import ConfigurationError

__all__ = [
    "DEFAULT_BASE_URL",
    "ENV_API_KEY",
    "MAX_PER_PAGE",
    "MAX_SEARCH_PER_PAGE",
    "MAX_SIMILAR",
    "PATHS",
    "SPEC",
    "PageArgs",
    "items_in",
    "object_in",
    "page_query",
    "paged",
    "parse_error",
    "resolve_api_key",
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


def resolve_api_key(api_key: object) -> str:
    """The API key to send: ``api_key``, else ``BEATCONNECT_API_KEY``, stripped.

    Raises:
        ConfigurationError: No key, a key that is not a string, or a
            ``BEATCONNECT_API_KEY`` an HTTP header cannot carry (a line break, a control
            character, a space, non-ASCII; the scheme of a header copied whole,
            ``Bearer ...``): the message names the variable, never the key. An
            ``api_key=`` of that kind is refused by the client's ``BearerAuth``, as
            every token is.
    """
    key = api_key if api_key is not None else os.environ.get(ENV_API_KEY)
    if key is not None and not isinstance(key, str):
        raise ConfigurationError(f"api_key must be a str, not {type(key).__name__}")
    if not key or not key.strip():
        raise ConfigurationError(
            f"BeatConnect needs an API key: pass api_key=... or set {ENV_API_KEY}. "
            "Keys are issued in the BeatConnect Developer Portal."
        )
    key = key.strip()
    problem = None if api_key is not None else bearer_token_problem(key)
    if problem is not None:
        raise ConfigurationError(f"{ENV_API_KEY} {problem}")
    return key


MAX_PER_PAGE: Final = 100
MAX_SEARCH_PER_PAGE: Final = 50
MAX_SIMILAR: Final = 20
_LAST_PAGE: Final = 10**18 - 1
"""The highest page number sent: the answer's echo of it is read back as a count, and
counts stop at 10**18 - 1 (:func:`~beatkit._core.pagination.page_count`)."""


def parse_error(status: int, body: Any) -> ErrorInfo | None:
    """Read ``{"status": "error", "error": {"code", "message", "details"}}``, or the flat
    ``{"success": false, "message", "code"}`` and ``{"success": false, "error": "..."}``."""
    if not isinstance(body, Mapping):
        return None
    error = body.get("error")
    if isinstance(error, Mapping):
        message = error.get("message")
        code = error.get("code")
        said = message if isinstance(message, str) and message else None
        return ErrorInfo(
            message=said or f"HTTP {status}",
            stated=said is not None,
            code=code if isinstance(code, str) else None,
            details=error.get("details"),
        )
    # The alternative envelope's error is not documented: {"success": false, "message",
    # "code"} and {"success": false, "error": "..."} are read. A text "error" beside a
    # message is its code; alone, it is the message (not a code).
    message = body.get("message")
    code = body.get("code")
    if isinstance(message, str) and message:
        if not isinstance(code, str) and isinstance(error, str) and error:
            code = error
    elif isinstance(error, str) and error:
        message = error
    else:
        return None
    return ErrorInfo(
        message=message,
        code=code if isinstance(code, str) and code else None,
        details=body.get("details"),
    )


def _data(body: Any) -> Any:
    """The payload of either success envelope."""
    if isinstance(body, Mapping) and (
        body.get("status") == "success" or body.get("success") is True
    ):
        return body["data"]
    if isinstance(body, Mapping) and (
        body.get("status") == "error" or body.get("success") is False
    ):
        # An error envelope under a 2xx status line: what the API said is the news.
        info = parse_error(200, body)
        said = ""
        if info is not None:
            said = f": {info.message}" + (f" ({info.code})" if info.code else "")
        raise ValueError(f"an error envelope answered with a success status{said}")
    raise ValueError("not a BeatConnect success envelope")


def object_in(key: str) -> Callable[[Any], Any]:
    """Reads ``data[key]`` in the standard envelope, ``data`` itself in the alternative one."""

    def unwrap(body: Any) -> Any:
        data = _data(body)
        if isinstance(data, Mapping) and isinstance(data.get(key), Mapping):
            return data[key]
        return data

    return unwrap


def _count(block: Mapping[str, Any], key: str) -> int:
    """``block[key]`` as sent, which must be a JSON integer.

    Raises:
        ValueError: Missing, or not an integer from 0 up (text, a fraction, a bool).
    """
    return page_count(key, block.get(key))


def _optional_count(block: Mapping[str, Any], key: str) -> int | None:
    """``block[key]`` as a JSON integer, or ``None`` when absent or null."""
    return None if block.get(key) is None else _count(block, key)


_META_COUNTS: Final = ("page", "limit", "total")


def _numbers(body: Mapping[str, Any], data: Any) -> dict[str, Any]:
    """Total, page, last page and next link from either envelope's pagination block.

    The standard envelope's own ``data.pagination`` comes first; the alternative
    envelope's ``meta`` is read only when it carries a page count (``page``, ``limit``,
    ``total``): a ``meta`` of other facts (a request id, a version) beside a standard
    page, or on its own, is no pagination. Without either, there are no numbers.

    Raises:
        ValueError: A count is not a JSON integer (``"1"``, ``1.9`` and ``true`` are refused,
            not read as numbers), or a ``meta`` with one count lacks the others.
    """
    pagination = data.get("pagination") if isinstance(data, Mapping) else None
    meta = body.get("meta")
    if not isinstance(meta, Mapping) or isinstance(pagination, Mapping):
        meta = {}
    if any(meta.get(key) is not None for key in _META_COUNTS):
        page, per_page, total = (_count(meta, key) for key in _META_COUNTS)
        # In integers: a float quotient loses the remainder of a total past 2**53, and
        # the walk would end a page early.
        last = max(1, -(-total // per_page)) if per_page > 0 else page
        return {"total": total, "page": page, "last_page": last, "next_url": None}
    pagination = pagination or {}
    return {
        "total": _optional_count(pagination, "total"),
        "page": _optional_count(pagination, "current_page"),
        "last_page": _optional_count(pagination, "last_page"),
        "next_url": pagination.get("next_page_url"),
    }


def _items(data: Any, key: str) -> Any:
    """The list of a page's payload: ``data`` itself when a list, else ``data[key]``.

    Raises:
        ValueError: ``data`` is neither an object nor a list (named as JSON names it).
        KeyError: ``data`` is an object without ``key``.
    """
    if isinstance(data, Sequence) and not isinstance(data, str):
        return data
    if not isinstance(data, Mapping):
        raise ValueError(f"the page's data must be an object or a list, got {json_type(data)}")
    return data[key]


def _page(body: Any, key: str) -> PageData:
    """A list page in either envelope."""
    data = _data(body)
    return PageData(items=_items(data, key), **_numbers(body, data))


def items_in(key: str) -> Callable[[Any], Sequence[Any]]:
    """Reads the ``key`` list of a one-page answer in either envelope.

    The answer is not paged: page counts beside the list are not read, so a ``meta``
    without them (or with odd ones) does not fail the call.
    """
    return lambda body: PageData(items=_items(_data(body), key)).items


class PageArgs(ListArgs, total=False):
    """The keywords every BeatConnect list takes last, as ``**pages``.

    ``page`` and ``per_page`` here; ``limit`` and ``options`` from
    :class:`~beatkit._core.operation.ListArgs`.
    """

    page: int | None
    """The page to start from, 1 to 10**18 - 1."""
    per_page: int | None
    """Items per request (the API's ``limit``), 1 to 100; 1 to 50 for searches."""


def page_query(page: Any, per_page: Any, maximum: int) -> dict[str, QueryValue]:
    """``page`` (1 to 10**18 - 1) and the page size (the API's ``limit``, 1 to
    ``maximum``) as query parameters.

    Raises:
        TypeError: A value is not an int.
        ValueError: A value is out of range (a page past 10**18 - 1 could not be read
            back from the answer's page counts).
    """
    return {
        "page": optional_int("page", page, minimum=1, maximum=_LAST_PAGE),
        "limit": optional_int("per_page", per_page, minimum=1, maximum=maximum),
    }


def paged(
    key: str,
    pages: PageArgs,
    query: Mapping[str, QueryValue] | None = None,
    maximum: int = MAX_PER_PAGE,
) -> PagedCall:
    """The ``_list`` keywords of a list whose items sit under ``key``: ``query``, then the page's.

    Pages are walked by next link or page number, in either envelope.

    Raises:
        TypeError: A page value that is not an int, or an unknown keyword.
        ValueError: A page value out of range.
    """
    params = {**(query or {}), **page_query(pages.get("page"), pages.get("per_page"), maximum)}
    # The page's own example answers GET /beats?genre=1&sort=popular with
    # "next_page_url": ".../beats?page=2": the filters and the size are kept.
    paging = NextLinkPaging(extract=lambda body: _page(body, key), keep_params=True)
    return paged_call(paging, params, pages, PageArgs.__optional_keys__)


def search_results(body: Any, kind: str = "all") -> dict[str, Any]:
    """Flatten a search body (either envelope) into the fields of :class:`SearchResults`.

    ``data`` is an object of ``beats`` and ``producers`` lists, or (the alternative
    envelope) a bare list: the results of the one type searched.

    Args:
        body: The answer.
        kind: The ``type`` asked for: ``"beats"``, ``"producers"`` or ``"all"``.

    Raises:
        ValueError: Not a success envelope; a bare list answered to ``type=all`` (beats
            or producers, it does not say); ``data`` neither an object nor a list.
    """
    data = _data(body)
    numbers = _numbers(body, data)
    del numbers["next_url"]
    if isinstance(data, list):
        if kind not in ("beats", "producers"):
            raise ValueError(
                f"a search of type={kind} answered a bare list: whether it holds beats or "
                "producers is not said"
            )
        return {kind: data, **numbers}
    if not isinstance(data, Mapping):
        raise ValueError(f"search data is neither an object nor a list: {type(data).__name__}")
    # A count the pagination block does not give stays as ``data`` sent it, if it did.
    given = {name: value for name, value in numbers.items() if value is not None}
    return {**{k: v for k, v in data.items() if k != "pagination"}, **given}


SPEC: Final = ServiceSpec(name="beatconnect", parse_error=parse_error, routes=PATHS)
"""How the shared transport talks to BeatConnect."""
