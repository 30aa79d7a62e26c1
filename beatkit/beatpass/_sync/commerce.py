# GENERATED from beatkit/beatpass/_async/commerce.py by scripts/unasync.py: edit the async source.
"""Commerce: ``client.purchases``, ``client.licenses`` and ``client.coupons``."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.resource import Resource
from beatkit._core.files import FileProgressCallback, SavedFile
from beatkit._core.operation import RequestOptions
from beatkit._core.params import (
    check_id,
    check_ids,
    fields,
    optional_bool,
    optional_int,
    optional_money,
    optional_text,
)
from beatkit._core.validate import check_text
from beatkit.beatpass.models import (
    ActionResult,
    CouponValidation,
    License,
    LicenseBatchStatus,
    LicenseCertificate,
    LicenseStatus,
    LicenseVerification,
    Purchase,
    PurchaseIntent,
    PurchasePrice,
    PurchaseStatus,
)
from beatkit.beatpass.wire import (
    PageArgs,
    acknowledgement,
    batch,
    one,
    paged,
    purchase_note,
)

__all__ = ["Coupons", "Licenses", "Purchases"]


class Purchases(Resource):
    """``client.purchases``: buying tracks (paid through Stripe)."""

    def calculate_price(
        self,
        track_id: int,
        *,
        is_exclusive: bool | None = None,
        coupon_code: str | None = None,
        options: RequestOptions | None = None,
    ) -> PurchasePrice:
        """What buying a track would cost, fee included (amounts are ``Decimal``).

        Args:
            track_id: The track.
            is_exclusive: Price an exclusive license.
            coupon_code: A coupon to apply.
            options: Per-call timeout, retries or headers.

        Returns:
            The price, fee, discount and total.

        Raises:
            beatkit.errors.UnprocessableEntityError: Not for sale (e.g. sold exclusively).
        """
        return self._call(
            "purchases.calculate_price",
            PurchasePrice,
            path={"track": check_id("track_id", track_id)},
            json=fields(
                is_exclusive=optional_bool("is_exclusive", is_exclusive),
                coupon_code=optional_text("coupon_code", coupon_code),
            ),
            unwrap=one("price", "pricing"),
            options=options,
        )

    def initiate(
        self,
        track_id: int,
        *,
        is_exclusive: bool | None = None,
        coupon_code: str | None = None,
        options: RequestOptions | None = None,
    ) -> PurchaseIntent:
        """Start a purchase: returns the Stripe client secret to confirm the payment with.

        Never sent twice: a failure after the request may have reached BeatPass is
        raised, not retried, so one call never creates two payments.

        Args:
            track_id: The track.
            is_exclusive: Buy an exclusive license.
            coupon_code: A coupon to apply.
            options: Per-call timeout, retries or headers.

        Returns:
            The purchase and its Stripe client secret (never shown in ``repr``).

        Raises:
            beatkit.errors.ConfigurationError: The client has no token.
            beatkit.errors.ServerError: The API failed (not retried).
            beatkit.errors.BeatkitError: A failure after which the purchase may have
                been started (a 5xx, a timeout or broken connection, an answer that
                could not be read) carries a note saying so: look at
                :meth:`status` before initiating again.
        """
        track = check_id("track_id", track_id)
        body = fields(
            is_exclusive=optional_bool("is_exclusive", is_exclusive),
            coupon_code=optional_text("coupon_code", coupon_code),
        )
        return self._call(
            "purchases.initiate",
            PurchaseIntent,
            path={"track": track},
            json=body,
            unwrap=one(),
            options=options,
            note_if_unsure=purchase_note(track),
        )

    def status(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> PurchaseStatus:
        """Whether you bought a track.

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            Whether it is purchased, and the purchase if any.

        Raises:
            beatkit.errors.NotFoundError: No such track.
        """
        path = {"track": check_id("track_id", track_id)}
        return self._call(
            "purchases.status", PurchaseStatus, path=path, unwrap=one(), options=options
        )

    def list(self, **pages: Unpack[PageArgs]) -> Pager[Purchase]:
        """Your purchases, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the purchases.

        Raises:
            ValueError: ``page`` or ``per_page`` below 1.
        """
        return self._list("purchases.list", Purchase, **paged("purchases", pages))


class Licenses(Resource):
    """``client.licenses``: license certificates for bought tracks."""

    def generate(
        self,
        track_id: int,
        *,
        license_type: str,
        usage_terms: str | None = None,
        options: RequestOptions | None = None,
    ) -> License:
        """Issue a license certificate for a track.

        Args:
            track_id: The track.
            license_type: E.g. ``"exclusive"`` or ``"non-exclusive"``.
            usage_terms: The terms of use.
            options: Per-call timeout, retries or headers.

        Returns:
            The license.

        Raises:
            ValueError: A blank ``license_type`` or ``usage_terms`` (before sending).
            beatkit.errors.PermissionDeniedError: You did not buy the track.
        """
        return self._call(
            "licenses.generate",
            License,
            path={"track": check_id("track_id", track_id)},
            json=fields(
                license_type=check_text("license_type", license_type),
                usage_terms=optional_text("usage_terms", usage_terms),
            ),
            unwrap=one("license"),
            options=options,
        )

    def check(self, track_id: int, *, options: RequestOptions | None = None) -> LicenseStatus:
        """Whether you hold a license for a track.

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            Whether you hold one, and its details.

        Raises:
            beatkit.errors.NotFoundError: No such track.
        """
        path = {"track": check_id("track_id", track_id)}
        return self._call(
            "licenses.check", LicenseStatus, path=path, unwrap=one(), options=options
        )

    def check_batch(
        self,
        track_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> LicenseBatchStatus:
        """License status of several tracks in one request.

        Args:
            track_ids: The tracks.
            options: Per-call timeout, retries or headers.

        Returns:
            Whether you hold a license, per track id.

        Raises:
            ValueError: No track id, or one below 1.
        """
        body = {"track_ids": check_ids("track_ids", track_ids)}
        return self._call(
            "licenses.check_batch",
            LicenseBatchStatus,
            json=body,
            unwrap=batch("licenses"),
            options=options,
        )

    def certificate(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> LicenseCertificate:
        """The license certificate of a purchased track.

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The certificate.

        Raises:
            beatkit.errors.NotFoundError: You hold no license for it.
        """
        path = {"track": check_id("track_id", track_id)}
        return self._call(
            "licenses.certificate",
            LicenseCertificate,
            path=path,
            unwrap=one("certificate"),
            options=options,
        )

    def download_pdf(
        self,
        track_id: int,
        dest: str | os.PathLike[str],
        *,
        progress: FileProgressCallback | None = None,
        options: RequestOptions | None = None,
    ) -> SavedFile:
        """Save a track's license certificate as PDF to ``dest``, atomically.

        Args:
            track_id: The track.
            dest: The file to write.
            progress: Called with a ``FileProgress`` after each chunk.
            options: Per-call timeout, retries or headers.

        Returns:
            The path, byte count and content type written.

        Raises:
            TypeError: ``track_id`` is not an int, or ``progress`` cannot be called
                (checked before any request).
            ValueError: ``track_id`` is below 1 (checked before any request).
            FileNotFoundError: The directory of ``dest`` does not exist (checked
                before any request).
            IsADirectoryError: ``dest`` is a directory, or its text ends with a path
                separator or a last name ``.`` (checked before any request).
            PermissionError: The directory of ``dest`` cannot be written (checked
                before any request).
            OSError: ``dest`` cannot be written: a FIFO, a device or a socket, a name
                too long (checked before any request), or a full disk (naming
                ``dest``); ``dest`` is left as it was, and no temporary file remains.
            beatkit.errors.NotFoundError: You hold no license for it (``dest`` untouched).
            beatkit.errors.APIConnectionError: The transfer failed (after the
                client's retries); ``dest`` is left as it was.
        """
        path = {"track": check_id("track_id", track_id)}
        return self._save(
            "licenses.download_pdf", dest, path=path, progress=progress, options=options
        )

    def verify(
        self, uuid: str, *, options: RequestOptions | None = None
    ) -> LicenseVerification:
        """Check a certificate by its UUID (public: no token needed).

        Args:
            uuid: The certificate's UUID.
            options: Per-call timeout, retries or headers.

        Returns:
            Whether it is valid, and its details.

        Raises:
            ValueError: A blank ``uuid`` (before sending).
            beatkit.errors.NotFoundError: No certificate has this UUID.
        """
        path = {"uuid": check_text("uuid", uuid)}
        return self._call(
            "licenses.verify", LicenseVerification, path=path, unwrap=one(), options=options
        )

    def revoke(self, uuid: str, *, options: RequestOptions | None = None) -> ActionResult:
        """Revoke a certificate.

        Args:
            uuid: The certificate's UUID.
            options: Per-call timeout, retries or headers.

        Returns:
            The API's acknowledgement (empty when it answers 204).

        Raises:
            ValueError: A blank ``uuid`` (before sending).
            beatkit.errors.PermissionDeniedError: You did not sell it.
        """
        path = {"uuid": check_text("uuid", uuid)}
        return self._call(
            "licenses.revoke",
            ActionResult,
            path=path,
            unwrap=acknowledgement,
            if_empty={},
            options=options,
        )

    def list(self, **pages: Unpack[PageArgs]) -> Pager[License]:
        """Your license certificates, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the licenses.

        Raises:
            ValueError: ``page`` or ``per_page`` below 1.
        """
        return self._list("licenses.list", License, **paged("licenses", pages))


class Coupons(Resource):
    """``client.coupons``."""

    def validate(
        self,
        code: str,
        *,
        product_id: int | None = None,
        price_id: int | None = None,
        amount: Decimal | int | str | None = None,
        options: RequestOptions | None = None,
    ) -> CouponValidation:
        """Check a coupon and compute its discount.

        Args:
            code: The coupon code.
            product_id: The product or plan.
            price_id: The price.
            amount: The amount to discount (``Decimal``; floats are refused).
            options: Per-call timeout, retries or headers.

        Returns:
            Whether it is valid, the discount and the final amount.

        Raises:
            TypeError: A ``float`` amount.
            ValueError: A blank ``code``, an id below 1, or an amount that is not a
                finite, non-negative number (before sending).
            beatkit.errors.UnprocessableEntityError: An unknown or expired code.
        """
        body = fields(
            code=check_text("code", code),
            product_id=optional_int("product_id", product_id, minimum=1),
            price_id=optional_int("price_id", price_id, minimum=1),
            amount=optional_money("amount", amount),
        )
        return self._call(
            "coupons.validate", CouponValidation, json=body, unwrap=one(), options=options
        )
