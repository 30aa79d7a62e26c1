"""A JSON body nested deeper than Python's recursion limit, with httpcore's trace lines
logged (``logging.basicConfig(level=logging.DEBUG)``), is sent like any other body.

From Python 3.12 on, ``json`` writes (and reads) nesting deeper than
``sys.getrecursionlimit()`` (its own limit is higher there), so beatkit sends such a
body; on 3.11 ``json`` refuses it, and beatkit with it, before anything is sent. The
trace hook that notes the credentials a request carries (to mask them where the
answer's headers echo them) walked the body with Python's recursion, and failed the
request with a raw ``RecursionError`` from inside httpcore, on 3.12 and 3.13 only.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech

TOKEN = {"access_token": "tok-123", "token_type": "bearer", "expires_in": 3600}


class _Handler(BaseHTTPRequestHandler):
    timeout = 5  # a request cut short (the failure this file is about) ends its thread

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        body = json.dumps(TOKEN if self.path.endswith("/oauth2/token") else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.paths = []  # type: ignore[attr-defined]
    httpd.timeout = 5
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def _deep() -> Any:
    value: list[Any] = []
    for _ in range(sys.getrecursionlimit() + 100):
        value = [value]
    return value


def _writable(report: Any) -> bool:
    """Whether ``json`` writes ``report`` on this Python (3.12 and later: yes)."""
    try:
        json.dumps(report)
    except RecursionError:
        return False
    return True


def _sent(server: ThreadingHTTPServer) -> list[str]:
    return [p for p in server.paths if not p.endswith("/oauth2/token")]  # type: ignore[attr-defined]


def test_a_deep_body_is_sent_with_httpcore_traces_logged(
    server: ThreadingHTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Failed on Python 3.12 and 3.13 with ``RecursionError`` (3.11 refuses the body)."""
    caplog.set_level(logging.DEBUG, logger="httpcore")
    report = {"event": "play.ended", "extra": _deep()}
    try:
        json.dumps(report)
    except RecursionError:
        writable = False  # Python 3.11
    else:
        writable = True  # Python 3.12 and later
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v2"
    with BeatTech("fabel", client_id="id", client_secret="s", base_url=base_url) as bt:
        if writable:
            bt.reports.send(report)
        else:
            with pytest.raises(ValueError, match="nested too deeply"):
                bt.reports.send(report)
    sent = [p for p in server.paths if not p.endswith("/oauth2/token")]  # type: ignore[attr-defined]
    assert len(sent) == (1 if writable else 0)
    if writable:
        assert "send_request_headers" in caplog.text


async def test_a_deep_body_is_sent_by_the_async_client_with_httpcore_traces_logged(
    server: ThreadingHTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The async twin; failed alike on Python 3.12 and 3.13."""
    caplog.set_level(logging.DEBUG, logger="httpcore")
    report = {"event": "play.ended", "extra": _deep()}
    writable = _writable(report)
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v2"
    async with AsyncBeatTech("fabel", client_id="id", client_secret="s", base_url=base_url) as bt:
        if writable:
            await bt.reports.send(report)
        else:
            with pytest.raises(ValueError, match="nested too deeply"):
                await bt.reports.send(report)
    assert len(_sent(server)) == (1 if writable else 0)
