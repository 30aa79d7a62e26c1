"""OrderedPool / AsyncOrderedPool and the locks: order, bounds, failure and early exit."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import aclosing

import pytest

from beatkit._core.concurrency import AsyncLock, AsyncOrderedPool, Lock, OrderedPool


class Gauge:
    """Counts calls in flight (thread-safe)."""

    def __init__(self) -> None:
        self.current = 0
        self.peak = 0
        self.started: list[int] = []
        self.finished: list[int] = []
        self.cancelled: list[int] = []
        self._lock = threading.Lock()

    def enter(self, item: int) -> None:
        with self._lock:
            self.started.append(item)
            self.current += 1
            self.peak = max(self.peak, self.current)

    def leave(self, item: int, *, cancelled: bool = False) -> None:
        with self._lock:
            self.current -= 1
            (self.cancelled if cancelled else self.finished).append(item)


def tiny_delay(item: int) -> float:
    """Later items finish first within each group of four."""
    return 0.0005 * (4 - item % 4)


# --- OrderedPool (threads) --------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 2, 4, 8])
def test_ordered_pool_keeps_order_and_bound(concurrency: int) -> None:
    gauge = Gauge()

    def work(item: int) -> int:
        gauge.enter(item)
        time.sleep(tiny_delay(item))
        gauge.leave(item)
        return item * 10

    assert list(OrderedPool(concurrency).map(work, range(24))) == [i * 10 for i in range(24)]
    assert 1 <= gauge.peak <= concurrency
    assert gauge.current == 0
    assert sorted(gauge.started) == list(range(24))


def test_ordered_pool_empty_and_bad_concurrency() -> None:
    assert list(OrderedPool(3).map(lambda x: x, [])) == []
    with pytest.raises(ValueError, match="concurrency"):
        OrderedPool(0)


def test_ordered_pool_reads_the_source_lazily() -> None:
    pulled: list[int] = []

    def source() -> Iterator[int]:
        for i in range(1000):
            pulled.append(i)
            yield i

    results = OrderedPool(3).map(lambda x: x, source())
    assert next(results) == 0
    # Three started, one refill after the first result: never the whole source.
    assert len(pulled) <= 4
    results.close()


def test_ordered_pool_exception_propagates_and_stops_the_rest() -> None:
    gauge = Gauge()

    def work(item: int) -> int:
        gauge.enter(item)
        try:
            if item == 2:
                raise KeyError("boom")
            time.sleep(0.0005)
            return item
        finally:
            gauge.leave(item)

    received: list[int] = []

    def consume() -> None:
        for value in OrderedPool(2).map(work, range(50)):
            received.append(value)

    with pytest.raises(KeyError, match="boom"):
        consume()
    assert received == [0, 1]
    assert len(gauge.started) <= 5
    assert gauge.current == 0


def test_ordered_pool_early_close_stops_submitting() -> None:
    gauge = Gauge()

    def work(item: int) -> int:
        gauge.enter(item)
        time.sleep(0.0005)
        gauge.leave(item)
        return item

    results = OrderedPool(3).map(work, range(100))
    assert next(results) == 0
    results.close()
    assert len(gauge.started) <= 4
    # Closing waited for the calls already running.
    assert gauge.current == 0


def test_lock() -> None:
    lock = Lock()
    counter = {"value": 0}

    def work() -> None:
        for _ in range(200):
            with lock:
                value = counter["value"]
                counter["value"] = value + 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert counter["value"] == 800


# --- AsyncOrderedPool (tasks) -----------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 2, 4, 8])
async def test_async_ordered_pool_keeps_order_and_bound(concurrency: int) -> None:
    gauge = Gauge()

    async def work(item: int) -> int:
        gauge.enter(item)
        await asyncio.sleep(tiny_delay(item))
        gauge.leave(item)
        return item * 10

    results = [r async for r in AsyncOrderedPool(concurrency).map(work, range(24))]
    assert results == [i * 10 for i in range(24)]
    assert gauge.peak == min(concurrency, 24)
    assert gauge.current == 0


async def test_async_ordered_pool_empty_and_bad_concurrency() -> None:
    async def work(item: int) -> int:
        return item

    assert [r async for r in AsyncOrderedPool(2).map(work, [])] == []
    with pytest.raises(ValueError, match="concurrency"):
        AsyncOrderedPool(0)


async def test_async_ordered_pool_exception_cancels_the_rest() -> None:
    gauge = Gauge()
    never = asyncio.Event()

    async def work(item: int) -> int:
        gauge.enter(item)
        try:
            if item == 1:
                await asyncio.sleep(0)
                raise KeyError("boom")
            if item >= 2:
                await never.wait()
        except asyncio.CancelledError:
            gauge.leave(item, cancelled=True)
            raise
        gauge.leave(item)
        return item

    received: list[int] = []

    async def consume() -> None:
        async for value in AsyncOrderedPool(3).map(work, range(50)):
            received.append(value)

    with pytest.raises(KeyError, match="boom"):
        await consume()
    assert received == [0]
    assert gauge.current == 1  # the failing call left by raising
    assert gauge.cancelled
    assert set(gauge.cancelled) <= {2, 3, 4}
    assert len(gauge.started) <= 5


async def test_async_ordered_pool_early_close_cancels_pending() -> None:
    gauge = Gauge()
    never = asyncio.Event()

    async def work(item: int) -> int:
        gauge.enter(item)
        try:
            if item > 0:
                await never.wait()
        except asyncio.CancelledError:
            gauge.leave(item, cancelled=True)
            raise
        gauge.leave(item)
        return item

    async with aclosing(AsyncOrderedPool(4).map(work, range(100))) as results:
        async for value in results:
            assert value == 0
            break
    assert gauge.current == 0
    assert gauge.finished == [0]
    # Every call that started and did not finish was cancelled; none is left running.
    assert sorted(gauge.cancelled) == sorted(set(gauge.started) - {0})
    assert set(gauge.cancelled) >= {1, 2, 3}
    assert len(gauge.started) <= 5


# --- AsyncLock --------------------------------------------------------------------------------


async def test_async_lock_excludes_tasks() -> None:
    lock = AsyncLock()
    gauge = Gauge()

    async def work(item: int) -> None:
        for _ in range(5):
            async with lock:
                gauge.enter(item)
                await asyncio.sleep(0)
                gauge.leave(item)

    await asyncio.wait_for(asyncio.gather(*(work(i) for i in range(8))), timeout=10)
    assert gauge.peak == 1
    assert len(gauge.finished) == 40


def test_async_lock_excludes_threads_with_their_own_loops() -> None:
    lock = AsyncLock()
    gauge = Gauge()
    errors: list[BaseException] = []

    async def tasks(thread: int) -> None:
        async def work(item: int) -> None:
            for _ in range(3):
                async with lock:
                    gauge.enter(item)
                    await asyncio.sleep(0.0002)
                    gauge.leave(item)

        await asyncio.gather(*(work(thread * 10 + i) for i in range(3)))

    def run(thread: int) -> None:
        try:
            asyncio.run(asyncio.wait_for(tasks(thread), timeout=10))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert gauge.peak == 1
    assert len(gauge.finished) == 4 * 3 * 3


def _hold_in_thread(
    lock: AsyncLock, held: threading.Event, release: threading.Event
) -> threading.Thread:
    async def hold() -> None:
        async with lock:
            held.set()
            release.wait(timeout=10)

    thread = threading.Thread(target=lambda: asyncio.run(hold()))
    thread.start()
    assert held.wait(timeout=10)
    return thread


async def test_async_lock_waits_for_another_thread_without_blocking_the_loop() -> None:
    lock = AsyncLock()
    held, release = threading.Event(), threading.Event()
    thread = _hold_in_thread(lock, held, release)
    try:
        entered = asyncio.Event()

        async def acquire() -> None:
            async with lock:
                entered.set()

        waiter = asyncio.create_task(acquire())
        ticks = 0
        for _ in range(5):
            await asyncio.sleep(0.001)
            ticks += 1
        assert ticks == 5  # the loop kept running while the waiter waited
        assert not entered.is_set()
    finally:
        release.set()
    await asyncio.wait_for(waiter, timeout=10)
    assert entered.is_set()
    thread.join(timeout=10)


async def test_async_lock_cancelled_waiter_releases_its_place() -> None:
    lock = AsyncLock()
    held, release = threading.Event(), threading.Event()
    thread = _hold_in_thread(lock, held, release)

    async def acquire() -> str:
        async with lock:
            return "in"

    try:
        first = asyncio.create_task(acquire())
        await asyncio.sleep(0.002)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
    finally:
        release.set()
    thread.join(timeout=10)
    assert await asyncio.wait_for(acquire(), timeout=10) == "in"
