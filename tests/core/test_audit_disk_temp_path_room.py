"""A destination ``open()`` takes gets its temporary file too, however long its path.

The temporary name beside ``dest`` is 15 bytes longer than the name it is made from
(``.NAME.XXXXXXXX.part``). It was cut to fit the usual 255-byte name limit only: under
a directory whose path is long, a ``dest`` whose whole path fits the system's path
limit (4096 bytes with its NUL on Linux; a plain ``open()`` creates it) had a
temporary path past it. The download was sent, and then failed with
``[Errno 36] File name too long`` naming the hidden temporary file, not ``dest``.
The name is now cut to fit the path limit as well, and the file is saved.
"""

from __future__ import annotations

import asyncio
import errno
import os
import sys
from pathlib import Path

import httpx
import pytest

from beatkit._core.files import atomic_file, check_directory
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Linux's PATH_MAX of 4096 bytes"
)

TRACK_ID = RECORDED_TRACK_IDS[0]


def _path_max(directory: Path) -> int:
    return os.pathconf(directory, "PC_PATH_MAX")


def _long_dest(tmp_path: Path, spare: int) -> Path:
    """A ``dest`` whose path is ``spare`` bytes short of the path limit, its name short.

    The directory is made of 200-byte names under ``tmp_path``; the name fills the rest.
    """
    limit = _path_max(tmp_path) - 1  # the NUL
    directory = tmp_path
    while len(os.fsencode(str(directory))) + 201 + 40 < limit:
        directory = directory / ("d" * 200)
    directory.mkdir(parents=True)
    room = limit - spare - len(os.fsencode(str(directory))) - 1
    dest = directory / ("n" * room)
    assert len(os.fsencode(str(dest))) == limit - spare
    return dest


@pytest.mark.parametrize("spare", [0, 1, 14])
def test_atomic_file_saves_where_open_would(tmp_path: Path, spare: int) -> None:
    dest = _long_dest(tmp_path, spare)
    with open(dest, "wb") as plain:  # the system takes this path
        plain.write(b"old")
    with atomic_file(dest) as output:
        output.write(b"new")
    assert dest.read_bytes() == b"new"
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]


def test_a_failed_write_on_a_long_path_leaves_no_temporary_file(tmp_path: Path) -> None:
    dest = _long_dest(tmp_path, 0)
    dest.write_bytes(b"old")

    def fail() -> None:
        with atomic_file(dest) as output:
            output.write(b"half")
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        fail()
    assert dest.read_bytes() == b"old"
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]


def test_a_directory_with_no_room_for_a_temporary_name_is_refused_before_anything(
    tmp_path: Path,
) -> None:
    # Even an empty stem (".." + 8 hex digits + ".part", after the "/") passes the limit:
    # said of dest, before any request, never of the hidden name after it.
    limit = _path_max(tmp_path) - 1
    directory = tmp_path
    while len(os.fsencode(str(directory))) + 201 + 40 < limit:
        directory = directory / ("d" * 200)
    room = limit - len(os.fsencode(str(directory))) - 1 - 1 - 10
    directory = directory / ("e" * room)  # 10 bytes of path left for a name
    directory.mkdir(parents=True)
    dest = directory / "a.aac"
    with pytest.raises(OSError, match="too long") as refused:
        check_directory(dest)
    assert refused.value.errno == errno.ENAMETOOLONG
    assert refused.value.filename == str(dest)
    assert list(directory.iterdir()) == []


def test_save_download_and_save_stream_on_a_long_path(tmp_path: Path) -> None:
    fake = FakeBeatport()
    dest = _long_dest(tmp_path, 0)
    http = httpx.Client(transport=httpx.MockTransport(fake.handle))
    token = fake.issue_token()["access_token"]
    with Beatport(fake.client_id, token=token, base_url=fake.base_url, http_client=http) as client:
        saved = client.tracks.save_download(TRACK_ID, dest)
        assert dest.stat().st_size == saved.bytes_written > 0
        result = client.tracks.save_stream(TRACK_ID, dest)
    assert dest.read_bytes() == fake.stream_plaintext(TRACK_ID)
    assert result.bytes_written == dest.stat().st_size
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]
    http.close()


def test_async_save_download_and_save_stream_on_a_long_path(tmp_path: Path) -> None:
    fake = FakeBeatport()
    dest = _long_dest(tmp_path, 0)

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle))
        token = fake.issue_token()["access_token"]
        async with AsyncBeatport(
            fake.client_id, token=token, base_url=fake.base_url, http_client=http
        ) as client:
            await client.tracks.save_download(TRACK_ID, dest)
            await client.tracks.save_stream(TRACK_ID, dest)
        await http.aclose()

    asyncio.run(main())
    assert dest.read_bytes() == fake.stream_plaintext(TRACK_ID)
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]


def test_a_file_system_with_shorter_names_gets_a_temporary_name_that_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # eCryptfs takes 143-byte names: a 140-byte name fits, its temporary name must too.
    real = os.pathconf

    def pathconf(path: object, name: str) -> int:
        return 143 if name == "PC_NAME_MAX" else real(path, name)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "pathconf", pathconf)
    dest = tmp_path / ("n" * 140)
    seen: list[str] = []
    with atomic_file(dest) as output:
        seen = os.listdir(tmp_path)
        output.write(b"x")
    (temporary,) = seen
    assert temporary.startswith(".nnn") and temporary.endswith(".part")
    assert len(temporary) == 143
    assert os.listdir(tmp_path) == [dest.name]
