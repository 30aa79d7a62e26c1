# GENERATED from beatkit/beattech/_async/release_groups.py by scripts/unasync.py: edit the async source.
"""Release groups: the editors' shelves, the users' own bookshelves and their synthetic
groups (``purchased``, ``borrowed``, ``finished``, ``played``, ``wishlist``)."""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import RequestOptions
from beatkit._core.uploads import check_upload_path
from beatkit._core.validate import check_choice, check_text
from beatkit.beattech._sync.base import BeatTechResource
from beatkit.beattech.context import text_id, text_ids
from beatkit.beattech.editing import (
    MAX_RELEASE_IDS,
    SYNTHETIC_GROUPS,
    Image,
    id_entries,
    release_ref,
)
from beatkit.beattech.headers import (
    ImageSizes,
    Include,
    RangeArgs,
    change_headers,
    include_header,
    ranged,
)
from beatkit.beattech.models import (
    Release,
    ReleaseGroup,
)
from beatkit.beattech.sync import release_group_body, writable_group_id
from beatkit.beattech.uploads import image_part
from beatkit.errors import ConfigurationError

__all__ = ["ReleaseGroups"]


class ReleaseGroups(BeatTechResource):
    """``bt.release_groups``: shelves of releases: ``list``, ``create``, ``get`` (by id or
    alias: ``purchased``, ``borrowed``, ``finished``, ``played``, ``wishlist``),
    ``update``, ``delete``, ``releases``, ``add_release``, ``remove_release``,
    ``reorder`` (deprecated) and ``upload_image``."""

    def list(
        self,
        *,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> Pager[ReleaseGroup]:
        """The release groups visible now (``GET /v2/releases/groups``; the path is
        inferred), Range-paged.

        Each group lists its releases' ids; ``include="group-releases"`` embeds the
        release objects instead.

        Args:
            include: Sub-objects to embed (``X-Include``): ``"group-releases"``...
            image_sizes: Group, cover and actor image sizes for this call, merged over
                the client's (``{"release_group": "w600"}``).
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the groups.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown include, a bad image size or page value.
        """
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._list(
            "release_groups.list",
            ReleaseGroup,
            headers=headers,
            **ranged("release_groups.list", "groups", pages),
        )

    def get(
        self,
        group_id_or_alias: str | int,
        *,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> ReleaseGroup:
        """Fetch a release group (``GET /v2/releases/groups/{group_id}``).

        A numeric id takes any token; an alias (``purchased``, ``borrowed``,
        ``finished``, ``played``, ``wishlist``) is the logged-in user's synthetic
        group and needs a user.

        Args:
            group_id_or_alias: A numeric id or a synthetic alias.
            include: Sub-objects to embed (``X-Include``): ``"group-releases"``...
            image_sizes: Group, cover and actor image sizes, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The group.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, an unknown include or a bad image size.
            beatkit.errors.ConfigurationError: An alias without a logged-in user.
            beatkit.errors.NotFoundError: No group has this id.
        """
        group_id = text_id("group_id_or_alias", group_id_or_alias)
        if group_id in SYNTHETIC_GROUPS and not self._context.tokens.logged_in:
            raise ConfigurationError(
                f"the release group alias {group_id!r} is the logged-in user's: "
                "log in first (bt.auth.login)"
            )
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._call(
            "release_groups.get",
            ReleaseGroup,
            path={"group_id": group_id},
            headers=headers,
            unwrap="group",
            options=options,
        )

    def releases(
        self,
        alias: Literal["purchased", "borrowed", "finished", "played", "wishlist"],
        *,
        release_ids: str | int | Iterable[str | int] | None = None,
        ids_only: bool = False,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> Pager[Release]:
        """The releases of one of the user's synthetic groups
        (``GET /v2/releases/groups/{alias}/releases``; the path is inferred), Range-paged.

        Args:
            alias: ``purchased``, ``borrowed``, ``finished``, ``played`` or ``wishlist``.
            release_ids: Only these releases (at most 1000; not with ``played``): e.g.
                to ask which of a page of releases the user bought.
            ids_only: Ask for ids only (``response_type=id``): each release then has
                only its ``id``.
            include: Sub-objects to embed (``X-Include``).
            image_sizes: Cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the releases.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown alias, ``release_ids`` with ``played``, more than
                1000 ids, or a bad page value.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        group = check_choice("alias", alias, SYNTHETIC_GROUPS)
        if release_ids is not None and group == "played":
            raise ValueError("release_ids is not supported with the 'played' group")
        if not isinstance(ids_only, bool):
            raise TypeError("ids_only must be a bool")
        params = {
            "release_ids": None
            if release_ids is None
            else text_ids("release_ids", release_ids, maximum=MAX_RELEASE_IDS),
            "response_type": "id" if ids_only else None,
        }
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._list(
            "release_groups.releases",
            Release,
            path={"group_id": group},
            headers=headers,
            unwrap=release_ref,
            **ranged("release_groups.releases", "releases", pages, params),
        )

    def reorder(
        self,
        groups: Sequence[str | int | Mapping[str, Any]],
        *,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> builtins.list[ReleaseGroup]:
        """Deprecated: reorder the global list of release groups (``PUT /v2/releases/groups``;
        the path is inferred). Needs a user with the editor role.

        The API deprecates it: the order of groups on a screen is a layout's
        (:meth:`~beatkit.beattech._sync.editorial.Layouts.update`).

        Args:
            groups: The groups in their new order: ids (sent as ``{"id": ...}``) or
                group mappings with an ``id``.
            include: Sub-objects to embed in the answer (``X-Include``).
            image_sizes: Image sizes of the answer, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The groups in their new order.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: No group, or an entry without an id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
        """
        warnings.warn(
            "release_groups.reorder is deprecated by the API: order groups with layouts",
            DeprecationWarning,
            stacklevel=2,
        )
        entries = id_entries("groups", groups)
        if not entries:
            raise ValueError("groups must name at least one group")
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._call(
            "release_groups.reorder",
            builtins.list[ReleaseGroup],
            json={"groups": entries},
            headers=headers,
            unwrap="groups",
            options=options,
        )

    def upload_image(
        self, group_id: str | int, image: Image, *, options: RequestOptions | None = None
    ) -> None:
        """Upload a release group's cover image (``POST /v2/releases/groups/{group_id}/image``,
        multipart field ``image``; the path is inferred). Needs a user with the editor role.

        Args:
            group_id: The group's id.
            image: The image file (JPEG or PNG), sent as the part's ``image/jpeg`` or
                ``image/png`` as its bytes say (not its name).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or an empty file.
            FileNotFoundError: Nothing at ``image`` (checked before sending).
            OSError: The file changed size while it was sent (still being written).
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No group has this id.
        """
        path = {"group_id": text_id("group_id", group_id)}
        with image_part(check_upload_path(image, "image", name="image")) as files:
            self._call(
                "release_groups.upload_image", None, path=path, files=files, options=options
            )

    def create(
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
        return self._call(
            "release_groups.create",
            ReleaseGroup,
            headers=change_headers(None, changed_at),
            json=body,
            unwrap="group",
            options=options,
        )

    def update(
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
        return self._call(
            "release_groups.update",
            ReleaseGroup,
            path={"group_id": writable_group_id(group_id)},
            headers=headers,
            json=body,
            unwrap="group",
            options=options,
        )

    def delete(
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
        self._call(
            "release_groups.delete",
            None,
            path={"group_id": text_id("group_id", group_id)},
            headers=change_headers(None, changed_at),
            options=options,
        )

    def add_release(
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
        self._call(
            "release_groups.add_release",
            None,
            path={"group_id": text_id("group_id", group_id)},
            json={"release_id": text_id("release_id", release_id)},
            options=options,
        )

    def remove_release(
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
        self._call(
            "release_groups.remove_release",
            None,
            path={
                "group_id": text_id("group_id", group_id),
                "release_id": text_id("release_id", release_id),
            },
            options=options,
        )
