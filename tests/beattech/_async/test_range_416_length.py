"""The page's 416 vector (L86, L108-113), decoded: past the end the answer says the length.

"A server SHOULD send ``Content-Range: <unit> */<length>``" with its 416: the window is
empty, and the collection's length is known all the same. Written once for asyncio;
``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import AsyncBeatTech
from tests.beattech._mocked import APP_TOKEN, BASE


@pytest.fixture
async def bt(httpx_mock: HTTPXMock) -> AsyncIterator[AsyncBeatTech]:
    """A client of tenant ``fabel`` on the page's app token (L252-256)."""
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=APP_TOKEN)
    async with AsyncBeatTech("fabel", client_id="cid", client_secret="csecret") as client:
        yield client


@pytest.mark.parametrize(
    ("content_range", "total"),
    [
        ("tracks */45", 45),  # L86: the length of the collection
        ("tracks */0", 0),  # an empty collection
        ("tracks */*", None),  # the length is not known either
        (None, None),  # the SHOULD not followed
    ],
)
async def test_a_416_past_the_end_is_an_empty_page_of_the_length_it_names(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock, content_range: str | None, total: int | None
) -> None:
    headers = {} if content_range is None else {"Content-Range": content_range}
    refusal = {"error": "range_not_satisfiable", "error_description": "Range not satisfiable"}
    httpx_mock.add_response(
        method="GET",
        url=f"{BASE}/tracks?query=x",
        match_headers={"Range": "tracks=1000-1019"},
        status_code=416,
        json=refusal,
        headers=headers,
        is_reusable=True,
    )
    page = await bt.tracks.search("x", start=1000, page_size=20).first_page()
    (request,) = [r for r in httpx_mock.get_requests() if r.url.path == "/v2/tracks"]
    assert (request.method, str(request.url)) == ("GET", f"{BASE}/tracks?query=x")
    assert request.headers["range"] == "tracks=1000-1019"
    assert request.headers["authorization"] == "Bearer 2YotnFZFEjr1zCsicMWpAA"
    assert request.content == b""
    assert page.items == []
    assert page.total == total
    assert page.has_next is False
    # A walk from there: the one page, the same.
    pages = [p async for p in bt.tracks.search("x", start=1000, page_size=20).pages()]
    assert [(p.items, p.total, p.has_next) for p in pages] == [([], total, False)]
