"""BeatPass ``playlists.update(clear=...)`` choices, for ``mypy --strict`` (never run).

``clear=`` takes ``"description"``, ``"image"`` or a list of them (sent as ``null``);
any other name is a ``ValueError`` at run time, so a user's checker must refuse it
too, as it does for the other choices (see ``choices.py``). Each ``type: ignore``
below must be needed.
"""

from __future__ import annotations

from beatkit import AsyncBeatPass, BeatPass


def clear_choices(bp: BeatPass) -> None:
    bp.playlists.update(5, clear="description")
    bp.playlists.update(5, clear=["description", "image"])
    bp.playlists.update(5, name="New", clear=("image",))
    bp.playlists.update(5, clear="name")  # type: ignore[arg-type]
    bp.playlists.update(5, clear="description,image")  # type: ignore[arg-type]
    bp.playlists.update(5, clear=["public"])  # type: ignore[list-item]


async def clear_choices_async(bp: AsyncBeatPass) -> None:
    await bp.playlists.update(5, clear="image")
    await bp.playlists.update(5, clear="images")  # type: ignore[arg-type]
