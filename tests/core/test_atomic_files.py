"""atomic_file at the edges a user meets: symlinks, interruptions, odd names."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from beatkit._core.files import atomic_file, check_directory

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX symlinks")


@posix_only
def test_a_symlink_at_dest_is_replaced_and_its_target_left_alone(tmp_path: Path) -> None:
    # Documented: the rename replaces the link itself; a link planted in a shared
    # directory never leads the write to another file.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "target.bin"
    target.write_bytes(b"target")
    dest = tmp_path / "out.bin"
    dest.symlink_to(target)
    with atomic_file(dest) as output:
        output.write(b"new")
    assert not dest.is_symlink()
    assert dest.read_bytes() == b"new"
    assert target.read_bytes() == b"target"


def test_keyboard_interrupt_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old")

    def interrupted() -> None:
        with atomic_file(dest) as output:
            output.write(b"half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_name_with_quotes_and_non_ascii_characters(tmp_path: Path) -> None:
    dest = tmp_path / 'a "b" naïve ☃.mp3'
    with atomic_file(os.fspath(dest)) as output:
        output.write(b"x")
    assert dest.read_bytes() == b"x"
    assert [p.name for p in tmp_path.iterdir()] == [dest.name]


def _special_files(tmp_path: Path) -> list[Path]:
    """A FIFO, and a character device like /dev/null where this user may make one."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    made = [fifo]
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):  # not root (or no CAP_MKNOD)
        pass
    else:
        made.append(device)
    return made


@posix_only
def test_a_fifo_or_device_at_dest_is_refused_not_replaced(tmp_path: Path) -> None:
    # `-o /dev/null` run as root (a container) used to replace the device node with a
    # regular file, and a FIFO a player was reading from was swapped for a file.
    for dest in _special_files(tmp_path):
        kind = stat.S_IFMT(dest.lstat().st_mode)
        with pytest.raises(OSError, match="not a regular file"):
            check_directory(dest)  # before any request is sent
        with pytest.raises(OSError, match="not a regular file"), atomic_file(dest) as output:
            output.write(b"new")
        assert stat.S_IFMT(dest.lstat().st_mode) == kind
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
