"""A user-only call made with nobody logged in says to log in, and only that.

The error also advised "or use bt.app with a user-admin client", but every ``user``
and ``editor`` operation refuses the app token (the page's "or user admin client"
operations are the ``any`` ones, sent with the app token when nobody is logged in),
so that advice led to a 403.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import ConfigurationError
from beatkit.testing.beattech import FakeBeatTech


def options(fake: FakeBeatTech) -> dict[str, str]:
    return {
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "base_url": fake.base_url,
    }


def test_a_user_call_without_a_login_advises_only_a_login() -> None:
    fake = FakeBeatTech()
    http = httpx.Client(transport=fake.transport())
    with (
        BeatTech(fake.tenant, **options(fake), http_client=http) as bt,
        pytest.raises(ConfigurationError, match="needs a logged-in user") as info,
    ):
        bt.quotas.list()
    assert "bt.auth.login" in str(info.value)
    assert "use bt.app" not in str(info.value)


async def test_an_async_user_call_without_a_login_advises_only_a_login() -> None:
    fake = FakeBeatTech()
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatTech(fake.tenant, **options(fake), http_client=http) as bt:
        with pytest.raises(ConfigurationError, match="needs a logged-in user") as info:
            await bt.quotas.list()
    assert "use bt.app" not in str(info.value)
