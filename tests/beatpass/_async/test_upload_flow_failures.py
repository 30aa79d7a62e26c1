"""``tracks.upload`` when a step after the upload fails: the error names the file entry.

The flow is three writes: the upload makes a file entry, then its metadata is
extracted and the track created. A failure after the first one leaves the entry on
the server; without its id, the caller's only way on is to upload the file again (a
second entry, the first one orphaned). The error says which entry it was, and how to
finish from it. Against pytest-httpx; written once for asyncio, ``scripts/unasync.py``
generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit import APITimeoutError, ServerError, UnprocessableEntityError
from beatkit.beatpass import AsyncBeatPass

BASE = "https://beatpass.test/api/v1"
ENTRY = {"status": "success", "fileEntry": {"id": 4711, "name": "beat.mp3", "url": "/f/4711"}}
METADATA = {"status": "success", "metadata": {"title": "Night", "duration": 1000}}


@pytest.fixture
async def bp(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncBeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    async with AsyncBeatPass("tok", base_url=BASE, max_retries=0) as client:
        yield client


@pytest.fixture
def audio(tmp_path: Path) -> Path:
    source = tmp_path / "beat.mp3"
    source.write_bytes(b"ID3" + bytes(500))
    return source


async def test_a_failed_metadata_step_names_the_uploaded_file_entry(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock, audio: Path
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE}/uploads", json=ENTRY)
    httpx_mock.add_response(
        method="POST",
        url=f"{BASE}/tracks/4711/extract-metadata",
        status_code=500,
        json={"message": "boom"},
    )
    with pytest.raises(ServerError) as caught:
        await bp.tracks.upload(audio)
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "file entry 4711" in notes
    assert "extract_metadata(4711)" in notes and "file_entry_id=4711" in notes
    assert len(httpx_mock.get_requests(url=f"{BASE}/uploads")) == 1


async def test_a_refused_track_names_the_entry_and_says_no_track_was_made(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock, audio: Path
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE}/uploads", json=ENTRY)
    httpx_mock.add_response(
        method="POST", url=f"{BASE}/tracks/4711/extract-metadata", json=METADATA
    )
    httpx_mock.add_response(
        method="POST",
        url=f"{BASE}/tracks",
        status_code=422,
        json={"message": "The name is taken.", "errors": {"name": ["The name is taken."]}},
    )
    with pytest.raises(UnprocessableEntityError) as caught:
        await bp.tracks.upload(audio)
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "file entry 4711" in notes and "file_entry_id=4711" in notes
    assert "may have been created" not in notes


async def test_a_track_creation_that_may_have_run_says_so(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock, audio: Path
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE}/uploads", json=ENTRY)
    httpx_mock.add_response(
        method="POST", url=f"{BASE}/tracks/4711/extract-metadata", json=METADATA
    )
    httpx_mock.add_exception(httpx.ReadTimeout("slow"), method="POST", url=f"{BASE}/tracks")
    with pytest.raises(APITimeoutError) as caught:
        await bp.tracks.upload(audio)
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "file entry 4711" in notes
    assert "may have been created" in notes


async def test_a_failed_upload_adds_no_note(
    bp: AsyncBeatPass, httpx_mock: HTTPXMock, audio: Path
) -> None:
    httpx_mock.add_response(
        method="POST", url=f"{BASE}/uploads", status_code=500, json={"message": "boom"}
    )
    with pytest.raises(ServerError) as caught:
        await bp.tracks.upload(audio)
    assert not getattr(caught.value, "__notes__", [])
