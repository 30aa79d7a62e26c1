"""Commerce operations: products and billing (charges, coupons and campaigns come later)."""

from __future__ import annotations

from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import LIVE_STATES, Base
from beatkit.testing.beattech._http import Fields, fail, json_body

__all__ = ["PAYMENT_TYPES", "Commerce"]

PAYMENT_TYPES = {3: "stripe", 4: "reepay"}
"""Payment types the fake's billing accepts (the page names 3 Stripe and 4 Billwerk/Reepay)."""
_SUBTYPES = ("card", "bancontact", "ideal", "sepa_debit")
_SETUP_FIELDS = (
    "payment_type", "payment_method_subtype", "product_id", "campaign_code", "redirect_url",
    "cancel_url", "payment_type_args",
)  # fmt: skip
_PRODUCT_KEYS = (
    "id", "name", "recurring_price", "recurring_interval", "recurring_interval_unit",
    "trial_interval",
)  # fmt: skip


class Commerce(Base):
    """``/products`` and ``/billing/*``."""

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
        return self._page(request, "products.list", views, "products")

    def on_products_get(self, request: httpx.Request, product_id: str) -> httpx.Response:
        product = self.products.get(product_id)
        if product is None:
            raise fail(404, "error_not_found", f"Product {product_id} was not found.")
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
            if subscription["user_id"] == me["id"] and subscription["state"] in LIVE_STATES:
                subscription["payment_type"] = payment_type
        return self.json_response({})
