"""An int id too long for Python to write out (more digits than
``sys.get_int_max_str_digits()``) is refused naming the argument, before anything is
sent, not with Python's own "Exceeds the limit (4300 digits)" text, on both facades."""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

HUGE = 10**5000


def _client(fake: FakeBeatTech, http: httpx.Client) -> BeatTech:
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )


def test_a_huge_int_id_is_refused_naming_it() -> None:
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = _client(fake, http)
        sent = len(fake.requests)
        with pytest.raises(ValueError, match="series_id is too long to send"):
            bt.series.get(HUGE)
        assert len(fake.requests) == sent


async def test_a_huge_int_id_is_refused_naming_it_async() -> None:
    fake = FakeBeatTech()
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = AsyncBeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        with pytest.raises(ValueError, match="release_id is too long to send"):
            await bt.releases.get(HUGE)
