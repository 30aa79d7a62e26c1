# GENERATED from beatkit/beattech/_async/commerce.py by scripts/unasync.py: edit the async source.
"""Commerce: billing, charges, coupons, campaigns and products."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import fields, optional_choice, optional_text
from beatkit._core.validate import check_choice, check_int, check_text
from beatkit.beattech._sync.base import BeatTechResource
from beatkit.beattech.charges import (
    CHARGE_ENTITY_TYPES,
    CHARGE_LIST_ENTITY_TYPES,
    ChargeEntityType,
    ChargeReason,
    ChargeUnit,
    charge_body,
    charge_check_note,
    generate_check_note,
    gift_codes,
)
from beatkit.beattech.context import text_id, text_ids
from beatkit.beattech.headers import ImageSizes, RangeArgs, every_window, ranged
from beatkit.beattech.identifiers import optional_id
from beatkit.beattech.models import (
    Campaign,
    Charge,
    ChargeRef,
    Coupon,
    CouponOffer,
    PaymentMethod,
    PaymentType,
    Product,
    SetupIntent,
)
from beatkit.beattech.wire import MAX_LOOKUP_IDS, charge_ref, items_in, payment_method_list

__all__ = ["Billing", "Campaigns", "Charges", "Coupons", "Products"]

_SUBTYPES = ("card", "bancontact", "ideal", "sepa_debit")
_OFFER_TYPES = ("giftcard",)


class Billing(BeatTechResource):
    """``bt.billing``: save a payment method to the logged-in user's account.

    The flow: :meth:`create_setup_intent`, hand its ``client_secret`` to the payment
    provider's SDK, look the tokenised method up with :meth:`payment_methods`, attach
    it with :meth:`attach_payment_method`, then ``bt.users.migrate(product_id)``.
    """

    def create_setup_intent(
        self,
        payment_type: PaymentType | int,
        *,
        payment_method_subtype: Literal["card", "bancontact", "ideal", "sepa_debit"] | None = None,
        product_id: str | int | None = None,
        campaign_code: str | None = None,
        redirect_url: str | None = None,
        cancel_url: str | None = None,
        payment_type_args: Mapping[str, Any] | None = None,
        options: RequestOptions | None = None,
    ) -> SetupIntent:
        """Create a setup intent to collect a card on the client side
        (``POST /v2/billing/setupintents``).

        Args:
            payment_type: :attr:`PaymentType.STRIPE` (3), :attr:`PaymentType.REEPAY`
                (4, Billwerk) or another the tenant uses.
            payment_method_subtype: ``"card"``, ``"bancontact"``, ``"ideal"`` or
                ``"sepa_debit"``; any the service allows when omitted.
            product_id: The product the user means to subscribe to (required for Vipps).
            campaign_code: A campaign changing the product's agreement (Vipps).
            redirect_url: Where the provider sends the user afterwards (Vipps,
                Paystack, Reepay).
            cancel_url: Where it sends the user on cancel (Reepay, Paystack).
            payment_type_args: Provider-specific arguments.
            options: Per-call timeout, retries or headers.

        Returns:
            The setup intent; give ``client_secret`` (not in its ``repr``) to the
            provider's SDK, or open ``https://checkout.reepay.com/#/<client_secret>``
            for Billwerk.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown subtype or a blank value.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        if payment_type_args is not None and not isinstance(payment_type_args, Mapping):
            raise TypeError("payment_type_args must be a mapping")
        body = fields(
            payment_type=int(check_int("payment_type", payment_type, minimum=0)),
            payment_method_subtype=optional_choice(
                "payment_method_subtype", payment_method_subtype, _SUBTYPES
            ),
            product_id=optional_id("product_id", product_id),
            campaign_code=optional_text("campaign_code", campaign_code),
            redirect_url=optional_text("redirect_url", redirect_url),
            cancel_url=optional_text("cancel_url", cancel_url),
            payment_type_args=None if payment_type_args is None else dict(payment_type_args),
        )
        return self._call(
            "billing.create_setup_intent", SetupIntent, json=body, options=options
        )

    def payment_methods(
        self, *, setupintent: str | None = None, options: RequestOptions | None = None
    ) -> builtins.list[PaymentMethod]:
        """The payment methods tokenised through a setup intent
        (``GET /v2/billing/paymentmethods?setupintent=``).

        Look the reference up here rather than attaching Stripe's ``pm_...`` id
        directly: a provider may replace the method after the setup.

        Args:
            setupintent: The setup intent's id (``seti_...``); without it the API
                answers an empty list.
            options: Per-call timeout, retries or headers.

        Returns:
            The methods, from the bare JSON array the page shows or from a
            ``paymentmethods`` (or ``payment_methods``) list, the namespaced form its
            rule for every answer asks for.

        Raises:
            TypeError: ``setupintent`` is not text.
            ValueError: ``setupintent`` is blank.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._call(
            "billing.payment_methods",
            builtins.list[PaymentMethod],
            params={"setupintent": optional_text("setupintent", setupintent)},
            unwrap=payment_method_list,
            options=options,
        )

    def attach_payment_method(
        self,
        payment_type: PaymentType | int,
        reference: str,
        *,
        options: RequestOptions | None = None,
    ) -> None:
        """Attach a tokenised payment method to the user (``POST /v2/billing/paymentmethods``).

        Running subscriptions move to this provider.

        Args:
            payment_type: The provider (:class:`PaymentType`).
            reference: :attr:`PaymentMethod.reference` (Billwerk: the ``payment_method``
                query parameter of its success redirect).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank reference.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        body = {
            "payment_type": int(check_int("payment_type", payment_type, minimum=0)),
            "reference": check_text("reference", reference),
        }
        self._call("billing.attach_payment_method", None, json=body, options=options)


class Charges(BeatTechResource):
    """``bt.charges``: ``list`` charges for entities, ``create`` a one-time charge,
    ``cancel`` an external charge and ``list_external`` ones of a user.

    Charges made for another user (``reason="external_charge"``), their cancelling
    and their listing need a token carrying the ``external-charge`` scope: the
    client's app token when the OAuth client was granted it, or a login with
    ``scope="external-charge"``. Without it the API answers 403.
    """

    def list(
        self,
        entity_type: Literal["coupon", "release", "campaign", "track"],
        entity_ids: str | int | Iterable[str | int],
        *,
        options: RequestOptions | None = None,
    ) -> builtins.list[Charge]:
        """The charges of the caller for some entities
        (``GET /v2/charges?entity_type=&entity_id=``; the path is inferred).

        Args:
            entity_type: ``"coupon"``, ``"release"``, ``"campaign"`` or ``"track"``.
            entity_ids: One id or up to 1000 ids of that type (gift-card codes
                are kept out of logs and errors).
            options: Per-call timeout, retries or headers.

        Returns:
            The charges (``{"charges": [...]}``), for the logged-in user with a
            user token; every window of the list when the server pages it (L70-76).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown entity type, no id, more than 1000 ids, or a
                blank one.
        """
        kind = check_choice("entity_type", entity_type, CHARGE_LIST_ENTITY_TYPES)
        ids = text_ids("entity_ids", entity_ids, maximum=MAX_LOOKUP_IDS)
        query = {"entity_type": kind, "entity_id": ids}
        charges = self._list(
            "charges.list",
            Charge,
            secrets=gift_codes(kind, ids),
            **every_window("charges", options, query),
        )
        return [charge for charge in charges]

    def create(
        self,
        reason: ChargeReason,
        entity_type: ChargeEntityType,
        *,
        entity_id: str | int | None = None,
        payment_type: PaymentType | int | None = None,
        source: str | None = None,
        email: str | None = None,
        recipient_name: str | None = None,
        message: str | None = None,
        amount: int | None = None,
        unit: ChargeUnit | None = None,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> ChargeRef:
        """Create a one-time charge (``POST /v2/charges``).

        Never replayed once it may have reached the server: a lost answer is an
        error, never a second charge. When the charge may have been made (a timeout,
        a lost connection, a 5xx, a success answer that cannot be read), the error's
        notes say so and name the call that shows whether it was
        (``bt.charges.list(entity_type, entity_id)``, ``list_external`` for an external
        charge, ``bt.users.balances()`` for a top-up, the payment provider for a
        charge by ``email``): check before charging again.

        Args:
            reason: ``"offlining"``, ``"coupon"``, ``"purchase"``, ``"campaign"``,
                ``"external_charge"`` (for another user: needs the
                ``external-charge`` scope and ``user_id``), ``"vipps_initial_charge"``
                or ``"vipps_renew"``.
            entity_type: ``"track"``, ``"release"``, ``"coupon"``, ``"campaign"`` or
                ``"balance"`` (a top-up).
            entity_id: The entity's id (a gift card's coupon code to pay for it,
                kept out of logs and errors).
            payment_type: The provider (:attr:`PaymentType.STRIPE` is 3).
            source: What some payment types need, such as a Stripe token.
            email: Who is charged when no user is logged in.
            recipient_name: The recipient's name, for the e-mail.
            message: A personal message, for the e-mail.
            amount: The amount (an integer).
            unit: ``"XCR"`` (credits) or ``"EUR"``.
            user_id: The user an ``external_charge`` is for (required with it and
                sent in the body; refused with any other reason). It never defaults
                to the logged-in user.
            options: Per-call timeout, retries or headers.

        Returns:
            The new charge's id, read from the answer the page shows
            (``{"id": ...}``) or from the namespaced one its rule for every answer asks
            for (``{"charge": {...}}``, the charge's other fields then in ``extra``).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown reason, entity type or unit, a negative amount,
                a blank value, or ``user_id`` missing for (or given without) an
                external charge.
            beatkit.errors.PermissionDeniedError: An external charge without the
                ``external-charge`` scope (403).
            beatkit.errors.BeatkitError: The request failed; when the charge may have
                been made, with the notes above.
        """
        body = charge_body(
            reason,
            entity_type,
            entity_id=entity_id,
            payment_type=payment_type,
            source=source,
            email=email,
            recipient_name=recipient_name,
            message=message,
            amount=amount,
            unit=unit,
            user_id=user_id,
        )
        secrets = gift_codes(body["entity_type"], body.get("entity_id"))
        return self._call(
            "charges.create",
            ChargeRef,
            json=body,
            unwrap=charge_ref,
            secrets=secrets,
            options=options,
            note_if_unsure=charge_check_note("bt.charges.create", body),
        )

    def cancel(self, charge_id: str | int, *, options: RequestOptions | None = None) -> None:
        """Cancel an external charge (``DELETE /v2/charges/{charge_id}``; the path is
        inferred).

        Only charges made with ``reason="external_charge"`` can be cancelled; the
        token needs the ``external-charge`` scope.

        Args:
            charge_id: The charge (:attr:`ChargeRef.id`).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: ``charge_id`` has the wrong type.
            ValueError: A blank or negative id.
            beatkit.errors.PermissionDeniedError: No ``external-charge`` scope (403).
            beatkit.errors.NotFoundError: No such charge.
            beatkit.errors.BadRequestError: Not an external charge.
        """
        path = {"charge_id": text_id("charge_id", charge_id)}
        self._call("charges.cancel", None, path=path, options=options)

    def list_external(
        self,
        user_id: str | int,
        entity_type: ChargeEntityType,
        *,
        entity_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> builtins.list[Charge]:
        """The external charges made for a user
        (``GET /v2/users/{user_id}/charges?entity_type=``; the path is inferred).

        Lists the charges created with ``reason="external_charge"``; the token
        needs the ``external-charge`` scope.

        Args:
            user_id: The user charged.
            entity_type: ``"coupon"``, ``"release"``, ``"campaign"``, ``"track"`` or
                ``"balance"``.
            entity_id: Only the charges for this entity (a gift card's code is kept
                out of logs and errors).
            options: Per-call timeout, retries or headers.

        Returns:
            The charges (``{"charges": [...]}``), from every window of the list when
            the server pages it (L70-76).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown entity type, or a blank id.
            beatkit.errors.PermissionDeniedError: No ``external-charge`` scope (403).
        """
        kind = check_choice("entity_type", entity_type, CHARGE_ENTITY_TYPES)
        entity = optional_id("entity_id", entity_id)
        charges = self._list(
            "charges.list_external",
            Charge,
            path={"user_id": text_id("user_id", user_id)},
            secrets=gift_codes(kind, entity),
            **every_window("charges", options, {"entity_type": kind, "entity_id": entity}),
        )
        return [charge for charge in charges]


class Coupons(BeatTechResource):
    """``bt.coupons``: ``lookup`` a code, ``generate`` a gift card and list gift-card
    ``offers``.

    The gift-card lifecycle: list :meth:`offers`, :meth:`generate` a gift card from
    one, pay for it with ``bt.charges.create("purchase", "coupon",
    entity_id=coupon.code, ...)``, then the recipient redeems the code with
    ``bt.users.redeem_coupon(code)``.
    """

    def lookup(
        self,
        code: str,
        *,
        product_id: str | int | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> Pager[Coupon]:
        """Look a coupon up by its code (``GET /v2/coupons?code=``; the path is inferred).

        Each coupon's :attr:`~Coupon.valid` says whether it can be redeemed now.
        Range-paged (the unit is learnt from the answer; ``coupons`` is a guess).

        Args:
            code: The coupon code (kept out of logs and errors).
            product_id: Only coupons that apply to this product.
            image_sizes: Sizes of the offer image for this call, merged over the
                client's (``{"coupon_offer": "w200"}``); without any the image is empty.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the matching coupons.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank code or id, or a bad image size.
        """
        query = {
            "code": check_text("code", code),
            "product_id": optional_id("product_id", product_id),
        }
        return self._list(
            "coupons.lookup",
            Coupon,
            headers=self._context.image_headers(image_sizes),
            **ranged("coupons.lookup", "coupons", pages, query),
        )

    def generate(
        self, offer_id: str | int, *, options: RequestOptions | None = None
    ) -> Coupon:
        """Generate a gift card from an offer (``POST /v2/coupons``).

        The gift card belongs to the logged-in user and is redeemable once paid
        for. Never replayed once it may have reached the server (it would make a
        second gift card): when it may have been generated (a timeout, a lost
        connection, a 5xx, a success answer that cannot be read), the error's notes
        say so and that ``bt.users.coupons()`` lists the user's gift cards.

        Args:
            offer_id: An offer of :meth:`offers`.
            options: Per-call timeout, retries or headers.

        Returns:
            The new coupon (its ``code`` is what the recipient redeems).

        Raises:
            TypeError: ``offer_id`` has the wrong type.
            ValueError: A blank or negative id.
            beatkit.errors.BeatkitError: The request failed; when a gift card may have
                been generated, with the note above.
        """
        body = {"offer_id": text_id("offer_id", offer_id)}
        return self._call(
            "coupons.generate",
            Coupon,
            json=body,
            unwrap="coupon",
            options=options,
            note_if_unsure=generate_check_note("bt.coupons.generate"),
        )

    def offers(
        self,
        *,
        type: Literal["giftcard"] = "giftcard",
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> Pager[CouponOffer]:
        """The gift-card offers (``GET /v2/coupons/offers?type=giftcard``).

        Range-paged (the unit is learnt from the answer; ``offers`` is a guess).

        Args:
            type: The kind of offer: only ``"giftcard"`` exists.
            image_sizes: Sizes of each offer's image for this call, merged over the
                client's (``{"coupon_offer": ["w50", "h200"]}``); without any the
                image is empty.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the offers (image, product granted, price, interval).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Another ``type``, or a bad image size.
        """
        query = {"type": check_choice("type", type, _OFFER_TYPES)}
        return self._list(
            "coupons.offers",
            CouponOffer,
            headers=self._context.image_headers(image_sizes),
            **ranged("coupons.offers", "offers", pages, query),
        )


class Campaigns(BeatTechResource):
    """``bt.campaigns``: ``lookup`` a campaign by its ``utm_campaign`` code."""

    def lookup(
        self,
        utm_campaign: str,
        *,
        product_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> Campaign | None:
        """The campaign with a code (``GET /v2/campaigns?utm_campaign=``; the path is
        inferred).

        One request without ``Range``: the API answers at most one campaign, in a
        ``campaigns`` list.

        Args:
            utm_campaign: The campaign code (UTM campaign).
            product_id: The product, for a code used by campaigns of several products.
            options: Per-call timeout, retries or headers.

        Returns:
            The campaign, or ``None`` when no campaign has this code.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank code or id.
            beatkit.errors.ResponseDecodeError: The answer holds more than one campaign.
        """
        params = {
            "utm_campaign": check_text("utm_campaign", utm_campaign),
            "product_id": optional_id("product_id", product_id),
        }
        found = self._call(
            "campaigns.lookup",
            builtins.list[Campaign],
            params=params,
            unwrap=_one_campaign,
            options=options,
        )
        return found[0] if found else None


def _one_campaign(body: Any) -> Any:
    """The ``campaigns`` list of a lookup, which holds at most one campaign.

    Raises:
        ValueError: More than one (a decode failure: which is the code's is unknown).
    """
    found = items_in("campaigns")(body)
    if len(found) > 1:
        raise ValueError(f"a campaign lookup answers at most one campaign, got {len(found)}")
    return found


class Products(BeatTechResource):
    """``bt.products``: ``list`` and ``get`` the products the token may subscribe to."""

    def list(self, **pages: Unpack[RangeArgs]) -> Pager[Product]:
        """The products this client may subscribe users to (``GET /v2/products``).

        Which products are visible depends on the token. Range-paged in
        ``products`` (``Range: products=20-39`` asks for a window).

        Args:
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the products.

        Raises:
            TypeError: A page value is not an int, or an unknown keyword.
            ValueError: A page value out of range.
        """
        return self._list("products.list", Product, **ranged("products.list", "products", pages))

    def get(self, product_id: str | int, *, options: RequestOptions | None = None) -> Product:
        """One product (``GET /v2/products/{product_id}``; the path is inferred).

        Which products are visible depends on the token.

        Args:
            product_id: The product's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The product.

        Raises:
            TypeError: ``product_id`` has the wrong type.
            ValueError: A blank or negative id.
            beatkit.errors.NotFoundError: No product with this id is visible.
        """
        return self._call(
            "products.get",
            Product,
            path={"product_id": text_id("product_id", product_id)},
            unwrap="product",
            options=options,
        )
