"""A token file reached through a symlink: the first save replaces the link with a
file of its own (documented: not written through), so the refresh lock must be the one
next to where the store writes, not next to the link's old target. Else the managers
made before that save (whose lock was ``<target>.lock``) and those made after it
(``<link>.lock``) refreshed the same token at once, and on a server that rotates
refresh tokens the loser got ``invalid_grant``."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from beatkit.auth import FileTokenStore, RefreshingAuth

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
JOIN = 10.0


def _manager(path: Path, clock: FakeClock) -> RefreshingAuth:
    return RefreshingAuth(
        TOKEN_URL, "cid", store=FileTokenStore(path), hosts=["api.example.com"],
        service="svc", clock=clock,
    )  # fmt: skip


def test_managers_made_before_and_after_a_symlink_is_replaced_share_one_lock(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    (tmp_path / "dotfiles").mkdir()
    (tmp_path / "config").mkdir()
    target = tmp_path / "dotfiles" / "token.json"
    link = tmp_path / "config" / "token.json"
    FileTokenStore(target).save(server.seed(expires_at=clock.now + timedelta(minutes=30)))
    link.symlink_to(target)

    a = _manager(link, clock)  # made while the path is a link
    clock.advance(3600)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=a) as http:
        assert http.get(URL).status_code == 200  # refreshed and saved: the link replaced
    assert not link.is_symlink()
    b = _manager(link, clock)  # made after: the same file, the one a now writes
    assert a.token is not None and b.token is not None
    assert b.token.access_token == a.token.access_token

    clock.advance(3600)  # both hold the same stale token
    sent_before = len(server.token_requests)
    results: list[object] = []

    def b_call() -> None:
        with httpx.Client(transport=httpx.MockTransport(server.handler), auth=b) as http:
            try:
                results.append(http.get(URL).status_code)
            except Exception as exc:
                results.append(type(exc).__name__)

    b_thread = threading.Thread(target=b_call)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com" and not b_thread.is_alive():
            # b's call comes while a's refresh is out (bounded: b may wait on a).
            b_thread.start()
            b_thread.join(0.5)
        return server.handler(request)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=a) as http:
        assert http.get(URL).status_code == 200
    b_thread.join(JOIN)

    assert results == [200]
    assert len(server.token_requests) - sent_before == 1  # one refresh between them
    assert not (target.parent / "token.json.lock").exists()
