"""``bt.releases.list(release_group_id=...)`` takes a release group's id or one of the
logged-in user's aliases (``purchased``, ``borrowed``, ``finished``, ``played``,
``wishlist``). An alias without a logged-in user was sent with the app token, which
has no user, and refused with a 403; it is a ``ConfigurationError`` before anything is
sent, as ``bt.release_groups.get("wishlist")`` is. A numeric id still takes any token.
Both facades."""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.beattech.editing import SYNTHETIC_GROUPS
from beatkit.errors import ConfigurationError
from beatkit.testing import FakeBeatTech


def _fake() -> FakeBeatTech:
    fake = FakeBeatTech()
    fake.shelf(fake.user_id, "wishlist").append("1001")
    return fake


def _kwargs(fake: FakeBeatTech) -> dict[str, str]:
    return {
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "base_url": fake.base_url,
    }


@pytest.mark.parametrize("alias", SYNTHETIC_GROUPS)
def test_an_alias_filter_needs_a_user_before_sending(alias: str) -> None:
    fake = _fake()
    shelf = fake.add_release_group("Staff picks", ["1005"])
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(fake.tenant, http_client=http, **_kwargs(fake))
        with pytest.raises(ConfigurationError, match=f"'{alias}'.*log in"):
            bt.releases.list(release_group_id=alias)
        with pytest.raises(ConfigurationError, match=f"'{alias}'"):
            bt.releases.list(release_group_id=f" {alias} ")
        assert fake.requests == []
        assert [r.id for r in bt.releases.list(release_group_id=shelf["id"])] == ["1005"]
        bt.auth.login(fake.username, fake.password)
        if alias == "wishlist":
            assert [r.id for r in bt.releases.list(release_group_id=alias)] == ["1001"]


async def test_an_alias_filter_needs_a_user_before_sending_async() -> None:
    fake = _fake()
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = AsyncBeatTech(fake.tenant, http_client=http, **_kwargs(fake))
        with pytest.raises(ConfigurationError, match=r"'wishlist'.*log in"):
            bt.releases.list(release_group_id="wishlist")
        assert fake.requests == []
        await bt.auth.login(fake.username, fake.password)
        assert [r.id async for r in bt.releases.list(release_group_id="wishlist")] == ["1001"]
