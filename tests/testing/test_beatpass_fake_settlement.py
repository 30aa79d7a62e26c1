"""``FakeBeatPass.complete_purchase``: settling a purchase as Stripe's webhook would.

Stripe delivers an event more than once at times, and a handler must settle a
purchase once: the helper issued a second license for a purchase completed twice, let
a completed purchase turn ``failed`` while its license stayed active, stored any
``status`` given (``"complete"`` made no license and no error), and raised a bare
``KeyError`` for an unknown purchase.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from beatkit.testing.beatpass import FakeBeatPass


@pytest.fixture
def fake() -> FakeBeatPass:
    return FakeBeatPass()


@pytest.fixture
def owner(fake: FakeBeatPass) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {fake.token}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=headers) as c:
        yield c


def _initiate(fake: FakeBeatPass, owner: httpx.Client) -> int:
    answer = owner.post(f"/tracks/{fake.purchasable_track_id}/purchase/initiate", json={})
    assert answer.status_code == 200
    purchase_id: int = answer.json()["purchase_id"]
    return purchase_id


def _licenses(fake: FakeBeatPass, purchase_id: int) -> list[dict[str, object]]:
    return [x for x in fake.db.licenses.values() if x["purchase_id"] == purchase_id]


def test_completing_twice_issues_one_license(fake: FakeBeatPass, owner: httpx.Client) -> None:
    purchase_id = _initiate(fake, owner)
    first = fake.complete_purchase(purchase_id)
    again = fake.complete_purchase(purchase_id)
    assert first["status"] == again["status"] == "completed"
    assert len(_licenses(fake, purchase_id)) == 1


def test_a_completed_purchase_cannot_fail(fake: FakeBeatPass, owner: httpx.Client) -> None:
    purchase_id = _initiate(fake, owner)
    fake.complete_purchase(purchase_id)
    with pytest.raises(ValueError, match="already completed"):
        fake.complete_purchase(purchase_id, "failed")
    assert fake.db.purchases[purchase_id]["status"] == "completed"
    assert [x["status"] for x in _licenses(fake, purchase_id)] == ["active"]


def test_a_failed_payment_may_succeed_later(fake: FakeBeatPass, owner: httpx.Client) -> None:
    # Stripe: a PaymentIntent whose payment failed can be paid again and succeed.
    purchase_id = _initiate(fake, owner)
    fake.complete_purchase(purchase_id, "failed")
    assert _licenses(fake, purchase_id) == []
    fake.complete_purchase(purchase_id)
    assert len(_licenses(fake, purchase_id)) == 1


def test_an_unknown_status_is_refused(fake: FakeBeatPass, owner: httpx.Client) -> None:
    purchase_id = _initiate(fake, owner)
    with pytest.raises(ValueError, match="status"):
        fake.complete_purchase(purchase_id, "complete")
    assert fake.db.purchases[purchase_id]["status"] == "pending"


def test_an_unknown_purchase_is_named(fake: FakeBeatPass) -> None:
    with pytest.raises(KeyError, match="no purchase 99999"):
        fake.complete_purchase(99999)
