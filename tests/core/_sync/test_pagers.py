# GENERATED from tests/core/_async/test_pagers.py by scripts/unasync.py: edit the async source.
"""Pagers against a fake Range server and a next-link server (httpx.MockTransport only).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
The handler may run on several tasks or worker threads at once, so the counters
below are guarded by a thread lock.
"""

from __future__ import annotations

import re
import threading
import tracemalloc
from collections.abc import Callable
from contextlib import closing
from typing import Any

import attrs
import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core._sync.pagers import Pager
from beatkit._core.concurrency import sleep
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.pagination import (
    MAX_EMPTY_PAGES,
    NextLinkPaging,
    PageData,
    PageNumberPaging,
    Paging,
    RangePaging,
)
from beatkit._core.settings import build_settings
from beatkit.errors import ConfigurationError, NotFoundError, ResponseDecodeError, ServerError

BASE = "https://api.test/v2"
SPEC = ServiceSpec(name="testsvc")
_RANGE = re.compile(r"^tracks=(\d+)-(\d+)$")


class Sleeps:
    """A fake sleep for the transport: records each wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class RangeServer:
    """A Beat Technology-like list endpoint over ``n`` tracks with ids ``0..n-1``.

    Honours ``Range: tracks=first-last`` and answers 206 with ``Content-Range`` for
    the requested window, or 416 with ``Content-Range: tracks */n`` past the end.

    Args:
        short: Deliver at most this many items per page (the range stays as requested).
        unknown_total: Send ``*`` as the length.
        empty_past_end: With an unknown total, answer past the end with an empty 206
            instead of a 416.
        delay: Seconds to wait before answering a window starting at ``first``.
        ignore_range: Answer 200 with every item and no Content-Range.
        default_window: Answer a request without ``Range`` with this many items from 0
            (206), as Beat Technology does; without it such a request gets everything.
    """

    def __init__(
        self,
        n: int,
        *,
        short: int | None = None,
        unknown_total: bool = False,
        empty_past_end: bool = False,
        delay: Callable[[int], float] | None = None,
        ignore_range: bool = False,
        default_window: int | None = None,
    ) -> None:
        self.default_window = default_window
        self.tracks = [{"id": i, "title": f"track {i}"} for i in range(n)]
        self.short = short
        self.unknown_total = unknown_total
        self.empty_past_end = empty_past_end
        self.delay = delay
        self.ignore_range = ignore_range
        self.ranges: list[str | None] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.completed: list[int] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        header = request.headers.get("range")
        with self._lock:
            self.ranges.append(header)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            match = _RANGE.match(header or "")
            first = int(match.group(1)) if match else 0
            if self.delay is not None:
                sleep(self.delay(first))
            return self._answer(request, header)
        finally:
            with self._lock:
                self.in_flight -= 1
                self.completed.append(first)

    def _answer(self, request: httpx.Request, header: str | None) -> httpx.Response:
        assert request.url.params["query"] == "gaga"
        n = len(self.tracks)
        match = _RANGE.match(header or "")
        if header is None and self.default_window is not None and not self.ignore_range:
            first, last = 0, self.default_window - 1
        elif self.ignore_range or match is None:
            return httpx.Response(200, json={"tracks": self.tracks})
        else:
            first, last = int(match.group(1)), int(match.group(2))
        length = "*" if self.unknown_total else str(n)
        # The default window of an empty collection is an empty 206 (tracks 0-19/0).
        past_end = first >= n and header is not None
        if past_end and not (self.unknown_total and self.empty_past_end):
            return httpx.Response(
                416, headers={"Content-Range": f"tracks */{n}"}, json={"message": "out of range"}
            )
        items = self.tracks[first : last + 1]
        if self.short is not None:
            items = items[: self.short]
        return httpx.Response(
            206,
            json={"tracks": items},
            headers={"Content-Range": f"tracks {first}-{last}/{length}", "Accept-Ranges": "tracks"},
        )

    @property
    def requests(self) -> int:
        return len(self.ranges)


def range_start(header: str | None) -> int:
    match = _RANGE.match(header or "")
    assert match is not None
    return int(match.group(1))


def track_list(paging_size: int = 20, decode: Callable[[Any], Any] | None = None) -> Operation[Any]:
    return Operation(
        name="tracks.list",
        method="GET",
        path="/tracks",
        params={"query": "gaga"},
        result=Any,
        unwrap=decode or (lambda raw: raw["id"]),
        paging=RangePaging(
            unit="tracks", extract=lambda body: body["tracks"], page_size=paging_size
        ),
    )


def learnt_list(page_size: int | None = None) -> Operation[Any]:
    """A list whose range unit is learnt from the first answer (Beat Technology's lists)."""
    return Operation(
        name="tracks.search",
        method="GET",
        path="/tracks",
        params={"query": "gaga"},
        result=Any,
        unwrap=lambda raw: raw["id"],
        paging=RangePaging(
            extract=lambda body: body["tracks"], fallback_unit="tracks", page_size=page_size
        ),
    )


@pytest.fixture
def make(http_clients: list[httpx.Client]) -> Callable[..., APIClient]:
    def factory(handler: Callable[[httpx.Request], Any], **overrides: Any) -> APIClient:
        kwargs: dict[str, Any] = {
            "base_url": BASE,
            "auth": None,
            "timeout": 5.0,
            "max_retries": 2,
            "max_retry_wait": 60.0,
            "requests_per_second": None,
            "allow_http": False,
        }
        kwargs.update(overrides)
        settings = build_settings(SPEC, sleep=Sleeps(), **kwargs)
        http = httpx.Client(transport=httpx.MockTransport(handler))
        http_clients.append(http)
        return APIClient(settings, http)

    return factory


# --- Range paging: iteration ------------------------------------------------------------------


@pytest.mark.parametrize("prefetch", [1, 4])
@pytest.mark.parametrize(
    ("n", "requests"), [(0, 1), (1, 1), (19, 1), (20, 1), (21, 2), (40, 2), (45, 3)]
)
def test_iterates_every_item_in_order(
    make: Callable[..., APIClient], n: int, requests: int, prefetch: int
) -> None:
    server = RangeServer(n)
    client = make(server, prefetch=prefetch)
    items = [item for item in Pager(client._transport, track_list())]
    assert items == list(range(n))
    assert server.requests == requests
    expected = [f"tracks={i}-{i + 19}" for i in range(0, max(n, 1), 20)]
    assert sorted(server.ranges, key=range_start) == expected


def test_to_list_and_repr(make: Callable[..., APIClient]) -> None:
    server = RangeServer(45)
    pager = Pager(make(server)._transport, track_list(), limit=7)
    assert server.requests == 0  # lazy: nothing is fetched before iterating
    assert "tracks.list" in repr(pager)
    assert pager.to_list() == list(range(7))


def test_decoded_items(make: Callable[..., APIClient]) -> None:
    server = RangeServer(3)
    items = Pager(
        make(server)._transport, track_list(decode=lambda raw: raw["title"])
    ).to_list()
    assert items == ["track 0", "track 1", "track 2"]


@pytest.mark.parametrize("prefetch", [1, 4])
@pytest.mark.parametrize(
    ("n", "limit", "expected", "requests"),
    [
        (45, 0, 0, 0),
        (45, 5, 5, 1),
        (45, 20, 20, 1),
        (45, 21, 21, 2),
        (45, 40, 40, 2),
        (45, 41, 41, 3),
        (45, 1000, 45, 3),
        (10, 15, 10, 1),
        (0, 3, 0, 1),
    ],
)
def test_limit_caps_items_and_requests(
    make: Callable[..., APIClient],
    n: int,
    limit: int,
    expected: int,
    requests: int,
    prefetch: int,
) -> None:
    server = RangeServer(n)
    client = make(server, prefetch=prefetch)
    items = [item for item in Pager(client._transport, track_list(), limit=limit)]
    assert items == list(range(expected))
    assert server.requests == requests


@pytest.mark.parametrize("limit", [-1, 1.5, True, "3"])
def test_bad_limit(make: Callable[..., APIClient], limit: Any) -> None:
    with pytest.raises(ValueError, match="limit"):
        Pager(make(RangeServer(1))._transport, track_list(), limit=limit)


def test_unpaged_operation_is_refused(make: Callable[..., APIClient]) -> None:
    with pytest.raises(TypeError, match="not a paged operation"):
        Pager(
            make(RangeServer(1))._transport,
            Operation(name="beats.get", method="GET", path="/beats/1"),
        )


def test_pages(make: Callable[..., APIClient]) -> None:
    server = RangeServer(45)
    pages = [page for page in Pager(make(server)._transport, track_list()).pages()]
    assert [page.items for page in pages] == [
        list(range(20)),
        list(range(20, 40)),
        list(range(40, 45)),
    ]
    assert [page.total for page in pages] == [45, 45, 45]
    assert [page.has_next for page in pages] == [True, True, False]


def test_first_page(make: Callable[..., APIClient]) -> None:
    server = RangeServer(21)
    page = Pager(make(server)._transport, track_list()).first_page()
    assert page.items == list(range(20))
    assert page.total == 21
    assert page.has_next is True
    assert page.next_operation is not None
    assert page.next_operation.headers["Range"] == "tracks=20-39"
    assert server.requests == 1

    last = Pager(make(RangeServer(20))._transport, track_list()).first_page()
    assert last.total == 20
    assert last.has_next is False


def test_first_page_with_limit(make: Callable[..., APIClient]) -> None:
    page = Pager(make(RangeServer(45))._transport, track_list(), limit=3).first_page()
    assert page.items == [0, 1, 2]
    assert page.total == 45
    assert page.has_next is True


def test_first_page_with_limit_zero_sends_nothing(
    make: Callable[..., APIClient],
) -> None:
    # limit=0 means no items: like pages() and to_list(), first_page() asks for nothing
    # and says no page follows (it used to fetch a page, drop it, and claim a next one).
    server = RangeServer(45)
    pager = Pager(make(server)._transport, track_list(), limit=0)
    page = pager.first_page()
    assert page.items == []
    assert page.total is None
    assert page.has_next is False
    assert page.next_operation is None
    assert [p for p in pager.pages()] == []
    assert pager.to_list() == []
    assert server.requests == 0


def test_416_on_first_request_is_empty(make: Callable[..., APIClient]) -> None:
    server = RangeServer(0)
    pager = Pager(make(server)._transport, track_list())
    page = pager.first_page()
    assert page.items == []
    assert page.has_next is False
    assert pager.to_list() == []
    assert server.ranges == ["tracks=0-19", "tracks=0-19"]


def test_server_ignoring_range_sends_one_page(make: Callable[..., APIClient]) -> None:
    server = RangeServer(57, ignore_range=True)
    pages = [page for page in Pager(make(server)._transport, track_list()).pages()]
    assert len(pages) == 1
    assert pages[0].items == list(range(57))
    assert pages[0].total == 57
    assert server.requests == 1


@pytest.mark.parametrize("prefetch", [1, 4])
def test_a_later_window_answered_200_without_content_range_is_a_decode_error(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    # Regression: the whole collection, sent from its start for the second window, was
    # read as that window's one last page: its first 20 items came twice.
    server = RangeServer(57)

    def ignores_later_ranges(request: httpx.Request) -> Any:
        header = request.headers.get("range")
        if header is not None and range_start(header) > 0:
            server.ranges.append(header)
            return httpx.Response(200, json={"tracks": server.tracks})
        return server._answer(request, header)

    seen: list[int] = []
    pager = Pager(make(ignores_later_ranges, prefetch=prefetch)._transport, track_list())

    def walk() -> None:
        for item in pager:
            seen.append(item)

    with pytest.raises(ResponseDecodeError, match="Content-Range"):
        walk()
    assert seen == list(range(20))  # no item twice


def test_a_start_answered_200_without_content_range_is_a_decode_error(
    make: Callable[..., APIClient],
) -> None:
    # A first request from a later position (start=) is a later window too: the whole
    # collection from 0 is not the items from there.
    server = RangeServer(57, ignore_range=True)
    op = attrs.evolve(
        track_list(),
        paging=RangePaging(unit="tracks", extract=lambda body: body["tracks"], start=20),
    )
    with pytest.raises(ResponseDecodeError, match="Content-Range"):
        Pager(make(server)._transport, op).first_page()
    assert server.ranges == ["tracks=20-39"]


@pytest.mark.parametrize("prefetch", [1, 4])
def test_short_pages_continue_after_the_requested_range(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    server = RangeServer(45, short=5)
    items = Pager(make(server, prefetch=prefetch)._transport, track_list()).to_list()
    assert items == [*range(0, 5), *range(20, 25), *range(40, 45)]
    assert sorted(server.ranges, key=range_start) == ["tracks=0-19", "tracks=20-39", "tracks=40-59"]


@pytest.mark.parametrize("empty_past_end", [False, True])
def test_unknown_total_continues_while_non_empty(
    make: Callable[..., APIClient], empty_past_end: bool
) -> None:
    server = RangeServer(45, unknown_total=True, empty_past_end=empty_past_end)
    pager = Pager(make(server)._transport, track_list())
    pages = [page for page in pager.pages()]
    assert [item for page in pages for item in page.items] == list(range(45))
    assert all(page.total is None for page in pages)
    # 0-19, 20-39, 40-59 (5 items), then 60-79 is past the end.
    assert server.ranges == ["tracks=0-19", "tracks=20-39", "tracks=40-59", "tracks=60-79"]


def test_unknown_total_with_limit(make: Callable[..., APIClient]) -> None:
    server = RangeServer(45, unknown_total=True)
    assert Pager(make(server)._transport, track_list(), limit=25).to_list() == list(
        range(25)
    )
    assert server.requests == 2


def test_stopping_early_stops_fetching(make: Callable[..., APIClient]) -> None:
    server = RangeServer(200)
    pager = Pager(make(server, prefetch=1)._transport, track_list())
    seen: list[int] = []
    with closing(pager.pages()) as pages:
        page = pages.__next__()
        seen.extend(page.items)
    assert seen == list(range(20))
    assert server.requests == 1


# --- prefetch ---------------------------------------------------------------------------------


def reverse_delay(first: int) -> float:
    """Later windows of each batch of four answer sooner: completions come out of order."""
    page = first // 20
    return 0.001 * (4 - page % 4)


def test_prefetch_yields_pages_in_order_when_answers_arrive_out_of_order(
    make: Callable[..., APIClient],
) -> None:
    server = RangeServer(200, delay=reverse_delay)
    client = make(server, prefetch=4)
    pages = [page for page in Pager(client._transport, track_list()).pages()]
    assert [page.items for page in pages] == [list(range(i, i + 20)) for i in range(0, 200, 20)]
    assert server.requests == 10
    assert 2 <= server.max_in_flight <= 4


@pytest.mark.parametrize("prefetch", [1, 2, 3, 4, 7])
def test_prefetch_bounds_concurrency(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    server = RangeServer(300, delay=reverse_delay)
    items = Pager(make(server, prefetch=prefetch)._transport, track_list()).to_list()
    assert items == list(range(300))
    assert 1 <= server.max_in_flight <= prefetch
    assert server.in_flight == 0


def test_prefetch_with_limit_fetches_only_needed_pages(
    make: Callable[..., APIClient],
) -> None:
    server = RangeServer(200, delay=reverse_delay)
    items = Pager(make(server, prefetch=4)._transport, track_list(), limit=50).to_list()
    assert items == list(range(50))
    assert server.requests == 3


def test_prefetch_with_limit_and_short_later_pages(
    make: Callable[..., APIClient],
) -> None:
    # Regression: the prefetch plan was cut to ceil(left / len(first page)) pages, so short
    # later pages made limit= return fewer items than exist. The Range spec allows any page
    # to be short; here the first page is full and the later ones are not.
    server = RangeServer(100, delay=lambda first: 0.0)
    full = server._answer

    def answer(request: httpx.Request, header: str | None) -> httpx.Response:
        response = full(request, header)
        if header != "tracks=0-19" and response.status_code == 206:
            body = response.json()
            return httpx.Response(
                206, json={"tracks": body["tracks"][:10]}, headers=response.headers
            )
        return response

    server._answer = answer  # type: ignore[method-assign]
    client = make(server, prefetch=4)
    everything = Pager(client._transport, track_list()).to_list()
    assert len(everything) == 60
    limited = Pager(client._transport, track_list(), limit=50).to_list()
    assert limited == everything[:50]


@pytest.mark.parametrize("prefetch", [1, 4])
def test_server_ignoring_the_range_header_with_206_is_detected(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    server = RangeServer(45)

    def range_stripped(request: httpx.Request) -> Any:
        # As if a proxy dropped the Range header: the default window answers every time.
        stripped = httpx.Request(request.method, request.url)
        response = server._answer(stripped, "tracks=0-19")
        server.ranges.append(request.headers.get("range"))
        return response

    pager = Pager(make(range_stripped, prefetch=prefetch)._transport, track_list(), limit=100)
    with pytest.raises(ResponseDecodeError):
        pager.to_list()


def test_prefetch_error_propagates(make: Callable[..., APIClient]) -> None:
    server = RangeServer(200, delay=reverse_delay)

    def failing(request: httpx.Request) -> Any:
        if request.headers.get("range") == "tracks=60-79":
            return httpx.Response(404, json={"message": "gone"})
        return server(request)

    client = make(failing, prefetch=4)
    received: list[int] = []

    def consume() -> None:
        for item in Pager(client._transport, track_list()):
            received.append(item)

    with pytest.raises(NotFoundError):
        consume()
    assert received == list(range(60))
    # Nothing is started after the failure beyond what was already in flight.
    assert server.requests <= 1 + 2 + 4


def test_416_in_the_middle_ends_with_an_empty_page(
    make: Callable[..., APIClient],
) -> None:
    # The collection shrank between the first page and the next.
    server = RangeServer(45)

    def shrinking(request: httpx.Request) -> Any:
        if request.headers.get("range") != "tracks=0-19":
            del server.tracks[20:]
        return server(request)

    pages = [
        page
        for page in Pager(make(shrinking, prefetch=1)._transport, track_list()).pages()
    ]
    assert [page.items for page in pages] == [list(range(20)), []]


# --- errors -----------------------------------------------------------------------------------


def test_page_errors_are_retried_like_any_get(make: Callable[..., APIClient]) -> None:
    server = RangeServer(25)
    calls: list[str | None] = []

    def flaky(request: httpx.Request) -> Any:
        calls.append(request.headers.get("range"))
        if (
            calls.count(request.headers.get("range")) == 1
            and request.headers.get("range") == "tracks=20-39"
        ):
            return httpx.Response(503)
        return server(request)

    assert Pager(make(flaky)._transport, track_list()).to_list() == list(range(25))
    assert calls == ["tracks=0-19", "tracks=20-39", "tracks=20-39"]


def test_server_error_after_retries(make: Callable[..., APIClient]) -> None:
    client = make(lambda request: httpx.Response(500), max_retries=0)
    with pytest.raises(ServerError):
        Pager(client._transport, track_list()).to_list()


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(206, json={"tracks": [{"id": 1}]}),
        httpx.Response(
            206, json={"tracks": [{"id": 1}]}, headers={"Content-Range": "items 0-19/21"}
        ),
        httpx.Response(206, json={"tracks": [{"id": 1}]}, headers={"Content-Range": "tracks */21"}),
        httpx.Response(206, json={"tracks": [{"id": 1}]}, headers={"Content-Range": "tracks lots"}),
        httpx.Response(
            206, json={"songs": [{"id": 1}]}, headers={"Content-Range": "tracks 0-19/21"}
        ),
        httpx.Response(200, text="<html>oops</html>"),
        httpx.Response(206, headers={"Content-Range": "tracks 0-19/21"}),
    ],
)
def test_malformed_pages_become_response_decode_error(
    make: Callable[..., APIClient], response: httpx.Response
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            response.status_code, headers=response.headers, content=response.content
        )

    with pytest.raises(ResponseDecodeError) as info:
        Pager(make(handler)._transport, track_list()).to_list()
    assert info.value.service == "testsvc"
    assert info.value.status_code == response.status_code


def test_item_decode_errors_become_response_decode_error(
    make: Callable[..., APIClient],
) -> None:
    server = RangeServer(3)
    with pytest.raises(ResponseDecodeError, match="documented shape") as info:
        Pager(
            make(server)._transport, track_list(decode=lambda raw: raw["missing"])
        ).to_list()
    assert isinstance(info.value.__cause__, KeyError)


def test_options_apply_to_every_page(make: Callable[..., APIClient]) -> None:
    seen: list[str | None] = []
    server = RangeServer(45)

    def handler(request: httpx.Request) -> Any:
        seen.append(request.headers.get("x-trace"))
        return server(request)

    pager = Pager(
        make(handler)._transport, track_list(), options=RequestOptions(headers={"X-Trace": "abc"})
    )
    assert len(pager.to_list()) == 45
    assert seen == ["abc", "abc", "abc"]


def test_timeout_and_retries_of_options_apply_to_every_page(
    make: Callable[..., APIClient],
) -> None:
    # Prefetched pages too: each request carries the call's timeout, and a failure on a
    # later page is retried as the call says (not as the client does).
    timeouts: list[Any] = []
    server = RangeServer(45)
    failures = {"left": 1}

    def handler(request: httpx.Request) -> Any:
        timeouts.append(request.extensions["timeout"])
        if request.headers.get("Range") == "tracks=40-59" and failures["left"]:
            failures["left"] -= 1
            return httpx.Response(503)
        return server(request)

    options = RequestOptions(timeout=1.5, max_retries=0)
    pager = Pager(make(handler)._transport, track_list(), options=options)
    with pytest.raises(ServerError):
        pager.to_list()
    assert timeouts == [httpx.Timeout(1.5).as_dict()] * len(timeouts)
    assert len(timeouts) == 3  # the failed page was not retried

    timeouts.clear()
    failures["left"] = 1
    pager = Pager(make(handler)._transport, track_list(), options=RequestOptions(timeout=1.5))
    assert len(pager.to_list()) == 45  # the client's retries: the 503 is retried
    assert timeouts == [httpx.Timeout(1.5).as_dict()] * 4


# --- next-link paging (BeatConnect-like bodies) -------------------------------------------------


def beatconnect_page(body: Any) -> PageData:
    if body.get("status") != "success":
        raise ValueError("not a success envelope")
    data = body["data"]
    pagination = data.get("pagination") or {}
    return PageData(
        items=data["beats"],
        total=pagination.get("total"),
        next_url=pagination.get("next_page_url"),
        page=pagination.get("current_page"),
        last_page=pagination.get("last_page"),
    )


class LinkServer:
    """``GET /beats?page=N``: 3 beats per page, linking the next page absolutely or relatively."""

    def __init__(
        self,
        n: int,
        *,
        per_page: int = 3,
        next_base: str = f"{BASE}/beats",
        numbers_only: bool = False,
    ) -> None:
        self.beats = [{"id": i} for i in range(n)]
        self.per_page = per_page
        self.next_base = next_base
        self.numbers_only = numbers_only
        self.urls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        page = int(request.url.params.get("page", "1"))
        last = max(1, -(-len(self.beats) // self.per_page))
        start = (page - 1) * self.per_page
        pagination: dict[str, Any] = {
            "current_page": page,
            "last_page": last,
            "total": len(self.beats),
        }
        if page < last and not self.numbers_only:
            pagination["next_page_url"] = f"{self.next_base}?page={page + 1}&sort=new"
        beats = self.beats[start : start + self.per_page]
        return httpx.Response(
            200, json={"status": "success", "data": {"beats": beats, "pagination": pagination}}
        )


def beat_list() -> Operation[Any]:
    return Operation(
        name="beats.list",
        method="GET",
        path="/beats",
        params={"sort": "new"},
        result=Any,
        unwrap=lambda raw: raw["id"],
        paging=NextLinkPaging(extract=beatconnect_page),
    )


@pytest.mark.parametrize(("n", "requests"), [(0, 1), (1, 1), (3, 1), (4, 2), (10, 4)])
def test_next_link_pager(make: Callable[..., APIClient], n: int, requests: int) -> None:
    server = LinkServer(n)
    assert Pager(make(server)._transport, beat_list()).to_list() == list(range(n))
    assert len(server.urls) == requests
    assert server.urls[0] == f"{BASE}/beats?sort=new"
    assert all(url.endswith(f"?page={i + 2}&sort=new") for i, url in enumerate(server.urls[1:]))


def test_next_link_pager_relative_links_and_pages(
    make: Callable[..., APIClient],
) -> None:
    server = LinkServer(7, next_base="/v2/beats")
    pages = [page for page in Pager(make(server)._transport, beat_list()).pages()]
    assert [page.items for page in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [page.total for page in pages] == [7, 7, 7]
    assert [page.has_next for page in pages] == [True, True, False]


def test_next_link_pager_page_number_fallback(make: Callable[..., APIClient]) -> None:
    server = LinkServer(7, numbers_only=True)
    assert Pager(make(server)._transport, beat_list()).to_list() == list(range(7))
    assert len(server.urls) == 3


def test_next_links_that_go_round_in_a_circle_are_a_decode_error(
    make: Callable[..., APIClient],
) -> None:
    # Regression: page 2 linking back to page 1 was followed until the limit, and for
    # ever without one.
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        if len(urls) > 10:  # the bound of this test, not of the pager
            return httpx.Response(500)
        page = int(request.url.params.get("page", "1"))
        link = f"{BASE}/beats?page={3 - page}&sort=new"
        pagination = {"current_page": page, "last_page": 2, "next_page_url": link}
        data = {"beats": [{"id": page}], "pagination": pagination}
        return httpx.Response(200, json={"status": "success", "data": data})

    with pytest.raises(ResponseDecodeError, match="circle"):
        Pager(make(handler)._transport, beat_list()).to_list()
    # The first page, page 2, page 1 by its link, page 2 again: refused.
    assert len(urls) == 4 and urls[1] == urls[3]


def test_endless_empty_pages_each_linking_on_are_a_decode_error(
    make: Callable[..., APIClient],
) -> None:
    # Regression: a server answering empty pages, each with a new next link, was followed
    # for ever: iterating the pager hung without yielding anything.
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        if len(urls) > 500:  # the bound of this test, not of the pager
            return httpx.Response(500)
        page = int(request.url.params.get("page", "1"))
        link = f"{BASE}/beats?page={page + 1}"
        pagination = {"current_page": page, "last_page": 10**9, "next_page_url": link}
        beats = [{"id": 0}] if page == 1 else []
        data = {"beats": beats, "pagination": pagination}
        return httpx.Response(200, json={"status": "success", "data": data})

    seen: list[int] = []

    def collect() -> None:
        for item in Pager(make(handler)._transport, beat_list()):
            seen.append(item)

    with pytest.raises(ResponseDecodeError, match="empty pages in a row") as info:
        collect()
    assert seen == [0]  # what came before is handed over first
    assert len(urls) == 1 + MAX_EMPTY_PAGES
    assert str(MAX_EMPTY_PAGES) in str(info.value)


def test_a_few_empty_pages_between_full_ones_are_read_through(
    make: Callable[..., APIClient],
) -> None:
    # Fewer than MAX_EMPTY_PAGES empty pages in a row are a server's business, not an end.
    last = MAX_EMPTY_PAGES + 2

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        link = f"{BASE}/beats?page={page + 1}" if page < last else None
        beats = [{"id": page}] if page in (1, MAX_EMPTY_PAGES + 1, last) else []
        pagination = {"current_page": page, "last_page": last, "next_page_url": link}
        data = {"beats": beats, "pagination": pagination}
        return httpx.Response(200, json={"status": "success", "data": data})

    items = Pager(make(handler)._transport, beat_list()).to_list()
    assert items == [1, MAX_EMPTY_PAGES + 1, last]


@pytest.mark.parametrize("paging", [NextLinkPaging, PageNumberPaging])
@pytest.mark.parametrize(("items", "name"), [({}, "object"), ("ab", "string"), (None, "null")])
def test_a_page_whose_items_are_not_a_list_is_a_decode_error(
    make: Callable[..., APIClient], paging: Any, items: object, name: str
) -> None:
    # Regression: an extractor that handed over {} or "" made an empty page (items
    # silently missing), "ab" two items, and None a bare TypeError out of the pager.
    def extract(body: Any) -> PageData:
        return PageData(items=body["beats"], page=1, last_page=1)

    op = Operation(
        name="beats.list", method="GET", path="/beats", result=Any, paging=paging(extract=extract)
    )
    client = make(lambda request: httpx.Response(200, json={"beats": items}))
    with pytest.raises(ResponseDecodeError, match=f"the page's items are not a list.*{name}"):
        Pager(client._transport, op).to_list()


@pytest.mark.parametrize(
    ("content", "content_type", "detail"),
    [
        (b"<html>Gateway</html>", "text/html", "expected JSON, got text/html"),
        (
            b'{"status": "succ',
            "application/json",
            "expected JSON, got application/json that does not parse as JSON (Unterminated",
        ),
        (b'"success"', "application/json", "expected a JSON object or array, got a JSON string"),
    ],
)
def test_a_page_that_is_not_json_says_so(
    make: Callable[..., APIClient], content: bytes, content_type: str, detail: str
) -> None:
    # Regression: the text was handed to the service's page reader, whose complaint
    # ("string indices must be integers", "expected a JSON object, got str") hid
    # that the answer was not JSON at all, as a single object's answer says.
    client = make(
        lambda request: httpx.Response(200, content=content, headers={"content-type": content_type})
    )
    with pytest.raises(ResponseDecodeError) as info:
        Pager(client._transport, beat_list()).to_list()
    assert str(info.value).startswith(f"testsvc: beats.list: {detail}")


def test_next_link_pager_limit(make: Callable[..., APIClient]) -> None:
    server = LinkServer(10)
    assert Pager(make(server)._transport, beat_list(), limit=4).to_list() == [0, 1, 2, 3]
    assert len(server.urls) == 2


def test_next_link_to_another_host_is_refused(make: Callable[..., APIClient]) -> None:
    server = LinkServer(10, next_base="https://evil.test/beats")
    pager = Pager(make(server)._transport, beat_list())
    with pytest.raises(ResponseDecodeError, match="another host"):
        pager.to_list()
    assert len(server.urls) == 1


def test_next_link_pager_416_is_an_error(make: Callable[..., APIClient]) -> None:
    from beatkit.errors import RangeNotSatisfiableError

    client = make(lambda request: httpx.Response(416, json={"message": "no"}))
    with pytest.raises(RangeNotSatisfiableError):
        Pager(client._transport, beat_list()).to_list()


def test_next_link_pager_bad_envelope(make: Callable[..., APIClient]) -> None:
    client = make(lambda request: httpx.Response(200, json={"status": "error"}))
    with pytest.raises(ResponseDecodeError, match="success envelope"):
        Pager(client._transport, beat_list()).to_list()


def test_scheme_less_next_links_are_followed(make: Callable[..., APIClient]) -> None:
    # Regression: Beatport's "next": "api.beatport.com/v4/..." (no scheme) was joined as a
    # relative path, so every page after the first was a 404.
    server = LinkServer(7, next_base="api.test/v2/beats")
    pages = [page for page in Pager(make(server)._transport, beat_list()).pages()]
    assert [page.items for page in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    assert server.urls[1:] == [f"{BASE}/beats?page=2&sort=new", f"{BASE}/beats?page=3&sort=new"]


def test_scheme_less_next_link_to_another_host_is_refused(
    make: Callable[..., APIClient],
) -> None:
    server = LinkServer(10, next_base="evil.test/v2/beats")
    with pytest.raises(ResponseDecodeError, match="another host"):
        Pager(make(server)._transport, beat_list()).to_list()
    assert len(server.urls) == 1


# --- page-number paging: whatever the server claims, pages are planned lazily ------------------


class ClaimingServer:
    """``GET /tracks?page=N``: one track per page, claiming ``last_page`` pages in all."""

    def __init__(self, last_page: int, *, delay: Callable[[int], float] | None = None) -> None:
        self.last_page = last_page
        self.delay = delay
        self.pages: list[int] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        with self._lock:
            self.pages.append(page)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay is not None:
                sleep(self.delay(page))
            body = {"data": [{"id": page}], "current_page": page, "last_page": self.last_page}
            return httpx.Response(200, json=body)
        finally:
            with self._lock:
                self.in_flight -= 1


def numbered_page(body: Any) -> PageData:
    """A Laravel-style body: ``data``, ``current_page`` and ``last_page``."""
    return PageData(items=body["data"], page=body["current_page"], last_page=body["last_page"])


def numbered_list(paging: Paging | None = None) -> Operation[Any]:
    return Operation(
        name="tracks.list",
        method="GET",
        path="/tracks",
        result=Any,
        unwrap=lambda raw: raw["id"],
        paging=paging or PageNumberPaging(extract=numbered_page),
    )


def test_first_page_of_a_huge_claim_is_cheap(make: Callable[..., APIClient]) -> None:
    # Regression: every page request was built up front: last_page=100000 cost about 36 MB
    # before first_page() returned a single item.
    server = ClaimingServer(100_000)
    pager = Pager(make(server)._transport, numbered_list(), limit=1)
    tracemalloc.start()
    try:
        page = pager.first_page()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert page.items == [1]
    assert page.has_next is True
    assert peak < 1_000_000
    assert server.pages == [1]


@pytest.mark.parametrize("prefetch", [1, 4])
def test_a_huge_claim_is_walked_lazily_in_order(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    server = ClaimingServer(10**15, delay=lambda page: 0.001 * (page % 3))
    pager = Pager(make(server, prefetch=prefetch)._transport, numbered_list(), limit=30)
    assert pager.to_list() == list(range(1, 31))
    assert sorted(server.pages) == list(range(1, 31))
    assert server.max_in_flight <= prefetch


def test_stopping_early_on_a_huge_claim_stops_fetching(
    make: Callable[..., APIClient],
) -> None:
    server = ClaimingServer(10**15)
    pager = Pager(make(server, prefetch=4)._transport, numbered_list())
    seen: list[int] = []
    with closing(pager.__iter__()) as items:
        for item in items:
            seen.append(item)
            if len(seen) == 10:
                break
    assert seen == list(range(1, 11))
    # The first page, the ten yielded, and at most a prefetch window beyond them.
    assert len(server.pages) <= 10 + 4


class GrowingServer:
    """``GET /tracks?page=N``: one track per page, each page claiming one page more
    (page N says ``last_page`` N + 1), for ever."""

    def __init__(self) -> None:
        self.pages: list[int] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        with self._lock:
            self.pages.append(page)
            if len(self.pages) > 20:  # the bound of this test, not of the pager
                return httpx.Response(500)
        body = {"data": [{"id": page}], "current_page": page, "last_page": page + 1}
        return httpx.Response(200, json=body)


@pytest.mark.parametrize("paged", [numbered_list, "linkless"])
@pytest.mark.parametrize("prefetch", [1, 4])
def test_a_page_count_that_grows_does_not_lengthen_the_walk(
    make: Callable[..., APIClient], prefetch: int, paged: Any
) -> None:
    # Regression: walked one page at a time (prefetch 1, or pages followed by number
    # without a link), every page's own last_page was believed: a server that always
    # claims one page more was walked for ever. The first page's count is the plan, as
    # it always was when the remaining pages are prefetched.
    server = GrowingServer()
    op = numbered_list() if paged is numbered_list else linkless_list()
    pager = Pager(make(server, prefetch=prefetch)._transport, op)
    assert pager.to_list() == [1, 2]
    assert sorted(server.pages) == [1, 2]
    pages = [
        page for page in Pager(make(server, prefetch=prefetch)._transport, op).pages()
    ]
    assert [page.has_next for page in pages] == [True, False]


# --- page numbers: an answer for another page than the one asked for ------------------------


class StuckServer:
    """Answers ``GET /tracks?page=N`` with the page ``answer(N)``, one track a page: a
    cache or proxy that drops the query string sends page 1 for every page."""

    def __init__(self, last_page: int, answer: Callable[[int], int]) -> None:
        self.last_page = last_page
        self.answer = answer
        self.pages: list[int] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        asked = int(request.url.params.get("page", "1"))
        with self._lock:
            self.pages.append(asked)
        page = self.answer(asked)
        body = {"data": [{"id": page}], "current_page": page, "last_page": self.last_page}
        return httpx.Response(200, json=body)


def linkless_list() -> Operation[Any]:
    """A next-link list whose bodies give page numbers only (followed by number)."""
    return numbered_list(NextLinkPaging(extract=numbered_page))


@pytest.mark.parametrize("paged", [numbered_list, linkless_list])
@pytest.mark.parametrize("prefetch", [1, 4])
@pytest.mark.parametrize(
    ("answer", "asked", "sent"),
    [(lambda page: 1, 2, 1), (lambda page: page + 1 if page >= 2 else page, 2, 3)],
)
def test_a_page_answered_for_another_page_is_a_decode_error(
    make: Callable[..., APIClient],
    answer: Callable[[int], int],
    asked: int,
    sent: int,
    prefetch: int,
    paged: Callable[[], Operation[Any]],
) -> None:
    # Regression: the pager yielded page 1's items again for page 2, or read page 3 as
    # page 2 and went on from there, page 2's items never seen.
    server = StuckServer(5, answer)
    pager = Pager(make(server, prefetch=prefetch)._transport, paged())
    seen: list[int] = []

    def walk() -> None:
        for item in pager:
            seen.append(item)

    with pytest.raises(ResponseDecodeError, match=f"asked for page {asked}, the API answered"):
        walk()
    assert seen == list(range(1, asked))


# --- Range paging with a learnt unit -----------------------------------------------------------


@pytest.mark.parametrize("prefetch", [1, 4])
def test_learnt_unit_first_request_sends_no_range(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    server = RangeServer(45, default_window=20)
    pager = Pager(make(server, prefetch=prefetch)._transport, learnt_list())
    assert pager.to_list() == list(range(45))
    assert server.ranges[0] is None
    assert sorted(server.ranges[1:], key=range_start) == ["tracks=20-39", "tracks=40-59"]


def test_learnt_unit_with_a_page_size_asks_for_a_window(
    make: Callable[..., APIClient],
) -> None:
    server = RangeServer(45, default_window=20)
    pager = Pager(make(server)._transport, learnt_list(page_size=30))
    assert pager.to_list() == list(range(45))
    assert sorted(server.ranges, key=range_start) == ["tracks=0-29", "tracks=30-59"]


def test_learnt_unit_unknown_length_is_walked_one_by_one_until_416(
    make: Callable[..., APIClient],
) -> None:
    server = RangeServer(45, default_window=20, unknown_total=True)
    pager = Pager(make(server, prefetch=4)._transport, learnt_list())
    assert pager.to_list() == list(range(45))
    # No prefetch without a length: one request at a time, the last one a 416.
    assert server.max_in_flight == 1
    assert server.ranges == [None, "tracks=20-39", "tracks=40-59", "tracks=60-79"]


def test_learnt_unit_empty_collection(make: Callable[..., APIClient]) -> None:
    server = RangeServer(0, default_window=20)
    pager = Pager(make(server)._transport, learnt_list())
    page = pager.first_page()
    assert page.items == []
    assert page.total == 0
    assert not page.has_next
    assert pager.to_list() == []
    assert server.ranges == [None, None]


# --- prefetched pages that end elsewhere than planned ------------------------------------


def capped(server: RangeServer, cap: int) -> RangeServer:
    """``server`` serving at most ``cap`` items a window, and saying so in Content-Range."""
    full = server._answer

    def answer(request: httpx.Request, header: str | None) -> httpx.Response:
        if header is None:
            return full(request, header)
        first, last = (int(x) for x in header.split("=")[1].split("-"))
        return full(request, f"tracks={first}-{min(last, first + cap - 1)}")

    server._answer = answer  # type: ignore[method-assign]
    return server


@pytest.mark.parametrize("prefetch", [1, 4])
def test_a_server_that_serves_shorter_windows_loses_no_items(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    # Asked for 100 a page, the server serves 50 and says "tracks 0-49/200": the windows
    # planned after the first page (100-199...) would skip 50-99's successors.
    server = capped(RangeServer(200), 50)
    pager = Pager(make(server, prefetch=prefetch)._transport, track_list(100))
    assert pager.to_list() == list(range(200))


@pytest.mark.parametrize("prefetch", [1, 4])
def test_shorter_windows_with_a_limit(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    server = capped(RangeServer(500), 30)
    pager = Pager(make(server, prefetch=prefetch)._transport, track_list(100), limit=170)
    assert pager.to_list() == list(range(170))


def test_a_collection_that_shrinks_yields_what_is_left(
    make: Callable[..., APIClient],
) -> None:
    server = RangeServer(200)

    def shrinking(request: httpx.Request) -> httpx.Response:
        if request.headers.get("range") != "tracks=0-19":
            del server.tracks[50:]
        return server._answer(request, request.headers.get("range"))

    pages = [
        page.items
        for page in Pager(make(shrinking, prefetch=1)._transport, track_list()).pages()
    ]
    # prefetch=1 walks the shrunken collection; prefetch=4 must yield the same items.
    prefetched = RangeServer(200)

    def shrinking_too(request: httpx.Request) -> httpx.Response:
        if request.headers.get("range") != "tracks=0-19":
            del prefetched.tracks[50:]
        return prefetched._answer(request, request.headers.get("range"))

    again = [
        page.items
        for page in Pager(
            make(shrinking_too, prefetch=4)._transport, track_list()
        ).pages()
    ]
    flat = [item for items in again for item in items]
    assert flat == [item for items in pages for item in items] == list(range(50))


@pytest.mark.parametrize("prefetch", [1, 4])
def test_prefetch_and_sequential_walks_agree_when_the_total_grows(
    make: Callable[..., APIClient], prefetch: int
) -> None:
    # The collection grows by 10 after the first page: a walk reads what each page says,
    # whether the pages after the first are fetched ahead or not.
    server = RangeServer(60)
    grown = False

    def growing(request: httpx.Request) -> httpx.Response:
        nonlocal grown
        if request.headers.get("range") != "tracks=0-19" and not grown:
            grown = True
            server.tracks.extend({"id": i, "title": ""} for i in range(60, 70))
        return server._answer(request, request.headers.get("range"))

    pager = Pager(make(growing, prefetch=prefetch)._transport, track_list())
    assert pager.to_list() == list(range(70))


@pytest.mark.parametrize("name", ["Range", "range", "RANGE"])
@pytest.mark.parametrize("paging", ["range", "links"])
def test_a_range_header_in_the_options_of_a_list_is_refused_before_sending(
    make: Callable[..., APIClient], name: str, paging: str
) -> None:
    # Sent with every page, it replaced each page's window: the walk failed with "the
    # next-page links go round in a circle" after asking for one window twice.
    server = RangeServer(45)
    operation = track_list() if paging == "range" else beat_list()
    options = RequestOptions(headers={name: "tracks=0-9"})
    with pytest.raises(ConfigurationError, match="Range"):
        Pager(make(server)._transport, operation, options=options)
    assert server.requests == 0


@pytest.mark.parametrize(
    ("paging", "hint"), [("range", "page_size= and start="), ("links", "page= and per_page=")]
)
def test_a_range_header_refused_on_a_list_names_that_list_s_paging_arguments(
    make: Callable[..., APIClient], paging: str, hint: str
) -> None:
    # Only Range-paged lists (Beat Technology) take page_size= and start=; the message
    # pointed every list there, including page-number and next-link ones that have none.
    server = RangeServer(45)
    operation = track_list() if paging == "range" else beat_list()
    options = RequestOptions(headers={"Range": "tracks=0-9"})
    with pytest.raises(ConfigurationError) as info:
        Pager(make(server)._transport, operation, options=options)
    assert hint in str(info.value)
    other = "page_size=" if paging == "links" else "per_page="
    assert other not in str(info.value)
    assert server.requests == 0


@pytest.mark.parametrize("options", [{"timeout": 5}, "fast", 5])
def test_options_that_are_no_request_options_are_a_type_error_before_sending(
    make: Callable[..., APIClient], options: Any
) -> None:
    server = RangeServer(45)
    with pytest.raises(TypeError, match="RequestOptions"):
        Pager(make(server)._transport, track_list(), options=options)
    assert server.requests == 0
