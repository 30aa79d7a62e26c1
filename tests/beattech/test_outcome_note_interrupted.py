"""A Beat Technology write that is never sent twice, interrupted with its request in
flight (a cancelled task, a ``KeyboardInterrupt``), says it may have been done, as a
timeout does: the outcome is just as unknown. It said nothing (only ``BeatkitError``
got the note), while BeatPass's ``purchases.initiate`` already noted interruptions.

Not in ``_async/``: cancellation is asyncio's, a ``KeyboardInterrupt`` the sync client's.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

BOUND = 10.0
"""Seconds any await of these tests may take at most (a bound, not an assertion)."""

NOTE = "bt.users.create: the user may have been created"


class Hanging:
    """An async transport handler: a ``POST /v2/users`` is applied by the fake, then its
    answer waits until the task is cancelled (``sent`` is set once it is applied)."""

    def __init__(self, fake: FakeBeatTech) -> None:
        self.fake = fake
        self.sent = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        response = self.fake.handle(request)
        if request.method == "POST" and request.url.path == "/v2/users":
            self.sent.set()
            await asyncio.sleep(BOUND * 10)  # cancelled long before; bounded anyway
        return response


def creations(fake: FakeBeatTech) -> int:
    return len(fake.requests_to("/users", "POST"))


async def test_a_cancelled_user_creation_says_the_user_may_exist() -> None:
    fake = FakeBeatTech()
    handler = Hanging(fake)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        bt = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                           base_url=fake.base_url, http_client=http)  # fmt: skip
        await bt.auth.login(fake.username, fake.password)
        task = asyncio.create_task(bt.users.create(firstname="Kid", profile_type="child"))
        async with asyncio.timeout(BOUND):
            await handler.sent.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError) as caught:
                await task
    assert task.cancelled()
    assert creations(fake) == 1  # applied by the server, never sent again
    notes = getattr(caught.value, "__notes__", [])
    assert any(note.startswith(NOTE) for note in notes), notes
    assert len(notes) == 1


def test_a_keyboard_interrupt_in_a_user_creation_says_the_user_may_exist() -> None:
    fake = FakeBeatTech()
    interrupt = KeyboardInterrupt()

    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.method == "POST" and request.url.path == "/v2/users":
            raise interrupt
        return response

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                      base_url=fake.base_url, http_client=http)  # fmt: skip
        bt.auth.login(fake.username, fake.password)
        with pytest.raises(KeyboardInterrupt) as caught:
            bt.users.create(firstname="Kid", profile_type="child")
    assert caught.value is interrupt  # the same object, re-raised
    assert creations(fake) == 1
    notes = getattr(caught.value, "__notes__", [])
    assert any(note.startswith(NOTE) for note in notes), notes
    assert len(notes) == 1
