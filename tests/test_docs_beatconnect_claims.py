"""docs/beatconnect.md's prose claims, checked against both clients.

Each test quotes (or paraphrases) the sentence it checks. The page's code blocks run
in ``tests/test_docs_examples_run.py`` and its table's signatures are bound in
``tests/test_docs_prose_calls.py``; these are the sentences around them: what a call
sends, what it refuses before sending, how the answers of both documented envelopes
are read. Every claim was true when this file was written; the tests pin it.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.beatconnect.models import OrderStatus
from beatkit.errors import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

API = "https://api.beatconnectafrica.com/v1"
FACADES = ["sync", "async"]
Handler = Callable[[httpx.Request], httpx.Response]


def answer(status: int, body: Any, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: httpx.Response(status, json=body, headers=headers)


def beat(beat_id: int = 1, **fields: Any) -> dict[str, Any]:
    return {"id": beat_id, "title": "Summer Vibes", **fields}


class Recorder:
    """Records every request, answers with ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


def run(facade: str, handler: Handler, action: Callable[[Any], Any], **options: Any) -> Any:
    """``action(client)`` on a sync or async client answered by ``handler``; pagers listed."""
    options.setdefault("api_key", "key-123")
    options.setdefault("max_retries", 0)
    transport = httpx.MockTransport(handler)
    if facade == "sync":
        with BeatConnect(http_client=httpx.Client(transport=transport), **options) as client:
            result = action(client)
            return list(result) if hasattr(result, "first_page") else result

    async def main() -> Any:
        http = httpx.AsyncClient(transport=transport)
        async with AsyncBeatConnect(http_client=http, **options) as client:
            result = action(client)
            if inspect.isawaitable(result):
                return await result
            if hasattr(result, "__aiter__"):
                return [item async for item in result]
            return result

    return asyncio.run(main())


# --- "Connecting" ---------------------------------------------------------------------


@pytest.mark.parametrize("key", [5, b"key", "a\nb", "a\x00b", "a b", "clé"])
@pytest.mark.parametrize("cls", [BeatConnect, AsyncBeatConnect])
def test_a_key_that_is_no_str_or_no_header_value_is_refused_when_the_client_is_built(
    cls: type, key: Any
) -> None:
    # "so does a key that is not a string or that an HTTP header cannot carry (a line
    # break inside it, a control character, a space, non-ASCII letters)" ... "never
    # appears in ... exceptions"
    with pytest.raises(ConfigurationError) as info:
        cls(api_key=key)
    if isinstance(key, str) and len(key) > 2:
        assert key not in str(info.value)


@pytest.mark.parametrize("facade", FACADES)
def test_surrounding_whitespace_is_stripped_and_the_key_goes_as_a_bearer_token(
    facade: str,
) -> None:
    # "Surrounding whitespace is stripped. The key is sent as a bearer token to the API
    # host only, and never appears in `repr`"
    server = Recorder(answer(200, {"status": "success", "data": {"beat": beat()}}))
    run(facade, server, lambda bc: bc.beats.get(1), api_key="  key-123\n")
    assert server.requests[-1].headers["Authorization"] == "Bearer key-123"
    assert "key-123" not in repr(BeatConnect(api_key="key-123"))


def test_the_key_is_not_sent_to_another_host_a_next_link_names() -> None:
    # "to the API host only": a next_page_url naming another host is not followed.
    def handler(request: httpx.Request) -> httpx.Response:
        pagination = {"total": 2, "next_page_url": "https://evil.example/v1/beats?page=2"}
        return httpx.Response(
            200, json={"status": "success", "data": {"beats": [beat()], "pagination": pagination}}
        )

    server = Recorder(handler)
    with pytest.raises(ResponseDecodeError):
        run("sync", server, lambda bc: bc.beats.list())
    assert {request.url.host for request in server.requests} == {"api.beatconnectafrica.com"}


# --- "Operations": limits checked before sending ------------------------------------------

REFUSED = [
    ("page 0", lambda bc: bc.beats.list(page=0)),
    ("page 10**18", lambda bc: bc.beats.list(page=10**18)),
    ("per_page 101", lambda bc: bc.beats.list(per_page=101)),
    ("orders per_page 101", lambda bc: bc.orders.list(per_page=101)),
    ("search per_page 51", lambda bc: bc.search("x", per_page=51)),
    ("beats.search per_page 51", lambda bc: bc.beats.search("x", per_page=51)),
    ("producers per_page 51", lambda bc: bc.users.search_producers("x", per_page=51)),
    ("similar limit 21", lambda bc: bc.beats.similar(1, limit=21)),
    ("similar limit 0", lambda bc: bc.beats.similar(1, limit=0)),
    ("sort", lambda bc: bc.beats.list(sort="cheapest")),
    ("status", lambda bc: bc.orders.list(status="refunded")),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("name", "call"), REFUSED, ids=[name for name, _ in REFUSED])
def test_limits_are_checked_before_sending(facade: str, name: str, call: Any) -> None:
    # "Limits are checked before sending: `page` 1 to `10**18 - 1`, `per_page` 1-100
    # (search 1-50), `similar(limit=)` 1-20, `sort` one of ..., `status` one of ..."
    server = Recorder(answer(500, {}))
    with pytest.raises(ValueError, match="must be"):
        run(facade, server, call)
    assert server.requests == []


@pytest.mark.parametrize("facade", FACADES)
def test_the_largest_documented_values_are_sent(facade: str) -> None:
    server = Recorder(answer(200, {"status": "success", "data": {"beats": [], "pagination": {}}}))
    run(facade, server, lambda bc: bc.beats.list(page=10**18 - 1, per_page=100).first_page())
    sent = server.requests[-1].url.params
    assert (sent["page"], sent["limit"]) == (str(10**18 - 1), "100")


@pytest.mark.parametrize("facade", FACADES)
def test_a_keyword_no_list_takes_is_a_type_error(facade: str) -> None:
    # "a keyword no list takes raises `TypeError`"
    server = Recorder(answer(500, {}))
    with pytest.raises(TypeError):
        run(facade, server, lambda bc: bc.orders.list(genre=1))
    assert server.requests == []


@pytest.mark.parametrize("facade", FACADES)
def test_per_page_is_sent_as_the_apis_limit_and_limit_caps_the_total(facade: str) -> None:
    # "The API's `limit` query parameter is the page size; beatkit calls it `per_page`
    # so that `limit=` can mean ... the most items to return in total."
    def handler(request: httpx.Request) -> httpx.Response:
        size = int(request.url.params["limit"])
        page = int(request.url.params.get("page", "1"))
        items = [beat(page * 100 + i) for i in range(size)]
        return httpx.Response(
            200,
            json={
                "success": True,
                "data": items,
                "meta": {"page": page, "limit": size, "total": 9},
            },
        )

    server = Recorder(handler)
    found = run(facade, server, lambda bc: bc.beats.list(per_page=2, limit=3))
    assert [b.id for b in found] == [100, 101, 200]
    assert [r.url.params["limit"] for r in server.requests] == ["2", "2"]


# --- "Money and orders" ---------------------------------------------------------------


@pytest.mark.parametrize("facade", FACADES)
def test_amounts_are_decimals_of_the_json_number_as_sent(facade: str) -> None:
    # "`Beat.price`, `Order.total` and `OrderItem.price` are `Decimal`, read from the JSON
    # number exactly as sent (`49.99` is `Decimal("49.99")`)" ... "Negative and zero
    # amounts are kept as sent."
    order = {
        "id": 7,
        "status": "completed",
        "total": 0,
        "currency": "USD",
        "items": [{"beat_id": 1, "price": -49.99}],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/orders"):
            data = {"orders": [order], "pagination": {"total": 1}}
        else:
            data = {"beat": beat(price=49.99)}
        return httpx.Response(200, json={"status": "success", "data": data})

    assert run(facade, handler, lambda bc: bc.beats.get(1)).price == Decimal("49.99")
    (found,) = run(facade, handler, lambda bc: bc.orders.list())
    assert found.total == Decimal(0)
    assert found.items[0].price == Decimal("-49.99")
    assert found.currency == "USD"


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("where", ["beat", "order total", "item price"])
def test_an_amount_sent_as_text_is_a_decode_error(facade: str, where: str) -> None:
    # "an amount sent as text is refused with `ResponseDecodeError` rather than guessed at"
    if where == "beat":
        body: Any = {"status": "success", "data": {"beat": beat(price="49.99")}}
        call: Callable[[Any], Any] = lambda bc: bc.beats.get(1)  # noqa: E731
    else:
        order: dict[str, Any] = {"id": 7, "status": "completed", "total": 1, "items": []}
        if where == "order total":
            order["total"] = "49.99"
        else:
            order["items"] = [{"beat_id": 1, "price": "49.99"}]
        body = {"status": "success", "data": {"orders": [order], "pagination": {"total": 1}}}
        call = lambda bc: bc.orders.list()  # noqa: E731
    with pytest.raises(ResponseDecodeError):
        run(facade, answer(200, body), call)


@pytest.mark.parametrize("facade", FACADES)
def test_an_unknown_order_state_is_kept(facade: str) -> None:
    # "a state this version does not know (a `refunded`, say) is kept, with
    # `status.is_known` false, rather than failing the page"
    orders = [{"id": 1, "status": "refunded"}, {"id": 2, "status": "completed"}]
    body = {"status": "success", "data": {"orders": orders, "pagination": {"total": 2}}}
    first, second = run(facade, answer(200, body), lambda bc: bc.orders.list())
    assert first.status == "refunded" and not first.status.is_known
    assert second.status is OrderStatus.COMPLETED and second.status.is_known


# --- "Envelopes" ----------------------------------------------------------------------


def standard_pages(next_url: str | None) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        link = next_url if page == 1 else None
        data = {"beats": [beat(page)], "pagination": {"total": 2, "next_page_url": link}}
        return httpx.Response(200, json={"status": "success", "data": data})

    return handler


@pytest.mark.parametrize("facade", FACADES)
def test_the_next_link_is_followed_with_the_filters_it_leaves_out(facade: str) -> None:
    # "the pager sends page 2 with the first request's filters and page size that the
    # link leaves out, the link's own values first"
    server = Recorder(standard_pages(f"{API}/beats?page=2&genre=3"))
    found = run(facade, server, lambda bc: bc.beats.list(genre=1, sort="popular", per_page=10))
    assert [b.id for b in found] == [1, 2]
    second = server.requests[1].url.params
    assert dict(second) == {"page": "2", "genre": "3", "sort": "popular", "limit": "10"}


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    "link",
    ["https://evil.example/v1/beats?page=2", "http://api.beatconnectafrica.com/v1/beats?page=2"],
)
def test_a_next_link_to_another_origin_is_not_followed(facade: str, link: str) -> None:
    # "the pager follows `next_page_url` (only on the same host)"
    server = Recorder(standard_pages(link))
    with pytest.raises(ResponseDecodeError):
        run(facade, server, lambda bc: bc.beats.list())
    assert len(server.requests) == 1


@pytest.mark.parametrize("facade", FACADES)
def test_the_alternative_envelope_counts_pages_from_meta(facade: str) -> None:
    # "with the second, it counts pages from `meta`"
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        meta = {"page": page, "limit": 1, "total": 3}
        return httpx.Response(200, json={"success": True, "data": [beat(page)], "meta": meta})

    server = Recorder(handler)
    assert [b.id for b in run(facade, server, lambda bc: bc.beats.list())] == [1, 2, 3]
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    "body",
    [
        {"success": True, "data": [beat()], "meta": {"request_id": "req_1"}},
        {
            "status": "success",
            "data": {"beats": [beat()], "pagination": {"total": 1, "next_page_url": None}},
            "meta": {"page": 1, "limit": 1, "total": 50},
        },
    ],
    ids=["meta-without-counts", "meta-beside-pagination"],
)
@pytest.mark.parametrize("facade", FACADES)
def test_a_meta_that_is_not_page_counts_is_not_read_as_them(facade: str, body: Any) -> None:
    # "A `meta` without `page`, `limit` or `total` (a request id, say), or beside the
    # first envelope's own `pagination` block, is not read for page counts"
    server = Recorder(answer(200, body))
    assert [b.id for b in run(facade, server, lambda bc: bc.beats.list())] == [1]
    assert len(server.requests) == 1


@pytest.mark.parametrize("facade", FACADES)
def test_answers_that_are_not_paged_read_no_page_counts(facade: str) -> None:
    # "answers that are not paged (`genres.list()`, `beats.similar()`) read no page
    # counts at all": an unreadable meta does not fail them.
    meta = {"page": "first", "limit": None, "total": -1}
    genres = {"success": True, "data": [{"id": 1, "name": "Amapiano"}], "meta": meta}
    similar = {"success": True, "data": [beat(2)], "meta": meta}
    assert [g.name for g in run(facade, answer(200, genres), lambda bc: bc.genres.list())] == [
        "Amapiano"
    ]
    assert [b.id for b in run(facade, answer(200, similar), lambda bc: bc.beats.similar(1))] == [2]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("kind", ["beats", "producers"])
def test_a_bare_list_answers_the_one_type_searched(facade: str, kind: str) -> None:
    # "A bare list as `data` is taken as the results of the one type searched ... The
    # bare list does not say `query` or `type`: those stay `None`."
    body = {"success": True, "data": [beat(5)]}
    found = run(facade, answer(200, body), lambda bc: bc.search("vibes", type=kind))
    assert [item.id for item in getattr(found, kind)] == [5]
    other = "producers" if kind == "beats" else "beats"
    assert getattr(found, other) == []
    assert (found.query, found.type) == (None, None)


@pytest.mark.parametrize("facade", FACADES)
def test_a_bare_list_answering_type_all_is_a_decode_error(facade: str) -> None:
    # "answered to `type="all"` (the default), it could be either kind, so it raises
    # `ResponseDecodeError` rather than being guessed"
    body = {"success": True, "data": [beat(5)]}
    with pytest.raises(ResponseDecodeError):
        run(facade, answer(200, body), lambda bc: bc.search("vibes"))


ERROR_UNDER_200 = [
    ({"status": "error", "error": {"code": "beat_hidden", "message": "Beat is hidden"}}, True),
    ({"success": False, "message": "Beat is hidden", "code": "beat_hidden"}, True),
    ({"success": False, "error": "Beat is hidden"}, False),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("body", "has_code"), ERROR_UNDER_200)
def test_an_error_envelope_under_200_is_a_decode_error_quoting_it(
    facade: str, body: Any, has_code: bool
) -> None:
    # "An error envelope ... under a `200` status line is no result: it raises
    # `ResponseDecodeError` whose message quotes the API's own message and code."
    with pytest.raises(ResponseDecodeError) as info:
        run(facade, answer(200, body), lambda bc: bc.beats.get(1))
    assert "Beat is hidden" in str(info.value)
    if has_code:
        assert "beat_hidden" in str(info.value)


# --- "Errors" -------------------------------------------------------------------------

ERROR_ROWS = [
    (400, "invalid_request", BadRequestError),
    (401, "unauthorized", AuthenticationError),
    (403, "forbidden", PermissionDeniedError),
    (404, "not_found", NotFoundError),
    (429, "rate_limit_exceeded", RateLimitError),
    (500, "server_error", ServerError),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("status", "code", "cls"), ERROR_ROWS)
def test_the_error_table(facade: str, status: int, code: str, cls: type) -> None:
    # "`{"status": "error", "error": {"code", "message", "details"}}` becomes the matching
    # exception with `code` and `details` set"
    body = {"status": "error", "error": {"code": code, "message": "m", "details": {"f": 1}}}
    with pytest.raises(cls) as info:
        run(facade, answer(status, body, {"Retry-After": "0"}), lambda bc: bc.beats.get(1))
    assert info.value.status_code == status
    assert info.value.code == code
    assert info.value.details == {"f": 1}


@pytest.mark.parametrize("facade", FACADES)
def test_the_alternative_flat_errors_are_read(facade: str) -> None:
    # "beatkit also reads the flat `{"success": false, "message": "...", "code": "..."}`
    # and `{"success": false, "error": "..."}` (a text `error` beside a `message` is its
    # code; alone, it is the message)"
    cases = [
        ({"success": False, "message": "Gone.", "code": "not_found"}, "Gone.", "not_found"),
        ({"success": False, "error": "not_found", "message": "Gone."}, "Gone.", "not_found"),
        ({"success": False, "error": "Gone."}, "Gone.", None),
    ]
    for body, message, code in cases:
        with pytest.raises(NotFoundError) as info:
            run(facade, answer(404, body), lambda bc: bc.beats.get(1))
        assert info.value.code == code
        assert str(info.value).endswith(message)


# --- "Rate limits" --------------------------------------------------------------------


@pytest.mark.parametrize("facade", FACADES)
def test_rate_limit_is_none_until_a_response_carries_the_headers(facade: str) -> None:
    # "`bc.rate_limit` ... None until a response carried the headers"
    plain = answer(200, {"status": "success", "data": {"beat": beat()}})
    headed = answer(
        200,
        {"status": "success", "data": {"beat": beat()}},
        {
            "X-RateLimit-Limit": "100",
            "X-RateLimit-Remaining": "99",
            "X-RateLimit-Reset": "1700000000",
        },
    )

    def states(bc: Any) -> Any:
        async def both() -> Any:
            before = bc.rate_limit
            await bc.beats.get(1)
            return before, bc.rate_limit

        if isinstance(bc, AsyncBeatConnect):
            return both()
        before = bc.rate_limit
        bc.beats.get(1)
        return before, bc.rate_limit

    assert run(facade, plain, states) == (None, None)
    before, after = run(facade, headed, states)
    assert before is None
    assert (after.limit, after.remaining, int(after.reset_at.timestamp())) == (100, 99, 1700000000)


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    ("sent", "value", "text"),
    [
        (b"49.99", Decimal("49.99"), "49.99"),
        (b"12345678901234567.89", Decimal("12345678901234567.89"), "12345678901234567.89"),
        (b"49.90", Decimal("49.90"), "49.9"),
        (b"1e2", Decimal(100), "100.0"),
    ],
)
def test_an_amount_is_the_exact_value_sent_not_its_spelling(
    facade: str, sent: bytes, value: Decimal, text: str
) -> None:
    # "the exact value of the JSON number sent ... The value, not its spelling: trailing
    # zeros and exponents are not kept (`49.90` reads as `Decimal("49.9")`, which equals
    # `Decimal("49.90")`; `1e2` as `Decimal("100.0")`), so format an amount for display
    # (`f"{beat.price:.2f}"`)" (the page said "exactly as sent").
    body = (
        b'{"status": "success", "data": {"beat": {"id": 1, "title": "t", "price": ' + sent + b"}}}"
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    price = run(facade, handler, lambda bc: bc.beats.get(1)).price
    assert isinstance(price, Decimal)
    assert price == value
    assert str(price) == text
    assert f"{price:.2f}" == f"{value:.2f}"


SENT_QUERIES = [
    (
        lambda bc: bc.beats.list(genre=1, producer=5678, sort="popular", per_page=20),
        "/v1/beats",
        {"genre": "1", "producer": "5678", "sort": "popular", "limit": "20"},
    ),
    (lambda bc: bc.beats.similar(1234, limit=20), "/v1/beats/1234/similar", {"limit": "20"}),
    (
        lambda bc: bc.search("vibes", type="producers", page=2, per_page=5),
        "/v1/search",
        {"q": "vibes", "type": "producers", "page": "2", "limit": "5"},
    ),
    (lambda bc: bc.beats.search("vibes"), "/v1/search", {"q": "vibes", "type": "beats"}),
    (
        lambda bc: bc.users.search_producers("dj"),
        "/v1/search",
        {"q": "dj", "type": "producers"},
    ),
    (
        lambda bc: bc.orders.list(status="pending", per_page=100),
        "/v1/orders",
        {"status": "pending", "limit": "100"},
    ),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("call", "path", "query"), SENT_QUERIES)
def test_the_operation_table_rows_send_their_path_and_query(
    facade: str, call: Any, path: str, query: dict[str, str]
) -> None:
    # The operations table: `GET /beats` with genre, producer, sort and the page size as
    # `limit`; `GET /beats/{id}/similar` with `limit`; `GET /search` (one page, or a
    # pager per type); `GET /orders` with `status`.
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"success": True, "data": [], "meta": {"page": 1}})

    server = Recorder(handler)
    with contextlib.suppress(ResponseDecodeError):  # what it decodes to is not the point
        run(facade, server, call)
    request = server.requests[0]
    assert request.method == "GET"
    assert request.url.path == path
    assert dict(request.url.params) == query
