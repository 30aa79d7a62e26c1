"""A stored token is sent only by a manager of the token endpoint and client that issued it.

Managers sharing one store (two Beat Technology tenants, two services, two client ids)
sent each other's tokens: the bearer token to the other's API host, the refresh token
to the other's token endpoint. A token a manager obtains (login, refresh, client
credentials) now records its issuer, ``(token_url, client_id)``; a manager reading a
token of another issuer from its store (at construction, on a token-less call, or as
a newer token before a refresh) ignores it as if the store were empty. A token without
an issuer (a file of an older beatkit, a token built by hand) is still taken.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import BeatkitError, ConfigurationError
from beatkit.testing.beatport import FakeBeatport

A_URL = "https://auth.a.example/oauth/token"
B_URL = "https://auth.b.example/oauth/token"


class Endpoints:
    """Two token endpoints and two APIs; every request recorded."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.issued = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/oauth/token":
            self.issued += 1
            site = request.url.host.split(".")[1]
            return httpx.Response(
                200,
                json={
                    "access_token": f"{site}-access-{self.issued}",
                    "refresh_token": f"{site}-refresh-{self.issued}",
                    "expires_in": 3600,
                },
            )
        return httpx.Response(200, json={"ok": True})

    def sent_to(self, host: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.host == host]


def refreshing(url: str, store: TokenStore, client_id: str = "cid") -> RefreshingAuth:
    host = "api." + url.split(".")[1] + ".example"
    return RefreshingAuth(url, client_id, store=store, hosts=[host], service="svc")


def leaked(requests: list[httpx.Request], *secrets: str | None) -> bool:
    return any(
        secret is not None
        and (secret in r.headers.get("authorization", "") or secret.encode() in r.content)
        for r in requests
        for secret in secrets
    )


def test_a_token_obtained_records_its_issuer_and_round_trips_it() -> None:
    endpoints = Endpoints()
    store = MemoryTokenStore()
    manager = refreshing(A_URL, store)
    with httpx.Client(transport=httpx.MockTransport(endpoints)) as http:
        token = manager.login(http, {"grant_type": "password", "username": "u", "password": "p"})
        assert token.issuer == (A_URL, "cid")
        refreshed = manager.refresh(http)
    assert refreshed.issuer == (A_URL, "cid")
    stored = store.load()
    assert stored is not None and stored.issuer == (A_URL, "cid")
    # A store keeping only to_dict()'s output keeps it; repr and extra never show it.
    assert Token.from_dict(json.loads(json.dumps(refreshed.to_dict()))).issuer == refreshed.issuer
    assert "issuer" not in refreshed.extra
    assert "auth.a.example" not in repr(refreshed) and "cid" not in repr(refreshed)
    assert repr(refreshed) == repr(attrs.evolve(refreshed, issuer=None))
    assert refreshed == attrs.evolve(refreshed, issuer=None)


def test_no_secret_of_the_token_url_is_recorded() -> None:
    endpoints = Endpoints()
    manager = RefreshingAuth(
        "https://user:pw@auth.a.example/oauth/token?key=sekret",
        "cid",
        hosts=["api.a.example"],
    )
    with httpx.Client(transport=httpx.MockTransport(endpoints)) as http:
        token = manager.login(http, {"grant_type": "password", "username": "u", "password": "p"})
    assert token.issuer == (A_URL, "cid")


def test_a_token_of_another_token_url_in_the_store_is_not_sent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    endpoints = Endpoints()
    store = MemoryTokenStore()
    first = refreshing(A_URL, store)
    with httpx.Client(transport=httpx.MockTransport(endpoints), auth=first) as http:
        token = first.login(http, {"grant_type": "password", "username": "u", "password": "p"})
        http.get("https://api.a.example/v1/me")
    caplog.set_level(logging.DEBUG, logger="beatkit")
    # Built after the login (read at construction) and before it (read on the call).
    second = refreshing(B_URL, store)
    assert second.token is None
    with httpx.Client(transport=httpx.MockTransport(endpoints), auth=second) as http:
        with pytest.raises(ConfigurationError, match="no token"):
            http.get("https://api.b.example/v1/me")
        with pytest.raises(ConfigurationError, match="no refresh token"):
            second.refresh(http)
    assert second.token is None
    assert not leaked(endpoints.sent_to("api.b.example"), token.access_token)
    assert not leaked(endpoints.sent_to("auth.b.example"), token.refresh_token)
    assert store.load() == token  # left as it was
    assert "another token endpoint or client" in caplog.text
    assert token.access_token not in caplog.text and "a-refresh" not in caplog.text


def test_another_client_id_on_the_same_token_url_does_not_take_the_token() -> None:
    endpoints = Endpoints()
    store = MemoryTokenStore()
    first = refreshing(A_URL, store, "one")
    with httpx.Client(transport=httpx.MockTransport(endpoints)) as http:
        first.login(http, {"grant_type": "password", "username": "u", "password": "p"})
    assert refreshing(A_URL, store, "two").token is None
    assert refreshing(A_URL, store, "one").token == first.token


def test_a_newer_token_of_another_issuer_is_not_taken_over_at_a_refresh() -> None:
    endpoints = Endpoints()
    store = MemoryTokenStore()
    first, second = refreshing(A_URL, store), refreshing(B_URL, store)
    with httpx.Client(transport=httpx.MockTransport(endpoints)) as http:
        a_token = first.login(http, {"grant_type": "password", "username": "u", "password": "p"})
        b_token = second.login(http, {"grant_type": "password", "username": "v", "password": "q"})
        # The store now holds B's newer token; A's refresh refreshes A's own.
        refreshed = first.refresh(http)
    assert refreshed.issuer == (A_URL, "cid")
    assert refreshed.access_token.startswith("a-")
    assert not leaked(endpoints.sent_to("auth.a.example"), b_token.refresh_token)
    assert leaked(endpoints.sent_to("auth.a.example"), a_token.refresh_token)


def test_client_credentials_on_two_token_urls_fetch_their_own() -> None:
    endpoints = Endpoints()
    store = MemoryTokenStore()
    a = ClientCredentialsAuth(A_URL, "cid", "secret", hosts=["api.a.example"], store=store)
    with httpx.Client(transport=httpx.MockTransport(endpoints), auth=a) as http:
        http.get("https://api.a.example/v1/x")
    a_token = store.load()
    assert a_token is not None and a_token.issuer == (A_URL, "cid")
    b = ClientCredentialsAuth(B_URL, "cid", "secret", hosts=["api.b.example"], store=store)
    assert b.token is None
    with httpx.Client(transport=httpx.MockTransport(endpoints), auth=b) as http:
        http.get("https://api.b.example/v1/x")
    assert not leaked(endpoints.sent_to("api.b.example"), a_token.access_token)
    assert len(endpoints.sent_to("auth.b.example")) == 1
    b_token = store.load()
    assert b_token is not None and b_token.issuer == (B_URL, "cid")


def test_a_token_without_an_issuer_is_taken_as_before() -> None:
    # A token built by hand, or read from a file of an older beatkit: any manager takes it.
    legacy = Token(access_token="legacy", refresh_token="legacy-refresh")
    assert legacy.issuer is None and "issuer" not in legacy.to_dict()
    manager = refreshing(B_URL, MemoryTokenStore(legacy))
    assert manager.token == legacy
    endpoints = Endpoints()
    with httpx.Client(transport=httpx.MockTransport(endpoints)) as http:
        refreshed = manager.refresh(http)
    assert refreshed.issuer == (B_URL, "cid")  # recorded from its first refresh on


def test_set_token_is_the_users_choice_whatever_the_issuer() -> None:
    endpoints = Endpoints()
    foreign = Token(access_token="chosen", refresh_token="r", issuer=(A_URL, "cid"))
    manager = refreshing(B_URL, MemoryTokenStore())
    manager.set_token(foreign)
    with httpx.Client(transport=httpx.MockTransport(endpoints), auth=manager) as http:
        http.get("https://api.b.example/v1/me")
    assert endpoints.requests[-1].headers["authorization"] == "Bearer chosen"


def test_file_token_store_round_trips_the_issuer(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    endpoints = Endpoints()
    manager = refreshing(A_URL, FileTokenStore(path))
    with httpx.Client(transport=httpx.MockTransport(endpoints)) as http:
        token = manager.login(http, {"grant_type": "password", "username": "u", "password": "p"})
    document = json.loads(path.read_text("utf-8"))
    assert document["token"]["issuer"] == {"token_url": A_URL, "client_id": "cid"}
    assert "issuer" not in document["token"]["extra"]
    loaded = FileTokenStore(path).load()
    assert loaded is not None and loaded.issuer == token.issuer
    assert refreshing(A_URL, FileTokenStore(path)).token == token
    assert refreshing(B_URL, FileTokenStore(path)).token is None


def test_a_file_of_an_older_beatkit_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    now = datetime.now(UTC)
    old = {
        "version": 1,
        "token": {
            "access_token": "old-access",
            "token_type": "Bearer",
            "refresh_token": "old-refresh",
            "expires_at": (now + timedelta(hours=1)).isoformat(),
            "scope": None,
            "obtained_at": now.isoformat(),
            "extra": {"user_id": 7},
        },
    }
    path.write_text(json.dumps(old), "utf-8")
    path.chmod(0o600)
    loaded = FileTokenStore(path).load()
    assert loaded is not None and loaded.issuer is None
    assert refreshing(A_URL, FileTokenStore(path)).token == loaded


@pytest.mark.parametrize(
    "issuer",
    ["https://x/t", ["https://x/t", "cid"], {"token_url": "https://x/t"}, {"client_id": 1}],
)
def test_a_malformed_stored_issuer_is_a_clear_error(issuer: object) -> None:
    with pytest.raises(ValueError, match="issuer"):
        Token.from_dict({"access_token": "x", "issuer": issuer})


@pytest.mark.parametrize("issuer", ["https://x/t", ("https://x/t",), ("https://x/t", 1)])
def test_an_issuer_of_the_wrong_kind_is_refused(issuer: object) -> None:
    with pytest.raises(TypeError, match="issuer"):
        Token(access_token="x", issuer=issuer)  # type: ignore[arg-type]


def _beatport(fake: FakeBeatport, http: httpx.Client, store: TokenStore, cid: str) -> Beatport:
    return Beatport(cid, base_url=fake.base_url, http_client=http, store=store)


def test_beatport_clients_of_two_client_ids_on_one_store() -> None:
    fake = FakeBeatport()
    store = MemoryTokenStore()
    with httpx.Client(transport=fake.transport()) as http:
        first = _beatport(fake, http, store, fake.client_id)
        token = first.auth.login(fake.username, fake.password)
        assert token.issuer is not None and token.issuer[1] == fake.client_id
        other = _beatport(fake, http, store, "another-client")
        assert other.auth.token is None
        assert _beatport(fake, http, store, fake.client_id).auth.token == token


async def test_async_beatport_clients_of_two_client_ids_on_one_store() -> None:
    fake = FakeBeatport()
    store = MemoryTokenStore()
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        first = AsyncBeatport(fake.client_id, base_url=fake.base_url, http_client=http, store=store)
        token = await first.auth.login(fake.username, fake.password)
        other = AsyncBeatport(
            "another-client", base_url=fake.base_url, http_client=http, store=store
        )
        assert other.auth.token is None
        with pytest.raises(BeatkitError):
            await other.my.account()
        assert other.auth.token is None and store.load() == token == first.auth.token
