# GENERATED from tests/beattech/_async/test_exactness.py by scripts/unasync.py: edit the async source.
"""Wire-exact checks of the client against answers a PHP backend sends, with pytest-httpx.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from pytest_httpx import HTTPXMock

from beatkit.beattech import BeatTech, BatchRequest
from tests.beattech._mocked import BASE


def last(httpx_mock: HTTPXMock) -> httpx.Request:
    requests = httpx_mock.get_requests()
    assert requests
    return requests[-1]


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


# --- PHP's empty map: json_encode writes [] for an empty associative array ---------------------


def test_a_users_empty_metadata_bag_comes_as_an_empty_array(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    # The bag is a bare key/value map (L6875-6878); a user without entries gets [].
    httpx_mock.add_response(method="GET", url=f"{BASE}/users/28392/metadata", json=[])
    assert bt.users.metadata() == {}


def test_a_track_without_streams_may_carry_an_empty_array(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        method="GET", url=f"{BASE}/tracks/7", json={"track": {"id": "7", "streams": []}}
    )
    track = bt.tracks.get(7, include=["track-streams"])
    assert last(httpx_mock).headers["x-include"] == "track-streams"
    assert track.streams == {}


def test_a_batch_answer_without_headers_may_carry_an_empty_array(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    # The page's batch answer (L5858-5868): a failing entry carries no headers; PHP
    # writes the empty header map as []. The entry stays an entry, not a decode error.
    httpx_mock.add_response(
        method="POST",
        url=f"{BASE}/batch",
        json={
            "responses": [
                {"status": 200, "body": {"bookmark": {"id": "1"}}, "headers": {"X-Change": 82}},
                {"status": 404, "body": {"error_description": "Not found"}, "headers": []},
            ]
        },
    )
    first, second = bt.batch(
        [
            BatchRequest(method="PATCH", url="/v2/bookmarks/1", body={"note": "n"}),
            BatchRequest(method="DELETE", url="/v2/bookmarks/2"),
        ]
    )
    assert (first.ok, first.change_id) == (True, 82)
    assert (second.status, second.ok, second.headers, second.change_id) == (404, False, {}, None)


def test_a_release_s_streams_may_come_as_an_empty_array(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        method="GET", url=f"{BASE}/streams/releases/5", json={"track": {"id": "9"}, "streams": []}
    )
    streams = bt.streams.release(5)
    assert streams.streams == {}


# --- request bodies field by field, as the operation schemas write them ------------------------


def test_a_setup_intent_sends_every_documented_field(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    # L2036-2113: payment_type an integer, the rest strings, payment_type_args an object;
    # campaign_code (Vipps) and cancel_url (Reepay, Paystack) by those names.
    httpx_mock.add_response(
        method="POST",
        url=f"{BASE}/billing/setupintents",
        json={"client_secret": "seti_1", "setup_intent": {"payment_type": 4}},
    )
    intent = bt.billing.create_setup_intent(
        4,
        payment_method_subtype="sepa_debit",
        product_id=201,
        campaign_code="spring",
        redirect_url="https://app.example/ok",
        cancel_url="https://app.example/cancel",
        payment_type_args={"locale": "nb"},
    )
    assert intent.client_secret == "seti_1"
    assert body(last(httpx_mock)) == {
        "payment_type": 4,
        "payment_method_subtype": "sepa_debit",
        "product_id": "201",
        "campaign_code": "spring",
        "redirect_url": "https://app.example/ok",
        "cancel_url": "https://app.example/cancel",
        "payment_type_args": {"locale": "nb"},
    }
