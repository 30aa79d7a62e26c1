"""A sync call whose SOCKS5 handshake the proxy refuses closes its socket to the proxy
while the caller still holds the error.

httpcore's SOCKS connection never closes the stream to the proxy when the handshake
fails; the sync client left it to be freed with the error's traceback, so a caller
keeping the error (a list of failures, a log record, ``pytest.raises`` on Python 3.12+,
where its traceback sits in a reference cycle) kept the socket open, on Python 3.11
even past a garbage collection. Every wait is bounded by ``WAIT``.
"""

from __future__ import annotations

import gc

import httpx
import pytest

from beatkit import APIConnectionError, BeatConnect
from tests.core._listener import listening
from tests.core._pool_waits import WAIT
from tests.core.test_life_socks_handshake_socket import NO_ACCEPTABLE_METHOD, Proxy

pytest.importorskip("socksio")


def test_a_refused_socks_handshake_closes_its_socket_while_the_error_is_kept() -> None:
    proxy = Proxy(NO_ACCEPTABLE_METHOD)
    kept: list[BaseException] = []
    with listening(proxy.handle, seconds=3 * WAIT) as port:
        http = httpx.Client(proxy=f"socks5://127.0.0.1:{port}")
        bc = BeatConnect(
            api_key="test-api-key",
            base_url="https://api.beatconnect.test/v1",
            http_client=http,
            max_retries=0,
        )
        try:
            try:
                bc.beats.get(1234)
            except APIConnectionError as exc:
                kept.append(exc)
            assert len(kept) == 1
            assert "ProxyError" in str(kept[0])
            gc.collect()
            # The error (and its traceback) is still held: the socket is closed anyway.
            assert proxy.closed.wait(WAIT)
        finally:
            bc.close()
            http.close()
