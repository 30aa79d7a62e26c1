"""httpcore's wire lines mask a response header echoing the Basic pair as sent.

The trace hook of beatkit's requests notes the credentials a request carries, so that
the answer's headers httpcore logs at DEBUG have them masked. It noted a Basic
header's secret decoded, not the base64 ``user:password`` as sent, so an answer with
a header quoting it (``X-Debug: Basic Y2lk...``, a debugging gateway) showed it in
clear, and it decodes to the password: Beat Technology's LCP status checks, signed
with the LCP provider's credentials. Both facades, on a real 127.0.0.1 socket.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech

SECRET = "LCPSECRETxyz123"
PAIR = base64.b64encode(f"lcp-user:{SECRET}".encode()).decode("ascii")
TOKEN = {"access_token": "tok-12345", "token_type": "bearer", "expires_in": 3600}


class _Handler(BaseHTTPRequestHandler):
    timeout = 5

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        body = json.dumps(TOKEN if self.path.endswith("/oauth2/token") else {}).encode()
        self.send_response(200 if self.path.endswith("/oauth2/token") else 204)
        self.send_header("Content-Type", "application/json")
        # A debugging gateway quoting the Authorization header it got.
        self.send_header("X-Debug", self.headers.get("Authorization", ""))
        if self.path.endswith("/oauth2/token"):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.path.endswith("/oauth2/token"):
            self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def base() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def test_the_basic_pair_echoed_in_a_header_is_masked_in_wire_logs(
    base: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="httpcore")
    with BeatTech(
        "fabel",
        client_id="id",
        client_secret="s",
        base_url=f"{base}/v2",
        lcp_credentials=("lcp-user", SECRET),
    ) as bt:
        assert bt.lcp.license_status("1001", "7") is True
    assert "X-Debug" in caplog.text  # the answer's headers were logged
    assert PAIR not in caplog.text
    assert SECRET not in caplog.text


async def test_the_async_wire_logs_mask_the_echoed_basic_pair(
    base: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="httpcore")
    async with AsyncBeatTech(
        "fabel",
        client_id="id",
        client_secret="s",
        base_url=f"{base}/v2",
        lcp_credentials=("lcp-user", SECRET),
    ) as bt:
        assert await bt.lcp.license_status("1001", "7") is True
    assert "X-Debug" in caplog.text
    assert PAIR not in caplog.text
