"""A body decoded with ``json.loads(..., parse_float=Decimal)``, the usual way to keep money
exact, parses as the same body decoded with floats."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from beatkit.beatconnect.webhooks import WebhookPayloadError, parse_event

BODY = '{"id": "evt_1", "created": 1635962400, "type": "%s", "data": %s}'
PURCHASE = (
    '{"beat_id": 1, "title": "Summer Vibes", "producer_id": 2, "producer_name": "DJ", '
    '"license_type": "Premium", "amount": 49.90, "currency": "USD", "purchaser_id": 3}'
)
ORDER = '{"order_id": 7, "total": 99.98, "items": [{"beat_id": 1, "price": 49.99}]}'


@pytest.mark.parametrize(
    ("event_type", "data"),
    [
        ("beat.purchased", PURCHASE),
        ("purchase.completed", ORDER),
        ("beat.created", '{"beat_id": 1, "price": 9.50}'),
    ],
)
def test_decimal_numbers_read_as_the_json_text_said(event_type: str, data: str) -> None:
    text = BODY % (event_type, data)
    decoded: dict[str, Any] = json.loads(text, parse_float=Decimal)
    from_decimals = parse_event(decoded)
    from_text = parse_event(text)
    assert from_decimals.payload == from_text.payload


def test_the_amount_keeps_every_digit_it_was_decoded_with() -> None:
    decoded = json.loads(BODY % ("beat.purchased", PURCHASE), parse_float=Decimal)
    event = parse_event(decoded)
    assert event.payload is not None
    assert str(event.payload.amount) == "49.90"  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_a_decimal_that_is_not_finite_is_refused(value: str) -> None:
    decoded = json.loads(BODY % ("beat.purchased", PURCHASE), parse_float=Decimal)
    decoded["data"]["amount"] = Decimal(value)
    with pytest.raises(WebhookPayloadError) as info:
        parse_event(decoded)
    assert str(info.value) == (
        "beat.purchased data: field 'amount' must be a finite number, not Decimal"
    )


@pytest.mark.parametrize("created", ["1635962400.5", "1.6359624E9", "1635962400.0"])
def test_a_decimal_created_reads_as_the_json_text_said(created: str) -> None:
    text = BODY.replace("1635962400", created) % ("user.updated", '{"user_id": 1}')
    decoded = json.loads(text, parse_float=Decimal)
    assert isinstance(decoded["created"], Decimal)
    assert parse_event(decoded).created == parse_event(text).created


@pytest.mark.parametrize("created", ["NaN", "Infinity", "1E+30"])
def test_a_decimal_created_out_of_range_is_refused(created: str) -> None:
    decoded = json.loads(BODY % ("user.updated", '{"user_id": 1}'))
    decoded["created"] = Decimal(created)
    with pytest.raises(WebhookPayloadError) as info:
        parse_event(decoded)
    assert str(info.value).startswith("event: field 'created' is not a valid time: ")
