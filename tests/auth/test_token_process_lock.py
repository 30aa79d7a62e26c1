"""The lock a refresh takes against the other processes sharing its token file: a file
next to the token file (``token.json.lock``), empty, mode ``0600``, deleted as it is
released; a bounded wait for another process's refresh (in the async clients without
blocking the event loop, and with no pooled connection held), after which the refresh
goes on as it did without the lock; and the per-file locks of a process dropped with
the last manager of that file.

Another process is played by a second open file of the lock in this process (``flock``
locks of two open files exclude each other, in one process too). Every wait is bounded;
nothing measures time.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import stat
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import (
    FileTokenStore,
    MemoryTokenStore,
    RefreshingAuth,
    Token,
    _shared_store,
)
from beatkit.auth._shared_store import HeldProcessLock, ProcessLock, lock_file
from tests.core._fork import in_child

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX lock file lifecycle")

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
TICKS = 200
"""The most event loop turns a test waits for something (each a short sleep)."""


def _manager(path: Path, clock: FakeClock) -> RefreshingAuth:
    return RefreshingAuth(
        TOKEN_URL, "cid", store=FileTokenStore(path), hosts=["api.example.com"],
        service="svc", clock=clock,
    )  # fmt: skip


def _stale_file(server: FakeOAuth, clock: FakeClock, path: Path) -> Token:
    token = server.seed(expires_at=clock.now + timedelta(minutes=30))
    FileTokenStore(path).save(token)
    clock.advance(3600)
    return token


def _other_process_holds(path: Path) -> HeldProcessLock:
    held = ProcessLock(lock_file(path)).acquire(0)
    assert held is not None
    return held


def test_the_refresh_holds_an_empty_private_lock_file_next_to_the_token_file(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    _stale_file(server, clock, path)
    manager = _manager(path, clock)
    seen: list[tuple[int, int, bool]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            info = (tmp_path / "token.json.lock").stat()
            # Another process's try now fails: this refresh holds the lock.
            seen.append(
                (
                    stat.S_IMODE(info.st_mode),
                    info.st_size,
                    ProcessLock(lock_file(path)).acquire(0) is None,
                )
            )
        return server.handler(request)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=manager) as http:
        assert http.get(URL).status_code == 200

    assert seen == [(0o600, 0, True)]  # no secret in it, ever
    assert sorted(os.listdir(tmp_path)) == ["token.json"]  # deleted as it was released
    assert len(server.token_requests) == 1


def test_a_refresh_waits_no_longer_than_its_timeout_then_refreshes_without_the_lock(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "token.json"
    _stale_file(server, clock, path)
    manager = _manager(path, clock)
    held = _other_process_holds(path)  # a process that hangs mid-refresh
    try:
        transport = httpx.MockTransport(server.handler)
        with (
            caplog.at_level(logging.WARNING, "beatkit.auth"),
            httpx.Client(transport=transport, auth=manager, timeout=0.05) as http,
        ):
            assert http.get(URL).status_code == 200
    finally:
        held.release()

    assert len(server.token_requests) == 1  # refreshed as it was before the lock
    [record] = [r for r in caplog.records if "lock" in r.getMessage()]
    assert "another process held the token file's lock" in record.getMessage()
    assert "refreshing without it" in record.getMessage()


async def test_the_async_wait_for_another_process_runs_the_loop_and_holds_no_connection(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "token.json"
    first = server.seed(expires_at=clock.now + timedelta(hours=1))
    FileTokenStore(path).save(first)
    manager = _manager(path, clock)
    server.valid_access.clear()  # the fresh token gets a 401: refresh, then replay
    unauthorized: list[httpx.Response] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        response = await server.async_handler(request)
        if response.status_code == 401:
            unauthorized.append(response)
        return response

    held = _other_process_holds(path)
    seen_while_waiting: list[bool] = []

    async def other_process() -> None:
        # Runs only if the refresh's wait lets the loop run.
        for _ in range(TICKS):
            if unauthorized:
                break
            await asyncio.sleep(0.005)
        for _ in range(5):
            await asyncio.sleep(0.005)
        seen_while_waiting.append(unauthorized[0].is_closed)
        held.release()

    transport = httpx.MockTransport(handler)
    try:
        with caplog.at_level(logging.WARNING, "beatkit.auth"):
            async with httpx.AsyncClient(transport=transport, auth=manager, timeout=2.0) as http:
                other = asyncio.create_task(other_process())
                response = await http.get(URL)
                await asyncio.wait_for(other, 10)
    finally:
        held.release()

    assert response.status_code == 200
    assert seen_while_waiting == [True]  # the 401 went back to the pool before the wait
    assert len(server.token_requests) == 1
    assert not [r for r in caplog.records if "lock" in r.getMessage()]  # got it in time
    assert sorted(os.listdir(tmp_path)) == ["token.json"]


def test_a_lock_file_that_cannot_be_opened_leaves_the_refresh_as_it_was(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    _stale_file(server, clock, path)
    (tmp_path / "token.json.lock").mkdir()  # a directory where the lock file goes
    elsewhere = tmp_path / "elsewhere"
    other = tmp_path / "other.json"
    _stale_file(server, clock, other)
    (tmp_path / "other.json.lock").symlink_to(elsewhere)  # planted: not followed

    for token_file in (path, other):
        with httpx.Client(
            transport=httpx.MockTransport(server.handler), auth=_manager(token_file, clock)
        ) as http:
            assert http.get(URL).status_code == 200

    assert len(server.token_requests) == 2
    assert not elsewhere.exists()


def test_a_lock_file_left_behind_is_taken_and_deleted(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    _stale_file(server, clock, path)
    (tmp_path / "token.json.lock").touch()  # a process killed while it held the lock

    with httpx.Client(
        transport=httpx.MockTransport(server.handler), auth=_manager(path, clock)
    ) as http:
        assert http.get(URL).status_code == 200

    assert sorted(os.listdir(tmp_path)) == ["token.json"]


def test_a_waiter_on_a_deleted_lock_file_locks_the_file_that_replaced_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "token.json.lock"
    first = ProcessLock(path).acquire(0)
    assert first is not None
    waiter = ProcessLock(path)._tries(5.0)
    assert next(waiter) > 0  # opened the file, found it held: pauses
    first.release()  # deletes the file, then releases it
    newcomer = ProcessLock(path).acquire(0)  # creates and locks a new file
    assert newcomer is not None
    # The waiter locks the deleted file, sees the path names another, and waits on it.
    assert next(waiter) > 0
    newcomer.release()
    with pytest.raises(StopIteration) as stop:
        next(waiter)
    held = stop.value.value
    assert isinstance(held, HeldProcessLock)
    assert path.exists()
    held.release()
    assert not path.exists()


def test_the_locks_of_a_token_file_go_with_its_last_manager(
    clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    key = os.path.realpath(path)
    a = _manager(path, clock)
    b = _manager(tmp_path / "." / "token.json", clock)
    assert a._lock is b._lock
    assert key in _shared_store._FILE_LOCKS
    del a
    gc.collect()
    assert key in _shared_store._FILE_LOCKS  # b still uses them
    c = _manager(path, clock)
    assert c._lock is b._lock
    del b, c
    gc.collect()

    assert key not in _shared_store._FILE_LOCKS


def test_other_stores_have_no_process_lock(clock: FakeClock) -> None:
    manager = RefreshingAuth(
        TOKEN_URL, "cid", store=MemoryTokenStore(), hosts=["api.example.com"], clock=clock
    )
    assert manager._process_lock is None


def test_the_pauses_between_tries_are_bounded_in_count_as_in_time() -> None:
    # Drawn without sleeping, so the clock hardly moves: the count bound ends them.
    assert len(list(_shared_store._pauses(0.05))) <= int(0.05 / _shared_store._FIRST_PAUSE) + 1
    assert list(_shared_store._pauses(0)) == []
    assert max(_shared_store._pauses(5.0)) <= _shared_store._LAST_PAUSE


@pytest.mark.parametrize(
    ("timeout", "wait"),
    [
        (httpx.Timeout(1.0), 4.0),  # connect + write + read + pool: one token request
        (httpx.Timeout(5.0, pool=None), 15.0),
        (httpx.Timeout(None), _shared_store._PROCESS_WAIT),
        (None, _shared_store._PROCESS_WAIT),
        (httpx.Timeout(1e9), _shared_store._PROCESS_WAIT_MAX),
    ],
)
def test_the_wait_for_another_process_follows_the_token_request_timeout(
    timeout: httpx.Timeout | None, wait: float
) -> None:
    assert _shared_store.process_wait(timeout) == wait


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_child_forked_while_the_lock_is_held_does_not_keep_it(tmp_path: Path) -> None:
    # A worker forked (multiprocessing's fork start) while a thread of its parent
    # refreshes inherits the lock file's descriptor, and with it the lock: once the
    # parent dies holding it, the lock must go with the parent, not stay with the
    # child for as long as the child lives.
    lock = ProcessLock(lock_file(tmp_path / "token.json"))
    held = lock.acquire(0)
    assert held is not None
    go_on, wait = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
        try:
            os.close(wait)
            os.read(go_on, 1)  # lives until the test lets it end
        finally:
            os._exit(0)
    os.close(go_on)
    try:
        fd = held._file.take()
        assert fd is not None
        os.close(fd)  # the parent dies holding it: its descriptor is closed, unreleased
        other = ProcessLock(lock.path).acquire(0.05)
        assert other is not None, "the forked child kept the lock of the parent"
        other.release()
    finally:
        os.close(wait)
        os.waitpid(pid, 0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_child_forked_while_the_lock_is_held_cannot_release_the_parents(
    tmp_path: Path,
) -> None:
    lock = ProcessLock(lock_file(tmp_path / "token.json"))
    held = lock.acquire(0)
    assert held is not None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
        try:
            held.release()  # the child's copy of a flow, closed there
            os.write(write, b"1")
        finally:
            os._exit(0)
    os.close(write)
    try:
        assert os.read(read, 1) == b"1"
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    # Still the parent's: the lock file is where it was, and nobody else gets it.
    assert lock.path.exists()
    assert ProcessLock(lock.path).acquire(0) is None
    held.release()


def test_a_lock_dropped_unreleased_is_not_kept_by_this_process(tmp_path: Path) -> None:
    # An interrupt (Ctrl-C) between the lock's acquire and the flow keeping it: the
    # lock taken is dropped unreleased. Its file is closed with it, not kept open (and
    # the lock held) for the life of the process, every later refresh of every process
    # on the file waiting its full timeout for it.
    lock = ProcessLock(lock_file(tmp_path / "token.json"))
    held = lock.acquire(0)
    assert held is not None
    del held
    gc.collect()
    other = ProcessLock(lock.path).acquire(0)
    assert other is not None
    other.release()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_child_forked_while_a_thread_refreshes_gets_a_free_lock_for_the_file(
    tmp_path: Path,
) -> None:
    # The thread that held the file's refresh lock in the parent does not run in the
    # child: a manager the child makes for that file waited for it for ever (refresh())
    # or until its request's timeout, at every refresh.
    store = FileTokenStore(tmp_path / "token.json")
    locks = _shared_store.refresh_locks(store)
    held, done = threading.Event(), threading.Event()

    def refreshing() -> None:
        with locks.lock:
            held.set()
            done.wait(10)

    thread = threading.Thread(target=refreshing)
    thread.start()
    assert held.wait(10)

    def in_the_child() -> bytes:
        child = _shared_store.refresh_locks(FileTokenStore(tmp_path / "token.json"))
        return b"1" if child.lock.acquire(timeout=0.5) else b"0"

    try:
        answer = in_child(in_the_child)[-1]
    finally:
        done.set()
        thread.join(10)
    assert answer == b"1"
