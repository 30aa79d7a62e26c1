"""The socket server refuses a request whose body length it cannot know for sure.

Two ``Content-Length`` headers that disagree were read as the first one, and the
rest of the body was then read as the next request on the connection (RFC 9112,
section 6.3: an unrecoverable error, answered 400 and closed). A request framed both
by ``Transfer-Encoding: chunked`` and ``Content-Length`` is read by its chunks, and
the connection is closed after the answer (section 6.1), not kept for a next request
that could start anywhere.
"""

from __future__ import annotations

import socket

from beatkit.testing import FakeBeatConnect, serve


def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        received = b""
        for _ in range(100):
            chunk = sock.recv(65536)
            if not chunk:
                return received
            received += chunk
    raise AssertionError(f"connection still open after {received[:200]!r}")


def _auth(fake: FakeBeatConnect) -> bytes:
    return b"Authorization: Bearer " + fake.api_key.encode() + b"\r\n"


def test_conflicting_content_lengths_are_refused() -> None:
    fake = FakeBeatConnect()
    with serve(fake) as server:
        answer = _raw(
            server.port,
            b"POST /v1/genres HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + _auth(fake)
            + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        )
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.count(b"HTTP/1.1 ") == 1
    assert fake.requests == []


def test_repeated_equal_content_lengths_are_read() -> None:
    fake = FakeBeatConnect()
    with serve(fake) as server:
        answer = _raw(
            server.port,
            b"POST /v1/genres HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + _auth(fake)
            + b"Content-Length: 2\r\nContent-Length: 2\r\n\r\nab",
        )
    assert not answer.startswith(b"HTTP/1.1 400 ")
    assert fake.requests[-1].content == b"ab"


def test_chunked_with_a_content_length_closes_after_the_answer() -> None:
    fake = FakeBeatConnect()
    with serve(fake) as server:
        answer = _raw(
            server.port,
            b"POST /v1/genres HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + _auth(fake)
            + b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n",
        )
    assert answer.count(b"HTTP/1.1 ") == 1
    assert fake.requests[-1].content == b"ab"
