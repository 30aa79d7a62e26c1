"""A ``FileTokenStore`` path starting with ``~`` whose home directory cannot be found
(``~nosuchuser/...``, or ``~/...`` with no ``HOME`` and a user id without a passwd entry,
as in a container run as an arbitrary user) is a ``ValueError`` naming the path, as the
store's other unusable paths are; it was pathlib's bare ``RuntimeError: Could not
determine home directory.``"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from beatkit.auth import FileTokenStore


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX user names")
def test_an_unknown_users_home_is_a_value_error_naming_the_path() -> None:
    with pytest.raises(ValueError, match="home directory") as raised:
        FileTokenStore("~nosuchuser-b7k/token.json")
    assert "~nosuchuser-b7k/token.json" in str(raised.value)


def test_no_home_directory_at_all_is_a_value_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("USERPROFILE", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no passwd entry either
    with pytest.raises(ValueError, match="home directory"):
        FileTokenStore("~/.config/beatkit/token.json")


def test_a_known_home_still_expands(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert str(FileTokenStore("~/token.json").path) == os.path.join(str(tmp_path), "token.json")
