"""Commerce operations: products, billing, charges, coupons and campaigns."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import httpx

import beatkit.testing.beattech._data as _data
from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import Base, own
from beatkit.testing.beattech._http import (
    Fields,
    fail,
    found,
    image_sizes,
    invalid,
    json_body,
    required_param,
    same_secret,
)
from beatkit.testing.beattech._views import image_urls

__all__ = ["CHARGE_FIELDS", "PAYMENT_TYPES", "Commerce"]

PAYMENT_TYPES = {3: "stripe", 4: "reepay"}
"""Payment types the fake's billing accepts (the page names 3 Stripe and 4 Billwerk/Reepay)."""
_SUBTYPES = ("card", "bancontact", "ideal", "sepa_debit")
_SETUP_FIELDS = (
    "payment_type", "payment_method_subtype", "product_id", "campaign_code", "redirect_url",
    "cancel_url", "payment_type_args",
)  # fmt: skip
CHARGE_FIELDS = (
    "reason", "entity_type", "entity_id", "payment_type", "source", "email", "recipient_name",
    "message", "amount", "unit", "user_id",
)  # fmt: skip
"""The fields of a charge's body (``POST /charges`` and ``POST /users/{id}/charges``)."""
_REASONS = (
    "offlining", "coupon", "purchase", "campaign", "external_charge", "vipps_initial_charge",
    "vipps_renew",
)  # fmt: skip
_CHARGED = ("track", "release", "coupon", "campaign", "balance")
_LISTED = ("coupon", "release", "campaign", "track")  # GET /charges has no balance
_EXTERNAL = "external_charge"
_EXTERNAL_SCOPE = "external-charge"
_MAX_IDS = 1000  # the page: "Max: 1000 IDs"
_CHARGE_KEYS = (
    "id", "reason", "entity_type", "entity_id", "user_id", "amount", "unit", "state", "created",
)  # fmt: skip
_PRODUCT_KEYS = (
    "id", "name", "recurring_price", "recurring_interval", "recurring_interval_unit",
    "trial_interval",
)  # fmt: skip


class Commerce(Base):
    """``/products``, ``/billing/*``, ``/charges``, ``/coupons`` and ``/campaigns``."""

    # -- test helpers ----------------------------------------------------------------------

    def complete_setup_intent(self, client_secret: str) -> str:
        """Collect card details for a setup intent, as the provider's client SDK would.

        Args:
            client_secret: The ``client_secret`` of ``POST /billing/setupintents``.

        Returns:
            The tokenized payment method reference (``pm_...``) that
            ``GET /billing/paymentmethods?setupintent=`` then lists.

        Raises:
            KeyError: No setup intent has this client secret.
        """
        with self._lock:
            intent = self.setup_intents[client_secret]
            reference = "pm_" + self._secret(24)
            intent["references"].append(reference)
            return reference

    # -- products ------------------------------------------------------------------------

    @staticmethod
    def product_view(product: Record) -> dict[str, Any]:
        """A product: name, recurring price (minor units, NOK) and intervals."""
        view = {key: product[key] for key in _PRODUCT_KEYS}
        view["currency"] = "NOK"
        view["trial_interval_unit"] = "day"
        return view

    def on_products_list(self, request: httpx.Request) -> httpx.Response:
        views = [self.product_view(product) for product in self.products.values()]
        return self._page(request, views, "products")

    def on_products_get(self, request: httpx.Request, product_id: str) -> httpx.Response:
        product = found(self.products, product_id, "Product")
        return self.json_response({"product": self.product_view(product)})

    # -- billing -------------------------------------------------------------------------

    def on_billing_create_setup_intent(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        fields = Fields(json_body(request), _SETUP_FIELDS)
        payment_type = fields.required_integer("payment_type", choices=tuple(PAYMENT_TYPES))
        subtype = fields.text("payment_method_subtype", choices=_SUBTYPES)
        product_id = fields.text("product_id")
        if product_id is not None and product_id not in self.products:
            raise fields.invalid("product_id", f"no product {product_id}")
        for name in ("campaign_code", "redirect_url", "cancel_url"):
            fields.text(name)
        fields.object("payment_type_args")
        client_secret = "seti_" + self._secret(32)
        self.setup_intents[client_secret] = {
            "client_secret": client_secret, "user_id": me["id"], "payment_type": payment_type,
            "payment_method_subtype": subtype, "product_id": product_id, "references": [],
        }  # fmt: skip
        # The nested client_secret is deprecated but still sent (the page, step 5a).
        intent = {"payment_type": payment_type, "client_secret": client_secret}
        return self.json_response({"client_secret": client_secret, "setup_intent": intent})

    def on_billing_payment_methods(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        intent = self.setup_intents.get(request.url.params.get("setupintent", ""))
        # Without setupintent (or with another user's) the page's answer is an empty list.
        if intent is None or intent["user_id"] != me["id"]:
            return self.json_response([])
        return self.json_response([{"reference": ref} for ref in intent["references"]])

    def on_billing_attach_payment_method(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        fields = Fields(json_body(request), ("payment_type", "reference"))
        payment_type = fields.required_integer("payment_type", choices=tuple(PAYMENT_TYPES))
        reference = fields.required_text("reference")
        known = any(
            reference in intent["references"] and intent["payment_type"] == payment_type
            for intent in self.setup_intents.values() if intent["user_id"] == me["id"]
        )  # fmt: skip
        if not known:
            raise fields.invalid("reference", "is not a payment method of a setup intent of yours")
        me["payment_type"] = payment_type
        me["payment_methods"].append({"payment_type": payment_type, "reference": reference})
        for subscription in self.subscriptions.values():
            # The page, step 5c: active subscriptions move to the new provider.
            if subscription["user_id"] == me["id"] and self._running(subscription):
                subscription["payment_type"] = payment_type
        return self.json_response({})

    # -- charges -------------------------------------------------------------------------

    @staticmethod
    def charge_view(charge: Record) -> dict[str, Any]:
        """A charge as the lists show it (no payment source, no e-mail text)."""
        return {key: charge[key] for key in _CHARGE_KEYS}

    def create_charge(self, data: dict[str, Any], *, path_user_id: str | None = None) -> Record:
        """Check and store a one-time charge: the shared body of ``POST /charges`` and
        its deprecated per-user alias (whose path ``user_id`` wins over the body's).

        The charged user is the external charge's ``user_id`` (needs the
        ``external-charge`` scope), else the path's, else the caller; without a user
        an ``email`` is required. Paying for a gift card (``entity_type=coupon``,
        ``entity_id=<code>`` or its id) makes it valid.

        Raises:
            beatkit.testing._app.Abort: 400 for a bad field, 403 without the scope an
                external charge needs, 404 for an unknown user or entity, 409 for a paid gift card.
        """
        fields = Fields(data, CHARGE_FIELDS)
        reason = fields.required_text("reason", choices=_REASONS)
        entity_type = fields.required_text("entity_type", choices=_CHARGED)
        entity_id = fields.text("entity_id")
        body_user = fields.text("user_id")
        payment_type = fields.payment_type()
        amount = fields.integer("amount")
        unit = fields.text("unit", choices=("XCR", "EUR"))
        email = fields.text("email")
        for name in ("source", "recipient_name", "message"):
            fields.text(name)
        if reason == _EXTERNAL:
            self._require_scope(_EXTERNAL_SCOPE)
            if path_user_id is None and body_user is None:
                raise fields.invalid("user_id", "is required with reason external_charge")
        elif body_user is not None and path_user_id is None:
            raise fields.invalid("user_id", "is only taken with reason external_charge")
        user_id = path_user_id or body_user or self.caller.user_id
        user = None if user_id is None else self._user(user_id)
        if user is None and email is None:
            raise fields.invalid("email", "is required to charge without a logged-in user")
        if amount is not None and amount < 0:
            raise fields.invalid("amount", "must not be negative")
        if entity_type == "balance":
            if amount is None or unit is None:
                raise fields.invalid("amount", "a balance top-up needs amount and unit")
        elif entity_id is None:
            raise fields.invalid("entity_id", f"is required to charge for a {entity_type}")
        else:
            self._chargeable(entity_type, entity_id)
        with self._lock:
            charge_id = self._next("charge")
            self.charges[charge_id] = {
                "id": charge_id, "reason": reason, "entity_type": entity_type,
                "entity_id": entity_id, "user_id": user_id, "email": email,
                "payment_type": payment_type, "amount": amount, "unit": unit,
                "state": "completed", "created": _data.utc_text(self.clock()),
            }  # fmt: skip
            self._deliver(user, reason, entity_type, entity_id, amount, unit)
            return self.charges[charge_id]

    def _deliver(
        self, user: Record | None, reason: str, entity_type: str, entity_id: str | None,
        amount: int | None, unit: str | None,
    ) -> None:  # fmt: skip
        """What a charge buys: a gift card paid for (and owned by the payer), a balance
        topped up, a purchased release on the user's ``purchased`` group."""
        if entity_type == "coupon" and entity_id is not None:
            coupon = self.charged_coupon(entity_id)
            if coupon is not None:
                coupon["paid"] = True
                coupon["owner"] = coupon["owner"] or (user and user["id"])
        elif entity_type == "balance" and user is not None and amount and unit:
            balances = own(user, "balances")
            balances[unit] = balances.get(unit, 0) + amount
        elif reason == "purchase" and user is not None and entity_id is not None:
            track = self.catalog.tracks.get(entity_id)
            release_id = entity_id if entity_type == "release" else track and track["release_id"]
            shelf = self.shelves.setdefault(user["id"], {}).setdefault("purchased", [])
            if release_id and release_id not in shelf:
                shelf.append(release_id)

    def _chargeable(self, entity_type: str, entity_id: str) -> None:
        """Refuse a charge for an entity that does not exist (404) or a paid gift card (409)."""
        if entity_type == "coupon":
            coupon = self.charged_coupon(entity_id)
            if coupon is None:
                raise fail(404, "error_not_found", "No coupon has this id or code.")
            if coupon["paid"]:
                raise fail(409, "conflict", "This coupon is paid for already.")
            return
        table = {
            "track": self.catalog.tracks, "release": self.catalog.releases,
            "campaign": self.campaigns,
        }[entity_type]  # fmt: skip
        if entity_id not in table:
            raise fail(404, "error_not_found", f"No {entity_type} has id {entity_id}.")

    def _charge_filter(self, request: httpx.Request, choices: tuple[str, ...]) -> str:
        entity_type = str(request.url.params.get("entity_type", ""))
        if entity_type not in choices:
            raise invalid("entity_type", f"must be one of {', '.join(sorted(choices))}")
        return entity_type

    def _charge_names(self, charge: Record, ids: Collection[str]) -> bool:
        """Whether one of ``ids`` names the entity ``charge`` is for; a gift card by its
        id or its code, whichever the charge was made with."""
        if charge["entity_id"] in ids:
            return True
        if charge["entity_type"] != "coupon" or charge["entity_id"] is None:
            return False
        coupon = self.charged_coupon(charge["entity_id"])
        return coupon is not None and any(self.charged_coupon(i) is coupon for i in ids)

    def on_charges_list(self, request: httpx.Request) -> httpx.Response:
        entity_type = self._charge_filter(request, _LISTED)
        raw = request.url.params.get("entity_id", "")
        ids = [part.strip() for part in raw.split(",") if part.strip()]
        if not ids or len(ids) > _MAX_IDS:
            raise invalid("entity_id", f"one to {_MAX_IDS} ids")
        mine = [
            self.charge_view(c) for c in self.charges.values()
            if c["user_id"] is not None and c["user_id"] == self.caller.user_id
            and c["entity_type"] == entity_type and self._charge_names(c, ids)
        ]  # fmt: skip
        return self.json_response({"charges": mine})

    def on_charges_create(self, request: httpx.Request) -> httpx.Response:
        charge = self.create_charge(json_body(request))
        return self.json_response({"id": charge["id"]})

    def on_charges_cancel(self, request: httpx.Request, charge_id: str) -> httpx.Response:
        self._require_scope(_EXTERNAL_SCOPE)
        charge = found(self.charges, charge_id, "Charge")
        if charge["reason"] != _EXTERNAL:
            raise fail(400, "validation_error",
                       "Only charges with reason external_charge can be cancelled.")  # fmt: skip
        # Cancelling a cancelled charge answers the same (a DELETE may be replayed).
        charge["state"] = "cancelled"
        return self.json_response({})

    def on_charges_list_external(self, request: httpx.Request, user_id: str) -> httpx.Response:
        self._require_scope(_EXTERNAL_SCOPE)
        user = self._user(user_id)
        entity_type = self._charge_filter(request, _CHARGED)
        entity_id = request.url.params.get("entity_id")
        found = [
            self.charge_view(c) for c in self.charges.values()
            if c["reason"] == _EXTERNAL and c["user_id"] == user["id"]
            and c["entity_type"] == entity_type
            and (entity_id is None or self._charge_names(c, (entity_id,)))
        ]  # fmt: skip
        return self.json_response({"charges": found})

    # -- coupons -------------------------------------------------------------------------

    def find_coupon(self, code: str) -> Record | None:
        """The coupon with ``code`` (compared in constant time), or ``None``."""
        for known, coupon in self.coupons.items():
            if same_secret(code, known):
                return coupon
        return None

    def charged_coupon(self, entity_id: str) -> Record | None:
        """The coupon a charge's ``entity_id`` names: its code (L2731's gift-card lifecycle,
        compared in constant time) or its id (L2520: "coupon_id"), else ``None``.

        Only charges take the id: a redemption and a lookup take the code, which is the
        credential."""
        coupon = self.find_coupon(entity_id)
        if coupon is not None:
            return coupon
        return next((c for c in self.coupons.values() if c["id"] == entity_id), None)

    def offer_view(self, request: httpx.Request, offer: Record) -> dict[str, Any]:
        """An offer: its image (empty without ``X-Coupon-Offer-Image-Sizes``), product,
        price and interval."""
        view = {key: offer[key] for key in (
            "id", "name", "product_id", "price", "currency", "interval", "interval_unit",
        )}  # fmt: skip
        sizes = image_sizes(request, "X-Coupon-Offer-Image-Sizes")
        view["image"] = image_urls("offers", offer["id"], sizes)
        return view

    def coupon_view(self, request: httpx.Request, coupon: Record) -> dict[str, Any]:
        """A coupon: ``valid`` when paid for and not redeemed; a gift card's offer."""
        view: dict[str, Any] = {
            "id": coupon["id"], "code": coupon["code"], "type": coupon["type"],
            "product_id": coupon["product_id"],
            "valid": bool(coupon["paid"]) and coupon["redeemed_by"] is None,
        }  # fmt: skip
        offer = self.coupon_offers.get(coupon["offer_id"] or "")
        if offer is not None:
            view["offer"] = self.offer_view(request, offer)
        return view

    def on_coupons_lookup(self, request: httpx.Request) -> httpx.Response:
        code = required_param(request, "code")
        product_id = request.url.params.get("product_id")
        coupon = self.find_coupon(code)
        found = [] if coupon is None else [coupon]
        if product_id is not None:
            found = [c for c in found if c["product_id"] == product_id]
        views = [self.coupon_view(request, c) for c in found]
        return self._page(request, views, "coupons")

    def on_coupons_generate(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("offer_id",))
        offer_id = fields.required_text("offer_id")
        offer = found(self.coupon_offers, offer_id, "Offer")
        with self._lock:
            coupon = self._new_giftcard(
                "GIFT-" + self._secret(12).upper(), offer["product_id"], offer_id=offer_id,
                owner=self.caller.user_id, paid=False, interval=offer["interval"],
                interval_unit=offer["interval_unit"],
            )  # fmt: skip
        return self.json_response({"coupon": self.coupon_view(request, coupon)})

    def _new_giftcard(
        self, code: str, product_id: str, *, offer_id: str | None, owner: str | None,
        paid: bool, interval: int, interval_unit: str,
    ) -> Record:  # fmt: skip
        """Store a gift card (unredeemed) under its code; ids continue past the seed's."""
        self.coupons[code] = {
            "id": self._next("coupon"), "code": code, "type": "giftcard",
            "product_id": product_id, "offer_id": offer_id, "owner": owner, "paid": paid,
            "redeemed_by": None, "interval": interval, "interval_unit": interval_unit,
        }  # fmt: skip
        return self.coupons[code]

    def on_coupons_offers(self, request: httpx.Request) -> httpx.Response:
        if request.url.params.get("type") != "giftcard":
            raise invalid("type", "only giftcard is supported")
        views = [self.offer_view(request, offer) for offer in self.coupon_offers.values()]
        return self._page(request, views, "offers")

    # -- campaigns -----------------------------------------------------------------------

    def on_campaigns_lookup(self, request: httpx.Request) -> httpx.Response:
        code = required_param(request, "utm_campaign")
        product_id = request.url.params.get("product_id")
        found = [
            dict(c) for c in self.campaigns.values()
            if c["utm_campaign"] == code and product_id in (None, c["product_id"])
        ]  # fmt: skip
        # The page: at most one campaign, in a list "for consistency" with paged lists.
        return self._page(request, found[:1], "campaigns")
