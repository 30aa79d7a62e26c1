"""A call the client refuses (another event loop's, a forked child's) is refused before
it waits its turn.

A call on an async client from a second event loop (the first one still open), or on
a client that sent before a fork from the child, is refused with
``ClientClosedError`` before anything is sent. It used to be refused only after it had
waited its ``requests_per_second`` slot (or a 429's hold): seconds of sleep for a
call that could never go out, each one taking a slot from the calls that could.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from beatkit import AsyncBeatConnect, BeatConnect, ClientClosedError
from beatkit.testing import FakeBeatConnect, serve
from tests.core._fork import in_child

SLOT = 2.0


def test_call_from_another_event_loop_is_refused_before_its_pacing_wait() -> None:
    fake = FakeBeatConnect(rate_limit=100_000)
    with serve(fake) as server:
        client = AsyncBeatConnect(
            api_key=fake.api_key,
            base_url=server.base_url,
            allow_http=True,
            requests_per_second=1 / SLOT,
        )
        own = asyncio.new_event_loop()
        other = asyncio.new_event_loop()
        try:
            own.run_until_complete(client.beats.get(1001))
            sent = len(fake.requests)
            for _ in range(2):
                started = time.monotonic()
                with pytest.raises(ClientClosedError, match="event loop"):
                    other.run_until_complete(client.beats.get(1002))
                # Refused at once: no slot slept (it was SLOT seconds).
                assert time.monotonic() - started < SLOT / 4
            assert len(fake.requests) == sent
            # The refused calls took no slot: the next call of the client's own loop
            # waits for the one after its last call, not for one after theirs.
            started = time.monotonic()
            own.run_until_complete(client.beats.get(1003))
            assert time.monotonic() - started < SLOT + SLOT / 4
        finally:
            own.run_until_complete(client.aclose())
            own.close()
            other.close()


def test_call_from_a_forked_child_is_refused_before_its_pacing_wait() -> None:
    fake = FakeBeatConnect(rate_limit=100_000)
    with (
        serve(fake) as server,
        BeatConnect(
            api_key=fake.api_key,
            base_url=server.base_url,
            allow_http=True,
            requests_per_second=1 / SLOT,
        ) as client,
    ):
        client.beats.get(1001)

        def call() -> tuple[str, float]:
            started = time.monotonic()
            try:
                client.beats.get(1002)
            except ClientClosedError as exc:
                return type(exc).__name__, time.monotonic() - started
            return "sent", time.monotonic() - started

        outcome = in_child(call)
        assert outcome[0] == "ok", outcome
        refused, took = outcome[1]
        assert refused == "ClientClosedError"
        assert took < SLOT / 4
