"""``FileTokenStore.save`` makes its rename durable once: the token file is fsynced,
renamed over the old one, then its directory fsynced, by ``atomic_file``, which has
done the directory fsync itself since it was taught to (the store's own second fsync
of the directory was a leftover that only cost a disk flush per refresh)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from beatkit.auth import FileTokenStore, Token

posix_only = pytest.mark.skipif(os.name != "posix", reason="a directory fsync is POSIX")


def record_steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        steps.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return steps


@posix_only
def test_a_save_fsyncs_the_file_then_renames_then_fsyncs_the_directory_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FileTokenStore(tmp_path / "deep" / "token.json")  # parents created on save
    steps = record_steps(monkeypatch)
    store.save(Token(access_token="first-access"))
    assert steps == ["fsync file", "replace", "fsync dir"]
    steps.clear()
    store.save(Token(access_token="second-access"))  # replacing an existing file
    assert steps == ["fsync file", "replace", "fsync dir"]
    loaded = store.load()
    assert loaded is not None and loaded.access_token == "second-access"
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


@posix_only
def test_a_directory_that_refuses_fsync_still_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(22, "Invalid argument")  # some file systems refuse it
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    store.save(Token(access_token="kept-access"))
    loaded = store.load()
    assert loaded is not None and loaded.access_token == "kept-access"
