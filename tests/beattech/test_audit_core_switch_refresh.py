"""``switch_account_user()`` without ``access_token`` sends a live user token.

The ``account_user`` grant carries the current user token as ``access_token``. It was
sent as held, even when it had expired: every other use of the user token refreshes it
first, this one got ``invalid_grant`` ("access_token is not a live user token") an hour
after the login, although the client held a refresh token.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import httpx

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech


def _expire(fake: FakeBeatTech, token: object) -> object:
    """The token as the client holds it an hour later (the server expired it too)."""
    fake.expire_tokens()
    return attrs.evolve(token, expires_at=datetime.now(UTC) - timedelta(seconds=5))  # type: ignore[misc]


def test_an_expired_token_is_refreshed_before_the_switch() -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        bt.auth.login(user["username"], user["password"])
        bt.auth.set_token(_expire(fake, bt.auth.token))  # type: ignore[arg-type]
        bt.auth.switch_account_user(fake.profile_user_id)
        assert bt.auth.user_id == fake.profile_user_id
        assert bt.users.get().id == fake.profile_user_id
    grants = [
        dict(httpx.QueryParams(request.content.decode()))["grant_type"]
        for request in fake.requests_to("/oauth2/token")
    ]
    assert grants == ["password", "refresh_token", "account_user"]


async def test_the_async_client_refreshes_it_too() -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    async with AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    ) as bt:
        await bt.auth.login(user["username"], user["password"])
        bt.auth.set_token(_expire(fake, bt.auth.token))  # type: ignore[arg-type]
        await bt.auth.switch_account_user(int(fake.profile_user_id))
        assert bt.auth.user_id == fake.profile_user_id


def test_a_given_access_token_is_sent_as_given() -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    other = fake.issue_token(fake.user_id)["access_token"]
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        bt.auth.login(user["username"], user["password"])
        bt.auth.switch_account_user(fake.profile_user_id, access_token=other)
    (switch,) = [
        dict(httpx.QueryParams(request.content.decode()))
        for request in fake.requests_to("/oauth2/token")
        if b"account_user" in request.content
    ]
    assert switch["access_token"] == other
