"""The steps that ask a token endpoint for a token, shared by the tests of how its
failures are named (a refresh, a client credentials fetch, a code exchange, logins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx

from beatkit.auth import (
    ClientCredentialsAuth,
    RefreshingAuth,
    authorization_code_grant,
    password_grant,
)

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

SECRET = "s3cr3t"
CLIENT_SECRET = f"client-{SECRET}-value"
TOKEN_URL = "https://auth.example.com/oauth/token"
API = "https://api.example.com"


def refreshing(server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    """A manager of the service ``testsvc`` whose token is already stale."""
    token = server.seed(expires_at=clock.now - timedelta(seconds=1))
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        client_secret=CLIENT_SECRET,
        token=token,
        hosts="api.example.com",
        clock=clock,
        service="testsvc",
    )


def client_credentials(clock: FakeClock) -> ClientCredentialsAuth:
    """A client credentials manager of the service ``testsvc``."""
    return ClientCredentialsAuth(
        TOKEN_URL, "cid", CLIENT_SECRET, hosts="api.example.com", clock=clock, service="testsvc"
    )


def automatic_refresh(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    client.get(f"{API}/me", auth=refreshing(server, clock))


def forced_refresh(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    refreshing(server, clock).refresh(client)


def client_credentials_fetch(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    client.get(f"{API}/me", auth=client_credentials(clock))


def code_exchange(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    grant = authorization_code_grant(f"code-{SECRET}", code_verifier=f"v-{SECRET}" + "v" * 40)
    refreshing(server, clock).login(client, grant)


def password_login(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    refreshing(server, clock).login(client, password_grant("dj", f"pw-{SECRET}"))


def custom_grant(server: FakeOAuth, clock: FakeClock, client: httpx.Client) -> None:
    grant = {"grant_type": "urn:example:msisdn", "msisdn": "123", "signature": f"sig-{SECRET}"}
    refreshing(server, clock).login(client, grant)


Step = Callable[["FakeOAuth", "FakeClock", httpx.Client], None]
