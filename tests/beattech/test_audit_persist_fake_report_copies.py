"""``FakeBeatTech.report_bodies`` returns copies of the received reports, as its
docstring says: a test that changes a returned body's nested ``context`` (a version 3
report's mapping) must not change what the fake received. The copy was shallow."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.beattech.reports import player_progress
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client.auth.login(fake.username, fake.password)
        yield client
        client.close()


def test_report_bodies_are_deep_copies(fake: FakeBeatTech, bt: BeatTech) -> None:
    report = player_progress(
        user_id=fake.user_id, entity_type="track", entity_id="10001", start_position=0,
        stop_position=30, time=NOW, sent_time=NOW, offline=False,
        context={"origin": {"list": ["release", "1001"]}},
    )  # fmt: skip
    bt.reports.send(report)
    (body,) = fake.report_bodies("player.progress")
    body["context"]["origin"]["list"].append("changed")
    body["context"]["added"] = True
    (again,) = fake.report_bodies("player.progress")
    assert again["context"] == {"origin": {"list": ["release", "1001"]}}
