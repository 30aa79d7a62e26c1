"""``playlists.update(clear=...)`` refuses at run time what its annotation refuses.

``tests/typing/beatpass_clear_choices.py`` pins the annotation; here, both facades: a
name that is not ``description`` or ``image`` (or a comma list in one text) is a
``ValueError`` before anything is sent, and the two names are sent as ``null``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.testing.beatpass import FakeBeatPass

REFUSED = ["name", "description,image", ["public"]]


def _client(fake: FakeBeatPass) -> BeatPass:
    return BeatPass(
        fake.token, base_url=fake.base_url, http_client=httpx.Client(transport=fake.transport())
    )


@pytest.mark.parametrize("clear", REFUSED)
def test_other_names_are_refused_before_sending(clear: Any) -> None:
    fake = FakeBeatPass()
    with _client(fake) as client, pytest.raises(ValueError, match="clear"):
        client.playlists.update(1, clear=clear)
    assert fake.requests == []


@pytest.mark.parametrize("clear", REFUSED)
def test_other_names_are_refused_before_sending_async(clear: Any) -> None:
    fake = FakeBeatPass()

    async def main() -> None:
        async with AsyncBeatPass(
            fake.token,
            base_url=fake.base_url,
            http_client=httpx.AsyncClient(transport=fake.transport()),
        ) as client:
            with pytest.raises(ValueError, match="clear"):
                await client.playlists.update(1, clear=clear)

    asyncio.run(main())
    assert fake.requests == []


def test_the_choices_are_sent_as_null() -> None:
    fake = FakeBeatPass()
    with _client(fake) as client:
        client.playlists.update(1, clear="image")
    assert json.loads(fake.requests[-1].content) == {"image": None}
