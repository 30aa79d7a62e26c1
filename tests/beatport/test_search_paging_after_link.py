"""A per-type search walk that follows a ``next`` link, then meets a page without one.

The documented search body carries no paging numbers, so a page without them is read
by its size: a full one means another may follow. A page reached by a link holds its
page number in the link's query, not in the request's parameters, and the walk must
ask for the page after it, not for the same link again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.errors import ResponseDecodeError

BASE = "https://api.beatport.com/v4"
SEARCH = f"{BASE}/catalog/search/"


def _track(track_id: int) -> dict[str, object]:
    return {"id": track_id, "name": f"Track {track_id}"}


def _answer(request: httpx.Request) -> httpx.Response:
    """Page 1 links page 2 (with per_page kept); page 2 and later give no numbers."""
    page = int(request.url.params.get("page", "1"))
    if page == 1:
        link = f"{SEARCH}?per_page=2&q=x&type=tracks&page=2"
        return httpx.Response(200, json={"tracks": {"data": [_track(1), _track(2)], "next": link}})
    if page == 2:
        return httpx.Response(200, json={"tracks": {"data": [_track(3), _track(4)]}})
    if page == 3:
        return httpx.Response(200, json={"tracks": {"data": [_track(5)]}})
    return httpx.Response(500, json={"detail": "asked for a page after the last"})


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def answer() -> list[Callable[[httpx.Request], httpx.Response]]:
    return [_answer]


@pytest.fixture
def client(
    sent: list[httpx.Request], answer: list[Callable[[httpx.Request], httpx.Response]]
) -> Iterator[Beatport]:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer[0](request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with Beatport(
        client_id="id", token="token", http_client=http, max_retries=0, requests_per_second=None
    ) as bp:
        yield bp


def test_a_page_reached_by_link_without_numbers_asks_for_the_page_after_it(
    client: Beatport, sent: list[httpx.Request]
) -> None:
    tracks = client.tracks.search("x", per_page=2).to_list()

    assert [t.id for t in tracks] == [1, 2, 3, 4, 5]
    pages = [request.url.params.get("page") for request in sent]
    assert pages == [None, "2", "3"]
    assert all(request.url.params.get("per_page") == "2" for request in sent)
    assert all(request.url.params.get("type") == "tracks" for request in sent)


def test_a_link_whose_page_is_no_number_ends_the_walk_with_a_decode_error(
    client: Beatport, answer: list[Callable[[httpx.Request], httpx.Response]]
) -> None:
    def odd_link(request: httpx.Request) -> httpx.Response:
        if "page" not in request.url.params:
            link = f"{SEARCH}?q=x&type=tracks&page={'9' * 5000}"
            return httpx.Response(200, json={"tracks": {"data": [_track(1)], "next": link}})
        return httpx.Response(200, json={"tracks": {"data": [_track(2)]}})

    answer[0] = odd_link
    with pytest.raises(ResponseDecodeError, match="page is not a count"):
        client.tracks.search("x").to_list()
