"""Run a function in a forked child and get its outcome back, bounded in time."""

from __future__ import annotations

import os
import pickle
import select
from collections.abc import Callable
from typing import Any

__all__ = ["in_child"]


def in_child(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a forked child; its result (or its error, as text) comes back."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
        try:
            try:
                outcome: Any = ("ok", work())
            except BaseException as exc:
                outcome = ("error", type(exc).__name__, str(exc))
            os.write(write, pickle.dumps(outcome))
        finally:
            os._exit(0)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 30)
        assert ready, "the child neither answered nor ended within 30 s"
        data = b""
        while chunk := os.read(read, 65536):
            data += chunk
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    return pickle.loads(data)  # noqa: S301  # our own child's bytes
