"""Catalogue identifiers and id lists, checked before anything is sent."""

from __future__ import annotations

import pytest

from beatkit.beattech.context import text_ids, text_list
from beatkit.beattech.identifiers import isbn, optional_id, upc


def test_isbn_keeps_digits_and_a_final_x() -> None:
    assert isbn("release_id", "978-82-421-8071-1") == "9788242180711"
    assert isbn("release_id", 9788242180711) == "9788242180711"
    assert isbn("release_id", "0-8044-2957-x") == "080442957X"
    for bad in ("97882421807", "978824218071X", "ISBN9788242180711"):
        with pytest.raises(ValueError, match="ISBN"):
            isbn("release_id", bad)
    with pytest.raises(TypeError):
        isbn("release_id", True)
    # "-" is dropped as a hyphen in text, but a negative number is no ISBN.
    with pytest.raises(ValueError, match="negative"):
        isbn("release_id", -9788242180711)


def test_upc_is_text_of_8_to_14_digits() -> None:
    assert upc("upc_code", "0724382304258") == "0724382304258"
    assert upc("upc_code", "12345678") == "12345678"
    with pytest.raises(TypeError, match="leading zeros"):
        upc("upc_code", 724382304258)
    for bad in ("1234567", "123456789012345", "07243823042a8"):
        with pytest.raises(ValueError, match="digits"):
            upc("upc_code", bad)


def test_optional_id_and_id_lists() -> None:
    assert optional_id("series_id", None) is None
    assert optional_id("series_id", 301) == "301"
    assert text_ids("entity_ids", 1001) == "1001"
    assert text_ids("entity_ids", [1001, " 1002 "]) == "1001,1002"
    assert text_ids("entity_ids", ("a",) * 3, maximum=3) == "a,a,a"
    with pytest.raises(ValueError, match="at most 2"):
        text_ids("entity_ids", ["1", "2", "3"], maximum=2)
    with pytest.raises(ValueError, match="at least one"):
        text_ids("entity_ids", [])
    with pytest.raises(ValueError, match="comma"):
        text_ids("entity_ids", "1,2")
    with pytest.raises(TypeError):
        text_ids("entity_ids", b"1")


@pytest.mark.parametrize(
    "values",
    [
        {3: "a", 1: "b"},
        {3, 1},
        frozenset({"x", "y"}),
        b"ab",
        bytearray(b"\x03\x01"),
        memoryview(b"a"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_id_and_name_lists_refuse_what_is_no_sequence(values: object) -> None:
    # A dict's keys, a set's hash order, bytes as the numbers of their bytes: sent as
    # ids or names the caller never wrote, in an order the caller never chose.
    with pytest.raises(TypeError, match=f"release_ids must be .*not a {type(values).__name__}"):
        text_ids("release_ids", values)
    if not isinstance(values, set | frozenset):  # a filter's order is moot: sets pass
        with pytest.raises(TypeError, match=f"types must be .*not a {type(values).__name__}"):
            text_list("types", values)
    assert text_ids("release_ids", (i for i in (3, "b1"))) == "3,b1"
    assert text_list("types", ("single", "album")) == "single,album"
    assert text_list("types", frozenset({"album"})) == "album"
