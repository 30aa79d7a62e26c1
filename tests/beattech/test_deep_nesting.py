"""JSON nested deeper than Python's recursion limit (``[[[[...``), in a report, a saved
queue or a pending change's body: a ``ValueError`` saying so, never a raw
``RecursionError``, and nothing queued, restored or sent."""

from __future__ import annotations

import sys
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech, PendingChange
from beatkit.beattech.reports import ReportQueue, check_report

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


# Past what json reads or writes on every supported Python: 3.11 stops at the recursion
# limit, but 3.12 reads and writes 1,100 levels and 3.13 9,000 (a C-stack bound),
# so "recursion limit + 100" was JSON they carry. How deep json goes is the
# interpreter's; beatkit's property is that a depth json refuses is a clear ValueError.
TOO_DEEP = max(sys.getrecursionlimit() + 100, 100_000)


def deep() -> Any:
    """A list nested deeper than json reads or writes (see TOO_DEEP)."""
    value: list[Any] = []
    for _ in range(TOO_DEEP):
        value = [value]
    return value


def deep_text() -> str:
    depth = TOO_DEEP
    return "[" * depth + "]" * depth


def test_a_report_nested_too_deeply_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        check_report({"event": "play.ended", "extra": deep()})


def test_appending_a_report_nested_too_deeply_queues_nothing() -> None:
    queue = ReportQueue(clock=lambda: NOW)
    with pytest.raises(ValueError, match="nested too deeply"):
        queue.append({"event": "play.ended", "time": NOW, "extra": deep()})
    assert len(queue) == 0


def test_a_saved_queue_nested_too_deeply_is_damage() -> None:
    entry = f'{{"time": {NOW}, "report": {{"event": "play.ended", "extra": {deep_text()}}}}}'
    saved = f'{{"format": "beatkit.ReportQueue", "version": 1, "entries": [{entry}]}}'
    with pytest.raises(ValueError, match="not a saved ReportQueue"):
        ReportQueue.from_json(saved)
    with pytest.raises(ValueError, match="not a saved ReportQueue"):
        ReportQueue.from_json(saved.encode())


def test_a_saved_pending_change_with_a_body_nested_too_deeply_is_damage() -> None:
    row = {
        "method": "PATCH",
        "path": "/tracks/8",
        "body": {"favourite": deep()},
        "changed_at": "2026-04-01T12:00:00+00:00",
    }
    with pytest.raises(ValueError, match="nested too deeply"):
        PendingChange.from_dict(row)


def test_sending_a_report_nested_too_deeply_sends_nothing() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"access_token": "a", "token_type": "bearer"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with BeatTech("fabel", client_id="id", client_secret="s", http_client=http) as bt:
        with pytest.raises(ValueError, match="nested too deeply"):
            bt.reports.send({"event": "play.ended", "extra": deep()})
        with pytest.raises(ValueError, match="nested too deeply"):
            bt.reports.send_many([{"event": "play.ended"}, {"event": "x", "extra": deep()}])
    assert seen == []
