"""``bt.sync.push`` / ``run`` interrupted with a batch in flight (a cancelled task, a
``KeyboardInterrupt``), and ``run`` / ``push`` refusing the same ``pending`` values.

Not in ``_async/``: cancellation is asyncio's, a ``KeyboardInterrupt`` the sync client's.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech, PendingChange
from beatkit.testing import FakeBeatTech

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
OFFLINE = NOW - timedelta(hours=3)
BOUND = 10.0
"""Seconds any await of these tests may take at most (a bound, not an assertion)."""


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW.timestamp())


def favourites(fake: FakeBeatTech, count: int) -> list[PendingChange]:
    ids = list(fake.catalog.tracks)[:count]
    return [PendingChange.favourite("track", i, True, changed_at=OFFLINE) for i in ids]


def batches(fake: FakeBeatTech) -> list[list[dict[str, Any]]]:
    rows = [r for r in fake.requests if r.url.path == "/v2/batch"]
    return [json.loads(r.content)["requests"] for r in rows]


def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


async def no_async_sleep(_: float) -> None:
    """The async transport's sleep, skipped."""


def sync_client(fake: FakeBeatTech, http: httpx.Client) -> BeatTech:
    client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                      base_url=fake.base_url, http_client=http)  # fmt: skip
    client._transport.settings = attrs.evolve(client._transport.settings, sleep=no_sleep)
    client.auth.login(fake.username, fake.password)
    return client


async def async_client(fake: FakeBeatTech, http: httpx.AsyncClient) -> AsyncBeatTech:
    client = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                           base_url=fake.base_url, http_client=http)  # fmt: skip
    settings = client._transport.settings
    client._transport.settings = attrs.evolve(settings, async_sleep=no_async_sleep)
    await client.auth.login(fake.username, fake.password)
    return client


class Blocking:
    """An async transport handler: the ``block``-th batch is applied by the fake, then
    its answer waits until the task is cancelled (``sent`` is set once it is applied)."""

    def __init__(self, fake: FakeBeatTech, block: int) -> None:
        self.fake = fake
        self.block = block
        self.seen = 0
        self.sent = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        response = self.fake.handle(request)
        if request.url.path == "/v2/batch":
            self.seen += 1
            if self.seen == self.block:
                self.sent.set()
                await asyncio.sleep(BOUND * 10)  # cancelled long before; bounded anyway
        return response


async def cancelled_push(fake: FakeBeatTech, edits: list[PendingChange], block: int) -> Any:
    """Push ``edits``, cancel the task once batch ``block`` is applied: the exception."""
    handler = Blocking(fake, block)
    answered: list[int] = []
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        bt = await async_client(fake, http)
        task = asyncio.create_task(
            bt.sync.push(edits, base_change_id=0, on_pushed=lambda c, a: answered.append(len(c)))
        )
        async with asyncio.timeout(BOUND):
            await handler.sent.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError) as caught:
                await task
    assert task.cancelled()
    return caught.value, answered


async def test_a_cancelled_batch_says_its_edits_may_be_applied(fake: FakeBeatTech) -> None:
    error, answered = await cancelled_push(fake, favourites(fake, 2), block=1)
    assert len(fake.changes) == 2 and len(batches(fake)) == 1  # applied, never replayed
    assert answered == []
    notes = " ".join(error.__notes__)
    assert "pending changes 1 to 2 may be applied" in notes
    assert "CancelledError" in notes
    assert "were pushed and answered" not in notes


async def test_a_cancelled_later_batch_names_the_answered_ones(fake: FakeBeatTech) -> None:
    error, answered = await cancelled_push(fake, favourites(fake, 21), block=2)
    assert answered == [20] and len(batches(fake)) == 2
    notes = " ".join(error.__notes__)
    assert "the first 20 of 21 pending changes were pushed and answered" in notes
    assert "pending changes 21 to 21 may be applied" in notes


def interrupting(fake: FakeBeatTech, block: int, interrupt: BaseException) -> Any:
    """A sync handler: the ``block``-th batch is applied, then ``interrupt`` is raised."""
    seen = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal seen
        response = fake.handle(request)
        if request.url.path == "/v2/batch":
            seen += 1
            if seen == block:
                raise interrupt
        return response

    return handler


def test_a_keyboard_interrupt_in_a_batch_says_its_edits_may_be_applied(
    fake: FakeBeatTech,
) -> None:
    interrupt = KeyboardInterrupt()
    with httpx.Client(transport=httpx.MockTransport(interrupting(fake, 2, interrupt))) as http:
        bt = sync_client(fake, http)
        with pytest.raises(KeyboardInterrupt) as caught:
            bt.sync.run(favourites(fake, 22), base_change_id=0)
    assert caught.value is interrupt  # the same object, re-raised
    assert len(fake.changes) == 22 and len(batches(fake)) == 2
    notes = " ".join(caught.value.__notes__)
    assert "the first 20 of 22 pending changes were pushed and answered" in notes
    assert "pending changes 21 to 22 may be applied" in notes
    assert "KeyboardInterrupt" in notes


def test_an_interrupted_pull_after_the_push_says_to_keep_the_base(fake: FakeBeatTech) -> None:
    interrupt = KeyboardInterrupt()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/changes"):
            raise interrupt
        return fake.handle(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = sync_client(fake, http)
        with pytest.raises(KeyboardInterrupt) as caught:
            bt.sync.run(favourites(fake, 2), base_change_id=0)
    assert caught.value is interrupt
    assert "all 2 pending changes were pushed and answered" in caught.value.__notes__[-1]
