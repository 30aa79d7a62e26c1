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


# The demo, made to write a line and then fail as `how` says, in a process of its own: what
# matters is what the interpreter does with stdout after main() returns.
_FAILING_DEMO = """
import os, signal, sys
import beatkit.cli.demo
from beatkit.cli import main
from beatkit.errors import BeatkitError

def run(out):
    out.write("a line written before the failure\\n")
    how = sys.argv[1]
    if how == "error":
        raise BeatkitError("the command failed")
    if how == "interrupt":
        raise KeyboardInterrupt
    os.kill(os.getpid(), signal.SIGTERM)
    return 0

beatkit.cli.demo.run = run
raise SystemExit(main(["demo"]))
"""
_FAILURES = [
    ("error", 1, "beatkit: error: the command failed\n"),
    ("interrupt", 130, "beatkit: interrupted\n"),
    ("terminate", 143, "beatkit: terminated\n"),
]


def _run_failing_demo(stdout: int, how: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    env.pop("PYTHONUNBUFFERED", None)
    return subprocess.run(
        [sys.executable, "-c", _FAILING_DEMO, how],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(("how", "status", "said"), _FAILURES)
def test_a_failure_with_output_for_a_closed_pipe_keeps_its_status(
    how: str, status: int, said: str
) -> None:
    # The line waited in stdout's buffer past main(): the interpreter's last flush met the
    # closed pipe, printed "Exception ignored ... BrokenPipeError" and exited 120.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = _run_failing_demo(write_end, how)
    finally:
        os.close(write_end)
    assert result.stderr == said
    assert result.returncode == status


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(("how", "status", "said"), _FAILURES)
def test_a_failure_with_output_for_a_full_device_keeps_its_status(
    how: str, status: int, said: str
) -> None:
    with open("/dev/full", "w") as full:
        result = _run_failing_demo(full.fileno(), how)
    assert result.stderr == said
    assert result.returncode == status


@pytest.mark.parametrize(("how", "status", "said"), _FAILURES)
def test_a_failure_still_delivers_the_output_written_before_it(
    how: str, status: int, said: str, tmp_path: Path
) -> None:
    with open(tmp_path / "out.txt", "w") as out:
        result = _run_failing_demo(out.fileno(), how)
    assert (result.returncode, result.stderr) == (status, said)
    assert (tmp_path / "out.txt").read_text() == "a line written before the failure\n"
