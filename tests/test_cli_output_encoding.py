"""Output that the encoding of stdout cannot represent is escaped, not a traceback.

``beatkit hls inspect`` prints a playlist's URIs and names as written, and they may be
any text (``NAME="Español"``, ``トラック.ts``). Python writes stdout in the locale's
encoding: cp1252 in a file on Windows (``beatkit hls inspect URL > out.txt``), ASCII
under ``PYTHONIOENCODING=ascii`` or an uncoerced C locale, and its default error
handler there is strict.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from beatkit.cli import main

ROOT = Path(__file__).resolve().parent.parent

PLAYLIST = (
    "#EXTM3U\n"
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="Español",URI="es/トラック.m3u8"\n'
    '#EXT-X-STREAM-INF:BANDWIDTH=128000,AUDIO="a"\n'
    "lo.m3u8\n"
)


def test_inspect_escapes_what_an_ascii_stdout_cannot_write(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    playlist = tmp_path / "master.m3u8"
    playlist.write_text(PLAYLIST, encoding="utf-8")
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii")  # errors="strict", as Python's own
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["hls", "inspect", str(playlist)]) == 0
    stdout.flush()
    text = raw.getvalue().decode("ascii")
    assert "name=Espa\\xf1ol" in text
    assert "es/\\u30c8\\u30e9\\u30c3\\u30af.m3u8" in text
    # The stream is left as the program calling main() gave it.
    assert stdout.errors == "strict"


def test_a_real_process_with_an_ascii_stdout_escapes_instead_of_a_traceback(
    tmp_path: Path,
) -> None:
    playlist = tmp_path / "master.m3u8"
    playlist.write_text(PLAYLIST, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path]),
        "PYTHONIOENCODING": "ascii",
    }
    result = subprocess.run(
        [sys.executable, "-m", "beatkit", "hls", "inspect", str(playlist)],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.stderr == b""
    assert result.returncode == 0
    assert b"name=Espa\\xf1ol" in result.stdout


def test_the_c_locale_stdout_escapes_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # LC_ALL=C without locale coercion: ASCII with surrogateescape, which fails as well.
    playlist = tmp_path / "master.m3u8"
    playlist.write_text(PLAYLIST, encoding="utf-8")
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii", errors="surrogateescape")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["hls", "inspect", str(playlist)]) == 0
    stdout.flush()
    assert "name=Espa\\xf1ol" in raw.getvalue().decode("ascii")
    assert stdout.errors == "surrogateescape"
