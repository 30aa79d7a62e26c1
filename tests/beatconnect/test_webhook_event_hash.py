"""A ``WebhookEvent`` is a value like every beatkit model: it hashes by its content.

attrs' generated hash of the frozen class raised ``unhashable type: 'dict'`` (its
``data`` and ``raw``), so an event could not go in a set or be a dict key, while every
API model can (``tests/test_model_values.py``).
"""

from __future__ import annotations

import copy
import pickle

import attrs

from beatkit.beatconnect.webhooks import WebhookEvent, parse_event

BODY = (
    b'{"id":"evt_1","created":1635962400,"type":"beat.purchased","data":{"beat_id":1234,'
    b'"title":"Summer Vibes","producer_id":5678,"producer_name":"DJ Maphorisa",'
    b'"license_type":"Premium","amount":49.99,"currency":"USD","purchaser_id":9012},'
    b'"livemode":true}'
)


def test_equal_events_hash_alike_and_dedupe_in_a_set() -> None:
    event, twin = parse_event(BODY), parse_event(BODY)
    assert event == twin and event.data is not twin.data
    assert hash(event) == hash(twin)
    assert hash(pickle.loads(pickle.dumps(event))) == hash(event)  # noqa: S301 - our own bytes
    assert hash(copy.deepcopy(event)) == hash(event)
    assert len({event, twin}) == 1


def test_an_event_with_other_data_is_another_key() -> None:
    event = parse_event(BODY)
    other = attrs.evolve(event, data={**event.data, "amount": 0.99})
    assert other != event
    assert {event: "a", other: "b"}[parse_event(BODY)] == "a"


def test_unknown_types_and_nested_unknown_fields_hash_too() -> None:
    body = b'{"id":"e","created":1,"type":"x.new","data":{"a":[1,{"b":[2]}]},"more":{"c":[]}}'
    event = parse_event(body)
    assert isinstance(event, WebhookEvent) and event.payload is None
    assert hash(event) == hash(parse_event(body))
