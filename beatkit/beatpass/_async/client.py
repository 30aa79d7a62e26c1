"""The async BeatPass client: ``AsyncBeatPass`` and its resources."""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import httpx

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core._async.pagers import AsyncPager
from beatkit._core.files import FileProgressCallback, SavedFile
from beatkit._core.http import check_base_url
from beatkit._core.operation import Operation, QueryValue, RequestOptions
from beatkit._core.settings import build_settings
from beatkit._core.validate import check_text
from beatkit.auth import BearerAuth
from beatkit.beatpass.converter import converter, strict_converter
from beatkit.beatpass.models import (
    ActionResult,
    Album,
    Analytics,
    Artist,
    AudioReconResult,
    AudioSearchResult,
    BackstageRequest,
    BackstageRequestType,
    CouponValidation,
    CoverArtPreview,
    CoverArtTemplate,
    Credit,
    CreditRole,
    DuplicateCheck,
    FileEntry,
    FingerprintJob,
    FingerprintStatus,
    Genre,
    License,
    LicenseBatchStatus,
    LicenseCertificate,
    LicenseStatus,
    LicenseVerification,
    LoginResult,
    Lyric,
    OwnershipCheck,
    PinnedTrack,
    Playlist,
    PlaylistInvitation,
    PlayLog,
    ProducerAchievements,
    Purchase,
    PurchaseIntent,
    PurchasePrice,
    PurchaseStatus,
    RadioRecommendations,
    RadioType,
    SearchResults,
    SearchType,
    SpotifyAlbum,
    SpotifySearchResults,
    SubmissionStatus,
    Suggestion,
    Track,
    TrackMetadata,
    UploadProgress,
    UploadStep,
    Waveform,
    WaveformBatch,
)
from beatkit.beatpass.wire import (
    SPEC,
    BeatPassOperations,
    UploadReader,
    check_upload_path,
    open_upload,
    require_token,
)
from beatkit.errors import ConfigurationError

__all__ = ["DEFAULT_BASE_URL", "ENV_TOKEN", "AsyncBeatPass"]

T = TypeVar("T")

DEFAULT_BASE_URL = "https://open.beatpass.ca/api/v1"
"""The production API root."""
ENV_TOKEN = "BEATPASS_TOKEN"  # noqa: S105 - the variable's name, not a secret
"""The environment variable read when no ``token`` is passed."""

UploadProgressCallback = Callable[[UploadProgress], object]
"""The type of ``progress=`` callbacks of uploads."""


def _resolve_token(token: str | None) -> str | None:
    if token is None:
        token = os.environ.get(ENV_TOKEN) or None
        return token.strip() or None if token else None
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError(
            "token must be a non-empty string (or None to read BEATPASS_TOKEN)"
        )
    return token.strip()


class _Resource:
    def __init__(self, client: AsyncBeatPass, ops: BeatPassOperations) -> None:
        self._client = client
        self._ops = ops


class AsyncUploads(_Resource):
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
            path: The file to send.
            progress: Called with an :class:`UploadProgress` (step ``upload``) per chunk.
            options: Per-call timeout, retries or headers.

        Returns:
            The file entry (its ``id`` feeds ``tracks.extract_metadata``).

        Raises:
            FileNotFoundError: Nothing at ``path`` (checked before sending).
            ValueError: ``path`` is empty or not a regular file.
            beatkit.errors.ConfigurationError: The client has no token.
        """
        source = check_upload_path(path)
        size = source.stat().st_size
        with open_upload(source) as file:
            reader = UploadReader(file, size, progress)
            op = self._ops.upload_file(reader, filename=source.name)
            return await self._client._call(op, options)


class AsyncTracks(_Resource):
    """``client.tracks``: the catalog's tracks, uploads, downloads, plays and analytics."""

    def list(
        self,
        *,
        query: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Track]:
        """List tracks (with a token: purchase and like status too).

        Args:
            query: Only tracks matching this text.
            page: The page to start from (1-based).
            per_page: Tracks per request.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager: iterate it for tracks; nothing is fetched until you do.
        """
        op = self._ops.list_tracks(query=query, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    async def get(
        self,
        track_id: int,
        *,
        include: Sequence[str] | None = None,
        options: RequestOptions | None = None,
    ) -> Track:
        """Fetch one track.

        Args:
            track_id: The track.
            include: Related data to embed: ``tags``, ``genres``, ``artists``, ``album``.
            options: Per-call timeout, retries or headers.

        Raises:
            beatkit.errors.NotFoundError: No such track.
        """
        return await self._client._call(self._ops.get_track(track_id, include=include), options)

    async def create(
        self,
        name: str,
        *,
        file_entry_id: int | None = None,
        description: str | None = None,
        duration: int | None = None,
        genre: str | None = None,
        artists: Sequence[int] | None = None,
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
            **fields: Other fields the API takes (``tags``, ``bpm``, ``key``, ``src``...).

        Raises:
            beatkit.errors.ConfigurationError: The client has no token.
            beatkit.errors.UnprocessableEntityError: The API refused a field
                (``field_errors`` says which).
        """
        op = self._ops.create_track(
            name,
            file_entry_id=file_entry_id,
            description=description,
            duration=duration,
            genre=genre,
            artists=artists,
            fields=fields,
        )
        return await self._client._call(op, options)

    async def update(
        self,
        track_id: int,
        *,
        name: str | None = None,
        description: str | None = None,
        duration: int | None = None,
        genre: str | None = None,
        artists: Sequence[int] | None = None,
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
            **fields: Other fields the API takes.

        Raises:
            ValueError: No field given.
        """
        op = self._ops.update_track(
            track_id,
            name=name,
            description=description,
            duration=duration,
            genre=genre,
            artists=artists,
            fields=fields,
        )
        return await self._client._call(op, options)

    async def delete(
        self, track_ids: int | Sequence[int], *, options: RequestOptions | None = None
    ) -> None:
        """Delete one track or several (one request, ids comma-separated).

        Args:
            track_ids: A track id or a sequence of them.
            options: Per-call timeout, retries or headers.
        """
        await self._client._call(self._ops.delete_tracks(track_ids), options)

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
        """
        op = self._ops.download_track(track_id)
        return await self._client._save(op, dest, progress=progress, options=options)

    async def wave(self, track_id: int, *, options: RequestOptions | None = None) -> Waveform:
        """A track's waveform peaks."""
        return await self._client._call(self._ops.track_wave(track_id), options)

    async def wave_batch(
        self, track_ids: Sequence[int], *, options: RequestOptions | None = None
    ) -> WaveformBatch:
        """Waveforms of several tracks in one request, keyed by track id."""
        return await self._client._call(self._ops.wave_batch(track_ids), options)

    async def extract_metadata(
        self, file_entry_id: int, *, options: RequestOptions | None = None
    ) -> TrackMetadata:
        """Read BPM, key, duration and tags from an uploaded file (upload flow step 2)."""
        return await self._client._call(self._ops.extract_metadata(file_entry_id), options)

    async def log_play(self, track_id: int, *, options: RequestOptions | None = None) -> PlayLog:
        """Record a play of a track (works without a token)."""
        return await self._client._call(self._ops.log_play(track_id), options)

    async def update_play_duration(
        self, track_id: int, duration: int, *, options: RequestOptions | None = None
    ) -> PlayLog:
        """Update how long the current play of a track has lasted.

        Args:
            track_id: The track.
            duration: Listened time so far (as the player counts it).
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.update_play_duration(track_id, duration=duration)
        return await self._client._call(op, options)

    async def engagement_metrics(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """A track's engagement metrics (in ``figures``, under the API's keys)."""
        return await self._client._call(self._ops.track_engagement(track_id), options)

    async def producer_analytics(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """A track's producer analytics (in ``figures``, under the API's keys)."""
        return await self._client._call(self._ops.track_analytics(track_id), options)

    async def upload(
        self,
        path: str | os.PathLike[str],
        *,
        progress: UploadProgressCallback | None = None,
        options: RequestOptions | None = None,
        **metadata: Any,
    ) -> Track:
        """Run the whole upload flow: upload the file, extract its metadata, create the track.

        BeatPass then fingerprints the audio by itself. The track gets the extracted
        title (else the file name without extension), duration, genre, BPM and key;
        ``metadata`` overrides any of them and adds more (``description``, ``tags``...).

        Args:
            path: The audio file.
            progress: Called with an :class:`UploadProgress` per uploaded chunk (step
                ``upload``, with byte counts), then once per later step
                (``extract_metadata``, ``create_track``, ``done``).
            options: Per-call timeout, retries or headers (for each request).
            **metadata: Track fields to send, overriding the extracted ones.

        Returns:
            The created track.

        Raises:
            FileNotFoundError: Nothing at ``path`` (checked before sending).
            ValueError: ``path`` is empty or not a regular file, or ``name`` is blank.
            TypeError: ``name`` is given but not a ``str``.
            beatkit.errors.ConfigurationError: The client has no token (before sending).
        """
        source = check_upload_path(path)
        if "name" in metadata:
            # Checked now: refused only after the upload, it would orphan the file entry.
            check_text("name", metadata["name"])
        size = source.stat().st_size
        # Without a token the first request (the upload) is refused before it is sent.
        entry = await self._client.uploads.create(source, progress=progress, options=options)
        _report(progress, UploadStep.EXTRACT_METADATA, size)
        extracted = await self.extract_metadata(entry.id, options=options)
        _report(progress, UploadStep.CREATE_TRACK, size)
        op = self._ops.create_uploaded_track(
            entry, extracted, default_name=source.stem, fields=metadata
        )
        track = await self._client._call(op, options)
        _report(progress, UploadStep.DONE, size)
        return track


def _report(progress: UploadProgressCallback | None, step: UploadStep, size: int) -> None:
    if progress is not None:
        progress(UploadProgress(step, size, size))


class AsyncAlbums(_Resource):
    """``client.albums``."""

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Album]:
        """List albums.

        Args:
            page: The page to start from (1-based).
            per_page: Albums per request.
            limit: Stop after this many albums in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.list_albums(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    async def get(
        self,
        album_id: int,
        *,
        include: Sequence[str] | None = None,
        options: RequestOptions | None = None,
    ) -> Album:
        """Fetch one album.

        Args:
            album_id: The album.
            include: Related data to embed: ``tags``, ``genres``, ``artists``, ``tracks``.
            options: Per-call timeout, retries or headers.
        """
        return await self._client._call(self._ops.get_album(album_id, include=include), options)

    async def create(
        self,
        name: str,
        *,
        description: str | None = None,
        release_date: date | str | None = None,
        artist_id: int | None = None,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Album:
        """Create an album.

        Args:
            name: The title.
            description: A description.
            release_date: A ``date`` or ``YYYY-MM-DD``.
            artist_id: The album's artist.
            options: Per-call timeout, retries or headers.
            **fields: Other fields the API takes.
        """
        op = self._ops.create_album(
            name,
            description=description,
            release_date=release_date,
            artist_id=artist_id,
            fields=fields,
        )
        return await self._client._call(op, options)

    async def update(
        self,
        album_id: int,
        *,
        name: str | None = None,
        description: str | None = None,
        release_date: date | str | None = None,
        artist_id: int | None = None,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Album:
        """Change an album's fields (only those given are sent).

        Args:
            album_id: The album.
            name: New title.
            description: New description.
            release_date: New release date.
            artist_id: New artist.
            options: Per-call timeout, retries or headers.
            **fields: Other fields the API takes.
        """
        op = self._ops.update_album(
            album_id,
            name=name,
            description=description,
            release_date=release_date,
            artist_id=artist_id,
            fields=fields,
        )
        return await self._client._call(op, options)

    async def delete(
        self, album_ids: int | Sequence[int], *, options: RequestOptions | None = None
    ) -> None:
        """Delete one album or several (one request)."""
        await self._client._call(self._ops.delete_albums(album_ids), options)

    async def producer_analytics(
        self, album_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """An album's producer analytics (in ``figures``)."""
        return await self._client._call(self._ops.album_analytics(album_id), options)


class AsyncArtists(_Resource):
    """``client.artists``: profiles, their tracks and albums, analytics and pinning."""

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Artist]:
        """List artists.

        Args:
            page: The page to start from (1-based).
            per_page: Artists per request.
            limit: Stop after this many artists in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.list_artists(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    async def get(
        self,
        artist_id: int,
        *,
        include: Sequence[str] | None = None,
        options: RequestOptions | None = None,
    ) -> Artist:
        """Fetch one artist.

        Args:
            artist_id: The artist.
            include: Related data to embed: ``similar``, ``genres``, ``albums``, ``topTracks``.
            options: Per-call timeout, retries or headers.
        """
        return await self._client._call(self._ops.get_artist(artist_id, include=include), options)

    def tracks(
        self,
        artist_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Track]:
        """An artist's tracks, paged.

        Args:
            artist_id: The artist.
            page: The page to start from (1-based).
            per_page: Tracks per request.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.artist_tracks(artist_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def albums(
        self,
        artist_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Album]:
        """An artist's albums, paged.

        Args:
            artist_id: The artist.
            page: The page to start from (1-based).
            per_page: Albums per request.
            limit: Stop after this many albums in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.artist_albums(artist_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    async def producer_analytics(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """An artist's producer analytics (in ``figures``)."""
        return await self._client._call(self._ops.artist_analytics(artist_id), options)

    async def downloads_analytics(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """An artist's download analytics (in ``figures``)."""
        return await self._client._call(self._ops.artist_downloads(artist_id), options)

    async def achievements(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> ProducerAchievements:
        """An artist's producer level, XP and achievements."""
        return await self._client._call(self._ops.artist_achievements(artist_id), options)

    async def check_ownership(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> OwnershipCheck:
        """Whether the authenticated user owns this artist profile."""
        return await self._client._call(self._ops.check_ownership(artist_id), options)

    async def pin(
        self, artist_id: int, track_id: int, *, options: RequestOptions | None = None
    ) -> PinnedTrack:
        """Pin one of the artist's tracks to the top of the profile; returns the pinned track."""
        return await self._client._call(self._ops.pin_track(artist_id, track_id), options)

    async def unpin(
        self, artist_id: int, track_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Unpin the artist's pinned track."""
        return await self._client._call(self._ops.unpin_track(artist_id, track_id), options)

    async def pinned_track(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> PinnedTrack:
        """The artist's pinned track (``.track`` is ``None`` when none is pinned)."""
        return await self._client._call(self._ops.pinned_track(artist_id), options)


class AsyncBackstage(_Resource):
    """``client.backstage``: producer-program requests (become, verify or claim an artist)."""

    async def submission_status(self, *, options: RequestOptions | None = None) -> SubmissionStatus:
        """Whether you may submit a new request, and if not why (and where to appeal)."""
        return await self._client._call(self._ops.submission_status(), options)

    async def create(
        self,
        type: BackstageRequestType | str,
        *,
        artist_name: str,
        data: Mapping[str, Any],
        artist_id: int | str | None = None,
        options: RequestOptions | None = None,
    ) -> BackstageRequest:
        """Submit a producer request.

        One open request per user: a pending or revoked one blocks new requests.

        Args:
            type: ``become-artist``, ``verify-artist`` or ``claim-artist``.
            artist_name: The display name asked for.
            data: The payload (``first_name``, ``last_name``, ``beats_url``, ``role``...).
            artist_id: The artist to claim or verify (``"CURRENT_USER"`` is accepted).
            options: Per-call timeout, retries or headers.

        Raises:
            beatkit.errors.BackstageRequestPendingError: A request is under review.
            beatkit.errors.BackstageRequestRevokedError: Access was revoked
                (``contact_url`` says where to appeal).
        """
        op = self._ops.create_backstage_request(
            type, artist_name=artist_name, data=data, artist_id=artist_id
        )
        return await self._client._call(op, options)

    async def revoke(
        self, request_id: int, *, notes: str | None = None, options: RequestOptions | None = None
    ) -> BackstageRequest:
        """Revoke an approved request (needs the ``backstageRequests.handle`` permission).

        Args:
            request_id: The request.
            notes: Admin notes included in the user's notification.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.revoke_backstage_request(request_id, notes=notes)
        return await self._client._call(op, options)


class AsyncCredits(_Resource):
    """``client.credits``: an artist's portfolio credits on external releases."""

    async def list(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Credit]:
        """An artist's credits, in portfolio order."""
        return await self._client._call(self._ops.list_credits(artist_id), options)

    async def create(
        self,
        artist_id: int,
        *,
        role: str,
        title: str,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Credit:
        """Add a credit.

        Args:
            artist_id: The artist.
            role: The role, e.g. ``"Producer"`` (see :meth:`roles`).
            title: The credited track or release.
            options: Per-call timeout, retries or headers.
            **fields: Other fields (``artist_name``, ``spotify_id``, ``release_date``...).
        """
        op = self._ops.create_credit(artist_id, role=role, title=title, fields=fields)
        return await self._client._call(op, options)

    async def create_album(
        self,
        artist_id: int,
        *,
        role: str,
        album_name: str,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Credit:
        """Add a credit for a whole album (``POST .../credits/album``).

        Args:
            artist_id: The artist.
            role: The role.
            album_name: The album's title.
            options: Per-call timeout, retries or headers.
            **fields: Other fields (``artist_name``, ``spotify_id``, ``release_date``...).
        """
        op = self._ops.create_credit(
            artist_id, role=role, title=None, fields=fields, album_name=album_name
        )
        return await self._client._call(op, options)

    async def update(
        self,
        artist_id: int,
        credit_id: int,
        *,
        role: str | None = None,
        title: str | None = None,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Credit:
        """Change a credit (only the fields given are sent).

        Args:
            artist_id: The artist.
            credit_id: The credit.
            role: New role.
            title: New title.
            options: Per-call timeout, retries or headers.
            **fields: Other fields.
        """
        op = self._ops.update_credit(artist_id, credit_id, role=role, title=title, fields=fields)
        return await self._client._call(op, options)

    async def delete(
        self, artist_id: int, credit_id: int, *, options: RequestOptions | None = None
    ) -> None:
        """Delete a credit."""
        await self._client._call(self._ops.delete_credit(artist_id, credit_id), options)

    async def reorder(
        self, artist_id: int, credit_ids: Sequence[int], *, options: RequestOptions | None = None
    ) -> builtins.list[Credit]:
        """Put the artist's credits in this order (every credit id, first to last)."""
        return await self._client._call(self._ops.reorder_credits(artist_id, credit_ids), options)

    async def spotify_search(
        self, query: str, *, type: str | None = None, options: RequestOptions | None = None
    ) -> SpotifySearchResults:
        """Search Spotify's catalog to link a credit to a release.

        Args:
            query: The search text.
            type: ``track`` or ``album`` (the API's default when omitted).
            options: Per-call timeout, retries or headers.
        """
        return await self._client._call(self._ops.spotify_search(query, kind=type), options)

    async def spotify_album(
        self, album_id: str, *, options: RequestOptions | None = None
    ) -> SpotifyAlbum:
        """One Spotify album with its tracks, for album credits."""
        return await self._client._call(self._ops.spotify_album(album_id), options)

    async def roles(self, *, options: RequestOptions | None = None) -> builtins.list[CreditRole]:
        """The credit roles (Producer, Engineer, Songwriter...); public."""
        return await self._client._call(self._ops.credit_roles(), options)


class AsyncPlaylists(_Resource):
    """``client.playlists``: playlists, their tracks, following and collaboration."""

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Playlist]:
        """List playlists.

        Args:
            page: The page to start from (1-based).
            per_page: Playlists per request.
            limit: Stop after this many playlists in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.list_playlists(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    async def get(self, playlist_id: int, *, options: RequestOptions | None = None) -> Playlist:
        """Fetch one playlist (with its first page of tracks when the API embeds it)."""
        return await self._client._call(self._ops.get_playlist(playlist_id), options)

    async def create(
        self,
        name: str,
        *,
        description: str | None = None,
        image: str | None = None,
        public: bool | None = None,
        collaborative: bool | None = None,
        options: RequestOptions | None = None,
    ) -> Playlist:
        """Create a playlist for the current user.

        Args:
            name: The name.
            description: 20 to 170 characters (checked before sending).
            image: An image URL.
            public: Whether everyone can see it.
            collaborative: Whether invited editors can change it.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.create_playlist(
            name,
            description=description,
            image=image,
            public=public,
            collaborative=collaborative,
        )
        return await self._client._call(op, options)

    async def update(
        self,
        playlist_id: int,
        *,
        name: str | None = None,
        description: str | None = None,
        image: str | None = None,
        public: bool | None = None,
        collaborative: bool | None = None,
        options: RequestOptions | None = None,
    ) -> Playlist:
        """Change a playlist (only the fields given are sent).

        Args:
            playlist_id: The playlist.
            name: New name.
            description: New description, 20 to 170 characters.
            image: New image URL.
            public: Whether everyone can see it.
            collaborative: Whether invited editors can change it.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.update_playlist(
            playlist_id,
            name=name,
            description=description,
            image=image,
            public=public,
            collaborative=collaborative,
        )
        return await self._client._call(op, options)

    async def delete(
        self, playlist_ids: int | Sequence[int], *, options: RequestOptions | None = None
    ) -> None:
        """Delete one playlist or several (one request)."""
        await self._client._call(self._ops.delete_playlists(playlist_ids), options)

    async def follow(
        self, playlist_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Follow a playlist."""
        return await self._client._call(self._ops.follow_playlist(playlist_id), options)

    async def unfollow(
        self, playlist_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Stop following a playlist."""
        return await self._client._call(self._ops.unfollow_playlist(playlist_id), options)

    def tracks(
        self,
        playlist_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Track]:
        """A playlist's tracks, paged, in playlist order.

        Args:
            playlist_id: The playlist.
            page: The page to start from (1-based).
            per_page: Tracks per request.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.playlist_tracks(playlist_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    async def add_tracks(
        self, playlist_id: int, track_ids: Sequence[int], *, options: RequestOptions | None = None
    ) -> Playlist:
        """Add tracks to a playlist."""
        return await self._client._call(
            self._ops.add_playlist_tracks(playlist_id, track_ids), options
        )

    async def remove_tracks(
        self, playlist_id: int, track_ids: Sequence[int], *, options: RequestOptions | None = None
    ) -> Playlist:
        """Remove tracks from a playlist."""
        return await self._client._call(
            self._ops.remove_playlist_tracks(playlist_id, track_ids), options
        )

    async def reorder_tracks(
        self, playlist_id: int, track_ids: Sequence[int], *, options: RequestOptions | None = None
    ) -> Playlist:
        """Put these tracks first in a playlist, in this order."""
        return await self._client._call(
            self._ops.reorder_playlist_tracks(playlist_id, track_ids), options
        )

    async def invite(
        self, playlist_id: int, user_id: int, *, options: RequestOptions | None = None
    ) -> PlaylistInvitation:
        """Invite a user to edit a collaborative playlist.

        Up to 10 editors; an invitation expires after 7 days, and the same user can
        be invited again only after 24 hours (the API answers 422 or 403 otherwise).
        """
        return await self._client._call(self._ops.invite_editor(playlist_id, user_id), options)

    async def accept_invite(
        self, playlist_id: int, *, options: RequestOptions | None = None
    ) -> Playlist:
        """Accept an invitation to edit a playlist (as the invited user)."""
        return await self._client._call(self._ops.accept_invite(playlist_id), options)

    async def decline_invite(
        self, playlist_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Decline an invitation to edit a playlist."""
        return await self._client._call(self._ops.decline_invite(playlist_id), options)

    async def remove_editor(
        self, playlist_id: int, user_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Remove an editor from a collaborative playlist."""
        return await self._client._call(self._ops.remove_editor(playlist_id, user_id), options)


class AsyncLyrics(_Resource):
    """``client.lyrics``."""

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Lyric]:
        """List lyrics.

        Args:
            page: The page to start from (1-based).
            per_page: Lyrics per request.
            limit: Stop after this many in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.list_lyrics(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    async def for_track(self, track_id: int, *, options: RequestOptions | None = None) -> Lyric:
        """A track's lyrics.

        Raises:
            beatkit.errors.NotFoundError: The track has none.
        """
        return await self._client._call(self._ops.track_lyrics(track_id), options)

    async def create(
        self,
        track_id: int,
        text: str,
        *,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Lyric:
        """Add lyrics to a track.

        Args:
            track_id: The track.
            text: The lyrics.
            options: Per-call timeout, retries or headers.
            **fields: Other fields the API takes.
        """
        op = self._ops.create_lyrics(track_id, text, fields=fields)
        return await self._client._call(op, options)

    async def update(
        self,
        lyric_id: int,
        *,
        text: str | None = None,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Lyric:
        """Change lyrics.

        Args:
            lyric_id: The lyric.
            text: The new text.
            options: Per-call timeout, retries or headers.
            **fields: Other fields the API takes.
        """
        op = self._ops.update_lyrics(lyric_id, text=text, fields=fields)
        return await self._client._call(op, options)

    async def delete(
        self, lyric_ids: int | Sequence[int], *, options: RequestOptions | None = None
    ) -> None:
        """Delete one lyric or several (one request)."""
        await self._client._call(self._ops.delete_lyrics(lyric_ids), options)


class AsyncFingerprints(_Resource):
    """``client.fingerprints``: acoustic fingerprints for duplicate detection."""

    async def generate(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> FingerprintJob:
        """Start fingerprinting a track (poll :meth:`status`)."""
        return await self._client._call(self._ops.generate_fingerprint(track_id), options)

    async def status(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> FingerprintStatus:
        """Where a track's fingerprint stands (pending, processing, completed, failed)."""
        return await self._client._call(self._ops.fingerprint_status(track_id), options)

    async def check_duplicates(
        self,
        track_ids: Sequence[int] | None = None,
        *,
        file_entry_id: int | None = None,
        options: RequestOptions | None = None,
    ) -> DuplicateCheck:
        """Compare tracks, or an uploaded file not yet a track, against existing fingerprints.

        Args:
            track_ids: Tracks to check.
            file_entry_id: Or an uploaded file (from ``uploads.create``) to check.
            options: Per-call timeout, retries or headers.

        Raises:
            ValueError: Neither or both of ``track_ids`` and ``file_entry_id``.
        """
        op = self._ops.check_duplicates(track_ids, file_entry_id=file_entry_id)
        return await self._client._call(op, options)

    async def retry(
        self, fingerprint_id: int, *, options: RequestOptions | None = None
    ) -> FingerprintJob:
        """Retry a failed fingerprint."""
        return await self._client._call(self._ops.retry_fingerprint(fingerprint_id), options)


class AsyncRecon(_Resource):
    """``client.recon``: Audio Recon, songs on streaming platforms that sound like yours."""

    async def placements(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> AudioReconResult:
        """Audio Recon matches of a track, best first, with the scan's state.

        Only the track's credited producers (and admins) may ask. A match means
        similar audio, not a confirmed placement: listen before acting.

        Raises:
            beatkit.errors.AuthenticationError: No valid token (401).
            beatkit.errors.PermissionDeniedError: You are not credited on the track (403).
            beatkit.errors.NotFoundError: No such track (404).
        """
        return await self._client._call(self._ops.placements(track_id), options)


class AsyncCoverArt(_Resource):
    """``client.cover_art``: templates and previews."""

    async def templates(
        self, *, options: RequestOptions | None = None
    ) -> builtins.list[CoverArtTemplate]:
        """Every cover art template."""
        return await self._client._call(self._ops.cover_art_templates(), options)

    async def template(
        self, template_id: int, *, options: RequestOptions | None = None
    ) -> CoverArtTemplate:
        """One template."""
        return await self._client._call(self._ops.cover_art_template(template_id), options)

    async def preview(
        self,
        template_id: int,
        *,
        title: str | None = None,
        artist: str | None = None,
        options: RequestOptions | None = None,
        **params: Any,
    ) -> CoverArtPreview:
        """Render a preview from a template.

        Args:
            template_id: The template.
            title: Text for the title.
            artist: Text for the artist.
            options: Per-call timeout, retries or headers.
            **params: Other template parameters (colours, fonts...).
        """
        op = self._ops.cover_art_preview(template_id, title=title, artist=artist, fields=params)
        return await self._client._call(op, options)

    async def matching_templates(
        self,
        *,
        genre: str | None = None,
        mood: str | None = None,
        options: RequestOptions | None = None,
        **criteria: QueryValue,
    ) -> builtins.list[CoverArtTemplate]:
        """Templates that suit a genre, a mood or other criteria.

        Args:
            genre: Genre name.
            mood: Mood.
            options: Per-call timeout, retries or headers.
            **criteria: Other criteria, sent as query parameters.
        """
        op = self._ops.matching_templates(genre=genre, mood=mood, criteria=criteria)
        return await self._client._call(op, options)


class AsyncSearch(_Resource):
    """``client.search``: call it to search; suggestions and audio search as methods."""

    async def __call__(
        self,
        query: str,
        *,
        types: Sequence[SearchType | str] | str | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> SearchResults:
        """Search albums, artists, playlists, tracks and users.

        Args:
            query: The keywords.
            types: Which kinds to search (``album``, ``artist``, ``playlist``,
                ``track``, ``user``); all when omitted.
            limit: Results per kind (the API's default is 3).
            options: Per-call timeout, retries or headers.
        """
        return await self._client._call(self._ops.search(query, types=types, limit=limit), options)

    async def artist_suggestions(
        self, query: str | None = None, *, options: RequestOptions | None = None
    ) -> builtins.list[Suggestion]:
        """Artists whose name starts like ``query`` (for pickers)."""
        return await self._client._call(self._ops.suggestions("artist", query), options)

    async def artist_suggestion(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> Suggestion:
        """One artist as a suggestion (to show a picker's current value)."""
        return await self._client._call(self._ops.suggestion("artist", artist_id), options)

    async def album_suggestions(
        self, query: str | None = None, *, options: RequestOptions | None = None
    ) -> builtins.list[Suggestion]:
        """Albums whose name starts like ``query`` (for pickers)."""
        return await self._client._call(self._ops.suggestions("album", query), options)

    async def album_suggestion(
        self, album_id: int, *, options: RequestOptions | None = None
    ) -> Suggestion:
        """One album as a suggestion."""
        return await self._client._call(self._ops.suggestion("album", album_id), options)

    async def audio(
        self,
        track_id: int,
        artist_name: str,
        track_name: str,
        *,
        options: RequestOptions | None = None,
    ) -> AudioSearchResult:
        """Tracks whose audio is similar to a given track.

        Args:
            track_id: The track.
            artist_name: Its artist's name (part of the path).
            track_name: Its title (part of the path).
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.audio_search(track_id, artist_name, track_name)
        return await self._client._call(op, options)


class AsyncGenres(_Resource):
    """``client.genres``."""

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Genre]:
        """Every genre (paged when the API pages it).

        Args:
            page: The page to start from (1-based).
            per_page: Genres per request.
            limit: Stop after this many genres in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.list_genres(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    async def get(self, name: str, *, options: RequestOptions | None = None) -> Genre:
        """One genre by name."""
        return await self._client._call(self._ops.get_genre(name), options)


class AsyncTags(_Resource):
    """``client.tags``: tracks and albums by tag."""

    def tracks(
        self,
        tag: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Track]:
        """Tracks with a tag, paged.

        Args:
            tag: The tag's name.
            page: The page to start from (1-based).
            per_page: Tracks per request.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.tag_tracks(tag, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def albums(
        self,
        tag: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Album]:
        """Albums with a tag, paged.

        Args:
            tag: The tag's name.
            page: The page to start from (1-based).
            per_page: Albums per request.
            limit: Stop after this many albums in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.tag_albums(tag, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class AsyncRadio(_Resource):
    """``client.radio``: recommendations seeded from an artist, track, genre or tag."""

    async def get(
        self, type: RadioType | str, id: int, *, options: RequestOptions | None = None
    ) -> RadioRecommendations:
        """A radio station's tracks.

        Args:
            type: ``artist``, ``track``, ``genre`` or ``tag``.
            id: The seed's id.
            options: Per-call timeout, retries or headers.
        """
        return await self._client._call(self._ops.radio(type, id), options)


class AsyncPurchases(_Resource):
    """``client.purchases``: buying tracks (paid through Stripe)."""

    async def calculate_price(
        self,
        track_id: int,
        *,
        is_exclusive: bool | None = None,
        coupon_code: str | None = None,
        options: RequestOptions | None = None,
    ) -> PurchasePrice:
        """What buying a track would cost, fee included (amounts are ``Decimal``).

        Args:
            track_id: The track.
            is_exclusive: Price an exclusive license.
            coupon_code: A coupon to apply.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.calculate_price(track_id, is_exclusive=is_exclusive, coupon_code=coupon_code)
        return await self._client._call(op, options)

    async def initiate(
        self,
        track_id: int,
        *,
        is_exclusive: bool | None = None,
        coupon_code: str | None = None,
        options: RequestOptions | None = None,
    ) -> PurchaseIntent:
        """Start a purchase: returns the Stripe client secret to confirm the payment with.

        Never sent twice: a failure after the request may have reached BeatPass is
        raised, not retried, so one call never creates two payments.

        Args:
            track_id: The track.
            is_exclusive: Buy an exclusive license.
            coupon_code: A coupon to apply.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.initiate_purchase(
            track_id, is_exclusive=is_exclusive, coupon_code=coupon_code
        )
        return await self._client._call(op, options)

    async def status(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> PurchaseStatus:
        """Whether you bought a track."""
        return await self._client._call(self._ops.purchase_status(track_id), options)

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[Purchase]:
        """Your purchases, paged.

        Args:
            page: The page to start from (1-based).
            per_page: Purchases per request.
            limit: Stop after this many in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.list_purchases(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class AsyncLicenses(_Resource):
    """``client.licenses``: license certificates for bought tracks."""

    async def generate(
        self,
        track_id: int,
        *,
        license_type: str,
        usage_terms: str | None = None,
        options: RequestOptions | None = None,
    ) -> License:
        """Issue a license certificate for a track.

        Args:
            track_id: The track.
            license_type: E.g. ``"exclusive"`` or ``"non-exclusive"``.
            usage_terms: The terms of use.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.generate_license(
            track_id, license_type=license_type, usage_terms=usage_terms
        )
        return await self._client._call(op, options)

    async def check(self, track_id: int, *, options: RequestOptions | None = None) -> LicenseStatus:
        """Whether you hold a license for a track."""
        return await self._client._call(self._ops.check_license(track_id), options)

    async def check_batch(
        self, track_ids: Sequence[int], *, options: RequestOptions | None = None
    ) -> LicenseBatchStatus:
        """License status of several tracks in one request."""
        return await self._client._call(self._ops.check_licenses(track_ids), options)

    async def certificate(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> LicenseCertificate:
        """The license certificate of a purchased track."""
        return await self._client._call(self._ops.license_certificate(track_id), options)

    async def download_pdf(
        self,
        track_id: int,
        dest: str | os.PathLike[str],
        *,
        progress: FileProgressCallback | None = None,
        options: RequestOptions | None = None,
    ) -> SavedFile:
        """Save a track's license certificate as PDF to ``dest``, atomically.

        Args:
            track_id: The track.
            dest: The file to write.
            progress: Called with a ``FileProgress`` after each chunk.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.license_pdf(track_id)
        return await self._client._save(op, dest, progress=progress, options=options)

    async def verify(
        self, uuid: str, *, options: RequestOptions | None = None
    ) -> LicenseVerification:
        """Check a certificate by its UUID (public: no token needed).

        Raises:
            beatkit.errors.NotFoundError: No certificate has this UUID.
        """
        return await self._client._call(self._ops.verify_license(uuid), options)

    async def revoke(self, uuid: str, *, options: RequestOptions | None = None) -> ActionResult:
        """Revoke a certificate."""
        return await self._client._call(self._ops.revoke_license(uuid), options)

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[License]:
        """Your license certificates, paged.

        Args:
            page: The page to start from (1-based).
            per_page: Licenses per request.
            limit: Stop after this many in total.
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.list_licenses(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class AsyncCoupons(_Resource):
    """``client.coupons``."""

    async def validate(
        self,
        code: str,
        *,
        product_id: int | None = None,
        price_id: int | None = None,
        amount: Decimal | int | str | None = None,
        options: RequestOptions | None = None,
    ) -> CouponValidation:
        """Check a coupon and compute its discount.

        Args:
            code: The coupon code.
            product_id: The product or plan.
            price_id: The price.
            amount: The amount to discount (``Decimal``; floats are refused).
            options: Per-call timeout, retries or headers.
        """
        op = self._ops.validate_coupon(
            code, product_id=product_id, price_id=price_id, amount=amount
        )
        return await self._client._call(op, options)


class AsyncBeatPass(AsyncAPIClient):
    """Async client for the BeatPass API (beats, producers, playlists, licensing).

    Reads work without a token (the API then sends minimal fields); writes need one.

    Example::

        async with AsyncBeatPass() as bp:             # token from BEATPASS_TOKEN, if set
            async for track in bp.tracks.list(limit=50):
                print(track.name, track.duration)

    Args:
        token: A personal access token; defaults to the ``BEATPASS_TOKEN`` environment
            variable, and may be absent (reads only, or :meth:`login` later).
        base_url: The API root (change it for a fake or a proxy).
        timeout: Seconds (or an ``httpx.Timeout``) for each request.
        max_retries: Retries of failed requests where a retry is safe; writes are
            only retried on 429 or when they were never sent.
        max_retry_wait: The longest ``Retry-After`` beatkit will sleep; a longer one raises
            :class:`~beatkit.errors.RateLimitError` at once.
        requests_per_second: Pace requests to this rate on top of the ``X-RateLimit-*``
            headers the API sends.
        http_client: An ``httpx.AsyncClient`` you own and close yourself.
        allow_http: Permit a plain ``http://`` base URL to a non-loopback host.
        strict: Raise on response keys the models do not know (for tests and drift checks);
            by default they are kept in each model's ``extra``.

    Raises:
        beatkit.errors.ConfigurationError: An empty token or an unusable option.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | httpx.URL = DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        requests_per_second: float | None = None,
        http_client: httpx.AsyncClient | None = None,
        allow_http: bool = False,
        strict: bool = False,
    ) -> None:
        resolved = _resolve_token(token)
        url = check_base_url(base_url, allow_http=allow_http)
        # Without a token the client is anonymous until login() installs one.
        self._auth = BearerAuth(resolved, hosts=[url.host], service=SPEC.name)
        settings = build_settings(
            SPEC,
            base_url=url,
            auth=self._auth,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            requests_per_second=requests_per_second,
            allow_http=allow_http,
        )
        super().__init__(settings, http_client)
        ops = BeatPassOperations(strict_converter if strict else converter)
        self._ops = ops
        self.tracks = AsyncTracks(self, ops)
        """Tracks: list, get, create, update, delete, upload, download, waveforms, plays."""
        self.uploads = AsyncUploads(self, ops)
        """File uploads (step 1 of the track upload flow)."""
        self.albums = AsyncAlbums(self, ops)
        """Albums: list, get, create, update, delete, analytics."""
        self.artists = AsyncArtists(self, ops)
        """Artists: list, get, tracks, albums, analytics, ownership, pinning."""
        self.backstage = AsyncBackstage(self, ops)
        """Producer-program requests: submission status, create, revoke."""
        self.credits = AsyncCredits(self, ops)
        """Artist credits: CRUD, album credits, reorder, Spotify lookup, roles."""
        self.playlists = AsyncPlaylists(self, ops)
        """Playlists: CRUD, follow, tracks, collaboration."""
        self.lyrics = AsyncLyrics(self, ops)
        """Lyrics: list, for a track, create, update, delete."""
        self.fingerprints = AsyncFingerprints(self, ops)
        """Audio fingerprints: generate, status, duplicates, retry."""
        self.recon = AsyncRecon(self, ops)
        """Audio Recon placements."""
        self.cover_art = AsyncCoverArt(self, ops)
        """Cover art templates and previews."""
        self.search = AsyncSearch(self, ops)
        """Search (call it), suggestions, audio search."""
        self.genres = AsyncGenres(self, ops)
        """Genres: list, get."""
        self.tags = AsyncTags(self, ops)
        """Tracks and albums by tag."""
        self.radio = AsyncRadio(self, ops)
        """Radio recommendations."""
        self.purchases = AsyncPurchases(self, ops)
        """Track purchases: price, initiate, status, list."""
        self.licenses = AsyncLicenses(self, ops)
        """License certificates: generate, check, certificate, PDF, verify, revoke, list."""
        self.coupons = AsyncCoupons(self, ops)
        """Coupon validation."""

    def __repr__(self) -> str:
        state = "with token" if self.has_token else "anonymous"
        return f"{type(self).__name__}(base_url={str(self.base_url)!r}, {state})"

    @property
    def has_token(self) -> bool:
        """Whether the client holds a token (writes need one)."""
        return self._auth.token is not None

    async def login(
        self,
        email: str,
        password: str,
        *,
        token_name: str = "beatkit",  # noqa: S107 - the token's label, not a secret
        options: RequestOptions | None = None,
    ) -> LoginResult:
        """Log in with e-mail and password, and use the new token from now on.

        ``POST /auth/login`` creates a personal access token (valid 90 days) named
        ``token_name``. Save ``result.access_token`` to skip logging in next time.

        Args:
            email: The account's e-mail.
            password: The password (sent once, never logged).
            token_name: The name the token gets in Account Settings.
            options: Per-call timeout, retries or headers.

        Returns:
            The user and the token (the token is not shown in ``repr``).

        Raises:
            beatkit.errors.UnprocessableEntityError: Wrong credentials or fields (422).
            beatkit.errors.AuthenticationError: Refused (401).
        """
        op = self._ops.login(email, password, token_name=token_name)
        result = await self._request(op, options)
        self._auth.set_token(result.access_token)
        return result

    async def _call(self, op: Operation[T], options: RequestOptions | None = None) -> T:
        require_token(op, self.has_token)
        return await self._request(op, options)
