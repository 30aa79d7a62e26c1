"""The calls an :class:`AsyncOrderedPool` runs (a pager's prefetches, an HLS download's
segments) are cancelled once when their consumer stops, and their cleanup is never
cut short by a second cancellation of the consumer.

A call cancelled while its response was on the wire closes that response (httpcore
gives the connection back to its pool in a cleanup guarded by an anyio shield, which a
native ``task.cancel()`` goes through). The pool awaited the call it yields next
directly, and the others with ``asyncio.gather``: awaiting a task hands every
cancellation of the awaiting task on to it. A consumer cancelled more than once (an
anyio cancel scope cancels its task again at every turn of the loop until it leaves;
``asyncio.run`` cancels every task, the calls included, and the consumer's wait too)
cancelled the calls a second time in the middle of that cleanup: the connection stayed
checked out for good, and once every pool slot was lost so, every call failed with a
pool timeout (``APITimeoutError``). Every wait here is bounded by ``WAIT``.
"""

from __future__ import annotations

import asyncio
import time

import anyio
import httpx

from beatkit import AsyncBeatPass
from beatkit._core.concurrency import AsyncOrderedPool
from beatkit.testing import FakeBeatPass, serve
from tests.core._pool_waits import WAIT


class Cleanup:
    """Calls that, once cancelled, need a few turns of the loop to clean up (as a
    response's close does), and record whether a second cancellation cut that short."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.cleaning: list[int] = []
        self.cleaned: list[int] = []
        self.cut: list[int] = []
        self.never = asyncio.Event()

    async def work(self, item: int) -> int:
        self.started.append(item)
        if item == 0:
            return item
        try:
            await self.never.wait()
        except asyncio.CancelledError:
            self.cleaning.append(item)
            try:
                for _ in range(5):
                    await asyncio.sleep(0)
            except asyncio.CancelledError:
                self.cut.append(item)
                raise
            self.cleaned.append(item)
            raise
        return item


async def _cancel_twice(task: asyncio.Task[None], calls: Cleanup) -> None:
    """Cancel ``task``, then again once the calls began their cleanup (as anyio's cancel
    scopes do, at every turn of the loop until the task leaves the scope)."""
    task.cancel()
    for _ in range(50):
        if calls.cleaning:
            break
        await asyncio.sleep(0)
    assert calls.cleaning
    task.cancel()


async def test_a_consumer_cancelled_twice_while_waiting_cuts_no_cleanup_short() -> None:
    calls = Cleanup()

    async def consume() -> None:
        async for value in AsyncOrderedPool(4).map(calls.work, range(100)):
            assert value == 0
            # Waiting for the next call's result when cancelled.

    task = asyncio.ensure_future(consume())
    for _ in range(50):
        # The fifth call starts once the consumer took the first result and waits
        # for the second.
        if len(calls.started) >= 5:
            break
        await asyncio.sleep(0)
    await _cancel_twice(task, calls)
    done, _ = await asyncio.wait([task], timeout=WAIT)
    assert done and task.cancelled()
    assert calls.cut == []
    assert sorted(calls.cleaned) == sorted(set(calls.started) - {0})


async def test_a_consumer_cancelled_twice_while_closing_cuts_no_cleanup_short() -> None:
    calls = Cleanup()
    yielded = asyncio.Event()

    async def consume() -> None:
        results = AsyncOrderedPool(4).map(calls.work, range(100))
        try:
            async for value in results:
                assert value == 0
                yielded.set()
                await asyncio.Event().wait()  # cancelled here, then closes the map
        finally:
            await results.aclose()

    task = asyncio.ensure_future(consume())
    await asyncio.wait_for(yielded.wait(), WAIT)
    for _ in range(5):
        await asyncio.sleep(0)
    await _cancel_twice(task, calls)  # the second while the map's close waits
    done, _ = await asyncio.wait([task], timeout=WAIT)
    assert done and task.cancelled()
    assert calls.cut == []
    assert sorted(calls.cleaned) == sorted(set(calls.started) - {0})


class SlowPages(FakeBeatPass):
    """Holds every page but the first, as a slow server does."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page", "1") != "1":
            time.sleep(0.2)
        return super().handle(request)


async def test_a_pager_left_by_an_anyio_cancel_scope_loses_no_connection() -> None:
    fake = SlowPages(rate_limit=10**6)
    with serve(fake, hang=1.0) as server:
        http = httpx.AsyncClient(limits=httpx.Limits(max_connections=4))
        bp = AsyncBeatPass(
            fake.token,
            base_url=server.base_url,
            http_client=http,
            max_retries=0,
            # A lost slot shows as a pool timeout, well inside WAIT.
            timeout=httpx.Timeout(WAIT / 2, pool=1.0),
        )
        try:
            for _ in range(4):
                # Left while the four prefetches wait for their pages.
                with anyio.move_on_after(0.1):
                    await bp.tracks.list(per_page=1, limit=9).to_list()
            with anyio.fail_after(WAIT):
                tracks = await bp.tracks.list(per_page=1, limit=9).to_list()
            assert len(tracks) == 9
        finally:
            await bp.aclose()
            await http.aclose()
