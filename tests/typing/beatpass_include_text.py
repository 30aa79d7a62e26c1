"""BeatPass ``include=`` as one name, for ``mypy --strict`` (never run).

``docs/beatpass.md`` says ``include=`` takes "a string or a list of names", and
``tracks.get(1, include="tags")`` works at run time (sent as ``with=tags``); the
annotation must let a user's checker take the one name too, and still refuse a
name the method does not know. Each ``type: ignore`` below must be needed.
"""

from __future__ import annotations

from beatkit import AsyncBeatPass, BeatPass


def one_name(bp: BeatPass) -> None:
    bp.tracks.get(1, include="tags")
    bp.albums.get(1, include="tracks")
    bp.artists.get(1, include="topTracks")
    bp.tracks.get(1, include=("genres", "album"))
    bp.tracks.get(1, include="topTracks")  # type: ignore[arg-type]
    bp.albums.get(1, include="album")  # type: ignore[arg-type]
    bp.artists.get(1, include="tracks")  # type: ignore[arg-type]


async def one_name_async(bp: AsyncBeatPass) -> None:
    await bp.tracks.get(1, include="album")
    await bp.albums.get(1, include="genres")
    await bp.artists.get(1, include="similar")
    await bp.tracks.get(1, include="similar")  # type: ignore[arg-type]
