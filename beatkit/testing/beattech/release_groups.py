"""Release groups: the editors' shelves, the users' bookshelves and each user's
synthetic groups, one model that every route reads and writes.

* :attr:`~Base.release_groups` holds every numeric group in one id space, as the API's
  ``/releases/groups/{group_id}`` does: the editorial shelves (``owner`` ``None``) and
  the users' bookshelves (``owner`` their user id).
* :attr:`~Base.shelves` holds each user's synthetic groups (``purchased``,
  ``borrowed``, ``finished``, ``played``, ``wishlist``) as release id lists.
  ``played`` also lists the releases of the user's progress records (latest first),
  ``borrowed`` those the user holds an LCP license for.
* A user's writes (create, update, delete, add and remove a release, also through
  ``users.add_release_to_group``) are personal data: they run under the Changes API's
  rule (:meth:`~Base._personal_write`) and are logged as ``group`` changes.

Choices where the page is silent: ``GET /releases/groups`` lists the editorial shelves
(users' bookshelves are ``GET /users/{id}/releases/groups``); a release added to a group
goes to its end; a synthetic group answers ``{"id": <alias>, "name": <Alias>,
"description": null, "visible": false, "releases": [...]}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import httpx

from beatkit.beattech.editing import SYNTHETIC_GROUPS
from beatkit.testing._crud import Record
from beatkit.testing.beattech._http import (
    Fields,
    entry_ids,
    fail,
    found,
    includes,
    invalid,
    json_body,
)
from beatkit.testing.beattech._views import Views

__all__ = ["SYNTHETIC_GROUPS", "ReleaseGroups"]

_MAX_RELEASE_IDS = 1000
# position stays internal (it orders the groups): the page documents no such key.
_GROUP_KEYS = ("id", "name", "description", "visible")


def _shelf_order(group: Record) -> tuple[bool, int, int]:
    """How editorial shelves are ordered: by position, then those without one (a shelf
    ``add_release_group`` stored), each by id."""
    position = group["position"]
    return position is None, position or 0, int(group["id"])


def _check_alias(alias: str) -> None:
    if alias not in SYNTHETIC_GROUPS:
        raise ValueError(f"alias must be one of {', '.join(SYNTHETIC_GROUPS)}")


class ReleaseGroups(Views):
    """``/releases/groups`` and the users' ``/users/{id}/releases/groups`` routes."""

    # -- test helpers ----------------------------------------------------------------------

    def add_release_group(
        self, name: str, release_ids: Iterable[str] = (), *, user_id: str | None = None,
        alias: str | None = None, visible: bool = True, description: str | None = None,
    ) -> Record:  # fmt: skip
        """Store a release group: an editorial shelf, a user's bookshelf (``user_id``),
        or releases on a user's synthetic group (``user_id`` and ``alias``).

        Args:
            name: Its name (a synthetic group's name is its alias).
            release_ids: Its releases, in order (for an alias: added at the end).
            user_id: The owner of a bookshelf; ``None`` for an editorial shelf.
            alias: The user's synthetic group to add the releases to (``"wishlist"``,
                ``"purchased"``, ``"borrowed"``, ``"finished"``, ``"played"``); needs
                ``user_id``.
            visible: Whether others may see it.
            description: Its description.

        Returns:
            The stored record (see :attr:`release_groups`); for an alias, the synthetic
            group as a record whose ``release_ids`` is the list :meth:`shelf` returns.

        Raises:
            KeyError: No such user or release.
            ValueError: An alias without a user, or one that is not synthetic.
        """
        if alias is not None:
            _check_alias(alias)
            if user_id is None:
                raise ValueError("an alias names a user's synthetic group: give its user_id")
        ids = [str(release_id) for release_id in release_ids]
        with self._lock:
            if user_id is not None and user_id not in self.users:
                raise KeyError(user_id)
            missing = [release_id for release_id in ids if release_id not in self.catalog.releases]
            if missing:
                raise KeyError(missing[0])
            if alias is not None and user_id is not None:
                shelf = self.shelf(user_id, alias)
                shelf.extend(release_id for release_id in ids if release_id not in shelf)
                return self._synthetic_record(user_id, alias, shelf)
            record = self._new_group(name, ids, owner=user_id, description=description)
            record["visible"] = visible
            return record

    def shelf(self, user_id: str, alias: str) -> list[str]:
        """The stored release ids of a user's synthetic group, to change in place: e.g.
        ``fake.shelf(fake.user_id, "purchased").insert(0, "1001")`` as a purchase would.

        Args:
            user_id: The user.
            alias: ``purchased``, ``borrowed``, ``finished``, ``played`` or ``wishlist``.

        Returns:
            The list kept in :attr:`shelves`, in the order the group shows them.

        Raises:
            KeyError: No such user.
            ValueError: An unknown alias.
        """
        _check_alias(alias)
        with self._lock:
            if user_id not in self.users:
                raise KeyError(user_id)
            return self.shelves.setdefault(user_id, {}).setdefault(alias, [])

    # -- the model -------------------------------------------------------------------------

    def _new_group(
        self, name: str, release_ids: list[str], *, owner: str | None, description: str | None
    ) -> Record:
        """Store a numeric group (the next free id from 123, the page's example)."""
        group_id = self._next("release_group", taken=self.release_groups)
        record: Record = {
            "id": group_id, "owner": owner, "name": name, "description": description,
            "visible": True, "position": None, "release_ids": release_ids, "image": None,
        }  # fmt: skip
        self.release_groups[group_id] = record
        return record

    def _release_group(self, group_id: str) -> Record:
        return found(self.release_groups, group_id, "Release group")

    def _may_see(self, group: Record) -> bool:
        """Visible groups to anyone; hidden ones to their owner and to editors."""
        own = group["owner"] is not None and group["owner"] == self.caller.user_id
        return bool(group["visible"]) or own or self._is_editor()

    def _synthetic_ids(self, user_id: str, alias: str) -> list[str]:
        """A synthetic group's releases: the stored ones, for ``played`` first the
        releases of the user's progress records (latest ``changed`` first), for
        ``borrowed`` then the releases the user holds an LCP license for."""
        ids = list(self.shelf(user_id, alias))
        if alias == "played":
            records = self._latest_progresses(user_id)
            tracks = self.catalog.tracks
            played = [
                p["entity_id"] if p["entity_type"] == "release"
                else tracks[p["entity_id"]]["release_id"]
                for p in records if p["entity_type"] == "release" or p["entity_id"] in tracks
            ]  # fmt: skip
            ids = played + ids
        elif alias == "borrowed":
            ids += sorted(release_id for release_id, user in self.lcp_licenses if user == user_id)
        return list(dict.fromkeys(ids))

    def _synthetic_record(self, user_id: str, alias: str, release_ids: list[str]) -> Record:
        return {
            "id": alias, "owner": user_id, "name": alias.capitalize(), "description": None,
            "visible": False, "position": None, "release_ids": release_ids, "image": None,
        }  # fmt: skip

    def _synthetic_group(self, user_id: str, alias: str) -> Record:
        return self._synthetic_record(user_id, alias, self._synthetic_ids(user_id, alias))

    def _synthetic_user(self, alias: str) -> str:
        if self.caller.user_id is None:
            raise fail(403, "access_denied", f"The {alias} group needs a logged-in user's token.")
        return self.caller.user_id

    def _readable_group(self, group_id: str) -> Record:
        """A group the caller may read (403 for a hidden one of someone else's): an alias
        names the caller's synthetic group."""
        if group_id in SYNTHETIC_GROUPS:
            return self._synthetic_group(self._synthetic_user(group_id), group_id)
        group = self._release_group(group_id)
        if not self._may_see(group):
            raise fail(403, "access_denied", f"Release group {group_id} is not visible.")
        return group

    def _release_group_view(self, request: httpx.Request, group: Record) -> dict[str, Any]:
        """A group: release ids, or release objects with ``X-Include: group-releases``
        (with what the header's other names ask for, ``release-tracks``..., as
        ``GET /releases/{id}`` shows them); ``image`` for the sizes of
        ``X-Release-Group-Image-Sizes``."""
        view = {key: group[key] for key in _GROUP_KEYS}
        known = self._releases(group["release_ids"])
        if "group-releases" in includes(request):
            view["releases"] = [
                self._release_full_view(request, release, numbered=False) for release in known
            ]
        else:
            view["releases"] = [release["id"] for release in known]
        header, upload = "X-Release-Group-Image-Sizes", group.get("image")
        return self._imaged(view, request, header, "release-groups", group["id"], upload=upload)

    # -- reads ---------------------------------------------------------------------------

    def on_release_groups_list(self, request: httpx.Request) -> httpx.Response:
        groups = sorted(
            (g for g in self.release_groups.values() if g["owner"] is None and self._may_see(g)),
            key=_shelf_order,
        )  # fmt: skip
        views = [self._release_group_view(request, group) for group in groups]
        return self._page(request, views, "groups")

    def on_release_groups_get(self, request: httpx.Request, group_id: str) -> dict[str, Any]:
        return {"group": self._release_group_view(request, self._readable_group(group_id))}

    def on_release_groups_releases(self, request: httpx.Request, alias: str) -> httpx.Response:
        if alias not in SYNTHETIC_GROUPS:
            raise invalid("group_id", f"one of {', '.join(SYNTHETIC_GROUPS)}")
        ids = self._synthetic_ids(self._synthetic_user(alias), alias)
        params = request.url.params
        raw = params.get("release_ids")
        if raw is not None:
            wanted = [part.strip() for part in raw.split(",") if part.strip()]
            if alias == "played" or not wanted or len(wanted) > _MAX_RELEASE_IDS:
                raise invalid("release_ids", "up to 1000 ids, not with the played group")
            ids = [release_id for release_id in ids if release_id in set(wanted)]
        response_type = params.get("response_type")
        if response_type not in (None, "id"):
            raise invalid("response_type", "only 'id' is supported")
        # Full release base objects, with what X-Include asks for (the page lists it here).
        items = [
            {"id": release["id"]} if response_type == "id"
            else self._release_full_view(request, release)
            for release in self._releases(ids)
        ]  # fmt: skip
        return self._page(request, items, "releases")

    def on_users_release_groups(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        groups = [g for g in self.release_groups.values() if g["owner"] == user["id"]]
        views = [self._release_group_view(request, group) for group in groups]
        return self._page(request, views, "groups")

    def on_users_synthetic_group(
        self, request: httpx.Request, user_id: str, synthetic: str
    ) -> httpx.Response:
        user = self._self_or_admin(user_id)
        if synthetic not in SYNTHETIC_GROUPS:
            raise invalid("synthetic", f"one of {', '.join(SYNTHETIC_GROUPS)}")
        group = self._synthetic_group(user["id"], synthetic)
        return self.json_response({"group": self._release_group_view(request, group)})

    # -- the editors' writes -------------------------------------------------------------

    def on_release_groups_reorder(self, request: httpx.Request) -> dict[str, Any]:
        fields = Fields(json_body(request), ("groups",))
        ids = entry_ids(fields, "groups")
        editorial = {k: g for k, g in self.release_groups.items() if g["owner"] is None}
        for index, group_id in enumerate(ids):
            if group_id not in editorial:
                raise fields.invalid(f"groups[{index}].id", f"no editorial group {group_id}")
        rest = sorted((g for k, g in editorial.items() if k not in ids),
                      key=_shelf_order)  # fmt: skip
        ordered = [editorial[group_id] for group_id in ids] + rest
        for position, group in enumerate(ordered, start=1):
            group["position"] = position
        return {"groups": [self._release_group_view(request, group) for group in ordered]}

    def on_release_groups_upload_image(
        self, request: httpx.Request, group_id: str
    ) -> dict[str, Any]:
        return self._store_upload(request, "release-groups", self._release_group(group_id))

    # -- the users' writes (personal data of the Changes API) ----------------------------

    def _writable(
        self, request: httpx.Request, raw: str, user_id: str
    ) -> tuple[Record, list[str], Callable[[], dict[str, Any]]]:
        """A group the user may write: its record, its (mutable) release ids and its answer.

        A numeric id names one of the user's bookshelves (403 for an editorial shelf or
        another user's, 404 when unknown); an alias the user's synthetic group.
        """
        if raw in SYNTHETIC_GROUPS:
            ids = self.shelf(user_id, raw)
            group = self._synthetic_record(user_id, raw, ids)
        else:
            group = self._release_group(raw)
            if group["owner"] != user_id:
                raise fail(403, "access_denied", f"Release group {raw} is not the user's.")
            ids = group["release_ids"]

        def answer() -> dict[str, Any]:
            return {"group": self._release_group_view(request, group)}

        return group, ids, answer

    def _release_ids(self, fields: Fields) -> list[str] | None:
        """``releases``: ``[{"id": "<release id>"}]`` entries of releases that exist."""
        if fields.data.get("releases") is None:
            return None
        ids = entry_ids(fields, "releases", repeats=True)
        for index, release_id in enumerate(ids):
            if release_id not in self.catalog.releases:
                raise fields.invalid(f"releases[{index}].id", f"no release has the id {release_id}")
        return list(dict.fromkeys(ids))

    def _group_member(self, fields: Fields, key: str) -> str:
        release_id = fields.required_text(key)
        self._release(release_id)
        return release_id

    def on_release_groups_create(self, request: httpx.Request) -> httpx.Response:
        user_id = self._me()["id"]
        fields = Fields(json_body(request), ("name", "description", "releases"))
        name, description = fields.required_text("name"), fields.string("description")
        release_ids = self._release_ids(fields) or []

        def apply() -> tuple[Record, Any]:
            group = self._new_group(name, release_ids, owner=user_id, description=description)
            shown = {"group": self._release_group_view(request, group)}
            return shown["group"], shown

        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=None, apply=apply,
            status=201,
        )  # fmt: skip

    def on_release_groups_update(self, request: httpx.Request, group_id: str) -> httpx.Response:
        user_id = self._me()["id"]
        if group_id in SYNTHETIC_GROUPS and group_id != "wishlist":
            raise invalid("group_id", "a numeric id or wishlist")
        group, ids, answer = self._writable(request, group_id, user_id)
        fields = Fields(json_body(request), ("name", "visible", "releases"))
        changes: Record = {"name": fields.text("name")}
        if "visible" in fields.data:
            changes["visible"] = fields.flag("visible", True)
        changes = {key: value for key, value in changes.items() if value is not None}
        release_ids = self._release_ids(fields)
        if not changes and release_ids is None:
            raise fields.invalid("body", "name, visible or releases is required")
        if changes and group_id in SYNTHETIC_GROUPS:
            raise fields.invalid("body", f"the {group_id} takes releases only")

        def apply() -> tuple[Record, Any]:
            group.update(changes)
            if release_ids is not None:
                ids[:] = release_ids  # the page: the list is replaced, not merged
            shown = answer()
            return shown["group"], shown

        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=group_id, apply=apply,
            current=answer,
        )  # fmt: skip

    def on_release_groups_delete(self, request: httpx.Request, group_id: str) -> httpx.Response:
        user_id = self._me()["id"]
        if group_id in SYNTHETIC_GROUPS:
            raise invalid("group_id", f"{group_id} cannot be deleted")
        _, _, answer = self._writable(request, group_id, user_id)

        def apply() -> tuple[Record, Any]:
            del self.release_groups[group_id]
            return {"id": group_id}, {}

        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=group_id, apply=apply,
            current=answer,
        )  # fmt: skip

    def _add_to_group(
        self, request: httpx.Request, user_id: str, group_id: str, release_id: str,
        result: Any,
    ) -> httpx.Response:  # fmt: skip
        _, ids, answer = self._writable(request, group_id, user_id)

        def apply() -> tuple[Record, Any]:
            if release_id not in ids:
                ids.append(release_id)
            return answer()["group"], result

        # Adding a release changes the group: the feed shows it as a PATCH of the group.
        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=group_id, apply=apply,
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
        _, ids, answer = self._writable(request, group_id, user_id)
        if release_id not in ids:
            raise fail(404, "error_not_found", f"Release {release_id} is not in {group_id}.")

        def apply() -> tuple[Record, Any]:
            ids.remove(release_id)
            return answer()["group"], []

        return self._personal_write(
            request, user_id=user_id, entity_type="group", entity_id=group_id, apply=apply,
            current=lambda: [], record_as="PATCH",
        )  # fmt: skip

    def on_users_add_release_to_group(
        self, request: httpx.Request, user_id: str, group_id: str
    ) -> httpx.Response:
        # The page: the target user itself ("resource owner"), or a user admin client.
        user = self._self_or_admin(user_id)
        release_id = self._group_member(Fields(json_body(request), ("id",)), "id")
        return self._add_to_group(request, user["id"], group_id, release_id, {"id": release_id})
