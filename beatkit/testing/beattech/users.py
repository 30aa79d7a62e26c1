"""Users: sign-up, lookups and edits, following, deletion, social lists and metadata
(credentials, subscriptions and partner users are in ``credentials``, ``subscriptions``
and ``partners``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partialmethod
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import LIVE_STATES, USER_DATA, own
from beatkit.testing.beattech._http import (
    Fields,
    fail,
    invalid,
    json_body,
    release_types,
)
from beatkit.testing.beattech.credentials import Credentials, users_with
from beatkit.testing.beattech.subscriptions import Subscriptions
from beatkit.testing.beattech.sync import Sync

__all__ = ["MAX_METADATA_KEYS", "Users"]

_USER_FIELDS = (
    "msisdn", "firstname", "lastname", "username", "email", "password", "newsletter",
    "intent", "profile_type", "email_token", "avatar_id", "region",
)  # fmt: skip
MAX_METADATA_KEYS = 50
"""Entries a user's metadata bag may hold (the page; more is a 409)."""
_UPDATE_FIELDS = (
    "firstname", "lastname", "email", "region", "password", "privacy_profile_private",
    "favourite", "newsletter", "payment_type", "username", "profile_type",
)  # fmt: skip


def _drop(table: dict[Any, Any], gone: Callable[[Any], bool]) -> None:
    """Delete, in place, the entries of ``table`` whose value ``gone`` picks."""
    for key in [key for key, value in table.items() if gone(value)]:
        del table[key]


class Users(Credentials, Subscriptions, Sync):
    """Sign-up, users, following and the users' social lists.

    ``Sync`` holds the change log that following a user writes to.
    """

    # -- users ---------------------------------------------------------------------------

    def on_users_create(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), _USER_FIELDS)
        values: dict[str, Any] = {name: fields.text(name) for name in (
            "msisdn", "firstname", "lastname", "username", "email", "password", "avatar_id",
            "region",
        )}  # fmt: skip
        values["intent"] = fields.text("intent", choices=("webshop", "subscription"))
        values["profile_type"] = fields.text("profile_type", choices=("standard", "child"))
        values["newsletter"] = fields.flag("newsletter", False)
        email_token = fields.text("email_token")
        admin = self._is_user_admin()
        profile_of = self.caller.user_id
        if profile_of is None and not (values["email"] or values["msisdn"]):
            raise fields.invalid("email", "a sign-up needs an email or an msisdn")
        if values["msisdn"] and values["password"] and not admin:
            raise fields.invalid("password", "cannot be set together with msisdn")
        if email_token is not None and values["email"] is None:
            raise fields.invalid("email_token", "requires email")
        if values["email"] and not admin:
            # A user-admin client "bypasses email_token verification" (L5995): a token it
            # sends (the page's request sample has one) is not checked.
            self._use_email_token(fields, values["email"], email_token)
        for name in ("email", "msisdn", "username"):
            if values[name] and self._taken(name, values[name]):
                raise fail(409, "conflict", f"{name}: already taken", {"parameter": name})
        password = values.pop("password") or self._secret(16)
        profile_type = values.pop("profile_type") or "standard"
        made = self._add_user(
            values.pop("username"), email=values.pop("email"), msisdn=values.pop("msisdn"),
            firstname=values.pop("firstname"), lastname=values.pop("lastname"),
            password=password, profile_of=profile_of, profile_type=profile_type,
        )  # fmt: skip
        self.users[made.id].update(values)  # newsletter, intent, avatar_id, region
        return self.json_response({"user": self.user_view(request, self.users[made.id])}, 201)

    def on_users_get(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id, admin=True)
        return self.json_response({"user": self.user_view(request, user)})

    # -- users: test helpers -------------------------------------------------------------

    def set_contacts(self, user_id: str, contacts: Iterable[str]) -> None:
        """Set the e-mail addresses and msisdns of a user's address book (what
        ``friends/registered`` matches against the users).

        Raises:
            KeyError: No such user.
        """
        with self._lock:
            self.users[user_id]["contacts"] = [c.strip() for c in contacts if c.strip()]

    # -- users: plumbing -----------------------------------------------------------------

    def _acts_for(self, user: Record) -> bool:
        """Whether the caller may see the user's private fields (own account, admin)."""
        me = self.users.get(self.caller.user_id or "")
        return self._is_user_admin() or (me is not None and me["account"] == user["account"])

    def _visible(self, raw: str) -> Record:
        """A user whose social lists the caller may read: a private profile only to
        its own account."""
        user = self._user(raw)
        if user["privacy_profile_private"] and not self._acts_for(user):
            raise fail(403, "access_denied", f"User {raw} has a private profile.")
        return user

    def _shown(self, request: httpx.Request, user: Record) -> dict[str, Any]:
        acts = self._acts_for(user)
        return self.user_view(request, user) if acts else self.base_user_view(request, user)

    def _remove_user(self, user: Record, how: str) -> None:
        """Take a user out of :attr:`users` (their tokens stop working), ending their
        running subscriptions and dropping who follows whom and the partners' links to
        them (no user has those external ids any more: the page's 404, L7602)."""
        for subscription in self._subscriptions_of(user["id"]):
            if subscription["state"] in LIVE_STATES:
                self._end_subscription(subscription)
        for grants in (self._access, self._refresh):
            _drop(grants, lambda grant: grant.user_id == user["id"])
        self.favourites.pop(user["id"], None)
        for marks in self.favourites.values():
            marks.discard(("user", user["id"]))
        _drop(self.partner_links, lambda linked: linked == user["id"])
        user["deleted"] = how
        self.deleted_users[user["id"]] = self.users.pop(user["id"])

    # -- users: lookups and edits --------------------------------------------------------

    def on_users_search(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        email, msisdn, query = (params.get(n, "").strip() for n in ("email", "msisdn", "query"))
        profiles = params.get("account_users", "false")
        external = params.get("external_user_id"), params.get("external_provider_id")
        if profiles not in ("true", "false"):
            raise invalid("account_users", "true or false")
        if (external[0] is None) != (external[1] is None):
            raise fail(400, "validation_error", "external_user_id and external_provider_id "
                       "go together", {"parameter": "external_user_id"})  # fmt: skip
        if not (email or msisdn or query or profiles == "true" or external[0]):
            raise fail(400, "validation_error", "Give email, msisdn, query, account_users or "
                       "external_user_id with external_provider_id.")  # fmt: skip
        admin = self._is_user_admin()
        if (email or msisdn) and not admin:
            raise fail(403, "access_denied", "email and msisdn lookups are for user admin clients.")
        if profiles == "true" and self.caller.user_id is None:
            raise fail(403, "access_denied", "account_users needs a logged-in user.")
        found = list(self.users.values())
        if email:
            found = users_with(found, "email", email)
        if msisdn:
            found = users_with(found, "msisdn", msisdn)
        if profiles == "true":
            found = [u for u in found if self._acts_for(u)]
        if external[0] is not None:
            linked = self.partner_links.get((external[1] or "", external[0]))
            found = [u for u in found if u["id"] == linked]
        # The shape follows the parameters (the page): e-mail, msisdn and account_users
        # answer extended objects, the external id pair base ones, whoever asks; a
        # full-text query (the page says nothing) is extended for a user-admin client.
        extended = bool(email or msisdn) or profiles == "true" or (admin and bool(query))
        if query:
            keys = ("username", "firstname", "lastname") + (("email", "msisdn") if admin else ())
            words = query.casefold().split()
            found = [
                u for u in found
                if all(w in " ".join(u[k] or "" for k in keys).casefold() for w in words)
                and (not u["privacy_profile_private"] or self._acts_for(u))
            ]  # fmt: skip
        view = self.user_view if extended else self.base_user_view
        return self._page(request, [view(request, u) for u in found], "users")

    def on_users_update(self, request: httpx.Request, user_id: str) -> httpx.Response:
        fields = Fields(json_body(request), _UPDATE_FIELDS)
        values: dict[str, Any] = {n: fields.text(n) for n in (
            "firstname", "lastname", "email", "region", "password", "username",
        )}  # fmt: skip
        values["profile_type"] = fields.text("profile_type", choices=("standard", "child"))
        values["payment_type"] = fields.payment_type()
        for name in ("privacy_profile_private", "newsletter", "favourite"):
            values[name] = None if fields.data.get(name) is None else fields.flag(name, False)
        favourite = values.pop("favourite")
        values = {name: value for name, value in values.items() if value is not None}
        if not values and favourite is None:
            raise fail(400, "validation_error", "Send at least one field to change.")
        user = self._target_user(user_id, admin=True) if values else self._user(user_id)
        for name in ("email", "username"):
            taken = values.get(name) and (user[name] or "").casefold() != values[name].casefold()
            if taken and self._taken(name, values[name]):
                raise fail(409, "conflict", f"{name}: already taken", {"parameter": name})
        headers = {}
        if favourite is not None:
            # First: a refused follow leaves the other fields unchanged too.
            headers = self._follow(request, user, favourite)
        user.update(values)
        return self.json_response({"user": self._shown(request, user)}, headers=headers)

    def _follow(self, request: httpx.Request, user: Record, favourite: bool) -> dict[str, str]:
        """The caller follows (or unfollows) ``user``: the ``X-Change`` header of its change
        record, or none when a newer change of the same follow wins."""
        me = self.caller.user_id
        if me is None:
            raise fail(403, "access_denied", "Only a logged-in user can follow a user.")
        if user["id"] == me:
            raise invalid("favourite", "a user cannot follow themselves")

        def mark() -> tuple[Record, None]:
            self._mark(me, "user", user["id"], favourite)
            return self.base_user_view(request, user), None

        # The one Changes API rule of every personal-data write (_changes.py); the user's
        # answer is on_users_update's, so this one only lends its X-Change.
        followed = self._personal_write(
            request, user_id=me, entity_type="user", entity_id=user["id"], apply=mark,
            current=dict, record_as="PATCH",
        )  # fmt: skip
        change = followed.headers.get("X-Change")
        return {} if change is None else {"X-Change": change}

    def on_users_delete(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        if user["master"]:
            raise fail(400, "validation_error", "The master user of an account cannot be deleted.")
        self._remove_user(user, "profile")
        return self.json_response({})

    def on_users_gdpr_delete(self, request: httpx.Request, user_id: str) -> httpx.Response:
        gone = self.deleted_users.get(user_id)
        if gone is not None and gone["deleted"] == "gdpr":
            return self.json_response({"message": "User was already deleted previously."})
        user = gone or self._user(user_id)
        if gone is None:
            self._remove_user(user, "gdpr")
        user["deleted"] = "gdpr"
        user.update({key: None for key in (
            "email", "msisdn", "firstname", "lastname", "password", "region", "avatar_id",
        )}, username=f"deleted-{user_id}", payment_methods=[])  # fmt: skip
        for name, factory in USER_DATA.items():
            user[name] = factory()
        self.changes[:] = [c for c in self.changes if c["user_id"] != user_id]
        self.redemptions[:] = [r for r in self.redemptions if r["user_id"] != user_id]
        _drop(self.activations, lambda activation: activation["user_id"] == user_id)
        _drop(self.release_groups, lambda group: group["owner"] == user_id)
        self.shelves.pop(user_id, None)
        return self.json_response({"message": "User was deleted."})

    # -- users: social lists -------------------------------------------------------------

    def on_users_events(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._visible(user_id)
        views = []
        for change in reversed(self.changes):
            kind, body = change["entity_type"], change["body"]
            if change["user_id"] != user["id"] or kind not in ("user", "artist"):
                continue
            if "favourite" not in body:
                continue
            artist = self.catalog.artists.get(change["entity_id"]) if kind == "artist" else None
            followed = self.users.get(change["entity_id"]) if kind == "user" else None
            if artist is not None:
                body = self.artist_view(request, artist)
            elif followed is not None:
                body = self.base_user_view(request, followed)
            verb = "favourited" if change["body"]["favourite"] else "unfavourited"
            views.append({"id": str(change["id"]), "type": f"{kind}.{verb}",
                          "time": change["timestamp"], kind: body})  # fmt: skip
        return self._page(request, views, "events")

    def on_users_registered_friends(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        contacts = {contact.casefold() for contact in own(user, "contacts")}
        friends = [
            u for u in self.users.values() if u["id"] != user["id"]
            and contacts & {(u["email"] or "").casefold(), (u["msisdn"] or "").casefold()}
        ]  # fmt: skip
        return self.json_response({"users": [self.base_user_view(request, u) for u in friends]})

    def on_users_favouritees(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._visible(user_id)
        followers = [
            u for u in self.users.values()
            if ("user", user["id"]) in self.favourites.get(u["id"], set())
        ]  # fmt: skip
        views = [self.base_user_view(request, u) for u in followers]
        return self._page(request, views, "users")

    def _favourite_list(
        self, request: httpx.Request, user_id: str, *, kind: str, typed: bool = False
    ) -> httpx.Response:
        """A user's favourites of ``kind`` in the store's order; ``typed``: narrowed by
        the ``types`` list (``users.favourite_releases``)."""
        types = release_types(request) if typed else None
        user = self._visible(user_id)
        store: Mapping[str, Record]
        store, view, namespace = {
            "user": (self.users, self.base_user_view, "users"),
            "artist": (self.catalog.artists, self.artist_view, "artists"),
            "track": (self.catalog.tracks, self.track_view, "tracks"),
            # A release list takes X-Include as the release's GET does (L6734-6794).
            "release": (self.catalog.releases, self._release_full_view, "releases"),
        }[kind]
        marks = self.favourites.get(user["id"], set())
        records = [record for key, record in store.items() if (kind, key) in marks]
        if types is not None:
            records = [record for record in records if record["type"] in types]
        return self._page(request, [view(request, record) for record in records], namespace)

    on_users_favourite_users = partialmethod(_favourite_list, kind="user")
    on_users_favourite_artists = partialmethod(_favourite_list, kind="artist")
    on_users_favourite_tracks = partialmethod(_favourite_list, kind="track")
    on_users_favourite_releases = partialmethod(_favourite_list, kind="release", typed=True)
    on_users_favourites = partialmethod(_favourite_list, kind="release")

    # -- users: metadata and tracking ---------------------------------------------------

    def on_users_metadata(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._self_or_admin(user_id, refuse_first=True)
        return self.json_response(dict(own(user, "metadata")))

    def on_users_update_metadata(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._user(user_id)
        entries = json_body(request)
        for key, value in entries.items():
            if not key.strip() or len(key) > 40:
                raise fail(400, "validation_error", f"{key[:50]!r}: keys have 1 to 40 "
                           "characters", {"parameter": key[:50]})  # fmt: skip
            if not isinstance(value, str) or len(value) > 500:
                raise fail(400, "validation_error", f"{key}: values are strings of at most "
                           "500 characters", {"parameter": key})  # fmt: skip
        bag = own(user, "metadata")
        if len(bag.keys() | entries.keys()) > MAX_METADATA_KEYS:
            raise fail(409, "conflict", f"A user's metadata holds at most {MAX_METADATA_KEYS} "
                       "entries.")  # fmt: skip
        bag.update(entries)
        return self.json_response({})

    def on_users_delete_metadata(
        self, request: httpx.Request, user_id: str, key: str
    ) -> httpx.Response:
        bag = own(self._user(user_id), "metadata")
        if key not in bag:
            raise fail(404, "error_not_found", f"No metadata entry {key[:50]!r}.")
        del bag[key]
        return self.json_response({})

    def on_users_tracking(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        # Stable per user and not the user id: what analytics may keep.
        return self.json_response({"tracking": {"id": self._sign(f"tracking:{user['id']}")[:32]}})
