"""A value built on first use (a service's strict converter) in a child forked while a
thread of its parent was building it.

The build runs under a lock; the thread that held it does not run in the child, so the
child's first strict client waited for it for ever.
"""

from __future__ import annotations

import os
import threading

import pytest

from beatkit._core.lazy import built_on_first_use
from tests.core._fork import in_child


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_child_forked_while_a_thread_builds_the_value_builds_its_own() -> None:
    parent = os.getpid()
    building, done = threading.Event(), threading.Event()

    def build() -> str:
        if os.getpid() == parent:
            building.set()
            done.wait(10)  # the parent's build is under way as the child is forked
        return "built"

    namespace: dict[str, object] = {}
    get, _ = built_on_first_use("m", "value", build, namespace)
    thread = threading.Thread(target=get)
    thread.start()
    assert building.wait(10)

    def in_the_child() -> bytes:
        got: list[str] = []
        worker = threading.Thread(target=lambda: got.append(get()), daemon=True)
        worker.start()
        worker.join(5)
        return b"1" if got == ["built"] else b"0"

    try:
        answer = in_child(in_the_child)[-1]
    finally:
        done.set()
        thread.join(10)
    assert answer == b"1", "the child waited for the build of a thread it does not run"
    assert namespace["value"] == "built"
