"""``bt.app.users.search(account_users=True)`` and ``bt.app.users.favourite(...)`` are
refused before anything is sent: ``bt.app`` signs every bearer call with the app token,
and both need the logged-in user's own token (``account_users``: "Logged-in user
required", L5955; a follow is made by the user the token names, L6140).

Both calls checked that a user was logged in (their code says why: "the app token would
only be refused by the server"), but on ``bt.app`` a logged-in user does not make the
call go with the user's token: the request went out on the app token and came back 403.
``bt.sync`` refuses ``bt.app`` the same way. Written once for asyncio;
``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from beatkit.errors import ConfigurationError
from beatkit.testing import FakeBeatTech

READER = (FakeBeatTech.username, FakeBeatTech.password)


async def test_app_account_users_search_is_refused_before_sending(
    fake: FakeBeatTech, connect: Callable[..., Any]
) -> None:
    bt = await connect(READER)
    before = len(fake.requests)
    with pytest.raises(ConfigurationError, match="account_users"):
        bt.app.users.search(account_users=True)
    assert len(fake.requests) == before
    # On the client itself the user's token goes: the account's profiles.
    assert {user.id async for user in bt.users.search(account_users=True)} >= {fake.user_id}


async def test_app_follow_is_refused_before_sending(
    fake: FakeBeatTech, connect: Callable[..., Any]
) -> None:
    bt = await connect(READER)
    before = len(fake.requests)
    with pytest.raises(ConfigurationError, match="favourite"):
        await bt.app.users.favourite(fake.editor_user_id)
    assert len(fake.requests) == before
    followed = await bt.users.favourite(fake.editor_user_id)
    assert followed.favourite is True


async def test_app_searches_that_take_the_app_token_still_go(
    fake: FakeBeatTech, connect: Callable[..., Any]
) -> None:
    # A user-admin client's lookups are bt.app's to make.
    bt = await connect(READER)
    found = [user async for user in bt.app.users.search(email=FakeBeatTech.username)]
    assert [user.id for user in found] == [fake.user_id]
