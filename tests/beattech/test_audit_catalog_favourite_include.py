"""``PATCH /v2/releases/{id}`` takes the headers of the GET (L4051: "Add any custom HTTP
headers (as for the GET request ...)", and its header list names ``X-Include``): the
fake's answer embeds what ``X-Include`` asks for, as its GET does, on both facades."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

RELEASE = "1001"


def _sync_client(fake: FakeBeatTech, http: httpx.Client) -> BeatTech:
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )


def test_a_release_favourite_embeds_what_x_include_asks_for() -> None:
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = _sync_client(fake, http)
        bt.auth.login(fake.username, fake.password)
        got = bt.releases.get(RELEASE, include=["release-tracks", "release-prices"])
        patched = bt.releases.favourite(RELEASE, include=["release-tracks", "release-prices"])
    assert got.tracks and patched.tracks == got.tracks
    assert patched.extra["prices"] == got.extra["prices"]
    assert patched.favourite is True


def test_a_release_unfavourite_without_include_embeds_nothing() -> None:
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = _sync_client(fake, http)
        bt.auth.login(fake.username, fake.password)
        patched = bt.releases.favourite(RELEASE, False)
    assert patched.tracks == [] and "prices" not in patched.extra
    assert patched.favourite is False


async def test_a_release_favourite_embeds_what_x_include_asks_for_async() -> None:
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
        got = await bt.releases.get(RELEASE, include="release-tracks")
        patched = await bt.releases.favourite(RELEASE, include="release-tracks")
    assert got.tracks and patched.tracks == got.tracks


def test_a_losing_release_favourite_answers_the_current_release_with_its_includes() -> None:
    # A change older than the object's latest loses: the answer is the server's current
    # release, shaped by the same headers.
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = _sync_client(fake, http)
        bt.auth.login(fake.username, fake.password)
        bt.releases.favourite(RELEASE)
        old = datetime(2000, 1, 1, tzinfo=UTC)
        lost = bt.releases.favourite(RELEASE, False, changed_at=old, include="release-tracks")
    assert lost.favourite is True and lost.tracks
