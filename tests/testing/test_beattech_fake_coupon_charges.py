"""FakeBeatTech: a gift card is charged for, and its charges listed, by its id or its code.

The page names both: the charge body's ``entity_id`` is "the ID of the given entity
type (for example track_id, release_id or coupon_id)" (L2520), and the gift-card
lifecycle pays with ``entity_id={coupon_code}`` (L2731). Users meet both, so the
fake takes both, and a charge made with one is found by the other.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


def _gift_card(fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]) -> dict[str, Any]:
    coupon = http.post("/coupons", json={"offer_id": "1235"}, headers=me).json()["coupon"]
    assert coupon["id"] != coupon["code"]
    return coupon


def _listed(http: httpx.Client, me: dict[str, str], entity_id: str) -> list[dict[str, Any]]:
    answer = http.get(
        "/charges", params={"entity_type": "coupon", "entity_id": entity_id}, headers=me
    )
    assert answer.status_code == 200
    return answer.json()["charges"]


@pytest.mark.parametrize("paid_with", ["id", "code"])
def test_a_gift_card_charge_is_found_by_its_id_and_its_code(
    fake: FakeBeatTech, http: httpx.Client, paid_with: str
) -> None:
    me = bearer(fake, fake.user_id)
    coupon = _gift_card(fake, http, me)
    body = {"reason": "purchase", "entity_type": "coupon", "entity_id": coupon[paid_with]}
    paid = http.post("/charges", json=body, headers=me)
    assert paid.status_code == 200, paid.text
    charge_id = paid.json()["id"]
    for looked_up in (coupon["id"], coupon["code"], f"other,{coupon['id']}"):
        assert [c["id"] for c in _listed(http, me, looked_up)] == [charge_id]
    # Paid for either way: the card is valid, and it cannot be paid twice by the other name.
    assert fake.coupons[coupon["code"]]["paid"] is True
    other = "code" if paid_with == "id" else "id"
    again = http.post("/charges", json={**body, "entity_id": coupon[other]}, headers=me)
    assert again.status_code == 409


def test_an_unknown_coupon_is_still_refused(fake: FakeBeatTech, http: httpx.Client) -> None:
    me = bearer(fake, fake.user_id)
    body = {"reason": "purchase", "entity_type": "coupon", "entity_id": "no-such-coupon"}
    assert http.post("/charges", json=body, headers=me).status_code == 404
    assert _listed(http, me, "no-such-coupon") == []
