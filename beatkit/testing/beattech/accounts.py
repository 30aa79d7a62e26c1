"""Account operations: users, credentials, subscriptions and password resets (partner
users and activations are in ``partners``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import httpx

import beatkit.testing.beattech._data as _data
from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import LIVE_STATES
from beatkit.testing.beattech._http import (
    Fields,
    fail,
    image_sizes,
    json_body,
    same_secret,
)
from beatkit.testing.beattech._views import Views
from beatkit.testing.beattech.commerce import Commerce
from beatkit.testing.beattech.sync import Sync

__all__ = ["MIN_PASSWORD_LENGTH", "Accounts"]

_USER_FIELDS = (
    "msisdn", "firstname", "lastname", "username", "email", "password", "newsletter",
    "intent", "profile_type", "email_token", "avatar_id", "region",
)  # fmt: skip
_VERIFIABLE = (6, 8)  # credential types with a verification method (the page: 6 and 8)
STOP, RESUME = 6, 3
MIN_PASSWORD_LENGTH = 8
"""The shortest password a reset sets (the page: "the configured minimum length")."""

MAX_METADATA_KEYS = 50
"""Entries a user's metadata bag may hold (the page: more is a 409)."""
_UPDATE_FIELDS = (
    "firstname", "lastname", "email", "region", "password", "privacy_profile_private",
    "favourite", "newsletter", "payment_type", "username", "profile_type",
)  # fmt: skip
_CREDENTIAL_TYPES = (5, 6, 7, 8, 9, 10)
_BY_TOKEN = (6, 8, 9)  # e-mail and SMS credentials are verified with a token; others bind at once
_RELEASE_TYPES = {"audio": ("album", "single"), "video": ("video-album", "video-single")}
# What this group keeps on a user record, made on first use.
_USER_DATA: dict[str, Callable[[], Any]] = {
    "metadata": dict, "contacts": list, "balances": dict, "credentials": list,
}  # fmt: skip


def _own(user: Record, name: str) -> Any:
    """The user's ``metadata``, ``contacts``, ``balances`` or ``credentials``."""
    return user.setdefault(name, _USER_DATA[name]())


class Accounts(Views, Commerce, Sync):
    """Sign-up, users, e-mail verification, migrations and subscriptions.

    ``Sync`` holds the change log that following a user writes to.
    """

    # -- test helpers ----------------------------------------------------------------------

    def email_token(self, email: str, type: int = 8) -> str | None:
        """The verification token ``POST /credentials`` sent to ``email`` (unused).

        Args:
            email: The e-mail address (case does not matter).
            type: The credential type it was requested for (8 user e-mail, 6 Bokbasen).

        Returns:
            The token (the ``email_token`` of ``POST /users``), or ``None``.
        """
        with self._lock:
            return self._email_tokens.get((type, email.casefold()))

    # -- credentials ---------------------------------------------------------------------

    def on_credentials_request_verification(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("type", "credential"))
        credential_type = fields.required_integer("type")
        credential = fields.required_text("credential")
        if credential_type not in _VERIFIABLE:
            raise fields.invalid("type", "only types 6 and 8 have a verification method")
        if "@" not in credential.strip("@"):
            raise fields.invalid("credential", "must be an e-mail address")
        token = f"{self._rng.randrange(1_000_000):06d}"
        self._email_tokens[(credential_type, credential.casefold())] = token
        return httpx.Response(202)

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
        if values["email"] and (email_token is not None or not admin):
            self._use_email_token(fields, values["email"], email_token)
        for name in ("email", "msisdn", "username"):
            if values[name] and self._taken(name, values[name]):
                raise fail(409, "conflict", f"{name}: already taken", {"parameter": name})
        values["password"] = values["password"] or self._secret(16)
        values["profile_type"] = values["profile_type"] or "standard"
        values["username"] = values["username"] or values["email"] or values["msisdn"]
        with self._lock:
            if profile_of is not None:
                account, master = self.users[profile_of]["account"], False
            else:
                account, master = self._next("account"), True
            user_id = self._next("user")
            self.users[user_id] = self._new_user(id=user_id, account=account, master=master,
                                                 **values)  # fmt: skip
        return self.json_response({"user": self.user_view(request, self.users[user_id])}, 201)

    def _use_email_token(self, fields: Fields, email: str, token: str | None) -> None:
        if token is None:
            raise fields.invalid("email_token", "is required with email (see POST /credentials)")
        expected = self._email_tokens.get((8, email.casefold()))
        if expected is None or token != expected:
            raise fields.invalid("email_token", "is not the token sent to this email")
        del self._email_tokens[(8, email.casefold())]

    def _taken(self, name: str, value: str) -> bool:
        wanted = value.casefold()
        return any((user[name] or "").casefold() == wanted for user in self.users.values())

    def on_users_get(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id, admin=True)
        return self.json_response({"user": self.user_view(request, user)})

    def on_users_migrate(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        fields = Fields(
            json_body(request), ("product_id", "renewable", "utm_campaign", "confirmed", "metadata")
        )
        product_id = fields.required_text("product_id")
        renewable = fields.flag("renewable", True)
        confirmed = fields.flag("confirmed", True)
        fields.text("utm_campaign")
        metadata = fields.object("metadata")
        product = self.products.get(product_id)
        if product is None:
            raise fail(404, "error_not_found", f"Product {product_id} was not found.")
        running = [s for s in self._subscriptions_of(user["id"]) if s["state"] in LIVE_STATES]
        if any(s["product_id"] == product_id for s in running):
            raise fail(409, "conflict", f"The user already subscribes to product {product_id}.")
        if not confirmed:
            # The page: "If false, the request may return 403 along with the URL of an
            # external confirmation/consent page."
            url = f"{self.web_url}/consent?product_id={product_id}&user_id={user['id']}"
            raise fail(403, "confirmation_required",
                       "The user must confirm the subscription on the consent page.",
                       {"confirmation_url": url})  # fmt: skip
        for old in running:
            # Upgrade or downgrade: the running subscription ends with the migration.
            old["state"], old["next_billing_date"] = 7, None
        state = 1 if product["trial_interval"] else 3
        record = self.add_subscription(user["id"], product_id, state=state, renewable=renewable)
        record["metadata"] = metadata
        return self.json_response({}, 201)

    # -- subscriptions -------------------------------------------------------------------

    def _subscriptions_of(self, user_id: str) -> list[Record]:
        return [s for s in self.subscriptions.values() if s["user_id"] == user_id]

    def _subscription(self, user_id: str, subscription_id: str) -> Record:
        user = self._target_user(user_id)
        subscription = self.subscriptions.get(subscription_id)
        if subscription is None or subscription["user_id"] != user["id"]:
            raise fail(404, "error_not_found", f"Subscription {subscription_id} was not found.")
        if subscription["user_id"] != self.caller.user_id:
            raise fail(403, "access_denied", "Only the subscription's owner may change it.")
        return subscription

    @staticmethod
    def subscription_view(subscription: Record) -> dict[str, Any]:
        """A subscription as the list shows it."""
        keys = ("id", "product_id", "state", "start_date", "expiry_date", "next_billing_date")
        return {key: subscription[key] for key in keys}

    def on_subscriptions_list(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        raw = request.url.params.get("state")
        found = self._subscriptions_of(user["id"])
        if raw is None:
            found = [s for s in found if s["state"] in LIVE_STATES]
        elif raw != "all":
            if not raw.isdigit():
                raise fail(400, "validation_error", "state: a state number or all",
                           {"parameter": "state"})  # fmt: skip
            found = [s for s in found if s["state"] == int(raw)]
        views = [self.subscription_view(s) for s in found]
        return self._page(request, "subscriptions.list", views, "subscriptions")

    def on_subscriptions_update(
        self, request: httpx.Request, user_id: str, subscription_id: str
    ) -> httpx.Response:
        subscription = self._subscription(user_id, subscription_id)
        fields = Fields(json_body(request), ("state", "comment"))
        state = fields.required_integer("state", choices=(STOP, RESUME))
        comment = fields.text("comment")
        allowed = {STOP: (1, 3, 5, 6), RESUME: (3, 6)}[state]
        if subscription["state"] not in allowed:
            raise fields.invalid("state", f"a subscription in state {subscription['state']} "
                                 f"cannot change to {state}")  # fmt: skip
        subscription["state"] = state
        subscription["comment"] = comment if state == STOP else subscription["comment"]
        renews = state == RESUME and subscription["renewable"]
        subscription["next_billing_date"] = subscription["expiry_date"] if renews else None
        # Exactly the page's answer: expiry_date, next_billing_date and state.
        keys = ("expiry_date", "next_billing_date", "state")
        return self.json_response({"subscription": {key: subscription[key] for key in keys}})

    def on_subscriptions_deactivate(
        self, request: httpx.Request, user_id: str, subscription_id: str
    ) -> httpx.Response:
        subscription = self._subscription(user_id, subscription_id)
        if subscription["state"] not in LIVE_STATES:
            raise fail(400, "validation_error", f"Subscription {subscription_id} has ended.")
        subscription["state"], subscription["next_billing_date"] = 7, None
        subscription["expiry_date"] = _data.utc_text(self.clock())
        return self.json_response({})

    # -- passwords -----------------------------------------------------------------------

    def password_reset_code(
        self, *, email: str | None = None, msisdn: str | None = None
    ) -> str | None:
        """The code of the pending password reset of an e-mail address or phone number
        (what the SMS or the reset link delivered).

        Args:
            email: The address the reset was requested for (case does not matter).
            msisdn: The phone number (a leading ``+`` is ignored).

        Returns:
            The code, or ``None`` when no reset is pending (or no account matched).
        """
        with self._lock:
            if email is not None:
                pending = self.password_resets.get(("email", email.casefold()))
            else:
                pending = self.password_resets.get(("msisdn", (msisdn or "").lstrip("+")))
            return None if pending is None else str(pending["code"])

    @staticmethod
    def _reset_key(fields: Fields) -> tuple[str, str]:
        """``("email", address)`` or ``("msisdn", digits)``: exactly one must be given."""
        email, msisdn = fields.text("email"), fields.text("msisdn")
        if (email is None) == (msisdn is None):
            raise fields.invalid("msisdn", "exactly one of msisdn and email is required")
        if email is not None:
            return "email", email.casefold()
        return "msisdn", (msisdn or "").lstrip("+")

    def on_passwords_request_reset(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("msisdn", "email", "return"))
        kind, value = self._reset_key(fields)
        give_back = fields.flag("return", False)
        if give_back:
            self._require_scope("return-password-code")
        # An SMS carries a short code; an e-mail a link holding a longer token.
        code = f"{self._rng.randrange(1_000_000):06d}" if kind == "msisdn" else self._secret(32)
        user = next(
            (u for u in self.users.values()
             if (u[kind] or "").casefold().lstrip("+") == value),
            None,
        )  # fmt: skip
        if user is not None:
            self.password_resets[(kind, value)] = {
                "user_id": user["id"], "code": code, "delivered": not give_back,
            }  # fmt: skip
        # The page: the same 201 whether or not an account matched (its code then
        # never works).
        return self.json_response({"code": code} if give_back else {}, 201)

    def on_passwords_reset(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("msisdn", "email", "code", "password"))
        key = self._reset_key(fields)
        code = fields.required_text("code")
        password = fields.required_text("password")
        pending = self.password_resets.get(key)
        if pending is None or not same_secret(code, pending["code"]):
            # The page's sample answer of this operation.
            raise fail(404, "error_not_found", "The requested resource was not found.")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise fields.invalid("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
        self.users[pending["user_id"]]["password"] = password
        del self.password_resets[key]
        return self.json_response({})

    # -- users: test helpers -------------------------------------------------------------

    def add_coupon(
        self,
        product_id: str = "201",
        *,
        interval: int = 30,
        interval_unit: str = "day",
        owner: str | None = None,
        paid: bool = True,
        code: str | None = None,
        offer_id: str | None = None,
    ) -> Record:
        """Create a gift card, as ``POST /coupons`` and its payment would.

        Args:
            product_id: The product it grants.
            interval: How long it extends (or runs) a subscription, in ``interval_unit``.
            interval_unit: ``"day"`` or ``"month"``.
            owner: The user who owns it (``users.coupons`` lists it), if any.
            paid: Whether it has been paid for (only paid cards can be redeemed).
            code: Its code; a new random one by default.
            offer_id: The offer it was generated from, if any.

        Returns:
            The stored coupon (keyed by code in :attr:`coupons`).

        Raises:
            KeyError: No such product or owner.
            ValueError: Another unit than ``day`` or ``month``.
        """
        if interval_unit not in ("day", "month"):
            raise ValueError("interval_unit is day or month")
        with self._lock:
            if product_id not in self.products:
                raise KeyError(product_id)
            if owner is not None and owner not in self.users:
                raise KeyError(owner)
            return self._new_giftcard(
                code or self._secret(12).upper(), product_id, offer_id=offer_id, owner=owner,
                paid=paid, interval=interval, interval_unit=interval_unit,
            )  # fmt: skip

    def set_balance(self, user_id: str, currency: str, amount: int) -> None:
        """Set a user's balance in one currency (``XCR`` credits, ``XCS`` seconds, money).

        Raises:
            KeyError: No such user.
        """
        with self._lock:
            _own(self.users[user_id], "balances")[currency] = amount

    def set_contacts(self, user_id: str, contacts: Iterable[str]) -> None:
        """Set the e-mail addresses and msisdns of a user's address book (what
        ``friends/registered`` matches against the users).

        Raises:
            KeyError: No such user.
        """
        with self._lock:
            self.users[user_id]["contacts"] = [c.strip() for c in contacts if c.strip()]

    def credential_token(self, user_id: str, type: int) -> str | None:
        """The verification token ``POST /users/{id}/credentials`` mailed or texted for a
        credential of this type (the latest pending one), or ``None``."""
        with self._lock:
            pending = [
                c["token"] for c in _own(self.users[user_id], "credentials")
                if c["type"] == type and not c["verified"]
            ]  # fmt: skip
            return pending[-1] if pending else None

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

    def base_user_view(self, request: httpx.Request, user: Record) -> dict[str, Any]:
        """A user's base object (other users' lists): no e-mail, msisdn or settings."""
        view: dict[str, Any] = {k: user[k] for k in ("id", "username", "firstname", "lastname")}
        view["favourite"] = self._favourite("user", user["id"])
        sizes = image_sizes(request, "X-User-Image-Sizes")
        if sizes is not None:
            view["image"] = self._image("users", user["id"], sizes)
        return view

    def _shown(self, request: httpx.Request, user: Record) -> dict[str, Any]:
        acts = self._acts_for(user)
        return self.user_view(request, user) if acts else self.base_user_view(request, user)

    def _accept_change(
        self, request: httpx.Request, user_id: str, entity_type: str, entity_id: str
    ) -> float | None:
        """The Changes API's rule for one personal-data write (the notes' reading):
        ``X-Base-Change`` after the user's latest change is a 400; below the object's
        latest change the later ``X-Change-Timestamp`` wins. Returns the change's time,
        or ``None`` when the stored, newer change wins (nothing is written)."""
        raw = request.headers.get("x-base-change", "").strip() or "0"
        stamp = request.headers.get("x-change-timestamp", "").strip()
        if not raw.isdigit():
            raise fail(400, "validation_error", "X-Base-Change: a change id",
                       {"parameter": "X-Base-Change"})  # fmt: skip
        try:
            when = _data.utc_epoch(stamp) if stamp else self.clock()
        except ValueError:
            raise fail(400, "validation_error", "X-Change-Timestamp: YYYY-MM-DDThh:mm:ssZ",
                       {"parameter": "X-Change-Timestamp"}) from None  # fmt: skip
        base, mine = int(raw), [c for c in self.changes if c["user_id"] == user_id]
        latest = max((c["id"] for c in mine), default=0)
        if base > latest:
            raise fail(400, "validation_error", f"X-Base-Change: {base} is after the latest "
                       f"change {latest}", {"parameter": "X-Base-Change"})  # fmt: skip
        same = [c for c in mine if (c["entity_type"], c["entity_id"]) == (entity_type, entity_id)]
        last = same[-1] if same else None
        if last is not None and base < last["id"] and _data.utc_text(when) < last["timestamp"]:
            return None
        return when

    def _remove_user(self, user: Record, how: str) -> None:
        """Take a user out of :attr:`users` (their tokens stop working), ending their
        running subscriptions and dropping who follows whom."""
        for subscription in self._subscriptions_of(user["id"]):
            if subscription["state"] in LIVE_STATES:
                subscription["state"], subscription["next_billing_date"] = 7, None
        for grants in (self._access, self._refresh):
            for token in [t for t, grant in grants.items() if grant.user_id == user["id"]]:
                del grants[token]
        self.favourites.pop(user["id"], None)
        for marks in self.favourites.values():
            marks.discard(("user", user["id"]))
        user["deleted"] = how
        self.deleted_users[user["id"]] = self.users.pop(user["id"])

    def _ordered(self, user: Record, kind: str, records: Iterable[str]) -> list[str]:
        """The ids of ``kind`` the user favourited, in ``records``' order."""
        marks = self.favourites.get(user["id"], set())
        return [record_id for record_id in records if (kind, record_id) in marks]

    # -- users: lookups and edits --------------------------------------------------------

    def on_users_search(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        email, msisdn, query = (params.get(n, "").strip() for n in ("email", "msisdn", "query"))
        profiles = params.get("account_users", "false")
        external = params.get("external_user_id"), params.get("external_provider_id")
        if profiles not in ("true", "false"):
            raise fail(400, "validation_error", "account_users: true or false",
                       {"parameter": "account_users"})  # fmt: skip
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
        for name, value in (("email", email), ("msisdn", msisdn)):
            if value:
                found = [u for u in found if (u[name] or "").casefold() == value.casefold()]
        if profiles == "true":
            found = [u for u in found if self._acts_for(u)]
        if external[0] is not None:
            linked = self.partner_links.get((external[1] or "", external[0]))
            found = [u for u in found if u["id"] == linked]
        extended = admin or bool(email or msisdn) or profiles == "true"
        if query:
            keys = ("username", "firstname", "lastname") + (("email", "msisdn") if admin else ())
            words = query.casefold().split()
            found = [
                u for u in found
                if all(w in " ".join(u[k] or "" for k in keys).casefold() for w in words)
                and (not u["privacy_profile_private"] or self._acts_for(u))
            ]  # fmt: skip
        view = self.user_view if extended else self.base_user_view
        return self._page(request, "users.search", [view(request, u) for u in found], "users")

    def on_users_update(self, request: httpx.Request, user_id: str) -> httpx.Response:
        fields = Fields(json_body(request), _UPDATE_FIELDS)
        values: dict[str, Any] = {n: fields.text(n) for n in (
            "firstname", "lastname", "email", "region", "password", "username",
        )}  # fmt: skip
        values["profile_type"] = fields.text("profile_type", choices=("standard", "child"))
        values["payment_type"] = fields.integer("payment_type", choices=(3, 4))
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
            change = self._follow(request, user, favourite)
            headers = {} if change is None else {"X-Change": str(change)}
        user.update(values)
        return self.json_response({"user": self._shown(request, user)}, headers=headers)

    def _follow(self, request: httpx.Request, user: Record, favourite: bool) -> int | None:
        """The caller follows (or unfollows) ``user``: a change record, or ``None`` when a
        newer change of the same follow wins."""
        me = self.caller.user_id
        if me is None:
            raise fail(403, "access_denied", "Only a logged-in user can follow a user.")
        if user["id"] == me:
            raise fail(400, "validation_error", "favourite: a user cannot follow themselves",
                       {"parameter": "favourite"})  # fmt: skip
        when = self._accept_change(request, me, "user", user["id"])
        if when is None:
            return None
        marks = self.favourites.setdefault(me, set())
        (marks.add if favourite else marks.discard)(("user", user["id"]))
        return self.add_change(me, "PATCH", "user", self.base_user_view(request, user),
                               timestamp=when)  # fmt: skip

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
        for name, factory in _USER_DATA.items():
            user[name] = factory()
        self.changes[:] = [c for c in self.changes if c["user_id"] != user_id]
        self.redemptions[:] = [r for r in self.redemptions if r["user_id"] != user_id]
        for link in [key for key, linked in self.partner_links.items() if linked == user_id]:
            del self.partner_links[link]
        for key in [
            key for key, record in self.activations.items() if record["user_id"] == user_id
        ]:
            del self.activations[key]
        for key in [key for key, group in self.release_groups.items() if group["owner"] == user_id]:
            del self.release_groups[key]
        self.shelves.pop(user_id, None)
        return self.json_response({"message": "User was deleted."})

    def on_users_attach_card(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        token = Fields(json_body(request), ("token",)).required_text("token")
        # The page: the user's default payment type becomes Stripe (3).
        user["payment_type"] = 3
        card = {"payment_type": 3, "reference": "card_" + self._sign(token)[:24]}
        user["payment_methods"].append(card)
        return self.json_response({})

    # -- users: coupons and charges ------------------------------------------------------

    def on_users_coupons(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        if request.url.params.get("type") != "giftcard":
            raise fail(400, "validation_error", "type: is required and must be giftcard",
                       {"parameter": "type"})  # fmt: skip
        sizes = image_sizes(request, "X-Coupon-Offer-Image-Sizes")
        views = [
            {**{k: c[k] for k in ("id", "code", "type", "product_id", "paid")},
             "redeemed": c["redeemed_by"] is not None,
             "valid": c["paid"] and c["redeemed_by"] is None,
             "offer": {"id": c["offer_id"],
                       "image": self._image("offers", c["offer_id"] or c["id"], sizes)}}
            for c in self.coupons.values() if c["owner"] == user["id"]
        ]  # fmt: skip
        return self._page(request, "users.coupons", views, "coupons")

    def on_users_redemptions(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._self_only(user_id)
        keys = ("id", "coupon_id", "product_id", "subscription_id", "created")
        views = [{k: r[k] for k in keys} for r in reversed(self.redemptions)
                 if r["user_id"] == user["id"]]  # fmt: skip
        return self._page(request, "users.redemptions", views, "redemptions")

    def on_users_redeem_coupon(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._self_only(user_id)
        code = Fields(json_body(request), ("coupon",)).required_text("coupon")
        coupon = self.coupons.get(code)
        if coupon is None:
            raise fail(404, "error_not_found", "No coupon has this code.")
        if coupon["redeemed_by"] is not None or not coupon["paid"]:
            why = "has been redeemed" if coupon["redeemed_by"] else "has not been paid for"
            raise fail(400, "validation_error", f"coupon: {why}", {"parameter": "coupon"})
        running = [
            s for s in self._subscriptions_of(user["id"])
            if s["product_id"] == coupon["product_id"] and s["state"] in LIVE_STATES
        ]  # fmt: skip
        if running:
            # Extends the running subscription by the coupon's interval.
            subscription = running[0]
            expiry = _data.add_period(
                _data.utc_epoch(subscription["expiry_date"]),
                coupon["interval"],
                coupon["interval_unit"],
            )
            subscription["expiry_date"] = expiry
            if subscription["next_billing_date"] is not None:
                subscription["next_billing_date"] = expiry
        else:
            subscription = self.add_subscription(user["id"], coupon["product_id"], renewable=False)
            subscription["expiry_date"] = _data.add_period(
                self.clock(), coupon["interval"], coupon["interval_unit"]
            )
        coupon["redeemed_by"] = user["id"]
        self.redemptions.append({
            "id": self._next("redemption"), "user_id": user["id"],
            "coupon_id": coupon["id"], "product_id": coupon["product_id"],
            "subscription_id": subscription["id"], "created": _data.utc_text(self.clock()),
        })  # fmt: skip
        return self.json_response({})

    def on_users_charge(self, request: httpx.Request, user_id: str) -> httpx.Response:
        body = json_body(request)
        if body.get("reason") != "external_charge":
            self._target_user(user_id, admin=True)  # an external charge checks its scope
        charge = self.create_charge(body, path_user_id=user_id)
        return self.json_response({"id": charge["id"]})

    # -- users: credentials --------------------------------------------------------------

    def on_users_add_credential(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        fields = Fields(json_body(request), ("type", "credential"))
        kind = fields.required_integer("type", choices=_CREDENTIAL_TYPES)
        value = fields.required_text("credential")
        if kind in (6, 8) and "@" not in value.strip("@"):
            raise fields.invalid("credential", "must be an e-mail address")
        name = {8: "email", 9: "msisdn"}.get(kind)
        if name and (user[name] or "").casefold() != value.casefold() and self._taken(name, value):
            raise fail(409, "conflict", f"credential: another user has this {name}",
                       {"parameter": "credential"})  # fmt: skip
        token = f"{self._rng.randrange(1_000_000):06d}" if kind in _BY_TOKEN else None
        _own(user, "credentials").append(
            {"type": kind, "credential": value, "verified": token is None, "token": token}
        )
        return self.json_response({})

    def on_users_verify_credential(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._user(user_id)
        fields = Fields(json_body(request), ("token", "type"))
        token = fields.required_text("token")
        kind = fields.required_integer("type", choices=_CREDENTIAL_TYPES)
        pending = next((
            c for c in reversed(_own(user, "credentials"))
            if c["type"] == kind and c["token"] is not None and same_secret(token, c["token"])
        ), None)  # fmt: skip
        if pending is None:
            raise fields.invalid("token", "is not a pending verification of this user")
        pending["verified"], pending["token"] = True, None
        name = {8: "email", 9: "msisdn"}.get(kind)
        if name:
            user[name] = pending["credential"]
        return self.json_response({})

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
        return self._page(request, "users.events", views, "events")

    def on_users_registered_friends(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        contacts = {contact.casefold() for contact in _own(user, "contacts")}
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
        return self._page(request, "users.favouritees", views, "users")

    def on_users_favourite_users(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._visible(user_id)
        ids = self._ordered(user, "user", self.users)
        views = [self.base_user_view(request, self.users[i]) for i in ids]
        return self._page(request, "users.favourite_users", views, "users")

    def on_users_favourite_artists(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._visible(user_id)
        ids = self._ordered(user, "artist", self.catalog.artists)
        views = [self.artist_view(request, self.catalog.artists[i]) for i in ids]
        return self._page(request, "users.favourite_artists", views, "artists")

    def on_users_favourite_tracks(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._visible(user_id)
        ids = self._ordered(user, "track", self.catalog.tracks)
        views = [self.track_view(request, self.catalog.tracks[i]) for i in ids]
        return self._page(request, "users.favourite_tracks", views, "tracks")

    def _favourite_releases(
        self, request: httpx.Request, key: str, user_id: str, types: set[str] | None
    ) -> httpx.Response:
        user = self._visible(user_id)
        ids = self._ordered(user, "release", self.catalog.releases)
        releases = [self.catalog.releases[i] for i in ids]
        if types is not None:
            releases = [r for r in releases if r["type"] in types]
        views = [self.release_view(request, release) for release in releases]
        return self._page(request, key, views, "releases")

    def on_users_favourite_releases(self, request: httpx.Request, user_id: str) -> httpx.Response:
        raw = request.url.params.get("types")
        types = None
        if raw is not None:
            names = [name.strip() for name in raw.split(",") if name.strip()]
            if not names:
                raise fail(400, "validation_error", "types: a comma list of release types",
                           {"parameter": "types"})  # fmt: skip
            types = {t for name in names for t in _RELEASE_TYPES.get(name, (name,))}
        return self._favourite_releases(request, "users.favourite_releases", user_id, types)

    def on_users_favourites(self, request: httpx.Request, user_id: str) -> httpx.Response:
        return self._favourite_releases(request, "users.favourites", user_id, None)

    # -- users: metadata, tracking, balances --------------------------------------------

    def on_users_metadata(self, request: httpx.Request, user_id: str) -> httpx.Response:
        return self.json_response(dict(_own(self._self_or_admin(user_id), "metadata")))

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
        bag = _own(user, "metadata")
        if len(bag.keys() | entries.keys()) > MAX_METADATA_KEYS:
            raise fail(409, "conflict", f"A user's metadata holds at most {MAX_METADATA_KEYS} "
                       "entries.")  # fmt: skip
        bag.update(entries)
        return self.json_response({})

    def on_users_delete_metadata(
        self, request: httpx.Request, user_id: str, key: str
    ) -> httpx.Response:
        bag = _own(self._user(user_id), "metadata")
        if key not in bag:
            raise fail(404, "error_not_found", f"No metadata entry {key[:50]!r}.")
        del bag[key]
        return self.json_response({})

    def on_users_tracking(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        # Stable per user and not the user id: what analytics may keep.
        return self.json_response({"tracking": {"id": self._sign(f"tracking:{user['id']}")[:32]}})

    def on_users_balances(self, request: httpx.Request, user_id: str) -> httpx.Response:
        balances = _own(self._target_user(user_id), "balances")
        views = [{"currency": c, "amount": balances[c]} for c in sorted(balances) if balances[c]]
        return self._page(request, "users.balances", views, "balances")
