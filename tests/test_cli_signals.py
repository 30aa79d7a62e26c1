"""``beatkit`` stopped by SIGTERM (``timeout``, ``kill``, a container or CI job stopping):
the same cleanup as Ctrl-C, one line on stderr, status 143."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import beatkit.cli.demo
from beatkit.cli import main

BOUND = 30.0  # seconds any wait may last: a hang fails the test instead of freezing it
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _wait_for(condition: object, what: str) -> None:
    """Poll ``condition()`` until it is true, for at most BOUND seconds."""
    assert callable(condition)
    for _ in range(int(BOUND / 0.02)):
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"gave up waiting for {what}")


def test_sigterm_while_decrypting_leaves_no_file_and_exits_143(tmp_path: Path) -> None:
    # The input is a FIFO this test keeps open: the command has created its temporary
    # output and waits for more input when the signal comes. Python's default SIGTERM
    # ends the process on the spot, leaving the hidden ".out.ts.XXXXXXXX.part" behind.
    fifo = tmp_path / "in.ts"
    os.mkfifo(fifo)
    dest = tmp_path / "out.ts"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    key = bytes(16).hex()
    argv = ["hls", "decrypt", str(fifo), str(dest), "--key", key, "--iv", key]
    with subprocess.Popen(
        [sys.executable, "-m", "beatkit", *argv], stderr=subprocess.PIPE, env=env
    ) as process:
        writer = None
        try:
            # Opening a FIFO for writing waits for its reader: a non-blocking open
            # retries instead, so a command that died first cannot hang the test.
            def opened() -> bool:
                nonlocal writer
                try:
                    writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:
                    return process.poll() is not None
                return True

            _wait_for(opened, "the command to open its input")
            assert writer is not None, process.stderr.read() if process.stderr else ""
            os.write(writer, bytes(4096))
            _wait_for(
                lambda: (
                    any(p.name.endswith(".part") for p in tmp_path.iterdir())
                    or process.poll() is not None
                ),
                "the temporary output",
            )
            process.send_signal(signal.SIGTERM)
            status = process.wait(timeout=BOUND)
        finally:
            if writer is not None:
                os.close(writer)
            if process.poll() is None:
                process.kill()
        assert process.stderr is not None
        err = process.stderr.read().decode()
    assert status == 143, err
    assert err == "beatkit: terminated\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.ts"]


def test_sigterm_is_handled_only_while_main_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The handler is called here rather than sent a real signal: without it, a real
    # SIGTERM would end the test run (the subprocess test above sends real ones).
    seen: list[object] = []

    def tour(out: object) -> int:
        handler = signal.getsignal(signal.SIGTERM)
        seen.append(handler)
        if callable(handler):
            handler(signal.SIGTERM, None)
        return 0

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(beatkit.cli.demo, "run", tour)
    assert main(["demo"]) == 143
    assert capsys.readouterr().err == "beatkit: terminated\n"
    assert seen[0] is not before
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_sigterm_handler_of_the_embedding_program_is_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def own(signum: int, frame: object) -> None:
        calls.append(signum)

    def tour(out: object) -> int:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(int(BOUND / 0.01)):  # until the handler has run
            if calls:
                break
            time.sleep(0.01)
        return 0

    previous = signal.signal(signal.SIGTERM, own)
    try:
        monkeypatch.setattr(beatkit.cli.demo, "run", tour)
        assert main(["demo"]) == 0
        assert calls == [signal.SIGTERM]
        assert signal.getsignal(signal.SIGTERM) is own
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_sigterm_during_a_download_says_nothing_was_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import beatkit.cli.hls
    from beatkit.cli import Terminated

    def terminated(*args: object, **kwargs: object) -> object:
        raise Terminated

    monkeypatch.setattr(beatkit.cli.hls.HLSDownloader, "download", terminated)
    target = tmp_path / "out.ts"
    assert main(["hls", "download", "https://cdn.example/p.m3u8", "-o", str(target)]) == 143
    assert capsys.readouterr().err == "beatkit hls: error: terminated; nothing was written\n"
    assert not target.exists()
