"""A ``FileTokenStore`` given a relative path (``FileTokenStore("bp.json")``, as the
docs' examples write it) keeps naming the file it named when it was made.

Its path was kept relative, so a program that changed its working directory afterwards
(a CLI working in another folder, a test's ``monkeypatch.chdir``) saved a refreshed (maybe
rotated) token into another folder's file, beside no lock: the next run, started where
the first one was, loaded the old refresh token, which the server had rotated away. A
store pickled to a worker process with another working directory used another file too.
"""

from __future__ import annotations

import os
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from beatkit.auth import FileTokenStore, RefreshingAuth, Token

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


def _token(n: int, *, stale: bool = False) -> Token:
    now = datetime.now(UTC)
    return Token(
        access_token=f"at-{n}",
        refresh_token=f"rt-{n}",
        expires_at=now + timedelta(seconds=-1 if stale else 3600),
        obtained_at=now - timedelta(hours=1),
    )


def test_a_save_after_a_chdir_goes_to_the_file_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    elsewhere = tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(home)
    store = FileTokenStore("token.json")
    store.save(_token(1, stale=True))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            return httpx.Response(
                200, json={"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600}
            )
        return httpx.Response(200, json={"ok": True})

    auth = RefreshingAuth(TOKEN_URL, "cid", store=store, hosts="api.example.com")
    monkeypatch.chdir(elsewhere)
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        assert client.get(URL).status_code == 200
    # The rotated refresh token is in the file the token came from, and nowhere else.
    assert not (elsewhere / "token.json").exists()
    saved = FileTokenStore(home / "token.json").load()
    assert saved is not None
    assert saved.refresh_token == "rt-2"
    assert store.load() == saved


def test_the_path_is_absolute_and_a_pickle_names_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = FileTokenStore("token.json")
    assert store.path.is_absolute()
    assert store.path == tmp_path / "token.json"
    store.save(_token(1))
    monkeypatch.chdir(os.path.dirname(tmp_path))
    copy = pickle.loads(pickle.dumps(store))  # noqa: S301 - our own pickle
    loaded = copy.load()
    assert loaded is not None
    assert loaded.refresh_token == "rt-1"
    assert copy.path == tmp_path / "token.json"
