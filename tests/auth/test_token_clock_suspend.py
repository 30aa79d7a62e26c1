"""A laptop or VM sleeps while a token manager waits out its token endpoint's pause.

The monotonic clock does not count a suspend; the wall clock does. A ``Retry-After``
pause the token endpoint asked for is over once either clock says so: on waking, the
next call refreshes instead of failing for what the monotonic clock thinks is left.
Nothing is slept: the manager's clock and its ``time.monotonic`` are patched (only the
manager's: the event loop keeps its own).
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import RefreshingAuth
from beatkit.errors import ServerError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"


class Frozen:
    """``time.monotonic`` while suspended: it does not move."""

    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


def _auth(server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    return RefreshingAuth(TOKEN_URL, "cid", token=token, hosts="api.example.com", clock=clock)


def test_a_resume_from_suspend_ends_the_token_endpoints_pause(
    server: FakeOAuth, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    steady = Frozen()
    monkeypatch.setattr("beatkit.auth._manager.time", SimpleNamespace(monotonic=steady))
    auth = _auth(server, clock)
    server.token_replies.append(
        httpx.Response(503, headers={"Retry-After": "600"}, json={"detail": "busy"})
    )
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        with pytest.raises(ServerError):
            client.get(f"{API}/me")
        # Within the pause: refused without a token request.
        clock.advance(60)
        steady.now += 60
        with pytest.raises(ServerError) as paused:
            client.get(f"{API}/me")
        assert paused.value.retry_after == pytest.approx(540)
        assert server.grants("refresh_token") == 1
        # Asleep eight hours: the wall clock counts them, the monotonic one does not.
        clock.advance(8 * 3600)
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 2


async def test_a_resume_from_suspend_ends_the_token_endpoints_pause_async(
    server: FakeOAuth, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    steady = Frozen()
    monkeypatch.setattr("beatkit.auth._manager.time", SimpleNamespace(monotonic=steady))
    auth = _auth(server, clock)
    server.token_replies.append(
        httpx.Response(503, headers={"Retry-After": "600"}, json={"detail": "busy"})
    )
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server.async_handler), auth=auth
    ) as client:
        with pytest.raises(ServerError):
            await client.get(f"{API}/me")
        clock.advance(8 * 3600)
        assert (await client.get(f"{API}/me")).status_code == 200
    assert server.grants("refresh_token") == 2
