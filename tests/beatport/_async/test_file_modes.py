"""save_stream and save_download write media with the mode a plain open() would give.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from beatkit.beatport import AsyncBeatport
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")

TRACK_ID = RECORDED_TRACK_IDS[0]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def fake() -> FakeBeatport:
    return FakeBeatport()


def make_client(fake: FakeBeatport) -> AsyncBeatport:
    return AsyncBeatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(fake.handle)),
    )


async def test_saved_streams_and_downloads_are_readable_by_others(
    fake: FakeBeatport, tmp_path: Path
) -> None:
    # Regression: both were written 0600, which a media server running as another user
    # cannot read.
    async with make_client(fake) as client:
        await client.tracks.save_stream(TRACK_ID, tmp_path / "stream.aac")
        await client.tracks.save_download(TRACK_ID, tmp_path / "track.aac", quality="medium")
    assert mode_of(tmp_path / "stream.aac") == 0o644
    assert mode_of(tmp_path / "track.aac") == 0o644


async def test_overwritten_media_keeps_its_mode(fake: FakeBeatport, tmp_path: Path) -> None:
    for name in ("stream.aac", "track.aac"):
        (tmp_path / name).write_bytes(b"old")
        (tmp_path / name).chmod(0o640)
    async with make_client(fake) as client:
        await client.tracks.save_stream(TRACK_ID, tmp_path / "stream.aac")
        await client.tracks.save_download(TRACK_ID, tmp_path / "track.aac", quality="medium")
    assert (tmp_path / "stream.aac").read_bytes() == fake.stream_plaintext(TRACK_ID)
    assert mode_of(tmp_path / "stream.aac") == 0o640
    assert mode_of(tmp_path / "track.aac") == 0o640
