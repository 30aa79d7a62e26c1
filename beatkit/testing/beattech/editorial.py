"""Editorial content: banners, banner groups and layouts (reads for any token, writes
for editors). Release groups, editorial and personal, are in :mod:`.release_groups`.
"""

from __future__ import annotations

from typing import Any

import httpx

from beatkit.beattech.editing import SYNTHETIC_GROUPS
from beatkit.testing._crud import Record
from beatkit.testing._wire import read_json as parse_json
from beatkit.testing.beattech._http import (
    Fields,
    entry_ids,
    fail,
    found,
    includes,
    invalid,
    objects,
)
from beatkit.testing.beattech._http import json_body as read_json
from beatkit.testing.beattech._views import Views

__all__ = ["BANNER_LINK_TYPES", "Editorial"]

_LINKED = {
    "release": "releases", "artist": "artists", "series": "series",
    "banner-group": "banner_groups",
}  # fmt: skip
# Links to a release group: a numeric group, or a user's synthetic one (always there).
_GROUP_LINKS = ("release-group", "paginated-release-group")

BANNER_LINK_TYPES = (
    "release", "artist", "banner-group", "release-group", "series", "url",
    "paginated-release-group",
)  # fmt: skip
"""What a new banner may link to (the page's create operation)."""
_UPDATE_LINK_TYPES = BANNER_LINK_TYPES[:-1]  # the page's update enum lacks the last one
_CONDITION_KEYS = ("region", "product_id", "profile_type")
_GROUP_FIELDS = ("name", "visible", "position", "source_link_type", "source_link_value",
                 "source_link_filter")  # fmt: skip


def _next_id(table: dict[str, Record], floor: int) -> str:
    """One more than the largest numeric id of ``table`` (at least ``floor``)."""
    return str(max((int(key) for key in table if key.isdigit()), default=floor - 1) + 1)


def _text_or_null(fields: Fields, name: str) -> str | None:
    """A field that may be text (blank allowed) or ``null``."""
    return fields.string(name, "must be a string or null")


def _json_text(fields: Fields, name: str) -> str | None:
    """A JSON-encoded string (``source_link_filter``)."""
    value = _text_or_null(fields, name)
    if value is not None:
        try:
            parse_json(value)
        except ValueError:
            raise fields.invalid(name, "must be a JSON-encoded string") from None
    return value


class Editorial(Views):
    """``/banners``, ``/banners/groups`` and ``/layouts``."""

    def _banner_view(self, request: httpx.Request, banner: Record) -> dict[str, Any]:
        keys = ("id", "title", "subtitle", "link_type", "link_value")
        view = {key: banner[key] for key in keys}
        header, upload = "X-Banner-Image-Sizes", banner.get("image")
        return self._imaged(view, request, header, "banners", banner["id"], upload=upload)

    def _links_somewhere(self, banner: Record) -> bool:
        """Whether the entity a banner links to exists (a URL always does)."""
        value = banner["link_value"]
        if banner["link_type"] in _GROUP_LINKS:
            return value in self.release_groups or value in SYNTHETIC_GROUPS
        table = _LINKED.get(banner["link_type"])
        return table is None or value in getattr(self.catalog, table)

    def _group_view(self, request: httpx.Request, group: Record) -> dict[str, Any]:
        view = {key: group.get(key) for key in ("id", *_GROUP_FIELDS)}
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
            raise invalid("filter_empty", "must be true or false")
        keep_all = raw in ("false", "0")
        banners = [
            self._banner_view(request, banner) for banner in self.catalog.banners.values()
            if keep_all or self._links_somewhere(banner)
        ]  # fmt: skip
        return self._page(request, banners, "banners")

    def on_banners_get(self, request: httpx.Request, banner_id: str) -> httpx.Response:
        banner = self._banner(banner_id)
        return self.json_response({"banner": self._banner_view(request, banner)})

    def on_banners_create(self, request: httpx.Request) -> dict[str, Any]:
        fields = Fields(read_json(request), ("link_type", "link_value"))
        link_type = fields.required_text("link_type", choices=BANNER_LINK_TYPES)
        banner: Record = {
            "id": _next_id(self.catalog.banners, 401), "title": None, "subtitle": None,
            "link_type": link_type, "link_value": fields.required_text("link_value"),
            "image": None,
        }  # fmt: skip
        self.catalog.banners[banner["id"]] = banner
        return {"banner": self._banner_view(request, banner)}

    def on_banners_update(self, request: httpx.Request, banner_id: str) -> dict[str, Any]:
        banner = self._banner(banner_id)
        fields = Fields(read_json(request), ("link_type", "link_value", "title", "subtitle"))
        if not fields.data:
            raise fail(400, "validation_error", "Nothing to update.")
        if ("link_type" in fields.data) != ("link_value" in fields.data):
            raise fields.invalid("link_type", "link_type and link_value change together")
        changes: Record = {}
        if "link_type" in fields.data:
            changes["link_type"] = fields.required_text("link_type", choices=_UPDATE_LINK_TYPES)
            changes["link_value"] = fields.required_text("link_value")
        for name in ("title", "subtitle"):
            if name in fields.data:
                changes[name] = _text_or_null(fields, name) or None
        banner.update(changes)
        return {"banner": self._banner_view(request, banner)}

    def on_banners_upload_image(self, request: httpx.Request, banner_id: str) -> dict[str, Any]:
        return self._store_upload(request, "banners", self._banner(banner_id))

    # -- banner groups -------------------------------------------------------------------

    def on_banner_groups_list(self, request: httpx.Request) -> httpx.Response:
        raw = request.url.params.get("group_ids")
        wanted = None if raw is None else {part.strip() for part in raw.split(",")}
        groups = [
            self._group_view(request, group) for group in self.catalog.banner_groups.values()
            if (group["visible"] or self._is_editor())
            and (wanted is None or group["id"] in wanted)
        ]  # fmt: skip
        return self._page(request, groups, "groups")

    def on_banner_groups_get(self, request: httpx.Request, group_id: str) -> httpx.Response:
        group = self._visible_banner_group(group_id)
        return self.json_response({"group": self._group_view(request, group)})

    def on_banner_groups_create(self, request: httpx.Request) -> dict[str, Any]:
        fields = Fields(read_json(request), _GROUP_FIELDS)
        group: Record = {
            "id": _next_id(self.catalog.banner_groups, 501),
            "name": fields.required_text("name"), "visible": fields.required_flag("visible"),
            "position": fields.required_integer("position"),
            "source_link_type": fields.text("source_link_type"),
            "source_link_value": fields.text("source_link_value"),
            "source_link_filter": _json_text(fields, "source_link_filter"), "banner_ids": [],
        }  # fmt: skip
        self.catalog.banner_groups[group["id"]] = group
        return {"group": self._group_view(request, group)}

    def on_banner_groups_update(self, request: httpx.Request, group_id: str) -> dict[str, Any]:
        group = found(self.catalog.banner_groups, group_id, "Banner group")
        # A create's fields but position (the page's update has none), and the banners.
        fields = Fields(read_json(request), {*_GROUP_FIELDS, "banners"} - {"position"})
        if not fields.data:
            raise fail(400, "validation_error", "At least one field is required.")
        changes: Record = {}
        if "name" in fields.data:
            changes["name"] = fields.required_text("name")
        if "visible" in fields.data:
            changes["visible"] = fields.required_flag("visible")
        for name in ("source_link_type", "source_link_value"):
            if name in fields.data:
                changes[name] = _text_or_null(fields, name) or None
        if "source_link_filter" in fields.data:
            changes["source_link_filter"] = _json_text(fields, "source_link_filter")
        if "banners" in fields.data:
            ids = entry_ids(fields, "banners")
            for index, banner_id in enumerate(ids):
                if banner_id not in self.catalog.banners:
                    raise fields.invalid(f"banners[{index}].id", f"no banner {banner_id}")
            changes["banner_ids"] = ids
        group.update(changes)
        return {"group": self._group_view(request, group)}

    # -- layouts -------------------------------------------------------------------------

    @staticmethod
    def _layout_view(layout: Record) -> dict[str, Any]:
        return {key: layout[key] for key in ("id", "alias", "name", "sections")}

    def _layout(self, layout_id: str) -> Record:
        """A layout by numeric id (writes and conditions take no alias)."""
        return found(self.catalog.layouts, layout_id, "Layout")

    def on_layouts_list(self, request: httpx.Request) -> httpx.Response:
        layouts = [self._layout_view(layout) for layout in self.catalog.layouts.values()]
        return self._page(request, layouts, "layouts")

    def on_layouts_get(self, request: httpx.Request, layout_id: str) -> httpx.Response:
        layout = self.catalog.layouts.get(layout_id) or next(
            (item for item in self.catalog.layouts.values() if item["alias"] == layout_id), None
        )
        if layout is None:
            raise fail(404, "error_not_found", f"Layout {layout_id} was not found.")
        return self.json_response({"layout": self._layout_view(layout)})

    def on_layouts_update(self, request: httpx.Request, layout_id: str) -> dict[str, Any]:
        layout = self._layout(layout_id)
        deprecated = ("product_id", "region", "profile_type")
        fields = Fields(read_json(request), ("name", "sections", *deprecated))
        if not fields.data:
            raise fail(400, "validation_error", "Nothing to update.")
        changes: Record = {}
        if "name" in fields.data:
            changes["name"] = fields.required_text("name")
        if "sections" in fields.data:
            changes["sections"] = [dict(section) for section in objects(fields, "sections")]
        for name in deprecated:
            if name in fields.data:
                changes[name] = _text_or_null(fields, name)
        layout.update(changes)
        return {"layout": self._layout_view(layout)}

    def on_layouts_conditions(self, request: httpx.Request, layout_id: str) -> dict[str, Any]:
        return {"conditions": list(self._layout(layout_id)["conditions"])}

    def on_layouts_replace_conditions(
        self, request: httpx.Request, layout_id: str
    ) -> dict[str, Any]:
        layout = self._layout(layout_id)
        fields = Fields(read_json(request), ("conditions",))
        next_id = 1 + max(
            (int(c["id"]) for item in self.catalog.layouts.values() for c in item["conditions"]),
            default=0,
        )
        conditions = []
        for index, raw in enumerate(objects(fields, "conditions")):
            entry = Fields(raw, ("id", *_CONDITION_KEYS), prefix=f"conditions[{index}].")
            condition: dict[str, str | None] = {"id": str(next_id + index)}
            condition.update({key: _text_or_null(entry, key) for key in _CONDITION_KEYS})
            if not any(condition[key] for key in _CONDITION_KEYS):
                raise entry.invalid("region", "a condition names a region, product or profile")
            conditions.append(condition)
        layout["conditions"] = conditions
        return {"conditions": list(conditions)}
