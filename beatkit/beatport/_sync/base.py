# GENERATED from beatkit/beatport/_async/base.py by scripts/unasync.py: edit the async source.
"""The base of Beatport's resources: a DRF list, a top 10 or a search type in one call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.resource import Resource
from beatkit._core.operation import QueryValue, RequestOptions, Unwrap
from beatkit.beatport.models import SearchType
from beatkit.beatport.wire import (
    PAGES,
    TOP_10,
    SearchPaging,
    list_items,
    page_params,
    search_params,
)

__all__ = ["BeatportResource"]

T = TypeVar("T")


class BeatportResource(Resource):
    """A group of Beatport endpoints: every list is a DRF page walk."""

    def _pages(
        self,
        key: str,
        item: type[T],
        page: int | None,
        per_page: int | None,
        limit: int | None,
        options: RequestOptions | None,
        *,
        path: Mapping[str, str | int] | None = None,
        params: Mapping[str, QueryValue] | None = None,
        unwrap: Unwrap = None,
    ) -> Pager[T]:
        """A pager over the list ``key`` names, from ``page``, ``per_page`` items a request.

        Raises:
            TypeError: ``page`` or ``per_page`` is not an int.
            ValueError: ``page`` or ``per_page`` is out of range.
        """
        query = {**(params or {}), **page_params(page, per_page)}
        return self._list(
            key,
            item,
            paging=PAGES,
            limit=limit,
            options=options,
            path=path or {},
            params=query,
            unwrap=unwrap,
        )

    def _top10(
        self,
        key: str,
        result: type[T],
        path: Mapping[str, str | int],
        options: RequestOptions | None,
    ) -> T:
        """The ten items of the top-10 list ``key`` names, asked for in one page."""
        return self._call(
            key, result, path=path, params={"per_page": TOP_10}, unwrap=list_items, options=options
        )

    def _search(
        self,
        kind: SearchType,
        item: Any,
        q: str,
        page: int | None,
        per_page: int | None,
        limit: int | None,
        options: RequestOptions | None,
    ) -> Pager[Any]:
        """A pager over the ``kind`` results of ``/catalog/search/`` (``item`` may be a union).

        Raises:
            TypeError: ``q`` is not text, or a number is not an int.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        name = str(kind)
        query = search_params(q, kind, page, per_page)
        paging = SearchPaging(kind=name)
        return self._list(
            f"search.{name}", item, paging=paging, params=query, limit=limit, options=options
        )
