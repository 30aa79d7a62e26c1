"""One token file written by many threads and tasks at once.

16 threads (one sync client) or 50 tasks (one async client) meet a stale token while
another store on the same file reads it over and over, and 16 threads replace the
token with ``set_token`` at once. Checked: one token request, every reader sees a whole
token (never a torn or empty file), the file ends as the manager's current token (no
save of an older token lands after a newer one), mode ``0600``, no temporary file left.
Every wait is bounded; nothing measures time.
"""

from __future__ import annotations

import asyncio
import os
import stat
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from beatkit.auth import FileTokenStore, RefreshingAuth, Token

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

THREADS = 16
TASKS = 50
WAIT = 30.0
ROUNDS = 5
"""set_token calls per thread."""
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


class _Reader:
    """Loads the file through a store of its own, in a thread, until stopped."""

    def __init__(self, path: Path) -> None:
        self.store = FileTokenStore(path)
        self.stop = threading.Event()
        self.loads = 0
        self.failures: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        deadline = time.monotonic() + WAIT
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                assert self.store.load() is not None
            except BaseException as exc:  # reported by the test
                self.failures.append(exc)
                return
            self.loads += 1

    def __enter__(self) -> _Reader:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive()


def _manager(path: Path, server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    store = FileTokenStore(path)
    store.save(server.seed(expires_at=clock.now + timedelta(hours=1)))
    return RefreshingAuth(TOKEN_URL, "client", store=store, hosts="api.example.com", clock=clock)


def _check_file(path: Path, manager: RefreshingAuth) -> None:
    assert FileTokenStore(path).load() == manager.token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(os.listdir(path.parent)) == [path.name], "a temporary file was left"


def test_16_threads_refresh_into_one_file_while_it_is_read(
    tmp_path: Path, server: FakeOAuth, clock: FakeClock
) -> None:
    path = tmp_path / "token.json"
    manager = _manager(path, server, clock)
    clock.advance(2 * 3600)
    statuses: list[int | str] = []
    barrier = threading.Barrier(THREADS, timeout=WAIT)
    with (
        httpx.Client(transport=httpx.MockTransport(server.handler), auth=manager) as client,
        _Reader(path) as reader,
    ):

        def call() -> None:
            try:
                barrier.wait()
                statuses.append(client.get(URL).status_code)
            except Exception as exc:  # counted below
                statuses.append(type(exc).__name__)

        threads = [threading.Thread(target=call, daemon=True) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT)
        assert not any(thread.is_alive() for thread in threads)
    assert statuses == [200] * THREADS
    assert server.grants("refresh_token") == 1
    assert reader.failures == []
    _check_file(path, manager)


async def test_50_tasks_refresh_into_one_file_while_it_is_read(
    tmp_path: Path, server: FakeOAuth, clock: FakeClock
) -> None:
    path = tmp_path / "token.json"
    manager = _manager(path, server, clock)
    clock.advance(2 * 3600)
    transport = httpx.MockTransport(server.async_handler)
    with _Reader(path) as reader:
        async with httpx.AsyncClient(transport=transport, auth=manager) as client:
            responses = await asyncio.wait_for(
                asyncio.gather(*(client.get(URL) for _ in range(TASKS))), WAIT
            )
    assert [r.status_code for r in responses] == [200] * TASKS
    assert server.grants("refresh_token") == 1
    assert reader.failures == []
    _check_file(path, manager)


def test_16_threads_set_tokens_and_the_file_ends_as_the_current_one(
    tmp_path: Path, server: FakeOAuth, clock: FakeClock
) -> None:
    path = tmp_path / "token.json"
    manager = _manager(path, server, clock)
    barrier = threading.Barrier(THREADS, timeout=WAIT)
    failures: list[BaseException] = []

    def replace(index: int) -> None:
        try:
            barrier.wait()
            for round_ in range(ROUNDS):
                manager.set_token(Token(access_token=f"at-{index}-{round_}"))
        except BaseException as exc:  # reported below
            failures.append(exc)

    with _Reader(path) as reader:
        threads = [threading.Thread(target=replace, args=(i,), daemon=True) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT)
        assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert reader.failures == []
    _check_file(path, manager)
