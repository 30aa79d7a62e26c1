"""An error whose body names no message reads the HTTP reason phrase, on every service.

``APIError.message`` is "the API's human-readable message, or the HTTP reason phrase"
(beatkit.errors): a body with a code but no text message (or a message that is not
text) must not read ``HTTP 404`` where the status line says ``Not Found``, nor hide
the core's own words for a failure stated in a 2xx body. Written once for asyncio;
``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import re

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beatconnect import AsyncBeatConnect
from beatkit.beatpass import AsyncBeatPass
from beatkit.errors import APIError, ConflictError, NotFoundError, UnprocessableEntityError


async def _beatconnect(httpx_mock: HTTPXMock, status: int, body: object) -> APIError:
    httpx_mock.add_response(status_code=status, json=body)
    async with AsyncBeatConnect("key", max_retries=0) as bc:
        with pytest.raises(APIError) as info:
            await bc.beats.get(1)
    return info.value


async def _beatpass(httpx_mock: HTTPXMock, status: int, body: object) -> APIError:
    httpx_mock.add_response(status_code=status, json=body)
    async with AsyncBeatPass(token="tok", max_retries=0) as bp:
        with pytest.raises(APIError) as info:
            await bp.tracks.get(1)
    return info.value


@pytest.mark.parametrize("message", [None, "", ["Beat not found"], {"text": "x"}, 5])
async def test_beatconnect_an_error_object_without_a_text_message(
    httpx_mock: HTTPXMock, message: object
) -> None:
    body = {"status": "error", "error": {"code": "not_found", "message": message}}
    error = await _beatconnect(httpx_mock, 404, body)
    assert type(error) is NotFoundError
    assert error.code == "not_found"
    assert error.message == "Not Found"
    assert str(error) == "beatconnect 404 [not_found] Not Found"
    assert error.body == body


@pytest.mark.parametrize("message", [None, ["Slug taken."], {"text": "x"}])
async def test_beatpass_a_code_without_a_text_message(
    httpx_mock: HTTPXMock, message: object
) -> None:
    body = {"message": message, "error_code": "slug_taken"}
    error = await _beatpass(httpx_mock, 409, body)
    assert type(error) is ConflictError
    assert (error.code, error.message) == ("slug_taken", "Conflict")
    assert str(error) == "beatpass 409 [slug_taken] Conflict"


async def test_beatpass_a_422_without_a_message_or_field_texts(httpx_mock: HTTPXMock) -> None:
    error = await _beatpass(httpx_mock, 422, {"errors": {}})
    assert type(error) is UnprocessableEntityError
    assert error.message == "Unprocessable Entity"


async def test_beatpass_a_failure_stated_in_a_2xx_body_says_so(httpx_mock: HTTPXMock) -> None:
    error = await _beatpass(httpx_mock, 200, {"status": "error", "message": {"x": 1}})
    assert type(error) is APIError
    assert error.status_code == 200
    assert error.message == "the API answered 200 OK with an error in its body"
    assert not re.search(r"\bHTTP 200\b", str(error))


async def test_a_huge_code_and_request_id_are_cut_in_str_and_repr_only(
    httpx_mock: HTTPXMock,
) -> None:
    # str() and repr() go into every log line and traceback, as the message does (cut
    # after 1,000 characters); the attributes keep what the API sent.
    code, request_id = "c" * 100_000, "r" * 100_000
    body = {"status": "error", "error": {"code": code, "message": "Busy"}}
    httpx_mock.add_response(status_code=503, json=body, headers={"X-Request-Id": request_id})
    async with AsyncBeatConnect("key", max_retries=0) as bc:
        with pytest.raises(APIError) as info:
            await bc.beats.get(1)
    error = info.value
    assert (error.code, error.request_id, error.message) == (code, request_id, "Busy")
    assert len(str(error)) < 1_000
    assert len(repr(error)) < 1_000
    assert str(error).startswith("beatconnect 503 [cccc")
    assert "Busy (request id rrrr" in str(error)


@pytest.mark.parametrize(
    ("status", "content", "reason"),
    [
        (400, b'{"message": "The title is', "Bad Request"),
        (422, b'{"message": NaN}', "Unprocessable Entity"),
        (502, b"[" * 100_000 + b"]" * 100_000, "Bad Gateway"),
    ],
)
async def test_a_json_document_that_does_not_parse_is_no_message(
    httpx_mock: HTTPXMock, status: int, content: bytes, reason: str
) -> None:
    # Labelled JSON but not JSON: its text is a broken document, not words for a person.
    httpx_mock.add_response(
        status_code=status, content=content, headers={"Content-Type": "application/json"}
    )
    async with AsyncBeatPass(token="tok", max_retries=0) as bp:
        with pytest.raises(APIError) as info:
            await bp.tracks.get(1)
    assert info.value.message == reason
    assert info.value.body == content.decode()


@pytest.mark.parametrize(
    ("content", "content_type", "message"),
    [
        (b"upstream connect error", "text/plain", "upstream connect error"),
        (b'"Down for maintenance"', "application/json", "Down for maintenance"),
    ],
)
async def test_plain_text_and_a_json_string_are_the_message(
    httpx_mock: HTTPXMock, content: bytes, content_type: str, message: str
) -> None:
    httpx_mock.add_response(
        status_code=503, content=content, headers={"Content-Type": content_type}
    )
    async with AsyncBeatPass(token="tok", max_retries=0) as bp:
        with pytest.raises(APIError) as info:
            await bp.tracks.get(1)
    assert info.value.message == message


@pytest.mark.parametrize("blank", [" ", "\n\t ", "\u3000"])
async def test_a_blank_message_reads_the_reason_phrase(httpx_mock: HTTPXMock, blank: str) -> None:
    # "beatpass 404  " says nothing; the status line does.
    error = await _beatpass(httpx_mock, 404, {"message": blank, "error_code": "gone"})
    assert type(error) is NotFoundError
    assert (error.message, error.code) == ("Not Found", "gone")
    httpx_mock.add_response(status_code=404, json={"status": "error", "error": {"message": blank}})
    async with AsyncBeatConnect("key", max_retries=0) as bc:
        with pytest.raises(NotFoundError) as info:
            await bc.beats.get(1)
    assert info.value.message == "Not Found"
