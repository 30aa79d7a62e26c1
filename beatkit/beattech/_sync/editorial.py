# GENERATED from beatkit/beattech/_async/editorial.py by scripts/unasync.py: edit the async source.
"""Editorial content: banners, banner groups, layouts and release groups."""

from __future__ import annotations

from beatkit.beattech._sync.base import BeatTechResource

__all__ = ["BannerGroups", "Banners", "Layouts", "ReleaseGroups"]


class Banners(BeatTechResource):
    """``bt.banners``: ``list``, ``create``, ``get``, ``update`` and ``upload_image``
    (writes need an editor)."""


class BannerGroups(BeatTechResource):
    """``bt.banner_groups``: ``list``, ``create``, ``get`` and ``update`` groups of banners."""


class Layouts(BeatTechResource):
    """``bt.layouts``: ``list``, ``get`` (by id or alias: ``home``, ``podcasts``),
    ``update``, ``conditions`` and ``replace_conditions``."""


class ReleaseGroups(BeatTechResource):
    """``bt.release_groups``: shelves of releases: ``list``, ``create``, ``get`` (by id or
    alias: ``purchased``, ``borrowed``, ``finished``, ``played``, ``wishlist``),
    ``update``, ``delete``, ``releases``, ``add_release``, ``remove_release``,
    ``reorder`` (deprecated) and ``upload_image``."""
