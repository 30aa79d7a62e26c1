# GENERATED from tests/core/_async/test_audit_paging_plan_end.py by scripts/unasync.py: edit the async source.
"""A planned walk (prefetched pages) ends where the server says the collection ends.

After the first page of a Range-paged list names a length, the pages up to it are
planned and fetched four at a time. A later window the server answers ``416`` (the
collection shrank below it), or with an empty ``206`` whose ``Content-Range`` length
ends before the window, says nothing follows: the walk ends there, as it does one
page at a time, rather than asking for every window of the first page's length. So
does a walk of numbered pages (Laravel's) at an empty page numbered past the last page
it counts.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core._sync.pagers import Pager
from tests.core._sync.test_pagers import make, numbered_list, track_list

__all__ = ["make"]  # the fixture, imported for the tests below

_RANGE = re.compile(r"^tracks=(\d+)-(\d+)$")
_BOUND = 200
"""The bound of these tests, not of the pager: past it the handler answers 400."""
_CLAIMED = 10**6
"""The length the first page claims: 50,000 windows of 20."""
_REAL = 25
"""The length the collection has when the later windows are asked for."""


class Shrunk:
    """Answers the first window with a length of :data:`_CLAIMED`, every later one as a
    collection of :data:`_REAL` items: a 416 past its end, or an empty 206."""

    def __init__(self, past_end: str) -> None:
        self.past_end = past_end
        self.lock = threading.Lock()
        self.count = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.count += 1
            if self.count > _BOUND:
                return httpx.Response(400, json={})
        match = _RANGE.match(request.headers.get("range", ""))
        assert match is not None
        first, last = int(match[1]), int(match[2])
        length = _CLAIMED if first == 0 else _REAL
        if first >= length:
            if self.past_end == "416":
                headers = {"content-range": f"tracks */{length}"}
                return httpx.Response(416, json={}, headers=headers)
            headers = {"content-range": f"tracks {first}-{last}/{length}"}
            return httpx.Response(206, json={"tracks": []}, headers=headers)
        tracks = [{"id": i} for i in range(first, min(last + 1, length))]
        headers = {"content-range": f"tracks {first}-{last}/{length}"}
        return httpx.Response(206, json={"tracks": tracks}, headers=headers)


@pytest.mark.parametrize("prefetch", [1, 4])
@pytest.mark.parametrize("past_end", ["416", "empty 206"])
def test_a_planned_walk_ends_where_the_collection_ends(
    make: Callable[..., APIClient], past_end: str, prefetch: int
) -> None:
    # Regression: with prefetch (the default), a 416 or an empty window past the end
    # was yielded as an empty page and the plan went on: every one of the 50,000
    # windows of the first page's length was asked for.
    server = Shrunk(past_end)
    pager = Pager(make(server, prefetch=prefetch)._transport, track_list())
    items: list[Any] = pager.to_list()
    assert items == list(range(_REAL))
    # Prefetching may have asked for a few windows past the one that ends the walk.
    assert server.count <= 3 + prefetch


def test_a_planned_page_past_the_end_yields_its_empty_page_then_stops(
    make: Callable[..., APIClient],
) -> None:
    server = Shrunk("416")
    pager = Pager(make(server, prefetch=4)._transport, track_list())
    pages = [page for page in pager.pages()]
    assert [len(page.items) for page in pages] == [20, 5, 0]
    assert pages[-1].has_next is False


class ShrunkPages:
    """A Laravel list whose first page counts :data:`_CLAIMED` pages, every later one 2
    (page 2 full, past it empty pages numbered as asked, as Laravel answers them)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.count += 1
            if self.count > _BOUND:
                return httpx.Response(400, json={})
        page = int(request.url.params.get("page", "1"))
        last = _CLAIMED if page == 1 else 2
        data = [{"id": page}] if page <= last else []
        return httpx.Response(200, json={"data": data, "current_page": page, "last_page": last})


@pytest.mark.parametrize("prefetch", [1, 4])
def test_a_planned_walk_of_numbered_pages_ends_past_the_last_page(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    # Regression: with prefetch, the empty pages past the new last page were read
    # through, one request for each page the first page counted.
    server = ShrunkPages()
    pager = Pager(make(server, prefetch=prefetch)._transport, numbered_list())
    assert pager.to_list() == [1, 2]
    assert server.count <= 3 + prefetch
