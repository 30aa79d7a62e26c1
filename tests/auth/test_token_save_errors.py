"""A token the manager obtained that its store or ``on_token`` fails to keep.

The new token stays current (a rotated refresh token is not lost in this process),
both hooks are still tried, and the caller whose refresh it was gets
:class:`~beatkit.errors.TokenSaveError` (no secret in it, the hook's exception as its
cause) before its API request is sent; the lock is released and later requests use
the new token without another refresh. Every wait is bounded (joins and
``asyncio.wait_for`` with ``WAIT``).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth, MemoryTokenStore, RefreshingAuth, Token
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import BeatkitError, TokenSaveError
from beatkit.testing.beatport import FakeBeatport

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

WAIT = 30.0
SECRET = "s3cr3t"
TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"
THREADS = 8
TASKS = 20
TRACK_ID = 8291700


class FailingStore(MemoryTokenStore):
    """A store whose ``save`` raises (with the token in its message, as a careless one might)."""

    def __init__(self, error: type[BaseException] | None = OSError) -> None:
        super().__init__()
        self.error = error
        self.saves: list[Token] = []

    def save(self, token: Token) -> None:
        self.saves.append(token)
        if self.error is not None:
            raise self.error(f"No space left on device while writing {token.access_token}")
        super().save(token)


class Hooks:
    """A store and an ``on_token`` that fail as the test says, recording their calls."""

    def __init__(self, failing: str) -> None:
        self.store = FailingStore(OSError if failing in ("store", "both") else None)
        self.fail_on_token = failing in ("on_token", "both")
        self.seen: list[Token] = []
        self.guard = threading.Lock()

    def on_token(self, token: Token) -> None:
        with self.guard:
            self.seen.append(token)
        if self.fail_on_token:
            raise ValueError(f"could not keep {token.access_token} / {token.refresh_token}")


def make_auth(server: FakeOAuth, clock: FakeClock, hooks: Hooks) -> tuple[RefreshingAuth, Token]:
    stale = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=stale,
        hosts="api.example.com",
        clock=clock,
        service="beatport",
        store=hooks.store,
        on_token=hooks.on_token,
    )
    return auth, stale


def check_error(error: TokenSaveError, failing: str, hooks: Hooks) -> None:
    text = str(error)
    assert SECRET not in text
    assert SECRET not in repr(error)
    assert "beatport" in text
    assert "in use by this client" in text
    assert "not saved" in text
    assert "not sent" in text
    if failing == "on_token":
        assert "on_token" in text and "ValueError" in text
        assert isinstance(error.__cause__, ValueError)
    else:
        assert "the token store" in text and "OSError" in text
        assert isinstance(error.__cause__, OSError)
    notes = getattr(error, "__notes__", [])
    if failing == "both":
        assert len(notes) == 1
        assert "on_token" in notes[0] and "ValueError" in notes[0]
        assert SECRET not in notes[0]
    else:
        assert notes == []
    # Both hooks were tried, in order, with the new token.
    assert len(hooks.store.saves) == 1
    assert hooks.seen == hooks.store.saves


FAILING = ["store", "on_token", "both"]


@pytest.mark.parametrize("failing", FAILING)
def test_a_failed_save_after_a_refresh_raises_and_keeps_the_new_token(
    server: FakeOAuth, clock: FakeClock, failing: str
) -> None:
    hooks = Hooks(failing)
    auth, stale = make_auth(server, clock, hooks)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        with pytest.raises(TokenSaveError) as info:
            client.get(URL)
        check_error(info.value, failing, hooks)
        new = auth.token
        assert new is not None and new is not stale
        assert hooks.seen == [new]
        assert server.api_auth == []  # the API request was not sent
        assert not auth._lock._lock.locked()
        # The next request uses the new token (and its rotated refresh token is kept).
        assert client.get(URL).status_code == 200
    assert server.api_auth == [f"Bearer {new.access_token}"]
    assert server.grants("refresh_token") == 1


@pytest.mark.parametrize("failing", FAILING)
async def test_a_failed_save_after_an_async_refresh_raises_and_keeps_the_new_token(
    server: FakeOAuth, clock: FakeClock, failing: str
) -> None:
    hooks = Hooks(failing)
    auth, stale = make_auth(server, clock, hooks)
    transport = httpx.MockTransport(server.async_handler)
    async with httpx.AsyncClient(transport=transport, auth=auth) as client:
        with pytest.raises(TokenSaveError) as info:
            await asyncio.wait_for(client.get(URL), WAIT)
        check_error(info.value, failing, hooks)
        new = auth.token
        assert new is not None and new is not stale
        assert server.api_auth == []
        assert not auth._lock._lock.locked()
        response = await asyncio.wait_for(client.get(URL), WAIT)
        assert response.status_code == 200
    assert server.api_auth == [f"Bearer {new.access_token}"]
    assert server.grants("refresh_token") == 1


def test_concurrent_callers_share_the_one_refresh_whose_save_failed(
    server: FakeOAuth, clock: FakeClock
) -> None:
    hooks = Hooks("store")
    auth, _ = make_auth(server, clock, hooks)
    server.delay = 0.05  # the others find the token stale and wait on the lock
    client = httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth)
    outcomes: list[object] = []
    guard = threading.Lock()

    def call() -> None:
        try:
            result: object = client.get(URL).status_code
        except BaseException as exc:  # recorded for the assertions
            result = exc
        with guard:
            outcomes.append(result)

    threads = [threading.Thread(target=call, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads)
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1 and isinstance(errors[0], TokenSaveError), outcomes
    assert sorted(o for o in outcomes if isinstance(o, int)) == [200] * (THREADS - 1)
    assert server.grants("refresh_token") == 1
    assert len(hooks.store.saves) == 1
    assert not auth._lock._lock.locked()
    client.close()


async def test_concurrent_tasks_share_the_one_refresh_whose_save_failed(
    server: FakeOAuth, clock: FakeClock
) -> None:
    hooks = Hooks("on_token")
    auth, _ = make_auth(server, clock, hooks)
    server.delay = 0.05
    transport = httpx.MockTransport(server.async_handler)
    async with httpx.AsyncClient(transport=transport, auth=auth) as client:
        outcomes = await asyncio.wait_for(
            asyncio.gather(*(client.get(URL) for _ in range(TASKS)), return_exceptions=True),
            WAIT,
        )
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1 and isinstance(errors[0], TokenSaveError), outcomes
    assert [o.status_code for o in outcomes if isinstance(o, httpx.Response)] == [200] * (TASKS - 1)
    assert server.grants("refresh_token") == 1
    assert len(hooks.seen) == 1
    assert not auth._lock._lock.locked()


@pytest.mark.parametrize("where", ["store", "on_token"])
def test_an_interrupt_from_a_hook_propagates_unchanged(
    server: FakeOAuth, clock: FakeClock, where: str
) -> None:
    hooks = Hooks("none")
    if where == "store":
        hooks.store.error = KeyboardInterrupt
    else:

        def on_token(token: Token) -> None:
            raise KeyboardInterrupt

        hooks.on_token = on_token  # type: ignore[method-assign]
    auth, _ = make_auth(server, clock, hooks)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        with pytest.raises(KeyboardInterrupt) as info:
            client.get(URL)
        assert type(info.value) is KeyboardInterrupt
        assert not auth._lock._lock.locked()
        assert client.get(URL).status_code == 200
    assert server.grants("refresh_token") == 1


def test_set_token_and_clear_token_still_raise_the_stores_error(
    server: FakeOAuth, clock: FakeClock
) -> None:
    hooks = Hooks("store")
    auth, _ = make_auth(server, clock, hooks)
    new = server.seed(expires_at=clock.now + timedelta(hours=1))
    with pytest.raises(OSError, match="No space left"):
        auth.set_token(new)
    assert hooks.seen == []  # set_token never calls on_token

    class ClearFails(MemoryTokenStore):
        def clear(self) -> None:
            raise PermissionError("read-only")

    other = RefreshingAuth(TOKEN_URL, "cid", hosts="api.example.com", store=ClearFails())
    with pytest.raises(PermissionError):
        other.clear_token()


def test_a_client_credentials_fetch_whose_save_fails(server: FakeOAuth, clock: FakeClock) -> None:
    hooks = Hooks("both")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            return httpx.Response(
                200, json={"access_token": f"cc-{SECRET}", "token_type": "Bearer"}
            )
        return httpx.Response(200, json={"auth": request.headers.get("authorization")})

    auth = ClientCredentialsAuth(
        TOKEN_URL,
        "cid",
        f"client-{SECRET}",
        hosts="api.example.com",
        store=hooks.store,
        on_token=hooks.on_token,
        clock=clock,
    )
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        with pytest.raises(TokenSaveError) as info:
            client.get(URL)
        assert "oauth" in str(info.value)
        assert SECRET not in str(info.value)
        assert len(info.value.__notes__) == 1
        assert client.get(URL).json() == {"auth": f"Bearer cc-{SECRET}"}


def test_a_login_whose_on_token_fails_keeps_the_token(server: FakeOAuth, clock: FakeClock) -> None:
    hooks = Hooks("on_token")
    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        hosts="api.example.com",
        clock=clock,
        store=hooks.store,
        on_token=hooks.on_token,
    )
    transport = httpx.MockTransport(server.handler)
    with httpx.Client(transport=transport) as client, pytest.raises(TokenSaveError) as info:
        auth.login(client, {"grant_type": "password", "username": "u", "password": "p"})
    assert "on_token" in str(info.value)
    assert "login itself succeeded" in str(info.value)
    assert SECRET not in str(info.value)
    assert auth.token is not None and hooks.store.load() == auth.token
    assert not auth._lock._lock.locked()


def stale_beatport_token(fake: FakeBeatport) -> Token:
    return Token.from_response(fake.issue_token(expires_in=0), now=datetime.now(UTC))


def test_a_beatport_call_whose_refreshed_token_cannot_be_saved() -> None:
    fake = FakeBeatport()
    store = FailingStore()
    with Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        token=stale_beatport_token(fake),
        store=store,
        http_client=httpx.Client(transport=fake.transport()),
    ) as client:
        with pytest.raises(TokenSaveError) as info:
            client.tracks.get(TRACK_ID)
        assert isinstance(info.value, BeatkitError)
        assert "beatport" in str(info.value) and "the token store" in str(info.value)
        assert fake.refresh_count == 1
        assert not [r for r in fake.requests if "/catalog/tracks/" in r.url.path]
        assert client.tracks.get(TRACK_ID).id == TRACK_ID
        assert fake.refresh_count == 1
        assert store.saves == [client.auth.token]


async def test_an_async_beatport_call_whose_refreshed_token_cannot_be_saved() -> None:
    fake = FakeBeatport()
    store = FailingStore()
    async with AsyncBeatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        token=stale_beatport_token(fake),
        store=store,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    ) as client:
        with pytest.raises(TokenSaveError):
            await asyncio.wait_for(client.tracks.get(TRACK_ID), WAIT)
        assert fake.refresh_count == 1
        track = await asyncio.wait_for(client.tracks.get(TRACK_ID), WAIT)
        assert track.id == TRACK_ID
        assert fake.refresh_count == 1
