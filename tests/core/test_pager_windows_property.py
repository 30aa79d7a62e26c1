"""Prefetching loses no item of a Range-paged walk, whatever windows the server serves.

Servers that serve the windows asked for or shorter ones (a cap on the page size), with
and without ``limit``: the walk with the pages after the first fetched four at a time
yields the collection, each item once, in order, as the walk page by page does. Servers
that serve longer windows than asked: no item is lost, each first comes in its place
(the plan's windows are still fetched, so items may repeat: a changes feed relies on it).
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from beatkit._core._sync.client import APIClient
from beatkit._core._sync.pagers import Pager
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.pagination import RangePaging
from beatkit._core.settings import build_settings

_WINDOW = re.compile(r"tracks=([0-9]+)-([0-9]+)")


def _server(n: int, cap: int | None, longer: int) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        match = _WINDOW.fullmatch(request.headers["Range"])
        assert match is not None
        first, last = int(match[1]), int(match[2])
        if first >= n:
            return httpx.Response(416, headers={"Content-Range": f"tracks */{n}"}, json={})
        if cap is not None:
            last = min(last, first + cap - 1)
        last += longer
        items = [{"id": i} for i in range(first, min(last, n - 1) + 1)]
        headers = {"Content-Range": f"tracks {first}-{last}/{n}"}
        return httpx.Response(206, json={"tracks": items}, headers=headers)

    return answer


def _walk(n: int, cap: int | None, longer: int, size: int, limit: int | None, prefetch: int) -> Any:
    settings_ = build_settings(
        ServiceSpec(name="testsvc"),
        base_url="https://api.test/v2",
        auth=None,
        max_retries=0,
        prefetch=prefetch,
        sleep=lambda seconds: None,
    )
    operation: Operation[Any] = Operation(
        name="tracks.list",
        method="GET",
        path="/tracks",
        result=Any,
        unwrap=lambda raw: raw["id"],
        paging=RangePaging(unit="tracks", extract=lambda body: body["tracks"], page_size=size),
    )
    with httpx.Client(transport=httpx.MockTransport(_server(n, cap, longer))) as http:
        client = APIClient(settings_, http)
        return Pager(client._transport, operation, limit=limit).to_list()


@settings(max_examples=60)
@given(
    n=st.integers(0, 150),
    size=st.integers(1, 30),
    cap=st.none() | st.integers(1, 30),
    limit=st.none() | st.integers(0, 160),
)
def test_prefetching_yields_what_walking_page_by_page_does(
    n: int, size: int, cap: int | None, limit: int | None
) -> None:
    expected = list(range(n))[:limit]
    assert _walk(n, cap, 0, size, limit, prefetch=1) == expected
    assert _walk(n, cap, 0, size, limit, prefetch=4) == expected


@settings(max_examples=40)
@given(
    n=st.integers(0, 150),
    size=st.integers(1, 30),
    cap=st.none() | st.integers(1, 30),
    longer=st.integers(1, 8),
)
def test_prefetching_longer_windows_than_asked_loses_nothing(
    n: int, size: int, cap: int | None, longer: int
) -> None:
    items = _walk(n, cap, longer, size, None, prefetch=4)
    # Each item first comes in its place; repeats (of overlapping windows) come after.
    assert list(dict.fromkeys(items)) == list(range(n))
