"""A JSON object that repeats a key is read as Python's and JavaScript's parsers read it.

The decoding guide says so (``docs/concepts.md``): the last value wins. The APIs write
objects from maps, which cannot repeat a key, and refusing repeats would mean an
``object_pairs_hook`` on every object of every body (twice the parse time of a page).
This pins the documented behaviour, in lenient and strict mode, so that a change to it
is a decision and not an accident.
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


def _decode(body: bytes, strict: bool) -> DuplicateMatch:
    response = httpx.Response(
        200,
        content=body,
        headers={"Content-Type": "application/json"},
        request=httpx.Request("GET", "https://api.test/dup"),
    )
    operation = Operation(name="dup.get", method="GET", path="/dup", result=DuplicateMatch)
    conv = strict_converter if strict else converter
    return decode_result(
        operation, response, read_body(response), ServiceSpec(name="beatpass"), conv
    )


@pytest.mark.parametrize("strict", [False, True])
def test_the_last_of_a_repeated_key_wins(strict: bool) -> None:
    assert _decode(b'{"similarity": 0.5, "similarity": 0.9}', strict).similarity == 0.9


@pytest.mark.parametrize("strict", [False, True])
def test_the_last_value_is_checked_like_any_other(strict: bool) -> None:
    with pytest.raises(ResponseDecodeError, match=r"DuplicateMatch\.similarity"):
        _decode(b'{"similarity": 0.5, "similarity": true}', strict)
