"""FakeBeatTech's users group with raw httpx: what a client cannot send or check itself
(the Changes API's conflict rule on a follow, the server-side metadata limits and
permissions, access per lookup, deletions and what they take with them, coupons and
charges together)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


def follow(
    fake: FakeBeatTech, base: int | str, stamp: str, favourite: bool = True
) -> dict[str, Any]:
    """A batch subrequest: the fake's user follows (or unfollows) the editor."""
    return {
        "method": "PATCH",
        "url": f"/v2/users/{fake.editor_user_id}",
        "body": {"favourite": favourite},
        "headers": {"X-Base-Change": str(base), "X-Change-Timestamp": stamp},
    }


# -- following: the Changes API's rule ---------------------------------------------------------


def test_a_follow_pushed_in_a_batch_is_pulled_back(fake: FakeBeatTech, http: httpx.Client) -> None:
    me = bearer(fake, fake.user_id)
    answer = http.post(
        "/batch", json={"requests": [follow(fake, 0, "2026-04-01T10:00:00Z")]}, headers=me
    )
    (entry,) = answer.json()["responses"]
    assert entry["status"] == 200 and entry["headers"] == {"X-Change": 1}
    assert entry["body"]["user"]["favourite"] is True
    assert "email" not in entry["body"]["user"]  # another account's user: the base object
    pulled = http.get(f"/users/{fake.user_id}/changes", params={"base_change_id": 0}, headers=me)
    (change,) = pulled.json()["changes"]
    assert (change["id"], change["method"]) == (1, "PATCH")
    assert change["body"]["user"]["id"] == fake.editor_user_id
    assert fake.changes[0]["timestamp"] == "2026-04-01T10:00:00Z"


def test_conflicts_latest_change_wins_and_a_future_base_is_refused(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    me = bearer(fake, fake.user_id)
    batch = [
        follow(fake, 0, "2026-04-01T10:00:00Z"),
        # Made offline earlier against base 0: the follow above is newer and wins.
        follow(fake, 0, "2026-04-01T09:00:00Z", favourite=False),
        # Made later: it wins, though its base is older than the follow.
        follow(fake, 0, "2026-04-01T11:00:00Z", favourite=False),
        follow(fake, 7, "2026-04-01T11:00:00Z"),
        follow(fake, 0, "yesterday"),
        follow(fake, "x", "2026-04-01T11:00:00Z"),
    ]
    entries = http.post("/batch", json={"requests": batch}, headers=me).json()["responses"]
    assert [e["status"] for e in entries] == [200, 200, 200, 400, 400, 400]
    assert [e.get("headers") for e in entries[:3]] == [{"X-Change": 1}, None, {"X-Change": 2}]
    assert [e["body"]["user"]["favourite"] for e in entries[:3]] == [True, True, False]
    assert "X-Base-Change" in entries[3]["body"]["error_description"]
    assert entries[4]["body"]["error_developer"] == {"parameter": "X-Change-Timestamp"}


def test_a_follow_is_refused_like_every_other_personal_data_write(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    # One Changes API rule for all personal data: following a user is no exception.
    headers = {**bearer(fake, fake.user_id), "X-Base-Change": "7"}
    followed = http.patch(
        f"/users/{fake.editor_user_id}", json={"favourite": True}, headers=headers
    )
    favourited = http.patch("/artists/101", json={"favourite": True}, headers=headers)
    assert followed.status_code == favourited.status_code == 400
    assert followed.json() == favourited.json()
    assert followed.json()["error_developer"]["latest_change_id"] == 0
    assert fake.changes == []


def test_following_needs_a_user_and_someone_else(fake: FakeBeatTech, http: httpx.Client) -> None:
    app = bearer(fake)
    answer = http.patch(f"/users/{fake.editor_user_id}", json={"favourite": True}, headers=app)
    assert error(answer) == (403, "access_denied")
    me = bearer(fake, fake.user_id)
    answer = http.patch(f"/users/{fake.user_id}", json={"favourite": True}, headers=me)
    assert error(answer) == (400, "validation_error")
    answer = http.patch(f"/users/{fake.user_id}", json={"favourite": None}, headers=me)
    assert error(answer) == (400, "validation_error")
    answer = http.patch(f"/users/{fake.user_id}", json={"nickname": "A"}, headers=me)
    assert answer.json()["error_developer"] == {"parameter": "nickname"}


def test_events_follow_the_favourite_changes(fake: FakeBeatTech, http: httpx.Client) -> None:
    me = bearer(fake, fake.user_id)
    http.patch(f"/users/{fake.editor_user_id}", json={"favourite": True}, headers=me)
    fake.add_change(fake.user_id, "PATCH", "artist", {"id": "101", "favourite": True})
    fake.add_change(fake.user_id, "POST", "bookmark", {"id": "1"})  # not an event
    answer = http.get(f"/users/{fake.user_id}/events", headers=me)
    assert answer.status_code == 206 and answer.headers["content-range"] == "items 0-19/2"
    events = answer.json()["events"]
    assert [(e["id"], e["type"]) for e in events] == [
        ("2", "artist.favourited"),
        ("1", "user.favourited"),
    ]
    assert events[0]["artist"]["name"] and events[1]["user"]["id"] == fake.editor_user_id
    fake.users[fake.user_id]["privacy_profile_private"] = True
    other = bearer(fake, fake.editor_user_id)
    assert error(http.get(f"/users/{fake.user_id}/events", headers=other)) == (403, "access_denied")


# -- search ------------------------------------------------------------------------------------


def test_search_access_per_parameter(fake: FakeBeatTech, http: httpx.Client) -> None:
    me, app = bearer(fake, fake.user_id), bearer(fake)
    web = bearer(fake, client_id=fake.other_client_id)
    assert error(http.get("/users", headers=me)) == (400, "validation_error")
    assert error(http.get("/users", params={"email": fake.username}, headers=me))[0] == 403
    assert error(http.get("/users", params={"msisdn": "4791234567"}, headers=web))[0] == 403
    assert error(http.get("/users", params={"account_users": "true"}, headers=app))[0] == 403
    assert error(http.get("/users", params={"account_users": "yes"}, headers=me))[0] == 400
    assert error(http.get("/users", params={"external_user_id": "1"}, headers=me))[0] == 400
    found = http.get("/users", params={"msisdn": "4791234567"}, headers=app).json()["users"]
    assert [(u["id"], u["email"]) for u in found] == [(fake.user_id, fake.username)]
    # A non-admin full-text search reads no phone numbers (nor e-mail addresses).
    found = http.get("/users", params={"query": "4791"}, headers=me).json()["users"]
    assert found == []
    found = http.get("/users", params={"query": "4791"}, headers=app).json()["users"]
    assert [u["id"] for u in found] == [fake.user_id]


# -- metadata ------------------------------------------------------------------------------------


def test_metadata_limits_on_the_server(fake: FakeBeatTech, http: httpx.Client) -> None:
    app, url = bearer(fake), f"/users/{fake.user_id}/metadata"
    example = {"device_id": "abc-123", "app_variant": "premium"}
    assert http.patch(url, json=example, headers=app).json() == {}
    assert http.get(url, headers=bearer(fake, fake.user_id)).json() == example
    assert error(http.get(url, headers=bearer(fake, fake.profile_user_id)))[0] == 403
    for bad in ({"k" * 41: "v"}, {"k": "v" * 501}, {"k": 1}, {" ": "v"}):
        assert error(http.patch(url, json=bad, headers=app)) == (400, "validation_error")
    fill = {f"key{i}": str(i) for i in range(48)}
    assert http.patch(url, json=fill, headers=app).status_code == 200
    # 50 keys after the merge is the limit; an overwrite does not count twice.
    assert http.patch(url, json={"device_id": "new", "key0": "x"}, headers=app).status_code == 200
    assert error(http.patch(url, json={"one": "more"}, headers=app)) == (409, "conflict")
    assert len(http.get(url, headers=app).json()) == 50
    assert http.delete(f"{url}/key0", headers=app).json() == {}
    assert error(http.delete(f"{url}/key0", headers=app)) == (404, "error_not_found")


# -- deletions -----------------------------------------------------------------------------------


def test_deleting_a_profile_kills_its_tokens(fake: FakeBeatTech, http: httpx.Client) -> None:
    profile = bearer(fake, fake.profile_user_id)
    me = bearer(fake, fake.user_id)
    assert http.delete(f"/users/{fake.user_id}", headers=me).status_code == 400
    assert http.delete(f"/users/{fake.profile_user_id}", headers=me).json() == {}
    assert error(http.get(f"/users/{fake.profile_user_id}", headers=profile)) == (
        401,
        "invalid_token",
    )
    assert fake.deleted_users[fake.profile_user_id]["deleted"] == "profile"
    assert error(http.delete(f"/users/{fake.profile_user_id}", headers=me))[0] == 404


def test_gdpr_deletion_anonymises_and_forgets(fake: FakeBeatTech, http: httpx.Client) -> None:
    app, url = bearer(fake), f"/users/{fake.user_id}/gdpr"
    mine = bearer(fake, fake.user_id)
    http.patch(f"/users/{fake.editor_user_id}", json={"favourite": True}, headers=mine)
    fake.partner_links[("1", "ext-1")] = fake.user_id
    fake.favourites[fake.editor_user_id] = {("user", fake.user_id)}
    assert error(http.delete(url, headers=mine)) == (403, "access_denied")
    assert http.delete(url, headers=app).json() == {"message": "User was deleted."}
    assert http.delete(url, headers=app).json() == {
        "message": "User was already deleted previously."
    }
    record = fake.deleted_users[fake.user_id]
    assert (record["email"], record["msisdn"], record["username"]) == (
        None,
        None,
        f"deleted-{fake.user_id}",
    )
    assert fake.subscriptions["9000"]["state"] == 7
    assert fake.changes == [] and fake.partner_links == {}
    assert fake.favourites[fake.editor_user_id] == set()
    assert error(http.get(f"/users/{fake.user_id}", headers=mine))[0] == 401
    # A profile deleted before may still be forgotten.
    http.delete(f"/users/{fake.profile_user_id}", headers=bearer(fake, fake.profile_user_id))
    gone = http.delete(f"/users/{fake.profile_user_id}/gdpr", headers=app)
    assert gone.json() == {"message": "User was deleted."}


# -- coupons and charges ---------------------------------------------------------------------------


def test_the_gift_card_lifecycle(fake: FakeBeatTech, http: httpx.Client) -> None:
    buyer, friend = bearer(fake, fake.user_id), bearer(fake, fake.editor_user_id)
    card = fake.add_coupon("201", paid=False, interval=14)
    code = card["code"]
    redeem = f"/users/{fake.editor_user_id}/coupons/redemptions"
    assert error(http.post(redeem, json={"coupon": code}, headers=friend))[0] == 400
    charge = {"reason": "coupon", "entity_type": "coupon", "entity_id": code}
    paid = http.post(f"/users/{fake.user_id}/charges", json=charge, headers=buyer)
    assert paid.json() == {"id": "7001"} and fake.charges["7001"]["user_id"] == fake.user_id
    assert (card["paid"], card["owner"]) == (True, fake.user_id)
    again = http.post(f"/users/{fake.user_id}/charges", json=charge, headers=buyer)
    assert error(again) == (409, "conflict")  # one rule with POST /charges
    mine = http.get(f"/users/{fake.user_id}/coupons", params={"type": "giftcard"}, headers=buyer)
    assert [c["code"] for c in mine.json()["coupons"]] == [code]
    assert mine.json()["coupons"][0]["offer"]["image"] == {}  # no X-Coupon-Offer-Image-Sizes
    assert error(http.get(f"/users/{fake.user_id}/coupons", headers=buyer))[0] == 400
    assert http.post(redeem, json={"coupon": code}, headers=friend).json() == {}
    assert error(http.post(redeem, json={"coupon": code}, headers=friend))[0] == 400
    history = http.get(redeem, headers=friend).json()["redemptions"]
    assert [(r["coupon_id"], r["product_id"]) for r in history] == [(card["id"], "201")]
    assert error(http.get(redeem, headers=buyer)) == (403, "access_denied")


def test_charges_on_behalf_and_what_they_buy(fake: FakeBeatTech, http: httpx.Client) -> None:
    url = f"/users/{fake.editor_user_id}/charges"
    external = {"reason": "external_charge", "entity_type": "balance", "amount": 5, "unit": "EUR"}
    assert error(http.post(url, json=external, headers=bearer(fake)))[0] == 403
    scoped = bearer(fake, scope="external-charge")
    # The path's user wins over the body's.
    answer = http.post(url, json={**external, "user_id": fake.user_id}, headers=scoped)
    assert fake.charges[answer.json()["id"]]["user_id"] == fake.editor_user_id
    me = bearer(fake, fake.user_id)
    mine = f"/users/{fake.user_id}/charges"
    track = {"reason": "purchase", "entity_type": "track", "entity_id": "10001"}
    assert http.post(mine, json=track, headers=me).status_code == 200
    shelf = http.get(f"/users/{fake.user_id}/releases/groups/purchased", headers=me)
    assert shelf.json()["group"]["releases"] == [fake.catalog.tracks["10001"]["release_id"]]
    for bad, status in (
        ({"reason": "purchase", "entity_type": "release"}, 400),
        ({"reason": "purchase", "entity_type": "release", "entity_id": "9"}, 404),
        ({"reason": "purchase", "entity_type": "balance", "amount": 5}, 400),
        ({"reason": "purchase", "entity_type": "balance", "amount": -5, "unit": "XCR"}, 400),
        ({"reason": "gift", "entity_type": "balance"}, 400),
    ):
        assert http.post(mine, json=bad, headers=me).status_code == status
    assert error(http.post(url, json=track, headers=me)) == (403, "access_denied")


# -- credentials, bookshelves, balances ----------------------------------------------------


def test_credentials_bind_or_wait_for_their_token(fake: FakeBeatTech, http: httpx.Client) -> None:
    me, url = bearer(fake, fake.user_id), f"/users/{fake.user_id}/credentials"
    assert http.post(url, json={"type": 5, "credential": "cus_123"}, headers=me).json() == {}
    assert fake.credential_token(fake.user_id, 5) is None  # bound at once
    assert error(http.post(url, json={"type": 6, "credential": "nope"}, headers=me))[0] == 400
    assert error(http.post(url, json={"type": 4, "credential": "x"}, headers=me))[0] == 400
    http.post(url, json={"type": 6, "credential": "ada@bokbasen.test"}, headers=me)
    token = fake.credential_token(fake.user_id, 6)
    assert token is not None
    verify = f"{url}/verifications"
    assert error(http.post(verify, json={"token": token, "type": 8}, headers=me))[0] == 400
    assert http.post(verify, json={"token": token, "type": 6}, headers=bearer(fake)).json() == {}
    assert error(http.post(verify, json={"token": token, "type": 6}, headers=me))[0] == 400
    assert fake.users[fake.user_id]["email"] == fake.username  # a Bokbasen e-mail is not the login


def test_bookshelves_and_balances_are_the_owners(fake: FakeBeatTech, http: httpx.Client) -> None:
    other = bearer(fake, fake.editor_user_id)
    url = f"/users/{fake.user_id}/releases/groups"
    assert error(http.get(f"{url}/wishlist", headers=other)) == (403, "access_denied")
    assert http.get(f"{url}/wishlist", headers=bearer(fake)).json()["group"]["releases"] == []
    assert error(http.get(f"{url}/liked", headers=bearer(fake, fake.user_id)))[0] == 400
    assert error(http.get(url, headers=other))[0] == 403
    assert error(http.get(f"/users/{fake.user_id}/balances", headers=other))[0] == 403
    assert error(http.get(f"/users/{fake.user_id}/tracking", headers=other))[0] == 403
    with pytest.raises(ValueError, match="wishlist"):
        fake.add_release_group("Liked", ["1001"], user_id=fake.user_id, alias="liked")
    with pytest.raises(KeyError):
        fake.add_release_group("Wishlist", ["999999"], user_id=fake.user_id, alias="wishlist")
    with pytest.raises(KeyError):
        fake.add_coupon("999")


def test_release_type_lists_are_read_alike(fake: FakeBeatTech, http: httpx.Client) -> None:
    # One reading of ``types`` (``audio``/``video`` shorthands, no empty item) everywhere.
    me = bearer(fake, fake.user_id)
    favourites = f"/users/{fake.user_id}/favourites/releases"
    for path in (favourites, "/artists/101/releases/top"):
        assert http.get(path, params={"types": "audio"}, headers=me).is_success
        refused = http.get(path, params={"types": "audio,,video"}, headers=me)
        assert error(refused) == (400, "validation_error")
        assert refused.json()["error_developer"] == {"parameter": "types"}
