"""``bt.users.favourite`` (follow a user) works with a user token whose user id beatkit
does not know: one set as a string with ``set_token``, or a login answer without
``user_id`` (the page marks it optional). The follow names only the user followed;
it was refused with ``ConfigurationError`` ("needs a logged-in user") although a user
token was held, while ``bt.artists.favourite`` went through. Without any user token it
is still refused before sending.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import ConfigurationError
from beatkit.testing import FakeBeatTech


def _client(fake: FakeBeatTech) -> BeatTech:
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )


def test_a_token_set_as_text_follows() -> None:
    fake = FakeBeatTech()
    with _client(fake) as bt:
        bt.auth.set_token(fake.issue_token(fake.user_id)["access_token"])
        assert bt.auth.user_id is None
        followed = bt.users.favourite(fake.profile_user_id)
        assert followed.id == fake.profile_user_id
        assert followed.favourite is True
        assert bt.users.favourite(fake.profile_user_id, False).favourite is False


async def test_the_async_client_follows_too() -> None:
    fake = FakeBeatTech()
    async with AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    ) as bt:
        bt.auth.set_token(fake.issue_token(fake.user_id)["access_token"])
        followed = await bt.users.favourite(fake.profile_user_id)
        assert followed.favourite is True


def test_without_a_user_token_nothing_is_sent() -> None:
    fake = FakeBeatTech()
    with _client(fake) as bt, pytest.raises(ConfigurationError, match="logged-in user"):
        bt.users.favourite(fake.profile_user_id)
    assert fake.requests == []
