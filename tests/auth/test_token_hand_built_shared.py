"""Managers sharing one token file that holds a token built by hand (no ``obtained_at``),
on a server that rotates refresh tokens: the one that refreshes second, at the same
moment or later, takes the first one's token from the file instead of sending the
refresh token the first one spent (``invalid_grant``: logged out). A store that was
not written since the manager last read or wrote it gives nothing to take: a token
given by hand is refreshed with its own refresh token.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import httpx
import pytest

from beatkit.auth import FileTokenStore, MemoryTokenStore, RefreshingAuth, Token, TokenStore
from beatkit.auth._shared_store import ProcessLock, lock_file

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
JOIN = 10.0


def _manager(store: TokenStore, clock: FakeClock, token: Token | None = None) -> RefreshingAuth:
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=token,
        store=store,
        hosts=["api.example.com"],
        service="svc",
        clock=clock,
    )


def _hand_built(server: FakeOAuth, clock: FakeClock) -> Token:
    token = attrs.evolve(
        server.seed(expires_at=clock.now + timedelta(minutes=30)), obtained_at=None
    )
    assert token.obtained_at is None
    return token


def _sent(server: FakeOAuth) -> list[str | None]:
    return [form.get("refresh_token") for form in server.token_requests]


def test_a_second_manager_takes_the_token_refreshed_before_it_needed_one(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    first = _hand_built(server, clock)
    FileTokenStore(path).save(first)
    a = _manager(FileTokenStore(path), clock)
    b = _manager(FileTokenStore(path), clock)
    clock.advance(3600)

    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=a) as http:
        assert http.get(URL).status_code == 200
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=b) as http:
        assert http.get(URL).status_code == 200  # b takes a's token from the file

    assert _sent(server) == [first.refresh_token]
    assert a.token is not None and b.token is not None
    assert b.token.access_token == a.token.access_token


def test_two_threads_refreshing_at_once_send_one_refresh(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    first = _hand_built(server, clock)
    FileTokenStore(path).save(first)
    a = _manager(FileTokenStore(path), clock)
    b = _manager(FileTokenStore(path), clock)
    clock.advance(3600)
    results: list[object] = []

    def b_call() -> None:
        with httpx.Client(transport=httpx.MockTransport(server.handler), auth=b) as http:
            try:
                results.append(http.get(URL).status_code)
            except Exception as exc:
                results.append(getattr(exc, "code", type(exc).__name__))

    b_thread = threading.Thread(target=b_call)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com" and not b_thread.is_alive() and not results:
            b_thread.start()  # b's call comes while a's refresh is out
            b_thread.join(0.5)
        return server.handler(request)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=a) as http:
        assert http.get(URL).status_code == 200
    b_thread.join(JOIN)

    assert results == [200]
    assert _sent(server) == [first.refresh_token]
    assert a.token is not None and b.token is not None
    assert b.token.access_token == a.token.access_token


async def test_async_clients_refreshing_at_once_send_one_refresh(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    first = _hand_built(server, clock)
    FileTokenStore(path).save(first)
    managers = [_manager(FileTokenStore(path), clock) for _ in range(3)]
    clock.advance(3600)
    server.delay = 0.05  # the first refresh is still out when the others need theirs
    clients = [
        httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler), auth=m)
        for m in managers
    ]
    try:
        answers = await asyncio.wait_for(
            asyncio.gather(*(c.get(URL) for c in clients for _ in range(3))), JOIN
        )
    finally:
        for client in clients:
            await client.aclose()

    assert [answer.status_code for answer in answers] == [200] * 9
    assert _sent(server) == [first.refresh_token]


def test_a_token_given_by_hand_is_not_swapped_for_an_older_file(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    older = server.seed(expires_at=clock.now + timedelta(minutes=30))  # a previous run's
    FileTokenStore(path).save(older)
    given = _hand_built(server, clock)
    auth = _manager(FileTokenStore(path), clock, token=given)  # the store is not read
    clock.advance(3600)

    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as http:
        assert http.get(URL).status_code == 200

    assert _sent(server) == [given.refresh_token]


def test_a_hand_built_token_whose_save_failed_is_refreshed_with_its_own(
    server: FakeOAuth, clock: FakeClock
) -> None:
    class FailingOnce(MemoryTokenStore):
        failures = 1

        def save(self, token: Token) -> None:
            if self.failures:
                self.failures -= 1
                raise OSError("disk full")
            super().save(token)

    store = FailingOnce(server.seed(expires_at=clock.now + timedelta(minutes=30)))
    auth = _manager(store, clock)
    given = _hand_built(server, clock)
    with pytest.raises(OSError, match="disk full"):
        auth.set_token(given)  # current, but the store still holds the older token
    assert auth.token is given
    clock.advance(3600)

    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as http:
        assert http.get(URL).status_code == 200

    assert _sent(server) == [given.refresh_token]


def test_a_manager_given_its_token_takes_the_one_saved_while_it_waited_for_the_lock(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    first = _hand_built(server, clock)
    FileTokenStore(path).save(first)
    auth = _manager(FileTokenStore(path), clock, token=first)  # given: the store is not read
    clock.advance(3600)
    other = ProcessLock(lock_file(path)).acquire(5.0)  # another process's refresh
    assert other is not None
    results: list[object] = []

    def call() -> None:
        with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as http:
            try:
                results.append(http.get(URL).status_code)
            except Exception as exc:
                results.append(getattr(exc, "code", type(exc).__name__))

    thread = threading.Thread(target=call)
    try:
        thread.start()
        deadline = time.monotonic() + JOIN
        while not auth._lock._lock.locked() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.5)  # the manager's first try of the file lock finds it held
        # The other process's refresh rotates the refresh token and saves its answer.
        server.valid_refresh.discard(first.refresh_token or "")
        FileTokenStore(path).save(server.seed(expires_at=clock.now + timedelta(hours=1)))
    finally:
        other.release()
        thread.join(JOIN)

    assert results == [200]
    assert server.token_requests == []  # the saved token is fresh: used as it is
