"""Editorial content: banners, banner groups and layouts (release groups have a module
of their own)."""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import fields, optional_bool, optional_choice, optional_text
from beatkit._core.uploads import check_upload_path
from beatkit._core.validate import check_choice, check_int, check_text
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech.context import text_id, text_ids
from beatkit.beattech.editing import (
    BANNER_LINK_TYPES,
    Image,
    LinkType,
    filter_text,
    id_entries,
    json_objects,
    numeric_id,
    require_changes,
)
from beatkit.beattech.headers import (
    ImageSizes,
    Include,
    RangeArgs,
    every_window,
    include_header,
    ranged,
)
from beatkit.beattech.identifiers import optional_id
from beatkit.beattech.models import (
    Banner,
    BannerGroup,
    Layout,
    LayoutCondition,
)
from beatkit.beattech.uploads import image_part

__all__ = ["AsyncBannerGroups", "AsyncBanners", "AsyncLayouts"]


class AsyncBanners(AsyncBeatTechResource):
    """``bt.banners``: ``list``, ``create``, ``get``, ``update`` and ``upload_image``
    (writes need an editor)."""

    def list(
        self,
        *,
        filter_empty: bool | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Banner]:
        """The banners available to this client (``GET /v2/banners``; the path is
        inferred), Range-paged.

        Args:
            filter_empty: ``False`` also lists banners whose target no longer exists;
                the server's default (``True``) hides them.
            include: Sub-objects to embed (``X-Include``).
            image_sizes: Banner, cover, artist and actor image sizes for this call,
                merged over the client's (``{"banner": "w1200"}``).
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the banners.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown include, a bad image size or page value.
        """
        params = {"filter_empty": optional_bool("filter_empty", filter_empty)}
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._list(
            "banners.list",
            Banner,
            headers=headers,
            **ranged("banners.list", "banners", pages, params),
        )

    async def create(
        self,
        link_type: LinkType,
        link_value: str | int,
        *,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Banner:
        """Create a banner linking to something (``POST /v2/banners``; the path is
        inferred). Needs a user with the editor role.

        Args:
            link_type: What it links to: ``release``, ``artist``, ``banner-group``,
                ``release-group``, ``series``, ``url`` or ``paginated-release-group``.
            link_value: The target's id, or the URL.
            image_sizes: Image sizes of the answer, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The new banner.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown link type, or a blank value.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
        """
        body = {
            "link_type": check_choice("link_type", link_type, BANNER_LINK_TYPES),
            "link_value": text_id("link_value", link_value),
        }
        return await self._call(
            "banners.create",
            Banner,
            json=body,
            headers=self._context.image_headers(image_sizes),
            unwrap="banner",
            options=options,
        )

    async def get(
        self,
        banner_id: str | int,
        *,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Banner:
        """Fetch one banner: its link target, title, subtitle and images
        (``GET /v2/banners/{banner_id}``; the path is inferred).

        Args:
            banner_id: The banner's id.
            include: Sub-objects to embed (``X-Include``).
            image_sizes: Image sizes for this call, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The banner.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, an unknown include or a bad image size.
            beatkit.errors.NotFoundError: No banner has this id.
        """
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return await self._call(
            "banners.get",
            Banner,
            path={"banner_id": text_id("banner_id", banner_id)},
            headers=headers,
            unwrap="banner",
            options=options,
        )

    async def update(
        self,
        banner_id: str | int,
        *,
        link_type: LinkType | None = None,
        link_value: str | int | None = None,
        title: str | None = None,
        subtitle: str | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Banner:
        """Change a banner (``PATCH /v2/banners/{banner_id}``; the path is inferred).
        Needs a user with the editor role.

        Args:
            banner_id: The banner's id.
            link_type: A new link type; given together with ``link_value``.
            link_value: A new link target; given together with ``link_type``.
            title: A new title (``""`` clears it).
            subtitle: A new subtitle (``""`` clears it).
            image_sizes: Image sizes of the answer, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The banner as changed.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Nothing to change, only one of ``link_type`` and
                ``link_value``, an unknown link type or a blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No banner has this id.
        """
        if (link_type is None) != (link_value is None):
            raise ValueError("link_type and link_value change together: give both or neither")
        body = fields(
            link_type=optional_choice("link_type", link_type, BANNER_LINK_TYPES),
            link_value=optional_id("link_value", link_value),
            title=optional_text("title", title, allow_blank=True),
            subtitle=optional_text("subtitle", subtitle, allow_blank=True),
        )
        require_changes(body, "banners.update")
        return await self._call(
            "banners.update",
            Banner,
            path={"banner_id": text_id("banner_id", banner_id)},
            json=body,
            headers=self._context.image_headers(image_sizes),
            unwrap="banner",
            options=options,
        )

    async def upload_image(
        self, banner_id: str | int, image: Image, *, options: RequestOptions | None = None
    ) -> None:
        """Upload a banner's image (``POST /v2/banners/{banner_id}/image``, multipart
        field ``image``; the path is inferred). Needs a user with the editor role.

        Args:
            banner_id: The banner's id.
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
            beatkit.errors.NotFoundError: No banner has this id.
        """
        path = {"banner_id": text_id("banner_id", banner_id)}
        with image_part(check_upload_path(image, "image", name="image")) as files:
            await self._call("banners.upload_image", None, path=path, files=files, options=options)


class AsyncBannerGroups(AsyncBeatTechResource):
    """``bt.banner_groups``: ``list``, ``create``, ``get`` and ``update`` groups of banners."""

    def list(
        self,
        *,
        group_ids: str | int | Iterable[str | int] | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[BannerGroup]:
        """The banner groups visible to the caller (``GET /v2/banners/groups``; the
        path is inferred), Range-paged.

        Each group lists its banners' ids; ``include="group-banners"`` embeds the
        banner objects instead.

        Args:
            group_ids: Only these groups.
            include: Sub-objects to embed (``X-Include``): ``"group-banners"``...
            image_sizes: Image sizes for this call, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the groups.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, an unknown include, a bad image size or page value.
        """
        params = {"group_ids": None if group_ids is None else text_ids("group_ids", group_ids)}
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._list(
            "banner_groups.list",
            BannerGroup,
            headers=headers,
            **ranged("banner_groups.list", "groups", pages, params),
        )

    async def create(
        self,
        name: str,
        *,
        visible: bool,
        position: int,
        source_link_type: str | None = None,
        source_link_value: str | int | None = None,
        source_link_filter: str | Mapping[str, Any] | builtins.list[Any] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> BannerGroup:
        """Create a banner group (``POST /v2/banners/groups``; the path is inferred).
        Needs a user with the editor role.

        Args:
            name: The group's name.
            visible: Whether users other than editors may see it.
            position: Its place among the groups (0 first).
            source_link_type: Where its banners come from, if the catalogue fills it.
            source_link_value: The source's id or value.
            source_link_filter: The catalogue-service filter: JSON text, or a mapping
                or list that beatkit encodes.
            image_sizes: Image sizes of the answer, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The new group.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank name, a negative position, or a filter that is not JSON.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
        """
        visible_flag = optional_bool("visible", visible)
        if visible_flag is None:
            raise TypeError("visible must be a bool")
        body = fields(
            name=check_text("name", name),
            visible=visible_flag,
            position=check_int("position", position, minimum=0),
            source_link_type=optional_text("source_link_type", source_link_type),
            source_link_value=optional_id("source_link_value", source_link_value),
            source_link_filter=filter_text(source_link_filter),
        )
        return await self._call(
            "banner_groups.create",
            BannerGroup,
            json=body,
            headers=self._context.image_headers(image_sizes),
            unwrap="group",
            options=options,
        )

    async def get(
        self,
        group_id: str | int,
        *,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> BannerGroup:
        """Fetch one banner group with its banners (``GET /v2/banners/groups/{group_id}``).

        A group that is not visible is refused (403) to everyone but editors.

        Args:
            group_id: The group's id.
            include: Sub-objects to embed (``X-Include``): ``"group-banners"``...
            image_sizes: Image sizes for this call, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The group.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, an unknown include or a bad image size.
            beatkit.errors.PermissionDeniedError: The group is hidden and the caller
                is not an editor.
            beatkit.errors.NotFoundError: No group has this id.
        """
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return await self._call(
            "banner_groups.get",
            BannerGroup,
            path={"group_id": text_id("group_id", group_id)},
            headers=headers,
            unwrap="group",
            options=options,
        )

    async def update(
        self,
        group_id: str | int,
        *,
        name: str | None = None,
        visible: bool | None = None,
        source_link_type: str | None = None,
        source_link_value: str | int | None = None,
        source_link_filter: str | Mapping[str, Any] | builtins.list[Any] | None = None,
        banners: Sequence[str | int | Mapping[str, Any]] | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> BannerGroup:
        """Change a banner group (``PATCH /v2/banners/groups/{group_id}``; the path is
        inferred). Needs a user with the editor role.

        Args:
            group_id: The group's id.
            name: A new name.
            visible: Show or hide it.
            source_link_type: A new source type.
            source_link_value: A new source id or value.
            source_link_filter: A new catalogue filter (JSON text, a mapping or a list).
            banners: The group's banners, in order, replacing the current ones: banner
                ids (sent as ``{"id": ...}`` entries) or entry mappings with an ``id``.
                An empty sequence empties the group.
            include: Sub-objects to embed in the answer (``X-Include``).
            image_sizes: Image sizes of the answer, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The group as changed.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Nothing to change, a blank value, or a filter that is not JSON.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No group has this id.
        """
        body = fields(
            name=optional_text("name", name),
            visible=optional_bool("visible", visible),
            source_link_type=optional_text("source_link_type", source_link_type),
            source_link_value=optional_id("source_link_value", source_link_value),
            source_link_filter=filter_text(source_link_filter),
            banners=None if banners is None else id_entries("banners", banners),
        )
        require_changes(body, "banner_groups.update")
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return await self._call(
            "banner_groups.update",
            BannerGroup,
            path={"group_id": text_id("group_id", group_id)},
            json=body,
            headers=headers,
            unwrap="group",
            options=options,
        )


class AsyncLayouts(AsyncBeatTechResource):
    """``bt.layouts``: ``list``, ``get`` (by id or alias: ``home``, ``podcasts``),
    ``update``, ``conditions`` and ``replace_conditions``."""

    def list(self, **pages: Unpack[RangeArgs]) -> AsyncPager[Layout]:
        """Every layout available to the user (``GET /v2/layouts``; the path is
        inferred), Range-paged in ``items``.

        Args:
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the layouts.

        Raises:
            TypeError: A page value is not an int, or an unknown keyword.
            ValueError: A page value out of range.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list("layouts.list", Layout, **ranged("layouts.list", "layouts", pages))

    async def get(
        self, layout_id_or_alias: str | int, *, options: RequestOptions | None = None
    ) -> Layout:
        """Fetch a layout by numeric id or alias (``GET /v2/layouts/{id}``).

        A logged-in user may get a layout personalised for them.

        Args:
            layout_id_or_alias: A numeric id, or an alias such as ``"home"`` or
                ``"podcasts"``.
            options: Per-call timeout, retries or headers.

        Returns:
            The layout with its sections.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.NotFoundError: No layout has this id or alias.
        """
        return await self._call(
            "layouts.get",
            Layout,
            path={"id": text_id("layout_id_or_alias", layout_id_or_alias)},
            unwrap="layout",
            options=options,
        )

    async def update(
        self,
        layout_id: str | int,
        *,
        name: str | None = None,
        sections: Sequence[Mapping[str, Any]] | None = None,
        product_id: str | int | None = None,
        region: str | None = None,
        profile_type: str | None = None,
        options: RequestOptions | None = None,
    ) -> Layout:
        """Rename a layout or replace its sections (``PATCH /v2/layouts/{id}``; the path
        is inferred). Needs a user with the editor role.

        ``product_id``, ``region`` and ``profile_type`` are deprecated by the API (use
        :meth:`replace_conditions`) and warn.

        Args:
            layout_id: The layout's numeric id (not an alias).
            name: A new name.
            sections: Every section of the layout, in order (replaces them all).
            product_id: Deprecated: the product the layout is for.
            region: Deprecated: the region the layout is for.
            profile_type: Deprecated: the profile type the layout is for.
            options: Per-call timeout, retries or headers.

        Returns:
            The layout as changed.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Nothing to change, or an id that is not numeric.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No layout has this id.
        """
        deprecated = {"product_id": product_id, "region": region, "profile_type": profile_type}
        used = [key for key, value in deprecated.items() if value is not None]
        if used:
            warnings.warn(
                f"layouts.update: {', '.join(used)} are deprecated by the API; "
                "use layouts.replace_conditions",
                DeprecationWarning,
                stacklevel=2,
            )
        body = fields(
            name=optional_text("name", name),
            sections=None if sections is None else json_objects("sections", sections),
            product_id=optional_id("product_id", product_id),
            region=optional_text("region", region),
            profile_type=optional_text("profile_type", profile_type),
        )
        require_changes(body, "layouts.update")
        return await self._call(
            "layouts.update",
            Layout,
            path={"id": numeric_id("layout_id", layout_id)},
            json=body,
            unwrap="layout",
            options=options,
        )

    async def conditions(
        self, layout_id: str | int, *, options: RequestOptions | None = None
    ) -> builtins.list[LayoutCondition]:
        """The conditions deciding who is served a layout (``GET /v2/layouts/{id}/conditions``;
        the path is inferred).

        Args:
            layout_id: The layout's numeric id.
            options: Per-call timeout, retries or headers.

        Returns:
            The conditions, from every window of the list when the server pages it
            (as the page's rule for every list has it, L70-76).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An id that is not numeric.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: No layout has this id.
        """
        conditions = self._list(
            "layouts.conditions",
            LayoutCondition,
            path={"id": numeric_id("layout_id", layout_id)},
            **every_window("conditions", options),
        )
        return [condition async for condition in conditions]

    async def replace_conditions(
        self,
        layout_id: str | int,
        conditions: Sequence[Mapping[str, Any]],
        *,
        options: RequestOptions | None = None,
    ) -> builtins.list[LayoutCondition]:
        """Replace every condition of a layout (``PUT /v2/layouts/{id}/conditions``; the
        path is inferred). Needs a user with the editor role.

        Args:
            layout_id: The layout's numeric id.
            conditions: The full new list (``[{"region": "NO"}]``); empty removes them all.
            options: Per-call timeout, retries or headers.

        Returns:
            The layout's conditions as stored.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An id that is not numeric.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No layout has this id.
        """
        return await self._call(
            "layouts.replace_conditions",
            builtins.list[LayoutCondition],
            path={"id": numeric_id("layout_id", layout_id)},
            json={"conditions": json_objects("conditions", conditions)},
            unwrap="conditions",
            options=options,
        )
