# GENERATED from tests/beatpass/_async/test_audit_upload_done_report.py by scripts/unasync.py: edit the async source.
"""``tracks.upload``: a ``progress`` callback that raises at the last report.

The last report (step ``done``) comes after the track was created. A callback that
raises there (a closed progress bar, a UI gone) made ``tracks.upload`` raise with no
word of the track it had just made: the caller, seeing the upload fail, would upload
again, a second file entry and a second track. The error now names the track.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from beatkit.beatpass import BeatPass, UploadProgress
from beatkit.testing.beatpass import FakeBeatPass


class BarClosed(Exception):
    pass


@pytest.fixture
def fake() -> FakeBeatPass:
    return FakeBeatPass()


@pytest.fixture
def bp(fake: FakeBeatPass, monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    http = httpx.Client(transport=fake.transport())
    with BeatPass(fake.token, base_url=fake.base_url, http_client=http) as client:
        yield client


def test_a_callback_failing_at_done_names_the_created_track(
    fake: FakeBeatPass, bp: BeatPass, tmp_path: Path
) -> None:
    source = tmp_path / "night drive.wav"
    source.write_bytes(fake.audio_bytes(2))
    before = set(fake.db.tracks)

    def progress(report: UploadProgress) -> None:
        if report.step == "done":
            raise BarClosed("the progress bar is closed")

    with pytest.raises(BarClosed) as caught:
        bp.tracks.upload(source, progress=progress)
    (created,) = set(fake.db.tracks) - before
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert f"track {created}" in notes
    assert "was created" in notes
    # Nothing sent after the creation: no second track, no second upload.
    assert [r.method + " " + r.url.path for r in fake.requests][-1].endswith("/tracks")
    assert len(fake.db.tracks) == len(before) + 1


def test_a_callback_failing_earlier_still_names_the_file_entry(
    fake: FakeBeatPass, bp: BeatPass, tmp_path: Path
) -> None:
    source = tmp_path / "beat.wav"
    source.write_bytes(fake.audio_bytes(2))
    before = set(fake.db.tracks)

    def progress(report: UploadProgress) -> None:
        if report.step == "create_track":
            raise BarClosed("the progress bar is closed")

    with pytest.raises(BarClosed) as caught:
        bp.tracks.upload(source, progress=progress)
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "file entry" in notes and "was created" not in notes
    assert set(fake.db.tracks) == before
