"""Personal data and a gift card's code stay out of the ``repr`` of Beat Technology models.

A ``repr`` ends up in tracebacks with locals, debuggers, error reporters and log
lines written with ``%r``. A user's e-mail address, phone number (``msisdn``) and
user name (the walkthrough makes it the e-mail address) name a person; the change
feed and batch subrequests of the offline sync carry users' objects, so their
bodies are ``repr``'d with those values masked as credentials are. A charge for a
gift card (``entity_type="coupon"``) names the card by its code, which redeems it.
The values themselves are kept on the objects.
"""

from __future__ import annotations

from datetime import UTC, datetime

from beatkit.beattech import BatchRequest, BatchResponse, Change, ChangeFeed, Charge, User
from beatkit.beattech.converter import converter
from beatkit.beattech.sync import PendingChange

EMAIL = "ada.lovelace@example.org"
MSISDN = "4791234567"
USERNAME = "ada-the-countess"
PRIVATE = (EMAIL, MSISDN, USERNAME)
CODE = "GIFT-SECRET-77"
AT = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
USER_BODY = {"user": {"id": "28392", "email": EMAIL, "msisdn": MSISDN, "username": USERNAME}}


def _clean(*shown: str) -> bool:
    return not any(value in text for text in shown for value in PRIVATE)


def test_a_user_repr_shows_no_email_msisdn_or_username() -> None:
    user = converter.structure(
        {**USER_BODY["user"], "firstname": "Ada", "region": "NO"},
        User,
    )
    assert _clean(repr(user), str(user))
    assert "28392" in repr(user) and "'NO'" in repr(user)  # the rest stays readable
    assert (user.email, user.msisdn, user.username) == PRIVATE  # the values are kept


def test_a_change_repr_masks_personal_data_in_its_body() -> None:
    change = Change(id=4, method="PATCH", body=USER_BODY)
    feed = ChangeFeed(changes=[change], base_change_id=4)
    assert _clean(repr(change), str(change), repr(feed))
    assert "'28392'" in repr(change) and "'email'" in repr(change)  # names stay
    assert change.entity["email"] == EMAIL


def test_a_pending_change_repr_masks_personal_data_in_its_body() -> None:
    pending = PendingChange(
        method="PATCH", path="/users/28392", body={"email": EMAIL, "msisdn": MSISDN}, changed_at=AT
    )
    assert _clean(repr(pending), str(pending))
    assert pending.body == {"email": EMAIL, "msisdn": MSISDN}


def test_batch_reprs_mask_personal_data() -> None:
    request = BatchRequest(method="PATCH", url="/v2/users/28392", body=USER_BODY["user"])
    lookup = BatchRequest(method="GET", url=f"/v2/users?email={EMAIL}&msisdn={MSISDN}")
    response = BatchResponse(status=200, body=USER_BODY, headers={"X-Change": 5})
    assert _clean(repr(request), repr(lookup), repr(response))
    assert "/v2/users?email=" in repr(lookup) and "'X-Change'" in repr(response)
    assert request.body == USER_BODY["user"] and response.body == USER_BODY


def test_a_coupon_charge_repr_masks_the_code() -> None:
    charge = converter.structure(
        {"id": "9", "reason": "purchase", "entity_type": "coupon", "entity_id": CODE}, Charge
    )
    assert CODE not in repr(charge) and CODE not in str(charge)
    assert "'coupon'" in repr(charge) and "'9'" in repr(charge)
    assert charge.entity_id == CODE


def test_other_charges_show_their_entity_id() -> None:
    charge = Charge(id="9", reason="purchase", entity_type="release", entity_id="release-4711")
    assert "release-4711" in repr(charge)
