"""A refreshed token whose save fails after the task that sent the refresh was cancelled.

Once the token answer's headers are in, a cancelled leader still reads the answer and
installs the new token (see ``test_token_leader_cancelled``), then raises its
``CancelledError``. When the store's ``save`` fails there, the ``TokenSaveError`` it
would have raised has no caller left to reach: it was dropped without a word, and the
next process started from the old, rotated-away refresh token (``invalid_grant``).
It is logged instead (a warning naming the store and the error type, never the token);
the new token stays in use. Waits are events bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import MemoryTokenStore, RefreshingAuth, Token
from tests.auth.test_token_leader_cancelled import TOKEN_URL, URL, WAIT, Endpoint

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth


class FailingStore(MemoryTokenStore):
    """A store whose ``save`` fails as a full disk does (quoting the token, carelessly)."""

    def save(self, token: Token) -> None:
        raise OSError(f"No space left on device while writing {token.access_token}")


async def test_a_save_failing_after_the_leader_was_cancelled_is_logged(
    server: FakeOAuth, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = RefreshingAuth(
        TOKEN_URL, "cid", token=stale, hosts="api.example.com", clock=clock, store=FailingStore()
    )
    endpoint = Endpoint(server)
    caplog.set_level(logging.WARNING, logger="beatkit.auth")
    async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint), auth=auth) as client:
        leader = asyncio.create_task(client.get(URL))
        await asyncio.wait_for(endpoint.started.wait(), WAIT)
        leader.cancel()
        for _ in range(5):
            await asyncio.sleep(0)
        endpoint.release.set()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(leader, WAIT)
        # The new token is in use all the same.
        current = auth.token
        assert current is not None and current is not stale
        assert (await asyncio.wait_for(client.get(URL), WAIT)).status_code == 200
        assert endpoint.token_requests == 1
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, caplog.records
    said = warnings[0].getMessage()
    assert "token store" in said and "OSError" in said and "not saved" in said
    assert current.access_token not in caplog.text
    assert current.refresh_token is not None and current.refresh_token not in caplog.text
