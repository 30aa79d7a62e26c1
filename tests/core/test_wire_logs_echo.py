"""DEBUG logging of a real connection: a credential the request sent, echoed back by
the server in a response header (a gateway copying ``Authorization`` into
``X-Echo-Authorization``, a request id made from the key), stays out of httpcore's
``receive_response_headers`` trace line. A real socket on 127.0.0.1 is used, since a
MockTransport never reaches httpcore.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.errors import AuthenticationError

SECRET = "k3y-S3CRET-echo-1234"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    location = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # a token endpoint that redirects, echoing the request
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(307)
        self.send_header("Location", self.location)
        self.send_header("X-Plain", "visible")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        sent = self.headers.get("Authorization", "")
        scheme, _, credentials = sent.partition(" ")
        if scheme == "Basic":
            credentials = base64.b64decode(credentials).decode().partition(":")[2]
        body = b'{"message": "refused"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Echo-Authorization", sent)
        self.send_header("X-Request-Id", credentials)
        self.send_header("X-Echo-Partner", self.headers.get("X-Auth-Client-Secret", "none"))
        self.send_header("X-Plain", "visible")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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


def _check(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    wire = [r.getMessage() for r in caplog.records if r.name.startswith("httpcore")]
    assert any("receive_response_headers.complete" in line for line in wire)
    assert any("X-Plain" in line and "visible" in line for line in wire)  # the rest stays
    leaks = [line for line in caplog.text.splitlines() if any(s in line for s in secrets)]
    assert leaks == []


def test_a_sync_clients_key_echoed_in_a_response_header_is_not_logged(
    server: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = BeatConnect(api_key=SECRET, base_url=server, max_retries=0)
    with client as bc, pytest.raises(AuthenticationError):
        bc.beats.get(1)
    _check(caplog, SECRET)


def test_an_async_clients_key_echoed_in_a_response_header_is_not_logged(
    server: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def main() -> None:
        async with AsyncBeatConnect(api_key=SECRET, base_url=server, max_retries=0) as bc:
            with pytest.raises(AuthenticationError):
                await bc.beats.get(1)

    caplog.set_level(logging.DEBUG)
    asyncio.run(main())
    _check(caplog, SECRET)


def test_a_refresh_token_echoed_in_the_token_endpoints_location_is_not_logged(
    server: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The token request's form body carries the refresh token and the client secret:
    # a token endpoint that redirects (refused) quoting them in its Location must not
    # put them in the trace line of its answer.
    from datetime import UTC, datetime, timedelta

    from beatkit import Beatport
    from beatkit.auth import Token

    refresh, access = "rt-S3CRET-echo-5678", "at-S3CRET-echo-9012"
    stale = Token(
        access_token=access,
        refresh_token=refresh,
        expires_at=datetime.now(UTC) - timedelta(hours=1),
        obtained_at=datetime.now(UTC) - timedelta(hours=2),
    )
    _Handler.location = f"http://127.0.0.1:9/token?refresh={refresh}"
    caplog.set_level(logging.DEBUG)
    client = Beatport(client_id="cid", token=stale, base_url=f"{server}/v4", max_retries=0)
    with client as bp, pytest.raises(AuthenticationError):
        bp.tracks.get(1)
    _check(caplog, refresh, access)
