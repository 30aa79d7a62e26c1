"""A token file owned by another user is refused, never read as this user's token.

Another user who owns the file (or a symlink's target) chooses the token the client
acts with, and can read the one saved over it until the save replaces the file.
"""

from __future__ import annotations

import os
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest

from beatkit.auth import FileTokenStore, Token
from beatkit.errors import ConfigurationError

SECRET = "SEKRET-ACCESS-TOKEN"

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file owners")


def _token() -> Token:
    return Token(
        access_token=SECRET,
        refresh_token="SEKRET-REFRESH",
        expires_at=datetime(2030, 1, 1, tzinfo=UTC),
    )


def _owned_by_another_user(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` another user's: chown it as root, else pretend to be another uid."""
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    else:
        other = os.stat(path).st_uid + 1
        monkeypatch.setattr(os, "geteuid", lambda: other)


@posix_only
def test_a_file_owned_by_another_user_is_refused_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token())
    _owned_by_another_user(path, monkeypatch)
    with pytest.raises(ConfigurationError, match="another user") as info:
        FileTokenStore(path).load()
    message = str(info.value)
    assert str(path) in message
    assert SECRET not in message and "SEKRET" not in message
    assert info.value.__cause__ is None


@posix_only
def test_a_symlink_to_another_users_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "planted.json"
    FileTokenStore(target).save(_token())
    link = tmp_path / "token.json"
    link.symlink_to(target)
    if os.geteuid() == 0:
        os.chown(target, 65534, 65534)
    else:
        _owned_by_another_user(target, monkeypatch)
    with pytest.raises(ConfigurationError, match="another user") as info:
        FileTokenStore(link).load()
    assert str(link) in str(info.value)
    assert "SEKRET" not in str(info.value)


@posix_only
def test_the_users_own_file_still_loads_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert FileTokenStore(path).load() == _token()


@posix_only
def test_a_save_over_another_users_file_replaces_it_with_the_users_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The way out the message names: log in again (a save), or delete the file.
    path = tmp_path / "token.json"
    FileTokenStore(path).save(_token())
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    os.chown(path, 65534, 65534)
    FileTokenStore(path).save(_token())
    assert os.stat(path).st_uid == 0
    assert FileTokenStore(path).load() == _token()
