"""DEBUG logging over HTTP/2: hpack's trace lines keep credentials out.

An ``http_client=httpx.Client(http2=True)`` (the ``h2`` package installed) encodes
headers with ``hpack``, whose loggers write at DEBUG every header added to or
evicted from its table in clear (``x-auth-client-secret``, cookies, ``Location``:
only ``Authorization`` is marked sensitive by h2), every header it decodes
(``Set-Cookie``), and each whole header block, HPACK-coded: Huffman coding is no
encryption, and the block decodes back to every header, the bearer token included.
The records are made here as hpack 4 makes them, so the test needs no ``h2``; the
last test drives a real HTTP/2 client when ``h2`` is installed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

import beatkit  # noqa: F401 - installs the log filters
from beatkit.auth import BearerAuth

SECRET = "s3cr3t"


@pytest.fixture
def caplog_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [line for line in caplog.text.splitlines() if SECRET in line]


def test_header_blocks_are_not_shown(caplog_debug: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("hpack.hpack")
    block = b"\x00\x0dauthorization\x0eBearer " + SECRET.encode()
    log.debug("Encoded header block to %s", block)
    log.debug("Decoding %s", memoryview(b"\x00\x0aset-cookie\x0asid=" + SECRET.encode()))
    assert _leaks(caplog_debug) == []
    assert f"{len(block)} bytes" in caplog_debug.records[0].getMessage()


def test_credential_header_values_are_masked(caplog_debug: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("hpack.hpack")
    log.debug(
        "Adding %s=%s to the header table, sensitive:%s, huffman:%s",
        b"x-auth-client-secret",
        f"partner-{SECRET}".encode(),
        False,
        True,
    )
    log.debug(
        "Decoded %s, total consumed %d bytes, indexed %s",
        (b"set-cookie", f"sid={SECRET}; HttpOnly".encode()),
        40,
        True,
    )
    log.debug("Decoded %s, consumed %d", ("cookie", f"a={SECRET}"), 1)
    log.debug(
        "Decoded %s, total consumed %d bytes, indexed %s",
        (b"location", f"https://app.test/cb?code=c-{SECRET}&state=st".encode()),
        60,
        False,
    )
    logging.getLogger("hpack.table").debug(
        "Evicting %s: %s from the header table", b"cookie", f"sid={SECRET}".encode()
    )
    assert _leaks(caplog_debug) == []
    text = caplog_debug.text
    assert "x-auth-client-secret" in text  # names stay, values go
    assert "state=st" in text  # the rest of a redacted value stays


def test_other_headers_and_trace_lines_stay(caplog_debug: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("hpack.hpack")
    log.debug(
        "Adding %s=%s to the header table, sensitive:%s, huffman:%s",
        b"accept",
        b"application/json",
        False,
        True,
    )
    log.debug("Encoding %d with %d bits", 23, 4)
    log.debug("Decoded %d, consumed %d bytes", 5, 1)
    assert [r.getMessage() for r in caplog_debug.records] == [
        "Adding b'accept'=b'application/json' to the header table, sensitive:False, huffman:True",
        "Encoding 23 with 4 bits",
        "Decoded 5, consumed 1 bytes",
    ]


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # an HTTP/1.1 server: the HTTP/2 client fails after sending
        self.close_connection = True


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


def test_a_real_http2_client_logs_no_credential(
    server: str, caplog_debug: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("h2")
    auth = BearerAuth(f"at-{SECRET}-1", hosts="127.0.0.1")
    headers = {"X-Auth-Client-Secret": f"partner-{SECRET}", "Cookie": f"sid={SECRET}"}
    with (
        httpx.Client(http1=False, http2=True, auth=auth, timeout=10) as client,
        pytest.raises(httpx.TransportError),
    ):
        client.get(f"{server}/x?code=c-{SECRET}", headers=headers)
    assert any(r.name.startswith("hpack") for r in caplog_debug.records)
    assert _leaks(caplog_debug) == []
