"""A number sent as text is held to the bounds of the same number sent as a JSON number.

``load_json`` refuses a JSON number past a float's range (``1e999999999``) and an
integer of more digits than the process's int limit (5000 nines), but the same value
sent as text (amounts often are, to keep their digits) was read as a ``Decimal`` of
any size: ``Decimal('1E+999999999')``, which any arithmetic or formatting of the
amount then chokes on. Now refused alike, naming the field; a text amount within the
bounds keeps its digits (``"49.90"``) as before.
"""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit.beatconnect.webhooks import WebhookPayloadError, parse_event
from beatkit.errors import ResponseDecodeError
from beatkit.testing import FakeBeatPass

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
TOO_BIG = ["1e999999999", "-1E+400", "9" * 5000]
IDS = ["1e999999999", "-1E+400", "5000-nines"]
WITHIN = ["49.90", "1e-400", "1E+308", "9" * 4300, "1." + "9" * 5000]


def _event_body(amount_json: str) -> bytes:
    return json.dumps(EVENT).replace("49.99", amount_json).encode()


@pytest.mark.parametrize("amount", TOO_BIG, ids=IDS)
def test_a_webhook_text_amount_out_of_bounds_is_refused_as_the_number_is(amount: str) -> None:
    with pytest.raises(WebhookPayloadError):
        parse_event(_event_body(amount))  # the JSON number: refused before
    with pytest.raises(WebhookPayloadError, match="'amount'"):
        parse_event(_event_body(json.dumps(amount)))
    with pytest.raises(WebhookPayloadError, match="'amount'"):
        parse_event({**EVENT, "data": {**EVENT["data"], "amount": amount}})


@pytest.mark.parametrize("amount", WITHIN, ids=lambda a: a[:12])
def test_a_webhook_text_amount_within_bounds_keeps_its_digits(amount: str) -> None:
    event = parse_event(_event_body(json.dumps(amount)))
    assert event.payload.amount == Decimal(amount)  # type: ignore[union-attr]
    assert str(event.payload.amount) == str(Decimal(amount))  # type: ignore[union-attr]


def _price(fake: FakeBeatPass, track_id: int, facade: str) -> Decimal | None:
    if facade == "sync":
        with BeatPass(
            fake.token, base_url=fake.base_url, http_client=httpx.Client(transport=fake.transport())
        ) as bp:
            return bp.tracks.get(track_id).price

    async def run() -> Decimal | None:
        http = httpx.AsyncClient(transport=fake.transport())
        async with http, AsyncBeatPass(fake.token, base_url=fake.base_url, http_client=http) as bp:
            return (await bp.tracks.get(track_id)).price

    return asyncio.run(run())


@pytest.mark.parametrize("facade", ["sync", "async"])
@pytest.mark.parametrize("price", TOO_BIG, ids=IDS)
def test_a_beatpass_text_price_out_of_bounds_is_a_decode_error_naming_it(
    facade: str, price: str
) -> None:
    fake = FakeBeatPass()
    track_id = next(iter(fake.db.tracks))
    fake.db.tracks[track_id]["price"] = price
    with pytest.raises(ResponseDecodeError, match=r"Track\.price: invalid amount") as info:
        _price(fake, track_id, facade)
    assert len(str(info.value)) < 400


@pytest.mark.parametrize("facade", ["sync", "async"])
def test_a_beatpass_text_price_within_bounds_keeps_its_digits(facade: str) -> None:
    fake = FakeBeatPass()
    track_id = next(iter(fake.db.tracks))
    fake.db.tracks[track_id]["price"] = "29.90"
    assert str(_price(fake, track_id, facade)) == "29.90"
