"""The catalog: tracks, artists, labels, releases, genres, sub-genres, keys and chord types."""

from __future__ import annotations

import builtins
from typing import Literal, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import check_id, optional_choice
from beatkit.beatport._async.base import AsyncBeatportResource
from beatkit.beatport._async.media import AsyncTrackMedia
from beatkit.beatport.models import (
    Artist,
    ArtistHit,
    ChordType,
    Genre,
    Key,
    Label,
    LabelHit,
    Release,
    ReleaseHit,
    SearchType,
    SubGenre,
    Track,
    TrackHit,
    TrackOrder,
)
from beatkit.beatport.wire import (
    TOP_100,
    DateFilter,
    IdFilter,
    IntFilter,
    PageArgs,
    TextFilter,
    date_filter,
    id_filter,
    int_filter,
    paged,
    text_filter,
)

__all__ = [
    "AsyncArtists",
    "AsyncChordTypes",
    "AsyncGenres",
    "AsyncKeys",
    "AsyncLabels",
    "AsyncReleases",
    "AsyncSubGenres",
    "AsyncTracks",
]


class AsyncTracks(AsyncTrackMedia):
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
        order_by: TrackOrder
        | Literal[
            "publish_date",
            "-publish_date",
            "release_date",
            "-release_date",
            "release_id",
            "-release_id",
            "genre",
            "-genre",
            "label",
            "-label",
            "name",
            "-name",
        ]
        | None = None,
        **pages: Unpack[PageArgs],
    ) -> AsyncPager[Track]:
        """List catalog tracks matching every filter given.

        Filters taking ids or texts accept one value or a list (any of them
        matches). Text filters match case-insensitively by containment, except
        ``isrc`` and ``catalog_number``, which match exactly.

        Example::

            async for track in bp.tracks.list(isrc="GBDUW0000058"):
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
            bpm: A tempo, or an inclusive ``(low, high)`` range (``None`` leaves an end
                open; ``low`` above ``high`` is refused).
            publish_date: A date, or an inclusive ``(first, last)`` range (``first``
                after ``last`` is refused).
            order_by: ``"-publish_date"`` (newest first), ``"name"``...; see
                :class:`~beatkit.beatport.models.TrackOrder`.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the tracks, fetched as you iterate it.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range or not one of the choices.
        """
        query = {
            "isrc": text_filter("isrc", isrc),
            "name": text_filter("name", name),
            "mix_name": text_filter("mix_name", mix_name),
            "artist_id": id_filter("artist_id", artist_id),
            "artist_name": text_filter("artist_name", artist_name),
            "label_id": id_filter("label_id", label_id),
            "label_name": text_filter("label_name", label_name),
            "release_id": id_filter("release_id", release_id),
            "genre_id": id_filter("genre_id", genre_id),
            "sub_genre_id": id_filter("sub_genre_id", sub_genre_id),
            "key_id": id_filter("key_id", key_id),
            "catalog_number": text_filter("catalog_number", catalog_number),
            "bpm": int_filter("bpm", bpm),
            "publish_date": date_filter("publish_date", publish_date),
            "order_by": optional_choice("order_by", order_by, [o.value for o in TrackOrder]),
        }
        return self._list("tracks.list", Track, **paged(pages, query))

    async def get(self, track_id: int, *, options: RequestOptions | None = None) -> Track:
        """Fetch one track.

        Args:
            track_id: The track's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The track.

        Raises:
            TypeError: ``track_id`` is not an int.
            ValueError: ``track_id`` is below 1.
            beatkit.errors.NotFoundError: No track has this id.
        """
        path = {"track_id": check_id("track_id", track_id)}
        return await self._call("tracks.get", Track, path=path, options=options)

    def top(self, genre_id: int, **pages: Unpack[PageArgs]) -> AsyncPager[Track]:
        """A genre's top tracks (``/catalog/tracks/top/{genre_id}/``), best first.

        Pages hold 100 tracks unless ``per_page`` says otherwise, as the API's own
        clients ask for them (``?per_page=100``).

        Args:
            genre_id: The genre's id.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        path = {"genre_id": check_id("genre_id", genre_id)}
        if pages.get("per_page") is None:
            pages["per_page"] = TOP_100
        return self._list("tracks.top", Track, path=path, **paged(pages))

    def search(self, q: str, **pages: Unpack[PageArgs]) -> AsyncPager[TrackHit | Track]:
        """Search tracks (``/catalog/search/?type=tracks``), paged.

        Args:
            q: The search text (not blank).
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of tracks, search documents (``TrackHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        item = TrackHit | Track
        return self._search(SearchType.TRACKS, item, q, pages)


class AsyncArtists(AsyncBeatportResource):
    """``client.artists``: get an artist, their tracks and top 10, search artists."""

    async def get(self, artist_id: int, *, options: RequestOptions | None = None) -> Artist:
        """Fetch one artist.

        Args:
            artist_id: The artist's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The artist.

        Raises:
            TypeError: ``artist_id`` is not an int.
            ValueError: ``artist_id`` is below 1.
            beatkit.errors.NotFoundError: No artist has this id.
        """
        path = {"artist_id": check_id("artist_id", artist_id)}
        return await self._call("artists.get", Artist, path=path, options=options)

    def tracks(self, artist_id: int, **pages: Unpack[PageArgs]) -> AsyncPager[Track]:
        """An artist's tracks, paged.

        Args:
            artist_id: The artist's id.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        path = {"artist_id": check_id("artist_id", artist_id)}
        return self._list("artists.tracks", Track, path=path, **paged(pages))

    async def top10(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Track]:
        """An artist's ten most popular tracks (one request).

        Args:
            artist_id: The artist's id.
            options: Per-call timeout, retries or headers.

        Returns:
            Up to ten tracks, best first.

        Raises:
            TypeError: ``artist_id`` is not an int.
            ValueError: ``artist_id`` is below 1.
            beatkit.errors.NotFoundError: No artist has this id.
        """
        path = {"artist_id": check_id("artist_id", artist_id)}
        return await self._top10("artists.top10", builtins.list[Track], path, options)

    def search(self, q: str, **pages: Unpack[PageArgs]) -> AsyncPager[ArtistHit | Artist]:
        """Search artists (``/catalog/search/?type=artists``), paged.

        Args:
            q: The search text (not blank).
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of artists, search documents (``ArtistHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        item = ArtistHit | Artist
        return self._search(SearchType.ARTISTS, item, q, pages)


class AsyncLabels(AsyncBeatportResource):
    """``client.labels``: get a label, its releases and top 10, search labels."""

    async def get(self, label_id: int, *, options: RequestOptions | None = None) -> Label:
        """Fetch one label.

        Args:
            label_id: The label's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The label.

        Raises:
            TypeError: ``label_id`` is not an int.
            ValueError: ``label_id`` is below 1.
            beatkit.errors.NotFoundError: No label has this id.
        """
        path = {"label_id": check_id("label_id", label_id)}
        return await self._call("labels.get", Label, path=path, options=options)

    def releases(self, label_id: int, **pages: Unpack[PageArgs]) -> AsyncPager[Release]:
        """A label's releases, paged.

        Args:
            label_id: The label's id.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of releases.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        path = {"label_id": check_id("label_id", label_id)}
        return self._list("labels.releases", Release, path=path, **paged(pages))

    async def top10(
        self, label_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Track]:
        """A label's ten most popular tracks (one request).

        Args:
            label_id: The label's id.
            options: Per-call timeout, retries or headers.

        Returns:
            Up to ten tracks, best first.

        Raises:
            TypeError: ``label_id`` is not an int.
            ValueError: ``label_id`` is below 1.
            beatkit.errors.NotFoundError: No label has this id.
        """
        path = {"label_id": check_id("label_id", label_id)}
        return await self._top10("labels.top10", builtins.list[Track], path, options)

    def search(self, q: str, **pages: Unpack[PageArgs]) -> AsyncPager[LabelHit | Label]:
        """Search labels (``/catalog/search/?type=labels``), paged.

        Args:
            q: The search text (not blank).
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of labels, search documents (``LabelHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        item = LabelHit | Label
        return self._search(SearchType.LABELS, item, q, pages)


class AsyncReleases(AsyncBeatportResource):
    """``client.releases``: get a release and its tracks, search releases."""

    async def get(self, release_id: int, *, options: RequestOptions | None = None) -> Release:
        """Fetch one release.

        Args:
            release_id: The release's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The release.

        Raises:
            TypeError: ``release_id`` is not an int.
            ValueError: ``release_id`` is below 1.
            beatkit.errors.NotFoundError: No release has this id.
        """
        path = {"release_id": check_id("release_id", release_id)}
        return await self._call("releases.get", Release, path=path, options=options)

    def tracks(self, release_id: int, **pages: Unpack[PageArgs]) -> AsyncPager[Track]:
        """A release's tracks, paged.

        Args:
            release_id: The release's id.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        path = {"release_id": check_id("release_id", release_id)}
        return self._list("releases.tracks", Track, path=path, **paged(pages))

    def search(self, q: str, **pages: Unpack[PageArgs]) -> AsyncPager[ReleaseHit | Release]:
        """Search releases (``/catalog/search/?type=releases``), paged.

        Args:
            q: The search text (not blank).
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of releases, search documents (``ReleaseHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        item = ReleaseHit | Release
        return self._search(SearchType.RELEASES, item, q, pages)


class AsyncGenres(AsyncBeatportResource):
    """``client.genres``: list and get genres, their top 10 and top 100."""

    def list(self, **pages: Unpack[PageArgs]) -> AsyncPager[Genre]:
        """Every genre, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of genres.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        return self._list("genres.list", Genre, **paged(pages))

    async def get(self, genre_id: int, *, options: RequestOptions | None = None) -> Genre:
        """Fetch one genre (with its sub-genres).

        Args:
            genre_id: The genre's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The genre.

        Raises:
            TypeError: ``genre_id`` is not an int.
            ValueError: ``genre_id`` is below 1.
            beatkit.errors.NotFoundError: No genre has this id.
        """
        path = {"genre_id": check_id("genre_id", genre_id)}
        return await self._call("genres.get", Genre, path=path, options=options)

    async def top10_tracks(
        self, genre_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Track]:
        """A genre's ten most popular tracks (one request).

        Args:
            genre_id: The genre's id.
            options: Per-call timeout, retries or headers.

        Returns:
            Up to ten tracks, best first.

        Raises:
            TypeError: ``genre_id`` is not an int.
            ValueError: ``genre_id`` is below 1.
            beatkit.errors.NotFoundError: No genre has this id.
        """
        path = {"genre_id": check_id("genre_id", genre_id)}
        return await self._top10("genres.top10_tracks", builtins.list[Track], path, options)

    async def top10_releases(
        self, genre_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Release]:
        """A genre's ten most popular releases (one request).

        Args:
            genre_id: The genre's id.
            options: Per-call timeout, retries or headers.

        Returns:
            Up to ten releases, best first.

        Raises:
            TypeError: ``genre_id`` is not an int.
            ValueError: ``genre_id`` is below 1.
            beatkit.errors.NotFoundError: No genre has this id.
        """
        path = {"genre_id": check_id("genre_id", genre_id)}
        return await self._top10("genres.top10_releases", builtins.list[Release], path, options)

    def top100(self, genre_id: int, **pages: Unpack[PageArgs]) -> AsyncPager[Track]:
        """A genre's top 100 tracks (``/catalog/genres/{id}/top/100/``), best first.

        Pages hold 100 tracks unless ``per_page`` says otherwise.

        Args:
            genre_id: The genre's id.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        path = {"genre_id": check_id("genre_id", genre_id)}
        if pages.get("per_page") is None:
            pages["per_page"] = TOP_100
        return self._list("genres.top100", Track, path=path, **paged(pages))


class AsyncSubGenres(AsyncBeatportResource):
    """``client.sub_genres``."""

    async def get(self, sub_genre_id: int, *, options: RequestOptions | None = None) -> SubGenre:
        """Fetch one sub-genre.

        Args:
            sub_genre_id: The sub-genre's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The sub-genre.

        Raises:
            TypeError: ``sub_genre_id`` is not an int.
            ValueError: ``sub_genre_id`` is below 1.
            beatkit.errors.NotFoundError: No sub-genre has this id.
        """
        path = {"sub_genre_id": check_id("sub_genre_id", sub_genre_id)}
        return await self._call("sub_genres.get", SubGenre, path=path, options=options)


class AsyncKeys(AsyncBeatportResource):
    """``client.keys``: musical keys."""

    async def get(self, key_id: int, *, options: RequestOptions | None = None) -> Key:
        """Fetch one musical key (with its Camelot position and chord type).

        Args:
            key_id: The key's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The key.

        Raises:
            TypeError: ``key_id`` is not an int.
            ValueError: ``key_id`` is below 1.
            beatkit.errors.NotFoundError: No key has this id.
        """
        path = {"key_id": check_id("key_id", key_id)}
        return await self._call("keys.get", Key, path=path, options=options)


class AsyncChordTypes(AsyncBeatportResource):
    """``client.chord_types``: major and minor."""

    async def get(self, chord_type_id: int, *, options: RequestOptions | None = None) -> ChordType:
        """Fetch one chord type.

        Args:
            chord_type_id: The chord type's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The chord type.

        Raises:
            TypeError: ``chord_type_id`` is not an int.
            ValueError: ``chord_type_id`` is below 1.
            beatkit.errors.NotFoundError: No chord type has this id.
        """
        path = {"chord_type_id": check_id("chord_type_id", chord_type_id)}
        return await self._call("chord_types.get", ChordType, path=path, options=options)
