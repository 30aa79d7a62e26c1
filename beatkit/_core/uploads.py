"""Sending a file: the checks made before anything is sent, and a reader that reports progress.

Plain code (no I/O of its own beyond opening the file), shared by the sync and async
clients of every service that uploads files.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from beatkit._core.files import path_text

__all__ = [
    "SentCallback",
    "UploadReader",
    "check_upload_path",
    "files_rewinder",
    "sendable_name",
    "upload_part",
]

SentCallback = Callable[[int, int], object]
"""Called with the bytes read for sending so far and the file's size, after each chunk."""


def check_upload_path(path: Any, what: str = "file", *, name: str = "path") -> Path:
    """Check a file to upload before anything is sent.

    Args:
        path: The file to upload.
        what: What the file is, for the messages (e.g. ``"audio file"``).
        name: The argument, as the caller's method names it (``"image"``), for errors.

    Returns:
        The path.

    Raises:
        TypeError: ``path`` is not a ``str`` or ``os.PathLike`` of one.
        FileNotFoundError: Nothing exists at ``path``.
        IsADirectoryError: ``path`` is a directory.
        ValueError: ``path`` is ``""`` or holds a NUL, or the file is empty or not a
            regular file.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{name} must be a str or os.PathLike, got {type(path).__name__}")
    if path_text(path, name) == "":
        # pathlib reads "" as the working directory, and the message would name '.'.
        raise ValueError(f"cannot upload an empty path: name the {what} to send")
    source = Path(path)
    try:
        info = source.stat()
    except (FileNotFoundError, NotADirectoryError):
        # A path through a regular file ("beat.wav/x") leads nowhere too.
        raise FileNotFoundError(f"no {what} at {str(source)!r}") from None
    if stat.S_ISDIR(info.st_mode):
        article = "an" if what[:1] in "aeiou" else "a"
        raise IsADirectoryError(f"{str(source)!r} is a directory, not {article} {what}")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{str(source)!r} is not a regular file")
    if info.st_size == 0:
        raise ValueError(f"{str(source)!r} is empty")
    return source


def sendable_name(name: str) -> str:
    """``name`` as an upload sends it: with U+FFFD in place of each lone surrogate.

    A file name that is not valid UTF-8 (a Latin-1 name on a Linux file system) is
    read by Python with ``surrogateescape``; UTF-8, the encoding of a multipart
    header, has no form for those characters, and httpx would refuse the whole
    request. The file's bytes are sent unchanged; only its name loses the bytes
    that were not text.
    """
    if not any("\ud800" <= char <= "\udfff" for char in name):
        return name
    return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in name)


@contextlib.contextmanager
def upload_part(
    path: Path, progress: SentCallback | None = None
) -> Iterator[tuple[str, UploadReader]]:
    """Open a checked file as a multipart part, ``(file name, reader)``, for one block.

    A plain context manager, so async code can open the file without a blocking call
    of its own. The name is :func:`sendable_name`'s.

    The size is the open file's (as httpx reads it for ``Content-Length``), not the
    path's: a new version renamed over the path after the open is not the file sent.

    Args:
        path: A file that :func:`check_upload_path` accepted.
        progress: Called as the file is read for sending (see :class:`UploadReader`).

    Raises:
        ValueError: The file opened is empty or not a regular file (it changed since
            :func:`check_upload_path` looked at it).
    """
    with path.open("rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{str(path)!r} is not a regular file")
        if info.st_size == 0:
            raise ValueError(f"{str(path)!r} is empty")
        yield sendable_name(path.name), UploadReader(file, info.st_size, progress)


class UploadReader:
    """A binary file wrapper that reports how much of it httpx has read for sending.

    httpx rewinds a multipart file (``seek(0)``) before each send, so a replayed
    upload (after a 429, or a 401 and a token refresh) restarts its count from zero.

    Args:
        file: The open binary file.
        total: Its size in bytes.
        progress: Called with the bytes read so far and ``total`` after each chunk.
    """

    def __init__(self, file: IO[bytes], total: int, progress: SentCallback | None) -> None:
        self._file = file
        self._total = total
        self._progress = progress
        self.sent = 0
        """Bytes read so far."""

    @property
    def name(self) -> str:
        """The file's name (httpx reads it for the part's filename)."""
        return str(getattr(self._file, "name", "upload"))

    def fileno(self) -> int:
        """The file descriptor (httpx reads the size from it for Content-Length)."""
        return self._file.fileno()

    def tell(self) -> int:
        """The read position."""
        return self._file.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move the read position; back to 0 restarts the count."""
        position = self._file.seek(offset, whence)
        if position == 0:
            self.sent = 0
        return position

    def seekable(self) -> bool:
        """Whether the file can go back to its first byte (a regular file can, a pipe cannot)."""
        try:
            return bool(self._file.seekable())
        except (OSError, ValueError):  # closed
            return False

    def rewind(self) -> bool:
        """Go back to the first byte, to send the file again; ``False`` when it cannot."""
        try:
            self.seek(0)
        except (OSError, ValueError):  # closed, or not seekable after all
            return False
        return True

    def read(self, size: int = -1) -> bytes:
        """Read a chunk and report it.

        Raises:
            OSError: The file changed size since it was opened (another program still
                writing it, or cutting it): the request declared that size
                (``Content-Length``), and a shorter body would leave the server waiting
                (or store a truncated file), a longer one break the request.
        """
        chunk = self._file.read(size)
        sent = self.sent + len(chunk)
        if sent > self._total or (not chunk and size != 0 and sent < self._total):
            now = "more" if sent > self._total else f"{sent}"
            raise OSError(
                f"{self.name!r} changed size while it was sent: {self._total} bytes when "
                f"the upload started, {now} sent; upload it once it is complete"
            )
        if chunk:
            self.sent += len(chunk)
            if self._progress is not None:
                self._progress(self.sent, self._total)
        return chunk


def files_rewinder(files: Any) -> Callable[[], bool] | None:
    """For the multipart ``files`` of a request, how to rewind them to send it again.

    Only files beatkit opened itself (an :class:`UploadReader` from
    :func:`upload_part`, over a file that can seek) can be sent again from their
    first byte; text or bytes given as a file's content are in memory. A stream the
    caller handed over may not be rewound by beatkit: it is sent once.

    Args:
        files: The ``files`` argument as httpx takes it (a mapping or a list of
            ``(field, file)`` pairs, each file alone or in a ``(name, file, ...)``
            tuple).

    Returns:
        A function that seeks every :class:`UploadReader` back to its start and says
        whether all could; ``None`` when a file is anything else, or no file is an
        :class:`UploadReader`.
    """
    try:
        items = list(files.items() if isinstance(files, Mapping) else files)
    except (TypeError, ValueError):
        return None
    readers: list[UploadReader] = []
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            return None
        value = item[1]
        file = value[1] if isinstance(value, tuple) and len(value) >= 2 else value
        if isinstance(file, str | bytes):
            continue
        if not isinstance(file, UploadReader) or not file.seekable():
            return None
        readers.append(file)
    if not readers:
        return None

    def rewind() -> bool:
        # Every reader is tried, so none is left in the middle of its file.
        return all([reader.rewind() for reader in readers])

    return rewind
