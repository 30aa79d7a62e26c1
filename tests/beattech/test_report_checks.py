"""The errors of the report builders' argument checks, word for word."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from beatkit.beattech.report_queue import ReportQueue
from beatkit.beattech.reports import play_ended, play_started, player_progress

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


def progress(**changes: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "user_id": "5667",
        "entity_type": "track",
        "entity_id": "10001",
        "start_position": 0,
        "stop_position": 30,
        "time": NOW,
        "offline": True,
    }
    return player_progress(**{**args, **changes})


def started(**changes: Any) -> dict[str, Any]:
    return play_started(**{"track_id": "1", "time": NOW, "offline": False, **changes})


CASES: list[tuple[Callable[[], object], type[Exception], str]] = [
    (lambda: started(time=datetime(2026, 4, 1, 12)), TypeError,
     "time must be timezone-aware (e.g. datetime.now(UTC)), not naive"),
    (lambda: progress(sent_time=datetime(2026, 4, 1, 12)), TypeError,
     "sent_time must be timezone-aware (e.g. datetime.now(UTC)), not naive"),
    (lambda: ReportQueue().append(started(), time=datetime(2026, 4, 1, 12)), TypeError,
     "time must be timezone-aware (e.g. datetime.now(UTC)), not naive"),
    (lambda: started(time="now"), TypeError,
     "time must be unix seconds (int) or an aware datetime"),
    (lambda: started(shop=""), ValueError, "shop must not be blank"),
    (lambda: started(shop=3), TypeError, "shop must be a str, got int"),
    (lambda: progress(device_id=" "), ValueError, "device_id must not be blank"),
    (lambda: progress(device_id=b"x"), TypeError, "device_id must be a str, got bytes"),
    (lambda: progress(total_len=-1), ValueError, "total_len must be at least 0, got -1"),
    (lambda: progress(total_len=1.5), TypeError, "total_len must be an int, got float"),
    (lambda: progress(preview=1), TypeError, "preview must be a bool, got int"),
    (lambda: progress(offline=None), TypeError, "offline must be a bool, got NoneType"),
]  # fmt: skip


@pytest.mark.parametrize(("build", "error", "message"), CASES)
def test_a_bad_argument_is_named(
    build: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value) == message


def test_unset_optional_fields_are_left_out_and_set_ones_kept_in_order() -> None:
    body = progress(device_id="d", total_len=0, preview=False, speed=1.5, context={"a": 1})
    assert list(body) == [
        "action", "version", "time", "user_id", "device_id", "offline", "speed",
        "entity_type", "entity_id", "start_position", "stop_position", "total_len",
        "sent_time", "preview", "context",
    ]  # fmt: skip
    assert (body["total_len"], body["preview"]) == (0, False)
    assert "device_id" not in progress() and "preview" not in progress()
    aware = datetime(2026, 4, 1, 12, tzinfo=UTC)
    assert play_ended(track_id="1", time=aware, offline=True, duration=3)["time"] == NOW
