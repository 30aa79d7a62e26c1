"""A saved ``ReportQueue`` from a newer beatkit (another ``version``, which may add keys) is
refused as such, and a damaged one names what is wrong: a file that names the queue's format
was refused as having "no format 'beatkit.ReportQueue'" when it held one key more or less."""

from __future__ import annotations

import json
from typing import Any

import pytest

from beatkit.beattech.reports import ReportQueue


def saved(**changes: Any) -> str:
    data: dict[str, Any] = {"format": "beatkit.ReportQueue", "version": 1, "entries": []}
    data.update(changes)
    return json.dumps({key: value for key, value in data.items() if value is not ...})


def test_a_newer_queue_with_more_keys_is_named_newer() -> None:
    with pytest.raises(ValueError, match="version 2: this beatkit reads 1") as caught:
        ReportQueue.from_json(saved(version=2, max_age=86400))
    assert "no format" not in str(caught.value)


def test_a_newer_queue_without_entries_is_named_newer() -> None:
    with pytest.raises(ValueError, match="version 2: this beatkit reads 1"):
        ReportQueue.from_json(saved(version=2, entries=..., chunks=["a.json"]))


def test_a_version_1_queue_with_another_key_names_the_keys() -> None:
    with pytest.raises(ValueError, match="format, version and entries only") as caught:
        ReportQueue.from_json(saved(extra=1))
    assert "no format" not in str(caught.value)
    assert "'extra'" in str(caught.value)


def test_a_queue_without_a_version_says_so() -> None:
    with pytest.raises(ValueError, match="no version") as caught:
        ReportQueue.from_json(saved(version=...))
    assert "no format" not in str(caught.value)


def test_what_names_no_format_is_still_not_a_queue() -> None:
    for text in ("[]", json.dumps({"version": 1, "entries": []}), saved(format="other")):
        with pytest.raises(ValueError, match=r"no format 'beatkit\.ReportQueue'"):
            ReportQueue.from_json(text)


def test_a_good_queue_still_loads() -> None:
    text = saved(entries=[{"time": 5, "report": {"event": "play.started", "time": 5}}])
    queue = ReportQueue.from_json(text, clock=lambda: 10)
    assert [entry.time for entry in queue.entries] == [5]
    assert ReportQueue.from_json(queue.to_json(), clock=lambda: 10).entries == queue.entries
