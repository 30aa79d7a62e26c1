"""``client.tracks`` and ``client.uploads``: the catalog's tracks and the upload flow."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any, Literal, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core._async.resource import AsyncResource
from beatkit._core.files import FileProgressCallback, SavedFile
from beatkit._core.operation import RequestOptions
from beatkit._core.params import (
    check_id,
    check_ids,
    comma_list,
    joined_ids,
    optional_int,
    optional_text,
)
from beatkit._core.params import fields as json_body
from beatkit._core.uploads import check_upload_path, upload_part
from beatkit._core.validate import check_int, check_text
from beatkit.beatpass.models import (
    Analytics,
    FileEntry,
    PlayLog,
    Track,
    TrackMetadata,
    UploadStep,
    Waveform,
    WaveformBatch,
)
from beatkit.beatpass.request_fields import json_fields
from beatkit.beatpass.uploads import (
    TrackFields,
    UploadProgressCallback,
    check_track_fields,
    check_track_prices,
    created_note,
    default_track_name,
    report,
    sending,
    unfinished_note,
    uploaded_track,
)
from beatkit.beatpass.wire import (
    INCLUDES,
    PageArgs,
    batch,
    figures,
    one,
    paged,
)

_ENTRY = one("fileEntry", "file_entry", "file")
_TRACK = one("track")

__all__ = ["AsyncTracks", "AsyncUploads"]


class AsyncUploads(AsyncResource):
    """``client.uploads``: send files to BeatPass (step 1 of the track upload flow)."""

    async def create(
        self,
        path: str | os.PathLike[str],
        *,
        progress: UploadProgressCallback | None = None,
        options: RequestOptions | None = None,
    ) -> FileEntry:
        """Upload a file; ``POST /uploads`` with multipart field ``file``.

        The endpoint is inferred: the API documents "the file upload system" without
        a path. If BeatPass serves it elsewhere, only ``PATHS["uploads.create"]``
        changes.

        Args:
            path: The file to send (its name is sent, with U+FFFD in place of any bytes
                that are not UTF-8).
            progress: Called with an :class:`~beatkit.beatpass.models.UploadProgress`
                (step ``upload``) per chunk.
            options: Per-call timeout, retries or headers.

        Returns:
            The file entry (its ``id`` feeds ``tracks.extract_metadata``).

        Raises:
            FileNotFoundError: Nothing at ``path`` (checked before sending).
            IsADirectoryError: ``path`` is a directory.
            TypeError: ``path`` is not a ``str`` or ``os.PathLike``, or ``progress`` is
                not a plain function.
            ValueError: The file is empty or not a regular file.
            OSError: The file changed size while it was sent (still being written).
            beatkit.errors.ConfigurationError: The client has no token.
        """
        with upload_part(check_upload_path(path, "audio file"), sending(progress)) as part:
            return await self._call(
                "uploads.create", FileEntry, files={"file": part}, unwrap=_ENTRY, options=options
            )


class AsyncTracks(AsyncResource):
    """``client.tracks``: the catalog's tracks, uploads, downloads, plays and analytics."""

    def list(self, *, query: str | None = None, **pages: Unpack[PageArgs]) -> AsyncPager[Track]:
        """List tracks (with a token: purchase and like status too).

        Args:
            query: Only tracks matching this text.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the tracks, fetched as you iterate it.

        Raises:
            ValueError: ``page`` or ``per_page`` below 1, or a blank ``query``.
        """
        text = optional_text("query", query)
        return self._list("tracks.list", Track, **paged("tracks", pages, {"query": text}))

    async def get(
        self,
        track_id: int,
        *,
        include: Literal["tags", "genres", "artists", "album"]
        | Sequence[Literal["tags", "genres", "artists", "album"]]
        | None = None,
        options: RequestOptions | None = None,
    ) -> Track:
        """Fetch one track.

        Args:
            track_id: The track.
            include: Related data to embed: ``tags``, ``genres``, ``artists``, ``album``
                (one name or a list).
            options: Per-call timeout, retries or headers.

        Returns:
            The track.

        Raises:
            ValueError: An unknown ``include`` value.
            beatkit.errors.NotFoundError: No such track.
        """
        path = {"track": check_id("track_id", track_id)}
        params = {"with": comma_list("include", include, INCLUDES["tracks"])}
        return await self._call(
            "tracks.get", Track, path=path, params=params, unwrap=_TRACK, options=options
        )

    async def create(
        self,
        name: str,
        *,
        file_entry_id: int | None = None,
        description: str | None = None,
        duration: int | None = None,
        genre: str | None = None,
        artists: int | Sequence[int] | Iterator[int] | None = None,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Track:
        """Create a track from an uploaded file entry (see :meth:`upload` for the whole flow).

        Args:
            name: The title.
            file_entry_id: The uploaded audio's file entry.
            description: A description.
            duration: Length in milliseconds.
            genre: Genre name.
            artists: Artist ids.
            options: Per-call timeout, retries or headers.
            **fields: Other fields the API takes (``tags``, ``bpm``, ``key``, ``src``...);
                ``price`` and ``exclusive_price`` as a ``Decimal``, an ``int`` or numeric
                text (a ``float`` is refused: money is exact).

        Returns:
            The new track.

        Raises:
            TypeError: A ``float``, ``bool`` or other non-amount price, or a field JSON
                cannot carry (a set, a naive ``datetime``).
            ValueError: A blank text, a negative ``duration``, an id below 1, a NaN, or
                a price that is not a finite, non-negative number (before sending).
            beatkit.errors.ConfigurationError: The client has no token.
            beatkit.errors.UnprocessableEntityError: The API refused a field
                (``field_errors`` says which).
        """
        body = json_body(
            json_fields(check_track_prices(fields)),
            name=check_text("name", name),
            file_entry_id=optional_int("file_entry_id", file_entry_id, minimum=1),
            description=optional_text("description", description),
            duration=optional_int("duration", duration, minimum=0),
            genre=optional_text("genre", genre),
            artists=None if artists is None else check_ids("artists", artists),
        )
        return await self._call("tracks.create", Track, json=body, unwrap=_TRACK, options=options)

    async def update(
        self,
        track_id: int,
        *,
        name: str | None = None,
        description: str | None = None,
        duration: int | None = None,
        genre: str | None = None,
        artists: int | Sequence[int] | Iterator[int] | None = None,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Track:
        """Change a track's fields (only those given are sent).

        Args:
            track_id: The track.
            name: New title.
            description: New description.
            duration: New length in milliseconds.
            genre: New genre name.
            artists: New artist ids.
            options: Per-call timeout, retries or headers.
            **fields: Other fields the API takes; ``price`` and ``exclusive_price`` as
                a ``Decimal``, an ``int`` or numeric text (a ``float`` is refused).

        Returns:
            The track as changed.

        Raises:
            TypeError: A ``float``, ``bool`` or other non-amount price, or a field JSON
                cannot carry (a set, a naive ``datetime``).
            ValueError: No field given, a blank text, a negative ``duration``, an id
                below 1, a NaN, or a price that is not a finite, non-negative number
                (before sending).
            beatkit.errors.PermissionDeniedError: Not your track.
        """
        body = json_body(
            json_fields(check_track_prices(fields)),
            name=optional_text("name", name),
            description=optional_text("description", description),
            duration=optional_int("duration", duration, minimum=0),
            genre=optional_text("genre", genre),
            artists=None if artists is None else check_ids("artists", artists),
        )
        if not body:
            raise ValueError("tracks.update: give at least one field to change")
        path = {"track": check_id("track_id", track_id)}
        return await self._call(
            "tracks.update", Track, path=path, json=body, unwrap=_TRACK, options=options
        )

    async def delete(
        self,
        track_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> None:
        """Delete one track or several (one request, ids comma-separated).

        Args:
            track_ids: A track id or a sequence of them.
            options: Per-call timeout, retries or headers.

        Returns:
            Nothing.

        Raises:
            beatkit.errors.PermissionDeniedError: A track is not yours.
        """
        path = {"ids": joined_ids("track_ids", track_ids)}
        await self._call("tracks.delete", None, path=path, options=options)

    async def download(
        self,
        track_id: int,
        dest: str | os.PathLike[str],
        *,
        progress: FileProgressCallback | None = None,
        options: RequestOptions | None = None,
    ) -> SavedFile:
        """Download a track's audio file to ``dest``, atomically.

        The file appears complete or not at all: a failure leaves ``dest`` as it was.

        Args:
            track_id: The track.
            dest: The file to write.
            progress: Called with a ``FileProgress`` after each chunk.
            options: Per-call timeout, retries or headers.

        Returns:
            The path, byte count and content type written.

        Raises:
            TypeError: ``track_id`` is not an int, or ``progress`` cannot be called
                (checked before any request).
            ValueError: ``track_id`` is below 1 (checked before any request).
            FileNotFoundError: The directory of ``dest`` does not exist (checked
                before any request).
            IsADirectoryError: ``dest`` is a directory, or its text ends with a path
                separator or a last name ``.`` (checked before any request).
            PermissionError: The directory of ``dest`` cannot be written (checked
                before any request).
            OSError: ``dest`` cannot be written: a FIFO, a device or a socket, a name
                too long (checked before any request), or a full disk (naming
                ``dest``); ``dest`` is left as it was, and no temporary file remains.
            beatkit.errors.PermissionDeniedError: The track is not free, and not yours.
            beatkit.errors.NotFoundError: No track has this id.
            beatkit.errors.APIConnectionError: The transfer failed (after the
                client's retries); ``dest`` is left as it was.
        """
        path = {"track": check_id("track_id", track_id)}
        return await self._save(
            "tracks.download", dest, path=path, progress=progress, options=options
        )

    async def wave(self, track_id: int, *, options: RequestOptions | None = None) -> Waveform:
        """A track's waveform peaks.

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The peaks, 0 to 1.

        Raises:
            beatkit.errors.NotFoundError: No such track.
        """
        path = {"track": check_id("track_id", track_id)}
        return await self._call(
            "tracks.wave", Waveform, path=path, unwrap=one("wave"), options=options
        )

    async def wave_batch(
        self,
        track_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> WaveformBatch:
        """Waveforms of several tracks in one request, keyed by track id.

        Args:
            track_ids: The tracks.
            options: Per-call timeout, retries or headers.

        Returns:
            The peaks of each track.

        Raises:
            ValueError: No track id, or one below 1.
        """
        body = {"track_ids": check_ids("track_ids", track_ids)}
        return await self._call(
            "tracks.wave_batch", WaveformBatch, json=body, unwrap=batch("waves"), options=options
        )

    async def extract_metadata(
        self, file_entry_id: int, *, options: RequestOptions | None = None
    ) -> TrackMetadata:
        """Read BPM, key, duration and tags from an uploaded file (upload flow step 2).

        Args:
            file_entry_id: The file entry ``uploads.create`` returned.
            options: Per-call timeout, retries or headers.

        Returns:
            What the file says about itself.

        Raises:
            beatkit.errors.ConfigurationError: The client has no token.
        """
        path = {"fileEntry": check_id("file_entry_id", file_entry_id)}
        return await self._call(
            "tracks.extract_metadata",
            TrackMetadata,
            path=path,
            unwrap=one("metadata"),
            options=options,
        )

    async def log_play(self, track_id: int, *, options: RequestOptions | None = None) -> PlayLog:
        """Record a play of a track (works without a token).

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The play (empty when the API answers 204).

        Raises:
            beatkit.errors.NotFoundError: No such track.
        """
        path = {"track": check_id("track_id", track_id)}
        return await self._call(
            "tracks.log_play", PlayLog, path=path, unwrap=one(), if_empty={}, options=options
        )

    async def update_play_duration(
        self, track_id: int, duration: int, *, options: RequestOptions | None = None
    ) -> PlayLog:
        """Update how long the current play of a track has lasted (works without a token).

        Args:
            track_id: The track.
            duration: Listened time so far (as the player counts it).
            options: Per-call timeout, retries or headers.

        Returns:
            The play (empty when the API answers 204).

        Raises:
            TypeError: ``duration`` is not an ``int``.
            ValueError: ``duration`` is negative.
        """
        return await self._call(
            "tracks.update_play_duration",
            PlayLog,
            path={"track": check_id("track_id", track_id)},
            json={"duration": check_int("duration", duration, minimum=0)},
            unwrap=one(),
            if_empty={},
            options=options,
        )

    async def engagement_metrics(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """A track's engagement metrics (in ``figures``, under the API's keys).

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The figures.

        Raises:
            beatkit.errors.PermissionDeniedError: Not your track.
        """
        path = {"track": check_id("track_id", track_id)}
        return await self._call(
            "tracks.engagement_metrics", Analytics, path=path, unwrap=figures, options=options
        )

    async def producer_analytics(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """A track's producer analytics (in ``figures``, under the API's keys).

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The figures.

        Raises:
            beatkit.errors.PermissionDeniedError: Not your track.
        """
        path = {"track": check_id("track_id", track_id)}
        return await self._call(
            "tracks.producer_analytics", Analytics, path=path, unwrap=figures, options=options
        )

    async def upload(
        self,
        path: str | os.PathLike[str],
        *,
        progress: UploadProgressCallback | None = None,
        options: RequestOptions | None = None,
        **metadata: Unpack[TrackFields],
    ) -> Track:
        """Run the whole upload flow: upload the file, extract its metadata, create the track.

        BeatPass then fingerprints the audio by itself. The track gets the file entry
        (``file_entry_id``, and its URL as ``src``) and the extracted title (else the
        file name without extension), duration, genre, BPM, key and release date;
        ``metadata`` overrides any of them and adds more.

        Args:
            path: The audio file.
            progress: Called with an :class:`~beatkit.beatpass.models.UploadProgress`
                per uploaded chunk (step ``upload``, with byte counts), then once per later step
                (``extract_metadata``, ``create_track``, ``done``).
            options: Per-call timeout, retries or headers (for each request).
            **metadata: Track fields (``name``, ``bpm``, ``price``...: see
                :class:`~beatkit.beatpass.uploads.TrackFields`), overriding the extracted ones.

        Returns:
            The created track.

        Raises:
            FileNotFoundError: Nothing at ``path`` (checked before sending).
            IsADirectoryError: ``path`` is a directory.
            ValueError: The file is empty or not a regular file, a field is blank,
                out of range, a number too long to write or holds a lone surrogate, or
                no ``name`` is given and the file name is blank (all checked before
                sending).
            OSError: The file changed size while it was sent (still being written).
            TypeError: An unknown field, or one of the wrong type.
            beatkit.errors.ConfigurationError: The client has no token (before sending).
            beatkit.errors.BeatkitError: A step after the upload failed. The error carries
                a note naming the uploaded file entry (finish with ``extract_metadata``
                and ``create(..., file_entry_id=)`` rather than uploading again) and
                whether the track may have been created. Whatever ``progress`` raises
                is raised too, with the same note; raised at the last report (step
                ``done``), the track was created, and the note names it.
        """
        source = check_upload_path(path, "audio file")
        # Checked now: refused only after the upload, a field would orphan the file entry.
        given = check_track_fields(metadata)
        default_name = default_track_name(source, given)
        size = source.stat().st_size
        # Without a token the first request (the upload) is refused before it is sent.
        uploads = AsyncUploads(self._transport)
        entry = await uploads.create(source, progress=progress, options=options)
        creating = False
        try:
            report(progress, UploadStep.EXTRACT_METADATA, size)
            extracted = await self.extract_metadata(entry.id, options=options)
            report(progress, UploadStep.CREATE_TRACK, size)
            body = uploaded_track(entry, extracted, default_name, given)
            creating = True
            track = await self._call(
                "tracks.create", Track, json=body, unwrap=_TRACK, options=options
            )
        except BaseException as exc:
            # The file entry is on the server: the same object is re-raised, with a note
            # naming the entry, so the caller can finish from it rather than upload again.
            exc.add_note(unfinished_note(entry.id, exc, creating=creating))
            raise
        try:
            report(progress, UploadStep.DONE, size)
        except BaseException as exc:
            # The track exists: a failing callback must not make the upload look undone.
            exc.add_note(created_note(entry.id, track.id))
            raise
        return track
