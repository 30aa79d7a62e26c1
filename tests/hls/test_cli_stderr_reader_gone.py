"""``beatkit hls download`` in a real process whose stderr reader has gone away."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer

ROOT = Path(__file__).resolve().parents[2]


def test_a_download_whose_stderr_reader_is_gone_writes_the_file_with_status_0(
    server: FakeServer, tmp_path: Path
) -> None:
    # As `beatkit hls download URL -o FILE 2>&1 | head -0`: the summary meets a closed
    # pipe; the file is complete, and the status must say so.
    expected = server.add_stream("/g", [os.urandom(300) for _ in range(2)])
    dest = tmp_path / "out.aac"
    read_end, write_end = os.pipe()
    os.close(read_end)
    argv = ["hls", "download", server.url("/g/p.m3u8"), "-o", str(dest)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "beatkit", *argv],
            stdout=subprocess.PIPE,
            stderr=write_end,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert dest.read_bytes() == expected
    assert result.stdout == b""
    assert result.returncode == 0
