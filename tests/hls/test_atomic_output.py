"""Atomic output as the HLS commands meet it: clear errors, nothing left behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from unittest import mock

import pytest

from beatkit._core.files import atomic_file
from beatkit.hls import encrypt_segment
from tests.hls._cli import IV, KEY, run


def decrypt(tmp_path: Path, output: Path) -> int:
    source = tmp_path / "in.aac"
    source.write_bytes(encrypt_segment(b"clear" * 100, KEY, IV))
    return run("hls", "decrypt", str(source), str(output), "--key", KEY.hex(), "--iv", IV.hex())


def test_decrypt_into_a_missing_directory_names_it_not_a_temporary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression: the message was "No such file or directory: '.../nope/.out.aac.1f2e3d4c.part'".
    assert decrypt(tmp_path, tmp_path / "nope" / "out.aac") == 1
    err = capsys.readouterr().err
    assert "no directory" in err and str(tmp_path / "nope") in err, err
    assert ".part" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.aac"]


def test_decrypt_onto_a_directory_says_so_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression: "Is a directory: '.out.d3c2b1a0.part' -> 'out'", after writing it all.
    (tmp_path / "out").mkdir()
    assert decrypt(tmp_path, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "is a directory" in err and ".part" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.aac", "out"]
    assert list((tmp_path / "out").iterdir()) == []


def test_atomic_file_refuses_a_missing_directory_and_a_directory_clearly(tmp_path: Path) -> None:
    missing_dir = atomic_file(tmp_path / "nope" / "out.bin")
    with pytest.raises(FileNotFoundError, match="no directory") as missing, missing_dir:
        pass
    assert ".part" not in str(missing.value)
    (tmp_path / "dir").mkdir()
    onto_dir = atomic_file(tmp_path / "dir")
    with pytest.raises(IsADirectoryError, match="is a directory") as directory, onto_dir:
        pytest.fail("the block must not run: the rename would fail after it")
    assert ".part" not in str(directory.value)
    assert [p.name for p in tmp_path.iterdir()] == ["dir"]


@pytest.mark.parametrize("step", ["os.fsync", "os.replace"])
def test_a_full_disk_at_any_step_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, step: str
) -> None:
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with (
        pytest.raises(OSError, match="No space left"),
        mock.patch(step, full),
        atomic_file(dest) as output,
    ):
        output.write(b"new")
    assert dest.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_failing_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    dest = tmp_path / "out.bin"

    def write() -> None:
        with atomic_file(dest) as output:
            output.write(b"some")
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
def test_a_failure_to_wrap_the_temporary_file_closes_it(tmp_path: Path) -> None:
    before = set(os.listdir("/proc/self/fd"))

    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError

    with (
        pytest.raises(MemoryError),
        mock.patch("os.fdopen", broken),
        atomic_file(tmp_path / "out.bin"),
    ):
        pass
    assert list(tmp_path.iterdir()) == []
    assert set(os.listdir("/proc/self/fd")) <= before  # the descriptor was closed
