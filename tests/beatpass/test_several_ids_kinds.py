"""BeatPass arguments taking several ids take one id, or a generator, on both facades.

``tests/typing/beatpass_several_ids.py`` pins the annotations (a user's checker refused
``add_tracks(1, 7)`` and generators, which ``docs/beatpass.md`` names); this pins that
the run-time behaviour those annotations promise holds: each is sent as the list.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.testing.beatpass import FakeBeatPass


def _gen() -> Iterator[int]:
    yield from (4, 5)


# (call, ids given, ids expected in the JSON body under key)
CASES: list[tuple[str, Callable[[Any, Any], Any], Any, str, list[int]]] = [
    ("add_tracks one", lambda c, ids: c.playlists.add_tracks(1, ids), 9, "ids", [9]),
    ("add_tracks gen", lambda c, ids: c.playlists.add_tracks(1, ids), "gen", "ids", [4, 5]),
    ("check_batch one", lambda c, ids: c.licenses.check_batch(ids), 3, "track_ids", [3]),
    ("wave_batch gen", lambda c, ids: c.tracks.wave_batch(ids), "gen", "track_ids", [4, 5]),
]


def _ids(given: Any) -> Any:
    return _gen() if given == "gen" else given


@pytest.mark.parametrize(("label", "call", "given", "key", "expected"), CASES)
def test_sync(label: str, call: Any, given: Any, key: str, expected: list[int]) -> None:
    fake = FakeBeatPass()
    with BeatPass(
        fake.token, base_url=fake.base_url, http_client=httpx.Client(transport=fake.transport())
    ) as client:
        call(client, _ids(given))
    assert json.loads(fake.requests[-1].content)[key] == expected


@pytest.mark.parametrize(("label", "call", "given", "key", "expected"), CASES)
def test_async(label: str, call: Any, given: Any, key: str, expected: list[int]) -> None:
    fake = FakeBeatPass()

    async def main() -> None:
        async with AsyncBeatPass(
            fake.token,
            base_url=fake.base_url,
            http_client=httpx.AsyncClient(transport=fake.transport()),
        ) as client:
            await call(client, _ids(given))

    asyncio.run(main())
    assert json.loads(fake.requests[-1].content)[key] == expected
