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
