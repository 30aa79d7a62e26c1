"""FakeBeatTech's helpers never give two records one id, nor replace one unasked.

``add_subscription(..., id=...)`` stores a subscription under an id of the test's; the
next one made without an id (by the helper, or by a migration, a partner activation or
a redeemed coupon) was given "the next free one" from a counter that never looked at the
store, so it took that same id and silently replaced the test's subscription. An
explicit id already in use replaced the stored subscription too (the seed's ``9000``).
``add_partner()`` without a ``partner_id`` numbered a partner by how many there were,
which an explicit id could already hold: two partners then shared one id, and with it
the external ids of their users.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatTech


def test_a_default_subscription_id_skips_the_ids_a_test_gave() -> None:
    fake = FakeBeatTech()
    mine = fake.add_subscription(fake.user_id, "201", id="9001")
    other = fake.add_subscription(fake.user_id, "203")
    assert other["id"] != "9001"
    assert fake.subscriptions["9001"] is mine
    assert fake.subscriptions[other["id"]] is other


def test_a_migration_does_not_replace_a_subscription_a_test_added() -> None:
    fake = FakeBeatTech()
    mine = fake.add_subscription(fake.user_id, "201", id="9001", state=7)
    user = fake.add_user(email="new@example.com")
    token = fake.issue_token(user.id)["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        answer = client.post(
            f"/users/{user.id}/migrations",
            json={"product_id": "201"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code < 300, answer.text
    assert fake.subscriptions["9001"] is mine
    assert mine["user_id"] == fake.user_id
    assert [s["user_id"] for s in fake.subscriptions.values()].count(user.id) == 1


@pytest.mark.parametrize("taken", ["9000", "9001"])
def test_an_explicit_subscription_id_in_use_is_refused(taken: str) -> None:
    fake = FakeBeatTech()
    if taken == "9001":
        fake.add_subscription(fake.user_id, "201")
    before = dict(fake.subscriptions)
    with pytest.raises(ValueError, match=taken):
        fake.add_subscription(fake.user_id, "204", id=taken)
    assert fake.subscriptions == before


def test_a_default_partner_id_skips_the_ids_a_test_gave() -> None:
    fake = FakeBeatTech()
    first = fake.add_partner("partner-a", "secret-a", partner_id="3")
    second = fake.add_partner("partner-b", "secret-b")
    third = fake.add_partner("partner-c", "secret-c")
    ids = [p.partner_id for p in fake.partners.values()]
    assert len(ids) == len(set(ids)), ids
    assert first.partner_id == "3"
    assert {second.partner_id, third.partner_id}.isdisjoint({"1", "3"})
