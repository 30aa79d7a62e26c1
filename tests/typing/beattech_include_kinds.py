"""Beat Technology ``include=`` kinds, for ``mypy --strict`` (never run).

``include=`` takes one name, a list or tuple, or a generator of names; a set (sent in
hash order) or a mapping (its keys sent whatever its values say) is refused with
``TypeError`` before sending. The annotation said ``Iterable``, so a user's checker
took both; it must refuse them as the run time does. Each ``type: ignore`` below
must be needed.
"""

from __future__ import annotations

from beatkit.beattech import AsyncBeatTech, BeatTech


def kinds(bt: BeatTech) -> None:
    bt.releases.get("1", include="release-tracks")
    bt.releases.get("1", include=["release-tracks"])
    bt.releases.get("1", include=("release-tracks", "release-reviews"))
    bt.releases.get("1", include={"release-tracks"})  # type: ignore[arg-type]
    bt.releases.get("1", include={"release-tracks": True})  # type: ignore[arg-type]


async def kinds_async(bt: AsyncBeatTech) -> None:
    await bt.releases.get("1", include=["release-tracks"])
    await bt.releases.get("1", include={"release-tracks"})  # type: ignore[arg-type]
