"""``beatkit`` hung up on (SIGHUP: the terminal closed, an SSH session dropped): the same
cleanup as Ctrl-C and SIGTERM, one line on stderr (if it can still be written), status 129."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import beatkit.cli.demo
from beatkit.cli import main

BOUND = 30.0  # seconds any wait may last: a hang fails the test instead of freezing it
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")

_PLAYLIST = (
    b"#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\ns0.ts\n#EXTINF:4,\ns1.ts\n#EXT-X-ENDLIST\n"
)


class _SlowHandler(BaseHTTPRequestHandler):
    """The playlist at once; each segment only when ``release`` is set (or BOUND passes)."""

    protocol_version = "HTTP/1.1"
    release: threading.Event

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = _PLAYLIST if self.path.endswith(".m3u8") else bytes(188)
        if not self.path.endswith(".m3u8"):
            self.release.wait(timeout=BOUND)
        with contextlib.suppress(OSError):  # the client went away: it was hung up on
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextlib.contextmanager
def _slow_server() -> Iterator[tuple[str, threading.Event]]:
    release = threading.Event()
    handler = type("Handler", (_SlowHandler,), {"release": release})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    serving = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    serving.daemon = True
    serving.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/p.m3u8", release
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()
        serving.join(timeout=BOUND)


def test_sighup_during_a_download_leaves_no_file_and_exits_129(tmp_path: Path) -> None:
    # Python's default SIGHUP ends the process on the spot, leaving the hidden
    # ".out.ts.XXXXXXXX.part" behind, with status -1 (killed by the signal).
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dest = out_dir / "out.ts"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    with _slow_server() as (url, _release):
        argv = ["hls", "download", url, "-o", str(dest), "--quiet"]
        with subprocess.Popen(
            [sys.executable, "-m", "beatkit", *argv], stderr=subprocess.PIPE, env=env
        ) as process:
            try:
                for _ in range(int(BOUND / 0.02)):
                    if process.poll() is not None or any(out_dir.iterdir()):
                        break
                    time.sleep(0.02)
                assert process.poll() is None, "the command ended before the signal"
                assert next(p.name for p in out_dir.iterdir()).endswith(".part")
                process.send_signal(signal.SIGHUP)
                status = process.wait(timeout=BOUND)
            finally:
                if process.poll() is None:
                    process.kill()
            assert process.stderr is not None
            err = process.stderr.read().decode()
    assert status == 129, err
    assert err == "beatkit hls: error: hung up; nothing was written\n"
    assert list(out_dir.iterdir()) == []


def test_sighup_is_handled_only_while_main_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[object] = []

    def tour(out: object) -> int:
        handler = signal.getsignal(signal.SIGHUP)
        seen.append(handler)
        if callable(handler):
            handler(signal.SIGHUP, None)
        return 0

    before = signal.getsignal(signal.SIGHUP)
    monkeypatch.setattr(beatkit.cli.demo, "run", tour)
    assert main(["demo"]) == 129
    assert capsys.readouterr().err == "beatkit: hung up\n"
    assert seen[0] is not before
    assert signal.getsignal(signal.SIGHUP) is before


def test_sighup_ignored_by_nohup_stays_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    # `nohup beatkit hls download ...` is meant to outlive the terminal.
    seen: list[object] = []

    def tour(out: object) -> int:
        seen.append(signal.getsignal(signal.SIGHUP))
        return 0

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        monkeypatch.setattr(beatkit.cli.demo, "run", tour)
        assert main(["demo"]) == 0
        assert seen == [signal.SIG_IGN]
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


# The demo, made to be stopped by a signal and then to get another while it cleans up: a
# terminal that closes sends SIGHUP to the command, and the shell it ran in sends its own
# to its jobs. The second raised again inside the cleanup, cutting it short (a download's
# temporary file was left behind).
_SIGNALLED_TWICE = """
import os, signal, sys, time
from pathlib import Path
import beatkit.cli.demo
from beatkit.cli import main

first, second = (getattr(signal, name) for name in sys.argv[2:4])

def run(out):
    try:
        os.kill(os.getpid(), first)
        time.sleep(30)
    finally:
        os.kill(os.getpid(), second)
        for _ in range(20):
            time.sleep(0.01)
        Path(sys.argv[1]).write_text("cleaned up")
    return 0

beatkit.cli.demo.run = run
raise SystemExit(main(["demo"]))
"""


@pytest.mark.parametrize(
    ("first", "second", "status", "said"),
    [
        ("SIGHUP", "SIGHUP", 129, "beatkit: hung up\n"),
        ("SIGTERM", "SIGTERM", 143, "beatkit: terminated\n"),
        ("SIGHUP", "SIGTERM", 129, "beatkit: hung up\n"),
    ],
)
def test_a_second_signal_does_not_cut_the_cleanup_short(
    tmp_path: Path, first: str, second: str, status: int, said: str
) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    marker = tmp_path / "cleaned"
    result = subprocess.run(
        [sys.executable, "-c", _SIGNALLED_TWICE, str(marker), first, second],
        capture_output=True,
        text=True,
        env=env,
        timeout=BOUND * 2,
        check=False,
    )
    assert (result.returncode, result.stderr) == (status, said)
    assert marker.read_text() == "cleaned up"


# A signal that comes while a failure is being reported (`timeout` firing, the terminal
# closing just then): raised inside main()'s own except clause, it escaped main() as a
# traceback. Here the first write of the message sends it.
_SIGNALLED_WHILE_REPORTING = """
import os, signal, sys
import beatkit.cli.demo
from beatkit.cli import main
from beatkit.errors import BeatkitError

how = getattr(signal, sys.argv[1])

class Stderr:
    def __init__(self, stream):
        self.stream = stream
        self.sent = False
    def write(self, text):
        if not self.sent:
            self.sent = True
            os.kill(os.getpid(), how)
        return self.stream.write(text)
    def __getattr__(self, name):
        return getattr(self.stream, name)

def run(out):
    sys.stderr = Stderr(sys.stderr)
    raise BeatkitError("the command failed")

beatkit.cli.demo.run = run
raise SystemExit(main(["demo"]))
"""


@pytest.mark.parametrize(("how", "status"), [("SIGHUP", 129), ("SIGTERM", 143)])
def test_a_signal_while_a_failure_is_reported_ends_with_its_status(how: str, status: int) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-c", _SIGNALLED_WHILE_REPORTING, how],
        capture_output=True,
        text=True,
        env=env,
        timeout=BOUND * 2,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == status, result.stderr
