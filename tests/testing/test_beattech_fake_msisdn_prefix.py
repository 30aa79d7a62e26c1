"""FakeBeatTech: a phone number (msisdn) in international form, with ``+``, ``00`` or bare.

The page writes msisdns in all three forms: ``8801600000199`` and ``4742424242``
(L926, L5725), ``004712345678`` (the signup sample, L6053) and
``0029133437595305`` (the ``verification_code`` grant, L977: 16 characters, which the
fake's ``POST /codes`` refused as "8 to 15 digits"). ``00`` is the international
prefix ``+`` stands for; the fake already read ``+4791234567`` as ``4791234567``, and
now reads ``004791234567`` the same, wherever an msisdn is sent.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer

NUMBER = "4791234567"  # the seeded reader's msisdn
FORMS = [NUMBER, f"+{NUMBER}", f"00{NUMBER}"]


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


def token(http: httpx.Client, fake: FakeBeatTech, **form: str) -> httpx.Response:
    credentials = {"client_id": fake.client_id, "client_secret": fake.client_secret}
    return http.post("/oauth2/token", data={**form, **credentials})


def test_the_pages_verification_code_example_msisdn_gets_a_code_and_logs_in(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    msisdn = "0029133437595305"  # L977, as written
    assert http.post("/codes", json={"msisdn": msisdn}, headers=bearer(fake)).status_code == 201
    code = fake.last_code(msisdn)
    assert code is not None and fake.last_code("+29133437595305") == code
    answer = token(http, fake, grant_type="verification_code", msisdn=msisdn, code=code)
    assert answer.status_code == 200, answer.text
    # The same number with "+" is the same user afterwards.
    assert (
        http.post("/codes", json={"msisdn": "+29133437595305"}, headers=bearer(fake)).status_code
        == 201
    )
    again = fake.last_code(msisdn)
    assert again is not None
    second = token(http, fake, grant_type="verification_code", msisdn="+29133437595305", code=again)
    assert second.json()["user_id"] == answer.json()["user_id"]


@pytest.mark.parametrize("form", FORMS)
def test_every_form_finds_the_same_user(fake: FakeBeatTech, http: httpx.Client, form: str) -> None:
    app = bearer(fake)  # the default client is a user-admin client
    found = http.get("/users", params={"msisdn": form}, headers=app)
    assert [u["id"] for u in found.json()["users"]] == [fake.user_id], found.text
    login = token(http, fake, grant_type="password", username=form, password=fake.password)
    assert login.status_code == 200 and login.json()["user_id"] == fake.user_id
    taken = http.post("/users", json={"msisdn": form, "firstname": "X"}, headers=app)
    assert taken.status_code == 409


@pytest.mark.parametrize("form", FORMS)
def test_a_password_reset_by_any_form_is_the_same_reset(
    fake: FakeBeatTech, http: httpx.Client, form: str
) -> None:
    sent = http.post("/passwords/requests", json={"msisdn": form}, headers=bearer(fake))
    assert sent.status_code == 201
    code = fake.password_reset_code(msisdn=f"00{NUMBER}")
    assert code is not None and fake.password_reset_code(msisdn=NUMBER) == code
    done: dict[str, Any] = {"msisdn": f"+{NUMBER}", "code": code, "password": "New-pass-2026!x"}
    assert http.post("/passwords", json=done, headers=bearer(fake)).status_code == 200


def test_other_text_is_still_no_msisdn(fake: FakeBeatTech, http: httpx.Client) -> None:
    for bad in ("0047", "++4791234567", "+004791234567", "47-91-23-45-67", "0" * 20):
        answer = http.post("/codes", json={"msisdn": bad}, headers=bearer(fake))
        assert answer.status_code == 400, bad
