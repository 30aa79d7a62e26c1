"""The shared request-part checks of beatkit._core.params."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from beatkit._core.params import check_ids, comma_list, joined_ids, optional_date, optional_money


def test_optional_date_takes_dates_and_iso_text() -> None:
    assert optional_date("day", None) is None
    assert optional_date("day", date(2024, 2, 29)) == "2024-02-29"
    assert optional_date("day", "2024-02-29") == "2024-02-29"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        optional_date("day", "29.02.2024")


@pytest.mark.parametrize("moment", [datetime(2024, 1, 1, 23, 30), datetime(2024, 1, 1, tzinfo=UTC)])
def test_optional_date_refuses_a_datetime(moment: datetime) -> None:
    # A datetime is a date to Python, but its isoformat() is no date, and which day it
    # falls on depends on a time zone: the caller says which day.
    with pytest.raises(TypeError, match=r"day must be a date, not a datetime"):
        optional_date("day", moment)


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (Decimal("49.99"), "49.99"),
        (Decimal("199.50"), "199.5"),  # the same number: JSON has no trailing zeros
        (Decimal("0.1"), "0.1"),
        ("1E+3", "1000"),
        (250, "250"),
        (Decimal("12345678901234567.89"), '"12345678901234567.89"'),  # no float holds it
        (Decimal("1.5E-30"), "1.5e-30"),
    ],
)
def test_optional_money_is_the_exact_value_as_json(value: object, sent: str) -> None:
    encoded = json.dumps(optional_money("price", value))
    assert encoded == sent
    # The JSON text is the value itself (read back as decimal, not as a float).
    assert Decimal(json.loads(encoded, parse_float=Decimal)) == Decimal(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["\u0661\u0662", "1_000", " 49.99", "49.99\n", "\u00a049.99", "+5"]
)
def test_optional_money_text_is_a_json_number(text: str) -> None:
    # Decimal() also reads other scripts' digits ("\u0661\u0662" is 12), underscores
    # and spaces around the number: sent as 12 or 1000, a value the caller never wrote
    # as a number. Text must spell a JSON number, as a decoded amount's must.
    with pytest.raises(ValueError, match="price"):
        optional_money("price", text)


# Iterable, yet not a sequence of the caller's items in the caller's order: a mapping
# yields its keys, bytes-like values their bytes (as ids 97, 98...), a set its own order.
_NOT_SEQUENCES = [
    {3: "three", 4: "four"},
    {3, 4},
    frozenset({3, 4}),
    b"ab",
    bytearray(b"ab"),
    memoryview(b"ab"),
]


@pytest.mark.parametrize("values", _NOT_SEQUENCES, ids=lambda v: type(v).__name__)
def test_several_ids_refuse_what_is_no_sequence(values: object) -> None:
    for build in (check_ids, joined_ids):
        with pytest.raises(TypeError, match=f"ids must be .*not a {type(values).__name__}"):
            build("ids", values)


@pytest.mark.parametrize(
    "values", [*_NOT_SEQUENCES, {"a": 1}, {"a", "b"}], ids=lambda v: type(v).__name__
)
def test_a_comma_list_refuses_what_is_no_sequence(values: object) -> None:
    with pytest.raises(TypeError, match=f"names must be .*not a {type(values).__name__}"):
        comma_list("names", values)


def test_sequences_and_generators_keep_their_order() -> None:
    assert joined_ids("ids", (3, 1, 2)) == "3,1,2"
    assert joined_ids("ids", range(2, 4)) == "2,3"
    assert joined_ids("ids", (i for i in (9, 8))) == "9,8"
    assert check_ids("ids", 5) == [5]
    assert comma_list("names", ("b", "a")) == "b,a"
    assert comma_list("names", iter(["x"])) == "x"
