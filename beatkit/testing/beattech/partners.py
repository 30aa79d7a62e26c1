"""Partner users and their activations (part of the accounts group, kept apart for size)."""

from __future__ import annotations

from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import LIVE_STATES
from beatkit.testing.beattech._http import Fields, fail, found, json_body, required_param
from beatkit.testing.beattech.credentials import users_with
from beatkit.testing.beattech.users import Users

__all__ = ["Partners"]

PENDING, CONFIRMED, CANCELED = "PENDING", "CONFIRMED", "CANCELED"
_PARTNER_USER_FIELDS = (
    "email", "msisdn", "firstname", "lastname", "password", "username", "region", "newsletter",
)  # fmt: skip
INCOMPLETE, ACTIVE = 9, 3


class Partners(Users):
    """``/partnerusers/activations`` (partner headers) and ``/activations`` (users)."""

    def _find_user(self, email: str | None, msisdn: str | None) -> Record | None:
        """The user with this e-mail address, else the one with this msisdn."""
        for name, value in (("email", email), ("msisdn", msisdn)):
            found = users_with(self.users.values(), name, value) if value else []
            if found:
                return found[0]
        return None

    def _partner_user(self, data: dict[str, Any]) -> tuple[str, bool, bool]:
        """The user ``data`` matches or creates: ``(user_id, created, password_applied)``."""
        fields = Fields(data, _PARTNER_USER_FIELDS, prefix="user.")
        email, msisdn = fields.text("email"), fields.text("msisdn")
        if not email and not msisdn:
            raise fields.invalid("email", "an email or an msisdn is required")
        values: dict[str, Any] = {name: fields.text(name) for name in (
            "firstname", "lastname", "password", "username", "region",
        )}  # fmt: skip
        newsletter = fields.flag("newsletter", False)
        existing = self._find_user(email, msisdn)
        if existing is not None:
            return str(existing["id"]), False, False
        password, region = values.pop("password"), values.pop("region")
        made = self._add_user(**values, email=email, msisdn=msisdn,
                             password=password or self._secret(16))  # fmt: skip
        self.users[made.id].update(newsletter=newsletter, region=region)
        return made.id, True, password is not None

    def on_partner_users_activate(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("partneruser", "user", "product", "state"))
        link = Fields(fields.object("partneruser", required=True) or {}, ("external_id",),
                      prefix="partneruser.")  # fmt: skip
        external_id = link.required_text("external_id")
        product = Fields(fields.object("product", required=True) or {}, ("id",), prefix="product.")
        product_id = product.required_text("id")
        user_data = fields.object("user")
        requested_state = fields.integer("state")
        partner_id = self.caller.partner_id or ""
        found(self.products, product_id, "Product")
        user_id = self.partner_links.get((partner_id, external_id))
        created = applied = False
        if user_id is None:
            if user_data is None:
                raise fail(
                    404,
                    "error_not_found",
                    f"No user has external_id {external_id}; send user to create one.",
                )
            user_id, created, applied = self._partner_user(user_data)
            self.partner_links[(partner_id, external_id)] = user_id
        running = [
            s for s in self.subscriptions.values()
            if s["user_id"] == user_id and s["partner_id"] == partner_id
            and self._running(s)
        ]  # fmt: skip
        same = next((s for s in running if s["product_id"] == product_id), None)
        if same is not None:
            activation = next(a for a in self.activations.values()
                              if a["subscription_id"] == same["id"])  # fmt: skip
        else:
            activation = self._activate(
                user_id,
                product_id,
                partner_id,
                external_id,
                confirm=requested_state == 2 and bool(running),
            )
            activation["was_user_created"] = created
            # The partner's subscription to another product ends, and its activation
            # with it: ending that activation again is the page's 400 (L7616).
            for old in running:
                self._end_subscription(old)
                for replaced in self.activations.values():
                    if replaced["subscription_id"] == old["id"]:
                        replaced["state"] = CANCELED
        return self.json_response({
            "activation": {key: activation[key] for key in ("id", "url", "confirmation_url")},
            "user": {"id": user_id, "was_user_created": created,
                     "was_requested_password_applied": applied},
        })  # fmt: skip

    def _activate(
        self, user_id: str, product_id: str, partner_id: str, external_id: str, *, confirm: bool
    ) -> Record:
        """A new subscription (INCOMPLETE until confirmed) and its activation."""
        subscription = self.add_subscription(
            user_id, product_id, state=ACTIVE if confirm else INCOMPLETE
        )
        subscription["partner_id"] = partner_id
        activation_id = self._next("activation")
        code = self._secret(24)
        self.activations[activation_id] = {
            "id": activation_id, "partner_id": partner_id, "external_id": external_id,
            "user_id": user_id, "product_id": product_id, "subscription_id": subscription["id"],
            "state": CONFIRMED if confirm else PENDING, "confirmation_code": code,
            "was_user_created": False,
            "url": f"{self.web_url}/activations/{activation_id}",
            "confirmation_url": f"{self.web_url}/activations/confirm?confirmation_code={code}",
        }  # fmt: skip
        return self.activations[activation_id]

    def on_partner_users_end(self, request: httpx.Request, activation_id: str) -> httpx.Response:
        activation = self.activations.get(activation_id)
        if activation is None or activation["partner_id"] != self.caller.partner_id:
            raise fail(404, "error_not_found", f"Activation {activation_id} was not found.")
        if activation["state"] == CANCELED:
            raise fail(400, "validation_error", f"Activation {activation_id} is already canceled.")
        activation["state"] = CANCELED
        subscription = self.subscriptions[activation["subscription_id"]]
        if subscription["state"] in LIVE_STATES:
            self._end_subscription(subscription)
        return self.json_response({})

    # -- /activations (the user's confirmation step) -------------------------------------

    def on_activations_confirm(self, request: httpx.Request, activation_id: str) -> httpx.Response:
        activation = found(self.activations, activation_id, "Activation")
        fields = Fields(json_body(request), ("state",))
        fields.required_text("state", choices=(CONFIRMED,))
        if activation["user_id"] != self.caller.user_id:
            raise fail(403, "access_denied", "The activation belongs to another user.")
        if activation["state"] == CANCELED:
            raise fail(400, "validation_error", f"Activation {activation_id} was canceled.")
        if activation["state"] == CONFIRMED:
            return self.json_response({}, 208)
        activation["state"] = CONFIRMED
        subscription = self.subscriptions[activation["subscription_id"]]
        if subscription["state"] == INCOMPLETE:
            subscription["state"] = ACTIVE
            if subscription["renewable"]:
                subscription["next_billing_date"] = subscription["expiry_date"]
        return self.json_response({})

    def on_activations_lookup(self, request: httpx.Request) -> httpx.Response:
        code = required_param(request, "confirmation_code")
        keys = ("id", "state", "user_id", "product_id", "was_user_created")
        found = [
            {key: a[key] for key in keys}
            for a in self.activations.values() if a["confirmation_code"] == code
        ]  # fmt: skip
        return self.json_response({"activations": found})
