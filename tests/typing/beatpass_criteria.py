"""BeatPass ``cover_art.matching_templates(**criteria)`` values, for ``mypy --strict``.

Never run. A criterion is text, an ``int``, a ``bool``, a ``float``, ``None`` or a
list or tuple of texts and ints (sent comma-separated); anything else, a ``range`` and
``bytes`` among them, is a ``TypeError`` at run time, so the annotation refuses it
too. Each ``type: ignore`` below must be needed.
"""

from __future__ import annotations

from beatkit import AsyncBeatPass, BeatPass


def criteria(bp: BeatPass) -> None:
    bp.cover_art.matching_templates(style="minimal", year=2024, dark=True, ratio=1.5)
    bp.cover_art.matching_templates(colors=["red", "blue"], sizes=(1, 2), extra=None)
    names: list[str] = ["red"]
    ids: list[int] = [1, 2]
    bp.cover_art.matching_templates(colors=names, ids=ids)
    bp.cover_art.matching_templates(years=range(2020, 2024))  # type: ignore[arg-type]
    bp.cover_art.matching_templates(code=b"ab")  # type: ignore[arg-type]


async def criteria_async(bp: AsyncBeatPass) -> None:
    await bp.cover_art.matching_templates(colors=("red",))
    await bp.cover_art.matching_templates(years=range(3))  # type: ignore[arg-type]
