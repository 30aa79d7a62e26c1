"""A token manager used in a child forked while a thread of its parent was refreshing
(``multiprocessing``'s fork start from a notebook or a web app whose background thread
refreshes): the thread that held the manager's refresh lock, its install guard and
its store's lock does not run in the child, which never saw them released.

The child's requests through that manager waited for the lock until their pool timeout
and failed with ``PoolTimeout``, every one of them for the life of the child (or, from a
thread that reused the dead thread's id, with the reentry ``ConfigurationError``), and
its ``ensure_token()``, ``set_token()`` and store reads waited for ever. In the child the
manager (and its file store) now starts with locks of its own; the child sends its own
refresh.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.auth import FileTokenStore, MemoryTokenStore, RefreshingAuth, Token, TokenStore
from tests.core._fork import in_child

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


def bounded(work: Callable[[], Any]) -> Any:
    """``work()`` in a thread joined with a bound (it runs in the child: a child that
    waited for ever would hang the test in ``waitpid``)."""
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # handed back to the caller
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(15)
    if thread.is_alive():
        return "waited for ever"
    if errors:
        raise errors[0]
    return results[0]


class SlowTokenEndpoint:
    """A token endpoint whose first answer waits until :attr:`release` is set."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.issued = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            self.issued += 1
            if self.issued == 1:
                self.entered.set()
                self.release.wait(20)
            return httpx.Response(
                200,
                json={
                    "access_token": f"at-{os.getpid()}-{self.issued}",
                    "refresh_token": f"rt-{os.getpid()}-{self.issued}",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                },
            )
        return httpx.Response(200, json={"auth": request.headers.get("Authorization")})


def stale_token() -> Token:
    now = datetime.now(UTC)
    return Token(
        access_token="at-old",
        refresh_token="rt-old",
        expires_at=now - timedelta(minutes=1),
        obtained_at=now - timedelta(hours=1),
    )


def refreshing_in_a_thread(
    store: TokenStore | None,
) -> tuple[RefreshingAuth, SlowTokenEndpoint, threading.Thread]:
    endpoint = SlowTokenEndpoint()
    manager = RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=stale_token(),
        store=store,
        hosts=["api.example.com"],
        service="svc",
    )

    def refresh() -> None:
        with httpx.Client(transport=httpx.MockTransport(endpoint), auth=manager) as http:
            http.get(URL)

    thread = threading.Thread(target=refresh, daemon=True)
    thread.start()
    assert endpoint.entered.wait(10), "the parent's refresh never started"
    return manager, endpoint, thread


def child_calls(manager: RefreshingAuth, endpoint: SlowTokenEndpoint) -> tuple[str, str]:
    """What the child gets: a request through a client of its own, then a refresh.

    With a token file, each refresh of the child first waits for the parent's (the
    lock other processes see, held by the parent's thread) as long as its timeout
    allows (its four parts added up), then goes ahead: a short timeout keeps that short.
    """
    timeout = httpx.Timeout(0.5)
    with httpx.Client(
        transport=httpx.MockTransport(endpoint), auth=manager, timeout=timeout
    ) as http:
        auth = http.get(URL).json()["auth"]
        token = manager.refresh(http, timeout=timeout)
    return auth, token.access_token


@pytest.mark.parametrize("kind", ["none", "memory", "file"])
def test_a_child_forked_mid_refresh_refreshes_on_its_own(kind: str, tmp_path: Path) -> None:
    store: TokenStore | None = {
        "none": None,
        "memory": MemoryTokenStore(),
        "file": FileTokenStore(tmp_path / "token.json"),
    }[kind]
    manager, endpoint, thread = refreshing_in_a_thread(store)
    try:
        outcome = in_child(lambda: bounded(lambda: child_calls(manager, endpoint)))
    finally:
        endpoint.release.set()
        thread.join(10)
    assert outcome[0] == "ok", outcome
    auth, refreshed = outcome[1]
    assert auth.startswith("Bearer at-") and auth != "Bearer at-old"
    assert refreshed.startswith("at-") and refreshed != "at-old"


def test_the_childs_set_token_and_store_do_not_wait_for_the_parents_save(
    tmp_path: Path,
) -> None:
    # A thread of the parent saving the refreshed token (holding the install guard and
    # the store's lock) as the child is forked: both are the child's own there.
    store = FileTokenStore(tmp_path / "token.json")
    saving, release = threading.Event(), threading.Event()
    manager = RefreshingAuth(
        TOKEN_URL, "cid", store=store, hosts=["api.example.com"], service="svc"
    )

    def hold() -> None:
        with manager._install_guard, store._lock:
            saving.set()
            release.wait(20)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert saving.wait(10)

    def in_the_child() -> str | None:
        manager.set_token(stale_token())
        token = store.load()
        return None if token is None else token.access_token

    try:
        outcome = in_child(lambda: bounded(in_the_child))
    finally:
        release.set()
        thread.join(10)
    assert outcome == ("ok", "at-old")
