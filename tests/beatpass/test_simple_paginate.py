"""Laravel's ``simplePaginate`` pages count no pages: each says only whether another
follows. A list walks on while one does (it read "no last page" as "this is the
only page": every page after the first was silently missing)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beatpass import AsyncBeatPass, BeatPass

BASE = "https://open.beatpass.ca/api/v1"


def _pages(resource: bool) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        assert page <= 3, "asked past the last page"
        more = f"{BASE}/purchases?page={page + 1}" if page < 3 else None
        items = [{"id": page * 10 + n} for n in range(2)]
        body: dict[str, Any]
        if resource:
            body = {"data": items, "links": {"next": more}, "meta": {"current_page": page}}
        else:
            body = {"current_page": page, "data": items, "next_page_url": more, "per_page": 2}
        return httpx.Response(200, json={"status": "success", "purchases": body})

    return httpx.MockTransport(answer)


@pytest.mark.parametrize("resource", [False, True], ids=["paginator", "resource"])
def test_a_list_of_simple_pages_walks_to_the_last(resource: bool) -> None:
    with BeatPass("tok", http_client=httpx.Client(transport=_pages(resource))) as bp:
        ids = [purchase.id for purchase in bp.purchases.list()]
    assert ids == [10, 11, 20, 21, 30, 31]


async def test_the_async_list_walks_them_too() -> None:
    client = httpx.AsyncClient(transport=_pages(False))
    async with AsyncBeatPass("tok", http_client=client) as bp:
        ids = [purchase.id async for purchase in bp.purchases.list(page=2)]
    assert ids == [20, 21, 30, 31]
