"""Image uploads (actors, series...): a JPEG file, checked before anything is sent.

The page takes every image as a multipart/form-data ``image`` field holding a JPEG.
Plain code, shared by the sync and async resources.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from beatkit._core.uploads import UploadReader, check_upload_path, upload_part

__all__ = ["JPEG_MAGIC", "ImageFile", "image_part", "jpeg_image"]

JPEG_MAGIC: Final = b"\xff\xd8\xff"
"""How every JPEG file starts (its SOI marker and the first segment's marker byte)."""

ImageFile = str | os.PathLike[str]
"""A path to a JPEG file."""


def jpeg_image(path: Any) -> Path:
    """Check that ``path`` is a non-empty JPEG file.

    Args:
        path: The file to upload.

    Returns:
        The path.

    Raises:
        TypeError: ``path`` is not a ``str`` or ``os.PathLike``.
        FileNotFoundError: Nothing exists at ``path``.
        IsADirectoryError: ``path`` is a directory.
        ValueError: The file is empty, not a regular file, or not a JPEG.
    """
    source = check_upload_path(path, "JPEG image")
    with source.open("rb") as file:
        head = file.read(len(JPEG_MAGIC))
    if head != JPEG_MAGIC:
        raise ValueError(f"{str(source)!r} is not a JPEG image (the API takes JPEG only)")
    return source


@contextlib.contextmanager
def image_part(path: Path) -> Iterator[dict[str, tuple[str, UploadReader, str]]]:
    """The multipart ``files`` of an image upload, ``{"image": (name, reader, "image/jpeg")}``.

    Args:
        path: A file :func:`jpeg_image` accepted.
    """
    with upload_part(path) as (name, reader):
        yield {"image": (name, reader, "image/jpeg")}
