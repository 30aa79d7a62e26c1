"""A fake never gives a new record the id of one deleted before it.

The services' databases (BeatPass runs Laravel on MySQL) number records from an
auto-increment counter: a deleted id is never issued again. The fakes' declarative
collections took the largest id left plus one, so deleting the newest record and
creating another gave it the deleted one's id, and a test checking that the deleted
record is gone found the new one there.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.errors import NotFoundError
from beatkit.testing import FakeBeatPass


def test_sync_playlist_id_not_reused_after_delete() -> None:
    fake = FakeBeatPass()
    http = httpx.Client(transport=fake.transport())
    with BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
        first = bp.playlists.create(name="first")
        bp.playlists.delete(first.id)
        second = bp.playlists.create(name="second")
        assert second.id != first.id
        with pytest.raises(NotFoundError):
            bp.playlists.get(first.id)
    http.close()


def test_async_playlist_id_not_reused_after_delete() -> None:
    async def run() -> None:
        fake = FakeBeatPass()
        http = httpx.AsyncClient(transport=fake.transport())
        async with AsyncBeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
            first = await bp.playlists.create(name="first")
            await bp.playlists.delete([first.id])
            second = await bp.playlists.create(name="second")
            assert second.id > first.id
            with pytest.raises(NotFoundError):
                await bp.playlists.get(first.id)
        await http.aclose()

    asyncio.run(run())


def test_ids_are_counted_per_fake() -> None:
    # The counter belongs to the fake, not to the collection shared by every fake.
    ids = []
    for _ in range(2):
        fake = FakeBeatPass()
        http = httpx.Client(transport=fake.transport())
        with BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
            made = bp.playlists.create(name="one")
            bp.playlists.delete(made.id)
            ids.append(made.id)
        http.close()
    assert ids[0] == ids[1]
