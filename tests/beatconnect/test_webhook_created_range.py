"""A ``created`` far outside the range of a datetime is a WebhookPayloadError with a short
message, whatever its type: a Decimal (``json.loads(parse_float=Decimal)``), an int of any
size, or text. Before, a Decimal like ``1E+999999999`` was turned into an int of a billion
digits first (the parse never ended), an int past Python's 4300-digit ``str()`` limit gave a
bare ValueError while the message was being built, and the message repeated every digit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from beatkit.beatconnect.webhooks import WebhookPayloadError, parse_event
from beatkit.errors import BeatkitError

EVENT: dict[str, Any] = {"id": "evt_1", "type": "user.updated", "data": {"user_id": 1}}
PREFIX = "event: field 'created' is not a valid time: "


def refused(created: object) -> str:
    with pytest.raises(WebhookPayloadError) as info:
        parse_event({**EVENT, "created": created})
    assert isinstance(info.value, BeatkitError)
    message = str(info.value)
    assert message.startswith(PREFIX)
    assert len(message) < 120, message
    return message


@pytest.mark.parametrize(
    "created",
    [
        Decimal("1E+400"),
        Decimal("9" * 400),
        Decimal("9" * 400 + ".5"),
        10**400,
        pytest.param(
            10**5000, id="int-past-the-str-limit"
        ),  # past the interpreter's str() limit for an int
        Decimal("1E+100000"),
        pytest.param(
            Decimal("1E+999999999"), id="Decimal-1E+999999999"
        ),  # int() of it would take minutes and gigabytes
        Decimal("1E+12"),
        10**12,
    ],
    ids=lambda value: (
        f"{type(value).__name__}-{len(repr(value)) if len(repr(value)) < 80 else 'long'}"
    ),
)
def test_a_huge_created_is_past_year_9999(created: object) -> None:
    assert refused(created) == PREFIX + "epoch seconds past the year 9999"
    # copy_negate(): unary minus would round to the context, and overflow it.
    negative = created.copy_negate() if isinstance(created, Decimal) else -created  # type: ignore[operator]
    assert refused(negative) == PREFIX + "epoch seconds before the year 1"


def test_text_created_is_shown_shortened() -> None:
    message = refused("9" * 400)
    assert message.startswith(PREFIX + "'9999")
    assert "9" * 100 not in message


@pytest.mark.parametrize("created", [Decimal("253402300799"), 253402300799, 253402300799.5])
def test_the_last_second_of_year_9999_is_accepted(created: object) -> None:
    assert parse_event({**EVENT, "created": created}).created.year == 9999


@pytest.mark.parametrize("created", [Decimal("253402300800"), 253402300800, 1e308])
def test_the_first_second_of_year_10000_is_refused(created: object) -> None:
    refused(created)
