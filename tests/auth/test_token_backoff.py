"""A token endpoint that asks to be left alone (429 or 503 with Retry-After) is.

Callers that waited on a failed refresh already share its error; a caller that starts
after it (a new call, or a client's own retry) used to send the token request again at
once, whatever Retry-After said: many callers and their retries made a storm of token
requests at an endpoint that had asked for a pause.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.auth import ClientCredentialsAuth, RefreshingAuth
from beatkit.errors import RateLimitError, ServerError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"
HOSTS = ["api.example.com"]


def _client(server: FakeOAuth, auth: httpx.Auth) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth)


def _stale(server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    return RefreshingAuth(TOKEN_URL, "cid", token=token, hosts=HOSTS, clock=clock)


@pytest.mark.parametrize(
    ("status", "error"), [(429, RateLimitError), (503, ServerError), (502, ServerError)]
)
def test_no_token_request_before_the_retry_after_of_a_failed_one(
    server: FakeOAuth, clock: FakeClock, status: int, error: type[Exception]
) -> None:
    auth = _stale(server, clock)
    server.token_replies.append(
        httpx.Response(status, headers={"Retry-After": "30"}, json={"detail": "busy"})
    )
    with _client(server, auth) as client:
        with pytest.raises(error) as first:
            client.get(f"{API}/me")
        assert first.value.retry_after == 30  # type: ignore[attr-defined]
        clock.advance(10)
        with pytest.raises(error) as second:
            client.get(f"{API}/me")  # asked to wait: no request
        assert server.grants("refresh_token") == 1
        assert second.value is not first.value
        assert second.value.status_code == status  # type: ignore[attr-defined]
        # What is left of the wait, so a retry comes back when the endpoint said.
        assert second.value.retry_after == 20  # type: ignore[attr-defined]
        clock.advance(20)
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 2


def test_a_failure_without_retry_after_is_retried_by_the_next_call(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _stale(server, clock)
    server.token_replies.append(httpx.Response(503, json={"detail": "down"}))
    with _client(server, auth) as client:
        with pytest.raises(ServerError):
            client.get(f"{API}/me")
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 2


def test_a_new_token_ends_the_wait(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _stale(server, clock)
    server.token_replies.append(httpx.Response(429, headers={"Retry-After": "600"}))
    with _client(server, auth) as client:
        with pytest.raises(RateLimitError):
            client.get(f"{API}/me")
        auth.set_token(server.seed(expires_at=clock.now + timedelta(hours=1)))
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 1


def test_client_credentials_wait_too(server: FakeOAuth, clock: FakeClock) -> None:
    auth = ClientCredentialsAuth(TOKEN_URL, "cid", "cs", hosts=HOSTS, clock=clock)
    server.token_replies.append(httpx.Response(429, headers={"Retry-After": "5"}))
    with _client(server, auth) as client:
        for _ in range(3):
            with pytest.raises(RateLimitError):
                client.get(f"{API}/me")
        clock.advance(5)
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("client_credentials") == 2


async def _call_me(
    server: FakeOAuth,
    auth: RefreshingAuth,
    *,
    callers: int,
    spread: float = 0.0,
    **settings: Any,
) -> list[BaseException | None]:
    """``callers`` tasks each GET /me through a client with 2 retries, the i-th after
    ``i * spread`` seconds; what each one raised (a ``ServerError``) or ``None``."""
    built = build_settings(
        ServiceSpec(name="testsvc"), base_url=API, auth=auth, max_retries=2, **settings
    )
    http = httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler))
    client = AsyncAPIClient(built, http)
    op = Operation(name="me", method="GET", path="/me", result=Any)

    async def call(i: int) -> BaseException | None:
        await asyncio.sleep(i * spread)
        try:
            await client._transport.request(op)
        except ServerError as exc:
            return exc
        return None

    try:
        return await asyncio.wait_for(asyncio.gather(*(call(i) for i in range(callers))), 30)
    finally:
        await http.aclose()


async def test_many_tasks_and_their_retries_send_one_request_per_announced_wait(
    server: FakeOAuth,
) -> None:
    # Real time here: the client's own retries sleep what Retry-After says (1 s).
    server.delay = 0.01
    token = server.seed(expires_at=datetime.now(UTC) - timedelta(days=1))
    server.token_replies.extend(
        httpx.Response(503, headers={"Retry-After": "1"}, text="busy") for _ in range(10)
    )
    auth = RefreshingAuth(TOKEN_URL, "cid", token=token, hosts=HOSTS)
    # arrivals spread over 50 ms
    results = await _call_me(server, auth, callers=50, spread=0.001, max_retry_wait=5.0)
    assert all(isinstance(r, ServerError) and r.status_code == 503 for r in results)
    # The first answer, then one per retry round: never one per caller or per retry.
    assert server.grants("refresh_token") <= 3


# -- a failure without Retry-After: a retry does not repeat what another caller just did --
#
# Concurrent callers share one failed refresh, then retry (the clients' retries, jittered
# so that they do not come back in step). Each retry that came back after another
# caller's retry had already failed used to send a token request of its own: a 503 from
# the token endpoint became about one request per caller per retry round.


def test_a_retry_shares_a_failure_newer_than_the_one_it_got(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _stale(server, clock)
    server.token_replies.extend(httpx.Response(503, json={"detail": "down"}) for _ in range(3))
    with _client(server, auth) as client:
        first = client.build_request("GET", f"{API}/me")
        with pytest.raises(ServerError):
            client.send(first)
        assert server.grants("refresh_token") == 1
        # Another caller's attempt (a new call, or its own retry) fails meanwhile.
        with pytest.raises(ServerError):
            client.get(f"{API}/me")
        assert server.grants("refresh_token") == 2
        # The first caller's retry: that failure is newer than its own, so it gets a
        # copy of it instead of a third request.
        with pytest.raises(ServerError) as shared:
            client.send(first)
        assert server.grants("refresh_token") == 2
        assert shared.value.status_code == 503
        # Its next retry, with nothing newer than what it got, sends again.
        with pytest.raises(ServerError):
            client.send(first)
        assert server.grants("refresh_token") == 3
        # A new call is a new attempt, as before.
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 4


async def test_an_async_retry_shares_a_failure_newer_than_the_one_it_got(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _stale(server, clock)
    server.token_replies.extend(httpx.Response(502, text="bad gateway") for _ in range(2))
    transport = httpx.MockTransport(server.async_handler)
    async with httpx.AsyncClient(transport=transport, auth=auth) as client:
        first = client.build_request("GET", f"{API}/me")
        with pytest.raises(ServerError):
            await client.send(first)
        with pytest.raises(ServerError):
            await client.get(f"{API}/me")
        with pytest.raises(ServerError):
            await client.send(first)
        assert server.grants("refresh_token") == 2
        assert (await client.send(first)).status_code == 200
    assert server.grants("refresh_token") == 3


async def test_retries_of_many_tasks_send_one_token_request_per_round(server: FakeOAuth) -> None:
    # Real time: the client's jittered backoffs spread the retries of 30 tasks over
    # about 125 ms, far longer than the token endpoint takes to fail.
    token = server.seed(expires_at=datetime.now(UTC) - timedelta(days=1))
    server.token_replies.extend(httpx.Response(503, text="busy") for _ in range(100))
    auth = RefreshingAuth(TOKEN_URL, "cid", token=token, hosts=HOSTS)
    results = await _call_me(server, auth, callers=30)
    assert all(isinstance(r, ServerError) and r.status_code == 503 for r in results)
    # The first answer, then about one per retry round (a retry that comes back while
    # none is out sends one): never one per caller.
    assert server.grants("refresh_token") <= 6
