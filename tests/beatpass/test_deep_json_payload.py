"""A free-form payload nested deeper than Python's recursion goes (``data`` of
``backstage.create``, the ``**fields`` of a write) is a ``ValueError`` naming the
field, before anything is sent; a bare ``RecursionError`` escaped."""

from __future__ import annotations

import sys
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.testing import FakeBeatPass


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


DEEP = _nested(sys.getrecursionlimit() + 100)


def test_sync_deep_payloads_are_refused_before_sending() -> None:
    fake = FakeBeatPass()
    http = httpx.Client(transport=fake.transport())
    with BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
        before = len(fake.requests)
        with pytest.raises(ValueError, match=r"^data is nested too deeply to send as JSON$"):
            bp.backstage.create("become-artist", artist_name="A", data={"x": DEEP})
        with pytest.raises(ValueError, match=r"^links is nested too deeply to send as JSON$"):
            bp.albums.create("Album", links=[DEEP])
        assert len(fake.requests) == before
        # A payload a few levels deep still goes.
        assert bp.albums.create("Album", links=[_nested(20)]).name == "Album"


@pytest.mark.asyncio
async def test_async_deep_payload_is_refused_before_sending() -> None:
    fake = FakeBeatPass()
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
        with pytest.raises(ValueError, match="nested too deeply"):
            await bp.backstage.create("become-artist", artist_name="A", data={"x": DEEP})
    assert not fake.requests
