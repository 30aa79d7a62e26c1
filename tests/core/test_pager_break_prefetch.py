"""Leaving a pager's loop early does not wait for the pages fetched ahead.

The async pager cancels its prefetches when it is closed. The sync one waited for
every request in flight to be answered before the ``break`` (or the ``close()`` of
its iterator, or its collection) returned: a user who stops after a few items paid
the latency of every page fetched ahead of them, and on a server that hangs, up to
the read timeout (times the retries) of each. It now leaves them to end on their
own (their answers dropped, their connections given back to the pool), as the
async pager and the sync pool on an interrupt do.

Over a real socket (``serve``), so the pool's connections are real ones: every one
of them is idle or closed once the held requests end. Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import NotFoundError
from beatkit.testing import FakeBeatTech, serve

WAIT = 10.0


class HeldFake(FakeBeatTech):
    """A FakeBeatTech that holds every list window from position 4 on until released.

    The hold is outside the fake's lock, so the first windows are answered meanwhile.
    """

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.held = 0
        self.answered_held = 0
        self._count = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        window = request.headers.get("range", "")
        start = window.partition("=")[2].partition("-")[0]
        if start.isdigit() and int(start) >= 4:
            with self._count:
                self.held += 1
            self.release.wait(WAIT)
            try:
                return super().handle(request)
            finally:
                with self._count:
                    self.answered_held += 1
        return super().handle(request)


@pytest.fixture
def held() -> Iterator[HeldFake]:
    fake = HeldFake()
    try:
        yield fake
    finally:
        fake.release.set()  # nothing stays held past the test


def _wait_until(check: object, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {WAIT} s")
        time.sleep(0.01)


def _pool_settled(http: httpx.Client | httpx.AsyncClient) -> bool:
    # httpx offers no public view of its pool's connections.
    pool = http._transport._pool  # type: ignore[attr-defined]
    return not pool._requests and all(
        connection.is_idle() or connection.is_closed() for connection in pool.connections
    )


def test_sync_break_does_not_wait_for_prefetched_pages(held: HeldFake) -> None:
    with serve(held) as server:
        http = httpx.Client()
        bt = BeatTech(
            held.tenant,
            client_id=held.client_id,
            client_secret=held.client_secret,
            base_url=server.base_url,
            http_client=http,
        )
        try:
            seen = []
            for release in bt.releases.search("a", page_size=2):
                seen.append(release.id)
                if len(seen) == 3:  # the first prefetched page (2-3) is answered
                    break
            # Out of the loop while the pages fetched ahead (4-5, 6-7, ...) are held.
            assert held.held >= 1
            assert held.answered_held == 0
            assert len(seen) == 3
            held.release.set()
            _wait_until(lambda: held.answered_held == held.held, "the held answers")
            _wait_until(lambda: _pool_settled(http), "the pool giving its connections back")
            # The client still serves the next call.
            assert len(bt.releases.search("a", page_size=2, limit=3).to_list()) == 3
        finally:
            held.release.set()
            bt.close()
            http.close()


def test_sync_iterator_closed_early_does_not_wait(held: HeldFake) -> None:
    with serve(held) as server:
        http = httpx.Client()
        bt = BeatTech(
            held.tenant,
            client_id=held.client_id,
            client_secret=held.client_secret,
            base_url=server.base_url,
            http_client=http,
        )
        try:
            pages = bt.releases.search("a", page_size=2).pages()
            assert len(next(pages).items) == 2
            assert len(next(pages).items) == 2
            _wait_until(lambda: held.held >= 1, "a prefetch reaching the server")
            pages.close()
            assert held.answered_held == 0
            held.release.set()
            _wait_until(lambda: held.answered_held == held.held, "the held answers")
            _wait_until(lambda: _pool_settled(http), "the pool giving its connections back")
        finally:
            held.release.set()
            bt.close()
            http.close()


def test_sync_close_right_after_break_is_clean(held: HeldFake) -> None:
    """The client closed while the abandoned prefetches are still held: they end
    (refused or dropped) without a warning, and no thread outlives them."""
    threads = threading.active_count()
    with serve(held) as server:
        http = httpx.Client()
        bt = BeatTech(
            held.tenant,
            client_id=held.client_id,
            client_secret=held.client_secret,
            base_url=server.base_url,
            http_client=http,
        )
        try:
            for n, _ in enumerate(bt.releases.search("a", page_size=2)):
                if n == 2:
                    break
            assert held.answered_held == 0
            bt.close()
            http.close()
        finally:
            held.release.set()
    _wait_until(lambda: threading.active_count() <= threads, "the prefetch threads ending")


async def test_async_break_does_not_wait_for_prefetched_pages(held: HeldFake) -> None:
    with serve(held) as server:
        http = httpx.AsyncClient()
        bt = AsyncBeatTech(
            held.tenant,
            client_id=held.client_id,
            client_secret=held.client_secret,
            base_url=server.base_url,
            http_client=http,
        )
        try:
            seen = []
            pager = bt.releases.search("a", page_size=2)
            async with asyncio.timeout(WAIT):
                async for release in pager:
                    seen.append(release.id)
                    if len(seen) == 3:
                        break
            assert len(seen) == 3
            assert held.answered_held == 0
        finally:
            held.release.set()
            await bt.aclose()
            await http.aclose()


class CappedFake(FakeBeatTech):
    """A FakeBeatTech that serves at most two releases per window after the first (a
    server capping its page size), each after a short wait, counting requests in flight."""

    def __init__(self) -> None:
        super().__init__()
        self.in_flight = 0
        self.most_in_flight = 0
        self._count = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        window = request.headers.get("range", "")
        unit, _, span = window.partition("=")
        first, _, last = span.partition("-")
        if not (first.isdigit() and last.isdigit() and int(first) > 0):
            return super().handle(request)
        with self._count:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(0.02 if int(first) < 8 else 0.1)
            capped = int(first) + 1
            request.headers["Range"] = f"{unit}={first}-{capped}"
            answer = super().handle(request)
            return answer
        finally:
            with self._count:
                self.in_flight -= 1


def test_sync_walk_that_leaves_its_plan_keeps_the_window() -> None:
    """A page naming an earlier next window than planned hands the walk over to it: every
    item once, in order, and never more than the four pages of the window in flight
    (the plan's prefetches are waited for there: leaving them is for a user who
    stopped, not for a walk that goes on)."""
    fake = CappedFake()
    with serve(fake) as server:
        http = httpx.Client()
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=server.base_url,
            http_client=http,
        )
        try:
            releases = bt.releases.search("a", page_size=4).to_list()
            every = bt.releases.search("a", page_size=100).to_list()
        finally:
            bt.close()
            http.close()
    assert [release.id for release in releases] == [release.id for release in every]
    assert fake.most_in_flight <= 4


class FailingFake(HeldFake):
    """A HeldFake whose window 2-3 (the first fetched ahead) is a 404."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("range", "").partition("=")[2].startswith("2-"):
            return httpx.Response(404, json={"message": "gone"})
        return super().handle(request)


def test_sync_failed_prefetch_raises_without_waiting_for_the_others() -> None:
    """A page fetched ahead that fails raises at once (after the pages before it), as
    the async pager does: the others in flight end on their own."""
    fake = FailingFake()
    try:
        with serve(fake) as server:
            http = httpx.Client()
            bt = BeatTech(
                fake.tenant,
                client_id=fake.client_id,
                client_secret=fake.client_secret,
                base_url=server.base_url,
                http_client=http,
                max_retries=0,
            )
            try:
                seen: list[str] = []
                with pytest.raises(NotFoundError):
                    seen.extend(release.id for release in bt.releases.search("a", page_size=2))
                assert len(seen) == 2  # the first page, then the error
                _wait_until(lambda: fake.held >= 1, "a prefetch reaching the server")
                assert fake.answered_held == 0
                fake.release.set()
                _wait_until(lambda: fake.answered_held == fake.held, "the held answers")
                _wait_until(lambda: _pool_settled(http), "the pool giving its connections back")
            finally:
                fake.release.set()
                bt.close()
                http.close()
    finally:
        fake.release.set()
