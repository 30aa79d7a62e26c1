"""A ``hosts`` entry with a port binds the token to that origin (host and effective port).

``"api.example.com:8443"`` sends the token to ``https://api.example.com:8443`` only, not
to another port of the same host; a default port (443 for https, 80 for http) is the
one a URL without a port uses. Before, such an entry was taken as a host name that no
URL has, and the token was silently never sent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.auth import BearerAuth, RefreshingAuth
from beatkit.errors import ConfigurationError

if TYPE_CHECKING:
    from conftest import FakeClock, FakeOAuth

SECRET = "s3cr3t"
KEY = f"key-{SECRET}"
TOKEN_URL = "https://auth.example.com/oauth/token"


class Recorder:
    """Answers 200 to everything and records each request's URL and Authorization."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None]] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((str(request.url), request.headers.get("authorization")))
        return httpx.Response(200)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        return self.handler(request)


# entry, URL, whether the URL gets the token
CASES = [
    ("api.example.com:8443", "https://api.example.com:8443/x", True),
    ("api.example.com:8443", "https://api.example.com/x", False),
    ("api.example.com:8443", "https://api.example.com:9443/x", False),
    ("API.Example.com.:8443", "https://api.example.com:8443/x", True),
    ("api.example.com:443", "https://api.example.com/x", True),
    ("api.example.com:443", "https://api.example.com:443/x", True),
    ("api.example.com:443", "https://api.example.com:8443/x", False),
    ("127.0.0.1:8000", "http://127.0.0.1:8000/x", True),
    ("127.0.0.1:8000", "http://127.0.0.1:8001/x", False),
    ("127.0.0.1:8000", "http://127.0.0.1/x", False),
    ("127.0.0.1:80", "http://127.0.0.1/x", True),
    ("localhost:8000", "http://localhost:8000/x", True),
    ("[::1]:8080", "http://[::1]:8080/x", True),
    ("[::1]:8080", "http://[::1]:8081/x", False),
    ("[::1]", "http://[::1]/x", True),
]


@pytest.mark.parametrize(("entry", "url", "carries"), CASES)
def test_a_port_in_hosts_binds_the_token_to_that_origin(
    entry: str, url: str, carries: bool
) -> None:
    auth = BearerAuth(KEY, hosts=[entry])
    assert auth.sends_token_to(url) is carries
    recorder = Recorder()
    with httpx.Client(transport=httpx.MockTransport(recorder.handler), auth=auth) as client:
        client.get(url)
    assert recorder.seen == [(str(httpx.URL(url)), f"Bearer {KEY}" if carries else None)]


@pytest.mark.parametrize(("entry", "url", "carries"), CASES)
async def test_a_port_in_hosts_binds_the_token_to_that_origin_async(
    entry: str, url: str, carries: bool
) -> None:
    auth = BearerAuth(KEY, hosts=[entry])
    recorder = Recorder()
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(recorder.async_handler), auth=auth
    ) as client:
        await client.get(url)
    assert recorder.seen == [(str(httpx.URL(url)), f"Bearer {KEY}" if carries else None)]


def test_the_hosts_property_shows_the_ported_entries() -> None:
    auth = BearerAuth(KEY, hosts=["API.example.com:8443", "[::1]:8080", "[::1]", "cdn.test"])
    assert auth.hosts == frozenset({"api.example.com:8443", "[::1]:8080", "::1", "cdn.test"})


@pytest.mark.parametrize(
    "entry",
    [
        "api.example.com:",
        "api.example.com:0",
        "api.example.com:65536",
        "api.example.com:99999",
        "api.example.com:http",
        "api.example.com:+443",
        "api.example.com:٤٤٣",
        ":443",
        "[::1",
        "[::1]x",
        "[::1]:",
        "[]:80",
    ],
)
def test_a_bad_port_or_host_in_hosts_is_a_configuration_error(entry: str) -> None:
    with pytest.raises(ConfigurationError, match="hosts"):
        BearerAuth(KEY, hosts=[entry])


def _refreshing(server: FakeOAuth, clock: FakeClock) -> RefreshingAuth:
    # Stale from the start: any request that carries the token refreshes it first.
    return RefreshingAuth(
        TOKEN_URL,
        "cid",
        token=server.seed(expires_at=clock.now - timedelta(seconds=1)),
        hosts=["api.example.com:8443"],
        clock=clock,
    )


def test_another_port_gets_no_token_and_triggers_no_refresh(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _refreshing(server, clock)
    with httpx.Client(transport=httpx.MockTransport(server.handler), auth=auth) as client:
        assert client.get("https://api.example.com:9443/x").status_code == 401
        assert server.token_requests == []
        assert client.get("https://api.example.com:8443/x").status_code == 200
    assert len(server.token_requests) == 1
    assert server.api_auth[0] is None
    assert server.api_auth[1] is not None
    assert server.api_auth[1].startswith("Bearer ")


async def test_another_port_gets_no_token_and_triggers_no_refresh_async(
    server: FakeOAuth, clock: FakeClock
) -> None:
    auth = _refreshing(server, clock)
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(server.async_handler), auth=auth
    ) as client:
        assert (await client.get("https://api.example.com:9443/x")).status_code == 401
        assert server.token_requests == []
        assert (await client.get("https://api.example.com:8443/x")).status_code == 200
    assert len(server.token_requests) == 1
    assert server.api_auth[0] is None
    assert server.api_auth[1] is not None
    assert server.api_auth[1].startswith("Bearer ")


@pytest.mark.parametrize(
    "entry",
    [
        f"user:{SECRET}@api.example.com",
        f"{SECRET}@api.example.com",
        f"api.example.com:{SECRET}",
        f"[::1]:{SECRET}",
        f"https://user:{SECRET}@api.example.com/",
        f"https://api.example.com/v1?token={SECRET}",
        f"api.example.com/{SECRET}",
    ],
)
def test_a_hosts_error_never_shows_a_credential_typed_into_the_entry(entry: str) -> None:
    # Userinfo pasted from a URL, or a password where the port goes: named, not shown.
    with pytest.raises(ConfigurationError, match="hosts") as info:
        BearerAuth(KEY, hosts=[entry])
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value)
