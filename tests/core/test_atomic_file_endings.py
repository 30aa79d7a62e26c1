"""How ``atomic_file`` ends: the rename made durable, the caller's error kept.

* After ``os.replace``, the directory is fsynced (POSIX): a power cut right after a
  download returned could otherwise bring back the old file (or no file) although
  the call said it was saved.
* When the block fails (Ctrl-C, a cancelled task, a dropped connection), closing the
  temporary file flushes the bytes still buffered; on a full disk that flush fails,
  and its ``OSError`` took the place of the ``KeyboardInterrupt`` or
  ``CancelledError`` (a cancelled task was reported as failed, not cancelled).
* A destination whose name is not UTF-8 (``tr\\xffack.aac``, read by Python with a
  lone surrogate) is refused with a message a UTF-8 log handler or ``print`` can
  write: the surrogate shows as its escape, as Python's own ``OSError`` shows it.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from beatkit._core.files import atomic_file, check_directory

NOT_UTF8 = os.fsdecode(b"tr\xffack")


def _fill_disk(output: BinaryIO) -> None:
    """Point the file's descriptor at ``/dev/full``: its next flush fails with ENOSPC."""
    full = os.open("/dev/full", os.O_WRONLY)
    try:
        os.dup2(full, output.fileno())
    finally:
        os.close(full)


def _save_on_full_disk(dest: Path, failure: BaseException | None) -> None:
    """Write 100 bytes (buffered) to ``dest``, fill the disk, then raise ``failure``."""
    with atomic_file(dest) as output:
        output.write(b"x" * 100)  # buffered: written when the file is flushed or closed
        _fill_disk(output)
        if failure is not None:
            raise failure


def _refused(dest: Path | str, whole: bool) -> OSError:
    """The error ``check_directory`` (or, ``whole``, ``atomic_file``) refuses ``dest`` with."""
    try:
        if whole:
            with atomic_file(dest):
                pass
        else:
            check_directory(dest)
    except OSError as exc:
        return exc
    raise AssertionError(f"{dest!r} was accepted")


needs_dev_full = pytest.mark.skipif(
    not os.path.exists("/dev/full"), reason="needs /dev/full to fill a disk"
)


@pytest.mark.skipif(os.name != "posix", reason="directories are fsynced on POSIX only")
def test_the_directory_is_fsynced_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "track.aac"
    dest.write_bytes(b"old")
    seen: list[tuple[str, bytes]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        kind = "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        seen.append((kind, dest.read_bytes()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with atomic_file(dest) as output:
        output.write(b"new")
    # The file's data first (before the rename), then its directory (after it).
    assert seen == [("file", b"old"), ("dir", b"new")]


@pytest.mark.skipif(os.name != "posix", reason="directories are fsynced on POSIX only")
def test_a_directory_that_cannot_be_fsynced_does_not_fail_a_saved_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some file systems refuse fsync on a directory (EINVAL): the file is in place.
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(22, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    dest = tmp_path / "track.aac"
    with atomic_file(dest) as output:
        output.write(b"new")
    assert dest.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["track.aac"]


@needs_dev_full
def test_ctrl_c_on_a_full_disk_stays_a_keyboard_interrupt(tmp_path: Path) -> None:
    dest = tmp_path / "track.aac"
    dest.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt):
        _save_on_full_disk(dest, KeyboardInterrupt())
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["track.aac"]


@needs_dev_full
def test_the_blocks_own_error_is_kept_on_a_full_disk(tmp_path: Path) -> None:
    dest = tmp_path / "track.aac"
    failure = ConnectionResetError("the server went away")
    with pytest.raises(ConnectionResetError) as caught:
        _save_on_full_disk(dest, failure)
    assert caught.value is failure
    assert list(tmp_path.iterdir()) == []


@needs_dev_full
def test_a_cancelled_task_on_a_full_disk_is_cancelled(tmp_path: Path) -> None:
    dest = tmp_path / "track.aac"

    async def save() -> None:
        with atomic_file(dest) as output:
            output.write(b"x" * 100)
            _fill_disk(output)
            await asyncio.sleep(30)

    async def main() -> bool:
        task = asyncio.create_task(save())
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, 5)
        return task.cancelled()

    assert asyncio.run(main()) is True
    assert list(tmp_path.iterdir()) == []


@needs_dev_full
def test_a_full_disk_on_the_last_flush_is_still_an_error(tmp_path: Path) -> None:
    dest = tmp_path / "track.aac"
    dest.write_bytes(b"old")
    with pytest.raises(OSError, match="No space left") as caught:
        _save_on_full_disk(dest, None)
    assert caught.value.filename == str(dest)
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["track.aac"]


def _refusals(tmp_path: Path) -> Iterator[tuple[str, Path | str]]:
    yield "missing directory", tmp_path / NOT_UTF8 / "x.aac"
    (tmp_path / NOT_UTF8).mkdir()
    yield "a directory", tmp_path / NOT_UTF8
    yield "a trailing separator", f"{tmp_path / NOT_UTF8}.aac/"
    fifo = tmp_path / f"{NOT_UTF8}.fifo"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
        yield "a FIFO", fifo
        link = tmp_path / f"{NOT_UTF8}.link"
        link.symlink_to(fifo)
        yield "a link to a FIFO", link


def test_refusals_of_a_name_that_is_not_utf8_can_be_printed_and_logged(tmp_path: Path) -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    handler = logging.StreamHandler(stream)
    log = logging.getLogger("tests.atomic_file_endings")
    log.addHandler(handler)
    log.propagate = False
    errors: list[BaseException] = []

    def broken(record: logging.LogRecord) -> None:  # pragma: no cover - the defect
        raise AssertionError(f"the record could not be written: {record.getMessage()!r}")

    handler.handleError = broken  # type: ignore[method-assign]
    try:
        for what, dest in _refusals(tmp_path):
            for whole in (False, True):
                error = _refused(dest, whole)
                errors.append(error)
                text = str(error)
                text.encode("utf-8")  # print() to a UTF-8 terminal
                assert "\\udcff" in text, what
                log.error("save failed: %s", error)
    finally:
        log.removeHandler(handler)
    assert len(errors) >= 6


def test_a_temporary_file_that_cannot_be_removed_does_not_hide_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same as the Beat Technology queue recipe's cleanup: the error that made the
    # save fail is the one raised (here a Ctrl-C), not the failed unlink's.
    def unlink(path: object, *args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error", str(path))

    dest = tmp_path / "track.aac"
    dest.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt):
        _save_interrupted(dest, monkeypatch, unlink)
    assert dest.read_bytes() == b"old"


def _save_interrupted(dest: Path, monkeypatch: pytest.MonkeyPatch, unlink: object) -> None:
    with atomic_file(dest) as output:
        output.write(b"new")
        monkeypatch.setattr(os, "unlink", unlink)
        raise KeyboardInterrupt


@pytest.mark.parametrize("code", [28, 122, 30, 5])  # ENOSPC, EDQUOT, EROFS, EIO
def test_a_temporary_file_that_cannot_be_created_for_lack_of_space_names_dest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    # No inode left (or no quota for one): os.open names the hidden temporary file.
    real_open = os.open

    def open_(path: str | os.PathLike[str], flags: int, mode: int = 0o777, **kw: object) -> int:
        if os.fspath(path).endswith(".part"):
            raise OSError(code, os.strerror(code), os.fspath(path))
        return real_open(path, flags, mode)

    dest = tmp_path / "track.aac"
    monkeypatch.setattr(os, "open", open_)
    error = _refused(dest, whole=True)
    assert error.errno == code
    assert error.filename == str(dest)
    assert os.strerror(code) in str(error)
    assert ".part" not in str(error)
