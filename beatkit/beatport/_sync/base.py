# GENERATED from beatkit/beatport/_async/base.py by scripts/unasync.py: edit the async source.
"""The base of Beatport's resources: a top 10 or a search type in one call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.resource import Resource
from beatkit._core.operation import RequestOptions
from beatkit.beatport.models import SearchType
from beatkit.beatport.wire import TOP_10, PageArgs, list_items, search_paged

__all__ = ["BeatportResource"]

T = TypeVar("T")


class BeatportResource(Resource):
    """A group of Beatport endpoints: every list is a DRF page walk."""

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

    def _search(self, kind: SearchType, item: Any, q: str, pages: PageArgs) -> Pager[Any]:
        """A pager over the ``kind`` results of ``/catalog/search/`` (``item`` may be a union).

        Raises:
            TypeError: ``q`` is not text, a page value not an int, or an unknown keyword.
            ValueError: ``q`` is blank, or a page value out of range.
        """
        return self._list(f"search.{kind!s}", item, **search_paged(kind, q, pages))
