"""An ``EXT-X-PROGRAM-DATE-TIME`` with a fraction finer than a microsecond is read.

RFC 8216 4.3.2.6 takes an ISO 8601 date-time, and RFC 3339's ``time-secfrac`` is any
number of digits: Go's ``time.RFC3339Nano`` writes nine. Such a playlist was refused
whole (a download too, for a tag it does not use); the value is now read to the
microsecond, the finest a ``datetime`` holds, the rest cut as ``fromisoformat`` cuts it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from beatkit.hls import MediaPlaylist, PlaylistError, parse_playlist


def _date(value: str) -> datetime | None:
    playlist = parse_playlist(
        f"#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:{value}\n#EXTINF:1,\ns.ts\n#EXT-X-ENDLIST\n",
        base_url="https://cdn.example/t/p.m3u8",
    )
    assert isinstance(playlist, MediaPlaylist)
    return playlist.segments[0].program_date_time


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-01T00:00:00.123456789Z", datetime(2024, 1, 1, 0, 0, 0, 123456, UTC)),
        ("2024-01-01T00:00:00.9999999Z", datetime(2024, 1, 1, 0, 0, 0, 999999, UTC)),
        (
            "2024-01-01T10:20:30.1234567+02:00",
            datetime(2024, 1, 1, 10, 20, 30, 123456, timezone(timedelta(hours=2))),
        ),
        ("2024-01-01T00:00:00.1234567", datetime(2024, 1, 1, 0, 0, 0, 123456, UTC)),
        # Six digits or fewer, as before.
        ("2024-01-01T00:00:00.123456Z", datetime(2024, 1, 1, 0, 0, 0, 123456, UTC)),
        ("2024-01-01T00:00:00.5Z", datetime(2024, 1, 1, 0, 0, 0, 500000, UTC)),
    ],
)
def test_a_fraction_finer_than_a_microsecond_is_read_to_the_microsecond(
    value: str, expected: datetime
) -> None:
    assert _date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2024-01-01T00:00:00.Z", "2024-01-01T00:00:60.1234567Z", "2024-01-01.1234567T00:00:00Z"],
)
def test_what_is_no_date_time_is_still_refused(value: str) -> None:
    with pytest.raises(PlaylistError, match="PROGRAM-DATE-TIME"):
        _date(value)
