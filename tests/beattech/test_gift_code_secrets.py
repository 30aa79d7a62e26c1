"""A gift card's code is a credential wherever a request carries it.

Whoever holds the code can redeem the card. It is masked where it travels under a
name that says so (``coupon`` when redeemed, ``code`` when looked up), but paying for
a gift card (``charges.create(..., "coupon", entity_id=code)``) and listing its
charges (``charges.list("coupon", [code])``) send it as an ``entity_id``, a field
that is an ordinary track or release id for every other entity type. The operation
itself marks the code secret, so an error that quotes the request, beatkit's log
lines and httpx's own request log all show it masked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import APIConnectionError, APIError

CODE = "GIFT-SECRET-1"
RELEASE = "release-4711"


def _echo(request: httpx.Request) -> httpx.Response:
    """A token endpoint, and an API that quotes the whole request back in its error."""
    if request.url.path.endswith("/oauth2/token"):
        return httpx.Response(
            200, json={"access_token": "app-1", "token_type": "bearer", "expires_in": 3600}
        )
    quoted = f"No such entity: {request.url} {request.content.decode()}"
    return httpx.Response(
        404, json={"error": "error_not_found", "error_description": quoted, "request": quoted}
    )


def _client(handler: Callable[[httpx.Request], httpx.Response] = _echo) -> BeatTech:
    return BeatTech(
        "test",
        client_id="cid",
        client_secret="csecret",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


CALLS: list[tuple[str, Callable[[BeatTech], Any]]] = [
    ("pay for a gift card", lambda bt: bt.charges.create("purchase", "coupon", entity_id=CODE)),
    ("list a gift card's charges", lambda bt: bt.charges.list("coupon", [CODE, "OTHER-CODE-2"])),
    (
        "list a user's external charges of a gift card",
        lambda bt: bt.charges.list_external("5", "coupon", entity_id=CODE),
    ),
]


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with (
        caplog.at_level(logging.DEBUG, logger="beatkit"),
        caplog.at_level(logging.INFO, logger="httpx"),
    ):
        yield caplog


@pytest.mark.parametrize(("what", "call"), CALLS, ids=[what for what, _ in CALLS])
def test_a_gift_card_code_sent_as_an_entity_id_is_masked_in_errors_and_logs(
    what: str, call: Callable[[BeatTech], Any], logs: pytest.LogCaptureFixture
) -> None:
    with _client() as bt, pytest.raises(APIError) as caught:
        call(bt)
    error = caught.value
    shown = [str(error), repr(error), repr(error.body), repr(error.details), error.message]
    assert all(CODE not in text for text in shown), shown
    assert "No such entity" in error.message  # the rest of the message is kept
    records = [record.getMessage() for record in logs.records]
    assert any("/v2/" in line for line in records)  # the request was logged ...
    assert all(CODE not in line for line in records), records  # ... without the code
    assert all("OTHER-CODE-2" not in line for line in records)


def test_an_ordinary_entity_id_stays_visible() -> None:
    # Only a coupon's id is a credential: a release id in an error stays readable.
    with _client() as bt, pytest.raises(APIError) as caught:
        bt.charges.create("purchase", "release", entity_id=RELEASE)
    assert RELEASE in caught.value.message


def test_a_connection_error_does_not_show_the_code() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            return _echo(request)
        raise httpx.ConnectError("refused", request=request)

    with _client(refuse) as bt, pytest.raises(APIConnectionError) as caught:
        bt.charges.list("coupon", [CODE])
    assert CODE not in str(caught.value)
    assert CODE not in repr(caught.value)


async def test_the_async_client_masks_the_code_too() -> None:
    async with AsyncBeatTech(
        "test",
        client_id="cid",
        client_secret="csecret",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(_echo)),
    ) as bt:
        with pytest.raises(APIError) as caught:
            await bt.charges.create("purchase", "coupon", entity_id=CODE)
    assert CODE not in str(caught.value)
    assert CODE not in repr(caught.value.body)
