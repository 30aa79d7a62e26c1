"""A bearer token never crosses the network in clear text.

The managers matched the request's host only: ``client.get("http://api.example.com/...")``
(a URL typed or copied with plain http) carried the token unencrypted to the API
host. Plain http is for loopback hosts, or for a beatkit client the user built with
``allow_http=True``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.auth import BearerAuth, ClientCredentialsAuth, RefreshingAuth, Token
from beatkit.errors import ConfigurationError

SECRET = "s3cr3t"
TOKEN_URL = "https://auth.example.com/oauth/token"


def _token() -> Token:
    return Token(
        access_token=f"at-{SECRET}",
        refresh_token=f"rt-{SECRET}",
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )


def _managers(hosts: str) -> list[httpx.Auth]:
    return [
        BearerAuth(f"at-{SECRET}", hosts=hosts),
        RefreshingAuth(TOKEN_URL, "cid", token=_token(), hosts=hosts),
        ClientCredentialsAuth(TOKEN_URL, "cid", f"cs-{SECRET}", hosts=hosts),
    ]


class Recorder:
    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": f"at-{SECRET}-cc"})
        return httpx.Response(200, json={})


@pytest.mark.parametrize("index", [0, 1, 2])
@pytest.mark.parametrize("url", ["http://api.example.com/me", "http://API.example.com:8080/me?x=1"])
def test_a_plain_http_url_to_the_api_host_is_refused_before_sending(index: int, url: str) -> None:
    auth = _managers("api.example.com")[index]
    recorder = Recorder()
    transport = httpx.MockTransport(recorder)
    with (
        httpx.Client(transport=transport, auth=auth) as client,
        pytest.raises(ConfigurationError, match="plain http") as info,
    ):
        client.get(url)
    assert recorder.sent == []  # neither the call nor a token request
    assert "api.example.com" in str(info.value)
    assert SECRET not in str(info.value)
    assert not auth.sends_token_to(url)  # type: ignore[attr-defined]


async def test_an_async_client_refuses_it_too() -> None:
    recorder = Recorder()
    auth = RefreshingAuth(TOKEN_URL, "cid", token=_token(), hosts="api.example.com")
    transport = httpx.MockTransport(recorder)
    async with httpx.AsyncClient(transport=transport, auth=auth) as client:
        with pytest.raises(ConfigurationError, match="plain http"):
            await client.get("http://api.example.com/me")
    assert recorder.sent == []


@pytest.mark.parametrize("index", [0, 1, 2])
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_plain_http_to_a_loopback_host_carries_the_token(index: int, host: str) -> None:
    auth = _managers(host)[index]
    recorder = Recorder()
    url = f"http://[{host}]:8000/me" if ":" in host else f"http://{host}:8000/me"
    with httpx.Client(transport=httpx.MockTransport(recorder), auth=auth) as client:
        assert client.get(url).status_code == 200
    assert recorder.sent[-1].headers["authorization"].startswith(f"Bearer at-{SECRET}")
    assert auth.sends_token_to(url)  # type: ignore[attr-defined]


def test_other_hosts_over_plain_http_still_go_out_unsigned() -> None:
    auth = BearerAuth(f"at-{SECRET}", hosts="api.example.com")
    recorder = Recorder()
    with httpx.Client(transport=httpx.MockTransport(recorder), auth=auth) as client:
        assert client.get("http://cdn.example.com/a.mp3").status_code == 200
    assert "authorization" not in recorder.sent[0].headers


def test_a_client_built_with_allow_http_sends_the_token_to_its_plain_http_base() -> None:
    recorder = Recorder()
    auth = BearerAuth(f"at-{SECRET}", hosts="api.example.com")
    settings = build_settings(
        ServiceSpec(name="svc"), base_url="http://api.example.com/v1", auth=auth, allow_http=True
    )
    with httpx.Client(transport=httpx.MockTransport(recorder)) as http:
        op = Operation(name="me", method="GET", path="/me", result=Any)
        assert APIClient(settings, http)._transport.request(op) == {}
    assert recorder.sent[0].headers["authorization"] == f"Bearer at-{SECRET}"
    # The same manager, used directly on an http URL, still refuses.
    with (
        httpx.Client(transport=httpx.MockTransport(recorder), auth=auth) as client,
        pytest.raises(ConfigurationError, match="plain http"),
    ):
        client.get("http://api.example.com/v1/me")


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_plain_http_client_signs_its_requests_without_parsing_the_host_each_time(
    index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The client's own choice of plain http is read first: is_loopback (an IP address
    # parse) used to run on every request of a loopback client, for the same answer.
    import beatkit.auth._requests as manager  # where carries_credentials lives

    calls: list[str] = []
    real = manager.is_loopback

    def counting(host: str) -> bool:
        calls.append(host)
        return real(host)

    monkeypatch.setattr(manager, "is_loopback", counting)
    recorder = Recorder()
    auth = _managers("127.0.0.1")[index]
    settings = build_settings(ServiceSpec(name="svc"), base_url="http://127.0.0.1:8000", auth=auth)
    with httpx.Client(transport=httpx.MockTransport(recorder)) as http:
        op = Operation(name="me", method="GET", path="/me", result=Any)
        transport = APIClient(settings, http)._transport
        assert transport.request(op) == {}
        assert transport.request(op) == {}
    signed = [r for r in recorder.sent if r.url.path == "/me"]
    assert [r.headers["authorization"][:10] for r in signed] == ["Bearer at-"] * 2
    assert calls == []
    # Without the client's mark (a bare httpx client), loopback is still recognised.
    with httpx.Client(transport=httpx.MockTransport(recorder), auth=auth) as client:
        assert client.get("http://127.0.0.1:8000/me").status_code == 200
    assert calls == ["127.0.0.1"]
    assert recorder.sent[-1].headers["authorization"].startswith(f"Bearer at-{SECRET}")
