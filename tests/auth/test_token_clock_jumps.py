"""The wall clock jumps (an NTP step, a laptop or VM resumed) while a token is in use.

The token's expiry is counted on the wall clock (``expires_in`` from the local time
the answer came in, never the server's ``Date``): a jump forward refreshes early, a
jump back sends a token the API refuses, which one 401 refreshes. Neither may stop
the manager from refreshing for as long as the jump: the pause a token endpoint
asked for (``Retry-After``) lasts what it said, however the wall clock moves.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import RefreshingAuth
from beatkit.errors import ServerError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"


def _client(server: FakeOAuth, auth: httpx.Auth) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth)


def _stale(server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    return RefreshingAuth(TOKEN_URL, "cid", token=token, hosts="api.example.com", clock=clock)


def test_a_clock_set_back_does_not_stretch_the_retry_after_pause(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _stale(server, clock)
    server.token_replies.append(
        httpx.Response(503, headers={"Retry-After": "30"}, json={"detail": "busy"})
    )
    with _client(server, auth) as client:
        with pytest.raises(ServerError):
            client.get(f"{API}/me")
        # The clock is set back a day: the endpoint asked for 30 s, not a day and 30 s.
        clock.advance(-86400)
        # The token now looks fresh again, but the API refuses it: a 401, a refresh.
        server.valid_access.clear()
        with pytest.raises(ServerError) as shared:
            client.get(f"{API}/me")
        assert shared.value.retry_after <= 30
    assert server.grants("refresh_token") == 1


def test_a_clock_set_forward_refreshes_early_once(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now + timedelta(hours=1))
    auth = RefreshingAuth(TOKEN_URL, "cid", token=token, hosts="api.example.com", clock=clock)
    with _client(server, auth) as client:
        clock.advance(86400)
        for _ in range(3):
            assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 1


def test_a_clock_set_back_sends_the_expired_token_and_one_401_refreshes_it(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now + timedelta(hours=1))
    auth = RefreshingAuth(TOKEN_URL, "cid", token=token, hosts="api.example.com", clock=clock)
    # The API no longer takes it (it expired on the server's clock).
    server.valid_access.clear()
    with _client(server, auth) as client:
        clock.advance(-86400)
        for _ in range(3):
            assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 1


@pytest.mark.parametrize("skew", [3600, -3600])
def test_a_retry_after_date_is_read_on_the_server_clock(
    server: FakeOAuth, clock: FakeClock, skew: int
) -> None:
    """``Retry-After: <HTTP-date>`` is a moment on the server's clock: measured from its
    ``Date``, a server an hour ahead (or behind) still asks for 30 s, not an hour more
    (or none)."""
    auth = _stale(server, clock)
    server_now = datetime.now(UTC) + timedelta(seconds=skew)
    server.token_replies.append(
        httpx.Response(
            503,
            headers={
                "Date": format_datetime(server_now, usegmt=True),
                "Retry-After": format_datetime(server_now + timedelta(seconds=30), usegmt=True),
            },
            json={"detail": "busy"},
        )
    )
    with _client(server, auth) as client, pytest.raises(ServerError) as failed:
        client.get(f"{API}/me")
    assert failed.value.retry_after == 30
