# GENERATED from tests/core/_async/test_pager_empty_plans.py by scripts/unasync.py: edit the async source.
"""A planned walk (prefetched pages) of empty pages ends, as a walk one page at a time does.

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
from beatkit._core.pagination import MAX_EMPTY_PAGES
from beatkit.errors import ResponseDecodeError
from tests.core._sync.test_pagers import make, numbered_list, track_list

__all__ = ["make"]  # the fixture, imported for the tests below

_RANGE = re.compile(r"^tracks=(\d+)-(\d+)$")
_BOUND = 400
"""The bound of these tests, not of the pager: past it the handler answers 400."""


class Counter:
    """Counts the requests (the handler may run on several worker threads at once)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0

    def next(self) -> int:
        with self.lock:
            self.count += 1
            return self.count


def huge_range_of_empty_windows(counter: Counter) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if counter.next() > _BOUND:
            return httpx.Response(400, json={})
        match = _RANGE.match(request.headers.get("range", ""))
        assert match is not None
        first, last = int(match[1]), int(match[2])
        tracks = [{"id": 0}] if first == 0 else []
        headers = {"content-range": f"tracks {first}-{last}/999999999999999999"}
        return httpx.Response(206, json={"tracks": tracks}, headers=headers)

    return handler


def a_billion_empty_pages(counter: Counter) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if counter.next() > _BOUND:
            return httpx.Response(400, json={})
        page = int(request.url.params.get("page", "1"))
        data = [{"id": 0}] if page == 1 else []
        return httpx.Response(200, json={"data": data, "current_page": page, "last_page": 10**9})

    return handler


@pytest.mark.parametrize("prefetch", [1, 4])
@pytest.mark.parametrize(
    ("server", "operation"),
    [(huge_range_of_empty_windows, track_list), (a_billion_empty_pages, numbered_list)],
)
def test_endless_empty_pages_of_a_plan_are_a_decode_error(
    make: Callable[..., APIClient],
    server: Callable[[Counter], Callable[[httpx.Request], httpx.Response]],
    operation: Callable[[], Any],
    prefetch: int,
) -> None:
    # Regression: with prefetch (the default, 4), the pages planned after the first one
    # (a Content-Range length or a last_page of a billion) were fetched without the
    # empty-page count: a server answering empty pages was followed for ever.
    counter = Counter()
    pager = Pager(make(server(counter), prefetch=prefetch)._transport, operation())
    seen: list[Any] = []

    def collect() -> None:
        for item in pager:
            seen.append(item)

    with pytest.raises(ResponseDecodeError, match="empty pages in a row"):
        collect()
    assert seen == [0]
    # Prefetching may have asked for a few pages past the one that ends the walk.
    assert 1 + MAX_EMPTY_PAGES <= counter.count <= 1 + MAX_EMPTY_PAGES + prefetch


def test_empty_pages_fewer_than_the_limit_in_a_plan_are_read_through(
    make: Callable[..., APIClient],
) -> None:
    last = 2 * MAX_EMPTY_PAGES

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        data = [{"id": page}] if page in (1, MAX_EMPTY_PAGES, last) else []
        return httpx.Response(200, json={"data": data, "current_page": page, "last_page": last})

    pager = Pager(make(handler, prefetch=4)._transport, numbered_list())
    assert pager.to_list() == [1, MAX_EMPTY_PAGES, last]
