"""docs/auth.md: a beatkit client's own token calls pass its ``timeout`` option, also
through an ``http_client`` of yours made with ``timeout=None``; a token endpoint that
never answers makes the call fail after that timeout with ``APITimeoutError``.

Run end to end for Beat Technology's ``bt.auth`` (both facades) against a loopback
server that accepts every connection and never answers. Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit.auth import Token
from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import APITimeoutError

TIMEOUT = 0.3
"""The beatkit client's ``timeout`` option."""
BOUND = 5.0
"""How long a call may take before the test calls it a hang."""

EXPIRED = Token(
    access_token="access",
    refresh_token="refresh",
    expires_at=datetime.now(UTC) - timedelta(hours=1),
)
LIVE = Token(access_token="access", refresh_token="refresh")

CALLS: dict[str, tuple[Token, Callable[[Any], Any]]] = {
    "app_token": (LIVE, lambda bt: bt.auth.app_token()),
    "refresh": (LIVE, lambda bt: bt.auth.refresh()),
    "login": (LIVE, lambda bt: bt.auth.login("listener@example.com", "secret")),
    "clone_token": (LIVE, lambda bt: bt.auth.clone_token("access")),
    "switch_account_user": (LIVE, lambda bt: bt.auth.switch_account_user("5")),
    # The refresh it sends first, for an expired user token.
    "switch_account_user (refresh first)": (
        EXPIRED,
        lambda bt: bt.auth.switch_account_user("5"),
    ),
}


@pytest.fixture
def silent() -> Iterator[str]:
    """A loopback server that accepts connections and never answers (it hangs up after
    ``BOUND`` seconds, so a call that waits on it fails, not hangs); its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.05)
    held: list[tuple[float, socket.socket]] = []
    stop = threading.Event()

    def accept() -> None:
        ends = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < ends:
            for entry in [entry for entry in held if time.monotonic() - entry[0] > BOUND]:
                held.remove(entry)
                entry[1].close()
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            held.append((time.monotonic(), connection))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=BOUND)
        listener.close()
        for _, connection in held:
            connection.close()


@pytest.mark.parametrize("name", list(CALLS))
def test_a_token_call_through_an_http_client_without_timeout_times_out(
    silent: str, name: str
) -> None:
    token, call = CALLS[name]
    with (
        httpx.Client(timeout=None) as http,  # noqa: S113 - the point of the test
        BeatTech(
            client_id="id",
            client_secret="secret",
            base_url=silent,
            http_client=http,
            timeout=TIMEOUT,
            max_retries=0,
        ) as bt,
    ):
        bt.auth.set_token(token)
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            call(bt)
        assert time.monotonic() - started < BOUND


@pytest.mark.parametrize("name", list(CALLS))
async def test_an_async_token_call_through_an_http_client_without_timeout_times_out(
    silent: str, name: str
) -> None:
    token, call = CALLS[name]
    async with (
        httpx.AsyncClient(timeout=None) as http,  # noqa: S113 - the point of the test
        AsyncBeatTech(
            client_id="id",
            client_secret="secret",
            base_url=silent,
            http_client=http,
            timeout=TIMEOUT,
            max_retries=0,
        ) as bt,
    ):
        bt.auth.set_token(token)
        with pytest.raises(APITimeoutError):
            await asyncio.wait_for(call(bt), BOUND)
