"""A ``dest`` whose last name is ``.`` names a directory, as one ending with ``/`` does.

pathlib drops a trailing ``/.``: ``"track.aac/."`` became ``track.aac``, so a download
to it replaced the file ``track.aac``, and ``"downloads/."`` (no such directory yet)
made a file called ``downloads``, where ``open()`` refuses both (``NotADirectoryError``,
``IsADirectoryError``). Both are now refused before any request, as a trailing
separator is, and nothing is written.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit._core.files import atomic_file, check_directory
from beatkit.hls import HLSDownloader
from beatkit.testing import FakeBeatPass

SEPARATORS = [os.sep] + ([os.altsep] if os.altsep else [])


@pytest.mark.parametrize("separator", SEPARATORS)
@pytest.mark.parametrize("name", ["track.aac", "downloads"])
def test_a_dest_whose_last_name_is_a_dot_is_refused(
    tmp_path: Path, separator: str, name: str
) -> None:
    (tmp_path / "track.aac").write_bytes(b"old")
    dest = f"{tmp_path / name}{separator}."
    with pytest.raises(IsADirectoryError, match=r"names a directory"):
        check_directory(dest)

    def save() -> None:
        with atomic_file(dest) as output:
            output.write(b"new")  # pragma: no cover - never entered

    with pytest.raises(IsADirectoryError):
        save()
    assert [p.name for p in tmp_path.iterdir()] == ["track.aac"]
    assert (tmp_path / "track.aac").read_bytes() == b"old"


def test_downloads_to_such_a_dest_send_nothing(tmp_path: Path) -> None:
    (tmp_path / "track.aac").write_bytes(b"old")
    dest = f"{tmp_path / 'track.aac'}{os.sep}."
    fake = FakeBeatPass()
    client = BeatPass(
        token=fake.token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    with client, pytest.raises(IsADirectoryError, match="names a directory"):
        client.tracks.download(fake.track_id, dest)

    async def main() -> None:
        http = httpx.AsyncClient(transport=fake.transport())
        async with AsyncBeatPass(
            token=fake.token, base_url=fake.base_url, http_client=http
        ) as client:
            await client.tracks.download(fake.track_id, dest)
        await http.aclose()

    with pytest.raises(IsADirectoryError, match="names a directory"):
        asyncio.run(main())
    with pytest.raises(IsADirectoryError, match="names a directory"):
        HLSDownloader().download("http://127.0.0.1:9/p.m3u8", dest)
    assert fake.requests == []
    assert (tmp_path / "track.aac").read_bytes() == b"old"


def test_a_dot_inside_the_path_is_still_fine(tmp_path: Path) -> None:
    check_directory(f"{tmp_path}{os.sep}.{os.sep}out.wav")
    check_directory(".hidden")
    check_directory(f"{tmp_path}{os.sep}..{os.sep}out.wav")
