"""The body of a one-time charge (``POST /v2/charges`` and its deprecated per-user alias).

Both operations take the same fields (the page, "Create a one-time charge" and
"[DEPRECATED] Charge user"), so the checks live here once, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from beatkit._core.params import fields, optional_choice, optional_int, optional_text
from beatkit._core.validate import check_choice, check_int
from beatkit.beattech.identifiers import optional_id

__all__ = [
    "CHARGE_ENTITY_TYPES",
    "CHARGE_LIST_ENTITY_TYPES",
    "CHARGE_REASONS",
    "CHARGE_UNITS",
    "EXTERNAL_CHARGE",
    "ChargeEntityType",
    "ChargeReason",
    "ChargeUnit",
    "charge_body",
    "charge_check_note",
    "generate_check_note",
    "gift_codes",
]

ChargeReason = Literal[
    "offlining",
    "coupon",
    "purchase",
    "campaign",
    "external_charge",
    "vipps_initial_charge",
    "vipps_renew",
]
"""Why a charge is made (the ``reason`` enum)."""
ChargeEntityType = Literal["track", "release", "coupon", "campaign", "balance"]
"""What a charge is for (the ``entity_type`` enum; ``balance`` is a top-up)."""
ChargeUnit = Literal["XCR", "EUR"]
"""The unit of a charge's ``amount``; ``XCR`` credits or euros."""

CHARGE_REASONS: Final = (
    "offlining",
    "coupon",
    "purchase",
    "campaign",
    "external_charge",
    "vipps_initial_charge",
    "vipps_renew",
)
"""The values :data:`ChargeReason` allows."""
CHARGE_ENTITY_TYPES: Final = ("track", "release", "coupon", "campaign", "balance")
"""The values :data:`ChargeEntityType` allows."""
CHARGE_LIST_ENTITY_TYPES: Final = ("coupon", "release", "campaign", "track")
"""The entity types ``GET /v2/charges`` filters by (no ``balance`` there)."""
CHARGE_UNITS: Final = ("XCR", "EUR")
"""The values :data:`ChargeUnit` allows."""
EXTERNAL_CHARGE: Final = "external_charge"
"""The reason of a charge made for another user (needs the ``external-charge`` scope)."""


def charge_body(
    reason: str,
    entity_type: str,
    *,
    entity_id: str | int | None = None,
    payment_type: int | None = None,
    source: str | None = None,
    email: str | None = None,
    recipient_name: str | None = None,
    message: str | None = None,
    amount: int | None = None,
    unit: str | None = None,
    user_id: str | int | None = None,
    user_id_in_path: bool = False,
) -> dict[str, Any]:
    """The JSON body of a one-time charge, checked.

    Args:
        reason: One of :data:`CHARGE_REASONS`.
        entity_type: One of :data:`CHARGE_ENTITY_TYPES`.
        entity_id: The entity's id (a coupon's code for a gift card).
        payment_type: The provider (3 Stripe...).
        source: What some payment types need (a Stripe token).
        email: Who is charged when no user is logged in.
        recipient_name: The recipient's name, for the e-mail.
        message: A personal message, for the e-mail.
        amount: The amount (an integer, at least 0).
        unit: One of :data:`CHARGE_UNITS`.
        user_id: The user an ``external_charge`` is made for (required with it,
            refused with any other reason).
        user_id_in_path: The operation names the user in its path (the deprecated
            per-user alias): ``user_id`` is then neither required nor sent.

    Returns:
        The body (``None`` values left out).

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: An unknown reason, entity type or unit, a negative amount, a
            blank value, or ``user_id`` missing for (or given without) an
            ``external_charge``.
    """
    reason = check_choice("reason", reason, CHARGE_REASONS)
    if not user_id_in_path:
        if reason == EXTERNAL_CHARGE and user_id is None:
            raise ValueError("an external_charge needs the user_id of the user charged")
        if reason != EXTERNAL_CHARGE and user_id is not None:
            raise ValueError("user_id is only sent with reason='external_charge'")
    return fields(
        reason=reason,
        entity_type=check_choice("entity_type", entity_type, CHARGE_ENTITY_TYPES),
        entity_id=optional_id("entity_id", entity_id),
        # int(): an IntEnum member (PaymentType.STRIPE) goes out as its number.
        payment_type=None
        if payment_type is None
        else int(check_int("payment_type", payment_type, minimum=0)),
        source=optional_text("source", source),
        email=optional_text("email", email),
        recipient_name=optional_text("recipient_name", recipient_name),
        message=optional_text("message", message),
        amount=optional_int("amount", amount, minimum=0),
        unit=optional_choice("unit", unit, CHARGE_UNITS),
        user_id=None if user_id_in_path else optional_id("user_id", user_id),
    )


def gift_codes(entity_type: str, ids: str | None) -> tuple[str, ...]:
    """The gift-card codes among a charge request's entity ids, for its ``secrets``.

    A coupon's id is its code, which whoever holds it can redeem: the request marks
    it secret, so logs and errors mask it. Any other entity's id stays readable.

    Args:
        entity_type: The request's (checked) entity type.
        ids: Its entity id, or comma list of ids, or ``None``.

    Returns:
        The codes, or ``()`` when the entities are no coupons.
    """
    if entity_type != "coupon" or not ids:
        return ()
    return tuple(ids.split(","))


def charge_check_note(call: str, body: Mapping[str, Any], *, user_id: str | None = None) -> str:
    """What a charge that failed after it was sent adds to its error: it may have been
    made (beatkit never sends it twice), and the call that says whether it was.

    A gift card's code is never written out (it redeems the card).

    Args:
        call: The call that failed (``"bt.charges.create"``).
        body: Its checked body (:func:`charge_body`).
        user_id: The user the path names (the deprecated per-user alias), if any.

    Returns:
        The note.
    """
    entity_type = str(body.get("entity_type"))
    raw_id = body.get("entity_id")
    entity_id = None if raw_id is None else str(raw_id)
    shown = "<the gift card's code>" if entity_type == "coupon" else repr(entity_id)
    if body.get("reason") == EXTERNAL_CHARGE:
        whose = body.get("user_id", user_id)
        entity = "" if entity_id is None else f", entity_id={shown}"
        check = f"bt.charges.list_external({str(whose)!r}, {entity_type!r}{entity})"
    elif body.get("email") is not None:
        # Charging someone not logged in: bt.charges.list shows the caller's own charges.
        check = "the payment provider (a charge by e-mail is no logged-in user's to list)"
    elif entity_type in CHARGE_LIST_ENTITY_TYPES and entity_id is not None:
        check = f"bt.charges.list({entity_type!r}, {shown})"
    elif entity_type == "balance":
        check = "bt.users.balances() (whether the top-up was credited)"
    else:
        check = "the user's charges at the payment provider"
    return (
        f"{call}: the charge may have been made (its request failed after it was sent, "
        f"and beatkit never sends a charge twice); before charging again, check with {check}"
    )


def generate_check_note(call: str) -> str:
    """What a gift card generation that failed after it was sent adds to its error.

    Args:
        call: The call that failed (``"bt.coupons.generate"``).

    Returns:
        The note, which says a gift card may exist and where the user's gift cards are
        listed.
    """
    return (
        f"{call}: a gift card may have been generated (its request failed after it was "
        "sent, and beatkit never sends it twice); bt.users.coupons() lists the user's gift "
        "cards: generate again only if the new one is not there"
    )
