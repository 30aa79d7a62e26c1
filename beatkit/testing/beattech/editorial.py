"""Editorial content: banners, banner groups, layouts and release groups.

Served so far: the reads of banners, banner groups and layouts, and the users' release
group writes (create, update, delete, add and remove a release; the editors' writes and
the release group reads come with their client resources).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._http import Fields, fail, image_sizes, includes, json_body
from beatkit.testing.beattech._views import Views

__all__ = ["Editorial"]

_LINKED = {"release": "releases", "artist": "artists", "series": "series"}
_GROUP_ALIASES = ("purchased", "borrowed", "finished", "played", "wishlist")
_FIRST_GROUP_ID = 123  # the page's batch example creates groups "123" and "124"


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

    # -- release groups: the users' bookshelves (personal data of the Changes API) -----------

    def _release_group_view(
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
            return raw, ids, lambda: {"group": self._release_group_view(request, raw, shown, ids)}
        group = self.release_groups.get(raw)
        if group is None:
            raise fail(404, "error_not_found", f"Release group {raw} was not found.")
        if group["owner"] != user_id:
            raise fail(403, "access_denied", f"Release group {raw} is not the user's.")

        def view() -> dict[str, Any]:
            shown = {key: group[key] for key in ("name", "description", "visible")}
            return {"group": self._release_group_view(request, raw, shown, group["release_ids"])}

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
