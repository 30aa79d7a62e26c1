"""Tests of FakeBeatConnect: every route's shape, filters, sorting, pagination and errors."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import httpx
import pytest

from beatkit import BeatConnect, NotFoundError
from beatkit.testing import FakeBeatConnect

BEAT_KEYS = {
    "id", "title", "user_id", "producer_name", "genre", "price", "duration", "bpm", "key",
    "audio_url", "cover_image", "created_at", "play_count", "download_count",
}  # fmt: skip
USER_KEYS = {
    "id", "username", "display_name", "role", "bio", "avatar_url", "country", "beats_count",
    "followers_count", "created_at",
}  # fmt: skip
PAGINATION_KEYS = {
    "total", "per_page", "current_page", "last_page", "next_page_url", "prev_page_url",
}  # fmt: skip
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


class Clock:
    """A manual clock, so rate-limit windows pass without sleeping."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def api(beatconnect_fake: FakeBeatConnect) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=beatconnect_fake.transport(),
        base_url=beatconnect_fake.base_url,
        headers={"Authorization": f"Bearer {beatconnect_fake.api_key}"},
    ) as http:
        yield http


def data(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success"
    assert set(body) == {"status", "data"}
    return body["data"]


def error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == "error"
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    return dict(body["error"])


def check_beat(beat: dict[str, Any]) -> None:
    assert set(beat) == BEAT_KEYS
    assert isinstance(beat["id"], int)
    assert isinstance(beat["price"], float)
    assert round(beat["price"], 2) == beat["price"]
    assert set(beat["genre"]) == {"id", "name"}
    assert TIMESTAMP.fullmatch(beat["created_at"])
    assert re.fullmatch(r"[A-G][#b]? (major|minor)", beat["key"])
    assert beat["audio_url"] == f"https://api.beatconnectafrica.com/audio/{beat['id']}.mp3"
    assert beat["cover_image"] == f"https://api.beatconnectafrica.com/images/{beat['id']}.jpg"


# -- catalogue ---------------------------------------------------------------------------


def test_catalogue_is_deterministic() -> None:
    assert FakeBeatConnect().beats == FakeBeatConnect().beats
    assert FakeBeatConnect(seed=1).beats != FakeBeatConnect(seed=2).beats
    fake = FakeBeatConnect()
    assert len(fake.beats) == 253
    assert len(fake.users) == 40
    assert [g["name"] for g in fake.genres][:2] == ["Amapiano", "Afrobeats"]
    assert "API" not in repr(fake)
    assert fake.api_key not in repr(fake)


# -- /beats ------------------------------------------------------------------------------


def test_list_beats_shape_and_default_pagination(api: httpx.Client) -> None:
    body = data(api.get("/beats"))
    assert set(body) == {"beats", "pagination"}
    assert len(body["beats"]) == 20
    for beat in body["beats"]:
        check_beat(beat)
    assert body["pagination"] == {
        "total": 253,
        "per_page": 20,
        "current_page": 1,
        "last_page": 13,
        "next_page_url": "https://api.beatconnectafrica.com/v1/beats?page=2",
        "prev_page_url": None,
    }


def test_pagination_links_keep_other_params(api: httpx.Client) -> None:
    page = data(api.get("/beats", params={"genre": 1, "sort": "popular", "page": 2, "limit": 5}))
    pagination = page["pagination"]
    assert pagination["next_page_url"] == (
        "https://api.beatconnectafrica.com/v1/beats?genre=1&sort=popular&page=3&limit=5"
    )
    assert pagination["prev_page_url"] == (
        "https://api.beatconnectafrica.com/v1/beats?genre=1&sort=popular&page=1&limit=5"
    )


def test_following_next_links_visits_every_beat_once(api: httpx.Client) -> None:
    seen: list[int] = []
    url: str | None = "/beats?limit=100&sort=price_asc"
    for _ in range(10):  # bounded: 253 beats need 3 pages
        if url is None:
            break
        page = data(api.get(url))
        seen.extend(beat["id"] for beat in page["beats"])
        url = page["pagination"]["next_page_url"]
    assert url is None
    assert len(seen) == len(set(seen)) == 253


def test_last_page_and_past_the_end(api: httpx.Client) -> None:
    last = data(api.get("/beats", params={"page": 13}))
    assert len(last["beats"]) == 13
    assert last["pagination"]["next_page_url"] is None
    beyond = data(api.get("/beats", params={"page": 99}))
    assert beyond["beats"] == []
    assert beyond["pagination"]["total"] == 253
    assert beyond["pagination"]["current_page"] == 99
    assert beyond["pagination"]["next_page_url"] is None


def test_filters(api: httpx.Client, beatconnect_fake: FakeBeatConnect) -> None:
    amapiano = data(api.get("/beats", params={"genre": 1, "limit": 100}))
    assert amapiano["beats"]
    assert {b["genre"]["id"] for b in amapiano["beats"]} == {1}
    expected = sum(1 for b in beatconnect_fake.beats if b["genre"]["id"] == 1)
    assert amapiano["pagination"]["total"] == expected
    mine = data(api.get("/beats", params={"producer": 5678, "limit": 100}))
    assert mine["beats"]
    assert {b["user_id"] for b in mine["beats"]} == {5678}
    assert data(api.get("/beats", params={"genre": 999}))["beats"] == []


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("newest", "created_at", True),
        ("popular", "play_count", True),
        ("price_asc", "price", False),
        ("price_desc", "price", True),
    ],
)
def test_sorting(api: httpx.Client, sort: str, key: str, reverse: bool) -> None:
    beats = data(api.get("/beats", params={"sort": sort, "limit": 100}))["beats"]
    values = [b[key] for b in beats]
    assert values == sorted(values, reverse=reverse)
    # Ties are broken by ascending id.
    for first, second in itertools.pairwise(beats):
        if first[key] == second[key]:
            assert first["id"] < second["id"]


def test_default_sort_is_newest(api: httpx.Client) -> None:
    implicit = data(api.get("/beats"))["beats"]
    assert implicit == data(api.get("/beats", params={"sort": "newest"}))["beats"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"genre": "amapiano"}, "genre"),
        ({"producer": "1.5"}, "producer"),
        ({"page": "x"}, "page"),
        ({"page": "0"}, "page"),
        ({"limit": "101"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"sort": "oldest"}, "sort"),
    ],
)
def test_invalid_beats_params(api: httpx.Client, params: dict[str, str], name: str) -> None:
    err = error(api.get("/beats", params=params), 400, "invalid_request")
    assert err["message"] == "The request was invalid"
    assert f"'{name}'" in err["details"]


def test_invalid_integer_message_matches_the_docs(api: httpx.Client) -> None:
    err = error(api.get("/beats", params={"genre": "x"}), 400, "invalid_request")
    assert err["details"] == "The 'genre' parameter must be a valid integer"


def test_limit_bounds_are_inclusive(api: httpx.Client) -> None:
    assert len(data(api.get("/beats", params={"limit": 100}))["beats"]) == 100
    assert len(data(api.get("/beats", params={"limit": 1}))["beats"]) == 1


# -- /beats/{id} and /similar ---------------------------------------------------------------


def test_get_beat_is_the_documented_example(api: httpx.Client) -> None:
    body = data(api.get("/beats/1234"))
    assert set(body) == {"beat"}
    check_beat(body["beat"])
    assert body["beat"]["title"] == "Summer Vibes"
    assert body["beat"]["genre"] == {"id": 1, "name": "Amapiano"}
    assert body["beat"]["price"] == 49.99
    assert body["beat"]["created_at"] == "2023-04-15T12:34:56Z"


def test_get_beat_errors(api: httpx.Client) -> None:
    error(api.get("/beats/99999"), 404, "not_found")
    err = error(api.get("/beats/abc"), 400, "invalid_request")
    assert "'beat_id'" in err["details"]


def test_similar(api: httpx.Client, beatconnect_fake: FakeBeatConnect) -> None:
    body = data(api.get("/beats/1234/similar"))
    assert set(body) == {"beats"}
    similar = body["beats"]
    assert len(similar) == 5
    assert all(b["genre"]["id"] == 1 and b["id"] != 1234 for b in similar)
    distances = [abs(b["bpm"] - 115) for b in similar]
    assert distances == sorted(distances)
    others = [b for b in beatconnect_fake.beats if b["genre"]["id"] == 1 and b["id"] != 1234]
    assert max(distances) <= sorted(abs(b["bpm"] - 115) for b in others)[4]
    assert len(data(api.get("/beats/1234/similar", params={"limit": 20}))["beats"]) == 20
    error(api.get("/beats/1234/similar", params={"limit": 21}), 400, "invalid_request")
    error(api.get("/beats/4/similar"), 404, "not_found")


# -- users, genres ---------------------------------------------------------------------------


def test_get_user(api: httpx.Client, beatconnect_fake: FakeBeatConnect) -> None:
    user = data(api.get("/users/5678"))["user"]
    assert set(user) == USER_KEYS
    assert user["display_name"] == "DJ Maphorisa"
    assert user["role"] == "producer"
    assert user["beats_count"] == sum(1 for b in beatconnect_fake.beats if b["user_id"] == 5678)
    assert TIMESTAMP.fullmatch(user["created_at"])
    buyer = data(api.get(f"/users/{beatconnect_fake.owner_id}"))["user"]
    assert buyer["role"] == "buyer"
    assert buyer["beats_count"] == 0
    error(api.get("/users/1"), 404, "not_found")
    assert "'user_id'" in error(api.get("/users/me"), 400, "invalid_request")["details"]


def test_genres(api: httpx.Client) -> None:
    genres = data(api.get("/genres"))["genres"]
    assert len(genres) == 12
    assert genres[0] == {"id": 1, "name": "Amapiano", "slug": "amapiano", "beats_count": 35}
    assert all(set(g) == {"id", "name", "slug", "beats_count"} for g in genres)
    assert sum(g["beats_count"] for g in genres) == 253


def test_add_beat_is_served(api: httpx.Client, beatconnect_fake: FakeBeatConnect) -> None:
    beat = beatconnect_fake.add_beat(title="Brand New", genre=3, price=10, user_id=5678)
    check_beat(beat)
    assert beat["id"] == 1254
    assert beat["producer_name"] == "DJ Maphorisa"
    assert data(api.get("/beats/1254"))["beat"] == beat
    assert data(api.get("/genres"))["genres"][2]["beats_count"] == 23
    with pytest.raises(TypeError, match="colour"):
        beatconnect_fake.add_beat(colour="red")
    with pytest.raises(ValueError, match="already exists"):
        beatconnect_fake.add_beat(id=1234)
    with pytest.raises(ValueError, match="genre"):
        beatconnect_fake.add_beat(genre=77)


def test_add_beat_serves_the_values_it_is_given(
    api: httpx.Client, beatconnect_fake: FakeBeatConnect
) -> None:
    # The price was rounded to two places (49.999 served as 50.0), and a datetime made a
    # beat whose every answer failed with a TypeError out of the fake's handler.
    moment = datetime(2024, 1, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    beat = beatconnect_fake.add_beat(price=Decimal("49.999"), created_at=moment)
    assert beat["price"] == 49.999
    assert beat["created_at"] == "2024-01-01T12:00:00Z"
    assert data(api.get(f"/beats/{beat['id']}"))["beat"] == beat


def test_newest_orders_upload_times_by_instant_not_by_text(
    api: httpx.Client, beatconnect_fake: FakeBeatConnect
) -> None:
    # add_beat takes ISO text with any offset, or none; "newest" compared the texts, so
    # 01:00+05:00 (20:00 UTC the day before) came first, ahead of 00:00Z.
    beatconnect_fake.add_beat(title="older", created_at="2099-01-01T01:00:00+05:00")
    beatconnect_fake.add_beat(title="oldest", created_at="2098-12-31T19:00:00")
    beatconnect_fake.add_beat(title="newer", created_at="2099-01-01T00:00:00Z")
    beats = data(api.get("/beats", params={"limit": 3, "sort": "newest"}))["beats"]
    assert [beat["title"] for beat in beats] == ["newer", "older", "oldest"]


@pytest.mark.parametrize(
    ("fields", "error", "name"),
    [
        ({"price": True}, TypeError, "price"),
        ({"price": "49.99"}, TypeError, "price"),
        ({"price": float("nan")}, ValueError, "price"),
        ({"price": Decimal("Infinity")}, ValueError, "price"),
        ({"price": -1}, ValueError, "price"),
        ({"price": Decimal("0.10000000000000000001")}, ValueError, "price"),
        ({"bpm": True}, TypeError, "bpm"),
        ({"duration": 180.5}, TypeError, "duration"),
        ({"play_count": -1}, ValueError, "play_count"),
        ({"id": "2000"}, TypeError, "id"),
        ({"user_id": None}, TypeError, "user_id"),
        ({"genre": {"name": "Amapiano"}}, TypeError, "genre"),
        ({"genre": "1"}, TypeError, "genre"),
        ({"title": None}, TypeError, "title"),
        ({"key": 5}, TypeError, "key"),
        ({"created_at": 1_700_000_000}, TypeError, "created_at"),
        ({"created_at": "2024-01-01"}, ValueError, "created_at"),
        ({"created_at": datetime(2024, 1, 1)}, ValueError, "created_at"),
    ],
)
def test_add_beat_refuses_a_value_the_api_would_not_send(
    beatconnect_fake: FakeBeatConnect, fields: dict[str, Any], error: type[Exception], name: str
) -> None:
    # Each was stored as given or coerced (True as 1, "2000" as 2000), or failed with a
    # KeyError; the API sends JSON numbers, ids and ISO 8601 UTC text.
    count = len(beatconnect_fake.beats)
    with pytest.raises(error, match=name):
        beatconnect_fake.add_beat(**fields)
    assert len(beatconnect_fake.beats) == count


# -- /search --------------------------------------------------------------------------------


def test_search_all(api: httpx.Client, beatconnect_fake: FakeBeatConnect) -> None:
    body = data(api.get("/search", params={"q": "AMAPIANO"}))
    assert set(body) == {"query", "type", "beats", "producers", "pagination"}
    assert body["query"] == "AMAPIANO"
    assert body["type"] == "all"
    assert body["producers"] == []
    expected = [
        b["id"]
        for b in beatconnect_fake.beats
        if "amapiano" in (b["title"] + b["producer_name"] + b["genre"]["name"]).lower()
    ]
    assert body["pagination"]["total"] == len(expected)
    assert [b["id"] for b in body["beats"]] == expected[:20]
    assert set(body["pagination"]) == PAGINATION_KEYS


def test_search_types(api: httpx.Client) -> None:
    beats = data(api.get("/search", params={"q": "vibes", "type": "beats"}))
    assert set(beats) == {"query", "type", "beats", "pagination"}
    assert all("vibes" in b["title"].lower() for b in beats["beats"])
    producers = data(api.get("/search", params={"q": "dj", "type": "producers", "limit": 50}))
    assert set(producers) == {"query", "type", "producers", "pagination"}
    assert producers["producers"]
    for user in producers["producers"]:
        assert set(user) == USER_KEYS
        assert user["role"] == "producer"
        assert "dj" in (user["username"] + user["display_name"]).lower()


def test_search_passes_over_a_beat_without_a_producer_name(
    api: httpx.Client, beatconnect_fake: FakeBeatConnect
) -> None:
    # add_beat takes producer_name=None (an optional text), and every later search its
    # title did not match failed with an AttributeError out of the fake's handler.
    beatconnect_fake.add_beat(title="Ghost Track", producer_name=None)
    assert data(api.get("/search", params={"q": "no such words", "type": "beats"}))["beats"] == []
    found = data(api.get("/search", params={"q": "GHOST", "type": "beats"}))["beats"]
    assert [beat["title"] for beat in found] == ["Ghost Track"]


def test_search_all_paginates_both_lists(api: httpx.Client) -> None:
    body = data(api.get("/search", params={"q": "a", "limit": 3, "page": 2}))
    assert len(body["beats"]) <= 3
    assert len(body["producers"]) <= 3
    full_beats = data(api.get("/search", params={"q": "a", "type": "beats", "limit": 3}))
    full_users = data(api.get("/search", params={"q": "a", "type": "producers", "limit": 3}))
    totals = (full_beats["pagination"]["total"], full_users["pagination"]["total"])
    assert body["pagination"]["total"] == max(totals)
    assert body["pagination"]["next_page_url"].endswith("/v1/search?q=a&limit=3&page=3")


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({}, "q"),
        ({"q": "  "}, "q"),
        ({"q": "x", "type": "albums"}, "type"),
        ({"q": "x", "limit": "51"}, "limit"),
    ],
)
def test_search_errors(api: httpx.Client, params: dict[str, str], name: str) -> None:
    assert (
        f"'{name}'" in error(api.get("/search", params=params), 400, "invalid_request")["details"]
    )


# -- /orders --------------------------------------------------------------------------------


def test_orders(api: httpx.Client) -> None:
    body = data(api.get("/orders", params={"limit": 100}))
    assert body["pagination"]["total"] == 30
    for order in body["orders"]:
        assert set(order) == {"id", "status", "items", "total", "currency", "created_at"}
        assert order["status"] in {"completed", "pending", "failed"}
        assert order["currency"] == "USD"
        assert order["items"]
        for item in order["items"]:
            assert set(item) == {"beat_id", "title", "license_type", "price"}
            assert item["license_type"] in {"Basic", "Premium", "Exclusive"}
        assert order["total"] == round(sum(i["price"] for i in order["items"]), 2)
    dates = [o["created_at"] for o in body["orders"]]
    assert dates == sorted(dates, reverse=True)


def test_orders_status_filter(api: httpx.Client) -> None:
    completed = data(api.get("/orders", params={"status": "completed", "limit": 100}))
    assert completed["orders"]
    assert {o["status"] for o in completed["orders"]} == {"completed"}
    assert (
        "'status'"
        in error(api.get("/orders", params={"status": "x"}), 400, "invalid_request")["details"]
    )


# -- auth, routing, headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong", "test-api-key", "Basic test-api-key"]
)
def test_unauthorized(beatconnect_fake: FakeBeatConnect, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with httpx.Client(transport=beatconnect_fake.transport()) as http:
        response = http.get(beatconnect_fake.base_url + "/beats", headers=headers)
    assert response.json() == {
        "status": "error",
        "error": {
            "code": "unauthorized",
            "message": "API key is missing or invalid",
            "details": None,
        },
    }
    assert response.status_code == 401
    assert "x-request-id" in response.headers


def test_custom_api_key() -> None:
    fake = FakeBeatConnect("other-key")
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        assert http.get("/genres", headers={"Authorization": "Bearer other-key"}).status_code == 200
        assert (
            http.get("/genres", headers={"Authorization": "Bearer test-api-key"}).status_code == 401
        )


def test_unknown_route_and_method(api: httpx.Client) -> None:
    error(api.get("/tracks"), 404, "not_found")
    error(api.get("https://api.beatconnectafrica.com/v2/beats"), 404, "not_found")
    response = api.delete("/beats/1234")
    error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET"


def test_an_unexpected_request_names_its_method_and_path(
    beatconnect_fake: FakeBeatConnect,
) -> None:
    # What a user's test sees when its code calls a path the fake does not serve (here a
    # client configured with another API version): the 404 said only "The requested
    # resource does not exist".
    with (
        BeatConnect(
            api_key=beatconnect_fake.api_key,
            base_url="https://api.beatconnectafrica.com/v2",
            http_client=httpx.Client(transport=beatconnect_fake.transport()),
        ) as bc,
        pytest.raises(NotFoundError) as caught,
    ):
        bc.beats.get(1234)
    assert "FakeBeatConnect has no route for GET /v2/beats/1234" in str(caught.value)


def test_a_wrong_method_names_the_methods_the_path_answers(api: httpx.Client) -> None:
    message = error(api.delete("/beats/1234"), 405, "method_not_allowed")["message"]
    assert message == (
        "FakeBeatConnect has no route for DELETE /v1/beats/1234 (it answers GET there)"
    )


def test_headers_on_every_response(api: httpx.Client) -> None:
    responses = [api.get("/genres"), api.get("/nope"), api.get("/beats/x")]
    ids = [r.headers["x-request-id"] for r in responses]
    assert len(set(ids)) == 3
    assert all(re.fullmatch(r"req_[0-9a-f]+", i) for i in ids)
    assert [r.headers["x-ratelimit-remaining"] for r in responses] == ["99", "98", "97"]
    for response in responses:
        assert response.headers["content-type"] == "application/json"
        assert response.headers["x-ratelimit-limit"] == "100"
        assert response.headers["x-ratelimit-reset"].isdigit()


def test_rate_limit_window() -> None:
    clock = Clock()
    fake = FakeBeatConnect(rate_limit=3, rate_limit_window=60, clock=clock)
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": "Bearer test-api-key"},
    ) as http:
        remaining = [http.get("/genres").headers["x-ratelimit-remaining"] for _ in range(3)]
        assert remaining == ["2", "1", "0"]
        clock.now += 15
        limited = http.get("/genres")
        err = error(limited, 429, "rate_limit_exceeded")
        assert err["message"]
        assert limited.headers["retry-after"] == "45"
        assert limited.headers["x-ratelimit-remaining"] == "0"
        assert limited.headers["x-ratelimit-reset"] == str(1_700_000_060)
        clock.now += 45
        fresh = http.get("/genres")
        assert fresh.status_code == 200
        assert fresh.headers["x-ratelimit-remaining"] == "2"
        assert fresh.headers["x-ratelimit-reset"] == str(1_700_000_120)


def test_fault_uses_the_error_envelope(
    beatconnect_fake: FakeBeatConnect, api: httpx.Client
) -> None:
    beatconnect_fake.fail_next(429, headers={"Retry-After": "0"})
    beatconnect_fake.fail_next(500)
    limited = api.get("/genres")
    error(limited, 429, "rate_limit_exceeded")
    assert limited.headers["retry-after"] == "0"
    assert "x-request-id" in limited.headers
    error(api.get("/genres"), 500, "server_error")
    assert api.get("/genres").status_code == 200


def test_an_injected_429_without_headers_still_carries_retry_after(
    beatconnect_fake: FakeBeatConnect, api: httpx.Client
) -> None:
    # beatconnect-api.txt L21: a 429 comes "with a Retry-After header indicating how long
    # to wait"; a fault left to the fake's own envelope answers as the API does.
    beatconnect_fake.fail_next(429)
    limited = api.get("/genres")
    error(limited, 429, "rate_limit_exceeded")
    assert limited.headers["retry-after"] == "60"


# -- alternative envelope -------------------------------------------------------------------


@pytest.fixture
def alt() -> Iterator[httpx.Client]:
    fake = FakeBeatConnect(envelope="alternative")
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": "Bearer test-api-key"},
    ) as http:
        yield http


def test_alternative_list(alt: httpx.Client) -> None:
    body = alt.get("/beats", params={"page": 2, "limit": 10}).json()
    assert set(body) == {"success", "data", "meta"}
    assert body["success"] is True
    assert len(body["data"]) == 10
    check_beat(body["data"][0])
    assert body["meta"] == {"page": 2, "limit": 10, "total": 253}
    orders = alt.get("/orders").json()
    assert orders["meta"] == {"page": 1, "limit": 20, "total": 30}
    genres = alt.get("/genres").json()
    assert genres["meta"] == {"page": 1, "limit": 12, "total": 12}
    similar = alt.get("/beats/1234/similar", params={"limit": 3}).json()
    assert len(similar["data"]) == 3
    assert similar["meta"] == {"page": 1, "limit": 3, "total": 3}


def test_alternative_single(alt: httpx.Client) -> None:
    beat = alt.get("/beats/1234").json()
    assert set(beat) == {"success", "data"}
    assert beat["data"]["title"] == "Summer Vibes"
    user = alt.get("/users/5678").json()
    assert user["data"]["display_name"] == "DJ Maphorisa"


def test_alternative_search(alt: httpx.Client) -> None:
    body = alt.get("/search", params={"q": "dj"}).json()
    assert set(body) == {"success", "data", "meta"}
    assert set(body["data"]) == {"beats", "producers"}
    assert body["meta"]["page"] == 1
    only = alt.get("/search", params={"q": "dj", "type": "producers"}).json()
    assert set(only["data"]) == {"producers"}


def test_alternative_errors_unchanged(alt: httpx.Client) -> None:
    error(alt.get("/beats/abc"), 400, "invalid_request")
    error(alt.get("/beats/1"), 404, "not_found")


def test_invalid_constructor_arguments() -> None:
    with pytest.raises(ValueError, match="envelope"):
        FakeBeatConnect(envelope="other")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rate_limit"):
        FakeBeatConnect(rate_limit=0)
