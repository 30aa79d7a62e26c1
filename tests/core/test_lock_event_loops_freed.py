"""A refresh lock outlives the event loops it is used in: a token file's lock lives as
long as the process, and a client may be used from one ``asyncio.run`` to the next (on
an in-memory transport). Each loop in which a task had to wait for such a lock was kept
alive for good, with everything it held (about 20 objects a run, the loop included): a
job run every minute with ``asyncio.run`` grew without end.

Counted with weak references to the loops, never timed.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings
import weakref
from pathlib import Path

import httpx

from beatkit import AsyncBeatTech
from beatkit._core.concurrency import AsyncLock
from beatkit.auth import FileTokenStore
from beatkit.testing import FakeBeatTech

RUNS = 10
CALLS = 4  # at once, all needing a new token: all but one wait for the lock


def alive(loops: list[weakref.ref[asyncio.AbstractEventLoop]]) -> int:
    gc.collect()
    return sum(1 for loop in loops if loop() is not None)


def test_a_lock_waited_for_keeps_none_of_the_loops_alive() -> None:
    lock = AsyncLock()
    loops: list[weakref.ref[asyncio.AbstractEventLoop]] = []

    async def hold() -> None:
        async with lock:
            await asyncio.sleep(0)  # the others queue up meanwhile

    async def run() -> None:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        await asyncio.wait_for(asyncio.gather(*(hold() for _ in range(CALLS))), 10)

    for _ in range(RUNS):
        asyncio.run(run())
    assert len(loops) == RUNS
    assert alive(loops) == 0


def test_a_cancelled_waiter_keeps_no_loop_alive() -> None:
    lock = AsyncLock()
    loops: list[weakref.ref[asyncio.AbstractEventLoop]] = []

    async def run() -> None:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        await lock.acquire()
        waiter = asyncio.ensure_future(lock.acquire())
        await asyncio.sleep(0)  # waiting on the loop's lock now
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        await lock.release()

    for _ in range(RUNS):
        asyncio.run(run())
    assert alive(loops) == 0


def beattech(fake: FakeBeatTech, **kwargs: object) -> AsyncBeatTech:
    return AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_client_used_from_one_asyncio_run_to_the_next_keeps_no_loop_alive() -> None:
    fake = FakeBeatTech()
    client = beattech(fake)
    loops: list[weakref.ref[asyncio.AbstractEventLoop]] = []

    async def job() -> None:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        fake.expire_tokens()
        searches = (client.tracks.search("a", page_size=5).first_page() for _ in range(CALLS))
        pages = await asyncio.wait_for(asyncio.gather(*searches), 10)
        assert all(page.items for page in pages)

    for _ in range(RUNS):
        asyncio.run(job())
    asyncio.run(client._transport.http_client.aclose())
    assert alive(loops) == 0


def test_clients_sharing_a_token_file_keep_no_loop_alive(tmp_path: Path) -> None:
    # The file's refresh lock is the process's: it outlives every client and loop.
    fake = FakeBeatTech()
    store = FileTokenStore(tmp_path / "token.json")
    loops: list[weakref.ref[asyncio.AbstractEventLoop]] = []

    async def job() -> None:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        client = beattech(fake, store=store)
        async with client:
            if client.auth.token is None:
                await client.auth.login(fake.username, fake.password)
            fake.expire_tokens()
            searches = (client.tracks.search("a", page_size=5).first_page() for _ in range(CALLS))
            await asyncio.wait_for(asyncio.gather(*searches), 10)
        await client._transport.http_client.aclose()

    for _ in range(RUNS):
        asyncio.run(job())
    assert alive(loops) == 0


def test_a_waiter_closed_with_no_loop_running_leaves_quietly() -> None:
    # A loop closed with a task still waiting for the lock (a loop run by hand and
    # closed without cancelling its tasks): its coroutine is closed later (by the
    # garbage collector), with no loop running. It counts itself out of its loop's
    # users all the same, instead of failing with "no running event loop" (an
    # unraisable error, which a test suite that treats those as errors fails on).
    lock = AsyncLock()
    loop = asyncio.new_event_loop()

    async def holder(held: asyncio.Event) -> None:
        await lock.acquire()
        held.set()
        await asyncio.sleep(3600)  # never released: its loop is closed first

    async def start() -> tuple[asyncio.Task[None], asyncio.Task[None]]:
        held = asyncio.Event()
        first = loop.create_task(holder(held))
        await asyncio.wait_for(held.wait(), 10)
        waiter = loop.create_task(lock.acquire())
        for _ in range(5):
            await asyncio.sleep(0)  # it waits for the holder's asyncio lock
        return first, waiter

    first, waiter = loop.run_until_complete(start())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        loop.close()
    # As the garbage collector closes it:
    waiter.get_coro().close()  # type: ignore[union-attr]
    assert [entry.users for entry in lock._loop_locks.values()] == [1]  # the holder
    first.get_coro().close()  # type: ignore[union-attr]


def test_a_holder_of_its_loops_lock_closed_with_no_loop_running_leaves_quietly() -> None:
    # As above, but the task closed holds its loop's asyncio lock (waiting for the
    # thread lock, held elsewhere) while another task of that loop waits for it: giving
    # it back woke the waiter on the closed loop ("Event loop is closed", unraisable),
    # and the holder never counted itself out, so the lock kept the closed loop alive.
    lock = AsyncLock()
    held, done = threading.Event(), threading.Event()

    def other_thread() -> None:
        with lock._thread_lock:
            held.set()
            done.wait(10)

    thread = threading.Thread(target=other_thread)
    thread.start()
    assert held.wait(10)
    loop = asyncio.new_event_loop()

    async def start() -> tuple[asyncio.Task[None], asyncio.Task[None]]:
        holder = loop.create_task(lock.acquire())  # takes the loop's lock, then waits
        waiter = loop.create_task(lock.acquire())  # waits for the loop's lock
        for _ in range(5):
            await asyncio.sleep(0)
        return holder, waiter

    try:
        holder, waiter = loop.run_until_complete(start())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            loop.close()
        # As the garbage collector closes them, the holder first:
        holder.get_coro().close()  # type: ignore[union-attr]
        assert [entry.users for entry in lock._loop_locks.values()] == [1]  # the waiter
        waiter.get_coro().close()  # type: ignore[union-attr]
        assert lock._loop_locks == {}
    finally:
        done.set()
        thread.join(10)
