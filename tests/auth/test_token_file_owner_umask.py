"""A umask that takes the owner's own bits away (``umask 277``: files created
read-only, ``477``) must not make the token file, its directories or its lock file
unusable by their owner: they get exactly ``0600`` and ``0700``. Under ``umask 277``
the directories a save created were ``0500``, so the save itself failed with
``PermissionError``, and the lock file was ``0400``, so another process could not open
it and refreshed without the lock; under ``umask 477`` the token file was ``0200``,
which its owner's next ``load()`` could not read (run as root, none of that shows:
only the modes do)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import FileTokenStore, RefreshingAuth, Token

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


@pytest.fixture(params=[0o277, 0o477, 0o077], ids=oct)
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_token_file_and_its_new_directories_are_exactly_private(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path, umask: int
) -> None:
    path = tmp_path / "config" / "beatkit" / "token.json"
    FileTokenStore(path).save(server.seed(expires_at=clock.now))
    assert _mode(path) == 0o600
    assert _mode(tmp_path / "config") == 0o700
    assert _mode(tmp_path / "config" / "beatkit") == 0o700
    assert FileTokenStore(path).load() is not None


def test_an_existing_directory_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    FileTokenStore(folder / "token.json").save(Token(access_token="at", refresh_token="rt"))
    assert _mode(folder) == 0o755
    assert _mode(folder / "token.json") == 0o600


def test_the_lock_file_is_exactly_private(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path, umask: int
) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(server.seed(expires_at=clock.now + timedelta(minutes=30)))
    clock.advance(3600)
    manager = RefreshingAuth(
        TOKEN_URL, "cid", store=FileTokenStore(path), hosts=["api.example.com"],
        service="svc", clock=clock,
    )  # fmt: skip
    modes: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            modes.append(_mode(tmp_path / "token.json.lock"))
        return server.handler(request)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=manager) as http:
        assert http.get(URL).status_code == 200
    assert modes == [0o600]
    assert _mode(path) == 0o600
