"""Range windows the client could not read back are refused before anything is sent.

``Content-Range`` positions are read up to 18 digits (below 10**18); a ``page_size`` or
``start`` whose window reaches past that (``page_size=sys.maxsize``, "everything in one
go") was sent, echoed by the server, and then failed as a ``ResponseDecodeError``
about a "malformed Content-Range" the client had asked for itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    http = httpx.Client(transport=fake.transport())
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    ) as client:
        yield client
    http.close()


LAST = 10**18 - 1  # the last position a Content-Range can name and the client read


@pytest.mark.parametrize(
    "pages",
    [
        {"page_size": sys.maxsize},
        {"page_size": 10**18 + 1},
        {"start": 10**18},
        {"start": LAST, "page_size": 2},
        {"start": LAST - 5},  # with the default window of 20
    ],
)
def test_a_window_past_the_readable_positions_is_refused_before_sending(
    fake: FakeBeatTech, bt: BeatTech, pages: dict[str, int]
) -> None:
    with pytest.raises(ValueError, match=r"page_size|start"):
        list(bt.tracks.search("a", **pages))
    assert fake.requests_to("/tracks") == []


def test_the_largest_readable_window_is_sent(fake: FakeBeatTech, bt: BeatTech) -> None:
    # page_size up to the last position: one window holding every track.
    tracks = list(bt.tracks.search("a", page_size=LAST + 1))
    assert len(tracks) == len(list(bt.tracks.search("a")))
    (first, *_) = fake.requests_to("/tracks")
    assert first.headers["Range"] == f"tracks=0-{LAST}"
    # A window that ends on the last position: past the end, an empty list.
    assert list(bt.tracks.search("a", start=LAST, page_size=1)) == []


async def test_the_async_client_refuses_it_too(fake: FakeBeatTech) -> None:
    async with AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    ) as bt:
        with pytest.raises(ValueError, match="page_size"):
            await bt.products.list(page_size=sys.maxsize).first_page()
    assert fake.requests_to("/products") == []
