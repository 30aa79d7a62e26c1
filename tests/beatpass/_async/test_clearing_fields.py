"""Fields the API takes as ``null``: a playlist's description and image can be cleared.

The vendor's OpenAPI file marks both ``nullable`` in the playlist update body; leaving a
keyword out sends nothing, so ``clear=`` names the fields to send as ``null``.
Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beatpass import AsyncBeatPass

BASE = "https://open.beatpass.ca/api/v1"
ANSWER = {"status": "success", "playlist": {"id": 5, "name": "Night", "description": None}}


@pytest.fixture
async def bp(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncBeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    async with AsyncBeatPass("tok", max_retries=0) as client:
        yield client


def sent(httpx_mock: HTTPXMock) -> Any:
    requests = httpx_mock.get_requests()
    assert len(requests) == 1
    return json.loads(requests[0].content)


async def test_a_playlists_description_and_image_can_be_cleared(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="PUT", url=f"{BASE}/playlists/5", json=ANSWER)
    playlist = await bp.playlists.update(5, clear=["description", "image"])
    assert sent(httpx_mock) == {"description": None, "image": None}
    assert playlist.description is None


async def test_clearing_goes_with_other_changes(bp: AsyncBeatPass, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="PUT", url=f"{BASE}/playlists/5", json=ANSWER)
    await bp.playlists.update(5, name="Night", clear="image")
    assert sent(httpx_mock) == {"name": "Night", "image": None}


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"clear": ["name"]}, ValueError, "clear must be one of description, image"),
        ({"clear": ["image"], "image": "https://x/i.png"}, ValueError, "both set and cleared"),
        ({"clear": {"image"}}, TypeError, "clear"),
        ({"clear": []}, ValueError, "at least one field"),
    ],
)
async def test_a_wrong_clear_is_refused_before_sending(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock, kwargs: dict[str, Any], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        await bp.playlists.update(5, **kwargs)
    assert not httpx_mock.get_requests()
