"""Every BeatConnect operation against the stateful fake, through the public client."""

from __future__ import annotations

import logging
from decimal import Decimal

import attrs
import httpx
import pytest

from beatkit import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)
from beatkit.beatconnect import (
    AsyncBeatConnect,
    Beat,
    BeatSort,
    OrderStatus,
    SearchType,
    UserRole,
)
from beatkit.testing.beatconnect import FakeBeatConnect


def make_client(fake: FakeBeatConnect, **kwargs: object) -> tuple[AsyncBeatConnect, list[float]]:
    """A client on the fake's in-process transport whose sleeps are recorded, not slept."""
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    client = AsyncBeatConnect(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        **kwargs,  # type: ignore[arg-type]
    )
    transport = client._transport
    transport.settings = attrs.evolve(transport.settings, async_sleep=fake_sleep)
    return client, waits


@pytest.fixture
def fake() -> FakeBeatConnect:
    return FakeBeatConnect()


async def test_list_beats_walks_every_page_lazily(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    pager = client.beats.list(per_page=100)
    assert len(fake.requests) == 0
    beats = [beat async for beat in pager]
    assert len(beats) == len(fake.beats)
    created = [b.created_at for b in beats]
    assert created == sorted(created, reverse=True)  # newest first by default
    assert len({b.id for b in beats}) == len(beats)
    assert len(fake.requests) == 3  # 100 + 100 + 53
    assert all(isinstance(b, Beat) for b in beats)


async def test_list_beats_filters_sort_and_limit(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    beats = [
        b async for b in client.beats.list(genre=1, sort=BeatSort.POPULAR, per_page=7, limit=10)
    ]
    assert len(beats) == 10
    assert {b.genre.id for b in beats if b.genre} == {1}
    plays = [b.play_count for b in beats]
    assert plays == sorted(plays, reverse=True)
    # 10 items at 7 per page need exactly two requests.
    assert len(fake.requests) == 2
    sent = fake.requests[0].url.params
    assert sent["genre"] == "1" and sent["sort"] == "popular" and sent["limit"] == "7"


async def test_list_beats_by_producer_and_price(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    producer = fake.beats[0]["user_id"]
    beats = [b async for b in client.beats.list(producer=producer, sort="price_asc")]
    assert beats and {b.user_id for b in beats} == {producer}
    prices = [b.price for b in beats]
    assert prices == sorted(prices)
    assert all(isinstance(p, Decimal) for p in prices)


async def test_first_page_and_pages(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    page = await client.beats.list(per_page=20).first_page()
    assert len(page.items) == 20
    assert page.total == len(fake.beats)
    assert page.has_next
    sizes = [len(p.items) async for p in client.beats.list(per_page=100).pages()]
    assert sizes == [100, 100, len(fake.beats) - 200]


async def test_start_page(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    first = [b.id async for b in client.beats.list(per_page=10, limit=20)]
    second = [b.id async for b in client.beats.list(per_page=10, page=2, limit=10)]
    assert second == first[10:]


async def test_get_beat_decodes_every_field(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake, strict=True)
    raw = fake.beats[5]
    beat = await client.beats.get(raw["id"])
    assert beat.id == raw["id"]
    assert beat.title == raw["title"]
    assert beat.price == Decimal(str(raw["price"]))
    assert beat.created_at is not None and beat.created_at.tzinfo is not None
    assert beat.genre is not None and beat.genre.name == raw["genre"]["name"]
    assert beat.extra == {}


async def test_similar_beats(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    beat_id = fake.beats[0]["id"]
    similar = await client.beats.similar(beat_id, limit=3)
    assert 0 < len(similar) <= 3
    assert beat_id not in {b.id for b in similar}
    assert fake.requests[-1].url.params["limit"] == "3"


async def test_users_get(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake, strict=True)
    user_id = fake.beats[0]["user_id"]
    user = await client.users.get(user_id)
    assert user.id == user_id
    assert user.role is UserRole.PRODUCER


async def test_genres_list(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake, strict=True)
    genres = await client.genres.list()
    assert any(g.id == 1 and g.name == "Amapiano" for g in genres)
    assert all(g.slug for g in genres)


async def test_search_all_one_page(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake, strict=True)
    results = await client.search("night", per_page=3)
    assert results.type is SearchType.ALL
    assert results.query == "night"
    assert 0 < len(results.beats) <= 3
    assert all(
        "night" in (b.title + (b.producer_name or "")).lower() or b.genre for b in results.beats
    )
    assert results.total is not None and results.page == 1


async def test_search_types_and_pagers(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    only_beats = await client.search("night", type="beats")
    assert only_beats.producers == [] and only_beats.beats
    beats = [b async for b in client.beats.search("night", per_page=5)]
    assert len(beats) == only_beats.total
    producers = [u async for u in client.users.search_producers("dj", per_page=2, limit=3)]
    assert 0 < len(producers) <= 3
    assert all(u.role is UserRole.PRODUCER for u in producers)
    assert fake.requests[-1].url.params["type"] == "producers"


async def test_orders_list_by_status(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake, strict=True)
    orders = [o async for o in client.orders.list(status=OrderStatus.COMPLETED)]
    assert orders and all(o.status is OrderStatus.COMPLETED for o in orders)
    assert all(o.items and isinstance(o.total, Decimal) for o in orders)
    assert fake.requests[0].url.params["status"] == "completed"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.beats.list(per_page=101), ValueError),
        (lambda c: c.beats.list(per_page=0), ValueError),
        (lambda c: c.beats.list(page=0), ValueError),
        (lambda c: c.beats.list(genre="1"), TypeError),
        (lambda c: c.beats.list(genre=True), TypeError),
        (lambda c: c.beats.list(sort="cheapest"), ValueError),
        (lambda c: c.beats.search(""), ValueError),
        (lambda c: c.beats.search("x", per_page=51), ValueError),
        (lambda c: c.users.search_producers(None), TypeError),
        (lambda c: c.orders.list(status="refunded"), ValueError),
        (lambda c: c.beats.list(limit=-1), ValueError),
        (lambda c: c.beats.list(size=10), TypeError),
        (lambda c: c.users.search_producers("dj", pag=2), TypeError),
    ],
)
async def test_bad_arguments_fail_before_any_request(fake: FakeBeatConnect, call, error) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client(fake)
    with pytest.raises(error):
        call(client)
    assert fake.requests == []


@pytest.mark.parametrize(
    ("coro", "error"),
    [
        (lambda c: c.beats.get(0), ValueError),
        (lambda c: c.beats.get("12"), TypeError),
        (lambda c: c.beats.similar(1, limit=21), ValueError),
        (lambda c: c.users.get(-5), ValueError),
        (lambda c: c.search("   "), ValueError),
        (lambda c: c.search("x", type="songs"), ValueError),
    ],
)
async def test_bad_arguments_of_single_calls(fake: FakeBeatConnect, coro, error) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client(fake)
    with pytest.raises(error):
        await coro(client)
    assert fake.requests == []


async def test_not_found_maps_error_envelope(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    with pytest.raises(NotFoundError) as info:
        await client.beats.get(999_999)
    exc = info.value
    assert exc.status_code == 404
    assert exc.code == "not_found"
    assert exc.service == "beatconnect"
    assert exc.request_id and exc.request_id.startswith("req_")
    assert exc.body["status"] == "error"


async def test_wrong_key_is_authentication_error(fake: FakeBeatConnect) -> None:
    client = AsyncBeatConnect(
        api_key="wrong-key",
        http_client=httpx.AsyncClient(transport=fake.transport()),
    )
    with pytest.raises(AuthenticationError) as info:
        await client.genres.list()
    assert info.value.code == "unauthorized"
    assert "wrong-key" not in str(info.value) and "wrong-key" not in repr(info.value)


async def test_bad_request_details(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    fake.fail_next(
        400,
        body={
            "status": "error",
            "error": {
                "code": "invalid_request",
                "message": "The request was invalid",
                "details": "The 'genre' parameter must be a valid integer",
            },
        },
    )
    with pytest.raises(BadRequestError) as info:
        await client.genres.list()
    assert info.value.details == "The 'genre' parameter must be a valid integer"
    assert info.value.code == "invalid_request"


async def test_rate_limited_get_is_retried_after_retry_after(fake: FakeBeatConnect) -> None:
    client, waits = make_client(fake)
    fake.fail_next(429, headers={"Retry-After": "7"})
    beat = await client.beats.get(fake.beats[0]["id"])
    assert beat.id == fake.beats[0]["id"]
    assert 7.0 in waits
    assert len(fake.requests) == 2


async def test_long_retry_after_raises_at_once(fake: FakeBeatConnect) -> None:
    client, waits = make_client(fake)
    fake.fail_next(429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimitError) as info:
        await client.genres.list()
    assert info.value.retry_after == 3600
    assert 3600 not in waits
    assert len(fake.requests) == 1


async def test_server_errors_retried_then_raised(fake: FakeBeatConnect) -> None:
    client, waits = make_client(fake, max_retries=2)
    fake.fail_next(503, count=5)
    with pytest.raises(ServerError) as info:
        await client.genres.list()
    assert info.value.status_code == 503
    assert len(fake.requests) == 3
    assert len(waits) == 2


async def test_garbage_body_is_decode_error(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    fake.garbage_next(status=200)
    with pytest.raises(ResponseDecodeError):
        await client.genres.list()


async def test_html_502_is_clean_server_error(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake, max_retries=0)
    fake.garbage_next(status=502)
    with pytest.raises(ServerError) as info:
        await client.genres.list()
    assert info.value.status_code == 502
    assert "<" not in info.value.message


async def test_rate_limit_state_is_readable(fake: FakeBeatConnect) -> None:
    client, _ = make_client(fake)
    assert client.rate_limit is None
    await client.genres.list()
    await client.genres.list()
    state = client.rate_limit
    assert state is not None
    assert state.limit == 100
    assert state.remaining == 98
    assert state.reset_at is not None and state.reset_at.tzinfo is not None


async def test_alternative_envelope() -> None:
    fake = FakeBeatConnect(envelope="alternative")
    client, _ = make_client(fake)
    beats = [b async for b in client.beats.list(per_page=50)]
    assert len(beats) == len(fake.beats)
    assert len(fake.requests) == 6  # pages counted from meta: ceil(253 / 50)
    beat = await client.beats.get(beats[0].id)
    assert beat == beats[0]
    user = await client.users.get(beat.user_id or 0)
    assert user.id == beat.user_id
    results = await client.search("night", per_page=2)
    assert results.beats and results.last_page is not None


async def test_a_next_link_without_the_filters_keeps_them() -> None:
    # The page's own example: GET /beats?genre=1&sort=popular answers
    # "next_page_url": ".../v1/beats?page=2" (Laravel's paginator appends no query).
    # Followed as it is, page 2 was unfiltered and of the default size.
    sent: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.url)
        page = int(request.url.params.get("page", "1"))
        following = "https://api.test/v1/beats?page=2" if page == 1 else None
        beat = {"id": page, "title": f"Beat {page}"}
        pagination = {"total": 2, "per_page": 1, "current_page": page, "last_page": 2}
        data = {"beats": [beat], "pagination": {**pagination, "next_page_url": following}}
        return httpx.Response(200, json={"status": "success", "data": data})

    http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    async with AsyncBeatConnect(
        api_key="k", base_url="https://api.test/v1", http_client=http
    ) as bc:
        beats = [beat async for beat in bc.beats.list(genre=1, sort="popular", per_page=1)]
    assert [beat.id for beat in beats] == [1, 2]
    assert [dict(url.params) for url in sent] == [
        {"genre": "1", "sort": "popular", "limit": "1"},
        {"page": "2", "genre": "1", "sort": "popular", "limit": "1"},
    ]


async def test_unknown_keys_are_kept_not_dropped(fake: FakeBeatConnect) -> None:
    raw = fake.add_beat(title="Future Proof")
    raw["stems_url"] = "https://example.test/stems.zip"  # a field the API might add one day
    client, _ = make_client(fake)
    beat = await client.beats.get(raw["id"])
    assert beat.extra == {"stems_url": "https://example.test/stems.zip"}
    strict, _ = make_client(fake, strict=True)
    with pytest.raises(ResponseDecodeError):
        await strict.beats.get(raw["id"])


async def test_api_key_from_environment(
    fake: FakeBeatConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEATCONNECT_API_KEY", fake.api_key)
    async with AsyncBeatConnect(
        http_client=httpx.AsyncClient(transport=fake.transport())
    ) as client:
        assert await client.genres.list()
    assert fake.requests[0].headers["authorization"] == f"Bearer {fake.api_key}"


async def test_missing_key_is_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEATCONNECT_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="BEATCONNECT_API_KEY"):
        AsyncBeatConnect()
    with pytest.raises(ConfigurationError):
        AsyncBeatConnect(api_key="   ")


async def test_an_environment_key_a_header_cannot_carry_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BEATCONNECT_API_KEY", "key-secret\nline-two")
    with pytest.raises(ConfigurationError, match="BEATCONNECT_API_KEY") as info:
        AsyncBeatConnect()
    assert "secret" not in str(info.value)


async def test_insecure_base_url_refused() -> None:
    with pytest.raises(ConfigurationError, match="http"):
        AsyncBeatConnect(api_key="k", base_url="http://api.beatconnectafrica.com/v1")
    client = AsyncBeatConnect(api_key="k", base_url="http://127.0.0.1:9/v1")
    assert client.base_url.host == "127.0.0.1"
    await client.aclose()


async def test_key_never_in_repr_or_logs(
    fake: FakeBeatConnect, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    client, _ = make_client(fake)
    await client.genres.list()
    with pytest.raises(NotFoundError) as info:
        await client.beats.get(999_999)
    assert fake.api_key not in repr(client)
    assert fake.api_key not in caplog.text
    assert fake.api_key not in str(info.value) and fake.api_key not in repr(info.value)
    assert "GET https://api.beatconnectafrica.com/v1/genres -> 200" in caplog.text


async def test_caller_http_client_is_not_closed(fake: FakeBeatConnect) -> None:
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatConnect(api_key=fake.api_key, http_client=http) as client:
        await client.genres.list()
    assert not http.is_closed
    await http.aclose()


async def test_over_a_real_loopback_socket(fake: FakeBeatConnect) -> None:
    with fake.serve() as server:
        async with AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url) as client:
            beats = [b async for b in client.beats.list(per_page=100, limit=150)]
            assert len(beats) == 150
            genres = await client.genres.list()
            assert genres


def answering(body: object) -> AsyncBeatConnect:
    """A client whose every request is answered 200 with ``body``."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    return AsyncBeatConnect(
        api_key="k", http_client=httpx.AsyncClient(transport=transport), max_retries=0
    )


ORDER = {"id": 1, "status": "completed"}


@pytest.mark.parametrize(
    "body",
    [
        # The alternative envelope's meta: numbers in text, fractions and bools are not counts.
        {"success": True, "data": [ORDER], "meta": {"page": "1", "limit": 20, "total": 1}},
        {"success": True, "data": [ORDER], "meta": {"page": 1, "limit": 20, "total": "1"}},
        {"success": True, "data": [ORDER], "meta": {"page": 1.9, "limit": 20, "total": 1}},
        {"success": True, "data": [ORDER], "meta": {"page": 1, "limit": True, "total": 1}},
        # The standard envelope's pagination block, likewise.
        {"status": "success", "data": {"orders": [ORDER], "pagination": {"total": "1"}}},
        {"status": "success", "data": {"orders": [ORDER], "pagination": {"total": True}}},
        {
            "status": "success",
            "data": {"orders": [ORDER], "pagination": {"current_page": "9", "last_page": "10"}},
        },
        # Negative or beyond any count: Page.total was -5, and 10**400 broke math.ceil.
        {"status": "success", "data": {"orders": [ORDER], "pagination": {"total": -5}}},
        {"success": True, "data": [ORDER], "meta": {"page": 1, "limit": 20, "total": 10**400}},
    ],
)
async def test_page_numbers_of_the_wrong_type_are_decode_errors(body: object) -> None:
    async with answering(body) as client:
        with pytest.raises(ResponseDecodeError):
            await client.orders.list().first_page()
        with pytest.raises(ResponseDecodeError):
            await client.search("x")


BEAT = {"id": 7, "title": "Night Drive"}
PRODUCER = {"id": 8, "username": "dj-night"}


@pytest.mark.parametrize("marker", [{"success": True}, {"status": "success"}])
async def test_a_single_type_search_answered_with_a_bare_list(marker: dict[str, object]) -> None:
    # The alternative envelope carries a list as data: for one type, that type's results.
    meta = {"meta": {"page": 1, "limit": 20, "total": 1}} if "success" in marker else {}
    async with answering({**marker, "data": [BEAT], **meta}) as client:
        beats = await client.search("night", type="beats")
        producers = await client.search("night", type=SearchType.PRODUCERS)
    assert [b.id for b in beats.beats] == [7] and beats.producers == []
    assert beats.beats[0].title == "Night Drive"
    assert [u.id for u in producers.producers] == [7] and producers.beats == []
    if meta:
        assert beats.total == 1 and beats.page == 1 and beats.last_page == 1
    async with answering({**marker, "data": [PRODUCER], **meta}) as client:
        found = await client.search("dj", type="producers")
    assert found.producers[0].username == "dj-night"


@pytest.mark.parametrize("marker", [{"success": True}, {"status": "success"}])
async def test_a_search_of_all_answered_with_a_bare_list_is_a_decode_error(
    marker: dict[str, object],
) -> None:
    # Beats or producers? The list does not say: guessing would decode one as the other.
    async with answering({**marker, "data": [BEAT, PRODUCER]}) as client:
        with pytest.raises(ResponseDecodeError, match="type=all"):
            await client.search("night")
        with pytest.raises(ResponseDecodeError, match="type=all"):
            await client.search("night", type=SearchType.ALL)


@pytest.mark.parametrize(
    "key",
    [
        "line-one-secret\nline-two",  # a key file read with two lines
        "secret-key\r\nX-Injected: 1",
        "secret\x00key",
        "clé-secrète",  # HTTP headers carry ASCII only
        "secret key",
    ],
)
async def test_api_key_a_header_cannot_carry_is_refused_up_front(
    fake: FakeBeatConnect, key: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        AsyncBeatConnect(api_key=key, http_client=httpx.AsyncClient(transport=fake.transport()))
    text = str(info.value) + repr(info.value)
    assert "secret" not in text and "line-two" not in text
    assert fake.requests == []


@pytest.mark.parametrize("key", [12345, b"bytes-key", ["k"]])
async def test_api_key_of_the_wrong_type_is_configuration_error(key: object) -> None:
    with pytest.raises(ConfigurationError, match="api_key"):
        AsyncBeatConnect(api_key=key)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "body",
    [
        {"status": "error", "error": {"code": "quota_exceeded", "message": "Quota used up"}},
        {"success": False, "message": "Quota used up", "code": "quota_exceeded"},
    ],
)
async def test_an_error_envelope_answered_with_200_says_what_the_api_said(
    body: dict[str, object],
) -> None:
    # Not a success, whatever the status line says: the API's own message is the news.
    async with answering(body) as client:
        with pytest.raises(ResponseDecodeError, match="Quota used up") as info:
            await client.genres.list()
    assert info.value.status_code == 200
    assert info.value.body == body
