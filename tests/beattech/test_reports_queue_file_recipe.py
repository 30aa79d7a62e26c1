"""The docs' recipe for keeping a ReportQueue in a file, run as written: private, whole
or not at all (a full disk leaves the previous queue), and a cut-short file is refused."""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from beatkit.beattech.reports import ReportQueue, play_ended

DOC = Path(__file__).resolve().parents[2] / "docs" / "beattech.md"


def recipe() -> dict[str, Any]:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    (code,) = [block for block in blocks if "def save_queue" in block]
    namespace: dict[str, Any] = {"ReportQueue": ReportQueue}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the docs' own example
    return namespace


def queue_of(*tracks: str) -> ReportQueue:
    queue = ReportQueue()
    now = int(time.time())
    for track in tracks:
        queue.append(play_ended(track_id=track, time=now, offline=True, duration=30))
    return queue


def test_the_recipe_saves_privately_and_restores(tmp_path: Path) -> None:
    ns = recipe()
    path = tmp_path / "reports.json"
    assert len(ns["load_queue"](path)) == 0  # no file yet: an empty queue
    ns["save_queue"](path, queue_of("1", "2"))
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    restored = ns["load_queue"](path)
    assert [e.report["track_id"] for e in restored.entries] == ["1", "2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports.json"]


def test_a_failed_save_leaves_the_previous_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ns = recipe()
    path = tmp_path / "reports.json"
    ns["save_queue"](path, queue_of("1"))

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        ns["save_queue"](path, queue_of("1", "2"))
    assert [e.report["track_id"] for e in ns["load_queue"](path).entries] == ["1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports.json"]


def test_a_cut_short_file_is_refused_whole(tmp_path: Path) -> None:
    ns = recipe()
    path = tmp_path / "reports.json"
    ns["save_queue"](path, queue_of("1", "2"))
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(ValueError, match="not a saved ReportQueue"):
        ns["load_queue"](path)
