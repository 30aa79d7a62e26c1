"""Editorial content: banners, banner groups, layouts and release groups.

Served so far: the reads of banners, banner groups and layouts (the editors' writes and
release groups come with their client resources).
"""

from __future__ import annotations

from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._http import fail, image_sizes, includes
from beatkit.testing.beattech._views import Views

__all__ = ["Editorial"]

_LINKED = {"release": "releases", "artist": "artists", "series": "series"}


class Editorial(Views):
    """``/banners``, ``/banners/groups`` and ``/layouts`` reads."""

    def _is_editor(self) -> bool:
        user = self.users.get(self.caller.user_id or "")
        return user is not None and "editor" in user["roles"]

    def _banner_view(self, request: httpx.Request, banner: Record) -> dict[str, Any]:
        keys = ("id", "title", "subtitle", "link_type", "link_value")
        view = {key: banner[key] for key in keys}
        sizes = image_sizes(request, "X-Banner-Image-Sizes")
        if sizes is not None:
            view["image"] = self._image("banners", banner["id"], sizes)
        return view

    def _links_somewhere(self, banner: Record) -> bool:
        table = _LINKED.get(banner["link_type"])
        return table is None or banner["link_value"] in getattr(self.catalog, table)

    def _group_view(self, request: httpx.Request, group: Record) -> dict[str, Any]:
        view = {key: group[key] for key in ("id", "name", "visible", "position")}
        ids = group["banner_ids"]
        if "group-banners" in includes(request):
            banners = self.catalog.banners
            view["banners"] = [self._banner_view(request, banners[i]) for i in ids]
        else:
            view["banners"] = list(ids)
        return view

    # -- banners -------------------------------------------------------------------------

    def on_banners_list(self, request: httpx.Request) -> httpx.Response:
        raw = request.url.params.get("filter_empty", "true").lower()
        if raw not in ("true", "false", "1", "0"):
            raise fail(400, "validation_error", "filter_empty: must be true or false",
                       {"parameter": "filter_empty"})  # fmt: skip
        keep_all = raw in ("false", "0")
        banners = [
            self._banner_view(request, banner) for banner in self.catalog.banners.values()
            if keep_all or self._links_somewhere(banner)
        ]  # fmt: skip
        return self._page(request, "banners.list", banners, "banners")

    def on_banners_get(self, request: httpx.Request, banner_id: str) -> httpx.Response:
        banner = self.catalog.banners.get(banner_id)
        if banner is None:
            raise fail(404, "error_not_found", f"Banner {banner_id} was not found.")
        return self.json_response({"banner": self._banner_view(request, banner)})

    def on_banner_groups_list(self, request: httpx.Request) -> httpx.Response:
        raw = request.url.params.get("group_ids")
        wanted = None if raw is None else {part.strip() for part in raw.split(",")}
        groups = [
            self._group_view(request, group) for group in self.catalog.banner_groups.values()
            if (group["visible"] or self._is_editor())
            and (wanted is None or group["id"] in wanted)
        ]  # fmt: skip
        return self._page(request, "banner_groups.list", groups, "groups")

    def on_banner_groups_get(self, request: httpx.Request, group_id: str) -> httpx.Response:
        group = self.catalog.banner_groups.get(group_id)
        if group is None:
            raise fail(404, "error_not_found", f"Banner group {group_id} was not found.")
        if not group["visible"] and not self._is_editor():
            raise fail(403, "access_denied", f"Banner group {group_id} is not visible.")
        return self.json_response({"group": self._group_view(request, group)})

    # -- layouts -------------------------------------------------------------------------

    @staticmethod
    def _layout_view(layout: Record) -> dict[str, Any]:
        return {key: layout[key] for key in ("id", "alias", "name", "sections")}

    def on_layouts_list(self, request: httpx.Request) -> httpx.Response:
        layouts = [self._layout_view(layout) for layout in self.catalog.layouts.values()]
        return self._page(request, "layouts.list", layouts, "layouts")

    def on_layouts_get(self, request: httpx.Request, layout_id: str) -> httpx.Response:
        layout = self.catalog.layouts.get(layout_id) or next(
            (item for item in self.catalog.layouts.values() if item["alias"] == layout_id), None
        )
        if layout is None:
            raise fail(404, "error_not_found", f"Layout {layout_id} was not found.")
        return self.json_response({"layout": self._layout_view(layout)})
