"""DEBUG logging through a SOCKS proxy: httpcore's trace line keeps the proxy password out.

An ``http_client=httpx.Client(proxy="socks5://user:password@host:1080")`` (the
``socksio`` package installed, or ``ALL_PROXY`` set so) sends through httpcore's SOCKS
connection, whose ``httpcore.socks`` logger writes at DEBUG, before each handshake,
``setup_socks5_connection.started stream=... host='...' port=443 auth=(b'user',
b'password')``: the proxy's credentials in clear. The records are made here by
httpcore's own ``Trace``, as its SOCKS connection makes them, so the test needs no
``socksio``; the last test drives a real SOCKS client when it is installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest
from httpcore._trace import Trace

import beatkit  # noqa: F401 - installs the log filters
from tests.core._listener import listening

SECRET = "s3cr3t"


@pytest.fixture
def caplog_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [line for line in caplog.text.splitlines() if SECRET in line]


def _handshake_line(auth: object) -> None:
    kwargs = {"stream": object(), "host": "api.example.com", "port": 443, "auth": auth}
    with Trace("setup_socks5_connection", logging.getLogger("httpcore.socks"), None, kwargs):
        pass


@pytest.mark.parametrize(
    "password",
    [
        f"pw-{SECRET}".encode(),
        f'it\'s ({SECRET}), "quoted"'.encode(),  # repr() picks the other quote
        f"\\{SECRET}\x00\xff'\"".encode("latin-1"),  # escapes of both quotes
    ],
)
def test_the_proxy_password_is_masked(
    caplog_debug: pytest.LogCaptureFixture, password: bytes
) -> None:
    _handshake_line((b"alice", password))
    started = caplog_debug.records[0].getMessage()
    assert started.startswith("setup_socks5_connection.started ")
    assert "host='api.example.com' port=443" in started
    assert _leaks(caplog_debug) == []


def test_credentials_of_another_shape_are_cut(caplog_debug: pytest.LogCaptureFixture) -> None:
    # A later httpcore may hold them as text: all from "auth=" on is dropped then.
    _handshake_line(("alice", f"pw-{SECRET}"))
    assert caplog_debug.records[0].getMessage().endswith("port=443 auth=REDACTED")
    assert _leaks(caplog_debug) == []


def test_a_proxy_without_credentials_is_shown_as_it_is(
    caplog_debug: pytest.LogCaptureFixture,
) -> None:
    _handshake_line(None)
    assert caplog_debug.records[0].getMessage().endswith("port=443 auth=None")


@pytest.fixture
def silent_proxy() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and closes them unanswered."""
    pytest.importorskip("socksio")
    with listening(lambda conn: None, seconds=10) as port:
        yield port


def test_a_real_socks_client_logs_no_proxy_password(
    silent_proxy: int, caplog_debug: pytest.LogCaptureFixture
) -> None:
    proxy = f"socks5://alice:pw-{SECRET}@127.0.0.1:{silent_proxy}"
    with (
        httpx.Client(proxy=proxy, timeout=10) as client,
        pytest.raises(Exception),  # noqa: B017, PT011 - whatever the handshake's failure is
    ):
        client.get("http://api.example.com/x")
    assert any(r.name == "httpcore.socks" for r in caplog_debug.records)
    assert _leaks(caplog_debug) == []
