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

from decimal import Decimal
from typing import Any

import cattrs
import pytest

from beatkit._core.converter import describe_failure
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


def test_a_change_body_keeps_its_values_as_sent() -> None:
    # A change's body is plain JSON: nothing in it is converted, text or number.
    change = converter.structure(
        {"id": 1, "method": "PATCH", "body": {"bookmark": {"id": "1", "position": "30"}}}, Change
    )
    assert change.entity == {"id": "1", "position": "30"}
