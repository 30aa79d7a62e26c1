"""An e-mail address or a phone number in a URL's query is masked wherever beatkit
shows the URL: its own log lines, httpx's request line, and error text.

``users.search(query="alice@example.com")`` (Beat Technology's full-text user search,
whose query is a person's address, name or number) wrote the address to beatkit's
DEBUG line, its INFO retry line and httpx's INFO ``HTTP Request:`` line, and to the
``url`` and text of the error, where ``email=`` and ``msisdn=`` are masked: personal
data in the query of a request beatkit sends is masked by its look, on every service,
not only under the names one call marks.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

from beatkit import AsyncBeatTech, BeatTech
from beatkit._core.redact import (
    mark_personal_values,
    mark_secret_values,
    personal_values,
    redact_url,
)
from beatkit.errors import APIError
from beatkit.testing import FakeBeatTech, serve

EMAIL = "alice.person@example.com"
PHONE = "+4791234567"
SPELLINGS = [EMAIL, "alice.person%40example.com", PHONE, "%2B4791234567", "4791234567"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://api.test/v2/users?query=alice.person%40example.com&page=2",
            "https://api.test/v2/users?query=REDACTED&page=2",
        ),
        ("https://api.test/v2/users?q=bob@example.co.uk", "https://api.test/v2/users?q=REDACTED"),
        (
            "https://api.test/v2/users?query=%2B4791234567",
            "https://api.test/v2/users?query=REDACTED",
        ),
        (
            "https://api.test/v2/users?query=%2B47%20912%2034%20567",
            "https://api.test/v2/users?query=REDACTED",
        ),
        # Not personal by their look: kept, so that the log still tells what was asked.
        ("https://api.test/v2/tracks?ids=12345678,23456789", None),
        ("https://api.test/v2/search?q=techno&offset=%2B100", None),
        ("https://api.test/v2/search?tz=%2B0100", None),
    ],
)
def test_personal_query_values_are_marked(url: str, shown: str | None) -> None:
    request = httpx.Request("GET", url)
    mark_personal_values(request)
    assert redact_url(request.url) == (url if shown is None else shown)


def test_personal_values_add_to_those_a_call_marked() -> None:
    request = httpx.Request("GET", "https://api.test/v2/x?code=GIFT-CODE-1&q=a%40b.example")
    mark_secret_values(request, ["GIFT-CODE-1"])
    mark_personal_values(request)
    assert redact_url(request.url) == "https://api.test/v2/x?code=REDACTED&q=REDACTED"


def test_a_long_query_is_read_in_linear_time() -> None:
    for value in ["x" * 200_000 + "@", "@a" * 100_000, "a@" + "b." * 100_000, "+" + "1 " * 100_000]:
        started = time.perf_counter()
        personal_values("q=" + quote(value))
        assert time.perf_counter() - started < 2


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


@pytest.fixture
def capture() -> Iterator[_Capture]:
    handler = _Capture()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _shown(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(getattr(error, "url", None))


def _check(capture: _Capture, error: BaseException) -> None:
    assert any(line.startswith("httpx HTTP Request: GET") for line in capture.lines)
    assert any("users?query=REDACTED" in line for line in capture.lines)
    for text in [*capture.lines, _shown(error)]:
        for spelling in SPELLINGS:
            assert spelling not in text


def test_a_user_search_by_address_logs_no_address(capture: _Capture) -> None:
    fake = FakeBeatTech()
    with serve(fake) as server:
        bt = BeatTech(
            base_url=server.base_url,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            allow_http=True,
            max_retries=1,
            max_retry_wait=1,
        )
        with bt:
            list(bt.app.users.search(query=EMAIL))
            list(bt.app.users.search(query=PHONE))
            fake.fail_next(500, count=2)
            with pytest.raises(APIError) as caught:
                list(bt.app.users.search(query=EMAIL))
    _check(capture, caught.value)


async def test_a_user_search_by_address_logs_no_address_async(capture: _Capture) -> None:
    fake = FakeBeatTech()
    with serve(fake) as server:
        bt = AsyncBeatTech(
            base_url=server.base_url,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            allow_http=True,
            max_retries=1,
            max_retry_wait=1,
        )
        async with bt:
            [user async for user in bt.app.users.search(query=EMAIL)]
            [user async for user in bt.app.users.search(query=PHONE)]
            fake.fail_next(500, count=2)
            with pytest.raises(APIError) as caught:
                [user async for user in bt.app.users.search(query=PHONE)]
    _check(capture, caught.value)
