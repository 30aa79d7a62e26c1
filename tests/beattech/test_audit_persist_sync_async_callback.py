"""``on_pushed`` of ``bt.sync.push`` / ``run`` is a plain function: the push calls it and
does not await it. An ``async def`` callback (natural with ``AsyncBeatTech``) passed the
``callable`` check, and its coroutine never ran: the app's store never dropped the
pushed edits (a ``RuntimeWarning`` at most), so the next run pushed them again and made
every created bookmark, rating and shelf twice. It is now a ``TypeError`` before
anything is sent; a function that returns an awaitable is refused after its batch
(with the note that the batch was answered). Both facades."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BatchResponse, BeatTech, PendingChange
from beatkit.testing.beattech import FakeBeatTech

WHEN = datetime(2026, 4, 1, 9, 0, 5, tzinfo=UTC)


def edits() -> list[PendingChange]:
    return [PendingChange.create_rating("track", "10001", 4, changed_at=WHEN)]


async def applied(changes: Sequence[PendingChange], answers: Sequence[BatchResponse]) -> None:
    """The app's store update, written as a coroutine."""


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client.auth.login(fake.username, fake.password)
        yield client
        client.close()


CALLBACKS: list[Any] = [applied, functools.partial(applied)]


@pytest.mark.parametrize("callback", CALLBACKS)
@pytest.mark.parametrize("how", ["push", "run"])
def test_a_coroutine_function_is_refused_before_sending(
    fake: FakeBeatTech, bt: BeatTech, callback: Any, how: str
) -> None:
    call: Any = bt.sync.push if how == "push" else bt.sync.run
    with pytest.raises(TypeError, match="on_pushed"):
        call(edits(), base_change_id=0, on_pushed=callback)
    assert fake.changes == []


@pytest.mark.parametrize("callback", CALLBACKS)
@pytest.mark.parametrize("how", ["push", "run"])
def test_async_a_coroutine_function_is_refused_before_sending(
    fake: FakeBeatTech, callback: Any, how: str
) -> None:
    async def go() -> None:
        async with httpx.AsyncClient(transport=fake.transport()) as http:
            bt = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                               base_url=fake.base_url, http_client=http)  # fmt: skip
            await bt.auth.login(fake.username, fake.password)
            call: Any = bt.sync.push if how == "push" else bt.sync.run
            with pytest.raises(TypeError, match="on_pushed"):
                await call(edits(), base_change_id=0, on_pushed=callback)

    asyncio.run(go())
    assert fake.changes == []


def test_an_awaitable_returned_is_refused_with_the_batch_answered(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    def sneaky(changes: Sequence[PendingChange], answers: Sequence[BatchResponse]) -> Any:
        return applied(changes, answers)

    with pytest.raises(TypeError, match="on_pushed") as caught:
        bt.sync.push(edits(), base_change_id=0, on_pushed=sneaky)
    assert "answered" in " ".join(caught.value.__notes__)
    assert len(fake.changes) == 1  # the batch was applied: the note says so
