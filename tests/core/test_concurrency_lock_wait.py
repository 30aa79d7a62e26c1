"""AsyncLock waits for a lock held by another thread without polling it."""

from __future__ import annotations

import asyncio
import threading

from beatkit._core.concurrency import AsyncLock, Lock


class CountingLock(Lock):
    """Counts the attempts to take the lock."""

    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    def acquire(self, *, blocking: bool = True, timeout: float | None = None) -> bool:
        self.attempts += 1
        return super().acquire(blocking=blocking, timeout=timeout)


async def _wait_while_a_thread_holds(lock: Lock, *, sync_holder: bool) -> int:
    """Attempts an AsyncLock waiter makes while another thread holds ``lock`` for a while."""
    alock = AsyncLock(lock)
    held, release = threading.Event(), threading.Event()

    def hold_sync() -> None:
        with lock:
            held.set()
            release.wait(timeout=10)

    async def hold_async() -> None:
        async with AsyncLock(lock):
            held.set()
            release.wait(timeout=10)

    target = hold_sync if sync_holder else (lambda: asyncio.run(hold_async()))
    thread = threading.Thread(target=target)
    thread.start()
    try:
        assert held.wait(timeout=10)
        before = lock.attempts if isinstance(lock, CountingLock) else 0

        async def take() -> None:
            async with alock:
                pass

        waiter = asyncio.create_task(take())
        for _ in range(50):  # the loop runs on while the waiter waits
            await asyncio.sleep(0.002)
        assert not waiter.done()
    finally:
        release.set()
    await asyncio.wait_for(waiter, timeout=10)
    thread.join(timeout=10)
    assert not thread.is_alive()
    return (lock.attempts if isinstance(lock, CountingLock) else 0) - before


async def test_waiting_for_a_sync_holder_does_not_poll() -> None:
    # It used to try again every millisecond (about 100 attempts here, and CPU spent
    # for as long as the other thread held the lock): a release now wakes the waiter.
    attempts = await _wait_while_a_thread_holds(CountingLock(), sync_holder=True)
    assert attempts <= 4


async def test_waiting_for_an_async_holder_on_another_loop_does_not_poll() -> None:
    attempts = await _wait_while_a_thread_holds(CountingLock(), sync_holder=False)
    assert attempts <= 4


async def test_a_waiter_cancelled_while_waiting_is_forgotten() -> None:
    lock = Lock()
    alock = AsyncLock(lock)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            held.set()
            release.wait(timeout=10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(timeout=10)
        waiter = asyncio.create_task(alock.acquire())
        for _ in range(5):
            await asyncio.sleep(0.001)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        assert waiter.cancelled()
    finally:
        release.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    # The lock is free, for threads and tasks alike; the cancelled waiter kept nothing.
    assert lock.acquire(blocking=False)
    lock.release()
    await asyncio.wait_for(alock.acquire(), timeout=10)
    await alock.release()
    assert getattr(lock, "_waiters", {}) in ({}, [])


def test_waiters_on_several_loops_all_get_the_lock_in_turn() -> None:
    lock = Lock()
    lock.acquire()
    order: list[int] = []
    guard = threading.Lock()
    ready = threading.Barrier(4, timeout=10)
    errors: list[BaseException] = []

    async def take(n: int) -> None:
        alock = AsyncLock(lock)
        async with alock:
            with guard:
                order.append(n)

    def run(n: int) -> None:
        try:
            ready.wait()
            asyncio.run(asyncio.wait_for(take(n), timeout=10))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    ready.wait()
    threading.Event().wait(0.05)  # let them start waiting (not needed for correctness)
    lock.release()
    for thread in threads:
        thread.join(timeout=15)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert sorted(order) == [0, 1, 2]
