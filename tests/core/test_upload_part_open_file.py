"""``upload_part`` reads the size of the file it opened, not of whatever the path names later.

An exporter that writes a new version beside the file and renames it into place (as
beatkit's own downloads do) may do so between the open and the size check: the upload
then sends the old file, whole, and httpx declares the old file's size (it reads the
open descriptor's), but the reader compared what it read with the new file's size and
failed with "changed size while it was sent" (or, when the new file is empty, did not
see that the old one was sent whole). A file emptied between the check and the open is
refused as an empty file is, not sent as zero bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from beatkit._core.uploads import upload_part


def _replaced_after_open(monkeypatch: pytest.MonkeyPatch, path: Path, new: bytes) -> None:
    """Make the next ``path.open`` replace ``path`` by a file holding ``new`` once open."""
    real_open: Callable[..., Any] = Path.open

    def open_then_replace(self: Path, *args: Any, **kwargs: Any) -> Any:
        file = real_open(self, *args, **kwargs)
        if self == path:
            fresh = path.with_name(path.name + ".new")
            fresh.write_bytes(new)
            fresh.replace(path)
        return file

    monkeypatch.setattr(Path, "open", open_then_replace)


@pytest.mark.parametrize("new", [b"y" * 5, b"y" * 20, b""])
def test_the_file_opened_is_sent_whole_with_its_own_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new: bytes
) -> None:
    path = tmp_path / "beat.wav"
    path.write_bytes(b"x" * 10)
    _replaced_after_open(monkeypatch, path, new)
    seen: list[tuple[int, int]] = []
    with upload_part(path, lambda sent, total: seen.append((sent, total))) as (name, reader):
        assert name == "beat.wav"
        data = b""
        for _ in range(10):
            chunk = reader.read(4)
            if not chunk:
                break
            data += chunk
    assert data == b"x" * 10
    assert seen[-1] == (10, 10)


def test_a_file_emptied_before_it_is_opened_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "beat.wav"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="is empty"), upload_part(path):
        pytest.fail("an empty file was opened for sending")
