"""Deliveries in the shape of BeatConnect's webhooks page are read, as the seed's are.

The seed (``beatconnect-api.txt``) shows ``{"id", "created" (epoch seconds), "type",
"data"}``. The vendor's webhooks page (https://beatconnectafrica.com/developers/webhooks,
the page that names the ``BeatConnect-Signature`` header and ``purchase.completed``,
both of which beatkit reads) shows its recent deliveries as ``{"event", "created_at"
(ISO 8601 text), "data"}``, without an id, and a ``purchase.completed`` whose ``data``
names the order ``purchase_id``. The sources disagree, so both are read.

Regression: a signed delivery copied from that page raised ``WebhookPayloadError``
("missing required field 'id'").
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from beatkit.beatconnect.webhooks import (
    BeatCreated,
    EventType,
    PurchaseCompleted,
    PurchaseItem,
    construct_event,
    parse_event,
    sign,
)
from beatkit.errors import WebhookPayloadError, WebhookVerificationError

SECRET = "whsec_test"

# The two deliveries of the vendor's webhooks page, as shown there.
BEAT_CREATED: dict[str, Any] = {
    "event": "beat.created",
    "created_at": "2024-05-05T14:30:45Z",
    "data": {"beat_id": 123, "title": "Amapiano Summer", "producer_id": 42},
}
PURCHASE_COMPLETED: dict[str, Any] = {
    "event": "purchase.completed",
    "created_at": "2024-05-04T10:15:22Z",
    "data": {
        "purchase_id": 456,
        "user_id": 789,
        "amount": 29.99,
        "items": [{"beat_id": 123, "license_type": "basic"}],
    },
}


def delivery(event: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(event, indent=2).encode()
    return body, {"BeatConnect-Signature": sign(body, SECRET)}


def test_the_page_s_beat_created_delivery_is_read() -> None:
    body, headers = delivery(BEAT_CREATED)
    event = construct_event(body, headers, SECRET)
    assert event.id is None
    assert event.type == EventType.BEAT_CREATED
    assert event.created == datetime(2024, 5, 5, 14, 30, 45, tzinfo=UTC)
    assert event.data == BEAT_CREATED["data"]
    assert event.raw == BEAT_CREATED
    assert event.payload == BeatCreated(beat_id=123, title="Amapiano Summer", producer_id=42)


def test_the_page_s_purchase_completed_delivery_is_read() -> None:
    body, headers = delivery(PURCHASE_COMPLETED)
    event = construct_event(body, headers, SECRET)
    assert (event.id, event.type) == (None, "purchase.completed")
    assert event.created == datetime(2024, 5, 4, 10, 15, 22, tzinfo=UTC)
    assert event.payload == PurchaseCompleted(
        order_id=456,
        purchaser_id=789,
        amount=Decimal("29.99"),
        items=(PurchaseItem(beat_id=123, license_type="basic"),),
    )


def test_an_id_sent_in_the_page_s_shape_is_read() -> None:
    assert parse_event({**BEAT_CREATED, "id": "evt_9"}).id == "evt_9"
    with pytest.raises(WebhookPayloadError, match="'id'"):
        parse_event({**BEAT_CREATED, "id": 9})


def test_the_tolerance_reads_created_at() -> None:
    body, headers = delivery(BEAT_CREATED)
    sent = datetime(2024, 5, 5, 14, 30, 45, tzinfo=UTC).timestamp()
    event = construct_event(body, headers, SECRET, tolerance=300, clock=lambda: sent + 300)
    assert event.type == "beat.created"
    with pytest.raises(WebhookVerificationError, match="301 seconds ago") as info:
        construct_event(body, headers, SECRET, tolerance=300, clock=lambda: sent + 300.5)
    assert "None" not in str(info.value)


def test_the_seed_s_shape_still_needs_its_id() -> None:
    seed = {"id": None, "created": 1635962400, "type": "beat.created", "data": {"beat_id": 1}}
    with pytest.raises(WebhookPayloadError, match="'id'"):
        parse_event(seed)


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ({**BEAT_CREATED, "created_at": "yesterday"}, "'created_at'"),
        ({**BEAT_CREATED, "created_at": "2024-05-05"}, "'created_at'"),
        ({**BEAT_CREATED, "created_at": True}, "'created_at'"),
        ({k: v for k, v in BEAT_CREATED.items() if k != "created_at"}, "'created'"),
        ({**BEAT_CREATED, "event": 5}, "'event'"),
        ({**BEAT_CREATED, "event": None}, "'type'"),
        # Two names for one fact must agree: which one a handler dispatched on is not
        # for beatkit to guess.
        ({**BEAT_CREATED, "type": "beat.updated"}, "'type' and 'event'"),
        ({**BEAT_CREATED, "created": 1635962400}, "'created' and 'created_at'"),
    ],
)
def test_the_page_s_shape_is_held_to_its_types(body: dict[str, Any], match: str) -> None:
    with pytest.raises(WebhookPayloadError, match=match):
        parse_event(json.dumps(body).encode())


def test_both_names_of_one_fact_may_be_sent_when_they_agree() -> None:
    both = {
        **BEAT_CREATED,
        "type": "beat.created",
        "created": datetime(2024, 5, 5, 14, 30, 45, tzinfo=UTC).timestamp(),
    }
    event = parse_event(both)
    assert (event.type, event.created) == (
        "beat.created",
        datetime(2024, 5, 5, 14, 30, 45, tzinfo=UTC),
    )
