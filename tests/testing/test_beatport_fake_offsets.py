"""FakeBeatport's datetimes carry the offset Beatport writes: Mountain time, by the day's DST.

The recorded response (``tests/fixtures/real/beatport/``) stamps ``encoded_date`` in
America/Denver: ``2016-08-19T00:50:00-06:00`` (daylight time), ``2014-11-05T10:58:38-07:00``
(standard time, the week after the clocks went back). A month is not the rule: late
March is daylight time, early November standard time, and 02:30 on the day the clocks
go forward does not exist there.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from beatkit.testing.beatport import FakeBeatport

zoneinfo = pytest.importorskip("zoneinfo")


def _denver() -> Any:
    try:
        return zoneinfo.ZoneInfo("America/Denver")
    except zoneinfo.ZoneInfoNotFoundError:  # no time zone database on this machine
        pytest.skip("no tz database for America/Denver")


def offset_datetimes(fake: FakeBeatport) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of every offset datetime in the fake's catalog."""
    for track in fake.tracks:
        yield f"track {track['id']} encoded_date", track["encoded_date"]
    for chart in fake.charts:
        for key in ("add_date", "change_date"):
            yield f"chart {chart['id']} {key}", chart[key]
    for playlist in fake.playlists:
        for key in ("created_date", "updated_date"):
            yield f"playlist {playlist['id']} {key}", playlist[key]


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_every_offset_is_the_one_denver_has_at_that_moment(seed: int | None) -> None:
    denver = _denver()
    fake = FakeBeatport() if seed is None else FakeBeatport(seed=seed)
    wrong = []
    for where, text in offset_datetimes(fake):
        moment = datetime.fromisoformat(text)
        if moment.astimezone(denver).isoformat() != text:
            wrong.append(f"{where}: {text}")
    assert wrong == []


def test_the_recorded_tracks_are_served_as_recorded() -> None:
    denver = _denver()
    fake = FakeBeatport()
    recorded = [t for t in fake.tracks if t["isrc"] == "GBDUW0000058"]
    assert [t["encoded_date"] for t in recorded] == [
        "2016-08-19T00:50:00-06:00",
        "2014-11-05T10:58:38-07:00",
        "2014-11-05T10:58:16-07:00",
    ]
    for track in recorded:
        text = track["encoded_date"]
        assert datetime.fromisoformat(text).astimezone(denver).isoformat() == text
