# GENERATED from beatkit/beattech/_async/catalog.py by scripts/unasync.py: edit the async source.
"""The catalogue: actors, artists, tracks, releases, series, streams, events and features."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import RequestOptions
from beatkit._core.validate import check_text
from beatkit.beattech._sync.base import BeatTechResource
from beatkit.beattech.context import text_id
from beatkit.beattech.headers import (
    ImageSizes,
    RangeArgs,
    change_headers,
    include_header,
    ranged,
    stream_context,
    stream_formats,
)
from beatkit.beattech.models import Artist, Release, Stream, Track
from beatkit.beattech.sync import favourite_body

__all__ = [
    "Actors",
    "Artists",
    "Events",
    "Features",
    "Releases",
    "Series",
    "Streams",
    "Tracks",
]


class Actors(BeatTechResource):
    """``bt.actors``: actors by role (``actors.list``) and an actor's image
    (``actors.upload_image``, editors)."""


class Artists(BeatTechResource):
    """``bt.artists``: ``get``, ``search``, ``favourite``, ``bio``, ``update_bio``,
    ``top_releases`` and ``top_tracks``."""

    def get(
        self,
        artist_id: str | int,
        *,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Artist:
        """Fetch one artist (``GET /v2/artists/{artist_id}``).

        With a user token the answer says whether the user follows the artist.

        Args:
            artist_id: The artist's id.
            image_sizes: Image sizes for this call, merged over the client's
                (``{"artist": ["w50", "h200"]}``).
            options: Per-call timeout, retries or headers.

        Returns:
            The artist.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or an unknown image kind or size.
            beatkit.errors.NotFoundError: No artist has this id.
        """
        return self._call(
            "artists.get",
            Artist,
            path={"artist_id": text_id("artist_id", artist_id)},
            headers=self._context.image_headers(image_sizes),
            unwrap="artist",
            options=options,
        )

    def search(
        self, query: str, *, image_sizes: ImageSizes | None = None, **pages: Unpack[RangeArgs]
    ) -> Pager[Artist]:
        """Search artists by name (``GET /v2/artists?query=``), Range-paged.

        Args:
            query: The search text (not blank).
            image_sizes: Image sizes for this call, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the matching artists, fetched as you iterate it.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``query`` is blank, or a page value or size is out of range.
        """
        params = {"query": check_text("query", query)}
        return self._list(
            "artists.search",
            Artist,
            headers=self._context.image_headers(image_sizes),
            **ranged("artists.search", "artists", pages, params),
        )

    def favourite(
        self,
        artist_id: str | int,
        favourite: bool = True,
        *,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Artist:
        """Follow or unfollow an artist (``PATCH /v2/artists/{artist_id}``).

        A personal-data write of the Changes API: the server merges it with what it
        holds and answers the merged artist. Offline edits are better pushed with
        ``bt.sync`` (:class:`~beatkit.beattech.sync.PendingChange`).

        Args:
            artist_id: The artist's id.
            favourite: ``True`` to follow, ``False`` to unfollow.
            base_change: ``X-Base-Change``: the change id the edit was made against
                (the server's default is 0).
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware);
                the server's time when omitted.
            image_sizes: Image sizes of the answer, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The artist as the server now holds it (``favourite`` set).

        Raises:
            TypeError: An argument has the wrong type (``favourite`` must be a bool,
                ``changed_at`` aware).
            ValueError: A blank id, a negative ``base_change``, or a bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.BadRequestError: ``base_change`` is ahead of the user's
                latest change.
            beatkit.errors.NotFoundError: No artist has this id.
        """
        headers = {
            **change_headers(base_change, changed_at),
            **self._context.image_headers(image_sizes),
        }
        return self._call(
            "artists.favourite",
            Artist,
            path={"artist_id": text_id("artist_id", artist_id)},
            headers=headers,
            json=favourite_body(favourite),
            unwrap="artist",
            options=options,
        )


class Tracks(BeatTechResource):
    """``bt.tracks``: ``search``, ``get``, ``favourite``, ``bookmarks`` and the
    deprecated ``progress``."""

    def search(
        self, query: str, *, image_sizes: ImageSizes | None = None, **pages: Unpack[RangeArgs]
    ) -> Pager[Track]:
        """Search tracks by title, artist, actor, release... (``GET /v2/tracks?query=``).

        Range-paged: ``Range: tracks=20-39`` asks for a window; the first request
        sends none unless ``page_size`` or ``start`` is given.

        Args:
            query: The search text (not blank).
            image_sizes: Cover and actor image sizes for this call, merged over the
                client's (``{"release_cover": "w800"}``).
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the matching tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``query`` is blank, or a page value or size is out of range.
        """
        params = {"query": check_text("query", query)}
        return self._list(
            "tracks.search",
            Track,
            headers=self._context.image_headers(image_sizes),
            **ranged("tracks.search", "tracks", pages, params),
        )

    def get(
        self,
        track_id: str | int,
        *,
        include: str | Iterable[str] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Track:
        """Fetch one track (``GET /v2/tracks/{track_id}``).

        Args:
            track_id: The track's id.
            include: Sub-objects to embed (``X-Include``): ``"track-prices"``,
                ``"track-streams"`` (the formats :meth:`Streams.online` takes).
            image_sizes: Cover and actor image sizes, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The track.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, an unknown include, or a bad image size.
            beatkit.errors.NotFoundError: No track has this id.
        """
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._call(
            "tracks.get",
            Track,
            path={"track_id": text_id("track_id", track_id)},
            headers=headers,
            unwrap="track",
            options=options,
        )

    def favourite(
        self,
        track_id: str | int,
        favourite: bool = True,
        *,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        include: str | Iterable[str] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Track:
        """Favourite or unfavourite a track (``PATCH /v2/tracks/{track_id}``).

        A personal-data write of the Changes API: the server merges it and answers
        the merged track. Offline edits are better pushed with ``bt.sync``.

        Args:
            track_id: The track's id.
            favourite: ``True`` to favourite, ``False`` to remove it.
            base_change: ``X-Base-Change``: the change id the edit was made against.
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware);
                the server's time when omitted.
            include: Sub-objects of the answer (``"track-prices"``, ``"track-streams"``).
            image_sizes: Cover and actor image sizes, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The track as the server now holds it.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, a negative ``base_change``, an unknown include or
                a bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.BadRequestError: ``base_change`` is ahead of the user's
                latest change.
            beatkit.errors.NotFoundError: No track has this id.
        """
        headers = {
            **change_headers(base_change, changed_at),
            **include_header(include),
            **self._context.image_headers(image_sizes),
        }
        return self._call(
            "tracks.favourite",
            Track,
            path={"track_id": text_id("track_id", track_id)},
            headers=headers,
            json=favourite_body(favourite),
            unwrap="track",
            options=options,
        )


class Releases(BeatTechResource):
    """``bt.releases``: ``get`` (also by ISBN), ``favourite``, ``alternates``,
    ``bookmarks``, ``ratings``, ``track_bookmarks``, ``track_progresses``,
    ``get_by_upc``, ``search`` and ``list`` (filters)."""

    def favourite(
        self,
        release_id: str | int,
        favourite: bool = True,
        *,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        include: str | Iterable[str] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Release:
        """Favourite or unfavourite a release (``PATCH /v2/releases/{release_id}``).

        Only ``favourite`` can be changed. A personal-data write of the Changes API:
        the server merges it and answers the merged release. The page spells the
        header ``X-Base_Change`` here; beatkit sends ``X-Base-Change`` as everywhere
        else (proxies drop headers with underscores).

        Args:
            release_id: The release's id.
            favourite: ``True`` to favourite, ``False`` to remove it.
            base_change: ``X-Base-Change``: the change id the edit was made against.
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware);
                the server's time when omitted.
            include: Sub-objects of the answer (``"release-tracks"``...).
            image_sizes: Cover and actor image sizes, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The release as the server now holds it.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, a negative ``base_change``, an unknown include or
                a bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.BadRequestError: ``base_change`` is ahead of the user's
                latest change.
            beatkit.errors.NotFoundError: No release has this id.
        """
        headers = {
            **change_headers(base_change, changed_at),
            **include_header(include),
            **self._context.image_headers(image_sizes),
        }
        return self._call(
            "releases.favourite",
            Release,
            path={"release_id": text_id("release_id", release_id)},
            headers=headers,
            json=favourite_body(favourite),
            unwrap="release",
            options=options,
        )


class Series(BeatTechResource):
    """``bt.series``: ``search``, ``get``, ``update`` (deprecated) and ``upload_image``."""


class Streams(BeatTechResource):
    """``bt.streams``: ``preview``, ``online``, ``offline`` and ``release``.

    Stream URLs are short-lived and pre-signed: fetch one for every playback and
    never cache it. Report playback (``bt.reports``): the API requires it of
    every client of the online and offline streams.
    """

    def online(
        self,
        track_id: str | int,
        *,
        formats: str | Iterable[str] | None = None,
        context: str | tuple[str, str | int] | None = None,
        options: RequestOptions | None = None,
    ) -> Stream:
        """A stream URL to play a track online (``GET /v2/streams/online/{track_id}``).

        Normally needs a user token with an active subscription; ``context`` asks
        for a stream in another context (a promotional clip of an entity).
        Playback of it is reported with ``offline=False``.

        Args:
            track_id: The track's id.
            formats: ``X-Stream-Formats`` for this call (``["*/high"]``, ``"h264/*"``):
                values of the track's ``streams``; the client's default when omitted.
            context: ``X-Stream-Context``: ``"release/1"`` or ``("release", "1")``.
            options: Per-call timeout, retries or headers.

        Returns:
            The stream: ``url`` (not in its ``repr``), ``type``, ``duration``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a format or context of the wrong form.
            beatkit.errors.PermissionDeniedError: No subscription allows it.
        """
        headers = {
            "X-Stream-Formats": stream_formats(formats) or self._context.stream_formats,
            "X-Stream-Context": stream_context(context),
        }
        return self._call(
            "streams.online",
            Stream,
            path={"track_id": text_id("track_id", track_id)},
            headers=headers,
            unwrap="stream",
            options=options,
        )


class Events(BeatTechResource):
    """``bt.events``: the global event feed (``events.list``, newest first)."""


class Features(BeatTechResource):
    """``bt.features``: features of the user, a release or a device (``features.list``)."""
