"""NaN, Infinity and numbers too large for a float are never decoded as floats.

Python's ``json`` takes ``NaN``, ``Infinity`` and ``-Infinity`` (JSON has none of
them) and reads ``1e400`` as ``inf``. Whatever field type waits for them (``float``,
``float | None``, ``int | float``, ``Any``, a dict's values), a body carrying one is
an error, not a value the API never sent; a token's ``expires_in`` too.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from attrs import frozen

from beatkit._core.converter import JSONTypeError, make_converter
from beatkit._core.http import ServiceSpec
from beatkit._core.model import Model
from beatkit._core.operation import Operation
from beatkit._core.responses import decode_result, read_body
from beatkit.auth.oauth import parse_token_response
from beatkit.errors import ResponseDecodeError

NOW = datetime(2025, 1, 1, tzinfo=UTC)
SPEC = ServiceSpec(name="testsvc")
NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" * 400 + ".5"]


@frozen(kw_only=True)
class Reading(Model):
    value: float = 0.0
    maybe: float | None = None
    either: int | float | None = None
    anything: Any = None
    table: dict[str, float] | None = None


def _response(content: bytes, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status,
        content=content,
        headers={"Content-Type": "application/json"},
        request=httpx.Request("GET", "https://api.test/readings/1"),
    )


def _get_reading() -> Operation[Reading]:
    return Operation(name="readings.get", method="GET", path="/readings/1", result=Reading)


def _decode(content: bytes) -> Reading:
    response = _response(content)
    return decode_result(_get_reading(), response, read_body(response), SPEC, make_converter())


def _no_float_is_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_no_float_is_non_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_no_float_is_non_finite(v) for v in value)
    return True


@pytest.mark.parametrize("number", NON_FINITE)
@pytest.mark.parametrize(
    "template",
    [
        '{"value": %s}',
        '{"maybe": %s}',
        '{"either": %s}',
        '{"anything": %s}',
        '{"anything": {"deep": [1, %s]}}',
        '{"table": {"x": %s}}',
        '{"undeclared": %s}',
    ],
)
def test_a_non_finite_number_in_a_body_is_a_decode_error(template: str, number: str) -> None:
    with pytest.raises(ResponseDecodeError) as info:
        _decode((template % number).encode())
    assert info.value.status_code == 200
    assert "testsvc: readings.get" in str(info.value)
    # What the error carries is not a float the API never sent either.
    assert _no_float_is_non_finite(info.value.body)


@pytest.mark.parametrize("number", NON_FINITE)
def test_read_body_never_gives_a_non_finite_float(number: str) -> None:
    body = read_body(_response(f'{{"a": [{number}]}}'.encode()))
    assert _no_float_is_non_finite(body)


def test_finite_floats_still_decode_as_sent() -> None:
    reading = _decode(
        b'{"value": 1.5, "maybe": 1e308, "either": -0.0, "anything": 5e-324,'
        b' "table": {"x": 2.5E-3, "y": 1e-400}}'
    )
    assert reading.value == 1.5
    assert reading.maybe == 1e308
    assert reading.either == 0.0
    assert math.copysign(1.0, reading.either) == -1.0
    assert reading.anything == 5e-324
    assert reading.table == {"x": 0.0025, "y": 0.0}  # underflow is a finite number
    assert _decode(b'{"maybe": null}').maybe is None


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("field", ["value", "maybe", "either", "table"])
def test_the_converter_refuses_non_finite_floats(strict: bool, value: float, field: str) -> None:
    # A converter fed by other code than read_body (a token store, a fake, a caller's
    # own json.loads) refuses them too.
    data: dict[str, Any] = {field: {"x": value} if field == "table" else value}
    with pytest.raises(Exception) as info:  # noqa: PT011 - cattrs wraps it under strict
        make_converter(strict=strict).structure(data, Reading)
    assert "finite" in str(info.value) or _has_json_type_error(info.value)


def _has_json_type_error(error: BaseException) -> bool:
    if isinstance(error, JSONTypeError):
        return "finite" in str(error)
    inner = getattr(error, "exceptions", ())
    return any(_has_json_type_error(e) for e in inner) or (
        error.__cause__ is not None and _has_json_type_error(error.__cause__)
    )


@pytest.mark.parametrize("tp", [float, float | None, int | float, int | float | None])
def test_the_float_hooks_refuse_nan_and_infinities(tp: Any) -> None:
    converter = make_converter()
    assert converter.structure(2.5, tp) == 2.5
    for value in (math.nan, math.inf, -math.inf):
        with pytest.raises(JSONTypeError, match="finite"):
            converter.structure(value, tp)


@pytest.mark.parametrize("number", NON_FINITE)
@pytest.mark.parametrize("field", ["expires_in", "extra_field"])
def test_a_token_with_a_non_finite_number_is_refused(number: str, field: str) -> None:
    content = f'{{"access_token": "at", "token_type": "bearer", "{field}": {number}}}'
    response = httpx.Response(
        200,
        content=content.encode(),
        headers={"Content-Type": "application/json"},
        request=httpx.Request("POST", "https://auth.test/token"),
    )
    with pytest.raises(ResponseDecodeError, match="token endpoint") as info:
        parse_token_response(response, service="testsvc", now=NOW)
    assert _no_float_is_non_finite(info.value.body)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"value": NaN}', "NaN is not a JSON number"),
        (b'{"value": 1e400}', "does not fit a float"),
        (b'{"value": }', "Expecting value"),
    ],
)
def test_the_decode_error_says_why_the_body_is_not_json(content: bytes, reason: str) -> None:
    with pytest.raises(ResponseDecodeError, match=reason):
        _decode(content)
