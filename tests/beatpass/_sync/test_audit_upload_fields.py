# GENERATED from tests/beatpass/_async/test_audit_upload_fields.py by scripts/unasync.py: edit the async source.
"""``tracks.upload``: a whole number too long to write is refused before the upload.

Python writes an ``int`` of more than 4300 digits as text only when told to, and the
JSON encoder refuses it: caught only when ``tracks.create`` was built, such a field
left the uploaded file entry behind, the very thing the checks up front are for.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatpass import BeatPass
from beatkit.testing.beatpass import FakeBeatPass

HUGE = 10**5000


@pytest.fixture
def fake() -> FakeBeatPass:
    return FakeBeatPass()


@pytest.fixture
def bp(fake: FakeBeatPass, monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    http = httpx.Client(transport=fake.transport())
    with BeatPass(fake.token, base_url=fake.base_url, http_client=http) as client:
        yield client


@pytest.mark.parametrize(
    ("field", "value"),
    [("bpm", HUGE), ("duration", HUGE), ("album_id", HUGE), ("artists", [1, HUGE])],
    ids=["bpm", "duration", "album_id", "artists"],
)
def test_a_number_too_long_to_send_is_refused_before_the_upload(
    fake: FakeBeatPass, bp: BeatPass, tmp_path: Path, field: str, value: Any
) -> None:
    source = tmp_path / "beat.wav"
    source.write_bytes(fake.audio_bytes(5))
    with pytest.raises(ValueError, match=rf"^{field}\b.* too long to send"):
        bp.tracks.upload(source, **{field: value})
    assert fake.requests == []


def test_a_matching_template_criterion_too_long_to_send_is_named(
    fake: FakeBeatPass, bp: BeatPass
) -> None:
    with pytest.raises(ValueError, match=r"^size\b.* too long to send"):
        bp.cover_art.matching_templates(size=HUGE)
    with pytest.raises(ValueError, match=r"^sizes\[1\].* too long to send"):
        bp.cover_art.matching_templates(sizes=[1, HUGE])
    assert fake.requests == []
