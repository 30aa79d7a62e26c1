# GENERATED from beatkit/beatpass/_async/discovery.py by scripts/unasync.py: edit the async source.
"""Search and discovery: ``client.search``, ``client.genres``, ``client.tags``, ``client.radio``."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.resource import Resource
from beatkit._core.operation import RequestOptions
from beatkit._core.params import check_id, comma_list, optional_int, optional_text
from beatkit._core.validate import check_choice, check_text
from beatkit.beatpass.models import (
    Album,
    AudioSearchResult,
    Genre,
    RadioRecommendations,
    RadioType,
    SearchResults,
    SearchType,
    Suggestion,
    Track,
)
from beatkit.beatpass.wire import PageArgs, many, one, paged, search_results

__all__ = ["Genres", "Radio", "Search", "Tags"]


class Search(Resource):
    """``client.search``: call it to search; suggestions and audio search as methods."""

    def __call__(
        self,
        query: str,
        *,
        types: Sequence[SearchType | Literal["album", "artist", "playlist", "track", "user"]]
        | str
        | None = None,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> SearchResults:
        """Search albums, artists, playlists, tracks and users.

        Args:
            query: The keywords.
            types: Which kinds to search (``album``, ``artist``, ``playlist``,
                ``track``, ``user``; a list or a comma-separated string); all when omitted.
            limit: Results per kind (the API's default is 3).
            options: Per-call timeout, retries or headers.

        Returns:
            The results of each kind.

        Raises:
            TypeError: ``types`` is a mapping, a set or bytes (give a list or a string).
            ValueError: A blank ``query``, an unknown type, or an empty ``types``.
        """
        kinds = [kind.strip() for kind in types.split(",")] if isinstance(types, str) else types
        params = {
            "query": check_text("query", query),
            "types": comma_list("types", kinds, [t.value for t in SearchType]),
            "limit": optional_int("limit", limit, minimum=1),
        }
        if types is not None and params["types"] is None:
            # Left out of the query, no type would mean every type.
            raise ValueError("types must not be empty (leave it out to search every type)")
        return self._call(
            "search", SearchResults, params=params, unwrap=search_results, options=options
        )

    def artist_suggestions(
        self, query: str | None = None, *, options: RequestOptions | None = None
    ) -> builtins.list[Suggestion]:
        """Artists whose name starts like ``query`` (for pickers).

        Args:
            query: The start of a name.
            options: Per-call timeout, retries or headers.

        Returns:
            The suggestions.

        Raises:
            ValueError: A blank ``query``.
        """
        return self._suggestions("search.artist_suggestions", "artists", query, options)

    def artist_suggestion(
        self, artist_id: int, *, options: RequestOptions | None = None
    ) -> Suggestion:
        """One artist as a suggestion (to show a picker's current value).

        Args:
            artist_id: The artist.
            options: Per-call timeout, retries or headers.

        Returns:
            The suggestion.

        Raises:
            beatkit.errors.NotFoundError: No such artist.
        """
        return self._suggestion("search.artist_suggestion", "artist", artist_id, options)

    def album_suggestions(
        self, query: str | None = None, *, options: RequestOptions | None = None
    ) -> builtins.list[Suggestion]:
        """Albums whose name starts like ``query`` (for pickers).

        Args:
            query: The start of a name.
            options: Per-call timeout, retries or headers.

        Returns:
            The suggestions.

        Raises:
            ValueError: A blank ``query``.
        """
        return self._suggestions("search.album_suggestions", "albums", query, options)

    def album_suggestion(
        self, album_id: int, *, options: RequestOptions | None = None
    ) -> Suggestion:
        """One album as a suggestion.

        Args:
            album_id: The album.
            options: Per-call timeout, retries or headers.

        Returns:
            The suggestion.

        Raises:
            beatkit.errors.NotFoundError: No such album.
        """
        return self._suggestion("search.album_suggestion", "album", album_id, options)

    def audio(
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

        Returns:
            The similar tracks.

        Raises:
            ValueError: A blank name, or an id below 1.
        """
        path: dict[str, str | int] = {
            "trackId": check_id("track_id", track_id),
            "artistName": check_text("artist_name", artist_name),
            "trackName": check_text("track_name", track_name),
        }
        return self._call(
            "search.audio", AudioSearchResult, path=path, unwrap=one(), options=options
        )

    def _suggestions(
        self, operation: str, key: str, query: str | None, options: RequestOptions | None
    ) -> builtins.list[Suggestion]:
        """Artist or album suggestions: the answer's list under ``results``,
        ``suggestions`` or ``key``."""
        return self._call(
            operation,
            builtins.list[Suggestion],
            params={"query": optional_text("query", query)},
            unwrap=many("results", "suggestions", key),
            options=options,
        )

    def _suggestion(
        self, operation: str, key: str, id: int, options: RequestOptions | None
    ) -> Suggestion:
        """One artist or album (``key``) as a suggestion; ``id`` is checked as ``{key}_id``."""
        return self._call(
            operation,
            Suggestion,
            path={"id": check_id(f"{key}_id", id)},
            unwrap=one("model", "result", key),
            options=options,
        )


class Genres(Resource):
    """``client.genres``."""

    def list(self, **pages: Unpack[PageArgs]) -> Pager[Genre]:
        """Every genre (paged when the API pages it).

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the genres.

        Raises:
            ValueError: ``page`` or ``per_page`` below 1.
        """
        return self._list("genres.list", Genre, **paged("genres", pages))

    def get(self, name: str, *, options: RequestOptions | None = None) -> Genre:
        """One genre by name.

        Args:
            name: The genre's name.
            options: Per-call timeout, retries or headers.

        Returns:
            The genre.

        Raises:
            ValueError: A blank ``name`` (before sending).
            beatkit.errors.NotFoundError: No such genre.
        """
        path = {"name": check_text("name", name)}
        return self._call(
            "genres.get", Genre, path=path, unwrap=one("genre"), options=options
        )


class Tags(Resource):
    """``client.tags``: tracks and albums by tag."""

    def tracks(self, tag: str, **pages: Unpack[PageArgs]) -> Pager[Track]:
        """Tracks with a tag, paged.

        Args:
            tag: The tag's name.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the tracks.

        Raises:
            ValueError: A blank ``tag``, or ``page`` or ``per_page`` below 1.
        """
        path = {"tagName": check_text("tag", tag)}
        return self._list("tags.tracks", Track, path=path, **paged("tracks", pages, size="perPage"))

    def albums(self, tag: str, **pages: Unpack[PageArgs]) -> Pager[Album]:
        """Albums with a tag, paged.

        Args:
            tag: The tag's name.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the albums.

        Raises:
            ValueError: A blank ``tag``, or ``page`` or ``per_page`` below 1.
        """
        path = {"tagName": check_text("tag", tag)}
        return self._list("tags.albums", Album, path=path, **paged("albums", pages, size="perPage"))


class Radio(Resource):
    """``client.radio``: recommendations seeded from an artist, track, genre or tag."""

    def get(
        self,
        type: RadioType | Literal["artist", "track", "genre", "tag"],
        id: int,
        *,
        options: RequestOptions | None = None,
    ) -> RadioRecommendations:
        """A radio station's tracks.

        Args:
            type: ``artist``, ``track``, ``genre`` or ``tag``.
            id: The seed's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The seed and its recommended tracks.

        Raises:
            ValueError: An unknown ``type``, or an id below 1.
        """
        path: dict[str, str | int] = {
            "type": check_choice("type", type, [t.value for t in RadioType]),
            "id": check_id("id", id),
        }
        return self._call(
            "radio.get", RadioRecommendations, path=path, unwrap=one(), options=options
        )
