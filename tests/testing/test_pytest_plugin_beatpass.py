"""The pytest plugin's BeatPass fixtures: a fresh fake, and the same fake served over HTTP."""

from __future__ import annotations

import pytest

from beatkit.beatpass import BeatPass
from beatkit.testing import FakeServer
from beatkit.testing.beatpass import FakeBeatPass


def test_beatpass_fake_fixture(beatpass_fake: FakeBeatPass) -> None:
    assert isinstance(beatpass_fake, FakeBeatPass)
    assert beatpass_fake.requests == []
    assert beatpass_fake.base_url == FakeBeatPass().base_url


def test_beatpass_server_serves_the_fixture_fake_on_loopback(
    beatpass_fake: FakeBeatPass,
    beatpass_server: FakeServer[FakeBeatPass],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    assert beatpass_server.fake is beatpass_fake
    assert beatpass_server.base_url.startswith(f"http://127.0.0.1:{beatpass_server.port}/")
    with BeatPass(beatpass_fake.token, base_url=beatpass_server.base_url, allow_http=True) as bp:
        first = next(iter(bp.genres.list(per_page=1)))
    assert first.name
    [request] = beatpass_fake.requests
    assert request.url.port == beatpass_server.port
    assert request.headers["authorization"] == f"Bearer {beatpass_fake.token}"
