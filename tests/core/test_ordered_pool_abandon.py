"""``OrderedPool(abandon_running=True)``: a close or a call's failure leaves the running
calls to end on their own; without it, both wait for them (the HLS downloader's pool).
Every wait is bounded."""

from __future__ import annotations

import threading

import pytest

from beatkit._core.concurrency import OrderedPool

WAIT = 10.0


class Calls:
    """Calls that hold every item but 0 until released (item 1 raises when told)."""

    def __init__(self, *, fail: bool = False) -> None:
        self.release = threading.Event()
        self.fail = fail
        self.ended: list[int] = []
        self._lock = threading.Lock()

    def __call__(self, item: int) -> int:
        try:
            if item == 1 and self.fail:
                raise KeyError("boom")
            if item:
                self.release.wait(WAIT)
            return item
        finally:
            with self._lock:
                self.ended.append(item)


@pytest.mark.parametrize("abandon", [True, False])
def test_a_close_waits_only_without_abandon(abandon: bool) -> None:
    calls = Calls()
    results = OrderedPool(3, abandon_running=abandon).map(calls, range(10))
    assert next(results) == 0
    if not abandon:
        # Closing waits for items 1-3: released from another thread, or it would hang.
        threading.Timer(0.2, calls.release.set).start()
    results.close()
    running = {1, 2}
    if abandon:
        assert not running & set(calls.ended)
        calls.release.set()
    else:
        assert running <= set(calls.ended)
    assert calls.release.wait(WAIT)


@pytest.mark.parametrize("abandon", [True, False])
def test_a_failure_waits_only_without_abandon(abandon: bool) -> None:
    calls = Calls(fail=True)
    if not abandon:
        threading.Timer(0.2, calls.release.set).start()
    with pytest.raises(KeyError, match="boom"):
        list(OrderedPool(3, abandon_running=abandon).map(calls, range(10)))
    if abandon:
        assert 2 not in calls.ended
        calls.release.set()
    else:
        assert 2 in calls.ended
