"""Writing downloads to disk: all or nothing, with progress reports."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from attrs import frozen

__all__ = [
    "FileProgress",
    "FileProgressCallback",
    "SavedFile",
    "atomic_file",
    "check_directory",
    "content_length",
]


@frozen
class FileProgress:
    """A progress report, passed to a ``progress`` callback after each chunk is written."""

    bytes_written: int
    """Bytes written so far."""
    bytes_total: int | None
    """The size the server announced (``Content-Length``), or ``None`` when it did not."""


@frozen
class SavedFile:
    """What a download wrote."""

    path: Path
    """The destination file."""
    bytes_written: int
    """Size of the file in bytes."""
    content_type: str | None
    """The server's ``Content-Type``, if it sent one."""


FileProgressCallback = Callable[[FileProgress], object]
"""The type of ``progress=`` callbacks of file downloads."""


def content_length(value: str | None) -> int | None:
    """The ``Content-Length`` header as a number, or ``None`` when absent or malformed."""
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def check_directory(dest: str | os.PathLike[str]) -> None:
    """Fail early, before any request, when ``dest`` cannot be created for lack of a directory.

    Raises:
        FileNotFoundError: The directory of ``dest`` does not exist.
    """
    directory = Path(dest).parent
    if not directory.is_dir():
        raise FileNotFoundError(f"cannot save to {dest}: no directory {directory}")


@contextlib.contextmanager
def atomic_file(dest: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``dest`` that replaces ``dest`` only on success.

    The file is created with mode ``0600`` and ``O_EXCL`` (``tempfile.mkstemp``),
    flushed and fsynced, then renamed over ``dest`` when the block
    ends normally. On any exception (cancellation included) the temporary file
    is removed and ``dest``, if it existed, is left as it was.

    Raises:
        OSError: The directory does not exist or is not writable.
    """
    path = Path(dest)
    directory = path.parent if str(path.parent) else Path()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(handle, "wb") as output:
            yield output
            output.flush()
            os.fsync(output.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
