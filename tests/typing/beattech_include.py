"""Beat Technology's ``include=`` (``X-Include``), for ``mypy --strict`` (never run).

A list of names is checked against the sub-objects the header may name; the header's
own comma list stays text. Each ``type: ignore`` must be needed.
"""

from __future__ import annotations

from beatkit import AsyncBeatTech, BeatTech


def include(bt: BeatTech) -> None:
    bt.tracks.get("10001", include=["track-prices", "track-streams"])
    bt.releases.get("1001", include=["release-tracks", "release-prices"])
    bt.releases.get("1001", include="release-tracks, release-prices")
    bt.tracks.get("10001", include=["track-price"])  # type: ignore[list-item]
    bt.releases.get("1001", include=("release-track",))  # type: ignore[arg-type]


async def include_async(bt: AsyncBeatTech) -> None:
    await bt.tracks.get("10001", include=["track-streams"])
    await bt.tracks.get("10001", include=["streams"])  # type: ignore[list-item]
