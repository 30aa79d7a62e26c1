"""A 429 that names no ``Retry-After`` but whose ``X-RateLimit-Reset`` is further away
than ``max_retry_wait`` is raised at once.

The 429 had no ``retry_after``, so it was retried: beatkit slept a backoff (0.5 s to
10 s), and only then found, pacing the retry, that the window the server had just timed
was shut for longer than it would wait, and raised. The sleep bought nothing. Now the
429's own rate-limit headers are read before deciding: ``RateLimitError`` is raised at
once, ``retry_after`` the seconds to the reset, nothing slept and nothing sent again.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import attrs
import pytest

from beatkit import BeatPass
from beatkit.errors import RateLimitError


def _serve(reset: int) -> tuple[socket.socket, list[bytes], threading.Thread]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    seen: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                while len(seen) < 10:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    if not data:
                        break
                    seen.append(data.split(b"\r\n", 1)[0])
                    conn.sendall(
                        b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n"
                        b"X-RateLimit-Limit: 60\r\nX-RateLimit-Remaining: 0\r\n"
                        + f"X-RateLimit-Reset: {reset}\r\n\r\n".encode()
                    )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, seen, thread


@pytest.fixture
def long_reset() -> Iterator[tuple[int, list[bytes]]]:
    listener, seen, thread = _serve(3000)
    yield listener.getsockname()[1], seen
    # close() alone does not wake the accept() blocked in the thread (it waited out its
    # 5 s timeout at every teardown); shutdown() does.
    listener.shutdown(socket.SHUT_RDWR)
    listener.close()
    thread.join(5)


def test_a_429_whose_reset_is_too_far_is_raised_at_once(
    long_reset: tuple[int, list[bytes]],
) -> None:
    port, seen = long_reset
    waits: list[float] = []
    with BeatPass("tok", base_url=f"http://127.0.0.1:{port}/api/v1", allow_http=True) as bp:
        transport = bp._transport
        transport.settings = attrs.evolve(transport.settings, sleep=waits.append)
        with pytest.raises(RateLimitError) as info:
            bp.tracks.get(1)
    assert waits == []
    assert len(seen) == 1
    assert info.value.retry_after is not None
    assert 2900 < info.value.retry_after <= 3000
