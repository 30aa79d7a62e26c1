"""``client.albums``: albums, their analytics."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Literal, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core._async.resource import AsyncResource
from beatkit._core.operation import RequestOptions
from beatkit._core.params import (
    check_id,
    comma_list,
    joined_ids,
    optional_date,
    optional_int,
    optional_text,
)
from beatkit._core.params import fields as json_body
from beatkit._core.validate import check_text
from beatkit.beatpass.models import Album, Analytics
from beatkit.beatpass.request_fields import json_fields
from beatkit.beatpass.wire import (
    INCLUDES,
    PageArgs,
    figures,
    one,
    paged,
)

__all__ = ["AsyncAlbums"]

_ALBUM = one("album")


class AsyncAlbums(AsyncResource):
    """``client.albums``."""

    def list(self, **pages: Unpack[PageArgs]) -> AsyncPager[Album]:
        """List albums.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the albums, fetched as you iterate it.

        Raises:
            ValueError: ``page`` or ``per_page`` below 1.
        """
        return self._list("albums.list", Album, **paged("albums", pages))

    async def get(
        self,
        album_id: int,
        *,
        include: Literal["tags", "genres", "artists", "tracks"]
        | Sequence[Literal["tags", "genres", "artists", "tracks"]]
        | None = None,
        options: RequestOptions | None = None,
    ) -> Album:
        """Fetch one album.

        Args:
            album_id: The album.
            include: Related data to embed: ``tags``, ``genres``, ``artists``, ``tracks``
                (one name or a list).
            options: Per-call timeout, retries or headers.

        Returns:
            The album.

        Raises:
            ValueError: An unknown ``include`` value.
            beatkit.errors.NotFoundError: No such album.
        """
        path = {"album": check_id("album_id", album_id)}
        params = {"with": comma_list("include", include, INCLUDES["albums"])}
        return await self._call(
            "albums.get", Album, path=path, params=params, unwrap=_ALBUM, options=options
        )

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

        Returns:
            The new album.

        Raises:
            ValueError: A blank ``name`` or a bad date (before sending).
            beatkit.errors.ConfigurationError: The client has no token.
        """
        body = json_body(
            json_fields(fields),
            name=check_text("name", name),
            description=optional_text("description", description),
            release_date=optional_date("release_date", release_date),
            artist_id=optional_int("artist_id", artist_id, minimum=1),
        )
        return await self._call("albums.create", Album, json=body, unwrap=_ALBUM, options=options)

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

        Returns:
            The album as changed.

        Raises:
            ValueError: No field given.
            beatkit.errors.PermissionDeniedError: Not your album.
        """
        body = json_body(
            json_fields(fields),
            name=optional_text("name", name),
            description=optional_text("description", description),
            release_date=optional_date("release_date", release_date),
            artist_id=optional_int("artist_id", artist_id, minimum=1),
        )
        if not body:
            raise ValueError("albums.update: give at least one field to change")
        path = {"album": check_id("album_id", album_id)}
        return await self._call(
            "albums.update", Album, path=path, json=body, unwrap=_ALBUM, options=options
        )

    async def delete(
        self,
        album_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> None:
        """Delete one album or several (one request).

        Args:
            album_ids: An album id or a sequence of them.
            options: Per-call timeout, retries or headers.

        Returns:
            Nothing.

        Raises:
            beatkit.errors.PermissionDeniedError: An album is not yours.
        """
        path = {"ids": joined_ids("album_ids", album_ids)}
        await self._call("albums.delete", None, path=path, options=options)

    async def producer_analytics(
        self, album_id: int, *, options: RequestOptions | None = None
    ) -> Analytics:
        """An album's producer analytics (in ``figures``, under the API's keys).

        Args:
            album_id: The album.
            options: Per-call timeout, retries or headers.

        Returns:
            The figures.

        Raises:
            beatkit.errors.PermissionDeniedError: Not your album.
        """
        path = {"album": check_id("album_id", album_id)}
        return await self._call(
            "albums.producer_analytics", Analytics, path=path, unwrap=figures, options=options
        )
