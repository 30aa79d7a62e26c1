"""FakeBeatTech's commerce and password routes with raw httpx: what a client cannot send."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


# -- client scopes ---------------------------------------------------------------------------------


def test_a_clients_scopes_go_with_tokens_that_ask_for_none(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    fake.add_client("scoped", "scoped-secret", scopes=["return-password-code", "external-charge"])
    form = {"grant_type": "client_credentials", "client_id": "scoped",
            "client_secret": "scoped-secret"}  # fmt: skip
    assert http.post("/oauth2/token", data=form).json()["scope"] == (
        "external-charge return-password-code"
    )
    asked = http.post("/oauth2/token", data={**form, "scope": "external-charge"}).json()
    assert asked["scope"] == "external-charge"
    assert "scope" not in fake.issue_token()
    assert fake.issue_token(fake.user_id, client_id="scoped")["scope"] == (
        "external-charge return-password-code"
    )


# -- charges -------------------------------------------------------------------------------------


def test_charge_bodies_are_checked(fake: FakeBeatTech, http: httpx.Client) -> None:
    user = bearer(fake, fake.user_id)
    track = next(iter(fake.catalog.tracks))

    def create(**body: Any) -> httpx.Response:
        return http.post("/charges", json=body, headers=user)

    bad = [
        create(entity_type="track", entity_id=track),
        create(reason="refund", entity_type="track", entity_id=track),
        create(reason="purchase", entity_type="track"),
        create(reason="purchase", entity_type="balance", amount=10),
        create(reason="purchase", entity_type="balance", amount=-1, unit="XCR"),
        create(reason="purchase", entity_type="track", entity_id=track, user_id=fake.user_id),
        create(reason="purchase", entity_type="track", entity_id=track, colour="red"),
        create(reason="purchase", entity_type="track", entity_id=track, unit="USD"),
    ]
    assert [error(response) for response in bad] == [(400, "validation_error")] * len(bad)
    assert error(create(reason="campaign", entity_type="campaign", entity_id="99")) == (
        404,
        "error_not_found",
    )
    assert fake.charges == {}
    made = create(reason="campaign", entity_type="campaign", entity_id="1", amount=0)
    assert made.status_code == 200 and set(made.json()) == {"id"}
    assert fake.charges[made.json()["id"]]["user_id"] == fake.user_id


def test_an_external_charge_needs_scope_and_user(fake: FakeBeatTech, http: httpx.Client) -> None:
    body = {"reason": "external_charge", "entity_type": "balance", "amount": 5, "unit": "XCR"}
    plain = http.post("/charges", json={**body, "user_id": fake.user_id}, headers=bearer(fake))
    assert error(plain) == (403, "insufficient_scope")
    assert plain.json()["error_developer"] == {"scope": "external-charge"}
    scoped = bearer(fake, scope="external-charge")
    assert error(http.post("/charges", json=body, headers=scoped)) == (400, "validation_error")
    unknown = http.post("/charges", json={**body, "user_id": "404404"}, headers=scoped)
    assert error(unknown) == (404, "error_not_found")
    made = http.post("/charges", json={**body, "user_id": fake.user_id}, headers=scoped)
    charge_id = made.json()["id"]
    # Cancelling twice answers the same: a DELETE may be replayed.
    for _ in range(2):
        assert http.delete(f"/charges/{charge_id}", headers=scoped).json() == {}
    assert fake.charges[charge_id]["state"] == "cancelled"


def test_charge_lists_check_their_filters(fake: FakeBeatTech, http: httpx.Client) -> None:
    user = bearer(fake, fake.user_id)
    cases = [
        {"entity_id": "1"},
        {"entity_type": "balance", "entity_id": "1"},
        {"entity_type": "track"},
        {"entity_type": "track", "entity_id": ",".join(str(i) for i in range(1001))},
    ]
    for params in cases:
        assert error(http.get("/charges", params=params, headers=user)) == (
            400,
            "validation_error",
        )
    ok = http.get("/charges", params={"entity_type": "track", "entity_id": "1"}, headers=user)
    assert ok.json() == {"charges": []}
    scoped = bearer(fake, scope="external-charge")
    url = f"/users/{fake.user_id}/charges"
    assert error(http.get(url, headers=scoped)) == (400, "validation_error")
    assert http.get(url, params={"entity_type": "balance"}, headers=scoped).json() == {
        "charges": []
    }


# -- coupons and campaigns -----------------------------------------------------------------------


def test_coupon_routes_page_and_check(fake: FakeBeatTech, http: httpx.Client) -> None:
    app = bearer(fake)
    assert error(http.get("/coupons", headers=app)) == (400, "validation_error")
    assert error(http.get("/coupons/offers", params={"type": "voucher"}, headers=app)) == (
        400,
        "validation_error",
    )
    offers = http.get("/coupons/offers", params={"type": "giftcard"}, headers=app)
    assert offers.status_code == 206
    assert offers.headers["content-range"] == "offers 0-19/3"
    assert all(offer["image"] == {} for offer in offers.json()["offers"])
    past = http.get(
        "/coupons", params={"code": "WELCOME-2026"}, headers={**app, "Range": "coupons=5-9"}
    )
    assert past.status_code == 416 and past.headers["content-range"] == "coupons */1"
    generated = http.post("/coupons", json={"offer_id": "1235"}, headers=app).json()["coupon"]
    assert generated["valid"] is False and fake.coupons[generated["code"]]["owner"] is None
    assert error(http.post("/coupons", json={}, headers=app)) == (400, "validation_error")


def test_campaign_lookup_answers_at_most_one(fake: FakeBeatTech, http: httpx.Client) -> None:
    app = bearer(fake)
    both = http.get("/campaigns", params={"utm_campaign": "spring-sale"}, headers=app)
    assert both.status_code == 206 and len(both.json()["campaigns"]) == 1
    assert both.headers["content-range"] == "campaigns 0-19/1"
    assert error(http.get("/campaigns", headers=app)) == (400, "validation_error")


# -- passwords -------------------------------------------------------------------------------------


def test_password_requests_take_exactly_one_identifier(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    app = bearer(fake)
    both = {"email": fake.username, "msisdn": "4791234567"}
    for body in ({}, both, {"email": fake.username, "return": "yes"}):
        response = http.post("/passwords/requests", json=body, headers=app)
        assert error(response) == (400, "validation_error")
    made = http.post("/passwords/requests", json={"email": fake.username}, headers=app)
    assert (made.status_code, made.json()) == (201, {})
    code = fake.password_reset_code(email=fake.username)
    assert code is not None and len(code) == 32
    reset = {"email": fake.username, "code": code, "password": "long-enough-1"}
    assert error(http.post("/passwords", json={**reset, "msisdn": "1"}, headers=app)) == (
        400,
        "validation_error",
    )
    assert http.post("/passwords", json=reset, headers=app).json() == {}
    assert fake.password_reset_code(email=fake.username) is None


def test_a_returned_code_is_not_delivered(fake: FakeBeatTech, http: httpx.Client) -> None:
    scoped = bearer(fake, scope="return-password-code")
    made = http.post("/passwords/requests", json={"msisdn": "4791234567", "return": True},
                     headers=scoped)  # fmt: skip
    assert made.status_code == 201
    assert made.json()["code"] == fake.password_reset_code(msisdn="+4791234567")
    assert fake.password_resets[("msisdn", "4791234567")]["delivered"] is False
    # No account: the same answer, with a code that never works.
    ghost = http.post("/passwords/requests", json={"msisdn": "4700000000", "return": True},
                      headers=scoped)  # fmt: skip
    assert ghost.status_code == 201 and ghost.json()["code"]
    assert fake.password_reset_code(msisdn="4700000000") is None
