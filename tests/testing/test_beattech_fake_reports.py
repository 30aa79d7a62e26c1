"""FakeBeatTech's reports with raw httpx: v1/v3 shapes, the test helper."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech

V1 = {"track_id": "1", "time": 100, "offline": False}
V3 = {"version": 3, "time": 100, "user_id": "5667", "offline": False, "entity_type": "release",
      "entity_id": "1"}  # fmt: skip
VALID: dict[str, dict[str, Any]] = {
    "play.started": {"event": "play.started", **V1, "start_position": 0},
    "play.progress": {"event": "play.progress", **V1, "start_position": 0, "stop_position": 30},
    "play.ended": {"event": "play.ended", **V1, "duration": 10},
    "play.error": {"event": "play.error", **V1},
    "played-offline": {"event": "played-offline"},
    "player.progress": {
        "action": "player.progress",
        **V3,
        "start_position": 0,
        "stop_position": 30,
        "sent_time": 101,
    },
    "reader.progress": {"action": "reader.progress", **V3},
    "reader.consumed": {"action": "reader.consumed", **V3},
    "release.finished": {"action": "release.finished", **V3},
}


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: 1_775_044_800)


@pytest.fixture
def http(fake: FakeBeatTech) -> Iterator[httpx.Client]:
    token = fake.issue_token(fake.user_id)["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url,
                      headers={"Authorization": f"Bearer {token}"}) as client:  # fmt: skip
        yield client


@pytest.mark.parametrize("name", sorted(VALID))
def test_every_report_type_is_accepted(fake: FakeBeatTech, http: httpx.Client, name: str) -> None:
    response = http.post("/reports", json=VALID[name])
    assert (response.status_code, response.json()) == (200, {})
    assert fake.report_bodies(name) == [VALID[name]]


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("play.started", "start_position"),
        ("play.progress", "stop_position"),
        ("play.error", "track_id"),
        ("play.error", "offline"),
        ("player.progress", "sent_time"),
        ("player.progress", "user_id"),
        ("reader.progress", "entity_id"),
        ("reader.consumed", "version"),
        ("release.finished", "time"),
    ],
)
def test_a_missing_required_field_is_a_400_naming_it(
    fake: FakeBeatTech, http: httpx.Client, name: str, field: str
) -> None:
    body = {k: v for k, v in VALID[name].items() if k != field}
    response = http.post("/reports", json=body)
    assert response.status_code == 400
    assert response.json()["error_developer"] == {"parameter": field}
    assert fake.reports == []


@pytest.mark.parametrize(
    ("name", "change", "field"),
    [
        ("play.ended", {"stream_context": 1}, "stream_context"),
        ("play.ended", {"shop": False}, "shop"),
        ("play.progress", {"start_position": 40}, "stop_position"),
        ("play.ended", {"duration": -1}, "duration"),
        ("play.ended", {"time": True}, "time"),
        ("player.progress", {"speed": "fast"}, "speed"),
        ("player.progress", {"speed": 0}, "speed"),
        ("player.progress", {"preview": 1}, "preview"),
        ("player.progress", {"context": []}, "context"),
        ("player.progress", {"total_len": -5}, "total_len"),
        ("player.progress", {"version": 1}, "version"),
        ("player.progress", {"entity_type": "artist"}, "entity_type"),
        ("reader.consumed", {"entity_type": "track"}, "entity_type"),
        ("reader.progress", {"device_id": 7}, "device_id"),
    ],
)
def test_a_mistyped_field_is_a_400_naming_it(
    http: httpx.Client, name: str, change: dict[str, Any], field: str
) -> None:
    response = http.post("/reports", json={**VALID[name], **change})
    assert response.status_code == 400
    assert response.json()["error_developer"] == {"parameter": field}


def test_report_bodies_filters(fake: FakeBeatTech, http: httpx.Client) -> None:
    app = fake.issue_token()["access_token"]
    http.post("/reports", json=VALID["play.ended"])
    http.post("/reports", json=VALID["play.started"], headers={"Authorization": f"Bearer {app}"})
    http.post("/player/reports", json={"free": "form"})
    assert fake.report_bodies() == [VALID["play.ended"], VALID["play.started"], {"free": "form"}]
    assert fake.report_bodies(user_id="") == [VALID["play.started"]]
    assert fake.report_bodies(user_id=fake.user_id, endpoint="reports") == [VALID["play.ended"]]
    assert fake.report_bodies(endpoint="player/reports") == [{"free": "form"}]
    assert fake.report_bodies("play.error") == []
    fake.report_bodies()[0]["event"] = "changed"  # copies: the record stays
    assert fake.reports[0]["body"]["event"] == "play.ended"


@pytest.mark.parametrize("body", [{"event": ["play.ended"]}, {"action": None}])
def test_a_report_type_that_is_not_text_is_a_400(http: httpx.Client, body: Any) -> None:
    assert http.post("/reports", json=body).status_code == 400


def test_reports_need_a_token(http: httpx.Client) -> None:
    response = http.post("/reports", json=VALID["play.ended"], headers={"Authorization": ""})
    assert response.status_code == 401
