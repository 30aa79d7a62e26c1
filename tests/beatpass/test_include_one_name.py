"""BeatPass ``include=`` takes one name as the docs say, on both facades.

``tests/typing/beatpass_include_text.py`` pins the annotation (a user's checker
refused ``include="tags"``); this pins that the run-time behaviour it describes holds.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.testing.beatpass import FakeBeatPass

CASES = [("tracks", "tags"), ("albums", "tracks"), ("artists", "topTracks")]


@pytest.mark.parametrize(("resource", "name"), CASES)
def test_one_include_name_is_sent_as_with(resource: str, name: str) -> None:
    fake = FakeBeatPass()
    with BeatPass(
        fake.token, base_url=fake.base_url, http_client=httpx.Client(transport=fake.transport())
    ) as client:
        getattr(client, resource).get(1, include=name)
    assert fake.requests[-1].url.params["with"] == name


@pytest.mark.parametrize(("resource", "name"), CASES)
def test_one_include_name_is_sent_as_with_async(resource: str, name: str) -> None:
    fake = FakeBeatPass()

    async def main() -> None:
        async with AsyncBeatPass(
            fake.token,
            base_url=fake.base_url,
            http_client=httpx.AsyncClient(transport=fake.transport()),
        ) as client:
            await getattr(client, resource).get(1, include=name)

    asyncio.run(main())
    assert fake.requests[-1].url.params["with"] == name
