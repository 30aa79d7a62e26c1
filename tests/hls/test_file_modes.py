"""``beatkit hls download`` and ``beatkit hls decrypt`` write media with the umask's mode."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from beatkit.hls import encrypt_segment
from tests.hls._cli import IV, KEY, run

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_hls_download_is_readable_by_others_under_umask_022(
    server: FakeServer, tmp_path: Path
) -> None:
    # Regression: `beatkit hls download` wrote every file 0600.
    expected = server.add_stream("/d", [os.urandom(300) for _ in range(2)])
    dest = tmp_path / "out.aac"
    assert run("hls", "download", server.url("/d/p.m3u8"), "-o", str(dest)) == 0
    assert dest.read_bytes() == expected
    assert mode_of(dest) == 0o644


def test_hls_download_over_an_existing_file_keeps_its_mode(
    server: FakeServer, tmp_path: Path
) -> None:
    server.add_stream("/d", [os.urandom(300)])
    dest = tmp_path / "out.aac"
    dest.write_bytes(b"old")
    dest.chmod(0o640)
    assert run("hls", "download", server.url("/d/p.m3u8"), "-o", str(dest)) == 0
    assert mode_of(dest) == 0o640


def test_hls_decrypt_output_gets_the_umask_mode(tmp_path: Path) -> None:
    source = tmp_path / "in.aac"
    source.write_bytes(encrypt_segment(b"clear" * 100, KEY, IV))
    target = tmp_path / "out.aac"
    code = run("hls", "decrypt", str(source), str(target), "--key", KEY.hex(), "--iv", IV.hex())
    assert code == 0
    assert target.read_bytes() == b"clear" * 100
    assert mode_of(target) == 0o644
