# GENERATED from tests/beatpass/_async/test_audit_purchase_failures.py by scripts/unasync.py: edit the async source.
"""``purchases.initiate`` failing after the request may have reached BeatPass.

A purchase is never sent twice, but the error said nothing of what to do next: a 5xx
answer (BeatPass may have crashed after Stripe made the payment intent) or an answer
that could not be read (the intent made, its client secret unread) raised a bare
``ServerError`` or ``ResponseDecodeError``; only a timeout's message hinted at
checking. Each now carries a note: the purchase may have been started, look at
``purchases.status(track_id)`` before initiating again. A refusal (4xx) gets none.
Against pytest-httpx; written once for asyncio, ``scripts/unasync.py`` generates the
twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit import (
    APIError,
    APITimeoutError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)
from beatkit.beatpass import BeatPass

BASE = "https://beatpass.test/api/v1"
URL = f"{BASE}/tracks/7/purchase/initiate"


@pytest.fixture
def bp(monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    with BeatPass("tok", base_url=BASE) as client:
        yield client


def notes(error: BaseException) -> str:
    return "\n".join(getattr(error, "__notes__", []))


def test_a_5xx_says_the_purchase_may_have_been_started(
    bp: BeatPass, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", url=URL, status_code=500, json={"message": "x"})
    with pytest.raises(ServerError) as caught:
        bp.purchases.initiate(7)
    assert "may have been started" in notes(caught.value)
    assert "purchases.status(7)" in notes(caught.value)
    assert len(httpx_mock.get_requests()) == 1


def test_an_unreadable_answer_says_so_too(bp: BeatPass, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="POST", url=URL, text="<html>ok</html>")
    with pytest.raises(ResponseDecodeError) as caught:
        bp.purchases.initiate(7)
    assert "purchases.status(7)" in notes(caught.value)


def test_a_timeout_says_so_too(bp: BeatPass, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("slow"), method="POST", url=URL)
    with pytest.raises(APITimeoutError) as caught:
        bp.purchases.initiate(7)
    assert "purchases.status(7)" in notes(caught.value)
    assert len(httpx_mock.get_requests()) == 1


def test_a_refusal_adds_no_note(bp: BeatPass, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        method="POST",
        url=URL,
        status_code=422,
        json={"message": "Sold.", "errors": {"track": ["Sold."]}},
    )
    with pytest.raises(UnprocessableEntityError) as caught:
        bp.purchases.initiate(7)
    assert not notes(caught.value)


def test_an_error_envelope_under_200_adds_no_note(
    bp: BeatPass, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", url=URL, json={"status": "error", "message": "No."})
    with pytest.raises(APIError) as caught:
        bp.purchases.initiate(7)
    assert not notes(caught.value)
