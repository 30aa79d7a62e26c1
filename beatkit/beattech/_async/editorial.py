"""Editorial content: banners, banner groups, layouts and release groups."""

from __future__ import annotations

from beatkit.beattech._async.base import AsyncBeatTechResource

__all__ = ["AsyncBannerGroups", "AsyncBanners", "AsyncLayouts", "AsyncReleaseGroups"]


class AsyncBanners(AsyncBeatTechResource):
    """``bt.banners``: ``list``, ``create``, ``get``, ``update`` and ``upload_image``
    (writes need an editor)."""


class AsyncBannerGroups(AsyncBeatTechResource):
    """``bt.banner_groups``: ``list``, ``create``, ``get`` and ``update`` groups of banners."""


class AsyncLayouts(AsyncBeatTechResource):
    """``bt.layouts``: ``list``, ``get`` (by id or alias: ``home``, ``podcasts``),
    ``update``, ``conditions`` and ``replace_conditions``."""


class AsyncReleaseGroups(AsyncBeatTechResource):
    """``bt.release_groups``: shelves of releases: ``list``, ``create``, ``get`` (by id or
    alias: ``purchased``, ``borrowed``, ``finished``, ``played``, ``wishlist``),
    ``update``, ``delete``, ``releases``, ``add_release``, ``remove_release``,
    ``reorder`` (deprecated) and ``upload_image``."""
