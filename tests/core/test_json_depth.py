"""How deep a JSON body may nest: one limit, whatever the interpreter's parser manages.

``json.loads`` gives up (``RecursionError``) at a depth that depends on the Python
version and on how deep the stack already is: about 1,000 on 3.11, 1,500 on 3.12 and
10,000 on 3.13. A body refused on one version was read on another (a 5,000-deep
webhook body was "too deep" on 3.11 and "not an object" on 3.13).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import httpx
import pytest

from beatkit._core.responses import MAX_JSON_DEPTH, load_json, read_body
from beatkit.beatconnect.webhooks import parse_event
from beatkit.errors import WebhookPayloadError


def arrays(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def objects(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("make", [arrays, objects])
def test_the_deepest_allowed_body_parses(make: Callable[[int], bytes]) -> None:
    assert load_json(make(MAX_JSON_DEPTH)) is not None


@pytest.mark.parametrize("make", [arrays, objects])
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 600, 900, 1400, 5000])
def test_deeper_bodies_are_refused_on_every_version(
    make: Callable[[int], bytes], depth: int
) -> None:
    with pytest.raises(RecursionError, match="nested deeper than 512"):
        load_json(make(depth))


def test_the_limit_holds_with_a_raised_recursion_limit() -> None:
    # A test runner or an application may raise it; the parser then goes deeper.
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(5000)
    try:
        with pytest.raises(RecursionError):
            load_json(arrays(2000))
    finally:
        sys.setrecursionlimit(old)


def test_depth_counts_nesting_not_brackets() -> None:
    # Many containers side by side, and brackets inside strings, are not depth.
    wide = b"[" + b",".join([b"[]"] * 5000) + b"]"
    assert len(load_json(wide)) == 5000
    text = b'{"a": "' + b"[" * 5000 + b'"}'
    assert load_json(text) == {"a": "[" * 5000}


def test_read_body_of_a_body_too_deep_is_its_text() -> None:
    body = arrays(5000)
    answer = httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
    assert read_body(answer) == body.decode()


def test_a_webhook_body_too_deep_is_a_payload_error() -> None:
    with pytest.raises(WebhookPayloadError, match="nested too deeply"):
        parse_event(b'{"id": "e", "type": "x", "created": 1, "data": ' + arrays(5000) + b"}")
