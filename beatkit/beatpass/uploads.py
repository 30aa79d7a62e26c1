"""Uploading a track: its fields, and the progress reports of the upload flow.

Plain code, shared by the sync and async clients' ``uploads.create`` and
``tracks.upload``; the file checks and the reader are in :mod:`beatkit._core.uploads`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypedDict

from beatkit._core.params import (
    check_id,
    check_ids,
    fields,
    optional_bool,
    optional_date,
    optional_money,
)
from beatkit._core.uploads import SentCallback, sendable_name
from beatkit._core.validate import check_callback, check_callback_result, check_int, check_text
from beatkit.beatpass.models import FileEntry, TrackMetadata, UploadProgress, UploadStep
from beatkit.beatpass.wire import may_have_run

__all__ = [
    "TrackFields",
    "UploadProgressCallback",
    "check_track_fields",
    "check_track_prices",
    "created_note",
    "default_track_name",
    "report",
    "sending",
    "unfinished_note",
    "uploaded_track",
]

UploadProgressCallback = Callable[[UploadProgress], object]
"""The type of ``progress=`` callbacks of uploads."""


class TrackFields(TypedDict, total=False):
    """The track fields ``tracks.upload`` takes; each wins over what was read from the file."""

    name: str
    """The title (by default the file's title tag, else its name without extension)."""
    description: str
    """A description."""
    genre: str
    """Genre name."""
    tags: Sequence[str]
    """Tag names."""
    bpm: int
    """Tempo in beats per minute."""
    key: str
    """Musical key, e.g. ``"A minor"``."""
    duration: int
    """Length in milliseconds."""
    release_date: date | str
    """A ``date`` or ``YYYY-MM-DD``."""
    artists: int | Sequence[int] | Iterator[int]
    """Artist ids."""
    album_id: int
    """The album it belongs to."""
    image: str
    """Artwork URL."""
    price: Decimal | int | str
    """Price of a license (a ``float`` is refused; money is exact)."""
    exclusive_price: Decimal | int | str
    """Price of an exclusive license."""
    downloadable: bool
    """Whether anyone may download it for free."""


def _text(name: str, value: Any) -> str:
    # check_text refuses a lone surrogate: refused only when tracks.create is built, it
    # would orphan the uploaded file.
    return check_text(name, value)


def _texts(name: str, values: Any) -> list[str]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a sequence of str")
    return [_text(name, value) for value in values]


_CHECKS: Final[Mapping[str, Callable[[str, Any], Any]]] = {
    "name": _text,
    "description": _text,
    "genre": _text,
    "tags": _texts,
    "bpm": lambda name, value: check_int(name, value, minimum=1),
    "key": _text,
    "duration": lambda name, value: check_int(name, value, minimum=0),
    "release_date": optional_date,
    "artists": check_ids,
    "album_id": check_id,
    "image": _text,
    "price": optional_money,
    "exclusive_price": optional_money,
    "downloadable": optional_bool,
}


def check_track_fields(given: Mapping[str, Any]) -> dict[str, Any]:
    """Check the :class:`TrackFields` given to ``tracks.upload``, before anything is sent.

    Args:
        given: The keyword arguments.

    Returns:
        The fields as the API takes them (dates and amounts as JSON values).

    Raises:
        TypeError: An unknown field, ``None``, or a value of the wrong type.
        ValueError: A blank text, a text holding a lone surrogate (UTF-8 has no form
            for it), a bad date, a number out of range or one too long to write.
    """
    for name, value in given.items():
        if name not in _CHECKS:
            raise TypeError(f"tracks.upload() got an unexpected keyword argument {name!r}")
        if value is None:
            raise TypeError(f"{name} must not be None (leave it out to keep the file's value)")
    return {name: _CHECKS[name](name, value) for name, value in given.items()}


_PRICES: Final = ("price", "exclusive_price")


def check_track_prices(given: Mapping[str, Any]) -> dict[str, Any]:
    """``tracks.create`` / ``tracks.update`` extra fields, ``price`` and ``exclusive_price``
    checked and made exact JSON numbers; the other fields as given.

    Raises:
        TypeError: A price that is a ``float`` (it may already have lost the cents), a
            ``bool`` or another type: pass a ``Decimal``, an ``int`` or numeric text.
        ValueError: A price that is not a finite, non-negative number.
    """
    return {
        name: optional_money(name, value) if name in _PRICES else value
        for name, value in given.items()
    }


def default_track_name(source: Path, given: Mapping[str, Any]) -> str:
    """The name a track gets when neither ``given`` nor the file's title tag names it.

    The file name without extension, or the whole file name when that is blank
    (``"   .mp3"``), as :func:`~beatkit._core.uploads.sendable_name` sends it (a name
    that is not valid UTF-8 would be refused when the track is created). Checked
    before the upload: refused only at the last step, a blank name would orphan the
    uploaded file entry.

    Raises:
        ValueError: Both are blank and ``given`` has no ``name``.
    """
    name = sendable_name(source.stem if source.stem.strip() else source.name)
    if not name.strip() and "name" not in given:
        raise ValueError(f"the file name {source.name!r} is blank: give the track a name=")
    return name


def uploaded_track(
    entry: FileEntry, metadata: TrackMetadata, default_name: str, given: Mapping[str, Any]
) -> dict[str, Any]:
    """The body of ``POST /tracks`` for an uploaded file: what was read from it, then ``given``.

    The track takes the file entry (``file_entry_id`` and its URL as ``src``), the
    extracted title (else, when it is missing or blank, ``default_name``), duration,
    genre, BPM and key; the checked fields in ``given`` win over them.

    Raises:
        ValueError: The name would be blank.
    """
    title = metadata.title
    extracted = fields(
        file_entry_id=entry.id,
        src=entry.url,
        name=title if title is not None and title.strip() else default_name,
        duration=metadata.duration,
        genre=metadata.genre,
        bpm=metadata.bpm,
        key=metadata.key,
        release_date=None if metadata.release_date is None else str(metadata.release_date),
    )
    body = {**extracted, **given}
    check_text("name", body.get("name"))
    return body


def report(progress: UploadProgressCallback | None, step: UploadStep, size: int) -> None:
    """Tell ``progress`` (if any) that the upload flow reached ``step``."""
    if progress is not None:
        check_callback_result("progress", progress(UploadProgress(step, size, size)))


def sending(progress: UploadProgressCallback | None) -> SentCallback | None:
    """``progress`` as an upload reader's callback: a report of step ``upload`` per chunk.

    Raises:
        TypeError: ``progress`` is not a plain function (checked before the upload).
    """
    report = check_callback("progress", progress)
    if report is None:
        return None

    def reported(sent: int, total: int) -> None:
        check_callback_result("progress", report(UploadProgress(UploadStep.UPLOAD, sent, total)))

    return reported


def unfinished_note(entry_id: int, error: BaseException, *, creating: bool) -> str:
    """The note ``tracks.upload`` adds to ``error``, raised by a step after the upload.

    The file entry is on the server by then: the note names it and how to finish the
    flow from it, so that the file is not uploaded again (a second entry, the first one
    orphaned).

    Args:
        entry_id: The uploaded file entry's id.
        error: What the step raised.
        creating: Whether the step that failed was the track's creation (it may then
            have run, by ``error``).
    """
    note = (
        f"bp.tracks.upload: the file was uploaded as file entry {entry_id} before this "
        f"failed; finish from it with bp.tracks.extract_metadata({entry_id}) and "
        f"bp.tracks.create(..., file_entry_id={entry_id}) rather than uploading it again"
    )
    if creating and may_have_run(error):
        note += "; the track may have been created: look for it before creating it again"
    return note


def created_note(entry_id: int, track_id: int) -> str:
    """The note ``tracks.upload`` adds to what its ``progress`` callback raised at the
    last report (step ``done``), which comes after the track was created.

    Args:
        entry_id: The uploaded file entry's id.
        track_id: The created track's id.
    """
    return (
        f"bp.tracks.upload: the progress callback raised after the upload finished; the "
        f"file was uploaded as file entry {entry_id} and the track was created as track "
        f"{track_id}: fetch it with bp.tracks.get({track_id}) rather than uploading again"
    )
