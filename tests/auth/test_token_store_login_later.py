"""A manager started before any login (a missing token file: a gunicorn worker, a
second notebook) takes the token another process saves to its store later, on the
next call that needs one: before, every call failed with ``no token: log in first``
until a restart. The token read is installed as it is: not saved again, not passed
to ``on_token``. A manager that holds a token never reads its store on a request.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

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
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import ConfigurationError
from beatkit.testing.beatport import FakeBeatport

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

TOKEN_URL = "https://auth.example.com/oauth/token"
URL = "https://api.example.com/v1/me"


class CountingStore(MemoryTokenStore):
    """A store that counts its reads and writes."""

    def __init__(self) -> None:
        super().__init__()
        self.loads = 0
        self.saves = 0

    def load(self) -> Token | None:
        self.loads += 1
        return super().load()

    def save(self, token: Token) -> None:
        self.saves += 1
        super().save(token)


def _manager(store: TokenStore, clock: FakeClock, obtained: list[Token]) -> RefreshingAuth:
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        store=store,
        hosts=["api.example.com"],
        service="svc",
        clock=clock,
        on_token=obtained.append,
    )


def test_a_request_takes_a_token_saved_after_the_manager_started(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = CountingStore()
    obtained: list[Token] = []
    auth = _manager(store, clock, obtained)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as http:
        with pytest.raises(ConfigurationError, match="no token"):
            http.get(URL)
        token = server.seed(expires_at=clock.now + timedelta(hours=1))
        MemoryTokenStore.save(store, token)  # another process logs in
        assert http.get(URL).status_code == 200
        loads = store.loads
        assert http.get(URL).status_code == 200  # a token held: no read per request
        assert store.loads == loads

    assert auth.token is token
    assert store.saves == 0  # not saved again
    assert obtained == []  # not obtained here
    assert server.token_requests == []


async def test_an_async_request_takes_a_token_saved_after_the_manager_started(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = CountingStore()
    obtained: list[Token] = []
    auth = _manager(store, clock, obtained)
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server.async_handler), auth=auth
    ) as http:
        with pytest.raises(ConfigurationError, match="no token"):
            await http.get(URL)
        token = server.seed(expires_at=clock.now + timedelta(hours=1))
        MemoryTokenStore.save(store, token)
        assert (await http.get(URL)).status_code == 200

    assert auth.token is token
    assert store.saves == 0
    assert obtained == []


def test_ensure_token_takes_a_token_saved_later_and_after_a_log_out(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = CountingStore()
    obtained: list[Token] = []
    auth = _manager(store, clock, obtained)
    token = server.seed(expires_at=clock.now + timedelta(hours=1))
    MemoryTokenStore.save(store, token)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as http:
        assert auth.ensure_token(http) is token
        auth.clear_token()  # a log-out here: the store is cleared too
        with pytest.raises(ConfigurationError, match="no token"):
            http.get(URL)
        again = server.seed(expires_at=clock.now + timedelta(hours=1))
        MemoryTokenStore.save(store, again)  # and a login elsewhere
        assert http.get(URL).status_code == 200

    assert auth.token is again
    assert server.token_requests == []
    assert obtained == []


async def test_aensure_token_takes_a_token_saved_later(server: FakeOAuth, clock: FakeClock) -> None:
    store = CountingStore()
    auth = _manager(store, clock, [])
    token = server.seed(expires_at=clock.now + timedelta(hours=1))
    MemoryTokenStore.save(store, token)
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler)) as http:
        assert await auth.aensure_token(http) is token
    assert store.saves == 0


def test_a_store_that_cannot_be_read_says_so_instead_of_no_token(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    auth = _manager(FileTokenStore(path), clock, [])
    path.write_text("{ not json", encoding="utf-8")  # another tool broke the file
    path.chmod(0o600)
    with (
        httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as http,
        pytest.raises(ConfigurationError, match=r"token\.json"),
    ):
        http.get(URL)


def _saved_login(fake: FakeBeatport, path: Path) -> None:
    """What another process's login leaves in the token file."""
    FileTokenStore(path).save(Token.from_response(fake.issue_token(), now=datetime.now(UTC)))


def test_a_beatport_client_started_before_the_login_uses_it(tmp_path: Path) -> None:
    fake = FakeBeatport()
    path = tmp_path / "bp.json"
    with httpx.Client(transport=fake.transport()) as http:
        bp = Beatport(
            fake.client_id, base_url=fake.base_url, http_client=http, store=FileTokenStore(path)
        )
        with pytest.raises(ConfigurationError, match="no token"):
            bp.my.account()
        _saved_login(fake, path)
        assert bp.my.account() is not None


def test_an_async_beatport_client_started_before_the_login_uses_it(tmp_path: Path) -> None:
    fake = FakeBeatport()
    path = tmp_path / "bp.json"

    async def main() -> object:
        async with httpx.AsyncClient(transport=fake.transport()) as http:
            bp = AsyncBeatport(
                fake.client_id, base_url=fake.base_url, http_client=http, store=FileTokenStore(path)
            )
            with pytest.raises(ConfigurationError, match="no token"):
                await bp.my.account()
            _saved_login(fake, path)
            return await bp.my.account()

    assert asyncio.run(asyncio.wait_for(main(), 30)) is not None


def _app_manager(store: TokenStore, clock: FakeClock) -> ClientCredentialsAuth:
    return ClientCredentialsAuth(
        TOKEN_URL, "cid", "csecret", store=store, hosts=["api.example.com"], clock=clock
    )


def test_an_app_manager_takes_the_app_token_saved_since_instead_of_fetching(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = CountingStore()
    auth = _app_manager(store, clock)
    saved = server.seed(expires_at=clock.now + timedelta(hours=1), refresh=False)
    MemoryTokenStore.save(store, saved)  # another process fetched the app token
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as http:
        assert http.get(URL).status_code == 200
    assert server.token_requests == []
    assert auth.token is saved


def test_an_app_manager_whose_store_cannot_be_read_fetches_its_token(
    server: FakeOAuth, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    auth = _app_manager(FileTokenStore(path), clock)
    path.write_text("{ not json", encoding="utf-8")
    path.chmod(0o600)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as http:
        assert http.get(URL).status_code == 200
    assert server.grants("client_credentials") == 1


def test_refresh_takes_a_token_saved_after_the_manager_started(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # refresh() read only the held token: "has no refresh token: log in first".
    store = CountingStore()
    auth = _manager(store, clock, [])
    token = server.seed(expires_at=clock.now + timedelta(hours=1))
    MemoryTokenStore.save(store, token)  # another process logs in
    with httpx.Client(transport=httpx.MockTransport(server.handler)) as http:
        new = auth.refresh(http)
    assert new is not token and new.refresh_token
    assert len(server.token_requests) == 1


async def test_arefresh_takes_a_token_saved_after_the_manager_started(
    server: FakeOAuth, clock: FakeClock
) -> None:
    store = CountingStore()
    auth = _manager(store, clock, [])
    MemoryTokenStore.save(store, server.seed(expires_at=clock.now + timedelta(hours=1)))
    async with httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler)) as http:
        await auth.arefresh(http)
    assert len(server.token_requests) == 1


def test_beattech_user_calls_take_a_login_saved_after_the_client_started(
    tmp_path: Path,
) -> None:
    from beatkit import BeatTech
    from beatkit.testing import FakeBeatTech

    fake = FakeBeatTech()
    path = tmp_path / "bt.json"

    def client() -> BeatTech:
        return BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=httpx.Client(transport=fake.transport()),
            store=FileTokenStore(path),
            requests_per_second=None,
        )

    with client() as early:
        with pytest.raises(ConfigurationError, match="no logged-in user"):
            early.users.get()
        with pytest.raises(ConfigurationError, match="needs a logged-in user"):
            early.progresses.list().to_list()
        with client() as other:  # another process logs in and saves the token
            other.auth.login(fake.username, fake.password)
            expected = other.users.get().id
        assert early.users.get().id == expected
        assert early.progresses.list().to_list() == []


async def test_async_beattech_user_calls_take_a_login_saved_later(tmp_path: Path) -> None:
    from beatkit import AsyncBeatTech, BeatTech
    from beatkit.testing import FakeBeatTech

    fake = FakeBeatTech()
    path = tmp_path / "bt.json"
    options = {
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "base_url": fake.base_url,
        "store": FileTokenStore(path),
        "requests_per_second": None,
    }
    async with AsyncBeatTech(
        fake.tenant, http_client=httpx.AsyncClient(transport=fake.transport()), **options
    ) as early:
        with BeatTech(
            fake.tenant, http_client=httpx.Client(transport=fake.transport()), **options
        ) as other:
            other.auth.login(fake.username, fake.password)
        assert (await early.users.get()).id
