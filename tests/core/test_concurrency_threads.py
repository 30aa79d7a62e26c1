"""OrderedPool when the system refuses a new thread, and how many threads it starts."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from beatkit._core.concurrency import OrderedPool


class _Refusing(threading.Thread):
    """A thread class whose ``start()`` fails as CPython's does at the thread limit,
    after ``allowed`` starts."""

    allowed = 0
    started = 0

    def start(self) -> None:
        if self.name != "beatkit-pool":  # a test server's threads
            super().start()
            return
        if type(self).started >= type(self).allowed:
            raise RuntimeError("can't start new thread")
        type(self).started += 1
        super().start()


def refuse_after(monkeypatch: pytest.MonkeyPatch, allowed: int) -> type[_Refusing]:
    cls = type("Refusing", (_Refusing,), {"allowed": allowed, "started": 0})
    monkeypatch.setattr(threading, "Thread", cls)
    return cls


def _pool_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "beatkit-pool")


def _wait_for_pool_threads_to_end(before: int) -> None:
    deadline = time.monotonic() + 5
    while _pool_threads() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _pool_threads() <= before


@pytest.mark.parametrize("allowed", [1, 3])
def test_runs_on_the_threads_it_could_start(monkeypatch: pytest.MonkeyPatch, allowed: int) -> None:
    # --concurrency 100000 on a long playlist: the system refuses a thread long before the
    # pool's limit. The threads already running do the work, in order, rather than the
    # RuntimeError ending the download with a traceback.
    before = _pool_threads()
    cls = refuse_after(monkeypatch, allowed)
    assert list(OrderedPool(1000).map(lambda item: item * 2, range(40))) == [
        item * 2 for item in range(40)
    ]
    assert cls.started == allowed
    monkeypatch.undo()
    _wait_for_pool_threads_to_end(before)


def test_no_thread_at_all_is_an_os_error(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    refuse_after(monkeypatch, 0)
    with pytest.raises(OSError, match="cannot start a thread") as caught:
        list(OrderedPool(4).map(calls.append, range(10)))
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert calls == []


def test_never_more_threads_than_items() -> None:
    before = _pool_threads()
    seen: set[int] = set()
    lock = threading.Lock()
    gate = threading.Event()

    def work(item: int) -> int:
        if item:
            with lock:
                seen.add(threading.get_ident())
            gate.wait(5)
        return item

    results = OrderedPool(10_000).map(work, range(5))
    try:
        assert next(results) == 0  # every item is submitted by now
        # While the other calls wait on the gate, count the threads started for them.
        deadline = time.monotonic() + 5
        while len(seen) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _pool_threads() - before <= 5
        gate.set()
        assert list(results) == [1, 2, 3, 4]
    finally:
        gate.set()
        results.close()
    assert len(seen) == 4  # one thread per waiting call
    _wait_for_pool_threads_to_end(before)
