"""Concurrency primitives in matching sync and async pairs.

The ``_async/`` sources use the ``Async*`` names and ``async_sleep``;
``scripts/unasync.py`` turns them into the plain names for ``_sync/``. This is the
one place where the two worlds are written by hand, because threads and tasks
really do differ here.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import queue
import sys
import threading
import time
from collections import deque
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
)
from concurrent.futures import Future, wait
from types import TracebackType
from typing import Any, TypeVar

__all__ = [
    "AsyncCloseAlarm",
    "AsyncInnerGenerator",
    "AsyncLock",
    "AsyncOrderedPool",
    "CloseAlarm",
    "InnerGenerator",
    "Lock",
    "LockReentryError",
    "OrderedPool",
    "async_sleep",
    "require_asyncio",
    "sleep",
]

T = TypeVar("T")
R = TypeVar("R")

sleep = time.sleep
async_sleep = asyncio.sleep


class LockReentryError(RuntimeError):
    """A thread asked for a lock it already holds, which would wait for ever.

    With :class:`AsyncLock` sharing a :class:`Lock`, this is a blocking call made
    on the thread whose event loop holds the lock: the loop cannot run (and so
    cannot release it) while that call blocks.
    """


_NOT_ASYNCIO = (
    "{}: beatkit's async clients run under asyncio (uvloop and anyio's asyncio backend "
    "included), and this call runs under {}, which they do not support (their locks, "
    "waits and concurrent fetches are asyncio's); nothing was sent. Run it under "
    "asyncio, or use the sync client in a worker thread (trio.to_thread.run_sync)."
)


def require_asyncio(who: str) -> None:
    """Refuse, before anything is sent, a call that an event loop other than asyncio's runs.

    Under trio, beatkit's asyncio locks, waits and shielded closes failed with trio's
    ``TypeError: trio.run received unrecognized yield message``, some only after the
    request had gone out.

    Args:
        who: The service (or the tool) named in the message.

    Raises:
        beatkit.errors.ConfigurationError: The running coroutine is not asyncio's.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        return
    import sniffio

    try:
        library = sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        library = "an event loop other than asyncio's"
    from beatkit.errors import ConfigurationError

    raise ConfigurationError(_NOT_ASYNCIO.format(who, library))


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():  # a waiter cancelled meanwhile
        future.set_result(None)


class CloseAlarm:
    """Rung once, when a client closes: the waits of its calls end early.

    A call that sleeps before its next step (a pacing slot, a retry's back-off) would
    otherwise sleep its whole wait after ``close()``, only to find the client closed.
    Rung from any thread; it wakes sleepers in threads (:meth:`sleep`) and in event
    loops (:meth:`AsyncCloseAlarm.sleep`).
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._rung = False
        self._wakers: set[Callable[[], object]] = set()

    def ring(self) -> None:
        """End every wait on this alarm, now and from now on."""
        with self._guard:
            self._rung = True
            wakers, self._wakers = self._wakers, set()
        for waker in wakers:
            waker()

    def _watch(self, waker: Callable[[], object]) -> bool:
        """Call ``waker`` when the alarm rings; ``False`` (nothing kept) if it has."""
        with self._guard:
            if self._rung:
                return False
            self._wakers.add(waker)
            return True

    def _unwatch(self, waker: Callable[[], object]) -> None:
        with self._guard:
            self._wakers.discard(waker)

    @staticmethod
    def sleep(
        delay: float, alarms: Iterable[CloseAlarm], sleeper: Callable[[float], object]
    ) -> None:
        """Sleep ``delay`` seconds with ``sleeper``, or less when one of ``alarms`` rings.

        Args:
            delay: Seconds to wait.
            alarms: The alarms that end the wait.
            sleeper: The client's sleep; any other than ``time.sleep`` (a test's
                fake) is called as it is, and is not cut short.
        """
        if sleeper is not sleep or delay <= 0:
            sleeper(delay)
            return
        rung = threading.Event()
        watched: list[CloseAlarm] = []
        try:
            for alarm in alarms:
                if not alarm._watch(rung.set):
                    return
                watched.append(alarm)
            rung.wait(delay)
        finally:
            for alarm in watched:
                alarm._unwatch(rung.set)


class AsyncCloseAlarm(CloseAlarm):
    """:class:`CloseAlarm` for the async clients: its :meth:`sleep` lets the loop run."""

    @staticmethod
    async def sleep(  # type: ignore[override]
        delay: float,
        alarms: Iterable[CloseAlarm],
        sleeper: Callable[[float], Awaitable[object]],
    ) -> None:
        """Sleep ``delay`` seconds with ``sleeper``, or less when one of ``alarms`` rings.

        Args:
            delay: Seconds to wait.
            alarms: The alarms that end the wait.
            sleeper: The client's sleep; any other than ``asyncio.sleep`` (a test's
                fake) is awaited as it is, and is not cut short.
        """
        if sleeper is not async_sleep or delay <= 0:
            await sleeper(delay)
            return
        loop = asyncio.get_running_loop()
        rung: asyncio.Future[None] = loop.create_future()

        def waker() -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(_wake, rung)

        watched: list[CloseAlarm] = []
        try:
            for alarm in alarms:
                if not alarm._watch(waker):
                    return
                watched.append(alarm)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await rung
        finally:
            for alarm in watched:
                alarm._unwatch(waker)


class Lock:
    """A thread lock usable as ``with lock:``.

    Hand it to :class:`AsyncLock` to guard one critical section from threads and
    asyncio tasks alike. Taking it on a thread that already holds it (itself, or
    through an :class:`AsyncLock` on that thread's event loop) raises
    :class:`LockReentryError` instead of waiting for ever.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Who holds it, to tell a thread waiting on itself from one waiting on another.
        # Written only by the holder, so a thread reading its own id here holds it.
        self._owner: int | None = None
        # The AsyncLock waiters (one per event loop at most), woken by release(): a
        # task cannot block on the thread lock, and polling it burns CPU for as long
        # as another thread holds it.
        self._waiters: dict[asyncio.Future[None], asyncio.AbstractEventLoop] = {}
        self._waiters_guard = threading.Lock()

    def acquire(self, *, blocking: bool = True, timeout: float | None = None) -> bool:
        """Take the lock, waiting for it unless ``blocking`` is false.

        (:meth:`AsyncLock.acquire` takes no timeout: wrap it in ``asyncio.timeout``,
        a cancelled acquire keeps nothing.)

        Args:
            blocking: Wait for the lock; when false, take it only if it is free.
            timeout: When blocking, wait at most this many seconds (``None``: as long
                as it takes).

        Returns:
            Whether the lock was taken (always ``True`` when blocking without a timeout).

        Raises:
            LockReentryError: This thread holds the lock already.
        """
        me = threading.get_ident()
        if not self._lock.acquire(blocking=False):
            if not blocking:
                return False
            if self._owner == me:
                raise LockReentryError("this thread already holds the lock")
            # threading refuses a timeout over TIMEOUT_MAX (about 292 years) with
            # OverflowError: one that long (timeout=1e10 for "no limit") is no limit.
            limit = -1 if timeout is None or timeout > threading.TIMEOUT_MAX else timeout
            if not self._lock.acquire(timeout=limit if limit == -1 else max(0.0, limit)):
                return False
        self._owner = me
        return True

    def release(self) -> None:
        """Release the lock."""
        self._owner = None
        self._lock.release()
        with self._waiters_guard:
            waiters, self._waiters = self._waiters, {}
        for future, loop in waiters.items():
            # Every waiter is woken and tries again; the losers wait anew. A loop that
            # closed meanwhile has no task left to wake.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_wake, future)

    async def _wait_for_release(self) -> None:
        """Wait on this loop until the next :meth:`release`, or return at once when
        the lock is free now (it may have been released just before the wait began)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._waiters_guard:
            self._waiters[future] = loop
        try:
            # Checked after registering: a release from now on wakes this future.
            if not self._lock.locked():
                return
            await future
        finally:
            with self._waiters_guard:
                self._waiters.pop(future, None)

    def held_by_this_thread(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self._owner == threading.get_ident()

    def __enter__(self) -> None:
        self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class _LoopLock:
    """One event loop's asyncio lock within an :class:`AsyncLock`, and how many of the
    loop's tasks hold it or wait for it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class AsyncLock:
    """A lock usable as ``async with lock:`` that also excludes other threads.

    An ``asyncio.Lock`` belongs to one event loop, but one client may be used from
    several loops in several threads (notebooks, test runners). So the asyncio lock
    is made per loop, and a thread lock is held while the critical section runs.
    The thread lock is taken without blocking the loop: other tasks keep running
    while one waits, and the holder's release (from a thread or another loop) wakes
    it, without polling.

    Args:
        lock: The thread lock to hold, shared with threads that take it with
            ``with lock:`` (a sync and an async client on one token manager);
            a new one when omitted.
    """

    def __init__(self, lock: Lock | None = None) -> None:
        self._thread_lock = lock if lock is not None else Lock()
        # The asyncio lock of each event loop where a task holds or waits for this
        # lock, dropped as the last of them leaves. An asyncio.Lock that was ever
        # waited for keeps its loop (asyncio binds it then): kept for an idle loop, it
        # kept that loop alive, closed or not, for as long as this lock lived (a token
        # file's lives as long as the process: a loop per asyncio.run, never freed).
        self._loop_locks: dict[asyncio.AbstractEventLoop, _LoopLock] = {}
        self._guard = threading.Lock()

    def _enter_loop(self, key: asyncio.AbstractEventLoop) -> asyncio.Lock:
        """The asyncio lock of ``key`` (the running loop), counting the calling task
        among its users."""
        with self._guard:
            entry = self._loop_locks.get(key)
            if entry is None:
                entry = self._loop_locks[key] = _LoopLock()
            entry.users += 1
            return entry.lock

    def _leave_loop(self, key: asyncio.AbstractEventLoop) -> None:
        """Count the calling task out of the users of loop ``key``; the last one drops
        the lock. (Given, not looked up: a task closed by the garbage collector once its
        loop is closed leaves with no loop running.)"""
        with self._guard:
            entry = self._loop_locks[key]
            entry.users -= 1
            if entry.users == 0:
                del self._loop_locks[key]

    async def acquire(self) -> None:
        """Take the lock, letting the loop run while another thread or task holds it.

        Raises:
            LockReentryError: A blocking holder runs on this loop's own thread
                (which could never release it while this loop waits).
        """
        key = asyncio.get_running_loop()
        loop_lock = self._enter_loop(key)
        try:
            await loop_lock.acquire()
        except BaseException:
            self._leave_loop(key)
            raise
        try:
            while not self._thread_lock.acquire(blocking=False):
                # This loop's lock keeps its other tasks out, so a holder on this
                # thread is blocking code that is waiting for this very loop.
                if self._thread_lock.held_by_this_thread():
                    raise LockReentryError("this thread already holds the lock")
                # The holder (a thread, or a task on another loop) wakes this task
                # through the loop when it releases.
                await self._thread_lock._wait_for_release()
        except BaseException:
            try:
                # Closed (this task closed by the garbage collector after its loop was
                # closed): the tasks a release would wake never run again, and waking
                # them fails ("Event loop is closed").
                if not key.is_closed():
                    loop_lock.release()
            finally:
                self._leave_loop(key)
            raise

    async def release(self) -> None:
        """Release the lock (from the event loop that took it)."""
        self._thread_lock.release()
        key = asyncio.get_running_loop()
        with self._guard:
            loop_lock = self._loop_locks[key].lock
        loop_lock.release()
        self._leave_loop(key)

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.release()


class InnerGenerator:
    """The sync twin of :class:`AsyncInnerGenerator`: a generator needs no event loop
    to close it, so nothing is done."""

    @staticmethod
    def adopt(generator: Generator[T, None, None]) -> Generator[T, None, None]:
        """Return ``generator`` unchanged.

        Args:
            generator: A generator its caller closes.

        Returns:
            ``generator`` itself.
        """
        return generator


class AsyncInnerGenerator(AsyncIterator[T]):
    """An async generator that another one iterates and closes, kept from the event loop.

    asyncio closes the async generators still open when it ends
    (``loop.shutdown_asyncgens`` at the end of ``asyncio.run``) all at once. An outer
    generator closing an inner one (``async with aclosing(inner)``) while the loop
    closes that inner one too makes one of the two closes fail with "aclose():
    asynchronous generator is already running", which the loop reports as "an error
    occurred during closing of asynchronous generator". An adopted generator is not
    made known to the loop: only its owner closes it, and the loop closes the owner.
    """

    __slots__ = ("_generator", "_started")

    def __init__(self, generator: AsyncGenerator[T, None]) -> None:
        self._generator = generator
        self._started = False

    @classmethod
    def adopt(cls, generator: AsyncGenerator[T, None]) -> AsyncInnerGenerator[T]:
        """Wrap ``generator`` (not started yet) so that the event loop never lists it
        among its open async generators; the caller must close it (``aclosing``).

        Args:
            generator: An async generator not iterated yet.

        Returns:
            An async iterator over ``generator``, with its ``aclose()``.
        """
        return cls(generator)

    def __aiter__(self) -> AsyncInnerGenerator[T]:
        return self

    def __anext__(self) -> Awaitable[T]:
        if self._started:
            return self._generator.__anext__()
        self._started = True
        # The loop's hooks are read once, when the first step object is made: made
        # without them (and awaited at once by the caller), the generator is never
        # the loop's. Nothing else runs meanwhile: making the step is synchronous.
        hooks = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(firstiter=None, finalizer=None)
        try:
            return self._generator.__anext__()
        finally:
            sys.set_asyncgen_hooks(*hooks)

    async def aclose(self) -> None:
        """Close the generator (it runs its ``finally`` blocks)."""
        await self._generator.aclose()


_Task = tuple[Future[R], Callable[[T], R], T]


def _work(tasks: queue.SimpleQueue[_Task[Any, Any] | None]) -> None:
    """Run tasks until the ``None`` that ends them; a cancelled task is skipped."""
    while (task := tasks.get()) is not None:
        future, fn, item = task
        del task  # hold nothing of a finished call while waiting for the next
        if future.set_running_or_notify_cancel():
            try:
                value = fn(item)
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(value)
                del value
        del future, fn, item


class _Workers:
    """Up to ``limit`` daemon threads taking calls from one queue, started as needed.

    Daemon threads, not a ``ThreadPoolExecutor``: the interpreter joins an executor's
    threads at exit, so a Ctrl-C would end a command only once the requests it
    abandoned had ended (or timed out). Reused within one :meth:`OrderedPool.map`
    (a thread per call made a loopback HLS download measurably slower); they end
    when the map ends, or when its generator is collected if it is never closed.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._started = 0
        self._tasks: queue.SimpleQueue[_Task[Any, Any] | None] = queue.SimpleQueue()

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        """Queue ``fn(item)``; its future can be cancelled until a thread takes it."""
        future: Future[R] = Future()
        self._tasks.put((future, fn, item))
        if self._started < self._limit:
            # Counted before start(): a Ctrl-C landing in start() (it waits for the new
            # thread) must still leave that thread its end marker. One marker too many
            # (start() failing) is harmless.
            self._started += 1
            try:
                threading.Thread(
                    target=_work, args=(self._tasks,), name="beatkit-pool", daemon=True
                ).start()
            except RuntimeError as exc:
                # The system's thread limit ("can't start new thread"), reached by a large
                # concurrency: the threads already running take the queue between them,
                # and no more are tried. With none at all, nothing would ever run it.
                self._started -= 1
                self._limit = self._started
                if self._started == 0:
                    future.cancel()
                    raise OSError(
                        errno.EAGAIN, f"cannot start a thread to run the calls: {exc}"
                    ) from exc
        return future

    def stop(self) -> None:
        """Let every thread end once the calls queued before now are done or skipped."""
        for _ in range(self._started):
            self._tasks.put(None)


class OrderedPool:
    """Run a function over items on up to ``concurrency`` threads, yielding results in order.

    Results are yielded as soon as the next one in order is ready; at most
    ``concurrency`` calls are in flight. If a call raises, the calls not yet
    started are cancelled, the running ones are waited for, and the exception
    propagates. Close the iterator (or leave the ``for`` loop) to stop early: that
    too waits for the running calls. With ``abandon_running``, neither waits.

    Threads are started as calls are queued, never more than there are calls. When
    the system refuses a new thread, the calls are shared by the threads already
    started; when it refuses the first, :meth:`map` raises :class:`OSError`
    (``EAGAIN``).

    An interrupt does not wait: a ``KeyboardInterrupt`` (or any exception) raised
    while waiting for a result, or a consumer's exception handed over by
    :meth:`results`, leaves the running calls to finish on their own (daemon
    threads, whose results are dropped) and propagates at once.

    Args:
        concurrency: The most calls in flight at once.
        abandon_running: Leave the running calls to end on their own on a plain
            close and on a call's failure too (a pager whose user stopped early, or
            one of whose pages failed: waiting would make the ``break`` or the error
            as slow as the slowest page fetched ahead). Read when the map ends
            (:attr:`abandon_running`).
    """

    def __init__(self, concurrency: int, *, abandon_running: bool = False) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.abandon_running = abandon_running
        """Whether a :meth:`map` closed early, or one of whose calls failed, leaves the
        running calls rather than waiting for them; read when the map ends."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Generator[R, None, None]:
        """Yield ``fn(item)`` for each item, in the order of ``items``."""
        source = iter(items)
        pending: deque[Future[R]] = deque()
        workers = _Workers(self.concurrency)
        # Wait for the running calls on a plain close and when one of them failed (the
        # old behaviour of a thread pool); abandon them on anything else: an interrupt
        # (Ctrl-C lands wherever this thread is) or the consumer's exception.
        wait_for_running = False
        try:
            for item in source:
                pending.append(workers.submit(fn, item))
                if len(pending) >= self.concurrency:
                    break
            while pending:
                future = pending.popleft()
                try:
                    result = future.result()
                except BaseException:
                    # The call's own failure (not an interrupt while waiting for it).
                    wait_for_running = future.done() and not self.abandon_running
                    raise
                for item in source:
                    pending.append(workers.submit(fn, item))
                    break
                yield result
        except GeneratorExit:
            wait_for_running = not self.abandon_running
            raise
        finally:
            for future in pending:
                future.cancel()
            workers.stop()
            if wait_for_running:
                wait(pending)

    @contextlib.contextmanager
    def results(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[Iterator[R]]:
        """:meth:`map` as a context manager, for a consumer that must stop at once on failure.

        When the block raises (a ``KeyboardInterrupt`` included), the calls still
        running are abandoned rather than waited for, and the exception propagates.
        """
        calls = self.map(fn, items)
        try:
            yield calls
        except BaseException as exc:
            try:
                calls.throw(exc)
            except BaseException as raised:
                if raised is not exc:
                    raise
            raise
        finally:
            calls.close()


async def _settle(tasks: deque[asyncio.Task[Any]]) -> None:
    """Wait until ``tasks`` (cancelled) have ended, their outcomes dropped, even if this
    task is cancelled meanwhile: its cancellation is delivered after.

    ``asyncio.gather`` passed a cancellation of the waiting task on to them, a second
    one cutting short the cleanup their first began.

    Raises:
        asyncio.CancelledError: This task was cancelled while it waited.
    """
    waiting = set(tasks)
    interrupted: asyncio.CancelledError | None = None
    while waiting:
        try:
            await asyncio.wait(waiting)
        except asyncio.CancelledError as exc:
            interrupted = exc
        waiting = {task for task in waiting if not task.done()}
    for task in tasks:
        if not task.cancelled():
            task.exception()  # retrieved: asyncio logs a failure nobody retrieved
    if interrupted is not None:
        raise interrupted


class AsyncOrderedPool:
    """Run a coroutine function over items as up to ``concurrency`` tasks, yielding in order.

    The asyncio twin of :class:`OrderedPool`. Use :meth:`results` (or wrap the
    iteration in ``contextlib.aclosing``) when you may stop early, so the tasks
    still running are cancelled at once rather than when the generator is collected.

    Args:
        concurrency: The most calls in flight at once.
        abandon_running: Taken for :class:`OrderedPool`'s sake (the two are
            written as one); the running tasks are cancelled either way, and only
            their cancellation is waited for.
    """

    def __init__(self, concurrency: int, *, abandon_running: bool = False) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.abandon_running = abandon_running
        """Unused here, where the tasks are cancelled either way (see :class:`OrderedPool`)."""

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
                # Shielded: awaiting a task hands it every cancellation of this one, and a
                # second (an anyio cancel scope repeats its own at every turn of the loop)
                # cut short the cleanup the first began (a response's close, which gives
                # its connection back). The calls are cancelled once, below.
                result = await asyncio.shield(pending[0])
                pending.popleft()
                for item in source:
                    pending.append(asyncio.ensure_future(call(item)))
                    break
                yield result
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await _settle(pending)

    @contextlib.asynccontextmanager
    async def results(
        self, fn: Callable[[T], Awaitable[R]], items: Iterable[T]
    ) -> AsyncIterator[AsyncIterator[R]]:
        """:meth:`map` as an async context manager, the twin of :meth:`OrderedPool.results`.

        The tasks still running when the block ends (normally, by an exception or
        by a cancellation) are cancelled.
        """
        calls = self.map(fn, items)
        try:
            yield calls
        finally:
            await calls.aclose()
