"""A webhook amount given as text that is a number out of range says so.

Text amounts are read (``"49.99"``), but one too large for the JSON number rules
(``"1e999999999"``, 5,000 digits) was refused as "must be a number, not str", which
reads as if text amounts were refused. The error says the number is out of range.
"""

from __future__ import annotations

import json

import pytest

from beatkit.beatconnect.webhooks import parse_event
from beatkit.errors import WebhookPayloadError

EVENT = {
    "id": "evt_1",
    "created": 1635962400,
    "type": "beat.purchased",
    "data": {
        "beat_id": 1,
        "title": "Summer Vibes",
        "producer_id": 2,
        "producer_name": "DJ",
        "license_type": "Premium",
        "amount": "49.99",
        "currency": "USD",
        "purchaser_id": 3,
    },
}


def body(amount: object) -> bytes:
    return json.dumps({**EVENT, "data": {**EVENT["data"], "amount": amount}}).encode()


@pytest.mark.parametrize("amount", ["1e999999999", "9" * 5000], ids=["exponent", "digits"])
def test_a_text_amount_out_of_range_says_so(amount: str) -> None:
    with pytest.raises(WebhookPayloadError) as info:
        parse_event(body(amount))
    text = str(info.value)
    assert "'amount'" in text
    assert "out of range" in text
    assert "must be a number" not in text


def test_text_that_is_no_number_is_still_not_a_number() -> None:
    with pytest.raises(WebhookPayloadError, match="'amount' must be a number, not str"):
        parse_event(body("forty"))
