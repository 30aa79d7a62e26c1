"""An error whose text quotes a lone surrogate the server sent can still be printed.

JSON may escape a lone surrogate (``"\\ud83d"``): JavaScript's ``JSON.stringify`` writes
one for a message cut in the middle of an emoji. The message keeps what the server
sent; ``str()`` of the error, what ``print``, logging and tracebacks show, writes it
as its escape, since no UTF-8 stream (a strict ``sys.stdout``, a log file) takes it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import httpx
import pytest

from beatkit import BeatConnect
from beatkit.errors import (
    APIError,
    BeatkitError,
    NotFoundError,
    ResponseDecodeError,
    WebhookPayloadError,
)

CUT = b'"no beat \\ud83d"'  # a message cut after the first half of an emoji
"""A JSON string whose last character is a lone surrogate."""


def client(status: int, body: bytes) -> BeatConnect:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return BeatConnect(api_key="key-123", http_client=http, max_retries=0)


@pytest.fixture
def beatconnect_404() -> Iterator[BeatConnect]:
    body = b'{"status": "error", "error": {"code": "gone\\udfff", "message": ' + CUT + b"}}"
    with client(404, body) as bc:
        yield bc


def test_an_api_error_quoting_a_lone_surrogate_prints(beatconnect_404: BeatConnect) -> None:
    # Regression: str() held the lone surrogate, so print(error) raised
    # UnicodeEncodeError and a log line of it was lost ("--- Logging error ---").
    with pytest.raises(NotFoundError) as info:
        beatconnect_404.beats.get(1)
    error = info.value
    assert error.message == "no beat \ud83d"  # as sent
    assert error.code == "gone\udfff"
    shown = str(error)
    shown.encode("utf-8")  # no UnicodeEncodeError
    assert "no beat \\ud83d" in shown
    assert "[gone\\udfff]" in shown
    repr(error).encode("utf-8")


def test_a_logged_api_error_quoting_a_lone_surrogate_is_written(
    beatconnect_404: BeatConnect,
) -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # strict, as a log file is
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("test_error_text_printable")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with pytest.raises(APIError) as info:
            beatconnect_404.beats.get(1)
        logger.error("call failed: %s", info.value)
        handler.flush()
    finally:
        logger.removeHandler(handler)
    stream.seek(0)
    assert "call failed: beatconnect 404 [gone\\udfff] no beat \\ud83d" in stream.read()


@pytest.mark.parametrize(
    "error",
    [
        BeatkitError("bad \udce9 text"),
        ResponseDecodeError("bad \udce9 text", service="s", status_code=200, body=None),
        WebhookPayloadError("bad \udce9 text"),
    ],
)
def test_any_beatkit_error_with_a_lone_surrogate_prints(error: BeatkitError) -> None:
    assert str(error) == "bad \\udce9 text"
    assert error.args == ("bad \udce9 text",)  # the text itself is kept


def test_text_without_lone_surrogates_is_shown_as_it_is() -> None:
    assert str(BeatkitError("café 😀 \\u")) == "café 😀 \\u"
    assert str(BeatkitError()) == ""
    assert str(BeatkitError("a", 1)) == "('a', 1)"
