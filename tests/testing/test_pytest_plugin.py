"""Tests of the pytest plugin: fixtures, and that loading it stays cheap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import beatkit.testing
from beatkit.testing import FakeBeatConnect, FakeBeatTech, FakeServer

ROOT = Path(__file__).resolve().parents[2]


def test_beatconnect_fake_fixture(beatconnect_fake: FakeBeatConnect) -> None:
    assert isinstance(beatconnect_fake, FakeBeatConnect)
    assert beatconnect_fake.requests == []
    assert beatconnect_fake.base_url == "https://api.beatconnectafrica.com/v1"


def test_fixtures_share_the_fake(
    beatconnect_fake: FakeBeatConnect, beatconnect_server: FakeServer
) -> None:
    assert beatconnect_server.fake is beatconnect_fake


def test_beattech_fixtures(beattech_fake: FakeBeatTech, beattech_server: FakeServer) -> None:
    assert isinstance(beattech_fake, FakeBeatTech)
    assert beattech_fake.base_url == "https://api.prod.fabel.beat.no/v2"
    assert beattech_server.fake is beattech_fake
    assert beattech_server.base_url == f"http://127.0.0.1:{beattech_server.port}/v2"


def test_fresh_fake_per_test_part_one(beatconnect_fake: FakeBeatConnect) -> None:
    beatconnect_fake.add_beat(title="only here")
    assert len(beatconnect_fake.beats) == 254


def test_fresh_fake_per_test_part_two(beatconnect_fake: FakeBeatConnect) -> None:
    assert len(beatconnect_fake.beats) == 253


def test_public_surface() -> None:
    assert beatkit.testing.__all__ == sorted(beatkit.testing.__all__)
    for name in beatkit.testing.__all__:
        assert getattr(beatkit.testing, name) is not None
    assert set(beatkit.testing.__all__) <= set(dir(beatkit.testing))


def test_plugin_import_is_light() -> None:
    code = (
        "import sys, beatkit.testing.pytest_plugin;"
        "heavy = [m for m in ('beatkit.testing._app', 'beatkit.testing.beatconnect',"
        " 'beatkit.testing.server', 'beatkit.beatconnect.webhooks',"
        " 'beatkit.testing.beattech') if m in sys.modules];"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[]"
