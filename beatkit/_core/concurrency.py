"""Concurrency primitives in matching sync and async pairs.

The ``_async/`` sources use the ``Async*`` names and ``async_sleep``;
``scripts/unasync.py`` turns them into the plain names for ``_sync/``. This is the
one place where the two worlds are written by hand, because threads and tasks
really do differ here.
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

__all__ = ["AsyncLock", "AsyncOrderedPool", "Lock", "OrderedPool", "async_sleep", "sleep"]

T = TypeVar("T")
R = TypeVar("R")

sleep = time.sleep
async_sleep = asyncio.sleep


class Lock:
    """A thread lock usable as ``with lock:``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._lock.release()


class AsyncLock:
    """A lock usable as ``async with lock:`` that also excludes other threads.

    An ``asyncio.Lock`` belongs to one event loop, but one client may be used from
    several loops in several threads (notebooks, test runners). So the asyncio lock
    is made per loop, and a thread lock is held while the critical section runs.
    The thread lock is taken without blocking the loop: other tasks keep running
    while one waits.
    """

    def __init__(self) -> None:
        self._thread_lock = threading.Lock()
        # Weak keys: a lock per event loop, gone with its loop (an id could be reused).
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._guard = threading.Lock()

    def _loop_lock(self) -> asyncio.Lock:
        key = asyncio.get_running_loop()
        with self._guard:
            lock = self._loop_locks.get(key)
            if lock is None:
                lock = self._loop_locks[key] = asyncio.Lock()
            return lock

    async def __aenter__(self) -> None:
        loop_lock = self._loop_lock()
        await loop_lock.acquire()
        try:
            # Polling, not an asyncio.Event: the holder may be another thread, which
            # cannot wake this loop's tasks directly.
            while not self._thread_lock.acquire(blocking=False):  # noqa: ASYNC110
                await asyncio.sleep(0.001)
        except BaseException:
            loop_lock.release()
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._thread_lock.release()
        self._loop_lock().release()


class OrderedPool:
    """Run a function over items on up to ``concurrency`` threads, yielding results in order.

    Results are yielded as soon as the next one in order is ready; at most
    ``concurrency`` calls are in flight. If a call raises, the calls not yet
    started are cancelled and the exception propagates. Close the iterator (or
    leave the ``for`` loop) to stop early.
    """

    def __init__(self, concurrency: int) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Generator[R, None, None]:
        """Yield ``fn(item)`` for each item, in the order of ``items``."""
        source = iter(items)
        pending: deque[Future[R]] = deque()
        with ThreadPoolExecutor(max_workers=self.concurrency) as executor:
            try:
                for item in source:
                    pending.append(executor.submit(fn, item))
                    if len(pending) >= self.concurrency:
                        break
                while pending:
                    result = pending.popleft().result()
                    for item in source:
                        pending.append(executor.submit(fn, item))
                        break
                    yield result
            finally:
                for future in pending:
                    future.cancel()


class AsyncOrderedPool:
    """Run a coroutine function over items as up to ``concurrency`` tasks, yielding in order.

    The asyncio twin of :class:`OrderedPool`. Wrap the iteration in
    ``contextlib.aclosing`` when you may stop early, so the tasks still running
    are cancelled at once rather than when the generator is collected.
    """

    def __init__(self, concurrency: int) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency

    async def map(
        self, fn: Callable[[T], Awaitable[R]], items: Iterable[T]
    ) -> AsyncGenerator[R, None]:
        """Yield ``await fn(item)`` for each item, in the order of ``items``."""

        async def call(item: T) -> R:
            return await fn(item)

        source = iter(items)
        pending: deque[asyncio.Task[R]] = deque()
        try:
            for item in source:
                pending.append(asyncio.ensure_future(call(item)))
                if len(pending) >= self.concurrency:
                    break
            while pending:
                result = await pending.popleft()
                for item in source:
                    pending.append(asyncio.ensure_future(call(item)))
                    break
                yield result
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
