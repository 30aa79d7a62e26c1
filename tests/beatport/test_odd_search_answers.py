"""Beatport search answers not keyed by type, and empty text filters refused before sending."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.beatport import Beatport
from beatkit.errors import ResponseDecodeError

INTERNAL = "https://api-internal.beatportprod.com/v4"


@pytest.fixture
def answers() -> list[httpx.Response]:
    return []


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def client(answers: list[httpx.Response], sent: list[httpx.Request]) -> Iterator[Beatport]:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answers.pop(0)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with Beatport(internal=True, base_url=INTERNAL, http_client=http, max_retries=0) as bp:
        yield bp


@pytest.mark.parametrize("body", [[], 5, True, [{"tracks": []}]])
def test_a_search_body_not_keyed_by_type_is_a_decode_error(
    client: Beatport, answers: list[httpx.Response], body: Any
) -> None:
    answers.append(httpx.Response(200, json=body))
    with pytest.raises(ResponseDecodeError) as info:
        client.search("digital love")
    assert str(info.value) == (
        "beatport: search: the response does not have the documented shape "
        "(PagingError: expected a search body keyed by type)"
    )
    answers.append(httpx.Response(200, json=body))
    with pytest.raises(ResponseDecodeError) as info:
        list(client.tracks.search("digital love"))
    assert str(info.value) == "beatport: search.tracks: expected a search body keyed by type"


@pytest.mark.parametrize("name", ["isrc", "name", "mix_name", "artist_name"])
@pytest.mark.parametrize("empty", [[], ()])
def test_an_empty_list_of_texts_is_refused_before_sending(
    client: Beatport, sent: list[httpx.Request], name: str, empty: Any
) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must not be empty$"):
        client.tracks.list(**{name: empty})
    assert sent == []


def growing(sent: list[httpx.Request], body: Any) -> Any:
    """A handler whose page N claims N + 1 pages ("N/N+1"), for ever (500 past a bound)."""

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if len(sent) > 20:  # the bound of this test, not of the pager
            return httpx.Response(500)
        page = int(request.url.params.get("page", "1"))
        return httpx.Response(200, json=body(page, f"{page}/{page + 1}"))

    return handler


def growing_client(handler: Any) -> Beatport:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Beatport(internal=True, base_url=INTERNAL, http_client=http, max_retries=0)


def test_a_track_list_whose_page_count_grows_ends_at_the_first_count() -> None:
    # Regression: every page's own "N/M" was believed, so a server that always claims
    # one page more was walked for ever.
    sent: list[httpx.Request] = []
    handler = growing(sent, lambda n, page: {"results": [{"id": n, "name": "t"}], "page": page})
    with growing_client(handler) as bp:
        assert [track.id for track in bp.tracks.list()] == [1, 2]
    assert [request.url.params.get("page") for request in sent] == [None, "2"]


def test_a_search_whose_page_count_grows_ends_at_the_first_count() -> None:
    sent: list[httpx.Request] = []
    handler = growing(
        sent, lambda n, page: {"tracks": {"data": [{"id": n, "name": "t"}], "page": page}}
    )
    with growing_client(handler) as bp:
        assert [track.id for track in bp.tracks.search("night")] == [1, 2]
    assert [request.url.params.get("page") for request in sent] == [None, "2"]
