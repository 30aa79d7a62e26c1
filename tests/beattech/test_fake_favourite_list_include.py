"""``GET /v2/users/{user_id}/favourites/releases`` (L6734-6794) and its deprecated alias
``GET /v2/users/{user_id}/favourites`` (L7013-7067) list ``X-Include`` among their
headers: the fake's answers embed what it asks for, as a release's GET does, on both
facades."""

from __future__ import annotations

import warnings

import httpx

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

RELEASE = "1001"


def _client(fake: FakeBeatTech, http: httpx.Client) -> BeatTech:
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )


def test_favourite_releases_embed_what_x_include_asks_for() -> None:
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = _client(fake, http)
        bt.auth.login(fake.username, fake.password)
        bt.releases.favourite(RELEASE)
        got = bt.releases.get(RELEASE, include=["release-tracks", "release-prices"])
        listed = list(bt.users.favourite_releases(include=["release-tracks", "release-prices"]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            aliased = list(bt.users.favourites(include="release-tracks"))
        plain = list(bt.users.favourite_releases())
    assert [r.id for r in listed] == [RELEASE] == [r.id for r in aliased]
    assert got.tracks and listed[0].tracks == got.tracks == aliased[0].tracks
    assert listed[0].extra["prices"] == got.extra["prices"]
    assert plain[0].tracks == [] and "prices" not in plain[0].extra


async def test_favourite_releases_embed_what_x_include_asks_for_async() -> None:
    fake = FakeBeatTech()
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = AsyncBeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        await bt.auth.login(fake.username, fake.password)
        await bt.releases.favourite(RELEASE)
        got = await bt.releases.get(RELEASE, include="release-tracks")
        listed = [r async for r in bt.users.favourite_releases(include="release-tracks")]
    assert got.tracks and [r.tracks for r in listed] == [got.tracks]
