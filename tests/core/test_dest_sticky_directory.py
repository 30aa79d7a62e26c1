"""A destination in a sticky directory (``/tmp``) that belongs to another user is refused
before anything is sent.

In a directory with the sticky bit only a file's owner (or the directory's) may delete
or replace it: the rename at the end of a download failed with ``PermissionError`` after
the whole body was fetched (and a short-lived URL used), though the directory itself is
writable, so the check before the request let it through.

The tests run as any user: the process's user is stood in for by ``os.geteuid``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from beatkit._core.files import atomic_file, check_directory

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")

OTHER_USER = 4242


def _sticky(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    assert folder.stat().st_mode & stat.S_ISVTX
    return folder


def _as_user(monkeypatch: pytest.MonkeyPatch, uid: int) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: uid)


def test_another_users_file_in_a_sticky_directory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _sticky(tmp_path)
    dest = folder / "track.aac"
    dest.write_bytes(b"theirs")
    owner = dest.stat().st_uid
    me = owner + 1 if owner + 1 != folder.stat().st_uid else owner + 2
    _as_user(monkeypatch, me)
    with pytest.raises(PermissionError, match="sticky") as caught:
        check_directory(dest)
    assert str(caught.value).startswith(f"cannot save to {dest}:")
    ran = False
    with pytest.raises(PermissionError, match="sticky"), atomic_file(dest):
        ran = True
    assert not ran
    assert dest.read_bytes() == b"theirs"


def test_a_new_file_or_ones_own_in_a_sticky_directory_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _sticky(tmp_path)
    owner = folder.stat().st_uid
    _as_user(monkeypatch, owner + 1)
    check_directory(folder / "new.aac")  # nothing to replace
    mine = folder / "mine.aac"
    mine.write_bytes(b"old")
    _as_user(monkeypatch, mine.stat().st_uid)  # the file's owner
    with atomic_file(mine) as output:
        output.write(b"new")
    assert mine.read_bytes() == b"new"


def test_a_plain_directory_is_not_checked_for_owners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "track.aac"
    dest.write_bytes(b"old")
    _as_user(monkeypatch, OTHER_USER)
    check_directory(dest)  # no sticky bit: the directory's write permission decides
