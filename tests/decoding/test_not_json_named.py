"""A successful body that is not JSON is reported as what was wrong with it.

Two messages misled: a body with no ``Content-Type`` that is not JSON read
"expected JSON, got no content type", as if the header alone were the fault (a JSON
body with no ``Content-Type`` is read); and a UTF-8 body behind a UTF-16 byte-order
mark (``FF FE``, which a server's text layer can prepend) read as a ``'utf-16-le'
codec`` failure or a parse error at its first character. Both are still refused, with
the same exception class; the message now says the body is not JSON and that there was
no Content-Type, or names the byte-order mark.
"""

from __future__ import annotations

import codecs

import httpx
import pytest

from beatkit import BeatConnect
from beatkit.errors import ResponseDecodeError


def _get(body: bytes, headers: dict[str, str]) -> ResponseDecodeError:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers=headers)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with (
        BeatConnect(api_key="key-123", http_client=http, max_retries=0) as bc,
        pytest.raises(ResponseDecodeError) as info,
    ):
        bc.beats.get(1)
    return info.value


def test_a_body_with_no_content_type_that_is_not_json_says_so() -> None:
    error = _get(b'{"status": "ok", "data": ', {})
    assert error.message == (
        "beatconnect: beats.get: expected JSON, got a body that is not JSON and no "
        "Content-Type (Expecting value: line 1 column 26 (char 25))"
    )


def test_a_json_string_with_no_content_type_is_named_a_json_string() -> None:
    error = _get(b'"ok"', {})
    assert error.message == (
        "beatconnect: beats.get: expected a JSON object or array, got a JSON string"
    )


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
@pytest.mark.parametrize("rest", [b'{"status": "ok"}', b'{"status": "ok", "x": 1}'])
@pytest.mark.parametrize("content_type", ["application/json", None])
def test_a_utf16_byte_order_mark_in_front_of_utf8_is_named(
    bom: bytes, rest: bytes, content_type: str | None
) -> None:
    # Odd and even lengths: the one failed as "truncated data", the other as a parse
    # error at the first character, neither naming the mark.
    headers = {} if content_type is None else {"Content-Type": content_type}
    error = _get(bom + rest, headers)
    assert "UTF-16 byte-order mark in front of UTF-8 text" in error.message
    assert "codec" not in error.message


def test_utf16_json_that_does_not_parse_keeps_the_parser_message() -> None:
    error = _get('{"status": '.encode("utf-16"), {"Content-Type": "application/json"})
    assert "does not parse as JSON (Expecting value" in error.message
    assert "byte-order mark" not in error.message


@pytest.mark.parametrize("blank", ["", " "])
def test_a_blank_content_type_reads_as_none(blank: str) -> None:
    # Regression: the message ended "expected JSON, got " with nothing after it.
    error = _get(b'{"status": "ok", "data": ', {"Content-Type": blank})
    assert error.message == (
        "beatconnect: beats.get: expected JSON, got a body that is not JSON and no "
        "Content-Type (Expecting value: line 1 column 26 (char 25))"
    )
