"""The socket server says ``Connection: close`` when it closes the connection after an answer.

A fault's ``headers={"Connection": "close"}`` reached the client in process but was
dropped over the socket (and the connection kept alive), though the testing page
says a ``fail_next`` behaves the same both ways. And the server closed a connection
after answering (the client asked it to, or its request could not be read) without
the ``close`` option RFC 9112 (section 9.6) asks it to send, so a client could reuse
a connection already going away.
"""

from __future__ import annotations

import asyncio
import socket

import httpx

from beatkit.testing import FakeBeatConnect, serve


def _raw(port: int, data: bytes) -> bytes:
    """Everything the server sends for ``data`` until it closes (bounded in time)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        received = b""
        for _ in range(100):
            chunk = sock.recv(65536)
            if not chunk:
                return received  # closed by the server
            received += chunk
    raise AssertionError(f"connection still open after {received[:200]!r}")


def _head(answer: bytes) -> list[bytes]:
    return [line.lower() for line in answer.partition(b"\r\n\r\n")[0].split(b"\r\n")]


def test_fault_connection_close_is_sent_and_honoured_over_the_socket() -> None:
    fake = FakeBeatConnect()
    with serve(fake) as server:
        fake.fail_next(503, headers={"Connection": "close"})
        answer = _raw(
            server.port,
            b"GET /v1/genres HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Bearer " + fake.api_key.encode() + b"\r\n\r\n",
        )
    assert answer.startswith(b"HTTP/1.1 503 ")
    assert b"connection: close" in _head(answer)


def test_fault_connection_close_reaches_sync_and_async_clients() -> None:
    fake = FakeBeatConnect()
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    with serve(fake) as server:
        fake.fail_next(503, headers={"Connection": "close"})
        with httpx.Client(timeout=5) as http:
            sync = http.get(server.base_url + "/genres", headers=headers)
            assert http.get(server.base_url + "/genres", headers=headers).status_code == 200

        async def run() -> httpx.Response:
            fake.fail_next(503, headers={"Connection": "close"})
            async with httpx.AsyncClient(timeout=5) as client:
                answer = await client.get(server.base_url + "/genres", headers=headers)
                assert (await client.get(server.base_url + "/genres", headers=headers)).is_success
                return answer

        asynced = asyncio.run(run())
    assert sync.headers.get("Connection") == "close"
    assert asynced.headers.get("Connection") == "close"


def test_client_connection_close_is_answered_with_close() -> None:
    fake = FakeBeatConnect()
    with serve(fake) as server:
        answer = _raw(
            server.port,
            b"GET /v1/genres HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Authorization: Bearer " + fake.api_key.encode() + b"\r\n\r\n",
        )
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert b"connection: close" in _head(answer)


def test_unreadable_request_is_answered_with_close() -> None:
    fake = FakeBeatConnect()
    with serve(fake) as server:
        answer = _raw(
            server.port,
            b"POST /v1/genres HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n",
        )
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"connection: close" in _head(answer)


def test_keep_alive_answers_say_nothing_of_closing() -> None:
    fake = FakeBeatConnect()
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    with serve(fake) as server, httpx.Client(timeout=5) as http:
        answer = http.get(server.base_url + "/genres", headers=headers)
    assert "Connection" not in answer.headers
