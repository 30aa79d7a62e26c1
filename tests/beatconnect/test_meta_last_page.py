"""The alternative envelope's last page is counted in integers, never through a float.

``{"success": true, "data": [...], "meta": {"page", "limit", "total"}}`` gives no last
page: it is ``ceil(total / limit)``. Worked out with float division, a total past 2**53
lost its remainder (``(10**17 + 1) / 100`` is the float ``1e15``), so a walk started near
the end stopped one page early and the last items were silently missing.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beatconnect import AsyncBeatConnect, BeatConnect

TOTAL = 10**17 + 1
PER_PAGE = 100
START = 10**15  # the float's last page; the true last page is START + 1


def _answer(request: httpx.Request) -> httpx.Response:
    page = int(request.url.params["page"])
    limit = int(request.url.params["limit"])
    first = (page - 1) * limit
    count = max(0, min(limit, TOTAL - first))
    beats = [{"id": first + index + 1, "title": "t"} for index in range(count)]
    meta = {"page": page, "limit": limit, "total": TOTAL}
    return httpx.Response(200, json={"success": True, "data": beats, "meta": meta})


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


def test_a_walk_near_the_end_of_a_huge_total_reaches_the_last_page(
    sent: list[httpx.Request], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BEATCONNECT_API_KEY", raising=False)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        assert len(sent) <= 5, "the walk does not end"
        return _answer(request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with BeatConnect("key", http_client=http, max_retries=0) as bc:
        ids = [beat.id for beat in bc.beats.list(page=START, per_page=PER_PAGE)]
    assert len(ids) == PER_PAGE + 1
    assert ids[-1] == TOTAL
    assert [request.url.params["page"] for request in sent] == [str(START), str(START + 1)]


async def test_async_a_walk_near_the_end_of_a_huge_total_reaches_the_last_page(
    sent: list[httpx.Request], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BEATCONNECT_API_KEY", raising=False)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        assert len(sent) <= 5, "the walk does not end"
        return _answer(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncBeatConnect("key", http_client=http, max_retries=0) as bc:
        ids = [beat.id async for beat in bc.beats.search("t", page=2 * START, per_page=50)]
    # 50 a page: the float's last page is 2 * START, the true one 2 * START + 1.
    assert ids[-1] == TOTAL
    assert len(ids) == 50 + 1


def test_search_reads_the_last_page_of_a_huge_total(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEATCONNECT_API_KEY", raising=False)
    body = {"success": True, "data": [], "meta": {"page": 1, "limit": 50, "total": TOTAL}}
    http = httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(200, json=body)))
    with BeatConnect("key", http_client=http, max_retries=0) as bc:
        results = bc.search("night", type="beats", per_page=50)
    assert results.last_page == 2 * START + 1
