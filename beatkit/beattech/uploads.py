"""Image uploads (actors, series, banners, release groups), checked before anything is sent.

The page takes every image as a multipart/form-data ``image`` field: a JPEG for actors
and series, an image of any kind for banners and release groups. The part's
``Content-Type`` is read from the file's first bytes, never guessed from its name.
Plain code, shared by the sync and async resources.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from beatkit._core.uploads import UploadReader, check_upload_path, upload_part

__all__ = ["JPEG_MAGIC", "PNG_MAGIC", "ImageFile", "image_part", "image_type", "jpeg_image"]

JPEG_MAGIC: Final = b"\xff\xd8\xff"
"""How every JPEG file starts (its SOI marker and the first segment's marker byte)."""
PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
"""How every PNG file starts (its signature)."""

ImageFile = str | os.PathLike[str]
"""A path to a JPEG file."""


def jpeg_image(path: Any, name: str = "image") -> Path:
    """Check that ``path`` is a non-empty JPEG file.

    Args:
        path: The file to upload.
        name: The argument, as the caller's method names it, for errors.

    Returns:
        The path.

    Raises:
        TypeError: ``path`` is not a ``str`` or ``os.PathLike``.
        FileNotFoundError: Nothing exists at ``path``.
        IsADirectoryError: ``path`` is a directory.
        ValueError: A NUL in the path; the file is empty, not a regular file, or not a
            JPEG.
    """
    source = check_upload_path(path, "JPEG image", name=name)
    with source.open("rb") as file:
        head = file.read(len(JPEG_MAGIC))
    if head != JPEG_MAGIC:
        raise ValueError(f"{str(source)!r} is not a JPEG image (the API takes JPEG only)")
    return source


def image_type(path: Path) -> str:
    """The media type of an image file, read from its first bytes.

    Returns:
        ``image/jpeg`` or ``image/png``; ``application/octet-stream`` for any other
        bytes (the server judges those), whatever the file's name says.
    """
    with path.open("rb") as file:
        head = file.read(len(PNG_MAGIC))
    if head.startswith(JPEG_MAGIC):
        return "image/jpeg"
    if head.startswith(PNG_MAGIC):
        return "image/png"
    return "application/octet-stream"


@contextlib.contextmanager
def image_part(path: Path) -> Iterator[dict[str, tuple[str, UploadReader, str]]]:
    """The multipart ``files`` of an image upload, ``{"image": (name, reader, type)}``.

    ``type`` is :func:`image_type`'s (``image/jpeg`` for a file :func:`jpeg_image`
    accepted), not a guess from the file's name.

    Args:
        path: A file :func:`jpeg_image` or
            :func:`~beatkit._core.uploads.check_upload_path` accepted.
    """
    content_type = image_type(path)
    with upload_part(path) as (name, reader):
        yield {"image": (name, reader, content_type)}
