"""Each caller that shares a failed refresh gets an exception of its own.

A refused refresh token (``invalid_grant``) is remembered: every later call with that
token fails with a copy of the first error, without a request. The copies shared the
first error's mutable parts: its ``__notes__`` list (so a note one caller added, as
``bt.sync`` and ``send_many`` do to say which item failed, showed up on every later
caller's error, and the list grew with each call), its ``body`` and its
``field_errors``.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import RefreshingAuth
from beatkit.errors import AuthenticationError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"
CALLS = 5


def _dead(server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    server.valid_refresh.clear()  # the refresh token is refused: invalid_grant
    return RefreshingAuth(TOKEN_URL, "cid", token=token, hosts="api.example.com", clock=clock)


def _refused(client: httpx.Client) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as caught:
        client.get(f"{API}/me")
    assert caught.value.code == "invalid_grant"
    return caught.value


def test_a_note_on_one_callers_error_stays_on_it(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _dead(server, clock)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        errors = []
        for call in range(CALLS):
            error = _refused(client)
            error.add_note(f"while syncing item {call}")
            errors.append(error)
    assert server.grants("refresh_token") == 1  # one request, then copies
    for call, error in enumerate(errors):
        assert error.__notes__ == [f"while syncing item {call}"]


def test_the_copies_do_not_share_body_or_field_errors(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _dead(server, clock)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        first = _refused(client)
        assert isinstance(first.body, dict)
        first.body["touched"] = True
        first.field_errors["grant"] = ["changed by the first caller"]
        second = _refused(client)
    assert server.grants("refresh_token") == 1
    assert "touched" not in second.body
    assert "grant" not in second.field_errors


async def test_tasks_that_waited_on_one_failed_refresh_get_errors_of_their_own(
    server: FakeOAuth, clock: FakeClock
) -> None:
    tasks = 10
    token = server.seed(expires_at=clock.now + timedelta(hours=1))
    server.revoke_all_access()  # every task gets a 401, then waits on one refresh
    server.valid_refresh.clear()  # which is refused
    server.token_gate = tasks
    auth = RefreshingAuth(TOKEN_URL, "cid", token=token, hosts="api.example.com", clock=clock)

    async def call(client: httpx.AsyncClient, index: int) -> BaseException:
        try:
            await client.get(f"{API}/me")
        except AuthenticationError as exc:
            exc.add_note(f"task {index}")
            return exc
        raise AssertionError("the refresh was to fail")

    transport = httpx.MockTransport(server.async_handler)
    async with httpx.AsyncClient(transport=transport, auth=auth) as client:
        errors = await asyncio.wait_for(
            asyncio.gather(*(call(client, index) for index in range(tasks))), 30
        )
    assert server.grants("refresh_token") == 1
    assert len({id(error) for error in errors}) == tasks
    for index, error in enumerate(errors):
        assert error.__notes__ == [f"task {index}"]
