"""``beatkit hls download --concurrency N`` with an N larger than the system's thread limit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.core.test_concurrency_threads import refuse_after
from tests.hls._cli import run

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer


def test_huge_concurrency_uses_the_threads_it_can_start(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = server.add_stream("/d", [os.urandom(300) for _ in range(12)])
    dest = tmp_path / "out.aac"
    refuse_after(monkeypatch, 3)
    argv = ("hls", "download", server.url("/d/p.m3u8"), "-o", str(dest), "--quiet")
    assert run(*argv, "--concurrency", "100000") == 0
    assert dest.read_bytes() == expected


def test_no_thread_at_all_is_one_error_line(
    server: FakeServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.add_stream("/d", [os.urandom(300) for _ in range(3)])
    dest = tmp_path / "out.aac"
    refuse_after(monkeypatch, 0)
    argv = ("hls", "download", server.url("/d/p.m3u8"), "-o", str(dest), "--quiet")
    assert run(*argv, "--concurrency", "8") == 1
    err = capsys.readouterr().err
    assert err.startswith("beatkit hls: error: ")
    assert "cannot start a thread" in err
    assert err.count("\n") == 1
    assert not dest.exists()
    assert list(tmp_path.iterdir()) == []
