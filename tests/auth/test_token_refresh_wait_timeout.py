"""A caller waiting for another caller's token refresh waits no longer than its own timeout.

The leader's token request hangs until the test sets an event (bounded by ``WAIT``);
a waiter whose request allows 0.1 s fails with a pool timeout (``httpx.PoolTimeout``
in plain httpx, :class:`~beatkit.errors.APITimeoutError` in the beatkit clients)
without sending anything, the leader's refresh goes on, the lock is not leaked, and
both later requests use the new token.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit import RequestOptions
from beatkit._core.concurrency import AsyncLock, Lock
from beatkit.auth import RefreshingAuth, Token
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import APITimeoutError
from beatkit.testing.beatport import FakeBeatport

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

WAIT = 10.0
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
TRACK_ID = 8291700
SHORT = httpx.Timeout(5.0, pool=0.1)


def hanging_handler(
    server: FakeOAuth, arrived: threading.Event, release: threading.Event
) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            arrived.set()
            assert release.wait(WAIT), "the test never released the token endpoint"
        return server.handler(request)

    return handler


def make_auth(server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    return RefreshingAuth(TOKEN_URL, "cid", token=stale, hosts="api.example.com", clock=clock)


@pytest.mark.parametrize(
    "timeout", [SHORT, httpx.Timeout(0.1), httpx.Timeout(5.0, connect=0.1, pool=None)]
)
def test_a_waiter_gives_up_after_its_own_timeout(
    server: FakeOAuth, clock: FakeClock, timeout: httpx.Timeout
) -> None:
    auth = make_auth(server, clock)
    arrived, release = threading.Event(), threading.Event()
    transport = httpx.MockTransport(hanging_handler(server, arrived, release))
    client = httpx.Client(transport=transport, auth=auth)
    results: list[object] = []

    def lead() -> None:
        try:
            results.append(client.get(URL).status_code)
        except BaseException as exc:  # recorded for the assertions
            results.append(exc)

    leader = threading.Thread(target=lead, daemon=True)
    leader.start()
    try:
        assert arrived.wait(WAIT)
        with pytest.raises(httpx.PoolTimeout, match="token refresh") as info:
            client.get(URL, timeout=timeout)
        assert info.value.request.url == URL
        assert server.api_auth == []  # the waiter sent nothing
    finally:
        release.set()
        leader.join(WAIT)
    assert not leader.is_alive()
    assert results == [200]
    assert client.get(URL, timeout=timeout).status_code == 200
    new = auth.token
    assert new is not None
    assert server.api_auth == [f"Bearer {new.access_token}"] * 2
    assert server.grants("refresh_token") == 1
    assert not auth._lock._lock.locked()
    client.close()


def test_a_waiter_after_a_401_gives_up_after_its_own_timeout(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now + timedelta(hours=1))
    server.revoke_all_access()  # both callers get a 401 with a token that looks fresh
    auth = RefreshingAuth(TOKEN_URL, "cid", token=token, hosts="api.example.com", clock=clock)
    arrived, release = threading.Event(), threading.Event()
    transport = httpx.MockTransport(hanging_handler(server, arrived, release))
    client = httpx.Client(transport=transport, auth=auth)
    results: list[object] = []

    def lead() -> None:
        try:
            results.append(client.get(URL).status_code)
        except BaseException as exc:  # recorded for the assertions
            results.append(exc)

    leader = threading.Thread(target=lead, daemon=True)
    leader.start()
    try:
        assert arrived.wait(WAIT)
        with pytest.raises(httpx.PoolTimeout):
            client.get(URL, timeout=SHORT)
        assert len(server.api_auth) == 2  # the two 401s; no replay by the waiter
    finally:
        release.set()
        leader.join(WAIT)
    assert results == [200]
    assert client.get(URL, timeout=SHORT).status_code == 200
    assert server.grants("refresh_token") == 1
    assert not auth._lock._lock.locked()
    client.close()


async def test_an_async_waiter_gives_up_after_its_own_timeout(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = make_auth(server, clock)
    arrived, release = asyncio.Event(), asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            arrived.set()
            await asyncio.wait_for(release.wait(), WAIT)
        return await server.async_handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as client:
        leader = asyncio.ensure_future(client.get(URL))
        try:
            await asyncio.wait_for(arrived.wait(), WAIT)
            with pytest.raises(httpx.PoolTimeout):
                await asyncio.wait_for(client.get(URL, timeout=SHORT), WAIT)
            assert server.api_auth == []
            assert not leader.done()
        finally:
            release.set()
        response = await asyncio.wait_for(leader, WAIT)
        assert response.status_code == 200
        again = await asyncio.wait_for(client.get(URL, timeout=SHORT), WAIT)
        assert again.status_code == 200
    new = auth.token
    assert new is not None
    assert server.api_auth == [f"Bearer {new.access_token}"] * 2
    assert server.grants("refresh_token") == 1
    assert not auth._lock._lock.locked()


def test_a_waiter_without_a_timeout_waits_for_the_refresh(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = make_auth(server, clock)
    arrived, release = threading.Event(), threading.Event()
    transport = httpx.MockTransport(hanging_handler(server, arrived, release))
    client = httpx.Client(transport=transport, auth=auth)
    results: list[object] = []

    def call() -> None:
        try:
            results.append(client.get(URL, timeout=None).status_code)
        except BaseException as exc:  # recorded for the assertions
            results.append(exc)

    threads = [threading.Thread(target=call, daemon=True) for _ in range(2)]
    threads[0].start()
    assert arrived.wait(WAIT)
    threads[1].start()
    time.sleep(0.3)  # longer than the others' 0.1 s: this one still waits
    assert results == []
    release.set()
    for thread in threads:
        thread.join(WAIT)
    assert results == [200, 200]
    assert server.grants("refresh_token") == 1
    client.close()


def stale_beatport_token(fake: FakeBeatport) -> Token:
    return Token.from_response(fake.issue_token(expires_in=0), now=datetime.now(UTC))


def gated(
    fake: FakeBeatport, arrived: threading.Event, release: threading.Event
) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/o/token/"):
            arrived.set()
            assert release.wait(WAIT), "the test never released the token endpoint"
        return fake.handle(request)

    return handler


def test_a_beatport_call_waiting_on_a_refresh_raises_api_timeout_error() -> None:
    fake = FakeBeatport()
    arrived, release = threading.Event(), threading.Event()
    http = httpx.Client(transport=httpx.MockTransport(gated(fake, arrived, release)))
    client = Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        token=stale_beatport_token(fake),
        http_client=http,
    )
    results: list[object] = []

    def lead() -> None:
        try:
            results.append(client.tracks.get(TRACK_ID).id)
        except BaseException as exc:  # recorded for the assertions
            results.append(exc)

    leader = threading.Thread(target=lead, daemon=True)
    leader.start()
    try:
        assert arrived.wait(WAIT)
        with pytest.raises(APITimeoutError) as info:
            client.tracks.get(TRACK_ID, options=RequestOptions(timeout=0.1, max_retries=0))
        assert "timed out" in str(info.value)
        assert isinstance(info.value.__cause__, httpx.PoolTimeout)
    finally:
        release.set()
        leader.join(WAIT)
    assert results == [TRACK_ID]
    assert client.tracks.get(TRACK_ID).id == TRACK_ID
    assert fake.refresh_count == 1
    client.close()
    http.close()


async def test_an_async_beatport_call_waiting_on_a_refresh_raises_api_timeout_error() -> None:
    fake = FakeBeatport()
    arrived, release = asyncio.Event(), asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/o/token/"):
            arrived.set()
            await asyncio.wait_for(release.wait(), WAIT)
        return fake.handle(request)

    async with AsyncBeatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        token=stale_beatport_token(fake),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    ) as client:
        leader = asyncio.ensure_future(client.tracks.get(TRACK_ID))
        try:
            await asyncio.wait_for(arrived.wait(), WAIT)
            options = RequestOptions(timeout=0.1, max_retries=0)
            with pytest.raises(APITimeoutError):
                await asyncio.wait_for(client.tracks.get(TRACK_ID, options=options), WAIT)
        finally:
            release.set()
        assert (await asyncio.wait_for(leader, WAIT)).id == TRACK_ID
        assert (await asyncio.wait_for(client.tracks.get(TRACK_ID), WAIT)).id == TRACK_ID
    assert fake.refresh_count == 1


def test_lock_acquire_with_a_timeout() -> None:
    lock = Lock()
    assert lock.acquire(timeout=0.0)
    done: list[bool] = []
    thread = threading.Thread(target=lambda: done.append(lock.acquire(timeout=0.05)))
    thread.start()
    thread.join(WAIT)
    assert done == [False]
    lock.release()
    assert lock.acquire(timeout=0.05)
    lock.release()


async def test_an_async_lock_acquire_cut_by_a_timeout_leaks_nothing() -> None:
    thread_lock = Lock()
    lock = AsyncLock(thread_lock)
    await lock.acquire()
    # Another task times out on this loop's lock; then on a thread that holds the lock.
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await lock.acquire()
    await lock.release()
    held, free = threading.Event(), threading.Event()

    def hold() -> None:
        with thread_lock:
            held.set()
            free.wait(WAIT)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert held.wait(WAIT)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await lock.acquire()
    free.set()
    holder.join(WAIT)
    await asyncio.wait_for(lock.acquire(), WAIT)
    await lock.release()
    assert not thread_lock._lock.locked()
