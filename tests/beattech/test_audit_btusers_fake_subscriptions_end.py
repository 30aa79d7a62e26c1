"""FakeBeatTech ends a subscription that does not renew at its expiry date.

The page: a STOPPED subscription is "live until expiry" and "will end at the end of the
current period" (L5913-5922, L443-462). The fake took the expiry date from its clock
(``FakeBeatTech(clock=...)`` "to date subscriptions") but never ended anything by it: a
stopped subscription, or the non-renewable one a redeemed gift card starts, stayed
running for good; ``subscriptions.list()`` still listed it, streams were still served,
and it could be resumed months later. A renewable subscription keeps running (the fake
renews without billing).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from beatkit import BeatTech
from beatkit.beattech import SubscriptionState
from beatkit.errors import BadRequestError, PermissionDeniedError
from beatkit.testing import FakeBeatTech

DAY = 24 * 3600


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> FakeBeatTech:
    return FakeBeatTech(clock=clock, token_lifetime=10 * 365 * DAY)


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as client:
        client.auth.login(fake.username, fake.password)
        yield client


def first_track(fake: FakeBeatTech) -> str:
    return next(iter(fake.catalog.tracks))


def test_a_stopped_subscription_runs_to_its_expiry_then_ends(
    fake: FakeBeatTech, bt: BeatTech, clock: Clock
) -> None:
    (running,) = bt.subscriptions.list()
    assert running.id is not None and running.expiry_date is not None
    stopped = bt.subscriptions.stop(running.id)
    assert stopped.state is SubscriptionState.STOPPED
    # Until its expiry it is live: listed, and it streams.
    clock.now = running.expiry_date.timestamp() - 60
    assert [s.id for s in bt.subscriptions.list()] == [running.id]
    assert bt.streams.online(first_track(fake)).url
    # Then it has ended.
    clock.now = running.expiry_date.timestamp() + 60
    assert list(bt.subscriptions.list()) == []
    assert [s.id for s in bt.subscriptions.list(state="all")] == [running.id]
    with pytest.raises(PermissionDeniedError):
        bt.streams.online(first_track(fake))
    with pytest.raises(BadRequestError):
        bt.subscriptions.resume(running.id)
    with pytest.raises(BadRequestError):
        bt.subscriptions.deactivate(running.id)
    # A new one can be bought.
    bt.users.migrate("205")
    assert [s.product_id for s in bt.subscriptions.list()] == ["205"]


def test_a_renewable_subscription_keeps_running(
    fake: FakeBeatTech, bt: BeatTech, clock: Clock
) -> None:
    (running,) = bt.subscriptions.list()
    assert running.expiry_date is not None
    clock.now = running.expiry_date.timestamp() + 400 * DAY
    assert [s.id for s in bt.subscriptions.list()] == [running.id]
    assert bt.streams.online(first_track(fake)).url


def test_a_gift_cards_subscription_ends_with_its_interval(fake: FakeBeatTech, clock: Clock) -> None:
    user = fake.add_user(email="gift@example.com", password="pw-gift-1")
    card = fake.add_coupon("201", interval=30, interval_unit="day")
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        bt.auth.login("gift@example.com", "pw-gift-1")
        bt.users.redeem_coupon(card["code"])
        (subscription,) = bt.subscriptions.list(user_id=user.id)
        assert subscription.expiry_date is not None
        clock.now = subscription.expiry_date.timestamp() + 1
        assert list(bt.subscriptions.list()) == []
        with pytest.raises(PermissionDeniedError):
            bt.streams.online(first_track(fake))
