"""A Lock shared by threads and an AsyncLock, and the re-entry that would hang for ever."""

from __future__ import annotations

import asyncio
import threading

import pytest

from beatkit._core.concurrency import AsyncLock, Lock, LockReentryError


def test_a_shared_lock_excludes_threads_and_tasks_together() -> None:
    lock = Lock()
    alock = AsyncLock(lock)
    inside: list[str] = []
    overlaps: list[list[str]] = []
    guard = threading.Lock()

    def enter(who: str) -> None:
        with guard:
            if inside:
                overlaps.append([*inside, who])
            inside.append(who)

    def leave(who: str) -> None:
        with guard:
            inside.remove(who)

    def thread_work(n: int) -> None:
        for _ in range(20):
            with lock:
                enter(f"thread-{n}")
                threading.Event().wait(0.0002)
                leave(f"thread-{n}")

    async def task_work(n: int) -> None:
        for _ in range(20):
            async with alock:
                enter(f"task-{n}")
                await asyncio.sleep(0.0002)
                leave(f"task-{n}")

    async def tasks() -> None:
        await asyncio.wait_for(asyncio.gather(*(task_work(n) for n in range(4))), timeout=20)

    threads = [threading.Thread(target=thread_work, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=lambda: asyncio.run(tasks())))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert overlaps == []
    assert inside == []


def test_a_thread_taking_its_own_lock_again_is_refused() -> None:
    lock = Lock()
    with lock:
        assert lock.held_by_this_thread()
        with pytest.raises(LockReentryError):
            lock.acquire()
        assert not lock.acquire(blocking=False)
    assert not lock.held_by_this_thread()
    # Still usable after the refusal.
    with lock:
        pass


async def test_a_blocking_acquire_on_the_loop_holding_the_lock_is_refused() -> None:
    lock = Lock()
    alock = AsyncLock(lock)
    async with alock:
        # The loop cannot release it while this thread blocks: waiting would hang.
        with pytest.raises(LockReentryError):
            lock.acquire()
    # Other threads simply wait their turn.
    async with alock:
        taken = threading.Event()

        def take() -> None:
            with lock:
                taken.set()

        worker = threading.Thread(target=take)
        worker.start()
        assert not taken.wait(0.05)
    worker.join(timeout=10)
    assert taken.is_set()


def test_an_async_acquire_under_a_blocking_holder_on_its_own_thread_is_refused() -> None:
    lock = Lock()
    alock = AsyncLock(lock)

    async def take() -> None:
        async with alock:
            pass

    with lock, pytest.raises(LockReentryError):
        asyncio.run(asyncio.wait_for(take(), timeout=10))
    asyncio.run(asyncio.wait_for(take(), timeout=10))


@pytest.mark.parametrize("timeout", [1e10, 1e300])
def test_a_timeout_longer_than_threads_take_waits_without_a_limit(timeout: float) -> None:
    # threading's own acquire refuses a timeout over threading.TIMEOUT_MAX (about 292
    # years) with OverflowError: a request with timeout=1e10 (for "no limit") waiting
    # on another thread's token refresh raised it instead of waiting.
    lock = Lock()
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert held.wait(30)
    timer = threading.Timer(0.05, release.set)
    timer.start()
    try:
        assert lock.acquire(timeout=timeout)
        lock.release()
    finally:
        release.set()
        timer.cancel()
        holder.join(30)
