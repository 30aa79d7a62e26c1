"""The shared upload machinery: file checks before sending, and the reader that counts bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from beatkit._core.uploads import UploadReader, check_upload_path, upload_part


def test_check_upload_path_names_the_kind_of_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"^no image at "):
        check_upload_path(tmp_path / "missing.png", "image")
    with pytest.raises(FileNotFoundError, match=r"^no file at "):
        check_upload_path(tmp_path / "missing.png")
    with pytest.raises(IsADirectoryError, match=r"is a directory, not an image$"):
        check_upload_path(tmp_path, "image")
    with pytest.raises(IsADirectoryError, match=r"is a directory, not a file$"):
        check_upload_path(tmp_path)


def test_check_upload_path_refuses_empty_files_and_other_types(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="is empty"):
        check_upload_path(empty)
    with pytest.raises(TypeError, match=r"str or os\.PathLike"):
        check_upload_path(3)
    good = tmp_path / "cover.png"
    good.write_bytes(b"\x89PNG")
    assert check_upload_path(good) == good


def test_check_upload_path_refuses_an_empty_path_by_name() -> None:
    # pathlib reads "" as the working directory: say what was given, not "'.'".
    with pytest.raises(ValueError, match="empty path") as info:
        check_upload_path("", "audio file")
    assert "'.'" not in str(info.value)


def test_reader_reports_bytes_sent_and_total_and_restarts_on_rewind() -> None:
    seen: list[tuple[int, int]] = []
    reader = UploadReader(io.BytesIO(b"x" * 10), 10, lambda sent, total: seen.append((sent, total)))
    assert reader.read(3) == b"xxx"
    assert reader.read() == b"x" * 7
    assert reader.read() == b""
    assert seen == [(3, 10), (10, 10)]
    assert reader.seek(0) == 0 and reader.sent == 0
    assert reader.read(2) == b"xx" and seen[-1] == (2, 10)


def test_reader_without_a_callback_still_counts() -> None:
    reader = UploadReader(io.BytesIO(b"abc"), 3, None)
    assert reader.read() == b"abc" and reader.sent == 3 and reader.tell() == 3


def test_upload_part_is_the_file_name_and_a_reader_open_for_the_block(tmp_path: Path) -> None:
    source = tmp_path / "cover.png"
    source.write_bytes(b"12345")
    seen: list[tuple[int, int]] = []
    with upload_part(source, lambda sent, total: seen.append((sent, total))) as (name, reader):
        assert name == "cover.png"
        assert reader.name == str(source)
        assert reader.read() == b"12345"
    assert seen == [(5, 5)]
    with pytest.raises(ValueError, match="closed"):
        reader.read()
