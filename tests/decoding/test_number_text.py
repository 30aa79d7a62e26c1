"""Numbers sent as text (BeatPass) follow the rules of the JSON numbers they spell.

A JSON integer is read into a ``float`` field only when the float holds it exactly
(``2**53 + 1`` is refused); the same integer sent as text must not be rounded either.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.responses import decode_result, read_body
from beatkit.beatpass.converter import converter, strict_converter
from beatkit.beatpass.models import DuplicateMatch
from beatkit.errors import ResponseDecodeError

SPEC = ServiceSpec(name="beatpass")


def _decode(body: bytes, strict: bool) -> DuplicateMatch:
    response = httpx.Response(
        200,
        content=body,
        headers={"Content-Type": "application/json"},
        request=httpx.Request("GET", "https://api.test/dup"),
    )
    operation = Operation(name="dup.get", method="GET", path="/dup", result=DuplicateMatch)
    conv = strict_converter if strict else converter
    return decode_result(operation, response, read_body(response), SPEC, conv)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("number", ["9007199254740993", "-9007199254740993", "1" * 30])
def test_integer_text_a_float_cannot_hold_is_refused(number: str, strict: bool) -> None:
    for body in (
        b'{"similarity": %s}' % number.encode(),
        b'{"similarity": "%s"}' % number.encode(),
    ):
        with pytest.raises(ResponseDecodeError, match="similarity"):
            _decode(body, strict)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(
    ("text", "expected"),
    [("9007199254740992", 2.0**53), ("87", 87.0), ("-0", -0.0), ("0.87", 0.87), ("8.7e1", 87.0)],
)
def test_number_text_a_float_holds_is_read(text: str, expected: float, strict: bool) -> None:
    assert _decode(b'{"similarity": "%s"}' % text.encode(), strict).similarity == expected
