# GENERATED from tests/beatpass/_async/test_error_bodies.py by scripts/unasync.py: edit the async source.
"""BeatPass error answers with odd values, through the public client.

``field_errors`` holds the texts the API sent for each field, never a value turned
into text (``None`` as ``"None"``, an object as its Python repr); what is not text
stays in ``details`` and ``body`` as sent. Written once for asyncio;
``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beatpass import BeatPass
from beatkit.errors import APIError, UnprocessableEntityError


@pytest.fixture
def bp() -> Iterator[BeatPass]:
    with BeatPass(token="tok", max_retries=0) as client:
        yield client


def _raised(bp: BeatPass, httpx_mock: HTTPXMock, status: int, **answer: Any) -> Any:
    httpx_mock.add_response(status_code=status, **answer)
    with pytest.raises(APIError) as info:
        bp.tracks.get(1)
    return info.value


def test_field_errors_keep_only_the_texts_sent(
    bp: BeatPass, httpx_mock: HTTPXMock
) -> None:
    errors = {
        "title": ["The title field is required.", None, 5, {"rule": "required"}],
        "bpm": "Must be a number.",
        "genre": [None],
        "tags": {"0": ["Too long."]},
    }
    error = _raised(bp, httpx_mock, 422, json={"message": "Invalid.", "errors": errors})
    assert type(error) is UnprocessableEntityError
    assert error.message == "Invalid."
    assert error.field_errors == {
        "title": ["The title field is required."],
        "bpm": ["Must be a number."],
    }
    assert error.details == errors
    assert error.body == {"message": "Invalid.", "errors": errors}


def test_without_a_message_the_texts_sent_are_named(
    bp: BeatPass, httpx_mock: HTTPXMock
) -> None:
    errors = {"title": [None, "Required."], "bpm": [{"x": 1}]}
    error = _raised(bp, httpx_mock, 422, json={"errors": errors})
    assert error.message == "title: Required."
    assert error.field_errors == {"title": ["Required."]}
