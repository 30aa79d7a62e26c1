"""DEBUG logging of a real connection: httpcore's trace lines keep credentials out.

httpcore logs every response's headers at DEBUG (``receive_response_headers.complete
return_value=(..., [(b'Set-Cookie', b'...')])``). An application that turns on DEBUG
logging to see what beatkit does would write session cookies there. A real socket on
127.0.0.1 is used, since a MockTransport never reaches httpcore.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

import beatkit  # noqa: F401 - installs the log filters
from beatkit.auth import RefreshingAuth, Token

SECRET = "s3cr3t"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, body: bytes, *headers: tuple[str, str]) -> None:
        self.send_response(200)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # the token endpoint
        self.rfile.read(int(self.headers.get("content-length", "0")))
        body = {"access_token": f"at-{SECRET}-2", "refresh_token": f"rt-{SECRET}-2"}
        self._answer(
            json.dumps(body).encode(),
            ("Content-Type", "application/json"),
            ("Set-Cookie", f"sid=sid-{SECRET}; HttpOnly"),
        )

    def do_GET(self) -> None:  # the API
        self._answer(
            b"{}",
            ("Set-Cookie", f"session=api-{SECRET}; Secure"),
            ("set-cookie", f"csrftoken='{SECRET}\\\"x'"),
            ("Location", f"https://api.example.com/cb?code=code-{SECRET}&state=st"),
            ("X-Plain", "visible"),
        )


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def _auth(server: str) -> RefreshingAuth:
    stale = Token(
        access_token=f"at-{SECRET}-1",
        refresh_token=f"rt-{SECRET}-1",
        expires_at=datetime.now(UTC) - timedelta(days=1),
    )
    return RefreshingAuth(
        f"{server}/token", "cid", client_secret=f"cs-{SECRET}", token=stale, hosts="127.0.0.1"
    )


def _check(caplog: pytest.LogCaptureFixture) -> None:
    wire = [r.getMessage() for r in caplog.records if r.name.startswith("httpcore")]
    assert any("receive_response_headers.complete" in line for line in wire)
    assert any("X-Plain" in line and "visible" in line for line in wire)  # the rest stays
    assert any("Set-Cookie" in line for line in wire)  # names stay, values go
    leaks = [line for line in caplog.text.splitlines() if SECRET in line]
    assert leaks == []


def test_debug_logs_of_a_sync_client_hold_no_cookie_or_token(
    server: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with httpx.Client(auth=_auth(server), timeout=10) as client:
        assert client.get(f"{server}/x").status_code == 200
    _check(caplog)


def test_debug_logs_of_an_async_client_hold_no_cookie_or_token(
    server: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def main() -> None:
        async with httpx.AsyncClient(auth=_auth(server), timeout=10) as client:
            assert (await client.get(f"{server}/x")).status_code == 200

    caplog.set_level(logging.DEBUG)
    asyncio.run(main())
    _check(caplog)
