"""Several managers (processes) sharing one token store, on a server that rotates
refresh tokens: a manager about to refresh reads the store first, and uses a newer
token another one saved there instead of sending its own, rotated-away, refresh token
(which the server answers with ``invalid_grant``: "log in again")."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import httpx
import pytest

from beatkit.auth import (
    ClientCredentialsAuth,
    FileTokenStore,
    MemoryTokenStore,
    RefreshingAuth,
    Token,
    TokenStore,
)
from beatkit.errors import AuthenticationError, TokenSaveError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


def _manager(
    store: TokenStore, clock: FakeClock, obtained: list[Token] | None = None
) -> RefreshingAuth:
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        store=store,
        hosts=["api.example.com"],
        service="svc",
        clock=clock,
        on_token=None if obtained is None else obtained.append,
    )


def _client(server: FakeOAuth, auth: httpx.Auth) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth)


def _refresh_tokens_sent(server: FakeOAuth) -> list[str | None]:
    return [form.get("refresh_token") for form in server.token_requests]


def test_a_second_process_uses_the_token_the_first_one_refreshed(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    first = server.seed(expires_at=clock.now + timedelta(minutes=30))
    FileTokenStore(path).save(first)
    obtained: list[Token] = []
    a = _manager(FileTokenStore(path), clock)
    b = _manager(FileTokenStore(path), clock, obtained)  # started from the same file
    clock.advance(3600)  # both hold the same stale token now

    with _client(server, a) as http:
        assert http.get(URL).status_code == 200  # a refreshes: the server rotates
    assert _refresh_tokens_sent(server) == [first.refresh_token]
    with _client(server, b) as http:
        assert http.get(URL).status_code == 200  # b takes a's token from the file

    assert _refresh_tokens_sent(server) == [first.refresh_token]  # b sent nothing
    assert b.token is not None and a.token is not None
    assert b.token.access_token == a.token.access_token
    assert obtained == []  # read from the store, not obtained by b


def test_a_stale_token_from_the_store_is_refreshed_with_its_own_refresh_token(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(server.seed(expires_at=clock.now + timedelta(minutes=30)))
    a = _manager(FileTokenStore(path), clock)
    b = _manager(FileTokenStore(path), clock)
    clock.advance(3600)
    with _client(server, a) as http:
        assert http.get(URL).status_code == 200
    assert a.token is not None
    rotated = a.token.refresh_token
    clock.advance(2 * 3600)  # a's new token is stale too, before b is used again

    with _client(server, b) as http:
        assert http.get(URL).status_code == 200

    assert _refresh_tokens_sent(server)[-1] == rotated
    assert server.grants("refresh_token") == 2
    assert FileTokenStore(path).load() == b.token


def test_after_a_401_a_newer_token_in_the_store_is_replayed_without_a_refresh(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = MemoryTokenStore(server.seed(expires_at=clock.now + timedelta(hours=1)))
    a = _manager(store, clock)
    b = _manager(store, clock)
    clock.advance(1)
    with _client(server, a) as http:
        a.refresh(http)
    server.valid_access.clear()
    assert a.token is not None
    server.valid_access.add(a.token.access_token)  # b's token is revoked, a's works
    requests = len(server.token_requests)

    with _client(server, b) as http:
        assert http.get(URL).status_code == 200

    assert len(server.token_requests) == requests
    assert b.token is a.token


def test_an_older_token_in_the_store_is_not_taken_back(server: FakeOAuth, clock: FakeClock) -> None:
    """A save that failed leaves the token before it in the store: that one's refresh
    token was rotated away, so the manager keeps refreshing with its own."""

    class FailingOnce(MemoryTokenStore):
        failures = 1

        def save(self, token: Token) -> None:
            if self.failures:
                self.failures -= 1
                raise OSError("disk full")
            super().save(token)

    store = FailingOnce(server.seed(expires_at=clock.now - timedelta(seconds=1)))
    auth = _manager(store, clock)
    with _client(server, auth) as http, pytest.raises(TokenSaveError):
        http.get(URL)
    assert auth.token is not None
    current = auth.token.refresh_token
    clock.advance(2 * 3600)

    with _client(server, auth) as http:
        assert http.get(URL).status_code == 200

    assert _refresh_tokens_sent(server)[-1] == current


def test_a_store_that_fails_to_load_does_not_stop_the_refresh(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    FileTokenStore(path).save(server.seed(expires_at=clock.now - timedelta(seconds=1)))
    auth = _manager(FileTokenStore(path), clock)
    path.write_text("{ not json", encoding="utf-8")  # another tool broke the file

    with _client(server, auth) as http:
        assert http.get(URL).status_code == 200

    assert server.grants("refresh_token") == 1
    assert FileTokenStore(path).load() == auth.token  # the save replaced the file


def test_a_login_saved_by_another_process_ends_invalid_grant(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = MemoryTokenStore(server.seed(expires_at=clock.now - timedelta(seconds=1)))
    b = _manager(store, clock)
    server.valid_refresh.clear()  # b's refresh token is dead
    with _client(server, b) as http:
        with pytest.raises(AuthenticationError) as info:
            http.get(URL)
        assert info.value.code == "invalid_grant"
        with pytest.raises(AuthenticationError):
            http.get(URL)  # final: no second request
    assert server.grants("refresh_token") == 1
    clock.advance(60)
    a = _manager(store, clock)
    a.set_token(server.seed(expires_at=clock.now + timedelta(hours=1)))  # a new login

    with _client(server, b) as http:
        assert http.get(URL).status_code == 200

    assert b.token is a.token
    assert server.grants("refresh_token") == 1


async def test_the_async_flow_reads_the_store_too(server: FakeOAuth, clock: FakeClock) -> None:
    store = MemoryTokenStore(server.seed(expires_at=clock.now - timedelta(seconds=1)))
    a = _manager(store, clock)
    b = _manager(store, clock)
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server.async_handler), auth=a
    ) as http:
        assert (await http.get(URL)).status_code == 200
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server.async_handler), auth=b
    ) as http:
        assert (await http.get(URL)).status_code == 200

    assert server.grants("refresh_token") == 1
    assert b.token is a.token


def test_refresh_refreshes_the_newer_stored_token_with_its_refresh_token(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = MemoryTokenStore(server.seed(expires_at=clock.now + timedelta(hours=1)))
    a = _manager(store, clock)
    b = _manager(store, clock)
    clock.advance(1)
    with _client(server, a) as http:
        newer = a.refresh(http)

    with _client(server, b) as http:
        refreshed = b.refresh(http)  # whatever the expiry: a request is sent

    assert _refresh_tokens_sent(server)[-1] == newer.refresh_token
    assert server.grants("refresh_token") == 2
    assert refreshed.access_token != newer.access_token
    assert store.load() is refreshed


class _ProcessStore:
    """One process's store object over a token slot the processes share (as each
    process has its own ``FileTokenStore`` of one file): managers of one store object
    share its refresh lock, as managers of one process on one file do."""

    def __init__(self, backing: dict[str, Token | None]) -> None:
        self._backing = backing

    def load(self) -> Token | None:
        return self._backing["token"]

    def save(self, token: Token) -> None:
        self._backing["token"] = token

    def clear(self) -> None:
        self._backing["token"] = None


def test_the_loser_of_a_simultaneous_refresh_takes_the_winners_token_next(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # Two processes: each its own store object, over one shared token slot.
    backing: dict[str, Token | None] = {
        "token": server.seed(expires_at=clock.now - timedelta(seconds=1))
    }
    a = _manager(_ProcessStore(backing), clock)
    b = _manager(_ProcessStore(backing), clock)
    raced = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com" and not raced:
            # a refreshes (and saves) between b's read of the store and b's request.
            raced.append(True)
            with _client(server, a) as other:
                a.refresh(other)
        return server.handler(request)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=b) as http:
        with pytest.raises(AuthenticationError) as info:
            http.get(URL)
        assert info.value.code == "invalid_grant"
        assert http.get(URL).status_code == 200  # the next call takes a's token

    assert b.token is a.token
    assert server.grants("refresh_token") == 2


def test_a_newer_token_without_a_refresh_token_is_not_taken(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = MemoryTokenStore(server.seed(expires_at=clock.now - timedelta(seconds=1)))
    auth = _manager(store, clock)
    assert auth.token is not None
    own = auth.token.refresh_token
    clock.advance(60)
    # Another process logged in with an answer that carried no refresh token.
    store.save(server.seed(expires_at=clock.now - timedelta(seconds=1), refresh=False))
    store.save(attrs.evolve(store.load(), obtained_at=clock.now))  # type: ignore[arg-type]

    with _client(server, auth) as http:
        assert http.get(URL).status_code == 200

    assert _refresh_tokens_sent(server) == [own]


@pytest.mark.parametrize(
    ("held", "saved"),
    [
        ({"extra": {"user_id": "28392"}}, {"extra": {"user_id": "28393"}}),
        ({"scope": "read"}, {"scope": "read write"}),
    ],
)
def test_a_newer_token_of_another_user_or_scope_is_not_taken(
    server: FakeOAuth, clock: FakeClock, held: dict[str, object], saved: dict[str, object]
) -> None:
    start = server.seed(expires_at=clock.now - timedelta(seconds=1))
    store = MemoryTokenStore(attrs.evolve(start, **held))  # type: ignore[misc]
    auth = _manager(store, clock)
    clock.advance(60)
    other = server.seed(expires_at=clock.now + timedelta(hours=1))
    store.save(attrs.evolve(other, obtained_at=clock.now, **saved))  # type: ignore[misc]

    with _client(server, auth) as http:
        assert http.get(URL).status_code == 200

    assert _refresh_tokens_sent(server) == [start.refresh_token]


def test_an_app_manager_does_not_take_a_users_token_saved_to_its_store(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    # Two processes given the same file, one as the user token's store and one as the
    # app token's (the in-process check cannot see it): the app manager about to fetch
    # a new token must not take the user's and act as that user in every app call.
    path = tmp_path / "token.json"
    app_token = attrs.evolve(
        server.seed(expires_at=clock.now - timedelta(seconds=1), refresh=False),
        obtained_at=clock.now - timedelta(hours=1),
    )
    FileTokenStore(path).save(app_token)
    app = ClientCredentialsAuth(
        TOKEN_URL,
        "cid",
        "csecret",
        store=FileTokenStore(path),
        hosts=["api.example.com"],
        service="svc",
        clock=clock,
    )
    clock.advance(60)
    user = server.seed(expires_at=clock.now + timedelta(hours=1))
    FileTokenStore(path).save(attrs.evolve(user, obtained_at=clock.now, extra={"user_id": "28392"}))

    with _client(server, app) as http:
        assert http.get(URL).status_code == 200

    assert server.grants("client_credentials") == 1
    assert server.api_auth[-1] != f"Bearer {user.access_token}"
    assert app.token is not None and app.token.access_token != user.access_token
