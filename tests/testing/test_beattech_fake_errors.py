"""FakeBeatTech answers errors (and the odd success status) as the Beat Technology page
does, operation by operation: each test names the page line (``Lnnn`` of
``beat-technology-core-api-v2.txt``) whose answer it checks, over raw httpx."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import NotFoundError, PermissionDeniedError
from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC).timestamp()
UNKNOWN_USER = "99999"


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def logged_in(fake: FakeBeatTech) -> Iterator[BeatTech]:
    """The client, on the fake's transport, logged in as the fake's user."""
    http_client = httpx.Client(transport=fake.transport())
    bt = BeatTech(fake.tenant, client_id=fake.client_id, client_secret=fake.client_secret,
                  base_url=fake.base_url, http_client=http_client)  # fmt: skip
    bt.auth.login(fake.username, fake.password)
    yield bt
    http_client.close()


def error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert isinstance(body["error_description"], str)
    return response.status_code, body["error"]


# -- metadata (L6854-6954) -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["user", "profile", "non-admin app"])
def test_metadata_read_by_anyone_else_is_403_even_for_an_unknown_user(
    fake: FakeBeatTech, http: httpx.Client, who: str
) -> None:
    # L6858: a logged-in user reads only their own bag, a user-admin client anyone's;
    # "Other callers receive 403 Forbidden", whether or not the path's user exists.
    headers = {
        "user": bearer(fake, fake.user_id),
        "profile": bearer(fake, fake.profile_user_id),
        "non-admin app": bearer(fake, client_id=fake.other_client_id),
    }[who]
    for user_id in (fake.editor_user_id, UNKNOWN_USER):
        answer = http.get(f"/users/{user_id}/metadata", headers=headers)
        assert error(answer) == (403, "access_denied")


def test_metadata_read_of_an_unknown_user_by_a_user_admin_is_404(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    answer = http.get(f"/users/{UNKNOWN_USER}/metadata", headers=bearer(fake))
    assert error(answer) == (404, "error_not_found")
    assert http.get(f"/users/{fake.user_id}/metadata", headers=bearer(fake)).json() == {}


def test_the_client_sees_another_users_metadata_refused_whether_or_not_they_exist(
    fake: FakeBeatTech, logged_in: BeatTech
) -> None:
    # The client promises PermissionDeniedError for "Another user's bag" (users.metadata).
    for user_id in (fake.editor_user_id, UNKNOWN_USER):
        with pytest.raises(PermissionDeniedError):
            logged_in.users.metadata(user_id=user_id)
    with pytest.raises(NotFoundError):
        logged_in.app.users.metadata(user_id=UNKNOWN_USER)


# -- partner users (L7544-7707) ------------------------------------------------------------


def partner(fake: FakeBeatTech) -> dict[str, str]:
    return {"X-Auth-Client-Id": fake.client_id, "X-Auth-Client-Secret": fake.client_secret}


def activate(http: httpx.Client, fake: FakeBeatTech, **body: Any) -> httpx.Response:
    body = {"partneruser": {"external_id": "PARTNER-USR-123"}, "product": {"id": "213"}, **body}
    return http.post("/partnerusers/activations", json=body, headers=partner(fake))


def test_a_partner_user_deleted_since_is_no_user_of_that_external_id(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    # The partner matches a profile by its e-mail (L7633), then the account deletes the
    # profile (DELETE /users/{id}, L6076).
    profile = fake.add_user(email="kid@example.com", profile_of=fake.user_id)
    linked = activate(http, fake, user={"email": "kid@example.com"}).json()["user"]
    assert (linked["id"], linked["was_user_created"]) == (profile.id, False)
    deleted = http.delete(f"/users/{profile.id}", headers=bearer(fake, fake.user_id))
    assert deleted.status_code == 200
    # L7602: without user, and no user with this partner_id + external_id exists: 404.
    assert error(activate(http, fake, product={"id": "214"})) == (404, "error_not_found")
    # L7633: with user, the user is looked up by e-mail, else created.
    again = activate(http, fake, user={"email": "kid@example.com"}, product={"id": "214"})
    assert again.status_code == 200
    assert again.json()["user"]["was_user_created"] is True
    assert again.json()["user"]["id"] != profile.id


# -- LCP (L3166-3208) ----------------------------------------------------------------------


def test_exports_past_the_window_are_403_export_limit_reached(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    # L3170: "Exceeding the window returns 403 with error_code=export_limit_reached"; the
    # fake sends the code as the envelope's error (L188-198), where the client reads it.
    fake.lcp_export_limit = 2
    path, body = "/releases/1001/lcp/license", {"purpose": "export", "password": "pw"}
    me = bearer(fake, fake.user_id)
    assert [http.post(path, json=body, headers=me).json() for _ in range(2)] == [{}, {}]
    refused = http.post(path, json=body, headers=me)
    assert error(refused) == (403, "export_limit_reached")
    assert len(fake.lcp_exports) == 2
