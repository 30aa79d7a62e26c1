"""A user's subscriptions and what pays for them: migrations, coupons and their
redemptions, charges, cards and balances."""

from __future__ import annotations

from typing import Any

import httpx

import beatkit.testing.beattech._data as _data
from beatkit.testing._crud import Record
from beatkit.testing._wire import DIGITS, to_int
from beatkit.testing.beattech._base import own
from beatkit.testing.beattech._http import (
    Fields,
    fail,
    found,
    image_sizes,
    invalid,
    json_body,
)
from beatkit.testing.beattech._views import Views, image_urls
from beatkit.testing.beattech.commerce import Commerce

__all__ = ["Subscriptions"]

STOP, RESUME = 6, 3


class Subscriptions(Views, Commerce):
    """``/users/{id}/subscriptions``, migrations, and a user's coupons, charges and balances."""

    # -- test helpers ----------------------------------------------------------------------

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
            own(self.users[user_id], "balances")[currency] = amount

    # -- subscriptions -------------------------------------------------------------------

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
        product = found(self.products, product_id, "Product")
        running = [s for s in self._subscriptions_of(user["id"]) if self._running(s)]
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
            self._end_subscription(old)
        state = 1 if product["trial_interval"] else 3
        record = self.add_subscription(user["id"], product_id, state=state, renewable=renewable)
        record["metadata"] = metadata
        return self.json_response({}, 201)

    def _subscriptions_of(self, user_id: str) -> list[Record]:
        return [s for s in self.subscriptions.values() if s["user_id"] == user_id]

    def _subscription(self, user_id: str, subscription_id: str, *, admin: bool = False) -> Record:
        """The path's subscription, if the caller owns it (or, with ``admin=True``, is a
        user-admin client)."""
        user = self._target_user(user_id, admin=admin)
        subscription = self.subscriptions.get(subscription_id)
        if subscription is None or subscription["user_id"] != user["id"]:
            raise fail(404, "error_not_found", f"Subscription {subscription_id} was not found.")
        if subscription["user_id"] != self.caller.user_id and not (admin and self._is_user_admin()):
            raise fail(403, "access_denied", "Only the subscription's owner may change it.")
        return subscription

    @staticmethod
    def subscription_view(subscription: Record) -> dict[str, Any]:
        """A subscription as the list shows it."""
        # start_date stays internal (quota windows use it): the page's sample has no such key.
        keys = ("id", "product_id", "state", "expiry_date", "next_billing_date")
        return {key: subscription[key] for key in keys}

    def on_subscriptions_list(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        raw = request.url.params.get("state")
        found = self._subscriptions_of(user["id"])
        if raw is None:
            found = [s for s in found if self._running(s)]
        elif raw != "all":
            if not DIGITS.fullmatch(raw):
                raise invalid("state", "a state number or all")
            found = [s for s in found if s["state"] == to_int(raw)]
        views = [self.subscription_view(s) for s in found]
        return self._page(request, views, "subscriptions")

    def on_subscriptions_update(
        self, request: httpx.Request, user_id: str, subscription_id: str
    ) -> httpx.Response:
        subscription = self._subscription(user_id, subscription_id)
        fields = Fields(json_body(request), ("state", "comment"))
        state = fields.required_integer("state", choices=(STOP, RESUME))
        comment = fields.text("comment")
        allowed = {STOP: (1, 3, 5, 6), RESUME: (3, 6)}[state]
        if subscription["state"] in allowed and not self._running(subscription):
            raise fields.invalid("state", f"subscription {subscription_id} has ended")
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
        # The owner ends it, or a user admin client "administratively" (L7183).
        subscription = self._subscription(user_id, subscription_id, admin=True)
        if not self._running(subscription):
            raise fail(400, "validation_error", f"Subscription {subscription_id} has ended.")
        self._end_subscription(subscription)
        subscription["expiry_date"] = _data.utc_text(self.clock())
        return self.json_response({})

    # -- users: coupons, charges, cards and balances --------------------------------------

    def on_users_coupons(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        if request.url.params.get("type") != "giftcard":
            raise invalid("type", "is required and must be giftcard")
        sizes = image_sizes(request, "X-Coupon-Offer-Image-Sizes")
        views = [
            {**{k: c[k] for k in ("id", "code", "type", "product_id")},
             "valid": c["paid"] and c["redeemed_by"] is None,
             "offer": {"id": c["offer_id"],
                       "image": image_urls("offers", c["offer_id"] or c["id"], sizes)}}
            for c in self.coupons.values() if c["owner"] == user["id"]
        ]  # fmt: skip
        return self._page(request, views, "coupons")

    def on_users_redemptions(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._self_only(user_id)
        keys = ("id", "coupon_id", "product_id", "subscription_id", "created")
        views = [{k: r[k] for k in keys} for r in reversed(self.redemptions)
                 if r["user_id"] == user["id"]]  # fmt: skip
        return self._page(request, views, "redemptions")

    def on_users_redeem_coupon(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._self_only(user_id)
        code = Fields(json_body(request), ("coupon",)).required_text("coupon")
        coupon = self.find_coupon(code)
        if coupon is None:
            raise fail(404, "error_not_found", "No coupon has this code.")
        if coupon["redeemed_by"] is not None or not coupon["paid"]:
            why = "has been redeemed" if coupon["redeemed_by"] else "has not been paid for"
            raise invalid("coupon", f"{why}")
        running = [
            s for s in self._subscriptions_of(user["id"])
            if s["product_id"] == coupon["product_id"] and self._running(s)
        ]  # fmt: skip
        if running:
            # Extends the running subscription by the coupon's interval.
            subscription = running[0]
            start = _data.utc_epoch(subscription["expiry_date"])
        else:
            # A new one, not renewable (it bills nothing), runs for the interval from now.
            subscription = self.add_subscription(user["id"], coupon["product_id"], renewable=False)
            start = self.clock()
        expiry = _data.add_period(start, coupon["interval"], coupon["interval_unit"])
        subscription["expiry_date"] = expiry
        if subscription["next_billing_date"] is not None:
            subscription["next_billing_date"] = expiry
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

    def on_users_attach_card(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        token = Fields(json_body(request), ("token",)).required_text("token")
        # The page: the user's default payment type becomes Stripe (3).
        user["payment_type"] = 3
        card = {"payment_type": 3, "reference": "card_" + self._sign(token)[:24]}
        user["payment_methods"].append(card)
        return self.json_response({})

    def on_users_balances(self, request: httpx.Request, user_id: str) -> httpx.Response:
        balances = own(self._target_user(user_id), "balances")
        views = [{"currency": c, "amount": balances[c]} for c in sorted(balances) if balances[c]]
        return self._page(request, views, "balances")
