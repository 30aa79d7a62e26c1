"""FakeBeatport's ``/catalog/charts/?name=``: several names match any of them, as the client
documents for every text filter (``TextFilter``: one text or several, matched with OR) and
as the fake's ``/catalog/tracks/`` text filters already read them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.testing.beatport import FakeBeatport


@pytest.fixture
def fake() -> FakeBeatport:
    return FakeBeatport()


@pytest.fixture
def bp(fake: FakeBeatport) -> Iterator[Beatport]:
    token = fake.issue_token()["access_token"]
    http = httpx.Client(transport=fake.transport())
    with Beatport(
        fake.client_id, token=token, http_client=http, requests_per_second=None, strict=True
    ) as client:
        yield client


def two_names(fake: FakeBeatport) -> tuple[str, str, set[int]]:
    """A word of one chart's name and one of another's, and the ids of the charts
    whose names contain either (case-insensitively)."""
    first, second = fake.charts[0]["name"].split()[-1], fake.charts[1]["name"].split()[-1]
    wanted = {
        c["id"]
        for c in fake.charts
        if first.casefold() in c["name"].casefold() or second.casefold() in c["name"].casefold()
    }
    return first, second, wanted


def test_each_name_alone_matches(bp: Beatport, fake: FakeBeatport) -> None:
    first, second, _ = two_names(fake)
    assert fake.charts[0]["id"] in {c.id for c in bp.charts.list(name=first)}
    assert fake.charts[1]["id"] in {c.id for c in bp.charts.list(name=second)}


def test_a_list_of_names_matches_any_of_them(bp: Beatport, fake: FakeBeatport) -> None:
    first, second, wanted = two_names(fake)
    found = {c.id for c in bp.charts.list(name=[first, second], limit=100)}
    assert found == wanted
    assert {fake.charts[0]["id"], fake.charts[1]["id"]} <= found


def test_a_list_of_names_on_the_async_client(fake: FakeBeatport) -> None:
    first, second, wanted = two_names(fake)
    token = fake.issue_token()["access_token"]

    async def run() -> set[int]:
        http = httpx.AsyncClient(transport=fake.transport())
        async with AsyncBeatport(
            fake.client_id, token=token, http_client=http, requests_per_second=None
        ) as client:
            return {c.id async for c in client.charts.list(name=[first.upper(), second])}

    assert asyncio.run(asyncio.wait_for(run(), 30)) == wanted


def test_the_raw_query_reads_commas_as_alternatives(fake: FakeBeatport) -> None:
    first, second, wanted = two_names(fake)
    token = fake.issue_token()["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        answer = http.get(
            "/catalog/charts/",
            params={"name": f"{first}, {second}", "per_page": 100},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 200
    assert {c["id"] for c in answer.json()["results"]} == wanted
