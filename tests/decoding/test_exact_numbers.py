"""JSON numbers with more digits than a float holds decode to what the API sent.

A ``Decimal`` field gets the exact number of the JSON text (``12345678901234567.89``,
``0.1000000000000000055``), never the float next to it; a ``float`` field gets a
plain ``float`` (rounding is what a float field is); an ``int`` field still refuses
every JSON number with a fraction or an exponent. Raw JSON (an ``Any`` result or
field, an error's body) keeps floats, as before: a number no float holds is a
``float`` subclass that also carries its text, equal to the nearest float.
"""

from __future__ import annotations

import copy
import json
import math
import pickle
from decimal import Decimal
from typing import Any

import httpx
import pytest
from attrs import frozen
from hypothesis import given
from hypothesis import strategies as st

from beatkit._core.converter import make_converter
from beatkit._core.http import ServiceSpec
from beatkit._core.json_values import structure_decimal
from beatkit._core.model import Model
from beatkit._core.operation import Operation
from beatkit._core.responses import decode_result, load_json, read_body
from beatkit.beatconnect.webhooks import parse_event
from beatkit.errors import ResponseDecodeError

SPEC = ServiceSpec(name="testsvc")

# Twenty significant digits and more: no float holds them.
EXACT = [
    "12345678901234567.89",
    "0.1000000000000000055",
    "-98765432109876543.21",
    "1.0000000000000000001",
    "123456789012345678901234567890.5",
    "1.2345678901234567891e-5",
    "1e-400",
]


@frozen(kw_only=True)
class Amounts(Model):
    money: Decimal | None = None
    required: Decimal = Decimal(0)
    ratio: float | None = None
    either: int | float | None = None
    count: int | None = None
    anything: Any = None
    table: dict[str, Decimal] | None = None
    many: list[Decimal] | None = None


def _response(content: bytes, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status,
        content=content,
        headers={"Content-Type": "application/json"},
        request=httpx.Request("GET", "https://api.test/amounts/1"),
    )


def _decode(content: bytes, *, strict: bool = False, text_numbers: bool = True) -> Amounts:
    op = Operation(name="amounts.get", method="GET", path="/amounts/1", result=Amounts)
    response = _response(content)
    converter = make_converter(strict=strict, text_numbers=text_numbers)
    return decode_result(op, response, read_body(response), SPEC, converter)


def _raw(content: bytes) -> Any:
    op: Operation[Any] = Operation(name="amounts.raw", method="GET", path="/raw", result=Any)
    response = _response(content)
    return decode_result(op, response, read_body(response), SPEC)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("text_numbers", [False, True])
@pytest.mark.parametrize("number", EXACT)
def test_a_decimal_field_is_the_exact_number_sent(
    number: str, strict: bool, text_numbers: bool
) -> None:
    body = (
        f'{{"money": {number}, "required": {number}, "table": {{"a": {number}}},'
        f' "many": [1.5, {number}]}}'
    ).encode()
    amounts = _decode(body, strict=strict, text_numbers=text_numbers)
    assert amounts.money == Decimal(number)
    assert amounts.required == Decimal(number)
    assert amounts.table == {"a": Decimal(number)}
    assert amounts.many == [Decimal("1.5"), Decimal(number)]
    for value in (amounts.money, amounts.required, amounts.table["a"], amounts.many[1]):
        assert type(value) is Decimal


def test_twenty_significant_digits_are_kept() -> None:
    assert _decode(b'{"money": 12345678901234567.89}').money == Decimal("12345678901234567.89")
    assert _decode(b'{"money": 0.1000000000000000055}').money == Decimal("0.1000000000000000055")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("49.99", "49.99"),
        ("1.49", "1.49"),
        ("0.30000000000000004", "0.30000000000000004"),
        ("1.5e2", "150"),
        ("2.50", "2.5"),
        ("-0.0", "-0.0"),
        ("1E+2", "100"),
    ],
)
def test_a_decimal_field_still_reads_short_numbers_by_their_value(text: str, expected: str) -> None:
    money = _decode(f'{{"money": {text}}}'.encode()).money
    assert money == Decimal(expected)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("number", EXACT)
def test_a_float_field_is_a_plain_float(number: str, strict: bool) -> None:
    amounts = _decode(f'{{"ratio": {number}, "either": {number}}}'.encode(), strict=strict)
    assert type(amounts.ratio) is float and amounts.ratio == float(number)
    assert type(amounts.either) is float and amounts.either == float(number)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(
    "number", ["1.5", "2.0", "2.0000000000000000001", "12345678901234567890.0", "1e2", *EXACT]
)
def test_an_int_field_still_refuses_numbers_with_a_fraction_or_exponent(
    number: str, strict: bool
) -> None:
    with pytest.raises(ResponseDecodeError, match=r"Amounts\.count: expected int, got number"):
        _decode(f'{{"count": {number}}}'.encode(), strict=strict)


@pytest.mark.parametrize("number", EXACT)
def test_raw_json_keeps_floats(number: str) -> None:
    body = _raw(f'{{"amount": {number}, "list": [{number}]}}'.encode())
    for value in (body["amount"], body["list"][0]):
        assert isinstance(value, float)
        assert value == float(number)
        assert repr(value) == repr(float(number))
    # Still JSON as the standard library writes it, and the same float after copies.
    assert json.loads(json.dumps(body)) == {"amount": float(number), "list": [float(number)]}
    for copied in (copy.deepcopy(body), pickle.loads(pickle.dumps(body))):  # noqa: S301
        assert copied == body
        # A copy still carries the digits: a Decimal read later is exact too.
        assert structure_decimal(copied["amount"]) == Decimal(number)


def test_raw_json_of_short_numbers_is_plain_floats() -> None:
    body = load_json(b'{"a": 49.99, "b": [0.1, 1e-7, 0.30000000000000004, 125.0]}')
    assert type(body["a"]) is float
    assert all(type(value) is float for value in body["b"])


def test_an_any_field_keeps_the_float() -> None:
    amounts = _decode(b'{"anything": {"deep": 0.1000000000000000055}}')
    assert amounts.anything == {"deep": 0.1}
    assert structure_decimal(amounts.anything["deep"]) == Decimal("0.1000000000000000055")


def test_an_error_body_keeps_floats_and_its_model_reads_the_exact_number() -> None:
    response = _response(b'{"message": "no", "limit": 12345678901234567.89}', 400)
    body = read_body(response)
    assert isinstance(body["limit"], float) and body["limit"] == 12345678901234567.89
    with pytest.raises(ResponseDecodeError) as info:
        _decode(b'{"count": 12345678901234567.89}')
    assert info.value.body == {"count": 12345678901234567.89}
    restored = pickle.loads(pickle.dumps(info.value))  # noqa: S301
    assert restored.body == {"count": 12345678901234567.89}


def test_a_webhook_amount_is_exact() -> None:
    beat = parse_event(
        b'{"id": "evt_1", "created": 1700000000, "type": "beat.created",'
        b' "data": {"beat_id": 3, "price": 0.1000000000000000055}}'
    )
    payload: Any = beat.payload
    assert payload.price == Decimal("0.1000000000000000055")
    purchase = parse_event(
        b'{"id": "evt_2", "created": 1700000000, "type": "purchase.completed",'
        b' "data": {"order_id": 1, "amount": 12345678901234567.89, "currency": "USD"}}'
    )
    payload = purchase.payload
    assert payload.amount == Decimal("12345678901234567.89")


@pytest.mark.parametrize("number", ["1e-9999999999999999999", "-2.5E-99999999999999999999999"])
def test_a_number_no_decimal_holds_either_is_refused_as_json(number: str) -> None:
    # Its exponent is past a Decimal's; the float would be 0.0, a value not sent.
    with pytest.raises(ValueError, match="does not fit"):
        load_json(f"[{number}]".encode())
    with pytest.raises(ResponseDecodeError, match=r"testsvc: amounts\.get"):
        _decode(f'{{"money": {number}}}'.encode())


@given(st.from_regex(r"-?(0|[1-9][0-9]{0,24})\.[0-9]{1,25}([eE][+-]?[0-9]{1,3})?", fullmatch=True))
def test_every_json_number_is_read_exactly_or_refused(text: str) -> None:
    try:
        value = load_json(text.encode())
    except ValueError:
        assert math.isinf(float(text))  # only what no float holds at all is refused
        return
    assert isinstance(value, float) and value == float(text)
    assert structure_decimal(value) == Decimal(text)
