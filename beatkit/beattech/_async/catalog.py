"""The catalogue: actors, artists, tracks, events and features (releases, series and
streams have modules of their own)."""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Literal, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import optional_choice, optional_text
from beatkit._core.validate import check_text
from beatkit.beattech._async.base import AsyncBeatTechResource

# The series and stream resources live in modules of their own (this one would pass
# 1,000 lines); the client takes every catalogue resource from here.
from beatkit.beattech.context import text_id, text_ids, text_list
from beatkit.beattech.headers import (
    ImageSizes,
    Include,
    RangeArgs,
    change_headers,
    every_window,
    include_header,
    ranged,
)
from beatkit.beattech.models import (
    Actor,
    Artist,
    ArtistBio,
    Bookmark,
    Event,
    Feature,
    Progress,
    Release,
    Track,
)
from beatkit.beattech.sync import favourite_body
from beatkit.beattech.uploads import ImageFile, image_part, jpeg_image
from beatkit.beattech.users import release_types
from beatkit.beattech.wire import device_features

__all__ = [
    "AsyncActors",
    "AsyncArtists",
    "AsyncEvents",
    "AsyncFeatures",
    "AsyncTracks",
]

_FEATURE_ENTITIES = ("release", "device")


class AsyncActors(AsyncBeatTechResource):
    """``bt.actors``: actors by role (``actors.list``) and an actor's image
    (``actors.upload_image``, editors)."""

    def list(
        self, role: str, *, image_sizes: ImageSizes | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[Actor]:
        """The actors holding a role in at least one live release
        (``GET /v2/actors?role=``, path inferred), Range-paged in ``actors``.

        A role no actor holds is an empty list, not an error.

        Args:
            role: The role: ``"main-artist"`` (music), ``"author"``, ``"narrator"``
                (audiobooks) or any other the catalog knows.
            image_sizes: Image sizes for this call, merged over the client's; the API
                leaves actor images out unless ``{"actor": [...]}`` is asked for.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the actors (each with the ``role`` the server sends).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``role`` is blank, or a page value or size is out of range.
        """
        params = {"role": check_text("role", role)}
        return self._list(
            "actors.list",
            Actor,
            headers=self._context.image_headers(image_sizes),
            **ranged("actors.list", "actors", pages, params),
        )

    async def upload_image(
        self, actor_id: str | int, image: ImageFile, *, options: RequestOptions | None = None
    ) -> None:
        """Replace an actor's image (``POST /v2/actors/{actor_id}/image``, path inferred;
        editors only).

        Sent as multipart/form-data, the JPEG in the ``image`` field.

        Args:
            actor_id: The actor's id.
            image: The path of a JPEG file.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a file that is empty or not a JPEG (checked before
                sending).
            FileNotFoundError: Nothing at ``image``.
            OSError: The file changed size while it was sent (still being written).
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No actor has this id.
        """
        path = {"actor_id": text_id("actor_id", actor_id)}
        source = jpeg_image(image)
        with image_part(source) as files:
            await self._call("actors.upload_image", None, path=path, files=files, options=options)


class AsyncArtists(AsyncBeatTechResource):
    """``bt.artists``: ``get``, ``search``, ``favourite``, ``bio``, ``update_bio``,
    ``top_releases`` and ``top_tracks``."""

    async def get(
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
        return await self._call(
            "artists.get",
            Artist,
            path={"artist_id": text_id("artist_id", artist_id)},
            headers=self._context.image_headers(image_sizes),
            unwrap="artist",
            options=options,
        )

    def search(
        self, query: str, *, image_sizes: ImageSizes | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[Artist]:
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

    async def bio(
        self, artist_id: str | int, *, options: RequestOptions | None = None
    ) -> ArtistBio:
        """An artist's biography (``GET /v2/artists/{artist_id}/bio``).

        Args:
            artist_id: The artist's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The summary, the full text (when there is one), a link and the source.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.NotFoundError: No artist has this id.
        """
        return await self._call(
            "artists.bio",
            ArtistBio,
            path={"artist_id": text_id("artist_id", artist_id)},
            unwrap="bio",
            options=options,
        )

    async def update_bio(
        self,
        artist_id: str | int,
        content: str | None,
        *,
        options: RequestOptions | None = None,
    ) -> ArtistBio:
        """Replace an artist's biography (``PUT /v2/artists/{artist_id}/bio``, path
        inferred; editors only).

        Args:
            artist_id: The artist's id.
            content: The full text, or ``None`` to clear the biography (sent as
                ``{"content": null}``).
            options: Per-call timeout, retries or headers.

        Returns:
            The biography as stored.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or blank ``content`` (pass ``None`` to clear).
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No artist has this id.
        """
        # Sent even when None: null is how the API clears a biography.
        body = {"content": optional_text("content", content)}
        return await self._call(
            "artists.update_bio",
            ArtistBio,
            path={"artist_id": text_id("artist_id", artist_id)},
            json=body,
            unwrap="bio",
            options=options,
        )

    def top_releases(
        self,
        artist_id: str | int,
        *,
        types: str | Iterable[str] | None = None,
        role: str | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Release]:
        """An artist's releases, most popular first
        (``GET /v2/artists/{artist_id}/releases/top``), Range-paged in ``releases``.

        Args:
            artist_id: The artist's id.
            types: Release types to keep: ``"audio"`` (albums and singles),
                ``"video"`` (video albums and singles) or the types themselves
                (``["album", "single"]``); all when omitted (an empty list is
                refused, not sent as "all").
            role: Only releases where the artist has this role (``"main-artist"``,
                ``"author"``...).
            include: Sub-objects to embed (``X-Include``): ``"release-tracks"``,
                ``"release-prices"``... The page spells the header ``X-Includes``
                here; ``X-Include``, its name everywhere else, is sent.
            image_sizes: Cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the releases.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id or role, an empty ``types`` or one that is not a
                release type, an unknown include, or a page value or size out of range.
        """
        params = {"types": release_types(types), "role": optional_text("role", role)}
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._list(
            "artists.top_releases",
            Release,
            path={"artist_id": text_id("artist_id", artist_id)},
            headers=headers,
            **ranged("artists.top_releases", "releases", pages, params),
        )

    def top_tracks(
        self,
        artist_id: str | int,
        *,
        role: str | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Track]:
        """An artist's tracks, most popular first
        (``GET /v2/artists/{artist_id}/tracks/top``), Range-paged in ``tracks``.

        Args:
            artist_id: The artist's id.
            role: Only tracks where the artist has this role.
            image_sizes: Cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id or role, or a page value or size out of range.
        """
        params = {"role": optional_text("role", role)}
        return self._list(
            "artists.top_tracks",
            Track,
            path={"artist_id": text_id("artist_id", artist_id)},
            headers=self._context.image_headers(image_sizes),
            **ranged("artists.top_tracks", "tracks", pages, params),
        )

    async def favourite(
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
        return await self._call(
            "artists.favourite",
            Artist,
            path={"artist_id": text_id("artist_id", artist_id)},
            headers=headers,
            json=favourite_body(favourite),
            unwrap="artist",
            options=options,
        )


class AsyncTracks(AsyncBeatTechResource):
    """``bt.tracks``: ``search``, ``get``, ``favourite``, ``bookmarks`` and the
    deprecated ``progress``."""

    def search(
        self, query: str, *, image_sizes: ImageSizes | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[Track]:
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

    async def get(
        self,
        track_id: str | int,
        *,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Track:
        """Fetch one track (``GET /v2/tracks/{track_id}``).

        Args:
            track_id: The track's id.
            include: Sub-objects to embed (``X-Include``): ``"track-prices"``,
                ``"track-streams"`` (the formats
                :meth:`~beatkit.beattech._async.streams.AsyncStreams.online` takes).
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
        return await self._call(
            "tracks.get",
            Track,
            path={"track_id": text_id("track_id", track_id)},
            headers=headers,
            unwrap="track",
            options=options,
        )

    def bookmarks(self, track_id: str | int, **pages: Unpack[RangeArgs]) -> AsyncPager[Bookmark]:
        """The logged-in user's bookmarks on a track
        (``GET /v2/tracks/{track_id}/bookmarks``, path inferred), Range-paged in
        ``bookmarks``.

        Args:
            track_id: The track's id.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the bookmarks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a page value out of range.
            beatkit.errors.ConfigurationError: No logged-in user (before sending).
        """
        return self._list(
            "tracks.bookmarks",
            Bookmark,
            path={"track_id": text_id("track_id", track_id)},
            **ranged("tracks.bookmarks", "bookmarks", pages),
        )

    async def progress(
        self, track_id: str | int, *, options: RequestOptions | None = None
    ) -> Progress:
        """The logged-in user's progress in a track (``GET /v2/tracks/{track_id}/progress``,
        path inferred). Deprecated by the API: use ``bt.progresses.list``.

        Args:
            track_id: The track's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The progress record.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user (before sending).
            beatkit.errors.NotFoundError: No such track, or no progress on it.
        """
        warnings.warn(
            "tracks.progress is deprecated by Beat Technology; use bt.progresses.list",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._call(
            "tracks.progress",
            Progress,
            path={"track_id": text_id("track_id", track_id)},
            unwrap="progress",
            options=options,
        )

    async def favourite(
        self,
        track_id: str | int,
        favourite: bool = True,
        *,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
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
        return await self._call(
            "tracks.favourite",
            Track,
            path={"track_id": text_id("track_id", track_id)},
            headers=headers,
            json=favourite_body(favourite),
            unwrap="track",
            options=options,
        )


class AsyncEvents(AsyncBeatTechResource):
    """``bt.events``: the global event feed (``events.list``, newest first)."""

    def list(
        self, *, image_sizes: ImageSizes | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[Event]:
        """The catalogue's events for everyone (publications, favouriting activity...),
        newest first (``GET /v2/events``, path inferred), Range-paged.

        The page asks for windows in ``items`` (``items=0-9``), not the ``events`` of the
        operation list; the unit the first answer names is followed either way.

        Args:
            image_sizes: Actor, artist and cover image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the events (their fields, undocumented, in ``extra``).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A page value or size out of range.
        """
        return self._list(
            "events.list",
            Event,
            headers=self._context.image_headers(image_sizes),
            **ranged("events.list", "events", pages),
        )


class AsyncFeatures(AsyncBeatTechResource):
    """``bt.features``: features of the user, a release or a device (``features.list``)."""

    async def list(
        self,
        *,
        entity_type: Literal["release", "device"] | None = None,
        entity_ids: str | int | Iterable[str | int] | None = None,
        names: str | Iterable[str] | None = None,
        options: RequestOptions | None = None,
    ) -> builtins.list[Feature]:
        """Feature flags (``GET /v2/features``, path inferred).

        Without ``entity_type``: the logged-in user's and their subscription's.
        With ``entity_type="release"``: per release (``has_online_access``,
        ``has_offline_access``...), also for releases the shop does not list. With
        ``entity_type="device"``: the one ``can_stream`` feature of the device, in
        a shape of its own (its fields in ``extra``): a list, or the one feature
        under ``features`` or ``feature`` (the page shows no sample), read as a list.

        Args:
            entity_type: ``"release"`` or ``"device"``.
            entity_ids: The releases' or the device's ids (needed with
                ``entity_type``).
            names: Only these features (with ``entity_type``); an empty list is
                refused, not sent as "all".
            options: Per-call timeout, retries or headers.

        Returns:
            The features, from every window of the list when the server pages it (as
            the page's rule for every list has it, L70-76), none cut off.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown entity type, ``entity_ids`` or ``names`` without
                ``entity_type``, ``entity_type`` without ids, an empty ``names``, or a
                blank id or name.
        """
        kind = optional_choice("entity_type", entity_type, _FEATURE_ENTITIES)
        ids = None if entity_ids is None else text_ids("entity_ids", entity_ids)
        wanted = text_list("names", names)
        if kind is None and (ids is not None or wanted is not None):
            raise ValueError("entity_ids and names are read with an entity_type only")
        if kind is not None and ids is None:
            raise ValueError(f"entity_type={kind!r} needs entity_ids")
        params = {"entity_type": kind, "entity_id": ids, "name": wanted}
        items = device_features if kind == "device" else "features"
        features = self._list("features.list", Feature, **every_window(items, options, params))
        return [feature async for feature in features]
