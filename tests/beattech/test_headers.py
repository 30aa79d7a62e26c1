"""Beat Technology's request headers and the Range arguments of its lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from beatkit._core.pagination import RangePaging
from beatkit.beattech.headers import (
    IMAGE_SIZE_HEADERS,
    change_headers,
    format_changed,
    format_datetime,
    image_size_headers,
    image_sizes,
    include_header,
    ranged,
    stream_context,
    stream_formats,
)
from beatkit.beattech.reports import play_ended


def test_datetime_formats() -> None:
    moment = datetime(1997, 7, 16, 19, 20, 30, 999, tzinfo=UTC)
    assert format_datetime(moment) == "1997-07-16T19:20:30Z"
    oslo = datetime(1997, 7, 16, 21, 20, 30, tzinfo=timezone(timedelta(hours=2)))
    assert format_datetime(oslo) == "1997-07-16T19:20:30Z"
    assert format_changed(oslo) == "1997-07-16 19:20:30"


def test_years_before_1000_keep_four_digits() -> None:
    # strftime("%Y") writes year 5 as "5" on Linux: not YYYY-MM-DDThh:mm:ssZ.
    early = datetime(5, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert format_datetime(early) == "0005-01-02T03:04:05Z"
    assert format_changed(early) == "0005-01-02 03:04:05"
    assert change_headers(0, early)["X-Change-Timestamp"] == "0005-01-02T03:04:05Z"


@pytest.mark.parametrize(
    "edge",
    [
        datetime.min.replace(tzinfo=timezone(timedelta(hours=2))),
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-2))),
    ],
)
def test_a_moment_outside_the_utc_calendar_is_a_value_error(edge: datetime) -> None:
    # In UTC these fall before year 1 or after year 9999: no OverflowError escapes.
    for call in (format_datetime, format_changed, lambda v: change_headers(0, v)):
        with pytest.raises(ValueError, match="years 1 to 9999"):
            call(edge)
    with pytest.raises(ValueError, match="years 1 to 9999"):
        play_ended(track_id="1", time=edge, offline=False, duration=1)


@pytest.mark.parametrize("bad", [datetime(1997, 7, 16, 19, 20, 30), "1997-07-16T19:20:30Z", 0])
def test_naive_or_other_values_are_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        format_datetime(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        change_headers(changed_at=bad)  # type: ignore[arg-type]


def test_change_headers() -> None:
    at = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert change_headers(123, at) == {
        "X-Base-Change": "123",
        "X-Change-Timestamp": "2024-01-02T03:04:05Z",
    }
    assert change_headers() == {"X-Base-Change": None, "X-Change-Timestamp": None}
    with pytest.raises(ValueError, match="base_change"):
        change_headers(-1)
    with pytest.raises(TypeError, match="base_change"):
        change_headers("123")  # type: ignore[arg-type]


def test_include() -> None:
    assert include_header(["release-tracks", "release-prices"]) == {
        "X-Include": "release-tracks,release-prices"
    }
    assert include_header("track-streams") == {"X-Include": "track-streams"}
    assert include_header(None) == {"X-Include": None}
    with pytest.raises(ValueError, match="include"):
        include_header(["release-trakcs"])


def test_image_sizes_merge_kind_by_kind() -> None:
    defaults = image_sizes({"release_cover": "w800", "artist": ["w50", "h200"]})
    assert defaults == {"release_cover": "w800", "artist": "w50,h200"}
    assert image_size_headers(defaults, {"artist": "w100", "actor": ["w50"]}) == {
        "X-Release-Cover-Sizes": "w800",
        "X-Artist-Image-Sizes": "w100",
        "X-Actor-Image-Sizes": "w50",
    }
    assert image_size_headers({}, None) == {}
    assert set(IMAGE_SIZE_HEADERS.values()) == {
        "X-Release-Cover-Sizes",
        "X-Artist-Image-Sizes",
        "X-Actor-Image-Sizes",
        "X-Banner-Image-Sizes",
        "X-Release-Group-Image-Sizes",
        "X-User-Image-Sizes",
        "X-Series-Image-Sizes",
        "X-Coupon-Offer-Image-Sizes",
    }


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ({"cover": "w800"}, ValueError),
        ({"artist": "w50, h 200"}, ValueError),
        ({"artist": ""}, ValueError),
        ({"artist": []}, ValueError),
        ({"artist": "w50\r\nX-Evil: 1"}, ValueError),
        ({"artist": 800}, TypeError),
        ("w800", TypeError),
    ],
)
def test_bad_image_sizes(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        image_sizes(value)  # type: ignore[arg-type]


def test_stream_formats_and_context() -> None:
    assert stream_formats(["*/high", "h264/*"]) == "*/high,h264/*"
    assert stream_formats("*/low") == "*/low"
    assert stream_formats(None) is None
    with pytest.raises(ValueError, match="formats"):
        stream_formats(["high"])
    assert stream_context("release/1") == "release/1"
    assert stream_context(("release", "1")) == "release/1"
    assert stream_context(("release", 1)) == "release/1"
    assert stream_context(None) is None
    for bad in ("release", "release/", "/1", "release/1/2", "a b/1"):
        with pytest.raises(ValueError, match="context"):
            stream_context(bad)
    with pytest.raises(TypeError):
        stream_context(("release",))  # type: ignore[arg-type]


def test_ranged_lists_learn_the_unit() -> None:
    call = ranged("tracks.search", "tracks", {}, {"query": "gaga"})
    paging = call["paging"]
    assert isinstance(paging, RangePaging)
    assert paging.unit is None
    assert paging.fallback_unit == "tracks"
    assert paging.page_size is None
    assert call["params"] == {"query": "gaga"}
    assert call["limit"] is None


def test_ranged_lists_ask_for_a_window_in_the_fallback_unit() -> None:
    call = ranged("events.list", "events", {"page_size": 10, "start": 20, "limit": 5})
    paging = call["paging"]
    assert isinstance(paging, RangePaging)
    # The operation list guesses "events"; the page answers in "items" (L2805).
    assert paging.fallback_unit == "items"
    assert (paging.page_size, paging.start) == (10, 20)
    assert call["limit"] == 5


def test_ranged_refuses_bad_page_values() -> None:
    with pytest.raises(ValueError, match="page_size"):
        ranged("tracks.search", "tracks", {"page_size": 0})
    with pytest.raises(TypeError, match="start"):
        ranged("tracks.search", "tracks", {"start": "20"})  # type: ignore[typeddict-item]
    with pytest.raises(TypeError, match="per_page"):
        ranged("tracks.search", "tracks", {"per_page": 20})  # type: ignore[typeddict-unknown-key]
