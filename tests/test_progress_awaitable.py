"""A ``progress=`` callback that returns an awaitable (``lambda p: queue.put(p)`` with an
``asyncio.Queue``, which the up-front check of ``async def`` functions cannot see) was
called and its coroutine dropped unrun: every report lost, and only Python's "never
awaited" warning said so. It is a ``TypeError`` at the first report now, as ``on_sent``
and ``on_pushed`` refuse it, with the destination left as it was and no temporary file.
"""

from __future__ import annotations

import asyncio
import os
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatPass, AsyncBeatport, BeatPass
from beatkit.testing import FakeBeatPass
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

MESSAGE = "progress returned an awaitable, which is never awaited"


def test_a_sync_download_refuses_a_progress_returning_a_coroutine(tmp_path: Path) -> None:
    fake = FakeBeatPass()
    http = httpx.Client(transport=fake.transport())

    async def later(report: Any) -> None:
        return None

    dest = tmp_path / "t.mp3"
    dest.write_bytes(b"old")
    with (
        BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error")  # no "coroutine was never awaited"
        with pytest.raises(TypeError, match=MESSAGE):
            bp.tracks.download(1, dest, progress=lambda p: later(p))
    assert dest.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["t.mp3"]


@pytest.mark.asyncio
async def test_an_async_download_refuses_a_queue_put(tmp_path: Path) -> None:
    fake = FakeBeatPass()
    http = httpx.AsyncClient(transport=fake.transport())
    queue: asyncio.Queue[Any] = asyncio.Queue()
    async with AsyncBeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
        with pytest.raises(TypeError, match=MESSAGE):
            await bp.tracks.download(1, tmp_path / "t.mp3", progress=lambda p: queue.put(p))
    assert os.listdir(tmp_path) == []


@pytest.mark.asyncio
async def test_an_hls_save_stream_refuses_a_queue_put(tmp_path: Path) -> None:
    fake = FakeBeatport()
    http = httpx.AsyncClient(transport=fake.transport())
    queue: asyncio.Queue[Any] = asyncio.Queue()
    async with AsyncBeatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=fake.base_url,
        http_client=http,
        requests_per_second=None,
    ) as bp:
        with pytest.raises(TypeError, match=MESSAGE):
            await bp.tracks.save_stream(
                RECORDED_TRACK_IDS[0], tmp_path / "t.aac", progress=lambda p: queue.put(p)
            )
    assert os.listdir(tmp_path) == []


def test_an_upload_refuses_a_progress_returning_a_coroutine(tmp_path: Path) -> None:
    fake = FakeBeatPass()
    http = httpx.Client(transport=fake.transport())
    song = tmp_path / "song.mp3"
    song.write_bytes(b"ID3" + b"\0" * 2048)

    async def later(report: Any) -> None:
        return None

    with (
        BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp,
        pytest.raises(TypeError, match=MESSAGE),
    ):
        bp.uploads.create(song, progress=lambda p: later(p))


def test_a_plain_progress_still_gets_every_report(tmp_path: Path) -> None:
    fake = FakeBeatPass()
    http = httpx.Client(transport=fake.transport())
    reports: list[Any] = []
    with BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp:
        bp.tracks.download(1, tmp_path / "t.mp3", progress=reports.append)
    assert reports and reports[-1].bytes_written == (tmp_path / "t.mp3").stat().st_size


def test_the_upload_flow_refuses_it_at_its_first_step_report(tmp_path: Path) -> None:
    fake = FakeBeatPass()
    http = httpx.Client(transport=fake.transport())
    song = tmp_path / "song.mp3"
    song.write_bytes(b"ID3" + b"\0" * 2048)

    async def later(report: Any) -> None:
        return None

    with (
        BeatPass(token=fake.token, base_url=fake.base_url, http_client=http) as bp,
        pytest.raises(TypeError, match=MESSAGE),
    ):
        bp.tracks.upload(song, name="Song", progress=lambda p: later(p))
