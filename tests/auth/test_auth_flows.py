"""Tests for the token managers, driven through real httpx clients over MockTransport."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING

import attrs
import httpx
import pytest

from beatkit.auth import (
    BearerAuth,
    ClientCredentialsAuth,
    FileTokenStore,
    MemoryTokenStore,
    RefreshingAuth,
    Token,
    authorization_code_grant,
)
from beatkit.auth._manager import sendable
from beatkit.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ResponseDecodeError,
    ServerError,
)

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import FakeClock, FakeOAuth

SECRET = "s3cr3t"
CLIENT_SECRET = f"client-{SECRET}-value"
TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"
CDN = "https://cdn.example.com"
HOSTS = ["api.example.com"]


def _client(server: FakeOAuth, auth: httpx.Auth | None = None) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth)


def _aclient(server: FakeOAuth, auth: httpx.Auth | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(server.async_handler), auth=auth)


def _refreshing(server: FakeOAuth, clock: FakeClock, **kwargs: object) -> RefreshingAuth:
    options: dict[str, object] = {"hosts": HOSTS, "clock": clock, "service": "testsvc"}
    if "token" not in kwargs and "store" not in kwargs:
        options["token"] = server.seed(expires_at=clock.now + timedelta(hours=1))
    options.update(kwargs)
    return RefreshingAuth(TOKEN_URL, "cid", **options)  # type: ignore[arg-type]


@pytest.fixture
def auth_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.DEBUG, logger="beatkit"):
        yield caplog


# -- BearerAuth -----------------------------------------------------------------


def test_bearer_only_goes_to_its_hosts(server: FakeOAuth) -> None:
    server.valid_access.add(f"key-{SECRET}")
    auth = BearerAuth(f"key-{SECRET}", hosts="API.example.com")
    with _client(server, auth) as client:
        assert client.get(f"{API}/v1/beats").status_code == 200
        assert client.get(f"{CDN}/seg1.ts").status_code == 200
    assert server.api_auth == [f"Bearer key-{SECRET}"]
    assert server.cdn_auth == [None]
    assert auth.sends_token_to(f"{API}/x")
    assert not auth.sends_token_to(f"{CDN}/x")
    assert SECRET not in repr(auth)


def test_bearer_401_is_returned_without_retry(server: FakeOAuth) -> None:
    auth = BearerAuth(f"key-{SECRET}", hosts=HOSTS)
    with _client(server, auth) as client:
        assert client.get(f"{API}/v1/me").status_code == 401
    assert len(server.api_auth) == 1
    assert server.token_requests == []


def test_bearer_set_token_and_validation(server: FakeOAuth) -> None:
    auth = BearerAuth("old", hosts=HOSTS)
    auth.set_token("new")
    assert auth.token == Token(access_token="new")
    with pytest.raises(ConfigurationError):
        BearerAuth("  ", hosts=HOSTS)
    with pytest.raises(ConfigurationError):
        BearerAuth("x", hosts=[])
    with pytest.raises(ConfigurationError, match="not URLs"):
        BearerAuth("x", hosts="https://api.example.com/v1")


# A token read from a file with a line break inside it, or pasted with one: httpx would
# refuse it only while sending, quoting the whole Authorization header in its error.
UNSENDABLE = [f"key-{SECRET}\nnext-line", f"key\r\nX-Injected: {SECRET}", f"key\x00{SECRET}",
              f"key-{SECRET}\x7f", f"kéy-{SECRET}", f"key {SECRET}"]  # fmt: skip


@pytest.mark.parametrize("token", UNSENDABLE)
def test_bearer_refuses_a_token_a_header_cannot_carry_without_showing_it(
    server: FakeOAuth, token: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        BearerAuth(token, hosts=HOSTS)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    auth = BearerAuth("old", hosts=HOSTS)
    with pytest.raises(ConfigurationError) as info:
        auth.set_token(token)
    assert SECRET not in str(info.value)
    assert auth.token == Token(access_token="old")


@pytest.mark.parametrize("token", UNSENDABLE)
def test_a_stored_token_a_header_cannot_carry_is_refused_before_sending(
    server: FakeOAuth, clock: FakeClock, token: str
) -> None:
    stored = Token(access_token=token, expires_at=clock.now + timedelta(hours=1))
    auth = _refreshing(server, clock, store=MemoryTokenStore(stored))
    with _client(server, auth) as client, pytest.raises(ConfigurationError) as info:
        client.get(f"{API}/v1/me")
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    assert server.api_auth == []


def test_bearer_without_a_token_sends_nothing_until_set(server: FakeOAuth) -> None:
    server.valid_access.add(f"key-{SECRET}")
    auth = BearerAuth(None, hosts=HOSTS)
    assert auth.token is None
    with _client(server, auth) as client:
        client.get(f"{API}/v1/beats")
        auth.set_token(f"key-{SECRET}")
        client.get(f"{API}/v1/beats")
    assert server.api_auth == [None, f"Bearer key-{SECRET}"]


# -- ClientCredentialsAuth ------------------------------------------------------


def _cc(server: FakeOAuth, clock: FakeClock, **kwargs: object) -> ClientCredentialsAuth:
    options: dict[str, object] = {"hosts": HOSTS, "clock": clock, "scope": "catalog"}
    options.update(kwargs)
    return ClientCredentialsAuth(TOKEN_URL, "cid", CLIENT_SECRET, **options)  # type: ignore[arg-type]


def test_client_credentials_fetches_on_first_use_and_reuses(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _cc(server, clock)
    assert auth.token is None
    with _client(server, auth) as client:
        for _ in range(3):
            assert client.get(f"{API}/v2/tracks").status_code == 200
    assert server.token_requests == [
        {
            "grant_type": "client_credentials",
            "scope": "catalog",
            "client_id": "cid",
            "client_secret": CLIENT_SECRET,
        }
    ]
    assert auth.token is not None
    assert auth.token.expires_at == clock.now + timedelta(seconds=3600)


def test_client_credentials_refetches_on_expiry(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _cc(server, clock, refresh_buffer=60)
    with _client(server, auth) as client:
        client.get(f"{API}/a")
        clock.advance(3600 - 61)
        client.get(f"{API}/a")
        assert server.grants("client_credentials") == 1
        clock.advance(2)  # now inside the 60 s buffer
        client.get(f"{API}/a")
    assert server.grants("client_credentials") == 2
    assert server.api_auth[-1] == f"Bearer at-{SECRET}-2"


def test_client_credentials_basic_auth_and_extra_params(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _cc(server, clock, auth_method="client_secret_basic", extra_params={"tenant": "fabel"})
    with _client(server, auth) as client:
        client.get(f"{API}/a")
    assert server.token_requests[0] == {
        "tenant": "fabel",
        "grant_type": "client_credentials",
        "scope": "catalog",
    }
    assert server.token_headers[0]["authorization"].startswith("Basic ")


def test_client_credentials_refetches_once_on_401(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _cc(server, clock)
    with _client(server, auth) as client:
        client.get(f"{API}/a")
        server.revoke_all_access()  # e.g. the app's tokens were revoked server-side
        response = client.get(f"{API}/a")
    assert response.status_code == 200
    assert server.grants("client_credentials") == 2


def test_client_credentials_store_is_used(server: FakeOAuth, clock: FakeClock) -> None:
    store = MemoryTokenStore()
    with _client(server, _cc(server, clock, store=store)) as client:
        client.get(f"{API}/a")
    assert store.load() is not None
    # A second manager (the next run) starts from the stored token.
    with _client(server, _cc(server, clock, store=store)) as client:
        client.get(f"{API}/a")
    assert server.grants("client_credentials") == 1


# -- RefreshingAuth ---------------------------------------------------------------


def test_fresh_token_is_used_without_refresh(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _refreshing(server, clock)
    with _client(server, auth) as client:
        assert client.get(f"{API}/me").status_code == 200
    assert server.token_requests == []
    assert server.api_auth == [f"Bearer at-{SECRET}-1"]


def test_refresh_ahead_of_expiry(server: FakeOAuth, clock: FakeClock) -> None:
    seen: list[Token] = []
    store = MemoryTokenStore()
    token = server.seed(expires_at=clock.now + timedelta(seconds=299))
    auth = _refreshing(server, clock, token=token, store=store, on_token=seen.append)
    with _client(server, auth) as client:
        assert client.get(f"{API}/me").status_code == 200
    assert server.token_requests == [
        {"grant_type": "refresh_token", "refresh_token": f"rt-{SECRET}-1", "client_id": "cid"}
    ]
    assert server.api_auth == [f"Bearer at-{SECRET}-2"]
    assert auth.token is not None
    assert auth.token.access_token == f"at-{SECRET}-2"
    assert seen == [auth.token]
    assert store.load() == auth.token


def test_refresh_buffer_is_configurable(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now + timedelta(seconds=299))
    auth = _refreshing(server, clock, token=token, refresh_buffer=10)
    with _client(server, auth) as client:
        client.get(f"{API}/me")
    assert server.token_requests == []


def test_short_lived_token_is_not_refreshed_on_every_request(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # A 600 s token with a 900 s buffer: refreshed at half its life, not always.
    server.expires_in = 600
    token = server.seed(expires_at=clock.now)
    auth = _refreshing(server, clock, token=token, refresh_buffer=900)
    with _client(server, auth) as client:
        client.get(f"{API}/me")
        for _ in range(5):
            client.get(f"{API}/me")
        assert server.grants("refresh_token") == 1
        clock.advance(301)
        client.get(f"{API}/me")
    assert server.grants("refresh_token") == 2


def test_401_refreshes_once_and_replays_once(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _refreshing(server, clock)
    server.revoke_all_access()
    with _client(server, auth) as client:
        response = client.post(f"{API}/me/likes", json={"track": 1})
    assert response.status_code == 200
    assert server.grants("refresh_token") == 1
    assert server.api_auth == [f"Bearer at-{SECRET}-1", f"Bearer at-{SECRET}-2"]
    assert [r.status_code for r in response.history] == [401, 200]  # the 401, the token call


def test_second_401_is_returned_without_looping(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _refreshing(server, clock)
    server.revoke_all_access()
    server.valid_access = _Never()  # the API refuses every token
    with _client(server, auth) as client:
        response = client.get(f"{API}/me")
    assert response.status_code == 401
    assert server.grants("refresh_token") == 1
    assert len(server.api_auth) == 2


class _Never(set[str]):
    def __contains__(self, item: object) -> bool:
        return False


def test_streamed_body_is_not_replayed(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _refreshing(server, clock)
    server.revoke_all_access()

    def body() -> Iterator[bytes]:
        yield b"chunk"

    with _client(server, auth) as client:
        response = client.post(f"{API}/upload", content=body())
    assert response.status_code == 401
    assert server.token_requests == []


@pytest.mark.parametrize("status", [400, 401])
def test_invalid_grant_means_log_in_again(
    server: FakeOAuth, clock: FakeClock, status: int, auth_logs: pytest.LogCaptureFixture
) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    server.token_replies.append(
        httpx.Response(
            status, json={"error": "invalid_grant", "error_description": "Refresh token expired."}
        )
    )
    with _client(server, auth) as client, pytest.raises(AuthenticationError) as info:
        client.get(f"{API}/me")
    error = info.value
    assert error.code == "invalid_grant"
    assert error.status_code == status
    assert error.service == "testsvc"
    assert "log in again" in str(error)
    assert "Refresh token expired." in str(error)
    assert server.api_auth == []  # the API was never called with a dead token
    assert SECRET not in str(error) + repr(error) + repr(error.body)
    assert SECRET not in auth_logs.text


def test_rotated_away_refresh_token_is_invalid_grant(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    server.valid_refresh.clear()
    auth = _refreshing(server, clock, token=token)
    with _client(server, auth) as client, pytest.raises(AuthenticationError, match="log in again"):
        client.get(f"{API}/me")


def test_token_endpoint_502_html_is_a_server_error(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    server.token_replies.append(httpx.Response(502, text="<html>Bad Gateway</html>"))
    with _client(server, auth) as client, pytest.raises(ServerError) as info:
        client.get(f"{API}/me")
    assert info.value.status_code == 502
    # The failure left the lock free and the old token in place: the next call retries.
    with _client(server, auth) as client:
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 2


def test_lock_is_released_when_the_token_request_fails_in_transport(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    calls = 0

    def flaky(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ConnectError("refused", request=request)
        return server.handler(request)

    with httpx.Client(transport=httpx.MockTransport(flaky), auth=auth) as client:
        with pytest.raises(httpx.ConnectError):
            client.get(f"{API}/me")
        result: list[int] = []
        worker = threading.Thread(target=lambda: result.append(client.get(f"{API}/me").status_code))
        worker.start()
        worker.join(timeout=10)
    assert not worker.is_alive(), "the lock was left held"
    assert result == [200]


def test_refresh_keeps_refresh_token_and_extra_fields(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    token = Token(
        access_token=token.access_token,
        refresh_token=token.refresh_token,
        expires_at=token.expires_at,
        extra={"user_id": "u-42"},
    )
    server.include_refresh_token = False
    server.extra_fields = {"session": "s1"}
    auth = _refreshing(server, clock, token=token)
    with _client(server, auth) as client:
        client.get(f"{API}/me")
    assert auth.token is not None
    assert auth.token.refresh_token == f"rt-{SECRET}-1"
    assert auth.token.extra == {"user_id": "u-42", "session": "s1"}


def test_token_without_refresh_token_is_used_as_is(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1), refresh=False)
    auth = _refreshing(server, clock, token=token)
    with _client(server, auth) as client:
        assert client.get(f"{API}/me").status_code == 200  # the server still accepts it
        server.revoke_all_access()
        assert client.get(f"{API}/me").status_code == 401
    assert server.token_requests == []


def test_no_token_is_a_configuration_error(server: FakeOAuth, clock: FakeClock) -> None:
    auth = RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, clock=clock)
    with _client(server, auth) as client, pytest.raises(ConfigurationError, match="no token"):
        client.get(f"{API}/me")
    with _client(server, auth) as client:
        assert client.get(f"{CDN}/free").status_code == 200  # other hosts need no token


def test_the_no_token_error_speaks_of_the_service_not_the_class(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # It began "RefreshingAuth for beatport has no token": a class the user never made.
    auth = RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, clock=clock, service="beatport")
    with _client(server, auth) as client, pytest.raises(ConfigurationError) as info:
        client.get(f"{API}/me")
    assert str(info.value).startswith("beatport: no token: ")
    assert "Auth" not in str(info.value)


def test_other_hosts_get_no_token_and_trigger_no_refresh(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    with _client(server, auth) as client:
        assert client.get(f"{CDN}/needledrop/seg.aac").status_code == 200
        assert client.get("https://api.example.com.evil.test/x").status_code == 401
    assert server.cdn_auth == [None]
    assert server.api_auth == [None]
    assert server.token_requests == []


def test_token_endpoint_may_share_the_api_host(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = RefreshingAuth(
        f"{API}/oauth/token",
        "cid",
        client_secret=CLIENT_SECRET,
        token=token,
        hosts=HOSTS,
        clock=clock,
        extra_params={"client_id": "cid"},
    )
    with _client(server, auth) as client:
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 1
    assert "authorization" not in server.token_headers[0]


def test_file_store_and_on_token(server: FakeOAuth, clock: FakeClock, tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "beatport.json")
    store.save(server.seed(expires_at=clock.now - timedelta(seconds=1)))
    seen: list[Token] = []
    auth = _refreshing(server, clock, store=store, on_token=seen.append)
    assert auth.token == store.load()
    with _client(server, auth) as client:
        client.get(f"{API}/me")
    assert len(seen) == 1
    assert store.load() == seen[0] == auth.token


def test_set_token_and_clear_token(server: FakeOAuth, clock: FakeClock) -> None:
    store = MemoryTokenStore()
    seen: list[Token] = []
    auth = RefreshingAuth(
        TOKEN_URL, "cid", hosts=HOSTS, clock=clock, store=store, on_token=seen.append
    )
    token = server.seed(expires_at=clock.now + timedelta(hours=1))
    auth.set_token(token)
    assert auth.token is token
    assert store.load() is token
    assert seen == []  # on_token reports tokens the manager obtained itself
    auth.clear_token()
    assert auth.token is None
    assert store.load() is None


def test_login_with_an_authorization_code(server: FakeOAuth, clock: FakeClock) -> None:
    seen: list[Token] = []
    auth = RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, clock=clock, on_token=seen.append)
    with _client(server, auth) as client:
        token = auth.login(client, authorization_code_grant("the-code", code_verifier="v" * 43))
        assert client.get(f"{API}/me").status_code == 200
    assert server.token_requests[0] == {
        "grant_type": "authorization_code",
        "code": "the-code",
        "code_verifier": "v" * 43,
        "client_id": "cid",
    }
    assert seen == [token] == [auth.token]


def test_forced_refresh_keeps_user_id_and_refresh_token(
    server: FakeOAuth, clock: FakeClock
) -> None:
    seen: list[Token] = []
    seeded = server.seed(expires_at=clock.now + timedelta(hours=1))  # fresh: no refresh due
    token = Token(
        access_token=seeded.access_token,
        refresh_token=seeded.refresh_token,
        expires_at=seeded.expires_at,
        extra={"user_id": "28392"},
    )
    server.include_refresh_token = False
    auth = _refreshing(server, clock, token=token, on_token=seen.append)
    with _client(server, auth) as client:
        fresh = auth.refresh(client)
    assert server.token_requests == [
        {"grant_type": "refresh_token", "refresh_token": f"rt-{SECRET}-1", "client_id": "cid"}
    ]
    assert fresh is auth.token
    assert fresh.access_token == f"at-{SECRET}-2"
    assert fresh.refresh_token == f"rt-{SECRET}-1"  # the answer had none: the old one stays
    assert fresh.extra == {"user_id": "28392"}
    assert seen == [fresh]


async def test_forced_refresh_async(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _refreshing(server, clock)
    async with _aclient(server, auth) as client:
        fresh = await auth.arefresh(client)
    assert server.grants("refresh_token") == 1
    assert fresh.access_token == f"at-{SECRET}-2"


def test_forced_refresh_needs_a_refresh_token(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now + timedelta(hours=1), refresh=False)
    auth = _refreshing(server, clock, token=token)
    with _client(server, auth) as client, pytest.raises(ConfigurationError, match="refresh"):
        auth.refresh(client)
    empty = RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, clock=clock)
    with _client(server, empty) as client, pytest.raises(ConfigurationError, match="log in"):
        empty.refresh(client)
    assert server.token_requests == []


def test_forced_refresh_refused_is_log_in_again(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _refreshing(server, clock)
    server.valid_refresh.clear()
    with _client(server, auth) as client:
        with pytest.raises(AuthenticationError, match="log in again") as info:
            auth.refresh(client)
        assert info.value.code == "invalid_grant"
        # The refused refresh token is never sent again.
        with pytest.raises(AuthenticationError):
            auth.refresh(client)
    assert server.grants("refresh_token") == 1


def test_ensure_token_outside_httpx(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    with _client(server, auth) as client:
        fresh = auth.ensure_token(client)
        assert auth.ensure_token(client) is fresh
    assert fresh.access_token == f"at-{SECRET}-2"
    assert server.grants("refresh_token") == 1


def test_configuration_is_validated(clock: FakeClock) -> None:
    with pytest.raises(ConfigurationError, match="https"):
        RefreshingAuth("http://auth.example.com/token", "cid", hosts=HOSTS)
    RefreshingAuth("http://127.0.0.1:8000/token", "cid", hosts=HOSTS)  # loopback is fine
    with pytest.raises(ConfigurationError, match="client_secret"):
        RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, auth_method="client_secret_basic")
    with pytest.raises(ConfigurationError):
        RefreshingAuth(TOKEN_URL, "", hosts=HOSTS)
    with pytest.raises(ConfigurationError):
        RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, refresh_buffer=-1)
    with pytest.raises(ConfigurationError):
        ClientCredentialsAuth(TOKEN_URL, "cid", "", hosts=HOSTS)


def test_a_huge_refresh_buffer_refreshes_instead_of_overflowing(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # A token of unknown lifetime (no obtained_at) takes the buffer as it is: 1e300 s
    # past now is beyond any datetime, which raised OverflowError on every request.
    token = attrs.evolve(server.seed(expires_at=clock.now + timedelta(hours=1)), obtained_at=None)
    auth = _refreshing(server, clock, token=token, refresh_buffer=1e300)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 1


@pytest.mark.parametrize("buffer", [True, float("nan"), float("inf"), "300", None])
def test_refresh_buffer_must_be_a_finite_number(buffer: object) -> None:
    # True read as 1 s, NaN never refreshed ahead, "300" raised a raw TypeError.
    with pytest.raises(ConfigurationError, match="refresh_buffer"):
        RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, refresh_buffer=buffer)  # type: ignore[arg-type]


def test_on_token_must_be_callable() -> None:
    # It was accepted, and failed only after a token had been obtained and saved.
    with pytest.raises(ConfigurationError, match="on_token"):
        RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, on_token="print")  # type: ignore[arg-type]


@pytest.mark.parametrize("store", ["bp.json", PurePath("bp.json"), {}, Token(access_token="t")])
def test_store_must_be_a_token_store(store: object) -> None:
    # A path given for a store raised a raw AttributeError ('str' object has no
    # attribute 'load') from inside the manager.
    with pytest.raises(ConfigurationError, match="store must be a token store") as info:
        RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, store=store)  # type: ignore[arg-type]
    assert "FileTokenStore" in str(info.value)


# -- single flight ------------------------------------------------------------------


def test_single_refresh_across_threads(server: FakeOAuth, clock: FakeClock) -> None:
    server.delay = 0.05  # hold the refresh open so the other threads pile up
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    with _client(server, auth) as client, ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda _: client.get(f"{API}/me").status_code, range(16)))
    assert statuses == [200] * 16
    assert server.grants("refresh_token") == 1
    assert set(server.api_auth) == {f"Bearer at-{SECRET}-2"}


def test_single_refresh_after_concurrent_401s_across_threads(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.delay = 0.05
    auth = _refreshing(server, clock)
    server.revoke_all_access()
    barrier = threading.Barrier(8, timeout=10)

    def call(_: int) -> int:
        barrier.wait()
        return client.get(f"{API}/me").status_code

    with _client(server, auth) as client, ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(call, range(8)))
    assert statuses == [200] * 8
    assert server.grants("refresh_token") == 1


async def test_single_refresh_across_tasks(server: FakeOAuth, clock: FakeClock) -> None:
    server.delay = 0.02
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    async with _aclient(server, auth) as client:
        responses = await asyncio.gather(*(client.get(f"{API}/me") for _ in range(50)))
    assert [r.status_code for r in responses] == [200] * 50
    assert server.grants("refresh_token") == 1
    assert set(server.api_auth) == {f"Bearer at-{SECRET}-2"}


async def test_single_refresh_after_concurrent_401s_across_tasks(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.delay = 0.02
    auth = _refreshing(server, clock)
    server.revoke_all_access()
    async with _aclient(server, auth) as client:
        responses = await asyncio.gather(*(client.get(f"{API}/me") for _ in range(50)))
    assert [r.status_code for r in responses] == [200] * 50
    assert server.grants("refresh_token") == 1


async def test_async_client_credentials_and_ensure_token(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _cc(server, clock)
    async with _aclient(server, auth) as client:
        token = await auth.aensure_token(client)
        assert (await client.get(f"{API}/a")).status_code == 200
        assert (await client.get(f"{CDN}/b")).status_code == 200
    assert server.grants("client_credentials") == 1
    assert server.api_auth == [f"Bearer {token.access_token}"]
    assert server.cdn_auth == [None]


async def test_async_invalid_grant_and_login(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    server.valid_refresh.clear()
    auth = _refreshing(server, clock, token=token)
    async with _aclient(server, auth) as client:
        with pytest.raises(AuthenticationError, match="log in again"):
            await client.get(f"{API}/me")
        await auth.alogin(client, {"grant_type": "password", "username": "u", "password": SECRET})
        assert (await client.get(f"{API}/me")).status_code == 200


async def test_async_401_replay_once(server: FakeOAuth, clock: FakeClock) -> None:
    auth = _refreshing(server, clock)
    server.revoke_all_access()
    async with _aclient(server, auth) as client:
        response = await client.get(f"{API}/me")
    assert response.status_code == 200
    assert server.grants("refresh_token") == 1
    assert len(server.api_auth) == 2


# -- bodies that do not decode as their Content-Encoding says ---------------------


def _not_gzip(status: int) -> httpx.Response:
    return httpx.Response(
        status, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip")
    )


def test_a_401_whose_body_does_not_decode_is_a_response_decode_error(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # Regression: reading the 401 before the refresh raised httpx.DecodingError, which
    # no beatkit error maps.
    auth = _refreshing(server, clock)
    server.revoke_all_access()
    answers = [_not_gzip(401)]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.com" and answers:
            server.api_auth.append(request.headers.get("authorization"))
            return answers.pop()
        return server.handler(request)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        with pytest.raises(ResponseDecodeError, match=r"Content-Encoding \(gzip\)") as info:
            client.get(f"{API}/me")
        assert info.value.status_code == 401
        assert client.get(f"{API}/me").status_code == 200  # a readable 401 is refreshed
    assert server.grants("refresh_token") == 1


async def test_async_a_401_whose_body_does_not_decode_is_a_response_decode_error(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _refreshing(server, clock)
    server.revoke_all_access()
    answers = [_not_gzip(401)]

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.com" and answers:
            server.api_auth.append(request.headers.get("authorization"))
            return answers.pop()
        return await server.async_handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as client:
        with pytest.raises(ResponseDecodeError, match=r"Content-Encoding \(gzip\)") as info:
            await client.get(f"{API}/me")
        assert info.value.status_code == 401
        assert (await client.get(f"{API}/me")).status_code == 200
    assert server.grants("refresh_token") == 1


def test_a_token_answer_that_does_not_decode_is_a_response_decode_error(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # Regression: it raised httpx.DecodingError, which no beatkit error maps.
    auth = _refreshing(server, clock, token=server.seed(expires_at=clock.now))
    server.token_replies.append(_not_gzip(200))
    with _client(server, auth) as client:
        with pytest.raises(ResponseDecodeError, match=r"Content-Encoding \(gzip\)") as info:
            client.get(f"{API}/me")
        assert info.value.status_code == 200
        assert info.value.service == "testsvc"
        assert client.get(f"{API}/me").status_code == 200  # the next call refreshes again
    assert server.grants("refresh_token") == 2


async def test_async_a_token_answer_that_does_not_decode_is_a_response_decode_error(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _refreshing(server, clock, token=server.seed(expires_at=clock.now))
    server.token_replies.append(_not_gzip(200))
    async with _aclient(server, auth) as client:
        with pytest.raises(ResponseDecodeError, match=r"Content-Encoding \(gzip\)") as info:
            await client.get(f"{API}/me")
        assert info.value.status_code == 200
        assert (await client.get(f"{API}/me")).status_code == 200
    assert server.grants("refresh_token") == 2


# -- token requests take the caller's timeout ----------------------------------------


def test_token_request_uses_the_client_and_per_call_timeout(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    client = httpx.Client(
        transport=httpx.MockTransport(server.handler), auth=auth, timeout=httpx.Timeout(3.0)
    )
    with client:
        client.get(f"{API}/me")
        auth.set_token(server.seed(expires_at=clock.now - timedelta(seconds=1)))
        client.get(f"{API}/me", timeout=1.5)  # a per-call timeout wins for its refresh too
    assert server.token_timeouts == [
        httpx.Timeout(3.0).as_dict(),
        httpx.Timeout(1.5).as_dict(),
    ]


async def test_async_token_request_uses_the_client_and_per_call_timeout(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    client = httpx.AsyncClient(
        transport=httpx.MockTransport(server.async_handler), auth=auth, timeout=3.0
    )
    async with client:
        await client.get(f"{API}/me")
        server.revoke_all_access()  # the 401 path refreshes within the same timeout
        await client.get(f"{API}/me", timeout=httpx.Timeout(2.0, connect=0.5))
    assert server.token_timeouts == [
        httpx.Timeout(3.0).as_dict(),
        httpx.Timeout(2.0, connect=0.5).as_dict(),
    ]


async def test_ensure_token_and_login_use_the_client_timeout(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    with _client(server) as client:
        client.timeout = httpx.Timeout(4.0)
        auth.ensure_token(client)
        auth.login(client, {"grant_type": "password", "username": "u", "password": SECRET})
    async with _aclient(server) as aclient:
        aclient.timeout = httpx.Timeout(6.0)
        auth.set_token(server.seed(expires_at=clock.now - timedelta(seconds=1)))
        await auth.aensure_token(aclient)
        await auth.alogin(aclient, {"grant_type": "password", "username": "u", "password": SECRET})
    assert (
        server.token_timeouts
        == [httpx.Timeout(4.0).as_dict()] * 2 + [httpx.Timeout(6.0).as_dict()] * 2
    )


# -- token requests the manager sends itself fail with beatkit errors ------------------


def _unreachable(error: type[httpx.TransportError]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("no answer", request=request)

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("error", "expected"),
    [(httpx.ConnectError, APIConnectionError), (httpx.ReadTimeout, APITimeoutError)],
)
def test_ensure_login_and_refresh_map_transport_failures(
    server: FakeOAuth,
    clock: FakeClock,
    error: type[httpx.TransportError],
    expected: type[APIConnectionError],
) -> None:
    # Regression: they sent through the client given and let httpx's errors out bare.
    auth = _refreshing(server, clock, token=server.seed(expires_at=clock.now))
    grant = {"grant_type": "password", "username": "u", "password": f"pw-{SECRET}"}
    with httpx.Client(transport=_unreachable(error)) as client:
        for call in (
            lambda: auth.ensure_token(client),
            lambda: auth.refresh(client),
            lambda: auth.login(client, grant),
        ):
            with pytest.raises(expected) as info:
                call()
            assert type(info.value) is expected
            assert isinstance(info.value.__cause__, error)
            assert info.value.service == "testsvc"
            assert info.value.url == TOKEN_URL
            assert SECRET not in str(info.value)


def test_callers_waiting_on_an_unanswered_token_request_get_the_mapped_error(
    server: FakeOAuth, clock: FakeClock
) -> None:
    # Regression: the caller that sent it got APIConnectionError, the ones waiting on
    # it got httpx.ConnectError.
    started = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        started.set()
        threading.Event().wait(0.3)  # the other callers queue on the lock meanwhile
        raise httpx.ConnectError("no answer", request=request)

    auth = _cc(server, clock)
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:

        def call() -> BaseException | None:
            try:
                auth.ensure_token(client)
            except BaseException as exc:
                return exc
            return None

        with ThreadPoolExecutor(3) as pool:
            first = pool.submit(call)
            assert started.wait(5)
            waiters = [pool.submit(call) for _ in range(2)]
            errors = [first.result(5), *(w.result(5) for w in waiters)]
    assert [type(e) for e in errors] == [APIConnectionError] * 3
    assert all(e is not None and getattr(e, "url", None) == TOKEN_URL for e in errors)


@pytest.mark.parametrize(
    ("error", "expected"),
    [(httpx.ConnectError, APIConnectionError), (httpx.ReadTimeout, APITimeoutError)],
)
async def test_async_ensure_login_and_refresh_map_transport_failures(
    server: FakeOAuth,
    clock: FakeClock,
    error: type[httpx.TransportError],
    expected: type[APIConnectionError],
) -> None:
    auth = _refreshing(server, clock, token=server.seed(expires_at=clock.now))
    grant = {"grant_type": "password", "username": "u", "password": f"pw-{SECRET}"}
    async with httpx.AsyncClient(transport=_unreachable(error)) as client:
        for call in (
            lambda: auth.aensure_token(client),
            lambda: auth.arefresh(client),
            lambda: auth.alogin(client, grant),
        ):
            with pytest.raises(expected) as info:
                await call()
            assert type(info.value) is expected
            assert isinstance(info.value.__cause__, error)
            assert info.value.url == TOKEN_URL


# -- a failed refresh is shared by the callers waiting on it ---------------------------


def test_a_failed_refresh_fails_every_waiting_thread_once(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _refreshing(server, clock)
    server.revoke_all_access()
    server.token_gate = 8  # answer once all eight threads got their 401
    server.token_replies.append(httpx.Response(502, text="<html>Bad Gateway</html>"))
    barrier = threading.Barrier(8, timeout=10)

    def call(_: int) -> BaseException | None:
        barrier.wait()
        try:
            client.get(f"{API}/me")
        except ServerError as exc:
            return exc
        return None

    with _client(server, auth) as client, ThreadPoolExecutor(max_workers=8) as pool:
        errors = list(pool.map(call, range(8)))
        assert all(isinstance(e, ServerError) and e.status_code == 502 for e in errors)
        assert len({id(e) for e in errors}) == 8  # each caller has its own exception
        assert server.grants("refresh_token") == 1
        # A later call is a new attempt: the endpoint may have recovered.
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 2


async def test_a_failed_refresh_fails_every_waiting_task_once(
    server: FakeOAuth, clock: FakeClock
) -> None:
    server.delay = 0.02
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    server.token_replies.append(httpx.Response(503, json={"detail": "down"}))
    async with _aclient(server, auth) as client:
        results = await asyncio.wait_for(
            asyncio.gather(*(client.get(f"{API}/me") for _ in range(50)), return_exceptions=True),
            timeout=10,
        )
        assert all(isinstance(r, ServerError) and r.status_code == 503 for r in results)
        assert server.grants("refresh_token") == 1
        assert (await client.get(f"{API}/me")).status_code == 200
    assert server.grants("refresh_token") == 2
    assert server.api_auth == [f"Bearer at-{SECRET}-2"]  # no call went out with the stale token


async def test_a_cancelled_refresh_is_not_a_failure(server: FakeOAuth, clock: FakeClock) -> None:
    # The first refresh hangs until its task is cancelled; a waiting task then
    # sends its own, instead of inheriting a failure that never happened.
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    started = asyncio.Event()
    calls = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        if request.url.host == "auth.example.com":
            calls += 1
            if calls == 1:
                started.set()
                await asyncio.sleep(10)
        return await server.async_handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as client:
        first = asyncio.create_task(client.get(f"{API}/me"))
        await asyncio.wait_for(started.wait(), timeout=10)
        others = [asyncio.create_task(client.get(f"{API}/me")) for _ in range(5)]
        await asyncio.sleep(0.01)
        first.cancel()
        responses = await asyncio.wait_for(asyncio.gather(*others), timeout=10)
    assert [r.status_code for r in responses] == [200] * 5
    assert first.cancelled()
    assert calls == 2


def test_a_refused_refresh_token_is_not_sent_again(server: FakeOAuth, clock: FakeClock) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    server.valid_refresh.clear()
    auth = _refreshing(server, clock, token=token)
    with _client(server, auth) as client:
        for _ in range(3):
            with pytest.raises(AuthenticationError, match="log in again") as info:
                client.get(f"{API}/me")
            assert info.value.code == "invalid_grant"
        assert server.grants("refresh_token") == 1
        # Other failures are not final: a 502 is retried by the next call.
        auth.set_token(server.seed(expires_at=clock.now - timedelta(seconds=1)))
        server.token_replies.append(httpx.Response(502, text="Bad Gateway"))
        with pytest.raises(ServerError):
            client.get(f"{API}/me")
        assert client.get(f"{API}/me").status_code == 200
    assert server.grants("refresh_token") == 3


# -- one manager shared by a sync and an async client ------------------------------


async def test_a_sync_client_on_the_refreshing_loop_is_refused(
    server: FakeOAuth, clock: FakeClock
) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = _refreshing(server, clock, token=token)
    started = asyncio.Event()
    release = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            started.set()
            await asyncio.wait_for(release.wait(), timeout=10)
        return await server.async_handler(request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), auth=auth) as aclient:
        refresh = asyncio.create_task(aclient.get(f"{API}/me"))
        await asyncio.wait_for(started.wait(), timeout=10)
        with _client(server, auth) as client, pytest.raises(ConfigurationError, match="loop"):
            client.get(f"{API}/me")
        release.set()
        assert (await asyncio.wait_for(refresh, timeout=10)).status_code == 200
    assert server.grants("refresh_token") == 1


# -- secrets ------------------------------------------------------------------------


def test_no_secret_in_reprs_errors_or_logs(
    server: FakeOAuth, clock: FakeClock, auth_logs: pytest.LogCaptureFixture
) -> None:
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    auth = RefreshingAuth(
        TOKEN_URL,
        "cid",
        client_secret=CLIENT_SECRET,
        token=token,
        hosts=HOSTS,
        clock=clock,
        store=MemoryTokenStore(token),
    )
    cc = _cc(server, clock)
    with _client(server, auth) as client:
        client.get(f"{API}/me")  # refresh + call
        server.revoke_all_access()
        client.get(f"{API}/me")  # 401 + refresh + replay
    with _client(server, cc) as client:
        client.get(f"{API}/me")
    server.token_replies.append(
        httpx.Response(401, json={"error": "invalid_client", "access_token": f"x-{SECRET}"})
    )
    clock.advance(10**6)
    errors: list[Exception] = []
    with _client(server, auth) as client:
        try:
            client.get(f"{API}/me")
        except AuthenticationError as exc:
            errors.append(exc)
    assert errors
    texts = [repr(auth), str(auth), repr(cc), repr(auth.token), str(auth.token), auth_logs.text]
    texts += [str(e) for e in errors] + [repr(e) for e in errors] + [repr(e.body) for e in errors]  # type: ignore[attr-defined]
    for text in texts:
        assert SECRET not in text
    assert "obtained a new access token" in auth_logs.text
    assert "401 from api.example.com" in auth_logs.text


def test_naive_clock_values_are_refused(server: FakeOAuth) -> None:
    auth = ClientCredentialsAuth(
        TOKEN_URL,
        "cid",
        CLIENT_SECRET,
        hosts=HOSTS,
        clock=lambda: datetime(2025, 1, 1),
    )
    with _client(server, auth) as client, pytest.raises(ConfigurationError, match="timezone"):
        client.get(f"{API}/a")


async def _async_on_token(token: Token) -> None:
    """Called without await, its body would never run: the token would go unsaved."""


def test_an_async_on_token_is_refused_up_front() -> None:
    with pytest.raises(ConfigurationError) as info:
        RefreshingAuth(TOKEN_URL, "cid", hosts=HOSTS, on_token=_async_on_token)
    assert str(info.value) == "on_token must be a plain function, not an async one"


@pytest.mark.parametrize("given", ["Bearer abc.def-123", "bearer abc.def-123", "Bearer  abc"])
def test_a_token_pasted_with_its_scheme_says_to_drop_it(given: str) -> None:
    # Regression: the message spoke of line breaks and non-ASCII, not of the "Bearer "
    # a header copied whole brings along.
    with pytest.raises(ConfigurationError, match="without the 'Bearer ' in front") as info:
        sendable(Token(access_token=given))
    assert "abc" not in str(info.value)


def test_a_token_with_a_space_inside_names_whitespace() -> None:
    with pytest.raises(ConfigurationError, match="whitespace"):
        sendable(Token(access_token="abc def"))
