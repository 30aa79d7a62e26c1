"""A download's ``dest`` of the wrong type is a ``TypeError`` naming ``dest``, raised
before any request; not ``os.fspath``'s "expected str, bytes or os.PathLike object"
(which names no argument) or pathlib's message about bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import BeatPass
from beatkit._core.files import atomic_file, check_directory
from beatkit.testing import FakeBeatPass


@pytest.mark.parametrize("dest", [None, 3, b"out.wav", ["out.wav"]])
def test_check_directory_names_dest(dest: Any) -> None:
    with pytest.raises(TypeError, match=r"^dest must be a path") as caught:
        check_directory(dest)
    assert type(dest).__name__ in str(caught.value)


@pytest.mark.parametrize("dest", [None, b"out.wav"])
def test_atomic_file_names_dest(dest: Any) -> None:
    with pytest.raises(TypeError, match=r"^dest must be a path"), atomic_file(dest):
        pass  # pragma: no cover - never entered


@pytest.mark.parametrize("dest", [None, 3, b"out.wav"])
def test_a_download_to_a_wrong_dest_sends_nothing(dest: Any) -> None:
    fake = FakeBeatPass()
    client = BeatPass(
        token=fake.token,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    with client, pytest.raises(TypeError, match=r"^dest must be a path"):
        client.tracks.download(1, dest)
    assert fake.requests == []


def test_a_path_still_works(tmp_path: Path) -> None:
    check_directory(tmp_path / "out.wav")
    check_directory(str(tmp_path / "out.wav"))
