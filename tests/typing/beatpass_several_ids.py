"""BeatPass arguments taking several ids, for ``mypy --strict`` (never run).

``docs/beatpass.md``: several ids (``track_ids``, ``artists``, ``credit_ids``...) "come
as an ``int`` or a list, tuple, range or generator of them", and beatkit takes each at
run time; a user's checker must take them too. A set (hash order) and a mapping are
refused at run time, and by the annotation too. Each ``type: ignore`` must be needed.
"""

from __future__ import annotations

from collections.abc import Iterator

from beatkit import AsyncBeatPass, BeatPass


def ids() -> Iterator[int]:
    yield from (3, 1, 2)


def several_ids(bp: BeatPass, chosen: list[int]) -> None:
    bp.playlists.add_tracks(1, 7)
    bp.playlists.add_tracks(1, (t for t in chosen if t > 2))
    bp.playlists.remove_tracks(1, range(1, 4))
    bp.playlists.reorder_tracks(1, ids())
    bp.credits.reorder(1, ids())
    bp.licenses.check_batch(5)
    bp.licenses.check_batch(ids())
    bp.fingerprints.check_duplicates(5)
    bp.fingerprints.check_duplicates(ids())
    bp.tracks.wave_batch(5)
    bp.tracks.wave_batch(ids())
    bp.tracks.create("Song", artists=3)
    bp.tracks.create("Song", artists=ids())
    bp.tracks.update(1, artists=3)
    bp.tracks.update(1, artists=(a for a in chosen))
    bp.tracks.upload("song.mp3", artists=3)
    bp.tracks.upload("song.mp3", artists=ids())
    bp.tracks.delete(ids())
    bp.albums.delete(ids())
    bp.playlists.delete(ids())
    bp.lyrics.delete(ids())
    bp.playlists.add_tracks(1, {1, 2})  # type: ignore[arg-type]
    bp.tracks.wave_batch({1: "a"})  # type: ignore[arg-type]
    bp.tracks.delete({1, 2})  # type: ignore[arg-type]
    bp.tracks.upload("song.mp3", artists={1, 2})  # type: ignore[arg-type]


async def several_ids_async(bp: AsyncBeatPass) -> None:
    await bp.playlists.add_tracks(1, 7)
    await bp.licenses.check_batch(ids())
    await bp.tracks.create("Song", artists=3)
    await bp.tracks.upload("song.mp3", artists=ids())
    await bp.credits.reorder(1, {3, 1})  # type: ignore[arg-type]
