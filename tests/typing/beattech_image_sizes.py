"""Beat Technology's ``image_sizes=`` (one size header per kind), for ``mypy --strict``.

The kinds are :data:`~beatkit.beattech.headers.IMAGE_SIZE_HEADERS`'s keys: a misspelt
kind is a checker error, as it is a ``ValueError`` at run time. Never run; each
``type: ignore`` must be needed.
"""

from __future__ import annotations

from beatkit import AsyncBeatTech, BeatTech
from beatkit.beattech.headers import ImageSizes


def image_sizes(bt: BeatTech) -> None:
    BeatTech("fabel", image_sizes={"release_cover": "w800", "artist": ["w50", "h200"]})
    bt.releases.get("1001", image_sizes={"release_cover": "w800"})
    bt.actors.list("author", image_sizes={"actor": "w100"})
    bt.coupons.offers(image_sizes={"coupon_offer": "w200"})
    sizes: ImageSizes = {"series": "w300", "user": ("w50",)}
    bt.series.search("fjord", image_sizes=sizes)
    bt.releases.get("1001", image_sizes={"release-cover": "w800"})  # type: ignore[dict-item]
    BeatTech("fabel", image_sizes={"cover": "w800"})  # type: ignore[dict-item]


async def image_sizes_async(bt: AsyncBeatTech) -> None:
    await bt.releases.get("1001", image_sizes={"release_cover": "w800"})
    await bt.releases.get("1001", image_sizes={"releases": "w800"})  # type: ignore[dict-item]
