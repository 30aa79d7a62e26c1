"""``install_referrer`` goes with one successful login, even when its token was not saved.

The page (L1139): the app "must clean it after successful log in, so repeated log ins
should not be tracked/rewarded". A login that succeeded but whose token the store or
``on_token`` failed to keep raises ``TokenSaveError`` ("the login itself succeeded"),
and the referrer was not marked as sent: the next login sent it again, and the
install was tracked twice.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.auth import Token
from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import TokenSaveError
from beatkit.testing import FakeBeatTech


class _FailsOnce:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, token: Token) -> None:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("disk full")


def test_a_login_whose_token_was_not_saved_used_the_referrer() -> None:
    fake = FakeBeatTech()
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        on_token=_FailsOnce(),
    ) as bt:
        with pytest.raises(TokenSaveError):
            bt.auth.login(fake.username, fake.password, install_referrer="u_12345")
        assert bt.auth.token is not None  # the login succeeded
        bt.auth.login(fake.username, fake.password, install_referrer="u_12345")
    assert fake.install_referrers == [(fake.user_id, "u_12345")]


async def test_the_async_client_sends_it_once_too() -> None:
    fake = FakeBeatTech()
    async with AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        on_token=_FailsOnce(),
    ) as bt:
        with pytest.raises(TokenSaveError):
            await bt.auth.login(fake.username, fake.password, install_referrer="u_12345")
        await bt.auth.login(fake.username, fake.password, install_referrer="u_12345")
    assert fake.install_referrers == [(fake.user_id, "u_12345")]


def test_a_refused_login_keeps_the_referrer_for_the_next() -> None:
    fake = FakeBeatTech()
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        with pytest.raises(Exception, match="login failed"):
            bt.auth.login(fake.username, "wrong-password", install_referrer="u_12345")
        bt.auth.login(fake.username, fake.password, install_referrer="u_12345")
    assert fake.install_referrers == [(fake.user_id, "u_12345")]
