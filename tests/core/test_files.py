"""atomic_file: all or nothing, and the permissions a download or a token file gets."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from beatkit._core.files import atomic_file, check_directory, content_length
from beatkit.auth import FileTokenStore, Token

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[int]:
    """Run the test under umask 022, whatever the test runner's was, and restore it."""
    old = os.umask(0o022)
    try:
        yield 0o022
    finally:
        os.umask(old)


def test_writes_on_success_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    dest = tmp_path / "out.bin"
    with atomic_file(dest) as output:
        output.write(b"abc")
        # Nothing is visible under the final name before the block ends.
        assert not dest.exists()
    assert dest.read_bytes() == b"abc"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_failure_keeps_the_old_file_and_removes_the_temporary_one(tmp_path: Path) -> None:
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old")

    def cut_short() -> None:
        with atomic_file(dest) as output:
            output.write(b"new")
            raise RuntimeError("cut")

    with pytest.raises(RuntimeError, match="cut"):
        cut_short()
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_an_empty_destination_is_a_value_error_that_says_so() -> None:
    # "" is the working directory to pathlib: the error read "cannot save to : it is a
    # directory, not a file name" (or "cannot save to .: ...").
    with pytest.raises(ValueError, match="empty"):
        check_directory("")
    with pytest.raises(ValueError, match="empty"), atomic_file("") as output:
        output.write(b"x")


def test_missing_directory_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_file(tmp_path / "nope" / "out.bin") as output:
        output.write(b"x")


@posix_only
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_open_would_give(tmp_path: Path, mask: int, expected: int) -> None:
    # Regression: every download was written 0600 (mkstemp's mode), unreadable by a media
    # server running as another user.
    old = os.umask(mask)
    try:
        with atomic_file(tmp_path / "track.aac") as output:
            output.write(b"x")
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "track.aac") == expected


@posix_only
@pytest.mark.parametrize("existing", [0o644, 0o640, 0o604, 0o444])
def test_an_overwritten_file_keeps_its_mode(tmp_path: Path, umask: int, existing: int) -> None:
    # Regression: overwriting a 0644 file made it 0600.
    dest = tmp_path / "track.aac"
    dest.write_bytes(b"old")
    dest.chmod(existing)
    with atomic_file(dest) as output:
        output.write(b"new")
    assert dest.read_bytes() == b"new"
    assert mode_of(dest) == existing


@posix_only
def test_an_explicit_mode_wins_over_the_old_file_and_the_umask(tmp_path: Path) -> None:
    dest = tmp_path / "token.json"
    dest.write_bytes(b"{}")
    dest.chmod(0o644)
    old = os.umask(0)
    try:
        with atomic_file(dest, mode=0o600) as output:
            output.write(b"secret")
    finally:
        os.umask(old)
    assert mode_of(dest) == 0o600


@posix_only
def test_an_explicit_mode_applies_from_the_first_byte(tmp_path: Path, umask: int) -> None:
    with atomic_file(tmp_path / "token.json", mode=0o600) as output:
        (temp,) = (p for p in tmp_path.iterdir() if p.name.endswith(".part"))
        assert mode_of(temp) == 0o600
        output.write(b"secret")


@posix_only
def test_a_symlink_planted_under_the_temporary_name_is_never_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"untouched")
    names = iter(["aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr("beatkit._core.files.secrets.token_hex", lambda n: next(names))
    (tmp_path / ".out.bin.aaaaaaaa.part").symlink_to(target)
    with atomic_file(tmp_path / "out.bin") as output:
        output.write(b"data")
    assert target.read_bytes() == b"untouched"
    assert (tmp_path / "out.bin").read_bytes() == b"data"


@posix_only
def test_token_files_stay_0600_when_they_replace_a_readable_file(
    tmp_path: Path, umask: int
) -> None:
    path = tmp_path / "token.json"
    path.write_text("{}")
    path.chmod(0o644)
    token = Token(access_token="at", expires_at=datetime(2030, 1, 1, tzinfo=UTC))
    FileTokenStore(path).save(token)
    assert mode_of(path) == 0o600
    assert FileTokenStore(path).load() == token


@pytest.mark.parametrize(
    ("value", "read"),
    [("1024", 1024), (" 7 ", 7), ("0", 0), (None, None), ("", None), ("-1", None),
     ("\u00b2", None), ("\u0663", None), ("1_0", None), ("+5", None), ("1e3", None)],
)  # fmt: skip
def test_content_length_reads_ascii_digits_only(value: str | None, read: int | None) -> None:
    # "²" passed str.isdigit() and crashed int(); "٣" was read as 3.
    assert content_length(value) == read
