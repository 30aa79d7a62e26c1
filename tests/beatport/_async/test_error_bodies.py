"""Beatport error answers that are not DRF field errors, through the public client.

DRF writes a field's errors as a list of messages (``{"id": ["Enter a number."]}``); a
gateway's or a load balancer's ``{"message": "Internal server error"}`` is a message,
not a field called ``message``. Written once for asyncio; ``scripts/unasync.py``
generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beatport import AsyncBeatport
from beatkit.errors import (
    APIError,
    BadRequestError,
    PermissionDeniedError,
    QualityNotAvailableError,
    RateLimitError,
    ServerError,
    TerritoryRestrictedError,
    UnprocessableEntityError,
)


@pytest.fixture
async def bp() -> AsyncIterator[AsyncBeatport]:
    async with AsyncBeatport(
        "client-id", token="tok", requests_per_second=None, max_retries=0
    ) as client:
        yield client


async def _raised(bp: AsyncBeatport, httpx_mock: HTTPXMock, status: int, **answer: Any) -> Any:
    httpx_mock.add_response(status_code=status, **answer)
    with pytest.raises(APIError) as info:
        await bp.tracks.get(1)
    return info.value


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, BadRequestError), (422, UnprocessableEntityError), (503, ServerError)],
)
async def test_a_message_key_is_the_message_not_a_field(
    bp: AsyncBeatport, httpx_mock: HTTPXMock, status: int, cls: type[APIError]
) -> None:
    error = await _raised(bp, httpx_mock, status, json={"message": "Internal server error"})
    assert type(error) is cls
    assert error.message == "Internal server error"
    assert error.field_errors == {}


async def test_a_rate_limit_body_is_not_read_as_field_errors(
    bp: AsyncBeatport, httpx_mock: HTTPXMock
) -> None:
    body = {"message": "Too Many Attempts.", "retry_after": "soon"}
    error = await _raised(bp, httpx_mock, 429, json=body, headers={"Retry-After": "soon"})
    assert type(error) is RateLimitError
    assert error.message == "Too Many Attempts."
    assert error.field_errors == {}
    assert error.retry_after is None
    assert error.body == body


async def test_text_values_alone_are_no_field_errors(
    bp: AsyncBeatport, httpx_mock: HTTPXMock
) -> None:
    error = await _raised(bp, httpx_mock, 400, json={"error_code": "x", "hint": "y"})
    assert type(error) is BadRequestError
    assert error.message == "Bad Request"
    assert error.field_errors == {}
    assert error.details is None


async def test_lists_of_messages_are_still_field_errors(
    bp: AsyncBeatport, httpx_mock: HTTPXMock
) -> None:
    body = {"id": ["Enter a number."], "non_field_errors": ["Bad request."]}
    error = await _raised(bp, httpx_mock, 400, json=body)
    assert error.field_errors == body
    assert error.message == "id: Enter a number.; Bad request."


# DRF writes ``raise ValidationError("...")`` as a bare list of messages, and an
# APIException as {"detail": "..."}: the same words name the same case in either shape.
@pytest.mark.parametrize(
    "body",
    [{"detail": "Requested quality is not available."}, ["Requested quality is not available."]],
)
async def test_an_unavailable_quality_in_either_drf_shape(
    bp: AsyncBeatport, httpx_mock: HTTPXMock, body: Any
) -> None:
    error = await _raised(bp, httpx_mock, 400, json=body)
    assert type(error) is QualityNotAvailableError
    assert error.code == "quality_not_available"
    assert error.message == "Requested quality is not available."


@pytest.mark.parametrize("body", [{"detail": "Territory Restricted."}, ["Territory Restricted."]])
async def test_a_territory_restriction_in_either_drf_shape(
    bp: AsyncBeatport, httpx_mock: HTTPXMock, body: Any
) -> None:
    error = await _raised(bp, httpx_mock, 403, json=body)
    assert type(error) is TerritoryRestrictedError
    assert isinstance(error, PermissionDeniedError)
    assert error.message == "Territory Restricted."


async def test_a_code_without_a_message_is_kept(bp: AsyncBeatport, httpx_mock: HTTPXMock) -> None:
    # The generic reading took "code" only beside a message: alone, it was dropped.
    error = await _raised(bp, httpx_mock, 400, json={"code": "invalid_track", "status_code": 400})
    assert type(error) is BadRequestError
    assert (error.code, error.message) == ("invalid_track", "Bad Request")
    assert str(error) == "beatport 400 [invalid_track] Bad Request"
