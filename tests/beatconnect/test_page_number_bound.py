"""A start page the answer's echo could not carry is refused before anything is sent.

Page counts read back from an answer stop at 10**18 - 1 (``_core.pagination.page_count``):
``page=10**18`` was sent, and the server's echo of it then failed the call with a
``ResponseDecodeError`` ("the page's current_page is not a count"). BeatConnect and
BeatPass, both facades.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beatconnect import AsyncBeatConnect, BeatConnect
from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.testing import FakeBeatPass
from beatkit.testing.beatconnect import FakeBeatConnect

LAST = 10**18 - 1


def _beatconnect(fake: FakeBeatConnect) -> BeatConnect:
    return BeatConnect(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )


def _async_beatconnect(fake: FakeBeatConnect) -> AsyncBeatConnect:
    return AsyncBeatConnect(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    )


def _beatpass(fake: FakeBeatPass) -> BeatPass:
    return BeatPass(
        token=fake.token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )


def _async_beatpass(fake: FakeBeatPass) -> AsyncBeatPass:
    return AsyncBeatPass(
        token=fake.token,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda bc, page: list(bc.beats.list(page=page)),
        lambda bc, page: list(bc.beats.search("night", page=page)),
        lambda bc, page: list(bc.users.search_producers("dj", page=page)),
        lambda bc, page: list(bc.orders.list(page=page)),
        lambda bc, page: bc.search("night", page=page),
    ],
    ids=["beats.list", "beats.search", "users.search_producers", "orders.list", "search"],
)
@pytest.mark.parametrize("page", [10**18, 10**30])
def test_beatconnect_page_past_the_last_count_is_refused_before_sending(
    call: Any, page: int
) -> None:
    fake = FakeBeatConnect()
    with _beatconnect(fake) as bc, pytest.raises(ValueError, match="page must be at most") as info:
        call(bc, page)
    assert str(LAST) in str(info.value)
    assert fake.requests == []


def test_beatconnect_the_last_count_is_still_sent() -> None:
    fake = FakeBeatConnect()
    with _beatconnect(fake) as bc:
        assert list(bc.beats.list(page=LAST)) == []
    assert fake.requests[0].url.params["page"] == str(LAST)


async def test_async_beatconnect_page_past_the_last_count_is_refused_before_sending() -> None:
    fake = FakeBeatConnect()
    async with _async_beatconnect(fake) as bc:
        with pytest.raises(ValueError, match="page must be at most"):
            bc.beats.list(page=10**18)
        with pytest.raises(ValueError, match="page must be at most"):
            bc.orders.list(page=10**18)
        with pytest.raises(ValueError, match="page must be at most"):
            await bc.search("night", page=10**18)
        assert [beat async for beat in bc.beats.list(page=LAST)] == []
    assert len(fake.requests) == 1


@pytest.mark.parametrize("keyword", ["page", "per_page"])
def test_beatpass_page_past_the_last_count_is_refused_before_sending(keyword: str) -> None:
    fake = FakeBeatPass()
    with _beatpass(fake) as bp:
        with pytest.raises(ValueError, match=f"{keyword} must be at most"):
            bp.tracks.list(**{keyword: 10**18})  # type: ignore[arg-type]
        assert list(bp.tracks.list(page=LAST)) == []
    assert len(fake.requests) == 1


async def test_async_beatpass_page_past_the_last_count_is_refused_before_sending() -> None:
    fake = FakeBeatPass()
    async with _async_beatpass(fake) as bp:
        with pytest.raises(ValueError, match="page must be at most"):
            bp.tracks.list(page=10**18)
        assert [track async for track in bp.tracks.list(page=LAST)] == []
    assert len(fake.requests) == 1
