"""A token request gets the DEBUG line of every attempt: method, redacted URL, status, time.

The docs (concepts, "Logging") say beatkit logs every attempt at DEBUG on the
``beatkit`` logger with its method, URL, status and time. A token request (a login, a
refresh, a client-credentials fetch) is sent inside httpx's auth flow, past the
transport that writes that line: it showed only as "requesting a token" and "obtained
a new access token", with no status and no time, so a slow or failing token endpoint
could not be told from a slow API.
"""

from __future__ import annotations

import asyncio
import logging
import re

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth
from beatkit.errors import AuthenticationError

TOKEN_URL = "https://auth.example.com/oauth/token?client_secret=url-s3cr3t"
API_URL = "https://api.example.com/things"
SECRET = "cs-s3cr3t"

LINE = re.compile(
    r"demo POST https://auth\.example\.com/oauth/token\?client_secret=REDACTED "
    r"-> (?P<status>\d+) in \d+\.\d ms"
)


def _endpoint(status: int) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.com":
            if status != 200:
                return httpx.Response(status, json={"error": "invalid_client"})
            return httpx.Response(
                200, json={"access_token": "at-s3cr3t", "token_type": "Bearer", "expires_in": 60}
            )
        return httpx.Response(200, json={})

    return httpx.MockTransport(handle)


def _auth() -> ClientCredentialsAuth:
    return ClientCredentialsAuth(TOKEN_URL, "cid", SECRET, hosts="api.example.com", service="demo")


def _attempts(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        match["status"]
        for record in caplog.records
        if record.name == "beatkit" and (match := LINE.fullmatch(record.getMessage()))
    ]


@pytest.fixture
def caplog_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    return caplog


def test_a_sync_token_request_is_logged(caplog_debug: pytest.LogCaptureFixture) -> None:
    with httpx.Client(transport=_endpoint(200), auth=_auth()) as client:
        assert client.get(API_URL).status_code == 200
    assert _attempts(caplog_debug) == ["200"]
    assert "s3cr3t" not in caplog_debug.text


def test_an_async_token_request_is_logged(caplog_debug: pytest.LogCaptureFixture) -> None:
    async def main() -> None:
        async with httpx.AsyncClient(transport=_endpoint(200), auth=_auth()) as client:
            assert (await client.get(API_URL)).status_code == 200

    asyncio.run(main())
    assert _attempts(caplog_debug) == ["200"]
    assert "s3cr3t" not in caplog_debug.text


def test_a_refused_token_request_is_logged_with_its_status(
    caplog_debug: pytest.LogCaptureFixture,
) -> None:
    with (
        httpx.Client(transport=_endpoint(401), auth=_auth()) as client,
        pytest.raises(AuthenticationError),
    ):
        client.get(API_URL)
    assert _attempts(caplog_debug) == ["401"]
    assert "s3cr3t" not in caplog_debug.text
