"""A ``dest`` that ends with a path separator names a directory, so no file is written
under it: ``-o downloads/`` (a directory that does not exist yet) made a file called
``downloads``, and ``-o track.aac/`` replaced the file ``track.aac``, where ``open()``,
``cp`` and ``curl -o`` all refuse such a name."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from beatkit import BeatPass
from beatkit._core.files import atomic_file, check_directory
from beatkit.hls import encrypt_segment
from beatkit.testing import FakeBeatPass
from tests.hls._cli import IV, KEY, run

SEPARATORS = [os.sep] + ([os.altsep] if os.altsep else [])


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_dest_ending_in_a_separator_is_refused(tmp_path: Path, separator: str) -> None:
    dest = str(tmp_path / "downloads") + separator
    with pytest.raises(IsADirectoryError, match=r"ends with .*names a directory"):
        check_directory(dest)
    with pytest.raises(IsADirectoryError), atomic_file(dest) as output:
        output.write(b"x")  # pragma: no cover - never entered
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_named_with_a_trailing_separator_is_left_alone(tmp_path: Path) -> None:
    existing = tmp_path / "track.aac"
    existing.write_bytes(b"old")
    with pytest.raises(IsADirectoryError), atomic_file(f"{existing}{os.sep}") as output:
        output.write(b"new")  # pragma: no cover - never entered
    assert existing.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["track.aac"]


def test_a_download_to_a_dest_ending_in_a_separator_sends_nothing(tmp_path: Path) -> None:
    fake = FakeBeatPass()
    client = BeatPass(
        token=fake.token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    with client, pytest.raises(IsADirectoryError, match="names a directory"):
        client.tracks.download(fake.track_id, f"{tmp_path / 'downloads'}{os.sep}")
    assert fake.requests == []
    assert list(tmp_path.iterdir()) == []


def test_the_command_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.enc"
    source.write_bytes(encrypt_segment(b"clear" * 100, KEY, IV))
    dest = f"{tmp_path / 'out'}{os.sep}"
    assert run("hls", "decrypt", str(source), dest, "--key", KEY.hex(), "--iv", IV.hex()) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"cannot save to {dest}: " in err
    # Refused before any request: the port nothing listens on is never tried.
    assert run("hls", "download", "http://127.0.0.1:9/p.m3u8", "-o", dest, "--quiet") == 1
    err = capsys.readouterr().err
    assert f"cannot save to {dest}: " in err
    assert "ConnectError" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["in.enc"]


def test_a_plain_name_and_a_path_still_work(tmp_path: Path) -> None:
    check_directory(tmp_path / "out.wav")
    check_directory(str(tmp_path / "out.wav"))
    check_directory(Path(f"{tmp_path / 'out.wav'}{os.sep}"))  # pathlib drops the separator
