"""An upload whose file changes size while it is sent fails at once, naming the file."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import BeatPass
from beatkit._core.uploads import UploadReader


def test_a_file_that_shrinks_while_it_is_read_is_an_error() -> None:
    # The request had declared the size the file had (Content-Length), then sent fewer
    # bytes: a server waited for the rest until the timeout, and a transport that does
    # not check lengths stored the truncated file as the upload.
    reader = UploadReader(io.BytesIO(b"x" * 6), 10, None)
    assert reader.read(4) == b"xxxx"
    assert reader.read(4) == b"xx"
    with pytest.raises(OSError, match=r"changed size while it was sent: 10 bytes .*, 6 sent"):
        reader.read(4)


def test_a_file_that_grows_while_it_is_read_is_an_error() -> None:
    # The progress went past its total, and the bytes past the declared length broke
    # the request.
    seen: list[tuple[int, int]] = []
    reader = UploadReader(io.BytesIO(b"x" * 12), 10, lambda sent, total: seen.append((sent, total)))
    assert reader.read(8) == b"x" * 8
    with pytest.raises(OSError, match=r"changed size while it was sent: 10 bytes .*, more"):
        reader.read(8)
    assert all(sent <= total for sent, total in seen)


def test_reads_of_nothing_and_at_the_end_are_not_errors() -> None:
    reader = UploadReader(io.BytesIO(b"abc"), 3, None)
    assert reader.read(0) == b""
    assert reader.read() == b"abc"
    assert reader.read(4) == b""


def test_an_upload_whose_file_shrinks_fails_and_sends_no_truncated_file(tmp_path: Path) -> None:
    source = tmp_path / "beat.wav"
    source.write_bytes(b"RIFF" + b"\0" * 300_000)
    stored: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        stored.append(len(request.read()))
        return httpx.Response(200, json={"status": "success", "fileEntry": {"id": 5}})

    def shrink(progress: Any) -> None:
        with source.open("r+b") as file:
            file.truncate(100_000)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with BeatPass("tok-x", http_client=http) as bp, pytest.raises(OSError, match=r"beat\.wav"):
        bp.uploads.create(source, progress=shrink)
    http.close()
    assert stored == []
