"""``tracks.top(genre_id)`` asks for pages of 100, as the API's own clients do
(``GET /catalog/tracks/top/{genre_id}/?per_page=100&page=1``) and as ``genres.top100``
does: without ``per_page`` the API answers pages of 10, ten paced requests for a top 100.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit import AsyncBeatport, Beatport
from beatkit.testing import FakeBeatport


def _sent(fake: FakeBeatport) -> list[httpx.QueryParams]:
    return [r.url.params for r in fake.requests if "/catalog/tracks/top/" in r.url.path]


def test_sync_top_asks_for_pages_of_100() -> None:
    fake = FakeBeatport(require_auth=False)
    http = httpx.Client(transport=fake.transport())
    with Beatport(client_id="id", token="t", http_client=http, requests_per_second=None) as bp:
        bp.tracks.top(6).to_list()
        bp.tracks.top(6, per_page=7, limit=7).to_list()
    first, second = _sent(fake)
    assert first.get("per_page") == "100"
    assert second.get("per_page") == "7"


@pytest.mark.asyncio
async def test_async_top_asks_for_pages_of_100() -> None:
    fake = FakeBeatport(require_auth=False)
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatport(
        client_id="id", token="t", http_client=http, requests_per_second=None
    ) as bp:
        await bp.tracks.top(6).to_list()
    (first,) = _sent(fake)
    assert first.get("per_page") == "100"
