"""FileTokenStore as a user meets it: the paths the docs show, and files others touch."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from beatkit.auth import FileTokenStore, Token

START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def _token(n: int = 1) -> Token:
    return Token.from_response(
        {"access_token": f"at-{n}", "refresh_token": f"rt-{n}", "expires_in": 600}, now=START
    )


def test_a_path_starting_with_a_tilde_is_in_the_home_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The docs pass "~/.config/...": it used to create a directory named "~" in the
    # working directory instead of using the home directory.
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("HOME", home.as_posix())
    monkeypatch.setenv("USERPROFILE", str(home))  # what expanduser reads on Windows
    monkeypatch.chdir(work)
    store = FileTokenStore("~/.config/beatkit/token.json")
    assert store.path == home / ".config" / "beatkit" / "token.json"
    store.save(_token())
    assert (home / ".config" / "beatkit" / "token.json").is_file()
    assert list(work.iterdir()) == []
    assert FileTokenStore(Path("~") / ".config" / "beatkit" / "token.json").load() == _token()
    assert "~" not in repr(store)


def _save_many(path: str, first: int, count: int) -> None:
    store = FileTokenStore(path)
    for n in range(first, first + count):
        store.save(_token(n))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks the writers")
def test_two_processes_saving_at_once_never_leave_half_a_file(tmp_path: Path) -> None:
    import multiprocessing

    path = tmp_path / "token.json"
    context = multiprocessing.get_context("fork")
    writers = [
        context.Process(target=_save_many, args=(str(path), first, 100)) for first in (0, 1000)
    ]
    for writer in writers:
        writer.start()
    store = FileTokenStore(path)
    seen = set()
    try:
        for _ in range(500):  # read while they write: every read is a whole token
            token = store.load()
            if token is not None:
                seen.add(token.access_token)
    finally:
        for writer in writers:
            writer.join(timeout=60)
            if writer.is_alive():  # bounded: a stuck writer fails the test, not the run
                writer.kill()
                writer.join()
    assert [writer.exitcode for writer in writers] == [0, 0]
    final = store.load()
    assert final is not None and final.access_token in {"at-99", "at-1099"}
    assert all(token.startswith("at-") for token in seen)
    assert [p.name for p in tmp_path.iterdir()] == ["token.json"]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
