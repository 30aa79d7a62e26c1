"""Arguments that take one of a fixed set of strings, for ``mypy --strict`` (never run).

Where the docs list the values (``sort="popular"``, ``quality="lossless"``...) and
beatkit refuses any other at run time, the parameter is a ``Literal`` of them (beside
the service's enum, where there is one): the documented spellings check, a misspelt
one is a type error before it is a ``ValueError``. Each ``type: ignore`` below must be
needed (strict's ``warn_unused_ignores``), so each pins a refusal.
"""

from __future__ import annotations

from datetime import datetime

from beatkit import AsyncBeatport, BeatConnect, BeatPass, Beatport, beatconnect, beatpass, beatport
from beatkit.beattech import PendingChange


def beatconnect_choices(bc: BeatConnect) -> None:
    bc.beats.list(sort="popular")
    bc.beats.list(sort="price_desc")
    bc.beats.list(sort=beatconnect.BeatSort.NEWEST)
    bc.beats.list(sort="popluar")  # type: ignore[arg-type]
    bc.orders.list(status="completed")
    bc.orders.list(status=beatconnect.OrderStatus.FAILED)
    bc.orders.list(status="done")  # type: ignore[arg-type]
    bc.search("amapiano", type="all")
    bc.search("amapiano", type=beatconnect.SearchType.BEATS)
    bc.search("amapiano", type="tracks")  # type: ignore[arg-type]


def beatport_choices(bp: Beatport) -> None:
    bp.tracks.download(1, quality="lossless")
    bp.tracks.download(1, quality=beatport.DownloadQuality.HIGH)
    bp.tracks.download(1, quality="flac")  # type: ignore[arg-type]
    bp.tracks.save_download(1, "t.flac", quality="lossless")
    bp.tracks.save_download(1, "t.flac", quality=beatport.DownloadQuality.LOSSLESS)
    bp.tracks.save_download(1, "t.flac", quality="best")  # type: ignore[arg-type]
    bp.tracks.list(order_by="-publish_date")
    bp.tracks.list(order_by="name")
    bp.tracks.list(order_by=beatport.TrackOrder.LABEL_DESC)
    bp.tracks.list(order_by="newest")  # type: ignore[arg-type]


async def beatport_async_choices(bp: AsyncBeatport) -> None:
    await bp.tracks.download(1, quality="high")
    await bp.tracks.download(1, quality="320")  # type: ignore[arg-type]


def beatpass_choices(bp: BeatPass) -> None:
    bp.search("night", types=["track", "album"])
    bp.search("night", types=[beatpass.SearchType.ARTIST, "user"])
    bp.search("night", types="track,album")  # a comma list stays text
    bp.search("night", types=["tracks"])  # type: ignore[list-item]
    bp.radio.get("genre", 3)
    bp.radio.get(beatpass.RadioType.TAG, 3)
    bp.radio.get("album", 3)  # type: ignore[arg-type]
    bp.credits.spotify_search("night drive", type="album")
    bp.credits.spotify_search("night drive", type="playlist")  # type: ignore[arg-type]
    bp.backstage.create("become-artist", artist_name="Me", data={"bio": "..."})
    bp.backstage.create("become-label", artist_name="Me", data={})  # type: ignore[arg-type]
    bp.tracks.get(1, include=["tags", "artists"])
    bp.tracks.get(1, include=["topTracks"])  # type: ignore[list-item]
    bp.albums.get(1, include=["tracks"])
    bp.artists.get(1, include=["topTracks", "similar"])
    bp.artists.get(1, include=["album"])  # type: ignore[list-item]


def beattech_pending_changes(when: datetime) -> None:
    PendingChange.favourite("user", "7", True, changed_at=when)
    PendingChange.favourite("playlist", "7", True, changed_at=when)  # type: ignore[arg-type]
    PendingChange.create_bookmark("release", "1", position=12, changed_at=when)
    PendingChange.create_bookmark(
        "release", "1", position_type="ebook", reader_position_ratio=0.5, changed_at=when
    )
    PendingChange.create_bookmark("series", "1", changed_at=when)  # type: ignore[arg-type]
    PendingChange.update_bookmark("9", position_type="video", changed_at=when)  # type: ignore[arg-type]
    PendingChange.create_rating("artist", "3", 5, changed_at=when)
    PendingChange.create_rating("user", "3", 5, changed_at=when)  # type: ignore[arg-type]
