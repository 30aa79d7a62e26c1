"""A SOCKS handshake that fails, or that a cancellation cuts short, closes its socket.

httpcore's SOCKS connection never closes the socket to the proxy when its SOCKS5
handshake fails: a proxy refusing every authentication method (RFC 1928 has the
client close the connection then) left the socket open after the call failed, and
after the client and the event loop had closed, one per attempt, until the garbage
collector found it; so did a call cancelled in the handshake. The socket is closed
as the handshake fails.

The proxy here answers the greeting as told, then reports when the client closes the
socket. Every wait is bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
import socket
import threading

import httpx
import pytest

from beatkit import APIConnectionError, AsyncBeatConnect, BeatConnect
from tests.core._listener import listening
from tests.core._pool_waits import WAIT

pytest.importorskip("socksio")

NO_ACCEPTABLE_METHOD = b"\x05\xff"


class Proxy:
    """What the SOCKS proxy saw: the greeting, and the client closing the socket."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.greeted = threading.Event()
        self.closed = threading.Event()

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(WAIT)
        try:
            if not conn.recv(4096):
                return
            self.greeted.set()
            if self.answer:
                conn.sendall(self.answer)
            while conn.recv(65536):
                pass
        except OSError:
            return  # timed out: the client kept the socket open
        self.closed.set()


def test_a_refused_socks_handshake_closes_its_socket_sync() -> None:
    proxy = Proxy(NO_ACCEPTABLE_METHOD)
    with listening(proxy.handle, seconds=3 * WAIT) as port:
        http = httpx.Client(proxy=f"socks5://127.0.0.1:{port}")
        bc = BeatConnect(
            api_key="test-api-key",
            base_url="https://api.beatconnect.test/v1",
            http_client=http,
            max_retries=0,
        )
        try:
            with pytest.raises(APIConnectionError, match="ProxyError"):
                bc.beats.get(1234)
            # Closed by the call, the client still open: not left to the collector.
            assert proxy.closed.wait(WAIT)
        finally:
            bc.close()
            http.close()


async def test_a_refused_socks_handshake_closes_its_socket() -> None:
    proxy = Proxy(NO_ACCEPTABLE_METHOD)
    with listening(proxy.handle, seconds=3 * WAIT) as port:
        http = httpx.AsyncClient(proxy=f"socks5://127.0.0.1:{port}")
        bc = AsyncBeatConnect(
            api_key="test-api-key",
            base_url="https://api.beatconnect.test/v1",
            http_client=http,
            max_retries=0,
        )
        try:
            with pytest.raises(APIConnectionError, match="ProxyError"):
                await asyncio.wait_for(bc.beats.get(1234), WAIT)
            assert await asyncio.to_thread(proxy.closed.wait, WAIT)
        finally:
            await bc.aclose()
            await http.aclose()


async def test_a_socks_handshake_cut_by_a_cancellation_closes_its_socket() -> None:
    proxy = Proxy(b"")  # never answers the greeting
    with listening(proxy.handle, seconds=3 * WAIT) as port:
        http = httpx.AsyncClient(proxy=f"socks5://127.0.0.1:{port}")
        bc = AsyncBeatConnect(
            api_key="test-api-key",
            base_url="https://api.beatconnect.test/v1",
            http_client=http,
            max_retries=0,
        )
        try:
            call = asyncio.create_task(bc.beats.get(1234))
            assert await asyncio.to_thread(proxy.greeted.wait, WAIT)
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(call, WAIT)
            assert await asyncio.to_thread(proxy.closed.wait, WAIT)
        finally:
            await bc.aclose()
            await http.aclose()
