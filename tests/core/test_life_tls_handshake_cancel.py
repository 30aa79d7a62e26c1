"""A call cancelled during its TLS handshake closes its socket at once.

httpcore closes the TCP stream when ``start_tls`` fails with an ``Exception`` only: a
cancellation there (an ``asyncio.timeout`` or ``asyncio.wait_for`` running out while an
https connection is being set up, a pager's prefetch cancelled) left the socket open,
its transport registered with the event loop, with no connection or pool holding it:
it stayed open after the client closed, and after the loop closed, until the garbage
collector found it (``ResourceWarning: unclosed transport``). The server saw a
handshake that never ended.

Here the server accepts the connection and never answers the ClientHello; it reports
when the client closes the socket. Every wait is bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from beatkit import AsyncBeatConnect
from tests.core._listener import listening
from tests.core._pool_waits import WAIT


async def test_a_call_cancelled_in_its_tls_handshake_closes_its_socket() -> None:
    hello = threading.Event()
    closed = threading.Event()

    def handle(conn: socket.socket) -> None:
        conn.settimeout(WAIT)
        try:
            if conn.recv(65536):
                hello.set()  # the ClientHello: the handshake began; never answered
            while conn.recv(65536):
                pass
        except OSError:
            return  # timed out: the client kept the socket open
        closed.set()

    with listening(handle, seconds=3 * WAIT) as port:
        bc = AsyncBeatConnect(
            api_key="test-api-key", base_url=f"https://127.0.0.1:{port}/v1", max_retries=0
        )
        try:
            call = asyncio.create_task(bc.beats.get(1234))
            assert await asyncio.to_thread(hello.wait, WAIT)
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(call, WAIT)
            # Closed while the loop runs on, the client still open: not left to the
            # garbage collector.
            assert await asyncio.to_thread(closed.wait, WAIT)
        finally:
            await bc.aclose()


async def test_a_call_timed_out_in_its_tls_handshake_closes_its_socket() -> None:
    closed = threading.Event()

    def handle(conn: socket.socket) -> None:
        conn.settimeout(WAIT)
        try:
            while conn.recv(65536):
                pass
        except OSError:
            return
        closed.set()

    with listening(handle, seconds=3 * WAIT) as port:
        bc = AsyncBeatConnect(
            api_key="test-api-key", base_url=f"https://127.0.0.1:{port}/v1", max_retries=0
        )
        try:
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.5):
                    await bc.beats.get(1234)
            assert await asyncio.to_thread(closed.wait, WAIT)
        finally:
            await bc.aclose()
