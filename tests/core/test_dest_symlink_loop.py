"""A symlink loop at the destination is replaced, as a dangling symlink is.

``check_directory`` let it through (nothing is behind it to keep), but reading the
mode of the file it replaces followed it: the download failed after its request with
``[Errno 40] Too many levels of symbolic links``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from beatkit._core.files import atomic_file, check_directory

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")


def test_a_symlink_loop_at_dest_is_replaced(tmp_path: Path) -> None:
    dest, other = tmp_path / "track.aac", tmp_path / "other"
    dest.symlink_to(other)
    other.symlink_to(dest)
    check_directory(dest)
    with atomic_file(dest) as output:
        output.write(b"new")
    assert not dest.is_symlink()
    assert dest.read_bytes() == b"new"
    assert other.is_symlink()  # the other link is left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "track.aac"]


def test_a_self_loop_gets_the_default_mode(tmp_path: Path) -> None:
    dest = tmp_path / "track.aac"
    dest.symlink_to(dest.name)
    umask = os.umask(0o022)
    try:
        with atomic_file(dest) as output:
            output.write(b"new")
    finally:
        os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o644
