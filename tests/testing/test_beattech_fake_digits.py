"""FakeBeatTech's number parameters with raw httpx: only ASCII digits are a number
(``str.isdigit`` takes ``²`` and ``٣`` too, which ``int`` then refuses or reads)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from beatkit.testing import FakeBeatTech

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def me(fake: FakeBeatTech) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.issue_token(fake.user_id)['access_token']}"}


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


@pytest.mark.parametrize("state", ["²", "٣", "3²"])
def test_a_subscription_state_of_other_digits_is_400(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str], state: str
) -> None:
    path = f"/users/{fake.user_id}/subscriptions"
    response = http.get(path, params={"state": state}, headers=me)
    assert error(response) == (400, "validation_error")
    assert "state" in response.json()["error_description"]


def test_a_subscription_state_of_ascii_digits_still_filters(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]
) -> None:
    path = f"/users/{fake.user_id}/subscriptions"
    found = http.get(path, params={"state": "3"}, headers=me).json()["subscriptions"]
    assert [s["state"] for s in found] == [3]


@pytest.mark.parametrize("base", ["²", "٣", "1²"])
def test_a_base_change_id_of_other_digits_is_400(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str], base: str
) -> None:
    path = f"/users/{fake.user_id}/changes"
    response = http.get(path, params={"base_change_id": base}, headers=me)
    assert error(response) == (400, "validation_error")
    assert "base_change_id" in response.json()["error_description"]


@pytest.mark.parametrize("base", ["²", "٣"])
def test_an_x_base_change_of_other_digits_is_400(
    http: httpx.Client, me: dict[str, str], base: str
) -> None:
    # A header is bytes on the wire: these are the digit's UTF-8 bytes.
    headers = {**me, "X-Base-Change": base.encode()}
    response = http.patch("/tracks/10001", json={"favourite": True}, headers=headers)
    assert error(response) == (400, "validation_error")
    assert "X-Base-Change" in response.json()["error_description"]


def test_an_x_base_change_keeps_its_whitespace_tolerance(
    http: httpx.Client, me: dict[str, str]
) -> None:
    headers = {**me, "X-Base-Change": " 0 "}
    response = http.patch("/tracks/10001", json={"favourite": True}, headers=headers)
    assert response.status_code == 200 and response.headers["X-Change"] == "1"


@pytest.mark.parametrize("expires", ["²", "٣"])
def test_a_media_url_expiring_at_other_digits_is_403(
    fake: FakeBeatTech, http: httpx.Client, expires: str
) -> None:
    user = {"Authorization": f"Bearer {fake.issue_token(fake.msisdn_user_id)['access_token']}"}
    url = httpx.URL(http.get("/streams/previews/10001", headers=user).json()["stream"]["url"])
    assert http.get(url).status_code == 200
    response = http.get(url.copy_set_param("expires", expires))
    assert response.status_code == 403
