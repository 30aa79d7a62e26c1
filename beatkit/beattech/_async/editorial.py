"""Editorial content: banners, banner groups, layouts and release groups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from beatkit._core.operation import RequestOptions
from beatkit._core.validate import check_text
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech.context import text_id
from beatkit.beattech.headers import ImageSizes, change_headers
from beatkit.beattech.models import ReleaseGroup
from beatkit.beattech.sync import release_group_body, writable_group_id

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

    async def create(
        self,
        name: str,
        *,
        description: str | None = None,
        releases: Iterable[str | int | Mapping[str, Any]] | None = None,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> ReleaseGroup:
        """Create a bookshelf of the user's (``POST /v2/releases/groups``).

        Args:
            name: Its name.
            description: A longer description.
            releases: Release ids to put in it, sent as ``{"id": "<id>"}`` entries
                (the page does not list an entry's fields; a mapping is sent as is).
            changed_at: ``X-Change-Timestamp``: when the user made it (timezone-aware);
                the server's time when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The new group.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank name or release id.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        body = release_group_body(
            name=check_text("name", name),
            description=description,
            releases=releases,
            creating=True,
        )
        return await self._call(
            "release_groups.create",
            ReleaseGroup,
            headers=change_headers(None, changed_at),
            json=body,
            unwrap="group",
            options=options,
        )

    async def update(
        self,
        group_id: str | int,
        *,
        name: str | None = None,
        visible: bool | None = None,
        releases: Iterable[str | int | Mapping[str, Any]] | None = None,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> ReleaseGroup:
        """Rename, show or hide, or refill a group (``PATCH /v2/releases/groups/{group_id}``;
        the path is inferred from its siblings).

        ``releases`` replaces the group's releases (it is not merged); an empty list
        empties it. The wishlist (``group_id="wishlist"``) is updated this way.

        Args:
            group_id: A numeric id or ``"wishlist"``.
            name: The new name.
            visible: Whether it is visible.
            releases: Its releases from now on (ids, or ``{"id": ...}`` mappings).
            base_change: ``X-Base-Change``: the change id the edit was made against.
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware).
            image_sizes: Group image, cover and artist image sizes of the answer.
            options: Per-call timeout, retries or headers.

        Returns:
            The group as the server now holds it.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Another alias, a blank value, or no field to change.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The group is not the user's.
            beatkit.errors.NotFoundError: No such group.
        """
        body = release_group_body(name=name, visible=visible, releases=releases)
        headers = {
            **change_headers(base_change, changed_at),
            **self._context.image_headers(image_sizes),
        }
        return await self._call(
            "release_groups.update",
            ReleaseGroup,
            path={"group_id": writable_group_id(group_id)},
            headers=headers,
            json=body,
            unwrap="group",
            options=options,
        )

    async def delete(
        self,
        group_id: str | int,
        *,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Delete one of the user's groups (``DELETE /v2/releases/groups/{group_id}``).

        Args:
            group_id: The group's id.
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The group is not the user's.
            beatkit.errors.NotFoundError: No such group.
        """
        await self._call(
            "release_groups.delete",
            None,
            path={"group_id": text_id("group_id", group_id)},
            headers=change_headers(None, changed_at),
            options=options,
        )

    async def add_release(
        self, group_id: str | int, release_id: str | int, *, options: RequestOptions | None = None
    ) -> None:
        """Put a release in a group (``POST /v2/releases/groups/{group_id}/releases``; the
        path is inferred). The body is ``{"release_id": ...}``; the answer ``[]``.

        Args:
            group_id: A numeric id or an alias (``"wishlist"``, ``"purchased"``...).
            release_id: The release.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: No such group or release.
        """
        await self._call(
            "release_groups.add_release",
            None,
            path={"group_id": text_id("group_id", group_id)},
            json={"release_id": text_id("release_id", release_id)},
            options=options,
        )

    async def remove_release(
        self, group_id: str | int, release_id: str | int, *, options: RequestOptions | None = None
    ) -> None:
        """Take a release out of a group
        (``DELETE /v2/releases/groups/{group_id}/releases/{release_id}``; the path is
        inferred). The answer is ``[]``.

        Args:
            group_id: A numeric id or an alias (``"wishlist"``, ``"purchased"``...).
            release_id: The release.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: No such group, or the release is not in it.
        """
        await self._call(
            "release_groups.remove_release",
            None,
            path={
                "group_id": text_id("group_id", group_id),
                "release_id": text_id("release_id", release_id),
            },
            options=options,
        )
