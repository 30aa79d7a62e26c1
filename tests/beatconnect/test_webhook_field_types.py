"""Webhook bodies of the wrong type, and fields of the wrong JSON type, are refused by name."""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.beatconnect.webhooks import WebhookPayloadError, parse_event

EVENT: dict[str, Any] = {
    "id": "evt_1",
    "created": 1635962400,
    "type": "beat.purchased",
    "data": {
        "beat_id": 1,
        "title": "Summer Vibes",
        "producer_id": 2,
        "producer_name": "DJ",
        "license_type": "Premium",
        "amount": 49.99,
        "currency": "USD",
        "purchaser_id": 3,
    },
}


@pytest.mark.parametrize(("body", "name"), [(123, "int"), (None, "NoneType"), ([EVENT], "list")])
def test_a_body_that_is_not_bytes_text_or_a_mapping_is_a_type_error(
    body: object, name: str
) -> None:
    with pytest.raises(TypeError) as info:
        parse_event(body)  # type: ignore[arg-type]
    assert str(info.value) == f"parse_event() takes bytes, str or a mapping, not {name}"
    assert not isinstance(info.value, WebhookPayloadError)


@pytest.mark.parametrize(("amount", "name"), [([49.99], "list"), ({"value": 49.99}, "dict")])
def test_an_amount_of_another_json_type_is_refused(amount: object, name: str) -> None:
    with pytest.raises(WebhookPayloadError) as info:
        parse_event({**EVENT, "data": {**EVENT["data"], "amount": amount}})
    assert str(info.value) == f"beat.purchased data: field 'amount' must be a number, not {name}"


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([1], "field 'items[0]' must be an object, not int"),
        ([{"beat_id": 1}, "beat 2"], "field 'items[1]' must be an object, not str"),
        ([{"beat_id": 1}, None], "field 'items[1]' must be an object, not NoneType"),
    ],
)
def test_purchase_items_that_are_not_objects_are_refused(items: list[Any], message: str) -> None:
    data = {"order_id": 1, "items": items}
    with pytest.raises(WebhookPayloadError) as info:
        parse_event({**EVENT, "type": "purchase.completed", "data": data})
    assert str(info.value) == f"purchase.completed data: {message}"
