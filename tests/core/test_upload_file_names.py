"""File names an upload sends, and paths that lead nowhere, as the shared machinery reads them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from beatkit._core.uploads import check_upload_path, sendable_name, upload_part

# A Latin-1 file name on a UTF-8 file system: Python reads it with surrogateescape.
LATIN1_NAME = b"caf\xe9 noir.wav"


def test_sendable_name_keeps_text_and_replaces_lone_surrogates() -> None:
    assert sendable_name('café "one".wav') == 'café "one".wav'
    assert sendable_name("caf\udce9.wav") == "caf\ufffd.wav"
    assert sendable_name("\ud800x") == "\ufffdx"


@pytest.mark.skipif(sys.platform == "win32", reason="names are UTF-16 text on Windows")
def test_upload_part_sends_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), LATIN1_NAME)
    with open(raw, "wb") as file:
        file.write(b"RIFF")
    source = check_upload_path(os.fsdecode(raw))
    with upload_part(source) as (name, reader):
        assert name == "caf\ufffd noir.wav"
        name.encode("utf-8")  # what httpx writes in the part's header
        assert reader.read() == b"RIFF"


def test_a_path_through_a_file_is_not_found(tmp_path: Path) -> None:
    # "Nothing exists at path": not Python's NotADirectoryError.
    regular = tmp_path / "beat.wav"
    regular.write_bytes(b"RIFF")
    with pytest.raises(FileNotFoundError, match=r"^no audio file at "):
        check_upload_path(regular / "inside.wav", "audio file")
