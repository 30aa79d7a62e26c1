"""A token request's body is never sent on by a client that follows redirects itself.

A token manager used as the ``auth`` of a plain ``httpx.Client(follow_redirects=True)``
has its token requests followed by httpx before it sees the answer: on a 307 or 308,
httpx sends the same body (the client secret, the refresh token, a code) to wherever the
``Location`` points. The body goes to the token endpoint once and no further: the
follow fails with an :class:`~beatkit.errors.AuthenticationError` saying so. Real
sockets on 127.0.0.1, as a transport that sends the body it is given.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth
from beatkit.errors import AuthenticationError

SECRET = "s3cr3t-client-secret-307"


class _Servers:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []  # what reached the host the redirect points to
        self.api_auth: list[str | None] = []
        self.token_posts = 0
        self.status = 307
        self.elsewhere = ""


def _handler(state: _Servers) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _answer(self, status: int, body: bytes = b"{}", **headers: str) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length) if length else b""
            if self.path == "/token":
                state.token_posts += 1
                if state.status == 200:
                    self._answer(200, b'{"access_token": "at-direct", "expires_in": 60}')
                else:
                    self._answer(state.status, Location=state.elsewhere)
            else:  # the host the redirect points to
                state.bodies.append(body)
                self._answer(200, b'{"access_token": "at-elsewhere", "expires_in": 60}')

        def do_GET(self) -> None:
            state.api_auth.append(self.headers.get("authorization"))
            self._answer(200)

    return Handler


@pytest.fixture
def servers() -> Iterator[tuple[_Servers, str]]:
    state = _Servers()
    started = []
    for _ in range(2):
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        started.append((httpd, thread))
    token_host, other_host = (f"http://127.0.0.1:{h.server_address[1]}" for h, _ in started)
    state.elsewhere = f"{other_host}/steal"
    try:
        yield state, token_host
    finally:
        for httpd, thread in started:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=10)


def _auth(token_host: str) -> ClientCredentialsAuth:
    return ClientCredentialsAuth(
        f"{token_host}/token", "cid", SECRET, hosts="127.0.0.1", service="testsvc"
    )


def _check(error: AuthenticationError, state: _Servers) -> None:
    # httpx has sent the redirect's request line and headers (no Authorization) by the
    # time it reads the body: the body itself never leaves.
    assert all(body == b"" for body in state.bodies)
    assert state.token_posts == 1
    assert state.api_auth == []
    assert "redirect" in str(error)
    assert SECRET not in repr(error) and SECRET not in str(error)


@pytest.mark.parametrize("status", [307, 308])
def test_a_following_sync_client_does_not_send_the_body_on(
    servers: tuple[_Servers, str], status: int
) -> None:
    state, token_host = servers
    state.status = status
    with (
        httpx.Client(auth=_auth(token_host), follow_redirects=True, timeout=10) as client,
        pytest.raises(AuthenticationError) as info,
    ):
        client.get(f"{token_host}/api")
    _check(info.value, state)


@pytest.mark.parametrize("status", [307, 308])
def test_a_following_async_client_does_not_send_the_body_on(
    servers: tuple[_Servers, str], status: int
) -> None:
    state, token_host = servers
    state.status = status

    async def main() -> None:
        auth = _auth(token_host)
        async with httpx.AsyncClient(auth=auth, follow_redirects=True, timeout=10) as client:
            await client.get(f"{token_host}/api")

    with pytest.raises(AuthenticationError) as info:
        asyncio.run(main())
    _check(info.value, state)


def test_a_following_client_still_gets_a_token_without_a_redirect(
    servers: tuple[_Servers, str],
) -> None:
    state, token_host = servers
    state.status = 200
    with httpx.Client(auth=_auth(token_host), follow_redirects=True, timeout=10) as client:
        assert client.get(f"{token_host}/api").status_code == 200
    assert state.token_posts == 1
    assert state.api_auth == ["Bearer at-direct"]
