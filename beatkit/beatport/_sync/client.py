# GENERATED from beatkit/beatport/_async/client.py by scripts/unasync.py: edit the async source.
"""The Beatport v4 client: ``Beatport`` and its resources."""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable

import httpx

from beatkit._core._sync.client import APIClient
from beatkit._core._sync.pagers import Pager
from beatkit._core.files import FileProgressCallback, SavedFile
from beatkit._core.http import check_base_url
from beatkit._core.operation import RequestOptions
from beatkit._core.settings import build_settings
from beatkit.auth import RefreshingAuth, Token, TokenStore
from beatkit.beatport._sync import media
from beatkit.beatport._sync.auth import BeatportAuth
from beatkit.beatport.auth import (
    DEFAULT_REFRESH_BUFFER,
    DEFAULT_REQUESTS_PER_SECOND,
    INTERNAL_BASE_URL,
    PUBLIC_BASE_URL,
    make_token_manager,
    resolve_client_id,
)
from beatkit.beatport.converter import converter, strict_converter
from beatkit.beatport.models import (
    Account,
    Artist,
    ArtistHit,
    Chart,
    ChartHit,
    ChordType,
    CurationPage,
    CurrentStatus,
    DownloadInfo,
    DownloadQuality,
    ExclusivePeriod,
    Genre,
    ItemType,
    Key,
    Label,
    LabelHit,
    MyBeatport,
    PageModuleStyle,
    PageModuleType,
    PageType,
    Playlist,
    PlaylistEntry,
    Release,
    ReleaseHit,
    SaleType,
    SearchResults,
    SourceType,
    StreamInfo,
    SubGenre,
    Subscription,
    Track,
    TrackHit,
    TrackOrder,
)
from beatkit.beatport.wire import (
    SPEC,
    BeatportOperations,
    DateFilter,
    IdFilter,
    IntFilter,
    TextFilter,
)
from beatkit.errors import ConfigurationError
from beatkit.hls import DownloadResult, Progress

__all__ = [
    "Artists",
    "Auxiliary",
    "Beatport",
    "Charts",
    "ChordTypes",
    "Curation",
    "Genres",
    "Keys",
    "Labels",
    "My",
    "Playlists",
    "Releases",
    "SubGenres",
    "Tracks",
]


class _Resource:
    def __init__(self, client: Beatport, ops: BeatportOperations) -> None:
        self._client = client
        self._ops = ops


class Tracks(_Resource):
    """``client.tracks``: list, get, top, search, stream and download tracks."""

    def list(
        self,
        *,
        isrc: TextFilter | None = None,
        name: TextFilter | None = None,
        mix_name: TextFilter | None = None,
        artist_id: IdFilter | None = None,
        artist_name: TextFilter | None = None,
        label_id: IdFilter | None = None,
        label_name: TextFilter | None = None,
        release_id: IdFilter | None = None,
        genre_id: IdFilter | None = None,
        sub_genre_id: IdFilter | None = None,
        key_id: IdFilter | None = None,
        catalog_number: TextFilter | None = None,
        bpm: IntFilter | None = None,
        publish_date: DateFilter | None = None,
        order_by: TrackOrder | str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Track]:
        """List catalog tracks matching every filter given.

        Filters taking ids or texts accept one value or a list (any of them
        matches). Text filters match case-insensitively by containment, except
        ``isrc`` and ``catalog_number``, which match exactly.

        Example::

            for track in bp.tracks.list(isrc="GBDUW0000058"):
                print(track.full_name, track.release.name if track.release else "")

        Args:
            isrc: ISRC(s).
            name: Title text.
            mix_name: Mix name text (``"Extended Mix"``).
            artist_id: Artist id(s).
            artist_name: Artist name text.
            label_id: Label id(s).
            label_name: Label name text.
            release_id: Release id(s).
            genre_id: Genre id(s).
            sub_genre_id: Sub-genre id(s).
            key_id: Musical key id(s).
            catalog_number: Catalog number(s).
            bpm: A tempo, or an inclusive ``(low, high)`` range (``None`` leaves an end open).
            publish_date: A date, or an inclusive ``(first, last)`` range.
            order_by: ``"-publish_date"`` (newest first), ``"name"``...; see
                :class:`~beatkit.beatport.models.TrackOrder`.
            page: The page to start from (1-based).
            per_page: Tracks per request, 1 to 100 (Beatport's default is 25).
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager: iterate it for tracks; nothing is fetched until you do.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range or not one of the choices.
        """
        op = self._ops.list_tracks(
            isrc=isrc,
            name=name,
            mix_name=mix_name,
            artist_id=artist_id,
            artist_name=artist_name,
            label_id=label_id,
            label_name=label_name,
            release_id=release_id,
            genre_id=genre_id,
            sub_genre_id=sub_genre_id,
            key_id=key_id,
            catalog_number=catalog_number,
            bpm=bpm,
            publish_date=publish_date,
            order_by=order_by,
            page=page,
            per_page=per_page,
        )
        return self._client._pager(op, limit=limit, options=options)

    def get(self, track_id: int, *, options: RequestOptions | None = None) -> Track:
        """Fetch one track.

        Args:
            track_id: The track's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The track.

        Raises:
            beatkit.errors.NotFoundError: No track has this id.
        """
        return self._client._request(self._ops.get_track(track_id), options)

    def top(
        self,
        genre_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Track]:
        """A genre's top tracks (``/catalog/tracks/top/{genre_id}/``), best first.

        Args:
            genre_id: The genre's id.
            page: The page to start from.
            per_page: Tracks per request, 1 to 100.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of tracks.
        """
        op = self._ops.top_tracks(genre_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def search(
        self,
        q: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[TrackHit | Track]:
        """Search tracks (``/catalog/search/?type=tracks``), paged.

        Args:
            q: The search text (not blank).
            page: The page to start from.
            per_page: Results per request, 1 to 100.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of tracks: search documents (``TrackHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.
        """
        op = self._ops.search_tracks(q, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def stream(self, track_id: int, *, options: RequestOptions | None = None) -> StreamInfo:
        """Ask for the signed HLS stream URL of a whole track (needs a streaming subscription).

        To save the audio, :meth:`save_stream` does every step.

        Args:
            track_id: The track's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The stream URL (short-lived) and the window it covers.

        Raises:
            beatkit.errors.TerritoryRestrictedError: Not available in your country.
            beatkit.errors.PermissionDeniedError: Your subscription does not include it.
            beatkit.errors.NotFoundError: No track has this id.
        """
        return self._client._request(self._ops.track_stream(track_id), options)

    def download(
        self,
        track_id: int,
        *,
        quality: DownloadQuality | str = DownloadQuality.MEDIUM,
        options: RequestOptions | None = None,
    ) -> DownloadInfo:
        """Ask for the download URL of a purchased (or subscription) track.

        To save the file, :meth:`save_download` does every step.

        Args:
            track_id: The track's id.
            quality: ``"medium"`` (128k AAC), ``"high"`` (256k AAC) or ``"lossless"`` (FLAC).
            options: Per-call timeout, retries or headers.

        Returns:
            The file's URL (short-lived) and the encoding delivered.

        Raises:
            ValueError: ``quality`` is not one of the three (checked before any request).
            beatkit.errors.TerritoryRestrictedError: Not available in your country.
            beatkit.errors.PermissionDeniedError: Your account may not download it.
        """
        return self._client._request(
            self._ops.track_download(track_id, quality=quality), options
        )

    def save_stream(
        self,
        track_id: int,
        dest: str | os.PathLike[str],
        *,
        progress: Callable[[Progress], object] | None = None,
        concurrency: int = 4,
    ) -> DownloadResult:
        """Save a track's full stream, decrypted, to ``dest`` (128 kbps AAC).

        See :func:`beatkit.beatport._sync.media.save_stream` for the details.

        Args:
            track_id: The track's id.
            dest: The output file; replaced only once the whole stream is written.
            progress: Called after each segment.
            concurrency: How many segments are fetched at once.

        Returns:
            What was written.
        """
        return media.save_stream(
            self._client, track_id, dest, progress=progress, concurrency=concurrency
        )

    def save_download(
        self,
        track_id: int,
        dest: str | os.PathLike[str],
        *,
        quality: str = "medium",
        progress: FileProgressCallback | None = None,
    ) -> SavedFile:
        """Download a track's file to ``dest``.

        See :func:`beatkit.beatport._sync.media.save_download` for the details.

        Args:
            track_id: The track's id.
            dest: The output file; replaced only once the whole file is written.
            quality: ``"medium"``, ``"high"`` or ``"lossless"``.
            progress: Called as bytes arrive.

        Returns:
            What was written.
        """
        return media.save_download(
            self._client, track_id, dest, quality=quality, progress=progress
        )


class Artists(_Resource):
    """``client.artists``: get an artist, their tracks and top 10, search artists."""

    def get(self, artist_id: int, *, options: RequestOptions | None = None) -> Artist:
        """Fetch one artist.

        Args:
            artist_id: The artist's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The artist.

        Raises:
            beatkit.errors.NotFoundError: No artist has this id.
        """
        return self._client._request(self._ops.get_artist(artist_id), options)

    def tracks(
        self,
        artist_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Track]:
        """An artist's tracks, paged.

        Args:
            artist_id: The artist's id.
            page: The page to start from.
            per_page: Tracks per request, 1 to 100.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of tracks.
        """
        op = self._ops.artist_tracks(artist_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def top10(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Track]:
        """An artist's ten most popular tracks (one request).

        Args:
            artist_id: The artist's id.
            options: Per-call timeout, retries or headers.

        Returns:
            Up to ten tracks, best first.
        """
        return self._client._request(self._ops.artist_top10(artist_id), options)

    def search(
        self,
        q: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[ArtistHit | Artist]:
        """Search artists (``/catalog/search/?type=artists``), paged.

        Args:
            q: The search text (not blank).
            page: The page to start from.
            per_page: Results per request, 1 to 100.
            limit: Stop after this many artists in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of artists: search documents (``ArtistHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.
        """
        op = self._ops.search_artists(q, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class Labels(_Resource):
    """``client.labels``: get a label, its releases and top 10, search labels."""

    def get(self, label_id: int, *, options: RequestOptions | None = None) -> Label:
        """Fetch one label.

        Args:
            label_id: The label's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The label.

        Raises:
            beatkit.errors.NotFoundError: No label has this id.
        """
        return self._client._request(self._ops.get_label(label_id), options)

    def releases(
        self,
        label_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Release]:
        """A label's releases, paged.

        Args:
            label_id: The label's id.
            page: The page to start from.
            per_page: Releases per request, 1 to 100.
            limit: Stop after this many releases in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of releases.
        """
        op = self._ops.label_releases(label_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def top10(
        self, label_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Track]:
        """A label's ten most popular tracks (one request).

        Args:
            label_id: The label's id.
            options: Per-call timeout, retries or headers.

        Returns:
            Up to ten tracks, best first.
        """
        return self._client._request(self._ops.label_top10(label_id), options)

    def search(
        self,
        q: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[LabelHit | Label]:
        """Search labels (``/catalog/search/?type=labels``), paged.

        Args:
            q: The search text (not blank).
            page: The page to start from.
            per_page: Results per request, 1 to 100.
            limit: Stop after this many labels in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of labels: search documents (``LabelHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.
        """
        op = self._ops.search_labels(q, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class Releases(_Resource):
    """``client.releases``: get a release and its tracks, search releases."""

    def get(self, release_id: int, *, options: RequestOptions | None = None) -> Release:
        """Fetch one release.

        Args:
            release_id: The release's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The release.

        Raises:
            beatkit.errors.NotFoundError: No release has this id.
        """
        return self._client._request(self._ops.get_release(release_id), options)

    def tracks(
        self,
        release_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Track]:
        """A release's tracks, paged.

        Args:
            release_id: The release's id.
            page: The page to start from.
            per_page: Tracks per request, 1 to 100.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of tracks.
        """
        op = self._ops.release_tracks(release_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def search(
        self,
        q: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[ReleaseHit | Release]:
        """Search releases (``/catalog/search/?type=releases``), paged.

        Args:
            q: The search text (not blank).
            page: The page to start from.
            per_page: Results per request, 1 to 100.
            limit: Stop after this many releases in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of releases: search documents (``ReleaseHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.
        """
        op = self._ops.search_releases(q, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class Genres(_Resource):
    """``client.genres``: list and get genres, their top 10 and top 100."""

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Genre]:
        """Every genre, paged.

        Args:
            page: The page to start from.
            per_page: Genres per request, 1 to 100.
            limit: Stop after this many genres in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of genres.
        """
        op = self._ops.list_genres(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def get(self, genre_id: int, *, options: RequestOptions | None = None) -> Genre:
        """Fetch one genre (with its sub-genres).

        Args:
            genre_id: The genre's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The genre.

        Raises:
            beatkit.errors.NotFoundError: No genre has this id.
        """
        return self._client._request(self._ops.get_genre(genre_id), options)

    def top10_tracks(
        self, genre_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Track]:
        """A genre's ten most popular tracks (one request).

        Args:
            genre_id: The genre's id.
            options: Per-call timeout, retries or headers.

        Returns:
            Up to ten tracks, best first.
        """
        return self._client._request(self._ops.genre_top10_tracks(genre_id), options)

    def top10_releases(
        self, genre_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Release]:
        """A genre's ten most popular releases (one request).

        Args:
            genre_id: The genre's id.
            options: Per-call timeout, retries or headers.

        Returns:
            Up to ten releases, best first.
        """
        return self._client._request(self._ops.genre_top10_releases(genre_id), options)

    def top100(
        self,
        genre_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Track]:
        """A genre's top 100 tracks (``/catalog/genres/{id}/top/100/``), best first.

        Args:
            genre_id: The genre's id.
            page: The page to start from.
            per_page: Tracks per request, 1 to 100 (100 unless told).
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of tracks.
        """
        op = self._ops.genre_top100(genre_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class SubGenres(_Resource):
    """``client.sub_genres``."""

    def get(self, sub_genre_id: int, *, options: RequestOptions | None = None) -> SubGenre:
        """Fetch one sub-genre.

        Args:
            sub_genre_id: The sub-genre's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The sub-genre.
        """
        return self._client._request(self._ops.get_sub_genre(sub_genre_id), options)


class Charts(_Resource):
    """``client.charts``: list, get and search charts, and their tracks."""

    def list(
        self,
        *,
        genre_id: IdFilter | None = None,
        name: TextFilter | None = None,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Chart]:
        """List charts, optionally of some genres or by name.

        Args:
            genre_id: Genre id(s).
            name: Chart name text (case-insensitive containment).
            page: The page to start from.
            per_page: Charts per request, 1 to 100.
            limit: Stop after this many charts in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of charts.
        """
        op = self._ops.list_charts(genre_id=genre_id, name=name, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def get(self, chart_id: int, *, options: RequestOptions | None = None) -> Chart:
        """Fetch one chart.

        Args:
            chart_id: The chart's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The chart.

        Raises:
            beatkit.errors.NotFoundError: No chart has this id.
        """
        return self._client._request(self._ops.get_chart(chart_id), options)

    def tracks(
        self,
        chart_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Track]:
        """A chart's tracks, in chart order, paged.

        Args:
            chart_id: The chart's id.
            page: The page to start from.
            per_page: Tracks per request, 1 to 100.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of tracks.
        """
        op = self._ops.chart_tracks(chart_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def search(
        self,
        q: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[ChartHit | Chart]:
        """Search charts (``/catalog/search/?type=charts``), paged.

        Args:
            q: The search text (not blank).
            page: The page to start from.
            per_page: Results per request, 1 to 100.
            limit: Stop after this many charts in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of charts: search documents (``ChartHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.
        """
        op = self._ops.search_charts(q, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class Playlists(_Resource):
    """``client.playlists``: Beatport's playlists and their tracks."""

    def get(self, playlist_id: int, *, options: RequestOptions | None = None) -> Playlist:
        """Fetch one playlist.

        Args:
            playlist_id: The playlist's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The playlist.

        Raises:
            beatkit.errors.NotFoundError: No playlist has this id.
        """
        return self._client._request(self._ops.get_playlist(playlist_id), options)

    def tracks(
        self,
        playlist_id: int,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[PlaylistEntry]:
        """A playlist's entries (track and position), in order, paged.

        Args:
            playlist_id: The playlist's id.
            page: The page to start from.
            per_page: Tracks per request, 1 to 100.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of entries; ``entry.track`` is the track.
        """
        op = self._ops.playlist_tracks(playlist_id, page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class Keys(_Resource):
    """``client.keys``: musical keys."""

    def get(self, key_id: int, *, options: RequestOptions | None = None) -> Key:
        """Fetch one musical key (with its Camelot position and chord type).

        Args:
            key_id: The key's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The key.
        """
        return self._client._request(self._ops.get_key(key_id), options)


class ChordTypes(_Resource):
    """``client.chord_types``: major and minor."""

    def get(self, chord_type_id: int, *, options: RequestOptions | None = None) -> ChordType:
        """Fetch one chord type.

        Args:
            chord_type_id: The chord type's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The chord type.
        """
        return self._client._request(self._ops.get_chord_type(chord_type_id), options)


class Auxiliary(_Resource):
    """``client.auxiliary``: Beatport's lookup tables (statuses, sale types, page types...)."""

    def current_status(
        self, status_id: int, *, options: RequestOptions | None = None
    ) -> CurrentStatus:
        """Fetch one catalog status (``/auxiliary/current-status/{id}/``).

        Args:
            status_id: The status id (a track's ``current_status.id``).
            options: Per-call timeout, retries or headers.

        Returns:
            The status.
        """
        return self._client._request(self._ops.current_status(status_id), options)

    def sale_type(
        self, sale_type_id: int, *, options: RequestOptions | None = None
    ) -> SaleType:
        """Fetch one sale type (``/auxiliary/sale-types/{id}/``).

        Args:
            sale_type_id: The sale type id (a track's ``sale_type.id``).
            options: Per-call timeout, retries or headers.

        Returns:
            The sale type.
        """
        return self._client._request(self._ops.sale_type(sale_type_id), options)

    def exclusive_period(
        self, period_id: int, *, options: RequestOptions | None = None
    ) -> ExclusivePeriod:
        """Fetch one exclusive period (``/auxiliary/exclusive-period/{id}/``).

        Args:
            period_id: The period's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The exclusive period.
        """
        return self._client._request(self._ops.exclusive_period(period_id), options)

    def item_types(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[ItemType]:
        """Every item type, paged.

        Args:
            page: The page to start from.
            per_page: Entries per request, 1 to 100.
            limit: Stop after this many entries in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of item types.
        """
        op = self._ops.item_types(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def page_module_types(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[PageModuleType]:
        """Every page module type, paged.

        Args:
            page: The page to start from.
            per_page: Entries per request, 1 to 100.
            limit: Stop after this many entries in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of page module types.
        """
        op = self._ops.page_module_types(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def page_types(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[PageType]:
        """Every page type, paged.

        Args:
            page: The page to start from.
            per_page: Entries per request, 1 to 100.
            limit: Stop after this many entries in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of page types.
        """
        op = self._ops.page_types(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def source_types(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[SourceType]:
        """Every source type, paged.

        Args:
            page: The page to start from.
            per_page: Entries per request, 1 to 100.
            limit: Stop after this many entries in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of source types.
        """
        op = self._ops.source_types(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class Curation(_Resource):
    """``client.curation``: the storefront's curated pages and module styles."""

    def pages(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[CurationPage]:
        """Every curated page, paged.

        Args:
            page: The page (of results) to start from.
            per_page: Entries per request, 1 to 100.
            limit: Stop after this many entries in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of curated pages.
        """
        op = self._ops.curation_pages(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def page_module_styles(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[PageModuleStyle]:
        """Every page module style, paged.

        Args:
            page: The page to start from.
            per_page: Entries per request, 1 to 100.
            limit: Stop after this many entries in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of module styles.
        """
        op = self._ops.page_module_styles(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)


class My(_Resource):
    """``client.my``: the logged-in user's account, My Beatport and subscriptions."""

    def account(self, *, options: RequestOptions | None = None) -> Account:
        """The user's account (``/my/account/``).

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The account.

        Raises:
            beatkit.errors.AuthenticationError: No valid token.
        """
        return self._client._request(self._ops.my_account(), options)

    def beatport(self, *, options: RequestOptions | None = None) -> MyBeatport:
        """The user's My Beatport profile: followed artists and labels (``/my/beatport/``).

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The profile.
        """
        return self._client._request(self._ops.my_beatport(), options)

    def tracks(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> Pager[Track]:
        """My Beatport tracks (``/my/beatport/tracks/``): new music from what the user follows.

        Args:
            page: The page to start from.
            per_page: Tracks per request, 1 to 100.
            limit: Stop after this many tracks in total.
            options: Per-call timeout, retries or headers.

        Returns:
            A pager of tracks.
        """
        op = self._ops.my_beatport_tracks(page=page, per_page=per_page)
        return self._client._pager(op, limit=limit, options=options)

    def subscriptions(
        self, *, options: RequestOptions | None = None
    ) -> builtins.list[Subscription]:
        """The user's subscriptions (``/my/subscriptions``): what streaming tier they have.

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The subscriptions (empty when there are none).
        """
        return self._client._request(self._ops.my_subscriptions(), options)


class Beatport(APIClient):
    """Client for the Beatport API v4 (catalog, search, streaming, My Beatport).

    Two hosts: the public API (``https://api.beatport.com/v4``, the default) needs
    an OAuth client id and a user's token; the internal host
    (``https://api-internal.beatportprod.com/v4``, ``internal=True``) is what
    Beatport's web front end calls server side, without auth, and serves the
    catalog only.

    Beatport offers no public app registration: the client id must come from you
    (``client_id=`` or the ``BEATPORT_CLIENT_ID`` environment variable). Get a
    token with ``client.auth`` (PKCE in a browser, or the session login), or pass
    one you saved (``token=``, ``store=``); it is refreshed five minutes before it
    expires and sent to the API host only.

    Pacing: Beatport sends no rate-limit headers and suspends accounts that
    hammer it, so requests are spaced to ``requests_per_second`` (2 by default),
    on top of retrying 429 answers after their ``Retry-After``. Pass
    ``requests_per_second=None`` to turn pacing off (for a fake or a proxy of
    your own), or a smaller number to be gentler still.

    Example::

        with Beatport(client_id="...", store=FileTokenStore("bp.json")) as bp:
            if bp.auth.token is None:
                bp.auth.login("dj@example.com", "password")
            for track in bp.genres.top100(6, limit=10):
                print(track.full_name, track.bpm, track.key.camelot_code if track.key else "")
            info = bp.tracks.stream(track.id)

    Args:
        client_id: The OAuth client id; defaults to ``$BEATPORT_CLIENT_ID``. Not
            needed with ``internal=True``.
        token: A token to start with (a ``Token`` refreshes; a bare access-token
            string is used until it is refused).
        store: Where tokens are loaded from and saved to.
        on_token: Called with every new token (login or refresh).
        refresh_buffer: Seconds before expiry from which the token is refreshed.
        internal: Use the internal host, without auth.
        base_url: The API root; defaults to the public or internal host.
        timeout: Seconds (or an ``httpx.Timeout``) for each request.
        max_retries: Retries of failed requests where a retry is safe.
        max_retry_wait: The longest ``Retry-After`` beatkit will sleep; a longer one
            raises :class:`~beatkit.errors.RateLimitError` at once.
        requests_per_second: Pace requests to this rate (``None``: no pacing).
        http_client: An ``httpx.Client`` you own and close yourself.
        allow_http: Permit a plain ``http://`` base URL to a non-loopback host.
        strict: Raise on response keys the models do not know (tests, drift
            checks); by default they are kept in each model's ``extra``.

    Raises:
        beatkit.errors.ConfigurationError: No client id on the public host, or an
            unusable option.
    """

    def __init__(
        self,
        client_id: str | None = None,
        *,
        token: str | Token | None = None,
        store: TokenStore | None = None,
        on_token: Callable[[Token], object] | None = None,
        refresh_buffer: float = DEFAULT_REFRESH_BUFFER,
        internal: bool = False,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        requests_per_second: float | None = DEFAULT_REQUESTS_PER_SECOND,
        http_client: httpx.Client | None = None,
        allow_http: bool = False,
        strict: bool = False,
    ) -> None:
        root = (
            base_url
            if base_url is not None
            else (INTERNAL_BASE_URL if internal else PUBLIC_BASE_URL)
        )
        url = check_base_url(root, allow_http=allow_http)
        manager: RefreshingAuth | None = None
        if internal:
            if token is not None or store is not None:
                raise ConfigurationError(
                    "the internal host takes no credentials: drop token=/store=, "
                    "or use the public host (internal=False)"
                )
            # A client id is kept only for client.auth's error messages.
            resolved_id = client_id
        else:
            resolved_id = resolve_client_id(client_id)
            manager = make_token_manager(
                base_url=url,
                client_id=resolved_id,
                token=token,
                store=store,
                on_token=on_token,
                refresh_buffer=refresh_buffer,
            )
        settings = build_settings(
            SPEC,
            base_url=url,
            auth=manager,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            requests_per_second=requests_per_second,
            allow_http=allow_http,
        )
        super().__init__(settings, http_client)
        ops = BeatportOperations(strict_converter if strict else converter)
        self._ops = ops
        self.internal = internal
        """Whether this client talks to the internal host (no auth)."""
        self.auth = BeatportAuth(self, manager, resolved_id)
        """Log in, and hold, set or inspect the token."""
        self.tracks = Tracks(self, ops)
        """Tracks: list, get, top, search, stream, download, save_stream, save_download."""
        self.artists = Artists(self, ops)
        """Artists: get, tracks, top10, search."""
        self.labels = Labels(self, ops)
        """Labels: get, releases, top10, search."""
        self.releases = Releases(self, ops)
        """Releases: get, tracks, search."""
        self.genres = Genres(self, ops)
        """Genres: list, get, top10_tracks, top10_releases, top100."""
        self.sub_genres = SubGenres(self, ops)
        """Sub-genres: get."""
        self.charts = Charts(self, ops)
        """Charts: list, get, tracks, search."""
        self.playlists = Playlists(self, ops)
        """Playlists: get, tracks."""
        self.keys = Keys(self, ops)
        """Musical keys: get."""
        self.chord_types = ChordTypes(self, ops)
        """Chord types: get."""
        self.auxiliary = Auxiliary(self, ops)
        """Lookup tables: statuses, sale types, exclusive periods, item/page/source types."""
        self.curation = Curation(self, ops)
        """Curated pages and page module styles."""
        self.my = My(self, ops)
        """The logged-in user: account, My Beatport, its tracks, subscriptions."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self.base_url)!r})"

    def search(
        self,
        q: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        options: RequestOptions | None = None,
    ) -> SearchResults:
        """One page of a search across tracks, artists, labels, releases and charts.

        To walk every match of one type, use the pagers ``tracks.search()``,
        ``artists.search()``, ``labels.search()``, ``releases.search()`` and
        ``charts.search()``.

        Args:
            q: The search text (not blank).
            page: The page number (1-based).
            per_page: Results per type on this page, 1 to 100.
            options: Per-call timeout, retries or headers.

        Returns:
            The matches of every type.
        """
        return self._request(self._ops.search(q, page=page, per_page=per_page), options)
