"""Pagers and pages are read-only sequences of results, so they are covariant.

A helper written once for any pager (``Pager[object]``, ``Pager[SomeBase]``) takes the
``Pager[Beat]`` a list call returns, as a function over ``Iterable[object]`` takes a
``list[Beat]``.
"""

from __future__ import annotations

from beatkit import AsyncBeatConnect, AsyncPager, BeatConnect, Beatport, Page, Pager
from beatkit.beatport import Track, TrackHit


def count(pager: Pager[object]) -> int:
    return sum(1 for _ in pager)


async def count_async(pager: AsyncPager[object]) -> int:
    return len([item async for item in pager])


def first_total(page: Page[object]) -> int | None:
    return page.total


def track_ids(pager: Pager[Track | TrackHit]) -> list[int]:
    return [track.id for track in pager]


def sync_use(bc: BeatConnect, bp: Beatport) -> None:
    count(bc.beats.list(limit=10))
    first_total(bc.beats.list().first_page())
    track_ids(bp.tracks.list())  # a Pager[Track] where a Pager[Track | TrackHit] is taken
    track_ids(bp.tracks.search("x"))


async def async_use(bc: AsyncBeatConnect) -> None:
    await count_async(bc.beats.list(limit=10))
    first_total(await bc.beats.list().first_page())
