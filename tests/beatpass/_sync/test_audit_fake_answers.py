# GENERATED from tests/beatpass/_async/test_audit_fake_answers.py by scripts/unasync.py: edit the async source.
"""The BeatPass fake answers as the specs say, through the public client.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from beatkit import UnprocessableEntityError
from beatkit.beatpass import BeatPass
from beatkit.testing.beatpass import FakeBeatPass


@pytest.fixture
def fake() -> FakeBeatPass:
    return FakeBeatPass()


@pytest.fixture
def bp(fake: FakeBeatPass, monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    with BeatPass(
        fake.token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        max_retries=0,
    ) as client:
        yield client


def test_a_cleared_playlist_description_and_image_are_removed(
    fake: FakeBeatPass, bp: BeatPass
) -> None:
    # The OpenAPI file's playlist update body marks both nullable: null removes them.
    before = bp.playlists.get(fake.playlist_id)
    assert before.description is not None and before.image is not None
    changed = bp.playlists.update(fake.playlist_id, clear=["description", "image"])
    assert changed.description is None and changed.image is None
    again = bp.playlists.get(fake.playlist_id)
    assert again.description is None and again.image is None
    assert again.name == before.name


def test_clearing_one_field_keeps_the_other(fake: FakeBeatPass, bp: BeatPass) -> None:
    before = bp.playlists.get(fake.playlist_id)
    changed = bp.playlists.update(fake.playlist_id, name="Renamed", clear="image")
    assert changed.name == "Renamed" and changed.image is None
    assert changed.description == before.description


@pytest.mark.parametrize("day", ["2024-02-30", "2024-13-01", "0000-00-00", "2023-02-29"])
def test_an_impossible_date_is_refused_and_nothing_is_stored(
    fake: FakeBeatPass, bp: BeatPass, day: str
) -> None:
    # Laravel's date rules refuse a day the calendar has not (422, the field named); the
    # fake stored it, and every later read of the track failed to decode.
    before = bp.tracks.get(fake.track_id)
    with pytest.raises(UnprocessableEntityError) as info:
        bp.tracks.update(fake.track_id, release_date=day)
    assert "release_date" in info.value.field_errors
    with pytest.raises(UnprocessableEntityError):
        bp.tracks.create("Night Drive", release_date=day)
    with pytest.raises(UnprocessableEntityError):
        bp.credits.create(fake.artist_id, role="producer", title="T", release_date=day)
    after = bp.tracks.get(fake.track_id)
    assert after.release_date == before.release_date


def test_a_real_date_is_taken(fake: FakeBeatPass, bp: BeatPass) -> None:
    track = bp.tracks.update(fake.track_id, release_date="2024-02-29")
    assert track.release_date == date(2024, 2, 29)
