"""A write that fails for lack of space (or quota, or a disk error) names the file it was
writing: the OS's own error names none, so ``beatkit hls download`` said only
``error: [Errno 28] No space left on device``."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from beatkit._core import files
from beatkit._core.files import atomic_file
from beatkit.hls import encrypt_segment
from tests.hls._cli import IV, KEY, run

STORAGE = [errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS]


def full(code: int) -> OSError:
    """The error a write(2) or fsync(2) on a full disk gives: no file name."""
    return OSError(code, os.strerror(code))


@pytest.mark.parametrize("code", STORAGE)
def test_a_failed_write_names_the_destination(tmp_path: Path, code: int) -> None:
    dest = tmp_path / "track.aac"
    dest.write_bytes(b"old")
    with pytest.raises(OSError, match=os.strerror(code)) as caught, atomic_file(dest):
        raise full(code)
    assert caught.value.errno == code
    assert caught.value.filename == str(dest)
    assert str(dest) in str(caught.value)
    assert os.strerror(code) in str(caught.value)
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["track.aac"]


def test_a_failed_fsync_names_the_destination(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int) -> None:
        raise full(errno.ENOSPC)

    monkeypatch.setattr(files.os, "fsync", no_space)
    dest = tmp_path / "track.aac"
    with pytest.raises(OSError, match="No space left") as caught, atomic_file(dest) as out:
        out.write(b"x")
    assert caught.value.filename == str(dest)
    assert list(tmp_path.iterdir()) == []


def test_other_errors_pass_unchanged(tmp_path: Path) -> None:
    # An error with a file name of its own, or of another kind (a thread that could not
    # start), is not said to be the destination's.
    named = FileNotFoundError(errno.ENOENT, "No such file or directory", "elsewhere")
    with pytest.raises(FileNotFoundError) as caught, atomic_file(tmp_path / "a"):
        raise named
    assert caught.value is named
    other = OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))
    with (
        pytest.raises(OSError, match="Resource temporarily") as caught,
        atomic_file(tmp_path / "b"),
    ):
        raise other
    assert caught.value is other


def test_the_command_names_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_space(fd: int) -> None:
        raise full(errno.ENOSPC)

    monkeypatch.setattr(files.os, "fsync", no_space)
    source = tmp_path / "in.enc"
    source.write_bytes(encrypt_segment(b"clear" * 100, KEY, IV))
    target = tmp_path / "out.aac"
    argv = ["hls", "decrypt", str(source), str(target), "--key", KEY.hex(), "--iv", IV.hex()]
    assert run(*argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "No space left on device" in err
    assert str(target) in err
    assert [p.name for p in tmp_path.iterdir()] == ["in.enc"]
