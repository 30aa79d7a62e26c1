# GENERATED from tests/beatpass/_async/test_audit_request_nulls.py by scripts/unasync.py: edit the async source.
"""``None`` in a BeatPass write body, as docs/beatpass.md says: a named keyword left at
``None`` is not sent; a free-form field given ``None`` is sent as ``null`` (how the API
empties a field).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from beatkit.beatpass import BeatPass


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def client(
    sent: list[httpx.Request], monkeypatch: pytest.MonkeyPatch
) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"status": "success", "track": {"id": 5}})

    transport = httpx.MockTransport(handler)
    with BeatPass("tok", http_client=httpx.Client(transport=transport)) as bp:
        yield bp


def test_a_named_keyword_at_none_is_left_out_a_free_form_none_is_null(
    client: BeatPass, sent: list[httpx.Request]
) -> None:
    client.tracks.update(5, description=None, genre="trap", key=None)
    (request,) = sent
    assert json.loads(request.content) == {"genre": "trap", "key": None}


def test_a_track_created_without_optional_keywords_sends_only_its_name(
    client: BeatPass, sent: list[httpx.Request]
) -> None:
    client.tracks.create("Night", description=None, duration=None, artists=None)
    (request,) = sent
    assert json.loads(request.content) == {"name": "Night"}
