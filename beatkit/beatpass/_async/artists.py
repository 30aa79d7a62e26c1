"""``client.artists`` and ``client.credits``: profiles, their catalog, pinning, credits."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Sequence
from typing import Any, Literal, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core._async.resource import AsyncResource
from beatkit._core.operation import RequestOptions
from beatkit._core.params import check_id, check_ids, comma_list, optional_choice, optional_text
from beatkit._core.params import fields as json_body
from beatkit._core.validate import check_text
from beatkit.beatpass.models import (
    ActionResult,
    Album,
    Analytics,
    Artist,
    Credit,
    CreditRole,
    OwnershipCheck,
    PinnedTrack,
    ProducerAchievements,
    SpotifyAlbum,
    SpotifySearchResults,
    Track,
)
from beatkit.beatpass.request_fields import json_fields
from beatkit.beatpass.wire import (
    INCLUDES,
    PageArgs,
    acknowledgement,
    credit_roles,
    figures,
    many,
    one,
    paged,
    pinned,
)

__all__ = ["AsyncArtists", "AsyncCredits"]

_CREDIT = one("credit")
_CREDITS = many("credits")


class AsyncArtists(AsyncResource):
    """``client.artists``: profiles, their tracks and albums, analytics and pinning."""

    def list(self, **pages: Unpack[PageArgs]) -> AsyncPager[Artist]:
        """List artists.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the artists, fetched as you iterate it.

        Raises:
            ValueError: ``page`` or ``per_page`` below 1.
        """
        return self._list("artists.list", Artist, **paged("artists", pages))

    async def get(
        self,
        artist_id: int,
        *,
        include: Literal["similar", "genres", "albums", "topTracks"]
        | Sequence[Literal["similar", "genres", "albums", "topTracks"]]
        | None = None,
        options: RequestOptions | None = None,
    ) -> Artist:
        """Fetch one artist.

        Args:
            artist_id: The artist.
            include: Related data to embed: ``similar``, ``genres``, ``albums``, ``topTracks``
                (one name or a list).
            options: Per-call timeout, retries or headers.

        Returns:
            The artist.

        Raises:
            ValueError: An unknown ``include`` value.
            beatkit.errors.NotFoundError: No such artist.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        params = {"with": comma_list("include", include, INCLUDES["artists"])}
        return await self._call(
            "artists.get", Artist, path=path, params=params, unwrap=one("artist"), options=options
        )

    def tracks(self, artist_id: int, **pages: Unpack[PageArgs]) -> AsyncPager[Track]:
        """An artist's tracks, paged.

        Args:
            artist_id: The artist.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the tracks.

        Raises:
            ValueError: An id, ``page`` or ``per_page`` below 1.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        return self._list(
            "artists.tracks", Track, path=path, **paged("tracks", pages, size="perPage")
        )

    def albums(self, artist_id: int, **pages: Unpack[PageArgs]) -> AsyncPager[Album]:
        """An artist's albums, paged.

        Args:
            artist_id: The artist.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the albums.

        Raises:
            ValueError: An id, ``page`` or ``per_page`` below 1.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        return self._list(
            "artists.albums", Album, path=path, **paged("albums", pages, size="perPage")
        )

    async def producer_analytics(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """An artist's producer analytics (in ``figures``, under the API's keys).

        Args:
            artist_id: The artist.
            options: Per-call timeout, retries or headers.

        Returns:
            The figures.

        Raises:
            beatkit.errors.PermissionDeniedError: Not your artist profile.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        return await self._call(
            "artists.producer_analytics", Analytics, path=path, unwrap=figures, options=options
        )

    async def downloads_analytics(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """An artist's download analytics (in ``figures``, under the API's keys).

        Args:
            artist_id: The artist.
            options: Per-call timeout, retries or headers.

        Returns:
            The figures.

        Raises:
            beatkit.errors.PermissionDeniedError: Not your artist profile.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        return await self._call(
            "artists.downloads_analytics", Analytics, path=path, unwrap=figures, options=options
        )

    async def achievements(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> ProducerAchievements:
        """An artist's producer level, XP and achievements.

        Args:
            artist_id: The artist.
            options: Per-call timeout, retries or headers.

        Returns:
            The level and achievements.

        Raises:
            beatkit.errors.NotFoundError: No such artist.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        return await self._call(
            "artists.achievements", ProducerAchievements, path=path, unwrap=one(), options=options
        )

    async def check_ownership(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> OwnershipCheck:
        """Whether the authenticated user owns this artist profile.

        Args:
            artist_id: The artist.
            options: Per-call timeout, retries or headers.

        Returns:
            The answer (``is_owner``).

        Raises:
            beatkit.errors.NotFoundError: No such artist.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        return await self._call(
            "artists.check_ownership", OwnershipCheck, path=path, unwrap=one(), options=options
        )

    async def pin(
        self, artist_id: int, track_id: int, *, options: RequestOptions | None = None
    ) -> PinnedTrack:
        """Pin one of the artist's tracks to the top of the profile.

        Args:
            artist_id: The artist.
            track_id: One of the artist's tracks.
            options: Per-call timeout, retries or headers.

        Returns:
            The pinned track.

        Raises:
            beatkit.errors.UnprocessableEntityError: Not one of the artist's tracks.
        """
        path = {
            "artistId": check_id("artist_id", artist_id),
            "trackId": check_id("track_id", track_id),
        }
        return await self._call(
            "artists.pin_track", PinnedTrack, path=path, unwrap=pinned, options=options
        )

    async def unpin(
        self, artist_id: int, track_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Unpin the artist's pinned track.

        Args:
            artist_id: The artist.
            track_id: The pinned track.
            options: Per-call timeout, retries or headers.

        Returns:
            The API's acknowledgement (empty when it answers 204).

        Raises:
            beatkit.errors.PermissionDeniedError: Not your artist profile.
        """
        path = {
            "artistId": check_id("artist_id", artist_id),
            "trackId": check_id("track_id", track_id),
        }
        return await self._call(
            "artists.unpin_track",
            ActionResult,
            path=path,
            unwrap=acknowledgement,
            if_empty={},
            options=options,
        )

    async def pinned_track(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> PinnedTrack:
        """The artist's pinned track (``.track`` is ``None`` when none is pinned).

        Args:
            artist_id: The artist.
            options: Per-call timeout, retries or headers.

        Returns:
            The pinned track, if any.

        Raises:
            beatkit.errors.NotFoundError: No such artist.
        """
        path = {"artistId": check_id("artist_id", artist_id)}
        return await self._call(
            "artists.pinned_track", PinnedTrack, path=path, unwrap=pinned, options=options
        )


class AsyncCredits(AsyncResource):
    """``client.credits``: an artist's portfolio credits on external releases."""

    async def list(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> builtins.list[Credit]:
        """An artist's credits, in portfolio order.

        Args:
            artist_id: The artist.
            options: Per-call timeout, retries or headers.

        Returns:
            The credits.

        Raises:
            beatkit.errors.NotFoundError: No such artist.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        return await self._call(
            "credits.list", builtins.list[Credit], path=path, unwrap=_CREDITS, options=options
        )

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

        Returns:
            The new credit.

        Raises:
            ValueError: A blank ``role`` or ``title``.
            beatkit.errors.ConfigurationError: The client has no token.
        """
        body = json_body(
            json_fields(fields), role=check_text("role", role), title=check_text("title", title)
        )
        path = {"artist": check_id("artist_id", artist_id)}
        return await self._call(
            "credits.create", Credit, path=path, json=body, unwrap=_CREDIT, options=options
        )

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

        Returns:
            The new credit.

        Raises:
            ValueError: A blank ``role`` or ``album_name``.
            beatkit.errors.ConfigurationError: The client has no token.
        """
        body = json_body(
            json_fields(fields),
            role=check_text("role", role),
            album_name=check_text("album_name", album_name),
        )
        path = {"artist": check_id("artist_id", artist_id)}
        return await self._call(
            "credits.create_album", Credit, path=path, json=body, unwrap=_CREDIT, options=options
        )

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

        Returns:
            The credit as changed.

        Raises:
            ValueError: No field given.
        """
        body = json_body(
            json_fields(fields),
            role=optional_text("role", role),
            title=optional_text("title", title),
        )
        if not body:
            raise ValueError("credits.update: give at least one field to change")
        path = {
            "artist": check_id("artist_id", artist_id),
            "credit": check_id("credit_id", credit_id),
        }
        return await self._call(
            "credits.update", Credit, path=path, json=body, unwrap=_CREDIT, options=options
        )

    async def delete(
        self, artist_id: int, credit_id: int, *, options: RequestOptions | None = None
    ) -> None:
        """Delete a credit.

        Args:
            artist_id: The artist.
            credit_id: The credit.
            options: Per-call timeout, retries or headers.

        Returns:
            Nothing.

        Raises:
            beatkit.errors.NotFoundError: No such credit.
        """
        path = {
            "artist": check_id("artist_id", artist_id),
            "credit": check_id("credit_id", credit_id),
        }
        await self._call("credits.delete", None, path=path, options=options)

    async def reorder(
        self,
        artist_id: int,
        credit_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> builtins.list[Credit]:
        """Put the artist's credits in this order (every credit id, first to last).

        Args:
            artist_id: The artist.
            credit_ids: The credits, first to last.
            options: Per-call timeout, retries or headers.

        Returns:
            The credits in their new order.

        Raises:
            ValueError: No credit id, or one below 1.
        """
        path = {"artist": check_id("artist_id", artist_id)}
        body = {"ids": check_ids("credit_ids", credit_ids)}
        return await self._call(
            "credits.reorder",
            builtins.list[Credit],
            path=path,
            json=body,
            unwrap=_CREDITS,
            options=options,
        )

    async def spotify_search(
        self,
        query: str,
        *,
        type: Literal["track", "album"] | None = None,
        options: RequestOptions | None = None,
    ) -> SpotifySearchResults:
        """Search Spotify's catalog to link a credit to a release.

        Args:
            query: The search text.
            type: ``track`` or ``album`` (the API's default when omitted).
            options: Per-call timeout, retries or headers.

        Returns:
            The Spotify items found.

        Raises:
            ValueError: A blank ``query`` or an unknown ``type``.
        """
        params = {
            "query": check_text("query", query),
            "type": optional_choice("type", type, ("track", "album")),
        }
        return await self._call(
            "credits.spotify_search",
            SpotifySearchResults,
            params=params,
            unwrap=one(),
            options=options,
        )

    async def spotify_album(
        self, album_id: str, *, options: RequestOptions | None = None
    ) -> SpotifyAlbum:
        """One Spotify album with its tracks, for album credits.

        Args:
            album_id: Spotify's album id.
            options: Per-call timeout, retries or headers.

        Returns:
            The album.

        Raises:
            ValueError: A blank ``album_id``.
        """
        params = {"id": check_text("album_id", album_id)}
        return await self._call(
            "credits.spotify_album",
            SpotifyAlbum,
            params=params,
            unwrap=one("album"),
            options=options,
        )

    async def roles(self, *, options: RequestOptions | None = None) -> builtins.list[CreditRole]:
        """The credit roles (Producer, Engineer, Songwriter...); public.

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The roles.

        Raises:
            beatkit.errors.APIError: The API refused.
        """
        return await self._call(
            "credits.roles", builtins.list[CreditRole], unwrap=credit_roles, options=options
        )
