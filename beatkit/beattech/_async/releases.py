"""Releases: albums, singles, audiobooks and e-books, their lookups, filters, reviews and
the user's bookmarks and progress on them."""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Literal, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import optional_date
from beatkit._core.validate import check_choice, check_text
from beatkit.beattech._async.base import AsyncBeatTechResource

# The series and stream resources live in modules of their own (this one would pass
# 1,000 lines); the client takes every catalogue resource from here.
from beatkit.beattech.context import text_id
from beatkit.beattech.editing import SYNTHETIC_GROUPS
from beatkit.beattech.headers import (
    ImageSizes,
    Include,
    RangeArgs,
    change_headers,
    every_window,
    include_header,
    range_filtered,
    ranged,
)
from beatkit.beattech.identifiers import isbn, optional_id, upc
from beatkit.beattech.models import (
    Bookmark,
    Progress,
    Rating,
    Release,
)
from beatkit.beattech.sync import favourite_body
from beatkit.errors import ConfigurationError

__all__ = ["AsyncReleases"]

_RELEASE_FILTERS = (
    "series_id",
    "rated_by",
    "media_available_from",
    "banner_group_id",
    "release_group_id",
)


class AsyncReleases(AsyncBeatTechResource):
    """``bt.releases``: ``get`` (also by ISBN), ``favourite``, ``alternates``,
    ``bookmarks``, ``ratings``, ``track_bookmarks``, ``track_progresses``,
    ``get_by_upc``, ``search`` and ``list`` (filters)."""

    async def get(
        self,
        release_id: str | int,
        *,
        ns: Literal["isbn"] | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Release:
        """Fetch one release by id, or by ISBN (``GET /v2/releases/{release_id}[?ns=isbn]``).

        Args:
            release_id: The release's id; with ``ns="isbn"`` its ISBN-10 or ISBN-13
                (``"9788242180711"``; hyphens are dropped).
            ns: ``"isbn"`` to look the release up by ISBN.
            include: Sub-objects to embed (``X-Include``): ``"release-tracks"``,
                ``"release-prices"``, ``"release-reviews"``, ``"release-notes"``...
            image_sizes: Cover and actor image sizes, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The release.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, an ISBN of the wrong form, an ``ns`` other than
                ``"isbn"``, an unknown include or a bad image size.
            beatkit.errors.NotFoundError: No release has this id or ISBN.
        """
        if ns is None:
            path_id = text_id("release_id", release_id)
        else:
            check_choice("ns", ns, ("isbn",))
            path_id = isbn("release_id", release_id)
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return await self._call(
            "releases.get",
            Release,
            path={"release_id": path_id},
            params={"ns": ns},
            headers=headers,
            unwrap="release",
            options=options,
        )

    async def get_by_upc(
        self,
        upc_code: str,
        *,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> Release:
        """Fetch a release by its Universal Product Code
        (``GET /v2/releases/upc/{upc_code}``, path inferred).

        Args:
            upc_code: The UPC or EAN as text, leading zeros included
                (``"0724382304258"``): 8 to 14 digits.
            image_sizes: Cover and actor image sizes, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The release.

        Raises:
            TypeError: ``upc_code`` is not text (an int would lose its leading zeros).
            ValueError: Not 8 to 14 digits.
            beatkit.errors.NotFoundError: No release has this code.
        """
        return await self._call(
            "releases.get_by_upc",
            Release,
            path={"upc_code": upc("upc_code", upc_code)},
            headers=self._context.image_headers(image_sizes),
            unwrap="release",
            options=options,
        )

    async def alternates(
        self,
        release_id: str | int,
        *,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> builtins.list[Release]:
        """The editions of a book (``GET /v2/releases/{release_id}/alternates``, path
        inferred): its e-book and audiobook, the release itself included.

        Args:
            release_id: The release's id.
            image_sizes: Cover and actor image sizes, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The editions, from every window of the list when the server pages it (as
            the page's rule for every list has it, L70-76), none cut off.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.NotFoundError: No release has this id.
        """
        editions = self._list(
            "releases.alternates",
            Release,
            path={"release_id": text_id("release_id", release_id)},
            headers=self._context.image_headers(image_sizes),
            **every_window("releases", options),
        )
        return [edition async for edition in editions]

    def bookmarks(self, release_id: str | int, **pages: Unpack[RangeArgs]) -> AsyncPager[Bookmark]:
        """The logged-in user's bookmarks on a release (entity type ``release``)
        (``GET /v2/releases/{release_id}/bookmarks``, path inferred), Range-paged.

        Args:
            release_id: The release's id.
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
            "releases.bookmarks",
            Bookmark,
            path={"release_id": text_id("release_id", release_id)},
            **ranged("releases.bookmarks", "bookmarks", pages),
        )

    def track_bookmarks(
        self, release_id: str | int, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[Bookmark]:
        """The logged-in user's bookmarks on the tracks of a release
        (``GET /v2/releases/{release_id}/tracks/bookmarks``, path inferred), Range-paged.

        Args:
            release_id: The release's id.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the bookmarks (entity type ``track``).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a page value out of range.
            beatkit.errors.ConfigurationError: No logged-in user (before sending).
        """
        return self._list(
            "releases.track_bookmarks",
            Bookmark,
            path={"release_id": text_id("release_id", release_id)},
            **ranged("releases.track_bookmarks", "bookmarks", pages),
        )

    def track_progresses(
        self, release_id: str | int, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[Progress]:
        """The logged-in user's progress in the tracks of a release
        (``GET /v2/releases/{release_id}/tracks/progresses``, path inferred),
        Range-paged. Deprecated by the API: use ``bt.progresses.list``.

        Args:
            release_id: The release's id.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the progress records.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a page value out of range.
            beatkit.errors.ConfigurationError: No logged-in user (when iterated).
        """
        warnings.warn(
            "releases.track_progresses is deprecated by Beat Technology; use bt.progresses.list",
            DeprecationWarning,
            stacklevel=2,
        )
        return self._list(
            "releases.track_progresses",
            Progress,
            path={"release_id": text_id("release_id", release_id)},
            **ranged("releases.track_progresses", "progresses", pages),
        )

    def ratings(self, release_id: str | int, **pages: Unpack[RangeArgs]) -> AsyncPager[Rating]:
        """Users' ratings of a release (``GET /v2/releases/{release_id}/ratings``, path
        inferred), Range-paged.

        Args:
            release_id: The release's id.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the ratings.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a page value out of range.
        """
        return self._list(
            "releases.ratings",
            Rating,
            path={"release_id": text_id("release_id", release_id)},
            **ranged("releases.ratings", "ratings", pages),
        )

    def search(
        self,
        query: str,
        *,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Release]:
        """Search releases by text (``GET /v2/releases?query=``), Range-paged in ``releases``.

        Args:
            query: The search text (not blank).
            include: Sub-objects to embed (``X-Include``).
            image_sizes: Cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the matching releases.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``query`` is blank, an unknown include, or a page value or size
                out of range.
        """
        params = {"query": check_text("query", query)}
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._list(
            "releases.list",
            Release,
            headers=headers,
            **ranged("releases.list", "releases", pages, params),
        )

    def list(
        self,
        *,
        series_id: str | int | None = None,
        release_numbers: tuple[int, int] | None = None,
        rated_by: str | int | None = None,
        media_available_from: date | str | None = None,
        licensor_id: str | int | None = None,
        banner_group_id: str | int | None = None,
        release_group_id: str | int | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Release]:
        """Releases chosen by one filter (``GET /v2/releases``), Range-paged in ``releases``.

        The endpoint is a dispatcher: give exactly one of ``series_id``,
        ``rated_by``, ``media_available_from``, ``banner_group_id`` or
        ``release_group_id`` (the API answers an empty list without one, and does not
        say how it combines several). For a text search use :meth:`search`.

        Args:
            series_id: The releases of a series.
            release_numbers: With ``series_id``: only the releases numbered ``min`` to
                ``max`` (both included), sent as ``Range: release_number=<min>-<max>``.
                That header is a filter here, not a window: one request brings every
                match, so ``page_size`` and ``start`` cannot be combined with it. An
                answer holding a release whose own ``release_number`` (in its
                ``extra``) lies outside the bounds shows the server did not apply the
                filter, and is an error; releases without one are kept.
            rated_by: The releases a user rated; the API answers only for the
                logged-in user's own id.
            media_available_from: Releases whose media becomes available on or after
                this day (``date`` or ``"YYYY-MM-DD"``; the API treats a future day
                as today).
            licensor_id: With ``media_available_from``: only this licensor's releases.
            banner_group_id: The releases a banner group links to.
            release_group_id: The releases of a release group: its id, or a user's
                ``"purchased"``, ``"borrowed"``, ``"finished"``, ``"played"`` or
                ``"wishlist"`` (those need a logged-in user).
            include: Sub-objects to embed (``X-Include``).
            image_sizes: Cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the releases.

        Raises:
            TypeError: An argument has the wrong type (a ``datetime`` for
                ``media_available_from`` included).
            ValueError: No filter or several, ``licensor_id`` without
                ``media_available_from``, ``release_numbers`` without ``series_id``,
                with ``min > max`` or with a ``max`` past 10**18 - 1 (the server's
                ``Content-Range`` echo could not be read back), a blank id, or a page
                value out of range.
            beatkit.errors.ConfigurationError: ``release_group_id`` is an alias
                (``wishlist``...) and no user is logged in.
            beatkit.errors.ResponseDecodeError: With ``release_numbers``, when iterated:
                the answer shows the server did not apply the filter (a release
                numbered outside the bounds, or a window of another unit with more
                releases before or after it).
            beatkit.errors.RangeNotSatisfiableError: With ``release_numbers``, when
                iterated: a 416 naming another unit than ``release_number``.
        """
        query = {
            "series_id": optional_id("series_id", series_id),
            "rated_by": optional_id("rated_by", rated_by),
            "media_available_from": optional_date("media_available_from", media_available_from),
            "licensor_id": optional_id("licensor_id", licensor_id),
            "banner_group_id": optional_id("banner_group_id", banner_group_id),
            "release_group_id": optional_id("release_group_id", release_group_id),
        }
        given = [name for name in _RELEASE_FILTERS if query[name] is not None]
        if len(given) != 1:
            names = ", ".join(_RELEASE_FILTERS)
            found = ", ".join(given) or "none"
            raise ValueError(f"give exactly one of {names} (got {found}); search() takes a query")
        if licensor_id is not None and media_available_from is None:
            raise ValueError("licensor_id is a filter of media_available_from only")
        if release_numbers is not None and series_id is None:
            raise ValueError("release_numbers filters the releases of a series_id")
        alias = query["release_group_id"]
        if alias in SYNTHETIC_GROUPS and not self._context.tokens.logged_in:
            # Sent with the app token, which has no user, the API would refuse it (403).
            raise ConfigurationError(
                f"release_group_id={alias!r} is the logged-in user's shelf: "
                "log in first (bt.auth.login)"
            )
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        call = (
            ranged("releases.list", "releases", pages, query)
            if release_numbers is None
            else range_filtered("releases", "release_number", release_numbers, pages, query)
        )
        return self._list("releases.list", Release, headers=headers, **call)

    async def favourite(
        self,
        release_id: str | int,
        favourite: bool = True,
        *,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
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
        return await self._call(
            "releases.favourite",
            Release,
            path={"release_id": text_id("release_id", release_id)},
            headers=headers,
            json=favourite_body(favourite),
            unwrap="release",
            options=options,
        )
