"""Standard output that cannot be written (a full disk, an I/O error) is one line and
status 1, not a traceback: ``beatkit hls inspect URL > listing.txt`` on a full disk."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from beatkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
PLAYLIST = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\ns0.ts\n#EXT-X-ENDLIST\n"


class _DiskFull(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", ["inspect", "demo"])
def test_a_stdout_that_cannot_be_written_is_one_line_and_status_1(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(PLAYLIST)
    argv = ["hls", "inspect", str(playlist)] if command == "inspect" else ["demo"]
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", _DiskFull())
    try:
        status = main(argv)
    except OSError:
        pytest.fail("an OSError escaped main(): the user sees a traceback")
    assert status == 1
    assert capsys.readouterr().err == (
        "beatkit: error: cannot write to standard output: No space left on device\n"
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_real_process_writing_to_a_full_device(tmp_path: Path) -> None:
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(PLAYLIST)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "beatkit", "hls", "inspect", str(playlist)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    assert result.stderr == (
        "beatkit: error: cannot write to standard output: No space left on device\n"
    )
    assert result.returncode == 1


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["hls", "inspect", "--help"]])
def test_help_and_version_that_cannot_be_written_are_not_status_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    # argparse drops an OSError of its own output: `beatkit --version > /dev/full` said
    # nothing and exited 0, a version check that passed without a version.
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", _DiskFull())
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        "beatkit: error: cannot write to standard output: No space left on device\n"
    )


def _run_with_stdout(
    stdout: int, argv: list[str], *, unbuffered: bool
) -> subprocess.CompletedProcess[str]:
    """``python -m beatkit ARGV`` with its stdout ``stdout``, buffered as a user's is or not."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "beatkit", *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


_HELP_AND_VERSION = [["--version"], ["--help"], ["demo", "--help"]]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("argv", _HELP_AND_VERSION)
def test_help_and_version_into_a_full_device_in_a_real_process(
    argv: list[str], unbuffered: bool
) -> None:
    # argparse ends --help and --version with SystemExit, past the flush of main(): the
    # text waited in stdout's buffer until the interpreter's last flush, which printed
    # "Exception ignored ... OSError" and exited 120.
    with open("/dev/full", "w") as full:
        result = _run_with_stdout(full.fileno(), argv, unbuffered=unbuffered)
    assert result.stderr == (
        "beatkit: error: cannot write to standard output: No space left on device\n"
    )
    assert result.returncode == 1


@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("argv", _HELP_AND_VERSION)
def test_help_and_version_into_a_closed_pipe_end_quietly_with_status_1(
    argv: list[str], unbuffered: bool
) -> None:
    # `beatkit --version | head -0`: a buffered stdout met the closed pipe at exit
    # ("Exception ignored ... BrokenPipeError", status 120); an unbuffered one met it
    # inside argparse, which drops an OSError of its own output, so the version check
    # "passed" with status 0 and nothing written.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = _run_with_stdout(write_end, argv, unbuffered=unbuffered)
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 1
