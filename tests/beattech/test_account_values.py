"""Beat Technology numbers and datetimes are read only in the JSON types the page sends.

The page's samples send every count, position, amount and price as a JSON number
(``"duration": 103`` L5116, ``"amount": 0`` L2575 and L7301, ``"stop_position": 0``
L3597, ``"value": 0`` L3849) and every datetime as ``YYYY-MM-DDThh:mm:ssZ`` text
(L45-59; progress ``changed`` as ``Y-m-d H:i:s``, L3561). Only ids are text "even
when the value looks like a number" (L39), and those are ``str`` fields. So numeric
text in a number field (``"12"``) and a number in a datetime field (``1700000000``)
are refused like any other wrong type, not read as the number or the epoch time
they might spell. ``X-Change`` in a batch entry's headers stays readable as text:
header values are text (see ``test_batch_change_id_text.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import cattrs
import pytest

from beatkit._core.converter import describe_failure, make_converter
from beatkit.beattech.converter import converter, strict_converter
from beatkit.beattech.models import (
    Balance,
    BatchResponse,
    Bookmark,
    Change,
    Charge,
    CouponOffer,
    Progress,
    Quota,
    Rating,
    Stream,
    Subscription,
)

CONVERTERS = [converter, strict_converter]

# Samples of the page, with the value under test in place.
STREAM = {"id": "123456", "url": "https://cdn.example/a.m3u8", "type": "hls", "duration": 103}
CHARGE = {"id": "9", "reason": "purchase", "entity_type": "release", "entity_id": "1", "amount": 0}
QUOTA = {
    "quota_start": "2024-01-01T00:00:00Z",
    "quota_end": "2024-02-01T00:00:00Z",
    "seconds_allowed": 36000,
    "seconds_used": 600,
    "seconds_remaining": 35400,
}
PROGRESS = {
    "id": "5",
    "entity_type": "track",
    "entity_id": "123",
    "changed": "2024-01-02 03:04:05",
    "stop_position": 0,
}

NUMBER_TEXT_CASES: list[tuple[type[Any], dict[str, Any], str, str]] = [
    (Stream, STREAM, "duration", "103"),
    (Charge, CHARGE, "amount", "12"),
    (Quota, QUOTA, "seconds_used", "600"),
    (Progress, PROGRESS, "stop_position", "30"),
    (Rating, {"id": "1", "value": 0}, "value", "4"),
    (
        Bookmark,
        {"id": "1", "position": 0, "reader_position_ratio": 1},
        "reader_position_ratio",
        "0.5",
    ),
    # A Decimal still takes the text its own unstructuring writes ("12.50", which a
    # float would not keep), so that a model round-trips; "12.5" is no such text.
    (Balance, {"currency": "XCR", "amount": 12}, "amount", "12.5"),
    (CouponOffer, {"id": "1", "price": 99}, "price", "99"),
]


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
@pytest.mark.parametrize(("cls", "sample", "name", "text"), NUMBER_TEXT_CASES)
def test_numeric_text_in_a_number_field_is_refused(
    conv: cattrs.Converter, cls: type[Any], sample: dict[str, Any], name: str, text: str
) -> None:
    assert getattr(conv.structure(sample, cls), name) == sample[name]  # the page's number
    with pytest.raises((TypeError, cattrs.BaseValidationError)) as info:
        conv.structure({**sample, name: text}, cls)
    described = describe_failure(info.value)
    assert described is not None and name in described and "got string" in described
    assert text not in described  # the value itself is never quoted


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
def test_numbers_sent_as_numbers_still_read(conv: cattrs.Converter) -> None:
    assert conv.structure(STREAM, Stream).duration == 103
    assert conv.structure({"currency": "XCR", "amount": 12.5}, Balance).amount == Decimal("12.5")
    assert conv.structure({"id": "1", "price": 49.99}, CouponOffer).price == Decimal("49.99")


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
def test_ids_and_change_ids_as_text_still_read(conv: cattrs.Converter) -> None:
    # Ids are text on the page (L39); a batch entry's X-Change is a header value.
    assert conv.structure({"id": 28392}, Charge).id == "28392"
    entry = conv.structure({"status": 200, "headers": {"X-Change": "82"}}, BatchResponse)
    assert entry.change_id == 82


DATETIME_CASES: list[tuple[type[Any], dict[str, Any], str]] = [
    (Quota, QUOTA, "quota_start"),
    (Quota, QUOTA, "quota_end"),
    (Progress, PROGRESS, "changed"),
    (Subscription, {"id": "1", "state": 1, "expiry_date": "2024-01-02T03:04:05Z"}, "expiry_date"),
    (
        Subscription,
        {"id": "1", "state": 1, "next_billing_date": "2024-01-02T03:04:05Z"},
        "next_billing_date",
    ),
]


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
@pytest.mark.parametrize(("cls", "sample", "name"), DATETIME_CASES)
@pytest.mark.parametrize("number", [1700000000, 1700000000.5, 0])
def test_a_number_in_a_datetime_field_is_refused(
    conv: cattrs.Converter, cls: type[Any], sample: dict[str, Any], name: str, number: float
) -> None:
    assert isinstance(getattr(conv.structure(sample, cls), name), datetime)
    with pytest.raises((TypeError, cattrs.BaseValidationError)) as info:
        conv.structure({**sample, name: number}, cls)
    described = describe_failure(info.value)
    assert described is not None and name in described
    assert "got integer" in described or "got number" in described


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
def test_datetime_text_still_reads_as_utc(conv: cattrs.Converter) -> None:
    quota = conv.structure({**QUOTA, "quota_start": "2024-01-01T01:00:00+01:00"}, Quota)
    assert quota.quota_start == datetime(2024, 1, 1, tzinfo=UTC)
    assert quota.quota_start.tzinfo is UTC
    progress = conv.structure(PROGRESS, Progress)
    assert progress.changed == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_change_body_keeps_its_values_as_sent() -> None:
    # A change's body is plain JSON: nothing in it is converted, text or number.
    change = converter.structure(
        {"id": 1, "method": "PATCH", "body": {"bookmark": {"id": "1", "position": "30"}}}, Change
    )
    assert change.entity == {"id": "1", "position": "30"}


def test_the_core_option_refuses_numbers_only_when_asked() -> None:
    # make_converter's default still reads a Unix timestamp (other APIs send them).
    assert make_converter().structure(0, datetime) == datetime(1970, 1, 1, tzinfo=UTC)
    text_only = make_converter(epoch_datetimes=False)
    assert text_only.structure("1970-01-01T00:00:00Z", datetime) == datetime(1970, 1, 1, tzinfo=UTC)
    for number in (0, 1700000000, 1.5, True):
        with pytest.raises(TypeError, match="expected an ISO 8601 string"):
            text_only.structure(number, datetime)
