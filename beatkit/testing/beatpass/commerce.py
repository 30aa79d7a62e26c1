"""BeatPass commerce: prices, purchases, coupons and licenses."""

from __future__ import annotations

from typing import Any

import httpx

import beatkit.testing.beatpass._data as data
from beatkit._core.validate import check_choice
from beatkit.testing._crud import Record
from beatkit.testing._wire import random_uuid
from beatkit.testing.beatpass._base import PLATFORM_FEE
from beatkit.testing.beatpass._http import Body, attachment, invalid, label, ok
from beatkit.testing.beatpass._shared import Shared

__all__ = ["Commerce"]

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_SETTLED = ("completed", "failed")
_PURCHASE_KEYS = ("id", "track_id", "amount", "currency", "status", "is_exclusive", "created_at")


def _discount(coupon: Record, amount: float) -> float:
    value = float(coupon["discount_value"])
    if coupon["discount_type"] == "percent":
        return round(amount * value / 100, 2)
    return round(min(amount, value), 2)


class Commerce(Shared):
    """Price quotes and purchases (settled by :meth:`complete_purchase`), coupons, licenses."""

    def complete_purchase(self, purchase_id: int, status: str = "completed") -> dict[str, Any]:
        """Settle a purchase, as Stripe's webhook would; a completed one gets a license.

        Settling is idempotent, as a webhook handler must be (Stripe may deliver an
        event twice): completing a completed purchase changes nothing and issues no
        second license. A failed payment may be paid again and complete later; a
        completed purchase cannot fail.

        Args:
            purchase_id: The ``purchase_id`` that ``.../purchase/initiate`` returned.
            status: ``"completed"`` (issues a license; an exclusive sale takes the track
                off sale) or ``"failed"``.

        Returns:
            The purchase record.

        Raises:
            ValueError: An unknown ``status``, or ``"failed"`` for a completed purchase.
            KeyError: No such purchase.
        """
        check_choice("status", status, _SETTLED)
        with self._lock:
            purchase = self.db.purchases.get(purchase_id)
            if purchase is None:
                raise KeyError(f"no purchase {purchase_id!r}")
            if purchase["status"] == "completed":
                if status != "completed":
                    raise ValueError(f"purchase {purchase_id} is already completed")
                return purchase
            purchase["status"] = status
            if status == "completed":
                if purchase["is_exclusive"]:
                    self.db.tracks[purchase["track_id"]]["sold_exclusively"] = True
                kind = "exclusive" if purchase["is_exclusive"] else "basic"
                self._new_license(
                    purchase["user_id"], purchase["track_id"], kind, None, purchase_id
                )
            return purchase

    def _new_license(
        self, user_id: int, track_id: int, kind: str, terms: str | None, purchase_id: int | None
    ) -> Record:
        license_uuid = random_uuid(self._rng)
        self.db.licenses[license_uuid] = {
            "uuid": license_uuid, "track_id": track_id, "user_id": user_id,
            "purchase_id": purchase_id, "license_type": kind, "usage_terms": terms,
            "status": "active", "created_at": self._now_iso(), "revoked_at": None,
        }  # fmt: skip
        return self.db.licenses[license_uuid]

    # -- purchases -----------------------------------------------------------------------

    def _coupon(self, code: str, field: str) -> Record:
        coupon = data.TABLES["coupons"].get(code.upper())
        if coupon is None:
            raise invalid({field: [f"The selected {label(field)} is invalid."]})
        if coupon["expired"]:
            raise invalid({field: ["This coupon has expired."]})
        return {"code": code.upper(), **{k: v for k, v in coupon.items() if k != "expired"}}

    def _quote(self, request: httpx.Request, track: str) -> tuple[Record, Record]:
        """Validate a purchase of ``track``; ``(track, price breakdown)``."""
        record = self._track(track)
        body = Body.read(request)
        exclusive = bool(body.boolean("is_exclusive"))
        code = body.text("coupon_code", max_len=64)
        body.check()
        refusal = (
            "You cannot purchase your own track." if self._can_manage_track(record)
            else "This track has already been sold exclusively." if record["sold_exclusively"]
            else "This track is free and cannot be purchased." if record["downloadable"]
            else None
        )  # fmt: skip
        if refusal:
            raise invalid({"track": [refusal]})
        base = record["exclusive_price"] if exclusive else record["price"]
        discount = 0.0 if code is None else _discount(self._coupon(code, "coupon_code"), base)
        subtotal = round(base - discount, 2)
        fee = round(subtotal * PLATFORM_FEE, 2)
        quote = {
            "base_price": base, "discount_amount": discount,
            "coupon_code": None if code is None else code.upper(), "platform_fee": fee,
            "total_amount": round(subtotal + fee, 2), "currency": "CAD", "is_exclusive": exclusive,
        }  # fmt: skip
        return record, quote

    def on_purchases_calculate_price(self, request: httpx.Request, track: str) -> Record:
        _, quote = self._quote(request, track)
        # The seed shows {status, data{..., total_amount, is_exclusive}}, the OpenAPI file a
        # flat {base_price, platform_fee, total_price, currency}: both are sent.
        return ok(
            data=quote, base_price=quote["base_price"], platform_fee=quote["platform_fee"],
            total_price=quote["total_amount"], currency=quote["currency"],
        )  # fmt: skip

    def on_purchases_initiate(self, request: httpx.Request, track: str) -> Record:
        record, quote = self._quote(request, track)
        me = self._me()
        if not quote["is_exclusive"] and self._has_purchased(me["id"], record["id"]):
            raise invalid({"track": ["You have already purchased this track."]})
        intent = "pi_" + "".join(self._rng.choices(_ALPHABET, k=24))
        secret = f"{intent}_secret_" + "".join(self._rng.choices(_ALPHABET, k=24))
        amount, currency = quote["total_amount"], quote["currency"]
        purchase = {
            "user_id": me["id"], "track_id": record["id"], "amount": amount,
            "currency": currency, "status": "pending", "is_exclusive": quote["is_exclusive"],
            "payment_intent_id": intent, "client_secret": secret, "created_at": self._now_iso(),
        }  # fmt: skip
        purchase_id = self._insert(self.db.purchases, purchase, after=500)["id"]
        return ok(client_secret=secret, purchase_id=purchase_id, amount=amount, currency=currency)

    def _purchase_view(self, purchase: Record) -> Record:
        view = {k: purchase[k] for k in _PURCHASE_KEYS}
        track = self.db.tracks.get(purchase["track_id"])
        view["track"] = None if track is None else self._track_view(track)
        return view

    def on_purchases_status(self, request: httpx.Request, track: str) -> Record:
        track_id = self._track(track)["id"]
        mine = [p for p in self._mine(self.db.purchases) if p["track_id"] == track_id]
        completed = [p for p in mine if p["status"] == "completed"]
        latest = (completed or mine)[-1] if mine else None
        view = None if latest is None else self._purchase_view(latest)
        return ok(purchased=bool(completed), purchase=view)

    def on_purchases_list(self, request: httpx.Request) -> Record:
        mine = sorted(self._mine(self.db.purchases), key=lambda p: p["id"], reverse=True)
        # A bare Laravel paginator, as the OpenAPI file shows ({"data": [...]} at the top).
        return self._page(request, mine, self._purchase_view)

    def on_coupons_validate(self, request: httpx.Request) -> Record:
        body = Body.read(request)
        code = body.text("code", required=True, max_len=64)
        body.integer("product_id", minimum=1)
        body.integer("price_id", minimum=1)
        amount = body.number("amount")
        coupon = self._coupon(body.valid(code), "code")
        if amount is None:
            # The figures are numbers, never null, in the OpenAPI file: without an amount
            # there are none, and the keys are left out.
            return ok(valid=True, coupon=coupon)
        discount = _discount(coupon, amount)
        return ok(
            valid=True, coupon=coupon, discount_amount=discount,
            final_amount=round(amount - discount, 2), savings=discount,
        )  # fmt: skip

    # -- licensing -----------------------------------------------------------------------

    @staticmethod
    def _license_view(record: Record) -> Record:
        view = {k: v for k, v in record.items() if k != "user_id"}
        view["buyer_id"] = record["user_id"]
        view["verification_url"] = f"{data.SITE}/verify-license/{record['uuid']}"
        return view

    def _my_license(self, track_id: int) -> Record | None:
        wanted = (self._me()["id"], track_id, "active")
        for record in reversed(self.db.licenses.values()):
            if (record["user_id"], record["track_id"], record["status"]) == wanted:
                return record
        return None

    def on_licenses_generate(self, request: httpx.Request, track: str) -> Record:
        record = self._track(track)
        body = Body.read(request)
        kind = body.text("license_type", required=True, max_len=50)
        terms = body.text("usage_terms", max_len=5000)
        kind = body.valid(kind)
        me = self._me()
        if not self._has_purchased(me["id"], record["id"]):
            raise self._fail(403, "You must purchase this track before generating a license.")
        existing = self._my_license(record["id"])
        if existing is None:
            existing = self._new_license(me["id"], record["id"], kind, terms, None)
        return ok(license=self._license_view(existing))

    def on_licenses_check(self, request: httpx.Request, track: str) -> Record:
        found = self._my_license(self._track(track)["id"])
        # The OpenAPI file types license_details as an object, never null: {} when none.
        details = {} if found is None else self._license_view(found)
        return ok(has_license=found is not None, license_details=details)

    def on_licenses_check_batch(self, request: httpx.Request) -> Record:
        ids = self._track_ids(request, "track_ids")
        return ok(licenses={str(i): self._my_license(i) is not None for i in ids})

    def _license_for_track(self, track: str) -> tuple[Record, Record]:
        record = self._track(track)
        found = self._my_license(record["id"])
        if found is None:
            raise self._fail(404, "No license found for this track.")
        return record, found

    def on_licenses_certificate(self, request: httpx.Request, track: str) -> Record:
        record, found = self._license_for_track(track)
        seller = self.db.artists.get(record["artist_ids"][0]) if record["artist_ids"] else None
        certificate = {
            "license": self._license_view(found),
            "track": self._track_view(record),
            "buyer": self._user_view(self._me()),
            "seller": None if seller is None else self._artist_ref(seller),
            "issued_at": found["created_at"],
            "verification_url": f"{data.SITE}/verify-license/{found['uuid']}",
        }
        return ok(certificate=certificate)

    def license_pdf_bytes(self, license_uuid: str) -> bytes:
        """The exact PDF ``GET /tracks/{id}/download-license-pdf`` serves for a license.

        Args:
            license_uuid: A license's uuid.

        Returns:
            The PDF bytes (``%PDF-1.4`` ...).
        """
        record = self.db.licenses[license_uuid]
        track = self.db.tracks.get(record["track_id"])
        buyer = self.db.users.get(record["user_id"])
        lines = [
            f"License: {record['uuid']}",
            f"Type: {record['license_type']}",
            f"Track: {track['name'] if track else record['track_id']}",
            f"Licensee: {buyer['display_name'] if buyer else record['user_id']}",
            f"Issued: {record['created_at']}",
            f"Terms: {record['usage_terms'] or 'Standard BeatPass license terms.'}",
            f"Verify at {data.SITE}/verify-license/{record['uuid']}",
        ]
        return data.pdf_bytes("BeatPass License Certificate", lines)

    def on_licenses_download_pdf(self, request: httpx.Request, track: str) -> httpx.Response:
        _, found = self._license_for_track(track)
        content = self.license_pdf_bytes(found["uuid"])
        return attachment(content, "application/pdf", f"license-{found['uuid']}.pdf")

    def _license(self, license_uuid: str) -> Record:
        record = self.db.licenses.get(license_uuid)
        if record is None:
            raise self._fail(404, "License not found.")
        return record

    def on_licenses_verify(self, request: httpx.Request, uuid: str) -> Record:
        record = self._license(uuid)
        details = self._license_view(record)
        return ok(valid=record["status"] == "active", license_details=details)

    def on_licenses_revoke(self, request: httpx.Request, uuid: str) -> Record:
        record = self._license(uuid)
        # The seller (whoever manages the track) or an admin may revoke a license.
        self._require(self._is_admin() or self._manages_track_of(record))
        if record["status"] != "revoked":
            record.update(status="revoked", revoked_at=self._now_iso())
        return ok()

    def on_licenses_list(self, request: httpx.Request) -> Record:
        mine = self._mine(self.db.licenses)[::-1]
        return self._page(request, mine, self._license_view)
