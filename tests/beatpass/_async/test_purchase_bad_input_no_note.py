"""``purchases.initiate`` with ``options`` that are no ``RequestOptions`` is refused
with a ``TypeError`` before anything is sent: the error said "the purchase may have been
started" all the same (every exception got the note).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beatpass import AsyncBeatPass

BASE = "https://beatpass.test/api/v1"


@pytest.fixture
async def bp(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncBeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    async with AsyncBeatPass("tok", base_url=BASE) as client:
        yield client


async def test_options_of_the_wrong_type_get_no_purchase_note(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock
) -> None:
    options: Any = 5
    with pytest.raises(TypeError, match="options must be a RequestOptions") as caught:
        await bp.purchases.initiate(7, options=options)
    assert getattr(caught.value, "__notes__", []) == []
    assert httpx_mock.get_requests() == []
