"""A retry decision is logged at INFO with what a user needs to read it alone.

The INFO line is the one an application that logs at INFO sees (the DEBUG line of
each attempt, with its status, is below that level). It said ``failed (ServerError);
retry 1 in 0.60 s``: a 500, a 502, a 503 and a 504 all read the same, and nothing
said how many retries were allowed. It names both now (``failed with HTTP 503
(ServerError); retry 1 in 0.60 s (of 2)``).
"""

from __future__ import annotations

import asyncio
import logging
import re

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.testing.beatconnect import FakeBeatConnect

LINE = re.compile(
    r"beatconnect GET https://\S+/beats/1234 failed (?P<what>with HTTP \d+ \(\w+\)); "
    r"retry (?P<retry>\d) in 0\.00 s \(of 2\)"
)


def _retries(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [
        (match["what"], match["retry"])
        for record in caplog.records
        if record.name == "beatkit"
        and record.levelno == logging.INFO
        and (match := LINE.fullmatch(record.getMessage()))
    ]


def _failing() -> FakeBeatConnect:
    fake = FakeBeatConnect()
    fake.fail_next(503, headers={"Retry-After": "0"})
    fake.fail_next(429, headers={"Retry-After": "0"})
    return fake


@pytest.fixture
def caplog_info(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="beatkit")
    return caplog


def test_a_sync_retry_names_the_status_and_the_retries(
    caplog_info: pytest.LogCaptureFixture,
) -> None:
    fake = _failing()
    http = httpx.Client(transport=fake.transport())
    with BeatConnect(
        api_key=fake.api_key, base_url=fake.base_url, http_client=http, max_retries=2
    ) as bc:
        bc.beats.get(1234)
    assert _retries(caplog_info) == [
        ("with HTTP 503 (ServerError)", "1"),
        ("with HTTP 429 (RateLimitError)", "2"),
    ]


def test_an_async_retry_names_the_status_and_the_retries(
    caplog_info: pytest.LogCaptureFixture,
) -> None:
    fake = _failing()

    async def main() -> None:
        http = httpx.AsyncClient(transport=fake.transport())
        async with AsyncBeatConnect(
            api_key=fake.api_key, base_url=fake.base_url, http_client=http, max_retries=2
        ) as bc:
            await bc.beats.get(1234)

    asyncio.run(main())
    assert _retries(caplog_info) == [
        ("with HTTP 503 (ServerError)", "1"),
        ("with HTTP 429 (RateLimitError)", "2"),
    ]
