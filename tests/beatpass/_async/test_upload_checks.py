"""``tracks.upload`` and ``uploads.create``: what is checked before the upload, and file names."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatpass import AsyncBeatPass
from beatkit.testing.beatpass import FakeBeatPass


@pytest.fixture
def fake() -> FakeBeatPass:
    return FakeBeatPass()


@pytest.fixture
async def client(fake: FakeBeatPass, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatPass(fake.token, base_url=fake.base_url, http_client=http) as bp:
        yield bp


@pytest.mark.parametrize(
    "fields",
    [{"name": "caf\udce9"}, {"tags": ["night", "\ud800"]}, {"description": "x\udfff"}],
    ids=["name", "tags", "description"],
)
async def test_a_field_utf8_cannot_encode_is_refused_before_the_upload(
    fake: FakeBeatPass, client: AsyncBeatPass, tmp_path: Path, fields: dict[str, Any]
) -> None:
    # Refused only when tracks.create was built, it left an orphaned file entry behind.
    source = tmp_path / "beat.wav"
    source.write_bytes(fake.audio_bytes(5))
    (field,) = fields
    with pytest.raises(ValueError, match=rf"^{field} holds a lone surrogate"):
        await client.tracks.upload(source, **fields)
    assert fake.requests == []


@pytest.mark.skipif(sys.platform == "win32", reason="names are UTF-16 text on Windows")
async def test_a_file_name_that_is_not_utf8_is_uploaded(
    fake: FakeBeatPass, client: AsyncBeatPass, tmp_path: Path
) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.wav")
    with open(raw, "wb") as file:
        file.write(fake.audio_bytes(5))
    entry = await client.uploads.create(os.fsdecode(raw))
    assert entry.name == "caf\ufffd.wav"
    track = await client.tracks.upload(os.fsdecode(raw))
    assert track.name == "Caf\ufffd"
