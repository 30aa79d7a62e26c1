"""FakeBeatTech: a partner activation whose subscription the partner's own migration
ended is canceled, as the API treats it.

The page (partner users): "If a subscription exists for this partner for a different
product, end the previous one and create a new one", and ending an activation
(``DELETE /v2/partnerusers/activations/{id}``, "Stop the subscription associated with
the activation") answers "400 Bad Request ... if the activation has already been
canceled". The fake ended the old subscription but left its activation pending, so
ending it again answered 200, the user could still confirm it, and the lookup called it
``PENDING``: a partner's test passed against the fake where the API refuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import BadRequestError
from beatkit.testing import FakeBeatTech


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
def http(fake: FakeBeatTech) -> Iterator[httpx.Client]:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        yield client


def _partner(fake: FakeBeatTech) -> dict[str, str]:
    return {"X-Auth-Client-Id": fake.client_id, "X-Auth-Client-Secret": fake.client_secret}


def _activate(http: httpx.Client, fake: FakeBeatTech, product_id: str, **body: Any) -> Any:
    payload = {"partneruser": {"external_id": "PARTNER-USR-123"}, "product": {"id": product_id},
               **body}  # fmt: skip
    response = http.post("/partnerusers/activations", json=payload, headers=_partner(fake))
    assert response.status_code == 200, response.text
    return response.json()


def _migrated(http: httpx.Client, fake: FakeBeatTech) -> tuple[Any, Any]:
    """A partner user on product 213, then moved to 214: (first, second) answers."""
    first = _activate(http, fake, "213", user={"email": "ada@example.com"})
    second = _activate(http, fake, "214")
    assert second["activation"]["id"] != first["activation"]["id"]
    return first, second


def test_ending_an_activation_the_migration_ended_is_a_400(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    first, second = _migrated(http, fake)
    old = http.delete(
        f"/partnerusers/activations/{first['activation']['id']}", headers=_partner(fake)
    )
    assert old.status_code == 400, old.text
    assert old.json()["error"] == "validation_error"
    # The new activation is untouched and ends once.
    new_path = f"/partnerusers/activations/{second['activation']['id']}"
    assert http.delete(new_path, headers=_partner(fake)).status_code == 200
    assert http.delete(new_path, headers=_partner(fake)).status_code == 400


def test_the_user_cannot_confirm_the_replaced_activation(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    first, _ = _migrated(http, fake)
    user_id = first["user"]["id"]
    token = fake.issue_token(user_id)["access_token"]
    confirm = http.patch(
        f"/activations/{first['activation']['id']}",
        json={"state": "CONFIRMED"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert confirm.status_code == 400, confirm.text
    # The ended subscription stays ended (DEACTIVATED), it is not brought back to life.
    states = {s["product_id"]: s["state"] for s in fake.subscriptions.values()
              if s["user_id"] == user_id}  # fmt: skip
    assert states == {"213": 7, "214": 9}


def test_the_lookup_says_the_replaced_activation_is_canceled(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    first, _ = _migrated(http, fake)
    code = first["activation"]["confirmation_url"].split("confirmation_code=")[1]
    token = fake.issue_token(first["user"]["id"])["access_token"]
    looked_up = http.get(
        "/activations",
        params={"confirmation_code": code},
        headers={"Authorization": f"Bearer {token}"},
    ).json()["activations"]
    assert [a["state"] for a in looked_up] == ["CANCELED"]


def test_the_same_product_again_keeps_the_activation_live(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    first = _activate(http, fake, "213", user={"email": "ada@example.com"})
    again = _activate(http, fake, "213")
    assert again["activation"]["id"] == first["activation"]["id"]
    path = f"/partnerusers/activations/{first['activation']['id']}"
    assert http.delete(path, headers=_partner(fake)).status_code == 200


def test_the_client_gets_its_documented_bad_request(fake: FakeBeatTech) -> None:
    # bt.partner_users.end documents BadRequestError for "Already ended".
    with BeatTech(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        first = bt.partner_users.activate("P-1", "213", user={"email": "ada@example.com"})
        bt.partner_users.activate("P-1", "214")
        with pytest.raises(BadRequestError):
            bt.partner_users.end(first.activation.id)
