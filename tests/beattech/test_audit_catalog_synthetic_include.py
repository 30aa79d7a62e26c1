"""``GET /v2/releases/groups/{alias}/releases`` takes ``X-Include`` (L4368-4434: its header
list names it; items are "full release base objects"): the fake embeds what it asks for
(``release-tracks``, ``release-prices``), as ``GET /v2/releases/{id}`` does, on both
facades; ``response_type=id`` items stay bare ids."""

from __future__ import annotations

import httpx

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

RELEASE = "1001"


def _fake() -> FakeBeatTech:
    fake = FakeBeatTech()
    fake.shelf(fake.user_id, "purchased").append(RELEASE)
    return fake


def test_a_synthetic_groups_releases_embed_what_x_include_asks_for() -> None:
    fake = _fake()
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        bt.auth.login(fake.username, fake.password)
        wanted = ["release-tracks", "release-prices"]
        got = bt.releases.get(RELEASE, include=wanted)
        [listed] = list(bt.release_groups.releases("purchased", include=wanted))
        [bare] = list(bt.release_groups.releases("purchased"))
        [ref] = list(bt.release_groups.releases("purchased", ids_only=True, include=wanted))
    assert got.tracks and listed.tracks == got.tracks
    assert listed.extra["prices"] == got.extra["prices"]
    assert bare.tracks == [] and "prices" not in bare.extra
    assert ref.id == RELEASE and ref.tracks == [] and ref.title is None


async def test_a_synthetic_groups_releases_embed_what_x_include_asks_for_async() -> None:
    fake = _fake()
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = AsyncBeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        await bt.auth.login(fake.username, fake.password)
        got = await bt.releases.get(RELEASE, include="release-tracks")
        listed = [
            r async for r in bt.release_groups.releases("purchased", include="release-tracks")
        ]
    assert got.tracks and [r.tracks for r in listed] == [got.tracks]
