"""The one rule behind every outcome note: which failures leave a write's outcome unknown."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from beatkit._core.retry import may_have_taken_effect
from beatkit.errors import APIConnectionError, ResponseDecodeError, ServerError


@pytest.mark.parametrize(
    "error",
    [TypeError("options must be RequestOptions"), ValueError("a lone surrogate in a body")],
)
def test_bad_input_refused_while_building_the_request_was_not_sent(error: Exception) -> None:
    assert not may_have_taken_effect(error)


def test_failures_after_sending_leave_the_outcome_unknown() -> None:
    lost = APIConnectionError("lost", service="beatpass", method="POST", url="https://x.test/a")
    lost.__cause__ = httpx.ReadError("gone")
    unknown = [
        lost,
        ServerError("x", service="beatpass", status_code=502),
        ResponseDecodeError("unreadable", service="beatpass", status_code=200, body="{"),
        asyncio.CancelledError(),
        KeyboardInterrupt(),
    ]
    assert all(may_have_taken_effect(error) for error in unknown)
