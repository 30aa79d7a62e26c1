"""An answer to ``Range: release_number=lo-hi`` whose ``Content-Range`` is a window of
another unit that does not start at 0 (``releases 5-6/7``) says the items before it
exist and were not sent: a server that read the filter as a window of its own unit, or
windowed the matches. Only a window with more items *after* it was refused; one with
items *before* it was read as every match, and the releases it left out were lost
without a word. Both windows are a ``ResponseDecodeError``; a window that holds the
whole list (``releases 0-6/7``) is still read. Both facades.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import ResponseDecodeError


def _handler(answer: httpx.Response, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(
                200, json={"access_token": "app", "expires_in": 3600, "token_type": "bearer"}
            )
        seen.append(request)
        return answer

    return httpx.MockTransport(handler)


def _answer(content_range: str, *ids: str) -> httpx.Response:
    body = {"releases": [{"id": i} for i in ids]}
    return httpx.Response(206, json=body, headers={"Content-Range": content_range})


@pytest.mark.parametrize("content_range", ["releases 5-6/7", "releases 1-2/3", "Releases 3-3/4"])
def test_a_window_of_another_unit_after_position_0_is_an_error(content_range: str) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_handler(_answer(content_range, "a", "b"), seen))
    with (
        BeatTech("fabel", client_id="id", client_secret="secret", http_client=http) as bt,
        pytest.raises(ResponseDecodeError, match=r"sent Range: release_number=5-6 .*not every"),
    ):
        list(bt.releases.list(series_id="301", release_numbers=(5, 6)))
    assert len(seen) == 1


async def test_the_async_facade_refuses_a_window_after_position_0() -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_handler(_answer("releases 5-6/7", "a", "b"), seen))
    bt = AsyncBeatTech("fabel", client_id="id", client_secret="secret", http_client=http)
    async with bt:
        pager = bt.releases.list(series_id="301", release_numbers=(5, 6))
        with pytest.raises(ResponseDecodeError, match=r"release_number=5-6"):
            [r.id async for r in pager]


@pytest.mark.parametrize(
    "content_range", ["releases 0-1/2", "release_number 5-6/7", "release_number 9-9/7"]
)
def test_a_whole_list_or_a_window_in_the_filters_unit_is_read(content_range: str) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_handler(_answer(content_range, "a", "b"), seen))
    with BeatTech("fabel", client_id="id", client_secret="secret", http_client=http) as bt:
        found = [r.id for r in bt.releases.list(series_id="301", release_numbers=(5, 6))]
    assert found == ["a", "b"]


async def test_the_async_facade_reads_a_whole_list() -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_handler(_answer("releases 0-1/2", "a", "b"), seen))
    bt = AsyncBeatTech("fabel", client_id="id", client_secret="secret", http_client=http)
    async with bt:
        pager = bt.releases.list(series_id="301", release_numbers=(5, 6))
        assert [r.id async for r in pager] == ["a", "b"]
