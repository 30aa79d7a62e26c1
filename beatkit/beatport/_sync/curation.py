# GENERATED from beatkit/beatport/_async/curation.py by scripts/unasync.py: edit the async source.
"""What Beatport arranges: charts, playlists, curated pages and the auxiliary lookup tables."""

from __future__ import annotations

from typing import Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import check_id
from beatkit.beatport._sync.base import BeatportResource
from beatkit.beatport.models import (
    Chart,
    ChartHit,
    CurationPage,
    CurrentStatus,
    ExclusivePeriod,
    ItemType,
    PageModuleStyle,
    PageModuleType,
    PageType,
    Playlist,
    PlaylistEntry,
    SaleType,
    SearchType,
    SourceType,
    Track,
)
from beatkit.beatport.wire import (
    IdFilter,
    PageArgs,
    TextFilter,
    id_filter,
    paged,
    playlist_entry,
    text_filter,
)

__all__ = ["Auxiliary", "Charts", "Curation", "Playlists"]


class Charts(BeatportResource):
    """``client.charts``: list, get and search charts, and their tracks."""

    def list(
        self,
        *,
        genre_id: IdFilter | None = None,
        name: TextFilter | None = None,
        **pages: Unpack[PageArgs],
    ) -> Pager[Chart]:
        """List charts, optionally of some genres or by name.

        Args:
            genre_id: Genre id(s).
            name: Chart name text (case-insensitive containment).
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of charts.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        query = {"genre_id": id_filter("genre_id", genre_id), "name": text_filter("name", name)}
        return self._list("charts.list", Chart, **paged(pages, query))

    def get(self, chart_id: int, *, options: RequestOptions | None = None) -> Chart:
        """Fetch one chart.

        Args:
            chart_id: The chart's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The chart.

        Raises:
            TypeError: ``chart_id`` is not an int.
            ValueError: ``chart_id`` is below 1.
            beatkit.errors.NotFoundError: No chart has this id.
        """
        path = {"chart_id": check_id("chart_id", chart_id)}
        return self._call("charts.get", Chart, path=path, options=options)

    def tracks(self, chart_id: int, **pages: Unpack[PageArgs]) -> Pager[Track]:
        """A chart's tracks, in chart order, paged.

        Args:
            chart_id: The chart's id.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        path = {"chart_id": check_id("chart_id", chart_id)}
        return self._list("charts.tracks", Track, path=path, **paged(pages))

    def search(self, q: str, **pages: Unpack[PageArgs]) -> Pager[ChartHit | Chart]:
        """Search charts (``/catalog/search/?type=charts``), paged.

        Args:
            q: The search text (not blank).
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of charts, search documents (``ChartHit``) or
            catalog objects, as Beatport answers; both have ``id`` and ``name``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        item = ChartHit | Chart
        return self._search(SearchType.CHARTS, item, q, pages)


class Playlists(BeatportResource):
    """``client.playlists``: Beatport's playlists and their tracks."""

    def get(self, playlist_id: int, *, options: RequestOptions | None = None) -> Playlist:
        """Fetch one playlist.

        Args:
            playlist_id: The playlist's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The playlist.

        Raises:
            TypeError: ``playlist_id`` is not an int.
            ValueError: ``playlist_id`` is below 1.
            beatkit.errors.NotFoundError: No playlist has this id.
        """
        path = {"playlist_id": check_id("playlist_id", playlist_id)}
        return self._call("playlists.get", Playlist, path=path, options=options)

    def tracks(self, playlist_id: int, **pages: Unpack[PageArgs]) -> Pager[PlaylistEntry]:
        """A playlist's entries (track and position), in order, paged.

        A bare track as an item (the consolidated write-up's "paginated tracks") is
        read as an entry without id or position.

        Args:
            playlist_id: The playlist's id.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of entries; ``entry.track`` is the track.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        path = {"playlist_id": check_id("playlist_id", playlist_id)}
        return self._list(
            "playlists.tracks", PlaylistEntry, path=path, unwrap=playlist_entry, **paged(pages)
        )


class Curation(BeatportResource):
    """``client.curation``: the storefront's curated pages and module styles."""

    def pages(self, **pages: Unpack[PageArgs]) -> Pager[CurationPage]:
        """Every curated page, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of curated pages.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        return self._list("curation.pages", CurationPage, **paged(pages))

    def page_module_styles(self, **pages: Unpack[PageArgs]) -> Pager[PageModuleStyle]:
        """Every page module style, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of module styles.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        return self._list("curation.page_module_styles", PageModuleStyle, **paged(pages))


class Auxiliary(BeatportResource):
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

        Raises:
            TypeError: ``status_id`` is not an int.
            ValueError: ``status_id`` is below 1.
            beatkit.errors.NotFoundError: No status has this id.
        """
        path = {"status_id": check_id("status_id", status_id)}
        return self._call(
            "auxiliary.current_status", CurrentStatus, path=path, options=options
        )

    def sale_type(
        self, sale_type_id: int, *, options: RequestOptions | None = None
    ) -> SaleType:
        """Fetch one sale type (``/auxiliary/sale-types/{id}/``).

        Args:
            sale_type_id: The sale type id (a track's ``sale_type.id``).
            options: Per-call timeout, retries or headers.

        Returns:
            The sale type.

        Raises:
            TypeError: ``sale_type_id`` is not an int.
            ValueError: ``sale_type_id`` is below 1.
            beatkit.errors.NotFoundError: No sale type has this id.
        """
        path = {"sale_type_id": check_id("sale_type_id", sale_type_id)}
        return self._call("auxiliary.sale_type", SaleType, path=path, options=options)

    def exclusive_period(
        self, period_id: int, *, options: RequestOptions | None = None
    ) -> ExclusivePeriod:
        """Fetch one exclusive period (``/auxiliary/exclusive-period/{id}/``).

        Args:
            period_id: The period's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The exclusive period.

        Raises:
            TypeError: ``period_id`` is not an int.
            ValueError: ``period_id`` is below 1.
            beatkit.errors.NotFoundError: No period has this id.
        """
        path = {"period_id": check_id("period_id", period_id)}
        return self._call(
            "auxiliary.exclusive_period", ExclusivePeriod, path=path, options=options
        )

    def item_types(self, **pages: Unpack[PageArgs]) -> Pager[ItemType]:
        """Every item type, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of item types.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        return self._list("auxiliary.item_types", ItemType, **paged(pages))

    def page_module_types(self, **pages: Unpack[PageArgs]) -> Pager[PageModuleType]:
        """Every page module type, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of page module types.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        return self._list("auxiliary.page_module_types", PageModuleType, **paged(pages))

    def page_types(self, **pages: Unpack[PageArgs]) -> Pager[PageType]:
        """Every page type, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of page types.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        return self._list("auxiliary.page_types", PageType, **paged(pages))

    def source_types(self, **pages: Unpack[PageArgs]) -> Pager[SourceType]:
        """Every source type, paged.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of source types.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        return self._list("auxiliary.source_types", SourceType, **paged(pages))
