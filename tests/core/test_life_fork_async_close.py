"""A forked child that closes the async client it inherited leaves its parent's
connections alone.

After ``fork()`` the child holds copies of its parent's pooled sockets, and of its
parent's event loop, whose epoll instance the two processes share. Closing an async
client closes each pooled connection's asyncio transport, which takes its socket out
of that loop's selector: in a child, out of the epoll instance the parent's running
loop waits on. The parent's loop never heard of its sockets again: the answer to a
request it had in flight was never read (an ``APITimeoutError`` once its read timeout
ran out), and a request sent on a kept-alive connection waited for its answer alike.
The docs say closing the inherited client in the child is safe; in a child the client
now closes its own copies of the sockets only, without touching the parent's loop.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time

import pytest

from beatkit import AsyncBeatConnect
from tests.core._fork import in_child

WAIT = 10.0

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="fork after asyncio: epoll is Linux's"
)


class Server:
    """Answers every request on 127.0.0.1 (kept alive); holds each answer until
    :attr:`release` is set. Bounded by WAIT."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.received = threading.Event()
        self.release = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        deadline = time.monotonic() + 3 * WAIT
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(WAIT)
            try:
                while conn.recv(65536):
                    self.received.set()
                    self.release.wait(WAIT)
                    body = b'{"status": "success", "data": {"genres": []}}'
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                    )
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.release.set()
        self.thread.join(WAIT)
        self.listener.close()


def _close_in_child(client: AsyncBeatConnect) -> str:
    asyncio.run(client.aclose())
    return "closed"


def test_child_closing_its_inherited_async_client_leaves_the_parents_request() -> None:
    server = Server()

    async def parent() -> None:
        client = AsyncBeatConnect(
            api_key="key", base_url=f"http://127.0.0.1:{server.port}/v1", max_retries=0
        )
        try:
            call = asyncio.create_task(client.genres.list())
            assert await asyncio.to_thread(server.received.wait, WAIT)  # on the wire
            assert in_child(lambda: _close_in_child(client)) == ("ok", "closed")
            server.release.set()
            # Answered and read: not an APITimeoutError after the read timeout.
            assert await asyncio.wait_for(call, WAIT) == []
        finally:
            await client.aclose()

    try:
        asyncio.run(parent())
    finally:
        server.close()


def test_child_closing_its_inherited_async_client_leaves_the_parents_pool() -> None:
    server = Server()
    server.release.set()

    async def parent() -> None:
        client = AsyncBeatConnect(
            api_key="key", base_url=f"http://127.0.0.1:{server.port}/v1", max_retries=0
        )
        try:
            assert await asyncio.wait_for(client.genres.list(), WAIT) == []  # kept alive
            assert in_child(lambda: _close_in_child(client)) == ("ok", "closed")
            # Sent on the kept-alive connection, and its answer read.
            assert await asyncio.wait_for(client.genres.list(), WAIT) == []
        finally:
            await client.aclose()

    try:
        asyncio.run(parent())
    finally:
        server.close()
