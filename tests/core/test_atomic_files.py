"""atomic_file at the edges a user meets: symlinks, interruptions, odd names."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from beatkit._core.files import atomic_file

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
