"""Tests of what the fakes share: package data, bearer tokens, forms, pages, rate limits, times."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.testing._wire import (
    RateLimit,
    bearer,
    last_page,
    load_data,
    page_url,
    read_form,
    timestamp,
)
from beatkit.testing.beatconnect import FakeBeatConnect
from beatkit.testing.beatpass import FakeBeatPass
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

RECORDED = Path(__file__).parents[1] / "fixtures/real/beatport/catalog-tracks-by-isrc.json"


def _request(headers: dict[str, str] | None = None, content: bytes = b"") -> httpx.Request:
    return httpx.Request(
        "POST", "https://fake.invalid/x?a=1&page=2&b=3", headers=headers, content=content
    )


def test_the_shipped_recording_is_the_recorded_response() -> None:
    shipped = load_data("beatkit.testing.beatport", "catalog-tracks-by-isrc.json")
    assert shipped == json.loads(RECORDED.read_text())


def test_the_recorded_tracks_are_served_from_the_recording_but_not_shared() -> None:
    recorded = json.loads(RECORDED.read_text())["body"]["results"]
    first, second = FakeBeatport(), FakeBeatport()
    assert first.tracks[:3] == recorded
    assert [t["id"] for t in first.tracks[:3]] == list(RECORDED_TRACK_IDS)
    first.tracks[0]["artists"][0]["name"] = "edited"
    assert second.tracks[0]["artists"][0]["name"] == "Daft Punk"
    assert load_data("beatkit.testing.beatport", "catalog-tracks-by-isrc.json") == json.loads(
        RECORDED.read_text()
    )


@pytest.mark.parametrize("package", ["beatconnect", "beatpass", "beatport"])
def test_every_fake_ships_its_tables(package: str) -> None:
    tables = load_data(f"beatkit.testing.{package}", "tables.json")
    assert isinstance(tables, dict)
    assert tables["genres"]
    assert load_data(f"beatkit.testing.{package}", "tables.json") is tables  # read once


@pytest.mark.parametrize(
    ("header", "token"),
    [
        (None, None),
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        ("Bearer", ""),
        ("Basic abc", None),
        ("abc", None),
    ],
)
def test_bearer(header: str | None, token: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    assert bearer(_request(headers)) == token


def test_read_form_keeps_the_last_value_and_blanks() -> None:
    request = _request(content=b"a=1&a=2&b=&c=%C3%A9")
    assert read_form(request) == {"a": "2", "b": "", "c": "é"}
    assert read_form(_request(content=b"x=\xff")) == {"x": "\ufffd"}


def test_pages() -> None:
    assert [last_page(total, 10) for total in (0, 1, 10, 11)] == [1, 1, 1, 2]
    assert page_url(_request(), 3) == "https://fake.invalid/x?a=1&page=3&b=3"


def test_timestamp() -> None:
    moment = datetime(2023, 4, 15, 12, 34, 56, tzinfo=UTC)
    assert timestamp(moment) == "2023-04-15T12:34:56Z"
    assert timestamp(moment.timestamp(), ".000000Z") == "2023-04-15T12:34:56.000000Z"
    assert timestamp(moment.timestamp() + 0.75, "+00:00") == "2023-04-15T12:34:56+00:00"


class _Limited:
    def __init__(self) -> None:
        self.rate_limit = 2
        self.rate_limit_window = 10.0
        self.now = 100.5

    def clock(self) -> float:
        return self.now


def test_rate_limit_windows_per_caller() -> None:
    fake: Any = _Limited()
    limits = RateLimit(fake)
    assert limits.take("a") is None
    assert limits.headers("a") == {
        "X-RateLimit-Limit": "2",
        "X-RateLimit-Remaining": "1",
        "X-RateLimit-Reset": "111",
    }
    assert limits.take("a") is None
    assert limits.take("a") == 11  # used up until 111
    assert limits.take("b") is None  # another caller, another window
    fake.now = 110.9
    assert limits.take("a") == 1  # never less than a second
    fake.now = 111.0
    fake.rate_limit = 5  # read when the next window starts
    assert limits.take("a") is None
    assert limits.headers("a")["X-RateLimit-Remaining"] == "4"


@pytest.mark.parametrize("fake_class", [FakeBeatConnect, FakeBeatPass])
@pytest.mark.parametrize(
    ("settings", "error", "match"),
    [
        ({"rate_limit_window": "60"}, TypeError, "rate_limit_window"),
        ({"rate_limit_window": 0}, ValueError, "rate_limit_window"),
        ({"rate_limit_window": -60.0}, ValueError, "rate_limit_window"),
        ({"rate_limit_window": float("nan")}, ValueError, "rate_limit_window"),
        ({"rate_limit_window": float("inf")}, ValueError, "rate_limit_window"),
        ({"rate_limit": 2.5}, TypeError, "rate_limit"),
        ({"clock": 1_700_000_000.0}, TypeError, "clock|not callable"),
    ],
)
def test_rate_limit_settings_are_checked_when_the_fake_is_built(
    fake_class: type[FakeBeatConnect | FakeBeatPass],
    settings: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    # They were read only by the first request: "60" failed there with an unrelated
    # TypeError, a window of 0 or below never limited anything, inf overflowed.
    with pytest.raises(error, match=match):
        fake_class(**settings)
