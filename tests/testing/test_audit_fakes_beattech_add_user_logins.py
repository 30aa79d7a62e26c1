"""FakeBeatTech.add_user() makes "a user that can log in", or says why it cannot.

Given a login name (username, e-mail or phone number) that another user already has,
it made a second user under it: the password grant found the first user, so the new one
could never log in (its password was ``invalid_grant``), and ``GET /users?email=`` named
two users for one address, which the API (a 409 "already taken" on sign-up) never does.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatTech


def _password_grant(fake: FakeBeatTech, username: str, password: str) -> httpx.Response:
    form = {
        "grant_type": "password",
        "username": username,
        "password": password,
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
    }
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        return client.post("/oauth2/token", data=form)


@pytest.mark.parametrize(
    "given",
    [
        {"email": "reader@example.com"},
        {"email": "READER@example.com"},
        {"username": "reader@example.com", "email": "new@example.com"},
        {"msisdn": "+4791234567"},
        {"msisdn": "004791234567", "email": "new@example.com"},
    ],
    ids=["email", "email-case", "username-is-an-email", "msisdn-plus", "msisdn-00"],
)
def test_a_login_name_another_user_has_is_refused(given: dict[str, str]) -> None:
    fake = FakeBeatTech()
    before = dict(fake.users)
    with pytest.raises(ValueError, match="already"):
        fake.add_user(**given, password="other-password")
    assert fake.users == before


def test_a_new_login_name_makes_a_user_that_can_log_in() -> None:
    fake = FakeBeatTech()
    made = fake.add_user(email="new@example.com", password="new-password")
    answer = _password_grant(fake, "new@example.com", "new-password")
    assert answer.status_code == 200, answer.text
    assert answer.json()["user_id"] == made.id


def test_a_profile_without_login_names_may_be_added_more_than_once() -> None:
    fake = FakeBeatTech()
    first = fake.add_user(profile_of=fake.user_id, profile_type="child")
    second = fake.add_user(profile_of=fake.user_id, profile_type="child")
    assert first.id != second.id
