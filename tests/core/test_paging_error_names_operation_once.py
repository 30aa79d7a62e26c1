"""A page that is not the one asked for is reported with the operation named once.

The page readers put the operation's name in their ``PagingError``, and the pager's
``ResponseDecodeError`` puts ``service: operation:`` before it again: a shop listing its
orders read ``beatconnect: orders.list: orders.list: asked for page 2, ...``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit.auth import Token
from beatkit.beatconnect import BeatConnect
from beatkit.beatport import Beatport
from beatkit.errors import ResponseDecodeError
from beatkit.testing import FakeBeatport

ORDER = {"id": 1, "status": "completed", "items": [], "total": 49.99, "currency": "USD"}


def test_a_clamped_page_of_orders_names_the_operation_once() -> None:
    asked: list[httpx.Request] = []

    def clamped(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        pagination: dict[str, Any] = {
            "total": 2, "per_page": 1, "current_page": 1, "last_page": 2,
            # Page 2 is answered with page 1 again, as a server clamping the page does.
            "next_page_url": (
                "https://api.beatconnectafrica.com/v1/orders?page=2" if len(asked) == 1 else None
            ),
        }  # fmt: skip
        body = {"status": "success", "data": {"orders": [ORDER], "pagination": pagination}}
        return httpx.Response(200, json=body)

    http = httpx.Client(transport=httpx.MockTransport(clamped))
    with (
        BeatConnect("key", http_client=http, max_retries=0) as bc,
        pytest.raises(ResponseDecodeError) as info,
    ):
        list(bc.orders.list(per_page=1))
    assert str(info.value) == (
        "beatconnect: orders.list: asked for page 2, the API answered page 1"
    )
    assert len(asked) == 2


def test_a_repeated_beatport_page_names_the_operation_once() -> None:
    fake = FakeBeatport()
    body = {"tracks": {"data": [{"track_id": n, "track_name": f"T{n}"} for n in range(5)]}}
    asked: list[httpx.Request] = []

    def stuck(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        if len(asked) > 5:  # bounded: fail instead of walking for ever
            return httpx.Response(500, json={"detail": "too many pages asked for"})
        return httpx.Response(200, json=body)

    token = Token.from_response(fake.issue_token(), now=datetime.now(UTC))
    with (
        Beatport(
            base_url=fake.base_url,
            client_id=fake.client_id,
            token=token,
            http_client=httpx.Client(transport=httpx.MockTransport(stuck)),
            max_retries=0,
        ) as bp,
        pytest.raises(ResponseDecodeError) as info,
    ):
        list(bp.tracks.search("dub", per_page=5))
    message = str(info.value)
    assert message.startswith("beatport: search.tracks: page 2 repeats page 1"), message
    assert message.count("search.tracks") == 1, message
