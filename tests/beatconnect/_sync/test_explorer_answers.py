# GENERATED from tests/beatconnect/_async/test_explorer_answers.py by scripts/unasync.py: edit the async source.
"""The answer and the call of BeatConnect's API explorer, served by pytest-httpx.

The vendor's API page (the seed, ``beatconnect-api.txt``) shows a beat as ``{"user_id",
"producer_name", "duration" (seconds), "audio_url", ...}`` in ``{"status", "data":
{"beats", "pagination"}}`` and filters by ``genre`` id. Its API explorer
(https://beatconnectafrica.com/developers/explorer) answers ``GET /v1/beats`` with
``{"success", "data": [...], "meta"}`` whose beats send ``"producer": "KayzBeatz"``,
``"length": "3:24"`` and ``"audio_preview"``. The sources disagree, so both are read.

Regression: a strict client refused the explorer's own answer ("Beat: unknown keys
audio_preview, length, producer"), and a default one left the producer, the length and
the preview in ``extra``.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beatconnect import BeatConnect, Beat, Genre
from beatkit.beatconnect.converter import get_strict_converter

BASE = "https://api.beatconnectafrica.com/v1"

# The explorer's answer to GET /v1/beats, as shown there.
EXPLORER_PAGE: dict[str, Any] = {
    "success": True,
    "data": [
        {
            "id": 1,
            "title": "Amapiano Summer",
            "producer": "KayzBeatz",
            "price": 29.99,
            "genre": {"id": 3, "name": "Amapiano", "slug": "amapiano"},
            "bpm": 110,
            "key": "C minor",
            "length": "3:24",
            "cover_image": "https://api.beatconnectafrica.com/images/covers/beat1.jpg",
            "audio_preview": "https://api.beatconnectafrica.com/audio/previews/beat1.mp3",
            "created_at": "2024-04-12T14:30:00Z",
        },
        {
            "id": 2,
            "title": "Lagos Nights",
            "producer": "AfroRhythm",
            "price": 34.99,
            "genre": {"id": 5, "name": "Afrobeats", "slug": "afrobeats"},
            "bpm": 105,
            "key": "G major",
            "length": "3:42",
            "cover_image": "https://api.beatconnectafrica.com/images/covers/beat2.jpg",
            "audio_preview": "https://api.beatconnectafrica.com/audio/previews/beat2.mp3",
            "created_at": "2024-04-10T09:15:00Z",
        },
    ],
    "meta": {"page": 1, "limit": 20, "total": 2},
}


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_the_explorer_s_beats_page_is_read_value_by_value(
    strict: bool, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        method="GET",
        url=f"{BASE}/beats?genre=3&sort=newest&page=1&limit=20",
        json=EXPLORER_PAGE,
    )
    with BeatConnect("test-key", strict=strict, max_retries=0) as bc:
        pager = bc.beats.list(genre=3, sort="newest", page=1, per_page=20)
        beats = [beat for beat in pager]

    assert len(httpx_mock.get_requests()) == 1
    first, second = beats
    assert first == Beat(
        id=1,
        title="Amapiano Summer",
        producer="KayzBeatz",
        price=Decimal("29.99"),
        genre=Genre(id=3, name="Amapiano", slug="amapiano"),
        bpm=110,
        key="C minor",
        length="3:24",
        cover_image="https://api.beatconnectafrica.com/images/covers/beat1.jpg",
        audio_preview="https://api.beatconnectafrica.com/audio/previews/beat1.mp3",
        created_at=datetime(2024, 4, 12, 14, 30, tzinfo=UTC),
    )
    assert (second.producer, second.length, second.price) == (
        "AfroRhythm",
        "3:42",
        Decimal("34.99"),
    )
    for beat, raw in zip(beats, EXPLORER_PAGE["data"], strict=True):
        assert beat.extra == {}
        # Written back key for key, as sent.
        assert get_strict_converter().unstructure(beat) == raw


def test_the_api_page_s_beat_is_read_as_before() -> None:
    raw = {
        "id": 1234,
        "title": "Summer Vibes",
        "user_id": 5678,
        "producer_name": "DJ Maphorisa",
        "duration": 180,
        "audio_url": "https://api.beatconnectafrica.com/audio/1234.mp3",
    }
    beat = get_strict_converter().structure(raw, Beat)
    assert (beat.producer_name, beat.duration, beat.audio_url) == (
        "DJ Maphorisa",
        180,
        "https://api.beatconnectafrica.com/audio/1234.mp3",
    )
    assert (beat.producer, beat.length, beat.audio_preview) == (None, None, None)
    assert get_strict_converter().unstructure(beat) == raw
