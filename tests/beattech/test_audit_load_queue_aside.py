"""docs/beattech.md's ``load_queue`` recipe, run as written: a file that
``ReportQueue.from_json`` refuses (damaged, or saved by a newer beatkit) is moved aside
under a new name before the ``ValueError`` is raised, so that no save overwrites it and
the reports it holds survive."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from beatkit.beattech.reports import ReportQueue, play_ended

DOC = Path(__file__).resolve().parents[2] / "docs" / "beattech.md"


def recipe() -> dict[str, Any]:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    (code,) = [block for block in blocks if "def load_queue" in block]
    namespace: dict[str, Any] = {"ReportQueue": ReportQueue}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the docs' own example
    return namespace


def queue_of(*tracks: str) -> ReportQueue:
    queue = ReportQueue()
    now = int(time.time())
    for track in tracks:
        queue.append(play_ended(track_id=track, time=now, offline=True, duration=30))
    return queue


def newer_version(text: str) -> bytes:
    saved = json.loads(text)
    saved["version"] = 99
    return json.dumps(saved).encode()


@pytest.mark.parametrize(
    "damage",
    [lambda text: text.encode()[: len(text) // 2], newer_version],
    ids=["cut-short", "newer-version"],
)
def test_an_unreadable_queue_is_moved_aside_not_overwritten(tmp_path: Path, damage: Any) -> None:
    ns = recipe()
    path = tmp_path / "reports.json"
    unreadable = damage(queue_of("1", "2").to_json())
    path.write_bytes(unreadable)
    with pytest.raises(ValueError, match="ReportQueue"):
        ReportQueue.from_json(unreadable)

    with pytest.raises(ValueError, match="ReportQueue") as refused:
        ns["load_queue"](path)

    assert not path.exists()
    (aside,) = [p for p in tmp_path.iterdir() if p.name.startswith("reports.json.unreadable-")]
    assert aside.read_bytes() == unreadable
    assert refused.value.__notes__ == [f"the file was moved to {aside}"]
    assert len(ns["load_queue"](path)) == 0  # no file now: a new, empty queue
    # The next save writes the new queue; the one set aside is still there, unchanged.
    ns["save_queue"](path, queue_of("3"))
    assert [e.report["track_id"] for e in ns["load_queue"](path).entries] == ["3"]
    assert aside.read_bytes() == unreadable
    # A second unreadable file gets a name of its own: the first is not replaced.
    path.write_bytes(unreadable + b" ")
    with pytest.raises(ValueError, match="ReportQueue"):
        ns["load_queue"](path)
    kept = sorted(p.read_bytes() for p in tmp_path.iterdir() if p.name != "reports.json")
    assert kept == sorted([unreadable, unreadable + b" "])


def test_a_missing_file_is_an_empty_queue(tmp_path: Path) -> None:
    queue = recipe()["load_queue"](tmp_path / "reports.json")
    assert list(queue.entries) == []
    assert list(tmp_path.iterdir()) == []
