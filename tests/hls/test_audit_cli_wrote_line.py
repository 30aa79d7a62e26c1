"""The line ``beatkit hls download`` ends with escapes control characters in the path.

The error lines do (a path or URL may hold ``ESC`` sequences that drive the terminal,
or U+202E, which shows what follows reversed); the success line printed the output
path raw. The file itself is written under its exact name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from beatkit.cli import main

from .conftest import FakeServer


def test_the_wrote_line_escapes_control_characters(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clear = server.add_stream("/w", [os.urandom(100)])
    name = "\x1b]0;owned\x07track\u202e.aac"
    assert main(["hls", "download", server.url("/w/p.m3u8"), "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / name).read_bytes() == clear
    err = capsys.readouterr().err
    assert err.startswith("wrote ") and err.count("\n") == 1
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "\\x1b]0;owned\\x07track\\u202e.aac" in err
