"""``tracks.upload``: a whole number too long to write is refused before the upload.

Python writes an ``int`` of more than 4300 digits as text only when told to, and the
JSON encoder refuses it: caught only when ``tracks.create`` was built, such a field
left the uploaded file entry behind, the very thing the checks up front are for.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatpass import AsyncBeatPass
from beatkit.testing.beatpass import FakeBeatPass

HUGE = 10**5000


@pytest.fixture
def fake() -> FakeBeatPass:
    return FakeBeatPass()


@pytest.fixture
async def bp(fake: FakeBeatPass, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncBeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatPass(fake.token, base_url=fake.base_url, http_client=http) as client:
        yield client


@pytest.mark.parametrize(
    ("field", "value"),
    [("bpm", HUGE), ("duration", HUGE), ("album_id", HUGE), ("artists", [1, HUGE])],
    ids=["bpm", "duration", "album_id", "artists"],
)
async def test_a_number_too_long_to_send_is_refused_before_the_upload(
    fake: FakeBeatPass, bp: AsyncBeatPass, tmp_path: Path, field: str, value: Any
) -> None:
    source = tmp_path / "beat.wav"
    source.write_bytes(fake.audio_bytes(5))
    with pytest.raises(ValueError, match=rf"^{field}\b.* too long to send"):
        await bp.tracks.upload(source, **{field: value})
    assert fake.requests == []


async def test_a_matching_template_criterion_too_long_to_send_is_named(
    fake: FakeBeatPass, bp: AsyncBeatPass
) -> None:
    with pytest.raises(ValueError, match=r"^size\b.* too long to send"):
        await bp.cover_art.matching_templates(size=HUGE)
    with pytest.raises(ValueError, match=r"^sizes\[1\].* too long to send"):
        await bp.cover_art.matching_templates(sizes=[1, HUGE])
    assert fake.requests == []
