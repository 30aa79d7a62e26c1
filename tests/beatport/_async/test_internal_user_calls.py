"""The internal host takes no credentials: a call that needs a user's token there is a
``ConfigurationError`` before anything is sent.

``/catalog/tracks/{id}/stream/``, ``/download/`` and ``/my/*`` need a user's bearer
token on either host (``operations/beatport.tsv``: ``auth`` bearer), and an
``internal=True`` client can hold none (``token=``/``store=`` are refused, and
``client.auth`` raises). They were sent unsigned and came back as a 401
``AuthenticationError`` ("Authentication credentials were not provided."), although
the Beatport page and the ``my.*`` docstrings say a client holding no token raises
``ConfigurationError`` before sending.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatport import AsyncBeatport
from beatkit.errors import ConfigurationError
from beatkit.testing.beatport import FakeBeatport

INTERNAL = "https://api-internal.beatportprod.com/v4"
TRACK = 8291700


def _client(fake: FakeBeatport) -> AsyncBeatport:
    return AsyncBeatport(
        internal=True,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        requests_per_second=None,
    )


async def _first_page(bp: AsyncBeatport) -> Any:
    return await bp.my.tracks().first_page()


CALLS: dict[str, Callable[[AsyncBeatport, Path], Awaitable[Any]]] = {
    "tracks.stream": lambda bp, tmp: bp.tracks.stream(TRACK),
    "tracks.download": lambda bp, tmp: bp.tracks.download(TRACK, quality="high"),
    "tracks.save_stream": lambda bp, tmp: bp.tracks.save_stream(TRACK, tmp / "t.aac"),
    "tracks.save_download": lambda bp, tmp: bp.tracks.save_download(TRACK, tmp / "t.mp4"),
    "my.account": lambda bp, tmp: bp.my.account(),
    "my.beatport": lambda bp, tmp: bp.my.beatport(),
    "my.beatport_tracks": lambda bp, tmp: _first_page(bp),
    "my.subscriptions": lambda bp, tmp: bp.my.subscriptions(),
}


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_a_user_call_on_the_internal_host_is_refused_before_sending(
    name: str, tmp_path: Path
) -> None:
    fake = FakeBeatport(base_url=INTERNAL, require_auth=False)
    async with _client(fake) as bp:
        with pytest.raises(ConfigurationError, match="internal host") as caught:
            await CALLS[name](bp, tmp_path)
    assert "internal=True" in str(caught.value)
    assert fake.requests == []
    assert list(tmp_path.iterdir()) == []


async def test_the_catalog_is_still_served_on_the_internal_host() -> None:
    fake = FakeBeatport(base_url=INTERNAL, require_auth=False)
    async with _client(fake) as bp:
        track = await bp.tracks.get(TRACK)
        genres = await bp.genres.list().to_list()
    assert track.id == TRACK
    assert genres
    assert all("authorization" not in r.headers for r in fake.requests)
