"""FakeBeatTech's ``POST /users`` by a user-admin client, with the page's own request sample.

The page: admin user creation "bypasses email_token verification — the email is
automatically marked as verified" and "allows setting password and msisdn together"
(L5994-5997); ``email_token`` is "not required for user admin clients" (L6037). Its
request sample (L6052-6065) carries every field, ``"email_token": "string"`` among them:
a user-admin client sending it creates the user.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer

SAMPLE = {
    "msisdn": "004712345678",
    "firstname": "string",
    "lastname": "string",
    "username": "string",
    "email": "email@beat.no",
    "password": "string",
    "newsletter": False,
    "intent": "webshop",
    "profile_type": "standard",
    "email_token": "string",
    "avatar_id": "string",
    "region": "NO",
}


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


def test_a_user_admin_creates_the_page_s_sample_user(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    created = http.post("/users", json=SAMPLE, headers=bearer(fake))
    assert created.status_code == 201, created.text
    user = fake.users[created.json()["user"]["id"]]
    assert (user["email"], user["msisdn"], user["region"]) == (
        "email@beat.no",
        "004712345678",
        "NO",
    )


def test_a_signup_that_is_not_an_admin_s_still_checks_the_token(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    visitor = bearer(fake, client_id=fake.other_client_id)
    body = {"email": "email@beat.no", "email_token": "string", "password": "pw"}
    refused = http.post("/users", json=body, headers=visitor)
    assert refused.status_code == 400
    assert "email_token" in refused.json()["error_description"]
