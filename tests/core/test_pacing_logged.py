"""A wait for the client-side rate limit is logged at DEBUG, with what waited and how long.

Beatport is paced at 2 requests per second by default, and any client follows the
``X-RateLimit-*`` headers: a call may sleep before it is sent. Nothing said so, so a
script paging a catalogue at DEBUG saw each call take half a second more than its
"-> 200 in 40 ms" line, with no word why. The pace here is Beatport's (2 per second):
the second call waits up to half a second, which the first one cannot use up.
"""

from __future__ import annotations

import asyncio
import logging
import re

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.testing.beatconnect import FakeBeatConnect

WAIT = re.compile(r"beatconnect GET https://\S+/beats/1234 waits \d+\.\d\d s for the rate limit")


def _waits(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "beatkit" and WAIT.fullmatch(record.getMessage())
    ]


@pytest.fixture
def caplog_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    return caplog


def test_a_sync_client_logs_its_pacing_wait(caplog_debug: pytest.LogCaptureFixture) -> None:
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    with BeatConnect(
        api_key=fake.api_key, base_url=fake.base_url, http_client=http, requests_per_second=2
    ) as bc:
        bc.beats.get(1234)
        bc.beats.get(1234)  # one slot later
    assert len(_waits(caplog_debug)) == 1


def test_an_async_client_logs_its_pacing_wait(caplog_debug: pytest.LogCaptureFixture) -> None:
    fake = FakeBeatConnect()

    async def main() -> None:
        http = httpx.AsyncClient(transport=fake.transport())
        async with AsyncBeatConnect(
            api_key=fake.api_key, base_url=fake.base_url, http_client=http, requests_per_second=2
        ) as bc:
            await bc.beats.get(1234)
            await bc.beats.get(1234)

    asyncio.run(main())
    assert len(_waits(caplog_debug)) == 1


def test_no_wait_no_line(caplog_debug: pytest.LogCaptureFixture) -> None:
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    with BeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http) as bc:
        bc.beats.get(1234)
        bc.beats.get(1234)
    assert not [r for r in caplog_debug.records if "rate limit" in r.getMessage()]
