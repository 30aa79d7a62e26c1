"""The pure page-state machines: Content-Range parsing and the three Paging kinds."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from beatkit._core.http import build_request
from beatkit._core.operation import Operation
from beatkit._core.pagination import (
    ContentRange,
    NextLinkPaging,
    PageData,
    PageNumberPaging,
    PagingError,
    RangePaging,
    parse_content_range,
    plan_skips,
    with_range,
)
from beatkit._core.settings import DEFAULT_TIMEOUT
from beatkit.errors import RangeNotSatisfiableError

BASE = "https://api.test/v2/tracks"


def tracks(body: Any) -> list[Any]:
    return body["tracks"]


def op() -> Operation[Any]:
    return Operation(name="tracks.list", method="GET", path="/tracks", params={"query": "gaga"})


def answer(
    status: int,
    body: Any,
    *,
    content_range: str | None = None,
    url: str = BASE,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    all_headers = dict(headers or {})
    if content_range is not None:
        all_headers["Content-Range"] = content_range
    return httpx.Response(status, json=body, headers=all_headers, request=httpx.Request("GET", url))


def range_of(operation: Operation[Any] | None) -> str | None:
    assert operation is not None
    return operation.headers.get("Range")


# --- parse_content_range -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("tracks 0-19/21", ContentRange("tracks", 0, 19, 21)),
        ("tracks 0-19/*", ContentRange("tracks", 0, 19, None)),
        ("tracks */21", ContentRange("tracks", None, None, 21)),
        ("products 20-39/40", ContentRange("products", 20, 39, 40)),
        ("items 5-5/6", ContentRange("items", 5, 5, 6)),
        ("  tracks\t0-0/1  ", ContentRange("tracks", 0, 0, 1)),
    ],
)
def test_parse_content_range_valid(value: str, expected: ContentRange) -> None:
    assert parse_content_range(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "garbage",
        "tracks",
        "tracks 0-19",
        "tracks=0-19/21",
        "0-19/21",
        "tracks 19-0/21",
        "tracks */*",
        "tracks -1-19/21",
        "tracks 0-19/-1",
        "tracks a-b/c",
        "tracks 0-19/21 extra",
        "tra(ks 0-19/21",
    ],
)
def test_parse_content_range_invalid(value: str) -> None:
    with pytest.raises(PagingError):
        parse_content_range(value)


def test_paging_error_is_a_value_error() -> None:
    assert issubclass(PagingError, ValueError)


_units = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", min_size=1
)


@given(
    unit=_units,
    first=st.integers(min_value=0, max_value=10**12),
    span=st.integers(min_value=0, max_value=10**6),
    length=st.one_of(st.none(), st.integers(min_value=0, max_value=10**12)),
)
def test_content_range_round_trip(unit: str, first: int, span: int, length: int | None) -> None:
    last = first + span
    header = f"{unit} {first}-{last}/{'*' if length is None else length}"
    assert parse_content_range(header) == ContentRange(unit, first, last, length)


@given(unit=_units, length=st.integers(min_value=0, max_value=10**12))
def test_unsatisfied_content_range_round_trip(unit: str, length: int) -> None:
    assert parse_content_range(f"{unit} */{length}") == ContentRange(unit, None, None, length)


@pytest.mark.parametrize(
    "value",
    [
        "tracks 0-19/" + "9" * 5000,  # int() itself refuses this many digits (ValueError)
        "tracks 0-" + "9" * 5000 + "/*",
        "tracks " + "1" * 19 + "-" + "2" * 19 + "/*",
        "tracks 0-19/" + "1" * 19,
        "tracks \u0660-\u0661\u0669/\u0662\u0661",  # Arabic-Indic digits
        "tracks 0-19/\uff12\uff11",  # fullwidth digits
        "tracks\u00a00-19/21",  # a no-break space is not OWS
        "tracks 0-19/21\n",
        "tracks 0-19/21\x00",
    ],
)
def test_parse_content_range_refuses_odd_numbers_with_paging_error(value: str) -> None:
    # Regression: thousands of digits raised a plain ValueError from int(), and other
    # scripts' digits were accepted as numbers.
    with pytest.raises(PagingError):
        parse_content_range(value)


def test_parse_content_range_accepts_the_longest_numbers() -> None:
    biggest = 10**18 - 1
    assert parse_content_range(f"tracks 0-{biggest}/{biggest}") == ContentRange(
        "tracks", 0, biggest, biggest
    )


@pytest.mark.fuzz
@given(st.text())
@example("tracks 0-19/" + "9" * 5000)
@example("tracks \u0660-\u0661/\u0662")
def test_parse_content_range_only_raises_paging_error(value: str) -> None:
    try:
        parsed = parse_content_range(value)
    except PagingError:
        return
    # Whatever it accepts reads back to the same header.
    assert value.isascii()
    rebuilt = (
        f"{parsed.unit} */{parsed.length}"
        if parsed.first is None
        else f"{parsed.unit} {parsed.first}-{parsed.last}/"
        f"{'*' if parsed.length is None else parsed.length}"
    )
    assert parse_content_range(rebuilt) == parsed


_header_pieces = st.lists(
    st.one_of(
        _units,
        st.sampled_from([" ", "\t", "-", "/", "*", "0", "19", "007", "\u0661", "\n", "=", "x"]),
        st.integers(min_value=0, max_value=10**25).map(str),
    ),
    max_size=8,
)


@pytest.mark.fuzz
@given(_header_pieces)
def test_parse_content_range_on_header_like_text(pieces: list[str]) -> None:
    value = "".join(pieces)
    try:
        parsed = parse_content_range(value)
    except PagingError:
        return
    assert parsed.first is None or parsed.last is not None
    assert parsed.first is None or parsed.first <= (parsed.last or 0)
    for number in (parsed.first, parsed.last, parsed.length):
        assert number is None or 0 <= number < 10**18


# --- RangePaging ---------------------------------------------------------------------------


def test_range_paging_prepare_asks_for_the_first_window() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    first = paging.prepare(op())
    assert first.headers["Range"] == "tracks=0-19"
    # The operation is otherwise unchanged.
    assert first.params == {"query": "gaga"}
    assert first.path == "/tracks"


def test_range_paging_prepare_keeps_other_headers_and_page_size() -> None:
    paging = RangePaging(unit="products", extract=tracks, page_size=50)
    base = Operation(name="x", method="GET", path="/p", headers={"X-Tenant": "t"})
    first = paging.prepare(base)
    assert first.headers == {"X-Tenant": "t", "Range": "products=0-49"}
    assert base.headers == {"X-Tenant": "t"}


@pytest.mark.parametrize("unit", ["", "two words", "tracks=", "a/b"])
def test_range_paging_rejects_bad_units(unit: str) -> None:
    with pytest.raises(ValueError, match="unit"):
        RangePaging(unit=unit, extract=tracks)


@pytest.mark.parametrize("size", [0, -1])
def test_range_paging_rejects_bad_page_size(size: int) -> None:
    with pytest.raises(ValueError, match="page_size"):
        RangePaging(unit="tracks", extract=tracks, page_size=size)


def test_range_paging_next_page_when_length_exceeds_last_plus_one() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    first = paging.prepare(op())
    body = {"tracks": list(range(20))}
    raw = paging.read(first, answer(206, body, content_range="tracks 0-19/21"), body)
    assert list(raw.items) == list(range(20))
    assert raw.total == 21
    assert range_of(raw.next) == "tracks=20-39"
    assert raw.rest is not None
    assert [range_of(o) for o in raw.rest] == ["tracks=20-39"]


def test_range_paging_reads_the_body_it_is_given() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    first = paging.prepare(op())
    response = answer(206, {"ignored": True}, content_range="tracks 0-19/21")
    raw = paging.read(first, response, {"tracks": ["a"]})
    assert list(raw.items) == ["a"]


@pytest.mark.parametrize("content_range", ["tracks 0-19/20", "tracks 0-19/19", "tracks 0-19/5"])
def test_range_paging_no_next_when_length_is_reached(content_range: str) -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    raw = paging.read(
        paging.prepare(op()),
        answer(206, {"tracks": [1]}, content_range=content_range),
        {"tracks": [1]},
    )
    assert raw.next is None
    assert raw.rest == []


def test_range_paging_short_page_continues_after_last_not_after_items() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": [0, 1, 2]}  # only 3 items for a 20-item window
    raw = paging.read(paging.prepare(op()), answer(206, body, content_range="tracks 0-19/45"), body)
    assert list(raw.items) == [0, 1, 2]
    assert range_of(raw.next) == "tracks=20-39"
    assert raw.rest is not None
    assert [range_of(o) for o in raw.rest] == ["tracks=20-39", "tracks=40-59"]


def test_range_paging_rest_is_planned_from_last() -> None:
    paging = RangePaging(unit="tracks", extract=tracks, page_size=10)
    body = {"tracks": list(range(10))}
    second = paging.window(op(), 10)
    raw = paging.read(second, answer(206, body, content_range="tracks 10-19/45"), body)
    assert raw.rest is not None
    assert [range_of(o) for o in raw.rest] == ["tracks=20-29", "tracks=30-39", "tracks=40-49"]
    assert raw.next is raw.rest[0]
    # Every planned request keeps the original query.
    assert all(o.params == {"query": "gaga"} for o in raw.rest)


def test_range_paging_unknown_length_continues_while_non_empty() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": [1, 2]}
    raw = paging.read(paging.prepare(op()), answer(206, body, content_range="tracks 0-19/*"), body)
    assert raw.total is None
    assert range_of(raw.next) == "tracks=20-39"
    # Nothing can be planned ahead when the length is unknown.
    assert not raw.rest

    empty = {"tracks": []}
    window = paging.window(op(), 20)
    raw = paging.read(window, answer(206, empty, content_range="tracks 20-39/*"), empty)
    assert raw.next is None


def test_range_paging_200_without_content_range_is_a_single_page() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": list(range(57))}
    raw = paging.read(paging.prepare(op()), answer(200, body), body)
    assert list(raw.items) == list(range(57))
    assert raw.total == 57
    assert raw.next is None
    assert raw.rest == []


def test_range_paging_200_with_content_range_is_read_like_206() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": list(range(20))}
    raw = paging.read(paging.prepare(op()), answer(200, body, content_range="tracks 0-19/30"), body)
    assert range_of(raw.next) == "tracks=20-39"


def test_range_paging_206_without_content_range_is_an_error() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": [1]}
    with pytest.raises(PagingError, match="Content-Range"):
        paging.read(paging.prepare(op()), answer(206, body), body)


def test_range_paging_unit_mismatch_is_an_error() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": [1]}
    with pytest.raises(PagingError, match="unit"):
        paging.read(paging.prepare(op()), answer(206, body, content_range="items 0-19/21"), body)


def test_range_paging_star_range_on_206_is_an_error() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": [1]}
    with pytest.raises(PagingError, match=r"\*"):
        paging.read(paging.prepare(op()), answer(206, body, content_range="tracks */21"), body)


def test_range_paging_malformed_content_range_is_an_error() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": [1]}
    with pytest.raises(PagingError, match="malformed"):
        paging.read(paging.prepare(op()), answer(206, body, content_range="tracks zero"), body)


def past_the_end(content_range: str | None = "tracks */21") -> RangeNotSatisfiableError:
    return RangeNotSatisfiableError(
        "past the end", status_code=416, service="test", content_range=content_range
    )


def test_range_paging_ends_on_416() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    assert paging.end_on_range_not_satisfiable(paging.prepare(op()), past_the_end()) is True


@pytest.mark.parametrize(
    ("content_range", "ends"),
    [("banners */30", True), (None, True), ("not a range", True), ("items */30", False)],
)
def test_a_416_in_another_unit_than_the_guessed_window_is_raised(
    content_range: str | None, ends: bool
) -> None:
    # An explicit window in a guessed unit: a 416 naming another unit says the server did
    # not know the guess; reading it as "no more items" would give an empty list silently.
    paging = RangePaging(extract=tracks, fallback_unit="banners", page_size=10)
    first = paging.prepare(op())
    assert paging.end_on_range_not_satisfiable(first, past_the_end(content_range)) is ends


# --- NextLinkPaging -------------------------------------------------------------------------


def links(body: Any) -> PageData:
    return PageData(
        items=body["items"],
        total=body.get("total"),
        next_url=body.get("next"),
        page=body.get("page"),
        last_page=body.get("last_page"),
    )


def test_next_link_is_followed() -> None:
    paging = NextLinkPaging(extract=links)
    first = paging.prepare(op())
    assert first is not None
    body = {"items": [1, 2], "total": 4, "next": f"{BASE}?cursor=abc"}
    raw = paging.read(first, answer(200, body), body)
    assert list(raw.items) == [1, 2]
    assert raw.total == 4
    assert raw.next is not None
    assert raw.next.url == f"{BASE}?cursor=abc"
    # The link carries its own query: the original parameters are dropped.
    assert raw.next.params == {}
    assert raw.rest is None


def test_relative_next_link_is_resolved_against_the_request() -> None:
    paging = NextLinkPaging(extract=links)
    body = {"items": [], "next": "/v2/tracks?page=2"}
    raw = paging.read(op(), answer(200, body), body)
    assert raw.next is not None
    assert raw.next.url == "https://api.test/v2/tracks?page=2"


SEARCH = "https://api.beatport.com/v4/catalog/search/?q=daft&type=tracks&per_page=3"


def test_scheme_less_next_link_is_absolute_on_the_page_scheme() -> None:
    # Regression: Beatport sends "next": "api.beatport.com/v4/...", which was joined as a
    # relative path and asked for /v4/catalog/search/api.beatport.com/v4/catalog/search/.
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": "api.beatport.com/v4/catalog/search/?q=daft&type=tracks&page=2"}
    raw = paging.read(op(), answer(200, body, url=SEARCH), body)
    assert raw.next is not None
    assert raw.next.url == "https://api.beatport.com/v4/catalog/search/?q=daft&type=tracks&page=2"
    assert raw.next.params == {}


@pytest.mark.parametrize(
    ("page_url", "link", "expected"),
    [
        (
            "http://127.0.0.1:8000/v4/catalog/tracks/",
            "127.0.0.1:8000/v4/catalog/tracks/?page=2",
            "http://127.0.0.1:8000/v4/catalog/tracks/?page=2",
        ),
        (
            "http://localhost:8000/v4/catalog/tracks/",
            "localhost:8000/v4/catalog/tracks/?page=2",
            "http://localhost:8000/v4/catalog/tracks/?page=2",
        ),
        (
            "https://API.test/v2/tracks",
            "api.TEST/v2/tracks?page=2",
            "https://api.test/v2/tracks?page=2",
        ),
        (
            "https://[::1]:8443/v2/tracks",
            "[::1]:8443/v2/tracks?page=2",
            "https://[::1]:8443/v2/tracks?page=2",
        ),
        # Relative references that only look a little like host names stay relative.
        (BASE, "tracks?page=2", "https://api.test/v2/tracks?page=2"),
        (BASE, "tracks.json?page=2", "https://api.test/v2/tracks.json?page=2"),
        (BASE, "v2.1/tracks?page=2", "https://api.test/v2/v2.1/tracks?page=2"),
        (BASE, "?page=2", "https://api.test/v2/tracks?page=2"),
    ],
)
def test_scheme_less_next_links(page_url: str, link: str, expected: str) -> None:
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": link}
    raw = paging.read(op(), answer(200, body, url=page_url), body)
    assert raw.next is not None
    assert raw.next.url == expected


@pytest.mark.parametrize(
    "link",
    [
        "evil.test/v4/catalog/search/?page=2",
        "api.beatport.com.evil.test/v4/?page=2",
        "api.beatport.com:8443/v4/?page=2",
        "127.0.0.1/v4/?page=2",
        "localhost/v4/?page=2",
    ],
)
def test_scheme_less_next_link_to_another_origin_is_refused(link: str) -> None:
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": link}
    with pytest.raises(PagingError, match="another host"):
        paging.read(op(), answer(200, body, url=SEARCH), body)


@pytest.mark.parametrize(
    "link", ["https://[::1", "http://exa mple.test/x", "https://api.test:99999/x", "\x00"]
)
def test_unusable_next_link_is_a_paging_error(link: str) -> None:
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": link}
    with pytest.raises(PagingError):
        paging.read(op(), answer(200, body), body)


_hosts = st.sampled_from(["api.test", "API.Test", "evil.test", "api.test.evil", "127.0.0.1"])
_link_text = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
        st.sampled_from(["", "https://", "http://", "//", "HTTPS://", "ftp://", "javascript:"]),
        _hosts,
        st.sampled_from(["", ":443", ":8443", ":", ":x"]),
        st.text(alphabet="/?#&=.%@:[]\\ abc12", max_size=30),
    ),
)


@pytest.mark.fuzz
@given(_link_text)
@example("api.test/v2/tracks?page=2")
@example("evil.test/v2/tracks?page=2")
@example("HTTPS://API.TEST./v2/tracks?page=2")  # a rooted name: followed as the API's host
def test_next_links_are_same_origin_or_a_paging_error(link: str) -> None:
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": link}
    try:
        raw = paging.read(op(), answer(200, body), body)
    except PagingError:
        return
    if raw.next is None:
        assert not link
        return
    assert raw.next.url is not None
    followed = httpx.URL(raw.next.url)
    assert (followed.scheme, followed.host, followed.port) == ("https", "api.test", None)


def test_a_link_to_the_page_itself_through_a_rooted_name_is_refused() -> None:
    # "api.test." is the host the page came from: followed, the walk would go round.
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": BASE.replace("://api.test/", "://api.test./")}
    with pytest.raises(PagingError, match="the page itself"):
        paging.read(op(), answer(200, body), body)


@pytest.mark.fuzz
@given(st.text(alphabet="abcxyz0123456789-._~/?&=%", max_size=40))
def test_a_scheme_less_link_means_the_same_as_with_the_page_scheme(rest: str) -> None:
    assume(not rest.startswith(("/", ":")))
    paging = NextLinkPaging(extract=links)

    def follow(link: str) -> str | None:
        body = {"items": [1], "next": link}
        try:
            raw = paging.read(op(), answer(200, body), body)
        except PagingError:
            return "refused"
        return None if raw.next is None else raw.next.url

    assert follow(f"api.test/{rest}") == follow(f"https://api.test/{rest}")


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.test/v2/tracks?page=2",
        "http://api.test/v2/tracks?page=2",
        "https://api.test:8443/v2/tracks?page=2",
        "//evil.test/steal",
    ],
)
def test_next_link_to_another_origin_is_refused(link: str) -> None:
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": link}
    with pytest.raises(PagingError, match="another host"):
        paging.read(op(), answer(200, body), body)


@pytest.mark.parametrize(
    "link", [f"{BASE}?query=gaga", "/v2/tracks?query=gaga", "api.test/v2/tracks?query=gaga"]
)
def test_next_link_to_the_page_itself_is_a_paging_error(link: str) -> None:
    # Followed, it was asked for again and again: forever without a limit.
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": link}
    with pytest.raises(PagingError, match="the page itself"):
        paging.read(op(), answer(200, body, url=f"{BASE}?query=gaga"), body)


def test_a_downgraded_next_link_is_named_as_such() -> None:
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": "http://api.test/v2/tracks?page=2"}
    with pytest.raises(PagingError, match=r"\(http://api\.test\)"):
        paging.read(op(), answer(200, body), body)


def test_keep_params_sends_what_the_link_leaves_out() -> None:
    paging = NextLinkPaging(extract=links, keep_params=True)
    body = {"items": [1], "next": "/v2/tracks?page=2&sort=new"}
    raw = paging.read(op(), answer(200, body, url=f"{BASE}?sort=old&genre=1&limit=5"), body)
    assert raw.next is not None and raw.next.url is not None
    # The link's own values win; the rest of the request's query goes along.
    assert dict(httpx.URL(raw.next.url).params) == {
        "page": "2",
        "sort": "new",
        "genre": "1",
        "limit": "5",
    }
    assert raw.next.params == {}


def test_next_link_falls_back_to_page_numbers() -> None:
    paging = NextLinkPaging(extract=links, page_param="p")
    body = {"items": [1], "page": 2, "last_page": 3}
    raw = paging.read(op(), answer(200, body), body)
    assert raw.next is not None
    assert raw.next.params == {"query": "gaga", "p": 3}
    assert raw.next.url is None


@pytest.mark.parametrize(
    "body",
    [
        {"items": [1]},
        {"items": [1], "page": 3, "last_page": 3},
        {"items": [1], "page": 1},
        {"items": [1], "next": None, "page": None, "last_page": 4},
        {"items": [1], "next": ""},
    ],
)
def test_next_link_paging_stops(body: Any) -> None:
    paging = NextLinkPaging(extract=links)
    raw = paging.read(op(), answer(200, body), body)
    assert raw.next is None
    assert NextLinkPaging(extract=links).end_on_range_not_satisfiable(op(), past_the_end()) is False


# --- PageNumberPaging -----------------------------------------------------------------------


def test_page_number_paging_plans_every_remaining_page() -> None:
    paging = PageNumberPaging(extract=links)
    assert paging.prepare(op()) == op()
    body = {"items": [1, 2], "total": 9, "page": 1, "last_page": 4}
    raw = paging.read(op(), answer(200, body), body)
    assert raw.total == 9
    assert raw.rest is not None
    assert [o.params["page"] for o in raw.rest] == [2, 3, 4]
    assert raw.next is raw.rest[0]
    assert all(o.params["query"] == "gaga" for o in raw.rest)


def test_page_number_paging_custom_param() -> None:
    paging = PageNumberPaging(extract=links, page_param="pg")
    body = {"items": [], "page": 1, "last_page": 2}
    raw = paging.read(op(), answer(200, body), body)
    assert raw.next is not None
    assert raw.next.params == {"query": "gaga", "pg": 2}


@pytest.mark.parametrize(
    "body",
    [
        {"items": [1], "page": 4, "last_page": 4},
        {"items": [1], "page": 5, "last_page": 4},
        {"items": [], "page": None, "last_page": 4},
        {"items": [1], "page": 1, "last_page": None},
    ],
)
def test_page_number_paging_last_page(body: Any) -> None:
    paging = PageNumberPaging(extract=links)
    raw = paging.read(op(), answer(200, body), body)
    assert raw.next is None
    assert raw.rest == []
    assert paging.end_on_range_not_satisfiable(op(), past_the_end()) is False


@pytest.mark.parametrize("asked", [None, 1, 2])
def test_a_page_that_names_no_number_is_the_page_asked_for(asked: int | None) -> None:
    # The counts are optional (BeatPass's OpenAPI file requires none): a page with
    # items and a last_page but no number used to end the walk, the rest unread.
    paging = PageNumberPaging(extract=links)
    body = {"items": [1], "page": None, "last_page": 4}
    first = op() if asked is None else attrs.evolve(op(), params={**op().params, "page": asked})
    raw = paging.read(first, answer(200, body), body)
    start = (asked or 1) + 1
    assert [o.params["page"] for o in raw.rest] == list(range(start, 5))
    # Counting no pages, it is followed by its link, one page after the other.
    linked = {"items": [1], "page": None, "next": f"{BASE}?page={start}"}
    following = paging.read(first, answer(200, linked), linked).next
    assert following is not None and following.params["page"] == start


@pytest.mark.parametrize("asked", [2, "2"])
def test_page_number_paging_refuses_an_answer_for_another_page(asked: object) -> None:
    # A server that clamps a page past the end, or ignores the parameter, answers
    # another page than asked: its items would be yielded twice, or some never.
    paging = PageNumberPaging(extract=links)
    body = {"items": [1, 2], "page": 1, "last_page": 4}
    second = attrs.evolve(op(), params={**op().params, "page": asked})
    with pytest.raises(PagingError, match="asked for page 2, the API answered page 1"):
        paging.read(second, answer(200, body), body)


def test_page_number_paging_refuses_another_page_on_a_followed_link() -> None:
    paging = PageNumberPaging(extract=links)
    body = {"items": [1], "page": 3, "last_page": 4}
    linked = attrs.evolve(op(), url=f"{BASE}?query=gaga&page=2")
    with pytest.raises(PagingError, match="asked for page 2, the API answered page 3"):
        paging.read(linked, answer(200, body), body)


def test_page_number_paging_plans_from_the_page_planned() -> None:
    paging = PageNumberPaging(extract=links)
    page_one = {"items": [], "page": 1, "last_page": 3}
    first = paging.read(op(), answer(200, page_one), page_one)
    assert first.rest is not None
    body = {"items": [5], "page": 2, "last_page": 3}
    raw = paging.read(first.rest[0], answer(200, body), body)
    assert list(raw.items) == [5]


@pytest.mark.parametrize(("asked", "sent"), [(2, 1), (2, 3)])
def test_next_link_page_number_fallback_refuses_an_answer_for_another_page(
    asked: int, sent: int
) -> None:
    # A body without a link but with numbers is followed by number: page 3 answered
    # for page 2 would be read as page 2, the next request asking for page 4 (page 2's
    # items never seen); page 1 again would be its items twice.
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "page": sent, "last_page": 5}
    second = attrs.evolve(op(), params={**op().params, "page": asked})
    with pytest.raises(PagingError, match=f"asked for page {asked}, the API answered page {sent}"):
        paging.read(second, answer(200, body), body)
    linked = attrs.evolve(op(), url=f"{BASE}?query=gaga&page={asked}")
    with pytest.raises(PagingError, match=f"asked for page {asked}, the API answered page {sent}"):
        paging.read(linked, answer(200, body), body)


def test_next_link_page_numbers_are_not_checked_beside_a_link() -> None:
    # A body with a link is followed by its link; its numbers (any base) are not read.
    paging = NextLinkPaging(extract=links)
    body = {"items": [1], "next": f"{BASE}?page=3", "page": 1, "last_page": 5}
    second = attrs.evolve(op(), url=f"{BASE}?page=2")
    raw = paging.read(second, answer(200, body, url=f"{BASE}?page=2"), body)
    assert raw.next is not None
    # The first page asks for none: the server's choice.
    body = {"items": [1], "page": 1, "last_page": 5}
    assert paging.read(op(), answer(200, body), body).next is not None


def test_range_paging_refuses_a_content_range_for_another_window() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": list(range(20))}
    second = paging.window(op(), 20)
    with pytest.raises(PagingError):
        paging.read(second, answer(206, body, content_range="tracks 0-19/45"), body)


def test_page_number_fallback_after_a_next_link_changes_the_request() -> None:
    paging = NextLinkPaging(extract=links)
    first_body = {"items": [1], "next": f"{BASE}?page=2"}
    second = paging.read(op(), answer(200, first_body), first_body).next
    assert second is not None
    # Page 2 only gives numbers: the request for page 3 must differ from page 2's.
    second_body = {"items": [2], "page": 2, "last_page": 3}
    third = paging.read(second, answer(200, second_body, url=f"{BASE}?page=2"), second_body).next
    assert third is not None
    with httpx.Client() as client:

        def url(operation: Operation[Any]) -> httpx.URL:
            return build_request(
                client,
                operation,
                base_url=httpx.URL("https://api.test/v2"),
                headers={},
                timeout=DEFAULT_TIMEOUT,
            ).url

        assert url(third) != url(second)
        assert url(third).params["page"] == "3"


# --- lazy page plans -----------------------------------------------------------------------


def peak_memory(action: Callable[[], Any]) -> int:
    """The peak of Python memory allocated while ``action`` runs, in bytes."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_page_number_plan_is_built_lazily() -> None:
    # Regression: last_page=100000 built every page request up front (about 36 MB, and
    # 7 s for 10**6) before even the first page was returned.
    paging = PageNumberPaging(extract=links)
    body = {"items": [1], "page": 1, "last_page": 100_000}
    raws: list[Any] = []
    peak = peak_memory(lambda: raws.append(paging.read(op(), answer(200, body), body)))
    assert peak < 200_000
    (raw,) = raws
    assert raw.rest is not None
    assert len(raw.rest) == 99_999
    assert raw.next is raw.rest[0]
    assert raw.rest[0].params == {"query": "gaga", "page": 2}
    assert raw.rest[-1].params["page"] == 100_000
    assert [o.params["page"] for o in raw.rest[3:6]] == [5, 6, 7]
    assert [o.params["page"] for o in raw.rest[99_997:]] == [99_999, 100_000]
    with pytest.raises(IndexError):
        raw.rest[99_999]


def test_range_plan_is_built_lazily() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": list(range(20))}
    raws: list[Any] = []
    header = "tracks 0-19/2000000"
    peak = peak_memory(
        lambda: raws.append(
            paging.read(paging.prepare(op()), answer(206, body, content_range=header), body)
        )
    )
    assert peak < 200_000
    (raw,) = raws
    assert raw.rest is not None
    assert len(raw.rest) == 99_999
    assert raw.next is raw.rest[0]
    assert [range_of(o) for o in raw.rest[:2]] == ["tracks=20-39", "tracks=40-59"]
    assert range_of(raw.rest[-1]) == "tracks=1999980-1999999"


def test_a_last_page_beyond_any_index_is_a_paging_error() -> None:
    paging = PageNumberPaging(extract=links)
    body = {"items": [1], "page": 1, "last_page": 2**70}
    with pytest.raises(PagingError, match="last_page"):
        paging.read(op(), answer(200, body), body)


# --- RangePaging: a unit learnt from the first answer (Beat Technology) --------------------


def learning(**kwargs: Any) -> RangePaging:
    return RangePaging(extract=tracks, fallback_unit="tracks", **kwargs)


def test_learnt_unit_sends_no_range_first() -> None:
    first = learning().prepare(op())
    assert "Range" not in first.headers
    assert first == op()


def test_learnt_unit_continues_in_the_answers_unit_and_window() -> None:
    # L98-106: the default window "tracks 0-19/21" -> the next request is tracks=20-39.
    paging = learning()
    body = {"tracks": list(range(20))}
    raw = paging.read(op(), answer(206, body, content_range="tracks 0-19/21"), body)
    assert raw.total == 21
    assert range_of(raw.next) == "tracks=20-39"
    assert raw.rest is not None
    assert [range_of(o) for o in raw.rest] == ["tracks=20-39"]


def test_learnt_unit_other_than_the_fallback() -> None:
    # The tsv guesses "events" for global events; the page answers in "items" (L2805).
    paging = RangePaging(extract=tracks, fallback_unit="events")
    body = {"tracks": list(range(10))}
    raw = paging.read(op(), answer(206, body, content_range="items 0-9/25"), body)
    assert raw.rest is not None
    assert [range_of(o) for o in raw.rest] == ["items=10-19", "items=20-29"]
    second = paging.read(raw.rest[0], answer(206, body, content_range="items 10-19/25"), body)
    assert second.rest is not None
    assert [range_of(o) for o in second.rest] == ["items=20-29"]


def test_learnt_page_size_is_the_callers_when_given() -> None:
    paging = learning(page_size=50)
    first = paging.prepare(op())
    assert range_of(first) == "tracks=0-49"
    body = {"tracks": list(range(50))}
    raw = paging.read(first, answer(206, body, content_range="tracks 0-49/120"), body)
    assert raw.rest is not None
    assert [range_of(o) for o in raw.rest] == ["tracks=50-99", "tracks=100-149"]


def test_a_window_in_the_fallback_unit_answered_in_another_unit() -> None:
    # The server did not know the guessed unit and sent its default window from 0.
    paging = RangePaging(extract=tracks, fallback_unit="groups", page_size=30)
    first = paging.prepare(op())
    assert range_of(first) == "groups=0-29"
    body = {"tracks": list(range(20))}
    raw = paging.read(first, answer(206, body, content_range="items 0-19/45"), body)
    assert range_of(raw.next) == "items=20-49"


def test_a_start_asks_for_a_window_and_an_ignored_one_is_an_error() -> None:
    paging = learning(start=40)
    first = paging.prepare(op())
    assert range_of(first) == "tracks=40-59"
    body = {"tracks": [1]}
    with pytest.raises(PagingError, match="ignored"):
        paging.read(first, answer(206, body, content_range="items 0-19/45"), body)


def test_learnt_unit_a_later_window_ignored_is_an_error() -> None:
    paging = learning()
    body = {"tracks": list(range(20))}
    raw = paging.read(op(), answer(206, body, content_range="tracks 0-19/45"), body)
    with pytest.raises(PagingError, match="ignored"):
        paging.read(raw.next, answer(206, body, content_range="tracks 0-19/45"), body)  # type: ignore[arg-type]


def test_learnt_unit_missing_length_is_unknown() -> None:
    # L81 writes "Content-Range: tracks 0-49" without "/length".
    paging = learning()
    body = {"tracks": list(range(50))}
    raw = paging.read(op(), answer(206, body, content_range="tracks 0-49"), body)
    assert raw.total is None
    assert range_of(raw.next) == "tracks=50-99"
    assert not raw.rest
    empty: dict[str, Any] = {"tracks": []}
    assert raw.next is not None
    end = paging.read(raw.next, answer(206, empty, content_range="tracks 50-99"), empty)
    assert end.next is None


def test_unknown_length_with_a_short_page_continues() -> None:
    # Section 1i: "items 20-39/*" with 17 items -> continue (a 416 ends the walk).
    paging = RangePaging(extract=tracks, fallback_unit="items", page_size=20, start=20)
    first = paging.prepare(op())
    body = {"tracks": list(range(17))}
    raw = paging.read(first, answer(206, body, content_range="items 20-39/*"), body)
    assert range_of(raw.next) == "items=40-59"
    assert paging.end_on_range_not_satisfiable(first, past_the_end("items */39")) is True


def test_short_last_page_has_no_next() -> None:
    # Section 1i: window tracks=40-59, length 45, 5 items -> no next.
    paging = RangePaging(extract=tracks, fallback_unit="tracks", page_size=20, start=40)
    first = paging.prepare(op())
    assert range_of(first) == "tracks=40-59"
    body = {"tracks": list(range(5))}
    raw = paging.read(first, answer(206, body, content_range="tracks 40-59/45"), body)
    assert raw.next is None
    assert raw.rest == []


def test_empty_collection_is_an_empty_206() -> None:
    paging = learning()
    body: dict[str, Any] = {"tracks": []}
    raw = paging.read(op(), answer(206, body, content_range="tracks 0-19/0"), body)
    assert list(raw.items) == []
    assert raw.total == 0
    assert raw.next is None


def test_changes_window_has_more() -> None:
    # Section 1i: "changes 0-99/101" -> more pages.
    paging = RangePaging(extract=tracks, fallback_unit="changes", page_size=100)
    first = paging.prepare(op())
    assert range_of(first) == "changes=0-99"
    body = {"tracks": list(range(100))}
    raw = paging.read(first, answer(206, body, content_range="changes 0-99/101"), body)
    assert range_of(raw.next) == "changes=100-199"


def test_learnt_unit_server_ignoring_range_is_one_page() -> None:
    body = {"tracks": list(range(57))}
    raw = learning().read(op(), answer(200, body), body)
    assert raw.total == 57
    assert raw.next is None


def test_a_window_needs_a_unit() -> None:
    with pytest.raises(ValueError, match="unit"):
        RangePaging(extract=tracks, page_size=10)
    with pytest.raises(ValueError, match="unit"):
        RangePaging(extract=tracks).window(op(), 0)
    with pytest.raises(ValueError, match="fallback_unit"):
        RangePaging(extract=tracks, fallback_unit="a b")
    with pytest.raises(ValueError, match="start"):
        RangePaging(extract=tracks, fallback_unit="tracks", start=-1)


@pytest.mark.parametrize(
    "window",
    [
        "products=20-39",
        "items=0-49",
        "changes=0-99",
        "actors=0-19",
        "artists=20-39",
        "releases=20-39",
        "bookmarks=20-39",
        "items=0-9",
        "tracks=0-49",
    ],
)
def test_the_pages_range_examples_are_sent_verbatim(window: str) -> None:
    unit, _, span = window.partition("=")
    first, _, last = span.partition("-")
    paging = RangePaging(
        extract=tracks,
        fallback_unit=unit,
        start=int(first),
        page_size=int(last) - int(first) + 1,
    )
    assert range_of(paging.prepare(op())) == window


def test_parse_content_range_without_length_only_when_allowed() -> None:
    with pytest.raises(PagingError):
        parse_content_range("tracks 0-49")
    assert parse_content_range("tracks 0-49", allow_missing_length=True) == ContentRange(
        "tracks", 0, 49, None
    )
    with pytest.raises(PagingError):
        parse_content_range("tracks *", allow_missing_length=True)


@pytest.mark.parametrize(
    ("content_range", "count"),
    [("tracks 0-1/2", 3), ("tracks 0-19/45", 21), ("tracks 20-39/*", 21), ("tracks 0-19", 21)],
)
def test_range_paging_refuses_more_items_than_its_range_holds(
    content_range: str, count: int
) -> None:
    # Whether Content-Range names the window asked for or the slice sent, a page never
    # holds more items than the range spans: extra items would be walked twice (the
    # next window starts after ``last``).
    paging = RangePaging(unit="tracks", extract=tracks)
    first = paging.prepare(op())
    if not content_range.startswith("tracks 0-"):
        first = paging.window(op(), 20)
    body = {"tracks": list(range(count))}
    with pytest.raises(PagingError, match="more items than"):
        paging.read(first, answer(206, body, content_range=content_range), body)
    fits = {"tracks": list(range(count - 1))}
    paging.read(first, answer(206, fits, content_range=content_range), fits)


def test_page_number_paging_without_a_page_count_walks_on_while_the_body_says_more() -> None:
    # Laravel's simplePaginate counts no pages: a page says only whether another
    # follows (next_page_url). Read as "no last page", the walk ended after page 1,
    # every later page silently missing.
    paging = PageNumberPaging(extract=links)
    body = {"items": [1], "page": 1, "next": "https://elsewhere.test/tracks?page=2"}
    raw = paging.read(op(), answer(200, body), body)
    assert raw.next is not None
    # Asked for by number, as every page of this paging is: the link itself (another
    # host here) is never followed, only its presence read.
    assert (raw.next.url, raw.next.params) == (None, {"query": "gaga", "page": 2})
    assert raw.rest is None  # not known ahead: fetched one after the other
    last = {"items": [2], "page": 2, "next": None}
    assert paging.read(raw.next, answer(200, last), last).next is None


@pytest.mark.parametrize(
    "body",
    [
        # An empty page that claims more would be asked for again and again.
        {"items": [], "page": 3, "next": f"{BASE}?page=4"},
        # A page count wins over a link.
        {"items": [1], "page": 2, "last_page": 2, "next": f"{BASE}?page=3"},
    ],
)
def test_page_number_paging_ends_where_a_link_does_not_say_more(body: Any) -> None:
    paging = PageNumberPaging(extract=links)
    asked = attrs.evolve(op(), params={**op().params, "page": body["page"] or 1})
    if body["page"] is None:
        asked = op()
    assert paging.read(asked, answer(200, body), body).next is None


# --- range units are case-insensitive (RFC 9110 §14.1) --------------------------------------


def test_a_content_range_unit_in_another_case_is_the_unit_asked_for() -> None:
    paging = RangePaging(unit="tracks", extract=tracks)
    body = {"tracks": list(range(20))}
    first = paging.prepare(op())
    raw = paging.read(first, answer(206, body, content_range="Tracks 0-19/45"), body)
    assert raw.total == 45
    # The walk goes on in the unit as the caller named it.
    assert range_of(raw.next) == "tracks=20-39"


def test_a_416_naming_the_unit_in_another_case_ends_the_walk() -> None:
    paging = RangePaging(extract=tracks, fallback_unit="banners", page_size=10)
    first = paging.prepare(op())
    assert paging.end_on_range_not_satisfiable(first, past_the_end("BANNERS */30")) is True


# --- plan_skips: when a prefetch plan must hand over to a page's own next request ---------


def _window(value: str) -> Operation[Any]:
    return with_range(op(), value)


@pytest.mark.parametrize(
    ("planned", "nxt", "skips"),
    [
        ("tracks=100-199", "tracks=50-149", True),  # a shorter window: 50-99 would be lost
        ("tracks=100-199", "tracks=100-199", False),
        ("tracks=100-199", "tracks=150-249", False),  # a longer one: the plan repeats
        ("tracks=100-199", "Tracks=50-149", True),
        (None, "tracks=200-299", True),  # the collection grew past the plan
        ("tracks=100-199", None, False),  # said done early (a changes feed may)
        (None, None, False),
    ],
)
def test_plan_skips(planned: str | None, nxt: str | None, skips: bool) -> None:
    planned_op = None if planned is None else _window(planned)
    nxt_op = None if nxt is None else _window(nxt)
    assert plan_skips(planned_op, nxt_op) is skips


def test_plan_skips_compares_requests_without_windows() -> None:
    page_2 = attrs.evolve(op(), params={"page": 2})
    assert plan_skips(page_2, attrs.evolve(op(), params={"page": 2})) is False
    assert plan_skips(page_2, attrs.evolve(op(), params={"page": 3})) is True


def test_learnt_unit_first_answer_must_start_at_zero() -> None:
    # No Range on the first request: the server's default window starts at offset 0
    # (L76). One that starts later would make the walk skip what lies before it, and
    # the pager would end as if it had seen the whole list.
    body = {"tracks": list(range(20))}
    with pytest.raises(PagingError, match="from 0"):
        learning().read(op(), answer(206, body, content_range="tracks 100-119/300"), body)
    raw = learning().read(op(), answer(206, body, content_range="tracks 0-19/300"), body)
    assert range_of(raw.next) == "tracks=20-39"
