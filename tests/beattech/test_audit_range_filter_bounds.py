"""``release_numbers=(lo, hi)`` whose ``hi`` passes position 10**18 - 1 (such as
``sys.maxsize``, "from ``lo`` on") was sent; the server's echo ``Content-Range:
release_number lo-hi/n`` could not be read back (positions are read up to 18 digits)
and the list failed after the request as a ``ResponseDecodeError`` ("malformed
Content-Range"). Such a bound is a ``ValueError`` before anything is sent, as a
window reaching past that position already is (``ranged``); ``10**18 - 1`` itself is
read. Both facades.
"""

from __future__ import annotations

import sys

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

LAST = 10**18 - 1


def _series(fake: FakeBeatTech) -> tuple[str, list[str]]:
    """A series with three releases, and its release ids in number order."""
    for series_id, series in fake.catalog.series.items():
        ids = list(series["release_ids"])
        if len(ids) >= 3:
            ordered = sorted(ids, key=lambda i: fake.catalog.releases[i]["release_number"])
            return series_id, ordered
    raise AssertionError("no series with three releases")


def _sync(fake: FakeBeatTech, seen: list[httpx.Request]) -> BeatTech:
    transport = fake.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return transport.handle_request(request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )


def _async(fake: FakeBeatTech) -> AsyncBeatTech:
    http = httpx.AsyncClient(transport=fake.transport())
    return AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )


@pytest.mark.parametrize("bounds", [(2, sys.maxsize), (2, LAST + 1), (LAST + 1, LAST + 1)])
def test_a_bound_past_the_last_readable_position_is_refused_before_sending(
    bounds: tuple[int, int],
) -> None:
    fake = FakeBeatTech()
    series_id, _ = _series(fake)
    seen: list[httpx.Request] = []
    with (
        _sync(fake, seen) as bt,
        pytest.raises(ValueError, match=r"release_numbers.*10\*\*18 - 1"),
    ):
        bt.releases.list(series_id=series_id, release_numbers=bounds)
    assert seen == []


async def test_the_async_facade_refuses_a_bound_past_the_last_position() -> None:
    fake = FakeBeatTech()
    series_id, _ = _series(fake)
    async with _async(fake) as bt:
        with pytest.raises(ValueError, match=r"release_numbers.*10\*\*18 - 1"):
            bt.releases.list(series_id=series_id, release_numbers=(2, sys.maxsize))


def test_the_last_readable_position_is_read() -> None:
    fake = FakeBeatTech()
    series_id, ids = _series(fake)
    seen: list[httpx.Request] = []
    with _sync(fake, seen) as bt:
        found = [r.id for r in bt.releases.list(series_id=series_id, release_numbers=(2, LAST))]
    assert found == ids[1:]
    assert seen[-1].headers["Range"] == f"release_number=2-{LAST}"


async def test_the_async_facade_reads_the_last_readable_position() -> None:
    fake = FakeBeatTech()
    series_id, ids = _series(fake)
    async with _async(fake) as bt:
        pager = bt.releases.list(series_id=series_id, release_numbers=(2, LAST))
        assert [r.id async for r in pager] == ids[1:]


def test_a_min_too_long_to_write_out_above_max_is_a_clear_error() -> None:
    # Python refuses str() of an int past 4,300 digits: the message is beatkit's (the
    # core's check of every int argument comes first now: "too long to send").
    fake = FakeBeatTech()
    series_id, _ = _series(fake)
    seen: list[httpx.Request] = []
    with (
        _sync(fake, seen) as bt,
        pytest.raises(ValueError, match=r"^release_numbers is too long to send: an int of"),
    ):
        bt.releases.list(series_id=series_id, release_numbers=(10**5000, 1))
    assert seen == []
