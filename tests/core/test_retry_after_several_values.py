"""A ``Retry-After`` sent more than once (a proxy adding its own, or repeating the
origin's) is still honoured.

httpx joins repeated header lines with ", ": ``Retry-After: 30`` twice reads as
``"30, 30"``, which was no delay-seconds and no HTTP-date, so it was taken as
unreadable. The retry then went out after a 0.5 s backoff into a lockout the server had
named (and for ``"3600, 1"`` slept half a second instead of raising at once). Each value
is now read, and the longest wait any of them names wins: sending earlier than one of
them asked would only meet another 429.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs
import pytest

from beatkit import BeatPass
from beatkit._core.retry import parse_retry_after
from beatkit.errors import RateLimitError

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30, 30", 30.0),
        ("1, 3600", 3600.0),
        ("3600,1", 3600.0),
        ("2, soon", 2.0),
        ("Wed, 01 May 2024 12:00:30 GMT, 5", 30.0),
        ("5, Wed, 01 May 2024 12:00:30 GMT", 30.0),
        ("Wed, 01 May 2024 12:00:30 GMT, Wed, 01 May 2024 12:01:00 GMT", 60.0),
        ("Wednesday, 01-May-24 12:00:30 GMT, 1", 30.0),
    ],
)
def test_several_values_wait_the_longest(value: str, expected: float) -> None:
    assert parse_retry_after(value, now=NOW) == expected


@pytest.mark.parametrize("value", [", ", "soon, later", ",,", "nan, inf"])
def test_several_unreadable_values_are_unreadable(value: str) -> None:
    assert parse_retry_after(value, now=NOW) is None


@pytest.fixture
def server() -> Iterator[tuple[int, list[bytes]]]:
    """A 127.0.0.1 server answering every request 429 with two Retry-After lines."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
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
                        + b"Retry-After: 3600\r\nRetry-After: 1\r\n\r\n"
                    )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], seen
    stop.set()
    # close() alone does not wake the accept() blocked in the thread (it waited out its
    # 5 s timeout at every teardown); shutdown() does.
    listener.shutdown(socket.SHUT_RDWR)
    listener.close()
    thread.join(5)


def test_a_long_wait_among_several_is_raised_at_once(server: tuple[int, list[bytes]]) -> None:
    port, seen = server
    waits: list[float] = []
    with BeatPass("tok", base_url=f"http://127.0.0.1:{port}/api/v1", allow_http=True) as bp:
        transport = bp._transport
        transport.settings = attrs.evolve(transport.settings, sleep=waits.append)
        with pytest.raises(RateLimitError) as info:
            bp.tracks.get(1)
    assert info.value.retry_after == 3600.0
    assert waits == []
    assert len(seen) == 1
