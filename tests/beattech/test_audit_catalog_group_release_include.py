"""Release groups embed their releases with ``X-Include: group-releases``; the names of
the same header (L119-131: the sub-objects to include "in a response"; each group
read's own list names ``release-tracks``, ``release-prices``, ``release-reviews``,
L4244-4262) apply to those releases as on ``GET /v2/releases/{id}``, as the fake
already did for favourite releases and synthetic-group releases. It left them out of
the group reads (one group, the list, the user's groups, a synthetic group)."""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

WANTED = ["group-releases", "release-tracks", "release-prices"]


def _fake() -> FakeBeatTech:
    fake = FakeBeatTech()
    fake.add_release_group("Mine", ["1001"], user_id=fake.user_id)
    fake.add_release_group("Wishlist", ["1001"], user_id=fake.user_id, alias="wishlist")
    return fake


def _expected(fake: FakeBeatTech, release_id: str) -> list[str]:
    return list(fake.catalog.releases[release_id]["track_ids"])


def test_group_releases_carry_what_x_include_asks_for() -> None:
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
        shelf = bt.release_groups.get("601", include=WANTED)
        first = shelf.releases[0]
        assert not isinstance(first, str)
        assert [t.id for t in first.tracks] == _expected(fake, first.id)
        assert "prices" in first.extra
        listed = next(iter(bt.release_groups.list(include=WANTED)))
        assert all(not isinstance(r, str) and r.tracks for r in listed.releases)
        mine = next(iter(bt.users.release_groups(include=WANTED)))
        assert [[t.id for t in r.tracks] for r in mine.releases if not isinstance(r, str)] == [
            _expected(fake, "1001")
        ]
        wishlist = bt.users.synthetic_group("wishlist", include=WANTED)
        assert [[t.id for t in r.tracks] for r in wishlist.releases if not isinstance(r, str)] == [
            _expected(fake, "1001")
        ]
        # Without release-tracks the embedded releases carry none, as a release's GET.
        plain = bt.release_groups.get("601", include="group-releases")
        assert all(not isinstance(r, str) and r.tracks == [] for r in plain.releases)


@pytest.mark.anyio
async def test_group_releases_carry_what_x_include_asks_for_async() -> None:
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
        shelf = await bt.release_groups.get("601", include=WANTED)
        first = shelf.releases[0]
        assert not isinstance(first, str)
        assert [t.id for t in first.tracks] == _expected(fake, first.id)
        mine = [g async for g in bt.users.release_groups(include=WANTED)]
        assert [[t.id for t in r.tracks] for r in mine[0].releases if not isinstance(r, str)] == [
            _expected(fake, "1001")
        ]


def test_group_releases_stay_strict_clean_without_extras() -> None:
    # A strict client read a group's embedded releases before; it still does.
    fake = _fake()
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
            strict=True,
        )
        for group_id in ("601", "602"):
            group = bt.release_groups.get(group_id, include=["group-releases", "release-tracks"])
            assert group.releases and all(not isinstance(r, str) for r in group.releases)
