"""Editorial content: banners, banner groups, layouts and release groups.

Served: banners, banner groups and layouts (reads for any token, writes for editors),
and every release-group operation (reads, the users' writes, the synthetic groups).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._http import (
    Fields,
    fail,
    image_sizes,
    image_upload,
    includes,
    json_body,
)
from beatkit.testing.beattech._http import json_body as read_json
from beatkit.testing.beattech._views import Views

__all__ = ["BANNER_LINK_TYPES", "SYNTHETIC_GROUPS", "Editorial"]

_LINKED = {"release": "releases", "artist": "artists", "series": "series"}
_GROUP_ALIASES = ("purchased", "borrowed", "finished", "played", "wishlist")
_FIRST_GROUP_ID = 123  # the page's batch example creates groups "123" and "124"

BANNER_LINK_TYPES = (
    "release", "artist", "banner-group", "release-group", "series", "url",
    "paginated-release-group",
)  # fmt: skip
"""What a new banner may link to (the page's create operation)."""
_UPDATE_LINK_TYPES = BANNER_LINK_TYPES[:-1]  # the page's update enum lacks the last one
SYNTHETIC_GROUPS = ("purchased", "borrowed", "finished", "played", "wishlist")
"""The aliases of a user's synthetic release groups."""
_MAX_RELEASE_IDS = 1000
_CONDITION_KEYS = ("region", "product_id", "profile_type")


def _next_id(table: dict[str, Record], floor: int) -> str:
    """One more than the largest numeric id of ``table`` (at least ``floor``)."""
    return str(max((int(key) for key in table if key.isdigit()), default=floor - 1) + 1)


def _text_or_null(fields: Fields, name: str) -> str | None:
    """A field that may be text (blank allowed) or ``null``."""
    value = fields.data.get(name)
    if value is not None and not isinstance(value, str):
        raise fields.invalid(name, "must be a string or null")
    return value


def _required_flag(fields: Fields, name: str) -> bool:
    if fields.data.get(name) is None:
        raise fields.invalid(name, "is required")
    return fields.flag(name, False)


def _json_text(fields: Fields, name: str) -> str | None:
    """A JSON-encoded string (``source_link_filter``)."""
    value = _text_or_null(fields, name)
    if value is not None:
        try:
            json.loads(value)
        except ValueError:
            raise fields.invalid(name, "must be a JSON-encoded string") from None
    return value


def _objects(fields: Fields, name: str) -> list[dict[str, Any]]:
    value = fields.data.get(name)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise fields.invalid(name, "must be an array of objects")
    return value


def _entry_ids(fields: Fields, name: str) -> list[str]:
    """The ``id`` of each object of an array (banner or group entries), without repeats."""
    ids: list[str] = []
    for index, entry in enumerate(_objects(fields, name)):
        raw = entry.get("id")
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str) or not raw.strip():
            raise fields.invalid(f"{name}[{index}].id", "is required")
        if raw in ids:
            raise fields.invalid(f"{name}[{index}].id", "is listed twice")
        ids.append(raw)
    return ids


class Editorial(Views):
    """``/banners``, ``/banners/groups``, ``/layouts`` and ``/releases/groups``."""

    def _is_editor(self) -> bool:
        user = self.users.get(self.caller.user_id or "")
        return user is not None and "editor" in user["roles"]

    def _uploaded(
        self, kind: str, record: Record, sizes: list[str] | None
    ) -> dict[str, str] | None:
        """Image URLs for ``sizes``; an uploaded image versions them by its digest."""
        if sizes is None:
            return None
        urls = self._image(kind, record["id"], sizes)
        upload = record.get("image")
        if upload is not None:
            urls = {size: f"{url}?v={upload['sha256'][:12]}" for size, url in urls.items()}
        return urls

    def _banner_view(self, request: httpx.Request, banner: Record) -> dict[str, Any]:
        keys = ("id", "title", "subtitle", "link_type", "link_value")
        view = {key: banner[key] for key in keys}
        image = self._uploaded("banners", banner, image_sizes(request, "X-Banner-Image-Sizes"))
        if image is not None:
            view["image"] = image
        return view

    def _links_somewhere(self, banner: Record) -> bool:
        table = _LINKED.get(banner["link_type"])
        return table is None or banner["link_value"] in getattr(self.catalog, table)

    def _group_view(self, request: httpx.Request, group: Record) -> dict[str, Any]:
        keys = ("id", "name", "visible", "position", "source_link_type", "source_link_value",
                "source_link_filter")  # fmt: skip
        view = {key: group.get(key) for key in keys}
        ids = group["banner_ids"]
        if "group-banners" in includes(request):
            banners = self.catalog.banners
            view["banners"] = [self._banner_view(request, banners[i]) for i in ids]
        else:
            view["banners"] = list(ids)
        return view

    def _banner(self, banner_id: str) -> Record:
        banner = self.catalog.banners.get(banner_id)
        if banner is None:
            raise fail(404, "error_not_found", f"Banner {banner_id} was not found.")
        return banner

    def _banner_group(self, group_id: str) -> Record:
        group = self.catalog.banner_groups.get(group_id)
        if group is None:
            raise fail(404, "error_not_found", f"Banner group {group_id} was not found.")
        return group

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
        banner = self._banner(banner_id)
        banner["image"] = image_upload(request)
        return {}

    # -- banner groups -------------------------------------------------------------------

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
        group = self._banner_group(group_id)
        if not group["visible"] and not self._is_editor():
            raise fail(403, "access_denied", f"Banner group {group_id} is not visible.")
        return self.json_response({"group": self._group_view(request, group)})

    def on_banner_groups_create(self, request: httpx.Request) -> dict[str, Any]:
        allowed = ("name", "visible", "position", "source_link_type", "source_link_value",
                   "source_link_filter")  # fmt: skip
        fields = Fields(read_json(request), allowed)
        group: Record = {
            "id": _next_id(self.catalog.banner_groups, 501),
            "name": fields.required_text("name"), "visible": _required_flag(fields, "visible"),
            "position": fields.required_integer("position"),
            "source_link_type": fields.text("source_link_type"),
            "source_link_value": fields.text("source_link_value"),
            "source_link_filter": _json_text(fields, "source_link_filter"), "banner_ids": [],
        }  # fmt: skip
        self.catalog.banner_groups[group["id"]] = group
        return {"group": self._group_view(request, group)}

    def on_banner_groups_update(self, request: httpx.Request, group_id: str) -> dict[str, Any]:
        group = self._banner_group(group_id)
        fields = Fields(read_json(request), ("name", "visible", "source_link_type",
                                             "source_link_value", "source_link_filter",
                                             "banners"))  # fmt: skip
        if not fields.data:
            raise fail(400, "validation_error", "At least one field is required.")
        changes: Record = {}
        if "name" in fields.data:
            changes["name"] = fields.required_text("name")
        if "visible" in fields.data:
            changes["visible"] = _required_flag(fields, "visible")
        for name in ("source_link_type", "source_link_value"):
            if name in fields.data:
                changes[name] = _text_or_null(fields, name) or None
        if "source_link_filter" in fields.data:
            changes["source_link_filter"] = _json_text(fields, "source_link_filter")
        if "banners" in fields.data:
            ids = _entry_ids(fields, "banners")
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
        layout = self.catalog.layouts.get(layout_id)
        if layout is None:
            raise fail(404, "error_not_found", f"Layout {layout_id} was not found.")
        return layout

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
            changes["sections"] = [dict(section) for section in _objects(fields, "sections")]
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
        for index, raw in enumerate(_objects(fields, "conditions")):
            entry = Fields(raw, ("id", *_CONDITION_KEYS), prefix=f"conditions[{index}].")
            condition: dict[str, str | None] = {"id": str(next_id + index)}
            condition.update({key: _text_or_null(entry, key) for key in _CONDITION_KEYS})
            if not any(condition[key] for key in _CONDITION_KEYS):
                raise entry.invalid("region", "a condition names a region, product or profile")
            conditions.append(condition)
        layout["conditions"] = conditions
        return {"conditions": list(conditions)}

    # -- release groups ------------------------------------------------------------------

    def _release_ids_view(self, request: httpx.Request, ids: list[str]) -> list[Any]:
        known = [self.catalog.releases[i] for i in ids if i in self.catalog.releases]
        if "group-releases" in includes(request):
            return [self.release_view(request, release) for release in known]
        return [release["id"] for release in known]

    def _release_group_view(self, request: httpx.Request, group: Record) -> dict[str, Any]:
        keys = ("id", "name", "description", "visible", "position")
        view = {key: group.get(key) for key in keys}
        view["releases"] = self._release_ids_view(request, group["release_ids"])
        sizes = image_sizes(request, "X-Release-Group-Image-Sizes")
        image = self._uploaded("release-groups", group, sizes)
        if image is not None:
            view["image"] = image
        return view

    def _release_group(self, group_id: str) -> Record:
        group = self.catalog.release_groups.get(group_id)
        if group is None:
            raise fail(404, "error_not_found", f"Release group {group_id} was not found.")
        return group

    def _may_see(self, group: Record) -> bool:
        own = group["owner"] is not None and group["owner"] == self.caller.user_id
        return bool(group["visible"]) or own or self._is_editor()

    def shelf(self, user_id: str, alias: str) -> list[str]:
        """The stored release ids of a user's synthetic group (newest first), to change
        in place: e.g. ``fake.shelf(fake.user_id, "purchased").insert(0, "1001")`` as a
        purchase would.

        Args:
            user_id: The user.
            alias: ``purchased``, ``borrowed``, ``finished``, ``played`` or ``wishlist``.

        Returns:
            The list kept in :attr:`shelves`.

        Raises:
            KeyError: No such user.
            ValueError: An unknown alias.
        """
        if alias not in SYNTHETIC_GROUPS:
            raise ValueError(f"alias must be one of {', '.join(SYNTHETIC_GROUPS)}")
        with self._lock:
            if user_id not in self.users:
                raise KeyError(user_id)
            return self.shelves.setdefault(user_id, {}).setdefault(alias, [])

    def _synthetic_ids(self, user_id: str, alias: str) -> list[str]:
        """A synthetic group's releases: the stored ones, and for ``played`` the releases
        of the user's progress records (latest ``changed`` first)."""
        ids = list(self.shelf(user_id, alias))
        if alias == "played":
            records = sorted(
                (p for p in self.progresses.values() if p["user_id"] == user_id),
                key=lambda p: (p["changed"], int(p["id"])), reverse=True,
            )  # fmt: skip
            tracks = self.catalog.tracks
            played = [
                p["entity_id"] if p["entity_type"] == "release"
                else tracks[p["entity_id"]]["release_id"]
                for p in records
            ]  # fmt: skip
            ids = played + ids
        return list(dict.fromkeys(ids))

    def _synthetic_user(self, alias: str) -> str:
        if self.caller.user_id is None:
            raise fail(403, "access_denied", f"The {alias} group needs a logged-in user's token.")
        return self.caller.user_id

    def on_release_groups_list(self, request: httpx.Request) -> httpx.Response:
        groups = sorted(
            (g for g in self.catalog.release_groups.values() if self._may_see(g)),
            key=lambda g: (g["position"], int(g["id"])),
        )  # fmt: skip
        views = [self._release_group_view(request, group) for group in groups]
        return self._page(request, "release_groups.list", views, "groups")

    def on_release_groups_get(self, request: httpx.Request, group_id: str) -> dict[str, Any]:
        if group_id in SYNTHETIC_GROUPS:
            user_id = self._synthetic_user(group_id)
            view = {
                "id": group_id, "name": group_id.capitalize(), "description": None,
                "visible": False, "position": None,
                "releases": self._release_ids_view(request, self._synthetic_ids(user_id, group_id)),
            }  # fmt: skip
            return {"group": view}
        group = self._release_group(group_id)
        if not self._may_see(group):
            raise fail(403, "access_denied", f"Release group {group_id} is not visible.")
        return {"group": self._release_group_view(request, group)}

    def on_release_groups_releases(self, request: httpx.Request, alias: str) -> httpx.Response:
        if alias not in SYNTHETIC_GROUPS:
            raise fail(400, "validation_error",
                       f"group_id: one of {', '.join(SYNTHETIC_GROUPS)}",
                       {"parameter": "group_id"})  # fmt: skip
        ids = self._synthetic_ids(self._synthetic_user(alias), alias)
        params = request.url.params
        raw = params.get("release_ids")
        if raw is not None:
            wanted = [part.strip() for part in raw.split(",") if part.strip()]
            if alias == "played" or not wanted or len(wanted) > _MAX_RELEASE_IDS:
                raise fail(400, "validation_error",
                           "release_ids: up to 1000 ids, not with the played group",
                           {"parameter": "release_ids"})  # fmt: skip
            ids = [release_id for release_id in ids if release_id in set(wanted)]
        response_type = params.get("response_type")
        if response_type not in (None, "id"):
            raise fail(400, "validation_error", "response_type: only 'id' is supported",
                       {"parameter": "response_type"})  # fmt: skip
        known = [self.catalog.releases[i] for i in ids if i in self.catalog.releases]
        items = [
            {"id": release["id"]} if response_type == "id" else self.release_view(request, release)
            for release in known
        ]  # fmt: skip
        return self._page(request, "release_groups.releases", items, "releases")

    def on_release_groups_reorder(self, request: httpx.Request) -> dict[str, Any]:
        fields = Fields(read_json(request), ("groups",))
        ids = _entry_ids(fields, "groups")
        editorial = {k: g for k, g in self.catalog.release_groups.items() if g["owner"] is None}
        for index, group_id in enumerate(ids):
            if group_id not in editorial:
                raise fields.invalid(f"groups[{index}].id", f"no editorial group {group_id}")
        rest = sorted((g for k, g in editorial.items() if k not in ids),
                      key=lambda g: (g["position"], int(g["id"])))  # fmt: skip
        ordered = [editorial[group_id] for group_id in ids] + rest
        for position, group in enumerate(ordered, start=1):
            group["position"] = position
        return {"groups": [self._release_group_view(request, group) for group in ordered]}

    def on_release_groups_upload_image(
        self, request: httpx.Request, group_id: str
    ) -> dict[str, Any]:
        group = self._release_group(group_id)
        group["image"] = image_upload(request)
        return {}

    # -- release groups: the users' bookshelves (personal data of the Changes API) -----------

    def _personal_group_view(
        self, request: httpx.Request, group_id: str, fields: Record, release_ids: list[str]
    ) -> dict[str, Any]:
        """A group; ``X-Include: group-releases`` embeds release objects, else their ids."""
        view: dict[str, Any] = {"id": group_id, **fields}
        if "group-releases" in includes(request):
            releases = self.catalog.releases
            view["releases"] = [self.release_view(request, releases[i]) for i in release_ids]
        else:
            view["releases"] = list(release_ids)
        sizes = image_sizes(request, "X-Release-Group-Image-Sizes")
        if sizes is not None:
            view["image"] = self._image("groups", group_id, sizes)
        return view

    def _shelf(
        self, request: httpx.Request, raw: str, user_id: str
    ) -> tuple[str, list[str], Callable[[], dict[str, Any]]]:
        """A group the user may write: its id, its (mutable) release ids and its view.

        A numeric id names one of :attr:`release_groups` (403 when another user's, 404
        when unknown); an alias the user's synthetic group of that name.
        """
        if raw in _GROUP_ALIASES:
            ids = self.synthetic_groups.setdefault((user_id, raw), [])
            shown = {"name": raw}
            return raw, ids, lambda: {"group": self._personal_group_view(request, raw, shown, ids)}
        group = self.release_groups.get(raw)
        if group is None:
            raise fail(404, "error_not_found", f"Release group {raw} was not found.")
        if group["owner"] != user_id:
            raise fail(403, "access_denied", f"Release group {raw} is not the user's.")

        def view() -> dict[str, Any]:
            shown = {key: group[key] for key in ("name", "description", "visible")}
            return {"group": self._personal_group_view(request, raw, shown, group["release_ids"])}

        return raw, group["release_ids"], view

    def _release_ids(self, fields: Fields) -> list[str] | None:
        """``releases``: ``[{"id": "<release id>"}]`` entries of releases that exist."""
        raw = fields.data.get("releases")
        if raw is None:
            return None
        if not isinstance(raw, list):
            raise fields.invalid("releases", 'must be a list of {"id": ...} objects')
        ids: list[str] = []
        for index, entry in enumerate(raw):
            if not isinstance(entry, dict):
                raise fields.invalid(f"releases[{index}]", "must be an object with an id")
            entry_fields = Fields(entry, ("id",), prefix=f"{fields.prefix}releases[{index}].")
            release_id = entry_fields.required_text("id")
            if release_id not in self.catalog.releases:
                raise entry_fields.invalid("id", f"no release has the id {release_id}")
            ids.append(release_id)
        return list(dict.fromkeys(ids))

    def _group_member(self, fields: Fields, key: str) -> str:
        release_id = fields.required_text(key)
        if release_id not in self.catalog.releases:
            raise fail(404, "error_not_found", f"Release {release_id} was not found.")
        return release_id

    def on_release_groups_create(self, request: httpx.Request) -> httpx.Response:
        user_id = self._me()["id"]
        fields = Fields(json_body(request), ("name", "description", "releases"))
        name = fields.required_text("name")
        description = fields.data.get("description")
        if description is not None and not isinstance(description, str):
            raise fields.invalid("description", "must be a string")
        release_ids = self._release_ids(fields) or []

        def apply() -> tuple[Record, Any]:
            group = {"id": self._new_id("release_group", _FIRST_GROUP_ID), "owner": user_id,
                     "name": name, "description": description, "visible": True,
                     "release_ids": release_ids}  # fmt: skip
            self.release_groups[group["id"]] = group
            view = self._shelf(request, group["id"], user_id)[2]()
            return view["group"], view

        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=None, apply=apply,
            status=201,
        )  # fmt: skip

    def on_release_groups_update(self, request: httpx.Request, group_id: str) -> httpx.Response:
        user_id = self._me()["id"]
        if group_id in _GROUP_ALIASES and group_id != "wishlist":
            raise fail(400, "validation_error", "group_id: a numeric id or wishlist",
                       {"parameter": "group_id"})  # fmt: skip
        shelf_id, ids, view = self._shelf(request, group_id, user_id)
        fields = Fields(json_body(request), ("name", "visible", "releases"))
        changes: Record = {"name": fields.text("name")}
        if "visible" in fields.data:
            changes["visible"] = fields.flag("visible", True)
        changes = {key: value for key, value in changes.items() if value is not None}
        release_ids = self._release_ids(fields)
        if not changes and release_ids is None:
            raise fields.invalid("body", "name, visible or releases is required")
        if changes and shelf_id in _GROUP_ALIASES:
            raise fields.invalid("body", f"the {shelf_id} takes releases only")

        def apply() -> tuple[Record, Any]:
            if changes:
                self.release_groups[shelf_id].update(changes)
            if release_ids is not None:
                ids[:] = release_ids  # the page: the list is replaced, not merged
            shown = view()
            return shown["group"], shown

        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=shelf_id, apply=apply,
            current=view,
        )  # fmt: skip

    def on_release_groups_delete(self, request: httpx.Request, group_id: str) -> httpx.Response:
        user_id = self._me()["id"]
        if group_id in _GROUP_ALIASES:
            raise fail(400, "validation_error", f"group_id: {group_id} cannot be deleted",
                       {"parameter": "group_id"})  # fmt: skip
        shelf_id, _, view = self._shelf(request, group_id, user_id)

        def apply() -> tuple[Record, Any]:
            del self.release_groups[shelf_id]
            return {"id": shelf_id}, {}

        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=shelf_id, apply=apply,
            current=view,
        )  # fmt: skip

    def _add_to_group(
        self, request: httpx.Request, user_id: str, group_id: str, release_id: str,
        answer: Any,
    ) -> httpx.Response:  # fmt: skip
        shelf_id, ids, view = self._shelf(request, group_id, user_id)

        def apply() -> tuple[Record, Any]:
            if release_id not in ids:
                ids.append(release_id)
            return view()["group"], answer

        # Adding a release changes the group: the feed shows it as a PATCH of the group.
        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=shelf_id, apply=apply,
            record_as="PATCH",
        )  # fmt: skip

    def on_release_groups_add_release(
        self, request: httpx.Request, group_id: str
    ) -> httpx.Response:
        user_id = self._me()["id"]
        release_id = self._group_member(Fields(json_body(request), ("release_id",)), "release_id")
        return self._add_to_group(request, user_id, group_id, release_id, [])

    def on_release_groups_remove_release(
        self, request: httpx.Request, group_id: str, release_id: str
    ) -> httpx.Response:
        user_id = self._me()["id"]
        shelf_id, ids, view = self._shelf(request, group_id, user_id)
        if release_id not in ids:
            raise fail(404, "error_not_found", f"Release {release_id} is not in {shelf_id}.")

        def apply() -> tuple[Record, Any]:
            ids.remove(release_id)
            return view()["group"], []

        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=shelf_id, apply=apply,
            current=lambda: [], record_as="PATCH",
        )  # fmt: skip

    def on_users_add_release_to_group(
        self, request: httpx.Request, user_id: str, group_id: str
    ) -> httpx.Response:
        # The page: the target user itself ("resource owner"), or a user admin client.
        user = self._user(user_id)
        if self.caller.user_id is not None and self.caller.user_id != user["id"]:
            raise fail(403, "access_denied", "Only the user itself may change its groups.")
        if self.caller.user_id is None and not self._is_user_admin():
            raise fail(403, "access_denied", "This needs the user's token or a user admin.")
        release_id = self._group_member(Fields(json_body(request), ("id",)), "id")
        return self._add_to_group(request, user["id"], group_id, release_id, {"id": release_id})
