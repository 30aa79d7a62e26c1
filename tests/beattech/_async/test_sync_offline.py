"""``bt.sync`` when things go wrong mid-way: edits changed while a push is in flight, a
pull that fails after the push was answered, a connection lost with a batch in flight.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, PendingChange
from beatkit.testing import FakeBeatTech

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
OFFLINE = NOW - timedelta(hours=3)


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW.timestamp())


async def logged_in(fake: FakeBeatTech, http: httpx.AsyncClient) -> AsyncBeatTech:
    client = AsyncBeatTech(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )
    await client.auth.login(fake.username, fake.password)
    return client


def batches(fake: FakeBeatTech) -> list[list[dict[str, Any]]]:
    rows = [r for r in fake.requests if r.url.path == "/v2/batch"]
    return [json.loads(r.content)["requests"] for r in rows]


def favourites(fake: FakeBeatTech, count: int) -> list[PendingChange]:
    ids = list(fake.catalog.tracks)[:count]
    return [PendingChange.favourite("track", i, True, changed_at=OFFLINE) for i in ids]


async def test_a_push_sends_the_bodies_as_they_were_when_it_was_called(
    fake: FakeBeatTech,
) -> None:
    # An app task edits a pending change's body (or a list inside it) while the first
    # batch is in flight: the second batch must send what push was given and checked.
    release_ids = list(fake.catalog.releases)[:2]
    shelf = {"name": "Shelf", "releases": [{"id": release_ids[0]}]}
    edits = [
        *favourites(fake, 20),
        PendingChange(method="POST", path="/releases/groups", body=shelf, changed_at=OFFLINE),
    ]
    shelf["releases"].append({"id": release_ids[1]})  # the caller's dict: not the edit's

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v2/batch" and len(batches(fake)) == 0:
            body = edits[20].body
            assert body is not None
            body["name"] = "Renamed meanwhile"  # type: ignore[index]
            body["releases"].append({"id": "nope"})  # type: ignore[index]
        return fake.handle(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        bt = await logged_in(fake, http)
        pushed = await bt.sync.push(edits, base_change_id=0)
    assert all(r.ok for r in pushed.results)
    assert batches(fake)[1][0]["body"] == {"name": "Shelf", "releases": [{"id": release_ids[0]}]}
