"""A per-type search walk started past page 1 without ``per_page``.

The documented search body carries no paging numbers, and without ``per_page`` the
server picks the page size. A walk that starts at ``page=2`` cannot tell a full page
from a short last one, so the size of that first page must not be sent as
``per_page`` on the next request: a short last page of 2 items would make the next
request ``page=3&per_page=2``, a window over items 5 and 6 of the results (already
before the page the caller started at), and so on while those windows come back full.

No ``per_page`` is sent that the caller did not give, and a page is full when it is
as long as the longest page seen so far.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from beatkit.beatport import Beatport

SEARCH = "https://api.beatport.com/v4/catalog/search/"
TOTAL = 12
DEFAULT_PER_PAGE = 10


def _documented_search(request: httpx.Request) -> httpx.Response:
    """``{"tracks": {"data": [...]}}`` with no numbers; the server's page size is 10."""
    params = request.url.params
    page = int(params.get("page", "1"))
    per_page = int(params.get("per_page", str(DEFAULT_PER_PAGE)))
    ids = list(range(1, TOTAL + 1))[(page - 1) * per_page : page * per_page]
    return httpx.Response(200, json={"tracks": {"data": [{"track_id": i} for i in ids]}})


@pytest.fixture
def client() -> Iterator[Beatport]:
    http = httpx.Client(transport=httpx.MockTransport(_documented_search))
    with Beatport(client_id="id", token="token", http_client=http, requests_per_second=None) as bp:
        yield bp


def test_a_walk_from_page_2_yields_page_2_and_after_only(client: Beatport) -> None:
    ids = [hit.id for hit in client.tracks.search("x", page=2, limit=50)]
    assert ids == [11, 12]


def test_a_walk_from_page_1_reads_every_result_once(client: Beatport) -> None:
    ids = [hit.id for hit in client.tracks.search("x", limit=50)]
    assert ids == list(range(1, TOTAL + 1))


def test_a_walk_from_a_full_page_goes_on_at_the_servers_size(client: Beatport) -> None:
    # Page 1 of 7 per page is full (7 items), page 2 short (5): every result once.
    assert [hit.id for hit in client.tracks.search("x", per_page=7, limit=50)] == list(
        range(1, TOTAL + 1)
    )


def test_requests_carry_per_page_only_when_the_caller_gave_it() -> None:
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url.params))
        return _documented_search(request)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with Beatport(client_id="id", token="token", http_client=http, requests_per_second=None) as bp:
        assert len(list(bp.tracks.search("x", page=2, limit=50))) == 2
        assert len(list(bp.tracks.search("x", per_page=5, limit=50))) == TOTAL
    assert all("per_page" not in query for query in sent[:2])
    assert all("per_page=5" in query for query in sent[2:])


def test_the_fake_walked_from_page_2_yields_each_hit_once() -> None:
    from beatkit.testing import FakeBeatport

    fake = FakeBeatport(require_auth=False)
    http = httpx.Client(transport=fake.transport())
    with Beatport(
        client_id=fake.client_id, token="t", http_client=http, requests_per_second=None
    ) as bp:
        first = [hit.id for hit in bp.tracks.search("ah", limit=100)]
        later = [hit.id for hit in bp.tracks.search("ah", page=2, limit=100)]
    assert len(later) == len(set(later))
    assert later == first[10:]
