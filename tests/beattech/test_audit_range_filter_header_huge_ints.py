"""Python refuses ``str()`` of an int past 4,300 digits (``sys.get_int_max_str_digits``).
A ``start=`` or ``base_change=`` that long raised Python's own text ("Exceeds the limit
(4300 digits) for integer string conversion; use sys.set_int_max_str_digits()...") from
inside beatkit's headers instead of a beatkit message naming the argument. Both are
``ValueError`` naming the argument, before anything is sent. Both facades.
"""

from __future__ import annotations

import sys

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech

HUGE = 10 ** (sys.get_int_max_str_digits() + 1)


def _sync(seen: list[httpx.Request]) -> BeatTech:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return BeatTech("fabel", client_id="id", client_secret="secret", http_client=http)


def _async(seen: list[httpx.Request]) -> AsyncBeatTech:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncBeatTech("fabel", client_id="id", client_secret="secret", http_client=http)


def test_a_start_too_long_to_write_out_is_a_clear_error() -> None:
    seen: list[httpx.Request] = []
    with _sync(seen) as bt, pytest.raises(ValueError, match=r"^start .*an int of \d+ digits"):
        bt.releases.search("fjord", start=HUGE)
    assert seen == []


async def test_the_async_facade_names_a_start_too_long_to_write_out() -> None:
    seen: list[httpx.Request] = []
    async with _async(seen) as bt:
        with pytest.raises(ValueError, match=r"^start .*an int of \d+ digits"):
            bt.releases.search("fjord", start=HUGE, page_size=5)
    assert seen == []


def test_a_base_change_too_long_to_write_out_is_a_clear_error() -> None:
    seen: list[httpx.Request] = []
    with _sync(seen) as bt, pytest.raises(ValueError, match=r"^base_change"):
        bt.releases.favourite("1031", base_change=HUGE)
    assert seen == []


async def test_the_async_facade_names_a_base_change_too_long_to_write_out() -> None:
    seen: list[httpx.Request] = []
    async with _async(seen) as bt:
        with pytest.raises(ValueError, match=r"^base_change"):
            await bt.releases.favourite("1031", base_change=HUGE)
    assert seen == []


def test_a_base_change_just_short_enough_is_sent_as_its_digits() -> None:
    from beatkit.beattech.headers import change_headers

    longest = 10 ** (sys.get_int_max_str_digits() - 1)
    assert change_headers(longest)["X-Base-Change"] == str(longest)
