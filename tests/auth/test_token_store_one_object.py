"""Managers of one process given the same token store object (a sync and an async client
on one ``MemoryTokenStore``, a web app's clients on one module-level store of its own
making) refresh one at a time, as managers of one token file do: the second to find
the token stale waits for the first one's refresh and takes its answer from the store,
instead of sending the same refresh token at the same moment (refused with
``invalid_grant`` by a server that rotates refresh tokens, failing the loser's call)."""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import MemoryTokenStore, RefreshingAuth, Token, TokenStore
from tests.core._fork import in_child

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
JOIN = 10.0


class DictStore:
    """A store of the user's own (a database row, say): no FileTokenStore."""

    def __init__(self) -> None:
        self.saved: Token | None = None

    def load(self) -> Token | None:
        return self.saved

    def save(self, token: Token) -> None:
        self.saved = token

    def clear(self) -> None:
        self.saved = None


def _manager(store: TokenStore, clock: FakeClock) -> RefreshingAuth:
    return RefreshingAuth(
        TOKEN_URL, "cid", store=store, hosts=["api.example.com"], service="svc", clock=clock
    )


def test_two_managers_on_one_store_object_send_one_refresh(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = DictStore()
    first = server.seed(expires_at=clock.now + timedelta(minutes=30))
    store.save(first)
    a, b = _manager(store, clock), _manager(store, clock)
    clock.advance(3600)  # both hold the same stale token
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
    assert [form.get("refresh_token") for form in server.token_requests] == [first.refresh_token]
    assert a.token is not None and b.token is not None
    assert b.token.access_token == a.token.access_token


async def test_async_clients_of_three_managers_on_one_memory_store_send_one_refresh(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = MemoryTokenStore(server.seed(expires_at=clock.now + timedelta(minutes=30)))
    managers = [_manager(store, clock) for _ in range(3)]
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


def test_managers_on_different_store_objects_keep_locks_of_their_own(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now + timedelta(minutes=30))
    a = _manager(MemoryTokenStore(token), clock)
    b = _manager(MemoryTokenStore(token), clock)
    clock.advance(3600)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=a) as http:
        assert http.get(URL).status_code == 200
    # b's store never saw a's token: b refreshes its own (and the rotating server refuses).
    assert b.token is not None and b.token.access_token == token.access_token


async def test_a_sync_and_an_async_client_on_one_memory_store_send_one_refresh(
    server: FakeOAuth, clock: FakeClock
) -> None:
    first = server.seed(expires_at=clock.now + timedelta(minutes=30))
    store = MemoryTokenStore(first)
    sync_manager, async_manager = _manager(store, clock), _manager(store, clock)
    clock.advance(3600)
    results: list[object] = []

    def sync_call() -> None:
        transport = httpx.MockTransport(server.handler)
        with httpx.Client(transport=transport, auth=sync_manager) as http:
            try:
                results.append(http.get(URL).status_code)
            except Exception as exc:
                results.append(getattr(exc, "code", type(exc).__name__))

    sync_thread = threading.Thread(target=sync_call)

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com" and not sync_thread.is_alive() and not results:
            sync_thread.start()  # the sync client's call comes while the refresh is out
            await asyncio.sleep(0.3)
        return await server.async_handler(request)

    async with httpx.AsyncClient(
        transport=httpx.MockTransport(handler), auth=async_manager
    ) as http:
        assert (await http.get(URL)).status_code == 200
    await asyncio.to_thread(sync_thread.join, JOIN)

    assert results == [200]
    assert [form.get("refresh_token") for form in server.token_requests] == [first.refresh_token]


class SlottedStore:
    """A store that takes no weak references and cannot be hashed (``__eq__``
    without ``__hash__``): its managers share a lock all the same."""

    __slots__ = ("saved",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, token: Token) -> None:
        self.saved: Token | None = token

    def __eq__(self, other: object) -> bool:
        return self is other

    def load(self) -> Token | None:
        return self.saved

    def save(self, token: Token) -> None:
        self.saved = token

    def clear(self) -> None:
        self.saved = None


def test_a_store_without_weak_references_or_hash_shares_its_lock(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = SlottedStore(server.seed(expires_at=clock.now + timedelta(minutes=30)))
    a, b = _manager(store, clock), _manager(store, clock)  # type: ignore[arg-type]
    assert a._lock is b._lock
    assert _manager(SlottedStore(store.saved), clock)._lock is not a._lock  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_in_a_child_forked_mid_refresh_the_stores_managers_share_a_lock_of_their_own(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = MemoryTokenStore(server.seed(expires_at=clock.now + timedelta(minutes=30)))
    a = _manager(store, clock)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with a._lock:  # a thread of the parent refreshing through a
            held.set()
            release.wait(JOIN)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert held.wait(JOIN)

    def in_the_child() -> tuple[bool, bool]:
        b = _manager(store, clock)
        taken = b._lock.acquire(timeout=2.0)  # not the parent's, held for ever here
        if taken:
            b._lock.release()
        return taken, a._lock is b._lock

    try:
        outcome = in_child(in_the_child)
    finally:
        release.set()
        thread.join(JOIN)
    assert outcome == ("ok", (True, True))
