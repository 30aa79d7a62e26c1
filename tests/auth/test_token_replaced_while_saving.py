"""A token set or cleared while a refreshed token is being saved stands.

The refresh's answer is in, and the manager is saving it (a ``FileTokenStore`` writes,
fsyncs and renames: milliseconds) when another thread logs out (``clear_token``) or
installs a new login (``set_token``). That change used to land between the refresh's
install and its save: the save then put the refreshed token back in the store after
the log-out (or over the new login), and the next process loaded it. Now the change
waits for the save in progress, then stands, in memory and in the store.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import MemoryTokenStore, RefreshingAuth, Token

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

WAIT = 10.0
TOKEN_URL = "https://auth.example.com/oauth/token"


class SlowStore(MemoryTokenStore):
    """Holds the save of a refreshed token (one the store did not start with) until
    ``release`` is set; ``saving`` is set once that save has begun."""

    def __init__(self, token: Token) -> None:
        super().__init__(token)
        self.first = token
        self.saving = threading.Event()
        self.release = threading.Event()
        self.held = False

    def save(self, token: Token) -> None:
        if not self.held and token.access_token != self.first.access_token:
            self.held = True
            self.saving.set()
            assert self.release.wait(WAIT), "the test never released the save"
        super().save(token)


@pytest.mark.parametrize("change", ["set_token", "clear_token"])
def test_a_token_set_or_cleared_while_the_refreshed_one_is_saved_stands(
    server: FakeOAuth, clock: FakeClock, change: str
) -> None:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    store = SlowStore(stale)
    auth = RefreshingAuth(TOKEN_URL, "cid", store=store, hosts="api.example.com", clock=clock)
    refreshed: list[object] = []

    def refresh() -> None:
        with httpx.Client(transport=httpx.MockTransport(server.handler)) as client:
            try:
                refreshed.append(auth.refresh(client))
            except Exception as exc:  # recorded for the assertions
                refreshed.append(exc)

    refresher = threading.Thread(target=refresh, daemon=True)
    refresher.start()
    login = server.seed(expires_at=clock.now + timedelta(hours=1))
    changer = threading.Thread(
        target=(lambda: auth.set_token(login)) if change == "set_token" else auth.clear_token,
        daemon=True,
    )
    try:
        assert store.saving.wait(WAIT)
        changer.start()
        # Whether the change waits for the save (it must not land inside it) cannot be
        # seen without a clock; what it leaves behind can.
        changer.join(0.2)
    finally:
        store.release.set()
        refresher.join(WAIT)
        changer.join(WAIT)
    assert not refresher.is_alive() and not changer.is_alive()
    assert len(server.token_requests) == 1
    expected = login if change == "set_token" else None
    assert auth.token == expected
    assert store.load() == expected, "the refreshed token came back into the store"
