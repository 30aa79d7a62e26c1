"""Account operations: users, credentials, subscriptions and password resets (partner
users and activations are in ``partners``)."""

from __future__ import annotations

from typing import Any

import httpx

import beatkit.testing.beattech._data as _data
from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import LIVE_STATES
from beatkit.testing.beattech._http import Fields, fail, json_body, same_secret
from beatkit.testing.beattech._views import Views

__all__ = ["MIN_PASSWORD_LENGTH", "Accounts"]

_USER_FIELDS = (
    "msisdn", "firstname", "lastname", "username", "email", "password", "newsletter",
    "intent", "profile_type", "email_token", "avatar_id", "region",
)  # fmt: skip
_VERIFIABLE = (6, 8)  # credential types with a verification method (the page: 6 and 8)
STOP, RESUME = 6, 3
MIN_PASSWORD_LENGTH = 8
"""The shortest password a reset sets (the page: "the configured minimum length")."""


class Accounts(Views):
    """Sign-up, users, e-mail verification, migrations and subscriptions."""

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
