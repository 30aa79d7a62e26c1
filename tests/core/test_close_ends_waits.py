"""Closing a client ends the waits of its calls: pacing slots and retry back-offs.

A call waiting for its ``requests_per_second`` slot, or backing off after a 429 whose
``Retry-After`` it chose to wait, used to sleep the whole wait (up to
``max_retry_wait``, here an hour) after ``close()``, then raise ``ClientClosedError``:
an application shutting down waited for it. Now the close wakes it, and it raises
``ClientClosedError`` at once, without sending.

The waits are an hour long, so a call that is not woken fails on the ``WAIT`` bound
instead of hanging the suite; nothing measures time.
"""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect, ClientClosedError
from beatkit.testing import FakeBeatConnect

WAIT = 10.0
HOUR = 3600.0


def _fake(kind: str) -> FakeBeatConnect:
    fake = FakeBeatConnect()
    if kind == "back-off":
        fake.fail_next(429, headers={"Retry-After": str(int(HOUR) - 60)})
    return fake


def _options(kind: str) -> dict[str, float]:
    # Pacing: the second call's slot is an hour away. Back-off: the first call waits out
    # a Retry-After of 59 minutes.
    return {"requests_per_second": 1 / HOUR} if kind == "pacing" else {}


@pytest.mark.parametrize("kind", ["pacing", "back-off"])
async def test_closing_an_async_client_ends_its_calls_waits(kind: str) -> None:
    fake = _fake(kind)
    http = httpx.AsyncClient(transport=fake.transport())
    client = AsyncBeatConnect(
        fake.api_key,
        base_url=fake.base_url,
        http_client=http,
        max_retry_wait=HOUR,
        **_options(kind),
    )
    try:
        if kind == "pacing":
            await client.genres.list()  # takes the slot of now
        sent = len(fake.requests)
        expected = sent + (1 if kind == "back-off" else 0)
        call = asyncio.ensure_future(client.genres.list())
        for _ in range(1000):  # until it waits (it sends nothing more meanwhile)
            await asyncio.sleep(0)
            if len(fake.requests) == expected:
                break
        for _ in range(10):
            await asyncio.sleep(0)
        await client.aclose()
        with pytest.raises(ClientClosedError):
            await asyncio.wait_for(call, WAIT)
        assert len(fake.requests) == expected
    finally:
        await http.aclose()


@pytest.mark.parametrize("kind", ["pacing", "back-off"])
def test_closing_a_sync_client_ends_its_calls_waits(kind: str) -> None:
    fake = _fake(kind)
    http = httpx.Client(transport=fake.transport())
    client = BeatConnect(
        fake.api_key,
        base_url=fake.base_url,
        http_client=http,
        max_retry_wait=HOUR,
        **_options(kind),
    )
    outcome: list[BaseException | object] = []
    waiting = threading.Event()

    def call() -> None:
        waiting.set()
        try:
            outcome.append(client.genres.list())
        except Exception as exc:  # checked below
            outcome.append(exc)

    try:
        if kind == "pacing":
            client.genres.list()
        sent = len(fake.requests)
        caller = threading.Thread(target=call, daemon=True)
        caller.start()
        assert waiting.wait(WAIT)
        expected = sent + (1 if kind == "back-off" else 0)
        for _ in range(int(WAIT / 0.01)):  # the back-off's 429 answered
            if len(fake.requests) == expected:
                break
            threading.Event().wait(0.01)
        # The close may come before or during the wait: either way the call ends.
        threading.Event().wait(0.05)
        client.close()
        caller.join(WAIT)
        assert not caller.is_alive(), "the call went on waiting after close()"
        assert len(outcome) == 1 and isinstance(outcome[0], ClientClosedError), outcome
        assert len(fake.requests) == expected
    finally:
        http.close()
