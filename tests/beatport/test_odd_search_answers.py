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
