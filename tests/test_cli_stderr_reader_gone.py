"""A reader of stderr that goes away (``beatkit ... 2>&1 | head -1``, a ``tee`` stopped by
the same Ctrl-C) loses the messages, not the command's exit status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import beatkit.cli.demo
import beatkit.cli.hls
from beatkit.cli import main
from beatkit.errors import AuthenticationError
from beatkit.hls import DownloadResult


class _ReaderGone(io.StringIO):
    """A stderr whose pipe has no reader any more: every write fails as a real one does."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def isatty(self) -> bool:
        return False


def _main(argv: list[str]) -> int:
    try:
        return main(argv)
    except BrokenPipeError:
        pytest.fail("BrokenPipeError escaped main(): the status is Python's, not beatkit's")


def test_a_completed_download_is_status_0_when_nobody_reads_its_summary(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The file is written: a script testing the status must not take it for a failure
    # (and download it again, or delete it) because the "wrote ..." line had no reader.
    target = tmp_path / "out.ts"

    def download(self: object, url: str, output: str, **kwargs: object) -> object:
        Path(output).write_bytes(b"clear")
        return DownloadResult(Path(output), 1, 5)

    monkeypatch.setattr(beatkit.cli.hls.HLSDownloader, "download", download)
    monkeypatch.setattr("sys.stderr", _ReaderGone())
    assert _main(["hls", "download", "https://cdn.example/p.m3u8", "-o", str(target)]) == 0
    assert target.read_bytes() == b"clear"


def test_ctrl_c_is_status_130_when_nobody_reads_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    # `beatkit ... 2>&1 | tee log` and Ctrl-C: tee is stopped too, before "interrupted" is said.
    def interrupted(out: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(beatkit.cli.demo, "run", interrupted)
    monkeypatch.setattr("sys.stderr", _ReaderGone())
    assert _main(["demo"]) == 130


def test_ctrl_c_during_a_download_is_status_130_when_nobody_reads_stderr(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(beatkit.cli.hls.HLSDownloader, "download", interrupted)
    monkeypatch.setattr("sys.stderr", _ReaderGone())
    argv = ["hls", "download", "https://cdn.example/p.m3u8", "-o", str(tmp_path / "o")]
    assert _main(argv) == 130


def test_an_error_is_status_1_when_nobody_reads_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(out: object) -> int:
        raise AuthenticationError("Unauthenticated.", status_code=401, service="beatpass")

    monkeypatch.setattr(beatkit.cli.demo, "run", refused)
    monkeypatch.setattr("sys.stderr", _ReaderGone())
    assert _main(["demo"]) == 1


class _DiskFull(io.StringIO):
    """A stderr on a full disk (``2>/dev/full``)."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_a_completed_download_is_status_0_when_stderr_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out.ts"

    def download(self: object, url: str, output: str, **kwargs: object) -> object:
        Path(output).write_bytes(b"clear")
        return DownloadResult(Path(output), 1, 5)

    monkeypatch.setattr(beatkit.cli.hls.HLSDownloader, "download", download)
    monkeypatch.setattr("sys.stderr", _DiskFull())
    try:
        status = main(["hls", "download", "https://cdn.example/p.m3u8", "-o", str(target)])
    except OSError:
        pytest.fail("an OSError escaped main()")
    assert status == 0
    assert target.read_bytes() == b"clear"
