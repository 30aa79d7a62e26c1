"""docs/beattech.md's ``save_queue`` recipe, run as written: the rename itself is made
durable (the directory is fsynced after ``os.replace``), and a failing cleanup never
hides the error that made the save fail."""

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

posix_only = pytest.mark.skipif(os.name != "posix", reason="a directory fsync is POSIX")


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


@posix_only
def test_the_directory_is_fsynced_after_the_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ns = recipe()
    path = tmp_path / "reports.json"
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        steps.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    ns["save_queue"](path, queue_of("1"))
    assert steps == ["fsync file", "replace", "fsync dir"]
    assert [e.report["track_id"] for e in ns["load_queue"](path).entries] == ["1"]


@posix_only
def test_the_directory_descriptor_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ns = recipe()
    opened: list[int] = []
    closed: list[int] = []
    real_open, real_close = os.open, os.close

    def open_(*args: Any, **kwargs: Any) -> int:
        fd = real_open(*args, **kwargs)
        opened.append(fd)
        return fd

    def close(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "close", close)
    ns["save_queue"](tmp_path / "reports.json", queue_of("1"))
    assert opened
    assert set(opened) <= set(closed)


def test_a_failing_cleanup_keeps_the_original_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ns = recipe()
    path = tmp_path / "reports.json"
    ns["save_queue"](path, queue_of("1"))

    def full(*_: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def cannot_unlink(*_: Any, **__: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", full)
    monkeypatch.setattr(os, "unlink", cannot_unlink)
    monkeypatch.setattr(os, "remove", cannot_unlink)
    with pytest.raises(OSError, match="No space") as caught:
        ns["save_queue"](path, queue_of("1", "2"))
    assert caught.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert [e.report["track_id"] for e in ns["load_queue"](path).entries] == ["1"]


@posix_only
def test_a_failed_directory_fsync_is_raised_and_the_new_queue_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ns = recipe()
    path = tmp_path / "reports.json"
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError, match="Input/output") as caught:
        ns["save_queue"](path, queue_of("1", "2"))
    assert caught.value.errno == errno.EIO  # not a FileNotFoundError from the cleanup
    monkeypatch.undo()
    assert [e.report["track_id"] for e in ns["load_queue"](path).entries] == ["1", "2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports.json"]
