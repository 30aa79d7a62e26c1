"""Managers in one process whose stores are one token file refresh one at a time: the
second to find the token stale takes the first's answer from the file instead of
sending the same refresh token again (which a server that rotates refresh tokens
refuses with ``invalid_grant``, failing every call that waited on it)."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from beatkit.auth import FileTokenStore, RefreshingAuth, Token

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


def _stale_file(server: FakeOAuth, clock: FakeClock, path: Path) -> Token:
    token = server.seed(expires_at=clock.now + timedelta(minutes=30))
    FileTokenStore(path).save(token)
    return token


def test_a_second_manager_on_the_file_waits_for_the_first_ones_refresh(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    first = _stale_file(server, clock, path)
    a = _manager(path, clock)
    b = _manager(tmp_path / "." / "token.json", clock)  # the same file, spelt otherwise
    clock.advance(3600)  # both hold the same stale token
    results: list[object] = []

    def b_call() -> None:
        with httpx.Client(transport=httpx.MockTransport(server.handler), auth=b) as http:
            try:
                results.append(http.get(URL).status_code)
            except Exception as exc:
                results.append(exc)

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
    assert [form.get("refresh_token") for form in server.token_requests] == [first.refresh_token]
    assert b.token is not None and a.token is not None
    assert b.token.access_token == a.token.access_token


async def test_async_managers_on_the_file_send_one_refresh_between_them(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    _stale_file(server, clock, path)
    managers = [_manager(path, clock) for _ in range(3)]
    clock.advance(3600)
    server.delay = 0.05  # the first refresh is still out when the others need theirs
    clients = [
        httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler), auth=m)
        for m in managers
    ]
    try:
        answers = await asyncio.wait_for(
            asyncio.gather(*(c.get(URL) for c in clients for _ in range(4))), JOIN
        )
    finally:
        for client in clients:
            await client.aclose()

    assert [answer.status_code for answer in answers] == [200] * 12
    assert server.grants("refresh_token") == 1
