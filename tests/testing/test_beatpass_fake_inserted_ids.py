"""FakeBeatPass never gives a new credit, purchase or file entry a deleted record's id.

Its declarative collections count ids as an auto-increment column does (see
``tests/testing/test_audit_fakes_crud_ids.py``); the records it inserts by hand
(credits, purchases, file entries, backstage requests, fingerprints) took the
largest id left plus one, so a credit created after the newest was deleted got the
deleted one's id.
"""

from __future__ import annotations

import httpx

from beatkit import AsyncBeatPass, BeatPass
from beatkit.testing import FakeBeatPass


def test_a_credit_id_is_not_reused_after_delete() -> None:
    fake = FakeBeatPass()
    http = httpx.Client(transport=fake.transport())
    with BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
        first = bp.credits.create(fake.artist_id, role="Producer", title="One")
        bp.credits.delete(fake.artist_id, first.id)
        second = bp.credits.create(fake.artist_id, role="Producer", title="Two")
        assert second.id > first.id
    http.close()


async def test_an_async_credit_id_is_not_reused_after_delete() -> None:
    fake = FakeBeatPass()
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
        first = await bp.credits.create(fake.artist_id, role="Producer", title="One")
        await bp.credits.delete(fake.artist_id, first.id)
        second = await bp.credits.create(fake.artist_id, role="Producer", title="Two")
        assert second.id > first.id
    await http.aclose()


def test_ids_are_counted_per_fake() -> None:
    made = []
    for _ in range(2):
        fake = FakeBeatPass()
        http = httpx.Client(transport=fake.transport())
        with BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
            made.append(bp.credits.create(fake.artist_id, role="Producer", title="One").id)
        http.close()
    assert made[0] == made[1]
