"""Ctrl-C on ``python -m beatkit`` stops the shell script or loop that runs it.

A shell waits for its foreground command when Ctrl-C reaches them both, and goes on
with the script when the command exits with a status (130 included): it took Ctrl-C
for one the command handled, as an editor does. Only a command that ends by SIGINT
itself stops the script (Python ends a program so since 3.8). ``beatkit`` reported
Ctrl-C and then exited with status 130, so Ctrl-C in ``for url in ...; do python -m
beatkit hls download "$url" ...; done`` started the next download.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BOUND = 30.0  # seconds any wait may last: a hang fails the test instead of freezing it
ROOT = Path(__file__).resolve().parent.parent
KEY = bytes(16).hex()

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}


@contextmanager
def _reading_a_fifo(fifo: Path, process: subprocess.Popen[bytes]) -> Iterator[None]:
    """Wait until ``process`` has opened ``fifo`` to read it (its command is running),
    and keep it open for writing, with nothing written, until the block ends."""
    writer = None
    try:
        for _ in range(int(BOUND / 0.02)):
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:  # no reader yet
                if process.poll() is not None:
                    break
                time.sleep(0.02)
        assert writer is not None, "the command did not open its input"
        yield
    finally:
        if writer is not None:
            os.close(writer)


def _decrypt_argv(tmp_path: Path) -> list[str]:
    fifo = tmp_path / "in.ts"
    os.mkfifo(fifo)
    return ["hls", "decrypt", str(fifo), str(tmp_path / "out.ts"), "--key", KEY, "--iv", KEY]


def _stop(process: subprocess.Popen[bytes], *, group: bool = False) -> tuple[int, str, str]:
    """Send SIGINT (to the process group, as a terminal does, with ``group``) and wait."""
    try:
        if group:
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        status = process.wait(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.stdout is not None and process.stderr is not None
    return status, process.stdout.read().decode(), process.stderr.read().decode()


def test_ctrl_c_ends_python_dash_m_beatkit_by_sigint(tmp_path: Path) -> None:
    argv = _decrypt_argv(tmp_path)
    with (
        subprocess.Popen(
            [sys.executable, "-m", "beatkit", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        ) as process,
        _reading_a_fifo(tmp_path / "in.ts", process),
    ):
        status, out, err = _stop(process)
    # -SIGINT: a shell shows it as 130, and knows that Ctrl-C ended the command.
    assert status == -signal.SIGINT, err
    assert err == "beatkit: interrupted\n"
    assert out == ""
    assert [p.name for p in tmp_path.iterdir()] == ["in.ts"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_ctrl_c_stops_a_shell_loop_running_beatkit(tmp_path: Path) -> None:
    argv = _decrypt_argv(tmp_path)
    # One command then another, as each turn of a loop runs them.
    script = '"$@"; echo "went on after status $?"'
    command = [sys.executable, "-m", "beatkit", *argv]
    bash = shutil.which("bash")
    assert bash is not None
    with (
        subprocess.Popen(
            [bash, "-c", script, "bash", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
            start_new_session=True,  # its own process group: Ctrl-C reaches the shell too
        ) as process,
        _reading_a_fifo(tmp_path / "in.ts", process),
    ):
        status, out, err = _stop(process, group=True)
    assert "went on" not in out, err
    assert status == -signal.SIGINT, err
    assert err == "beatkit: interrupted\n"


def test_the_program_entry_point_ends_by_sigint_too(tmp_path: Path) -> None:
    # What the installed `beatkit` script calls (pyproject's [project.scripts]): main()
    # itself keeps returning 130 to a program that calls it (tests/test_cli.py).
    argv = _decrypt_argv(tmp_path)
    code = "from beatkit.cli import entry_point; entry_point()"
    with (
        subprocess.Popen(
            [sys.executable, "-c", code, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        ) as process,
        _reading_a_fifo(tmp_path / "in.ts", process),
    ):
        status, out, err = _stop(process)
    assert status == -signal.SIGINT, err
    assert err == "beatkit: interrupted\n"
    assert out == ""


def test_the_entry_point_exits_with_other_statuses_as_main_returns(tmp_path: Path) -> None:
    code = "from beatkit.cli import entry_point; entry_point()"
    runs = {
        0: ["--version"],
        1: ["hls", "inspect", str(tmp_path / "missing.m3u8")],
        2: ["hls"],
    }
    for expected, argv in runs.items():
        done = subprocess.run(
            [sys.executable, "-c", code, *argv],
            capture_output=True,
            env=_env(),
            timeout=BOUND,
            check=False,
        )
        assert done.returncode == expected, done.stderr
        assert b"Traceback" not in done.stderr
