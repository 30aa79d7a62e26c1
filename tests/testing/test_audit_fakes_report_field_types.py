"""FakeBeatTech ``POST /reports``: a required field sent with the wrong JSON type is named
as a type error, not as missing.

The fake answered ``user_id: required by player.progress`` for a report that carried
``"user_id": 5667`` (a number where the page's schema says string), and the same for a
``"time": "1305552557"`` text: a test's author looked for a missing field that was there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech

TIME = 1305552557  # the page's play.ended sample (L5114)


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
def http(fake: FakeBeatTech) -> Iterator[httpx.Client]:
    token = fake.issue_token(fake.user_id)["access_token"]
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        yield client


def _player_progress(fake: FakeBeatTech, **changes: Any) -> dict[str, Any]:
    body = {"action": "player.progress", "version": 3, "time": TIME, "user_id": fake.user_id,
            "offline": False, "entity_type": "release", "entity_id": "1001",
            "start_position": 0, "stop_position": 30, "sent_time": TIME}  # fmt: skip
    body.update(changes)
    return body


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("user_id", 5667, "str"),
        ("time", str(TIME), "int"),
        ("offline", "false", "bool"),
        ("start_position", 1.5, "int"),
        ("version", True, "int"),
    ],
)
def test_a_wrong_type_is_named_as_such(
    fake: FakeBeatTech, http: httpx.Client, field: str, value: Any, expected: str
) -> None:
    response = http.post("/reports", json=_player_progress(fake, **{field: value}))
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "validation_error"
    assert body["error_developer"] == {"parameter": field}
    description = body["error_description"]
    assert "required" not in description, description
    assert description.startswith(f"{field}: ")
    assert expected in description
    assert fake.reports == []


def test_a_missing_or_null_field_is_still_required(fake: FakeBeatTech, http: httpx.Client) -> None:
    body = _player_progress(fake)
    del body["user_id"]
    missing = http.post("/reports", json=body).json()
    assert missing["error_description"] == "user_id: required by player.progress"
    null = http.post("/reports", json=_player_progress(fake, user_id=None)).json()
    assert null["error_description"] == "user_id: required by player.progress"
    ended = {"event": "play.ended", "track_id": "123456", "time": TIME, "offline": False}
    no_duration = http.post("/reports", json=ended).json()
    assert no_duration["error_description"] == "duration: required by play.ended"
    assert fake.reports == []
