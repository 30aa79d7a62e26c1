"""A raw TCP listener on 127.0.0.1 for tests that need an answer no HTTP server sends.

Each accepted connection is handed to ``handle`` in the listener's thread; the thread
polls for the test's end every 50 ms and gives up after ``seconds``, so a test that
fails cannot leave it running.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_POLL = 0.05


@contextmanager
def listening(handle: Callable[[socket.socket], None], *, seconds: float = 20) -> Iterator[int]:
    """Accept connections on a free port of 127.0.0.1 while the block runs.

    Args:
        handle: Called with each accepted connection, which is closed after it.
        seconds: How long the listener serves at most.

    Yields:
        The port.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(_POLL)
    stop = threading.Event()

    def accept() -> None:
        for _ in range(int(seconds / _POLL)):
            if stop.is_set():
                return
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                handle(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=10)
        listener.close()
