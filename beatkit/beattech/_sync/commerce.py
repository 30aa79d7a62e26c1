# GENERATED from beatkit/beattech/_async/commerce.py by scripts/unasync.py: edit the async source.
"""Commerce: billing, charges, coupons, campaigns and products."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import fields, optional_choice, optional_text
from beatkit._core.validate import check_int, check_text
from beatkit.beattech._sync.base import BeatTechResource
from beatkit.beattech.context import text_id
from beatkit.beattech.headers import RangeArgs, ranged
from beatkit.beattech.models import PaymentMethod, PaymentType, Product, SetupIntent

__all__ = ["Billing", "Campaigns", "Charges", "Coupons", "Products"]

_SUBTYPES = ("card", "bancontact", "ideal", "sepa_debit")


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
            The setup intent: give ``client_secret`` (not in its ``repr``) to the
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
            product_id=None if product_id is None else text_id("product_id", product_id),
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
            The methods (the API answers a bare JSON array).

        Raises:
            TypeError: ``setupintent`` is not text.
            ValueError: ``setupintent`` is blank.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._call(
            "billing.payment_methods",
            builtins.list[PaymentMethod],
            params={"setupintent": optional_text("setupintent", setupintent)},
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
    ``cancel`` an external charge and ``list_external`` ones of a user."""


class Coupons(BeatTechResource):
    """``bt.coupons``: ``lookup`` a code, ``generate`` a gift card and list gift-card
    ``offers``."""


class Campaigns(BeatTechResource):
    """``bt.campaigns``: ``lookup`` a campaign by its ``utm_campaign`` code."""


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
