"""A forked child that closes the client it inherited leaves its parent's requests alone.

After ``fork()`` the child shares its parent's pooled sockets. Closing a sync client
shuts its pooled sockets down first (to wake the threads blocked on them), and a
shutdown acts on the socket both processes hold: a child closing the copy it
inherited (a worker tidying up before making its own client, as the docs advise)
cut the request the parent had in flight on it (an ``APIConnectionError`` in the
parent, for a POST "may have reached the server"). In a child, closing the client
closes the child's own descriptors only.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from beatkit import BeatConnect
from tests.core._fork import in_child

WAIT = 10.0


class SlowServer:
    """Answers each request on 127.0.0.1 once :attr:`release` is set; bounded by WAIT."""

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
        deadline = time.monotonic() + WAIT
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(WAIT)
                try:
                    conn.recv(65536)
                    self.received.set()
                    self.release.wait(WAIT)
                    body = b'{"status": "success", "data": []}'
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


def test_child_closing_its_inherited_client_does_not_cut_the_parents_request() -> None:
    server = SlowServer()
    try:
        with BeatConnect(
            api_key="key", base_url=f"http://127.0.0.1:{server.port}", max_retries=0
        ) as client:
            outcome: dict[str, Any] = {}

            def call() -> None:
                try:
                    outcome["genres"] = client.genres.list()
                except Exception as exc:  # reported below
                    outcome["error"] = exc

            parent_call = threading.Thread(target=call)
            parent_call.start()
            assert server.received.wait(WAIT)  # the parent's request is on the wire

            def close_in_child() -> str:
                client.close()
                return "closed"

            assert in_child(close_in_child) == ("ok", "closed")
            server.release.set()
            parent_call.join(WAIT)
            assert not parent_call.is_alive()
            assert "error" not in outcome, outcome.get("error")
            assert outcome["genres"] == []
    finally:
        server.close()
