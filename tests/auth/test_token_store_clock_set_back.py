"""A wall clock set back (an NTP step, a restored VM) between two refreshes by managers
sharing one token file: the token the second one saved says it was obtained before the
token the first one holds, but it was written to the file after that one. The first
manager takes it (the file was written since it last read or wrote it) instead of
sending the refresh token the second one spent, which a server that rotates refresh
tokens refuses with ``invalid_grant``. An older token in the file (this manager's own
save failed) is still never taken back.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from beatkit.auth import FileTokenStore, RefreshingAuth, TokenStore

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


def _manager(store: TokenStore, clock: FakeClock) -> RefreshingAuth:
    return RefreshingAuth(
        TOKEN_URL, "cid", store=store, hosts=["api.example.com"], service="svc", clock=clock
    )


def _client(server: FakeOAuth, auth: httpx.Auth) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth)


def test_a_token_saved_after_a_clock_step_back_is_taken(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    first = server.seed(expires_at=clock.now + timedelta(minutes=30))
    FileTokenStore(path).save(first)
    a = _manager(FileTokenStore(path), clock)
    b = _manager(FileTokenStore(path), clock)
    clock.advance(3600)
    with _client(server, b) as http:
        assert http.get(URL).status_code == 200  # b refreshes: T1, obtained now
    assert b.token is not None
    held = b.token
    clock.advance(-3 * 3600)  # the wall clock is set back three hours
    with _client(server, a) as http:
        a.refresh(http)  # a takes T1 from the file and refreshes it: T2, "obtained" earlier
    assert a.token is not None and a.token.obtained_at is not None
    assert held.obtained_at is not None and a.token.obtained_at < held.obtained_at
    clock.advance(4 * 3600)  # b's T1 is stale

    with _client(server, b) as http:
        assert http.get(URL).status_code == 200

    sent = [form.get("refresh_token") for form in server.token_requests]
    assert sent[:2] == [first.refresh_token, held.refresh_token]
    assert held.refresh_token not in sent[2:]  # b never sent the refresh token a spent


async def test_an_async_client_takes_a_token_saved_after_a_clock_step_back(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    first = server.seed(expires_at=clock.now + timedelta(minutes=30))
    FileTokenStore(path).save(first)
    a = _manager(FileTokenStore(path), clock)
    b = _manager(FileTokenStore(path), clock)
    clock.advance(3600)
    transport = httpx.MockTransport(server.async_handler)
    async with httpx.AsyncClient(transport=transport, auth=b) as http:
        assert (await http.get(URL)).status_code == 200
    assert b.token is not None
    held = b.token
    clock.advance(-3 * 3600)
    async with httpx.AsyncClient(transport=transport) as http:
        await a.arefresh(http)
    clock.advance(4 * 3600)

    async with httpx.AsyncClient(transport=transport, auth=b) as http:
        assert (await http.get(URL)).status_code == 200

    sent = [form.get("refresh_token") for form in server.token_requests]
    assert sent[:2] == [first.refresh_token, held.refresh_token]
    assert held.refresh_token not in sent[2:]
