"""FakeBeatPass.add_user() makes a user who can log in with its e-mail and password.

Given an e-mail address another user already has (in any case), it made a second user
under it: ``POST /auth/login`` found the first, so the new user's password was refused
("These credentials do not match our records."), which BeatPass, whose accounts have
one address each, never does.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatPass


def _login(fake: FakeBeatPass, email: str, password: str) -> httpx.Response:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        body = {"email": email, "password": password, "token_name": "t"}
        return client.post("/auth/login", json=body)


@pytest.mark.parametrize("case", [str, str.upper], ids=["same", "upper"])
def test_an_email_another_user_has_is_refused(case: object) -> None:
    fake = FakeBeatPass()
    taken = case(fake.email)  # type: ignore[operator]
    before = dict(fake.db.users)
    with pytest.raises(ValueError, match="already"):
        fake.add_user("Copy", email=taken, password="other-password")
    assert fake.db.users == before


def test_added_users_log_in_with_their_own_email() -> None:
    fake = FakeBeatPass()
    named = fake.add_user("Named", email="named@example.com", password="pw-named")
    default = fake.add_user("Default", password="pw-default")
    assert _login(fake, "named@example.com", "pw-named").json()["user"]["id"] == named.id
    assert _login(fake, default.email, "pw-default").json()["user"]["id"] == default.id
