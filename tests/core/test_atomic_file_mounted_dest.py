"""A destination that is a file mounted on its own (``docker run -v file:file``) cannot
be renamed over: the rename fails with EBUSY after the whole write. The error named the
hidden temporary file (``[Errno 16] Device or resource busy: '.out.aac.XXXX.part' ->
'out.aac'``); it now names ``dest`` and says what to do, the old file kept and no
temporary file left.

A real bind mount needs root and ``mount``, so the rename's refusal is stood in for at
``os.replace``, where the kernel gives it.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from beatkit._core import files
from beatkit._core.files import atomic_file


def _busy(src: object, dst: object) -> None:
    raise OSError(errno.EBUSY, "Device or resource busy", str(src), None, str(dst))


def test_a_mounted_file_is_named_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "out.aac"
    dest.write_bytes(b"old")
    monkeypatch.setattr(files.os, "replace", _busy)
    with (
        pytest.raises(OSError, match="mount its directory instead") as info,
        atomic_file(dest) as out,
    ):
        out.write(b"new")
    assert info.value.errno == errno.EBUSY
    assert info.value.filename == str(dest)
    assert "mount its directory instead" in str(info.value)
    assert ".part" not in str(info.value)
    assert dest.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.aac"]


def test_other_rename_failures_are_raised_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(src: object, dst: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(src))

    monkeypatch.setattr(files.os, "replace", refused)
    with pytest.raises(PermissionError), atomic_file(tmp_path / "x.bin") as out:
        out.write(b"x")
    assert os.listdir(tmp_path) == []
