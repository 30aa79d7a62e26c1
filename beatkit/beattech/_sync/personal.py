# GENERATED from beatkit/beattech/_async/personal.py by scripts/unasync.py: edit the async source.
"""Personal data: bookmarks, progresses, ratings, favourites, quotas and LCP licenses."""

from __future__ import annotations

import builtins
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import optional_choice
from beatkit._core.validate import check_choice, check_int, check_text
from beatkit.beattech._sync.base import BeatTechResource
from beatkit.beattech.auth import SERVICE
from beatkit.beattech.context import text_id, text_ids
from beatkit.beattech.editing import PROGRESS_ENTITY_TYPES, position_fields
from beatkit.beattech.headers import (
    RangeArgs,
    change_headers,
    every_window,
    format_changed,
    ranged,
)
from beatkit.beattech.models import Bookmark, Favourite, LcpLicense, Progress, Quota, Rating
from beatkit.beattech.sync import (
    BOOKMARK_ENTITY_TYPES,
    FAVOURITE_LOOKUP_TYPES,
    RATING_ENTITY_TYPES,
    bookmark_body,
    rating_body,
)
from beatkit.beattech.wire import MAX_LOOKUP_IDS, object_answer
from beatkit.errors import APIError, AuthenticationError

__all__ = [
    "Bookmarks",
    "Favourites",
    "Lcp",
    "Progresses",
    "Quotas",
    "Ratings",
]

logger = logging.getLogger("beatkit.beattech")


class Bookmarks(BeatTechResource):
    """``bt.bookmarks``: ``create``, ``get``, ``update`` and ``delete`` a bookmark."""

    def create(
        self,
        entity_type: Literal["track", "release", "artist"],
        entity_id: str | int,
        *,
        position: int | None = None,
        position_type: Literal["audio", "ebook"] | None = None,
        reader_position_selector: str | None = None,
        reader_position_ratio: float | None = None,
        note: str | None = None,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> Bookmark:
        """Bookmark a track, release or artist (``POST /v2/bookmarks``; the path is
        inferred from its siblings).

        An audio bookmark (the default) needs ``position``; an e-book bookmark
        (``position_type="ebook"``) needs ``reader_position_selector`` and
        ``reader_position_ratio``.

        Args:
            entity_type: ``"track"``, ``"release"`` or ``"artist"``.
            entity_id: Its id.
            position: Seconds from the start (audio).
            position_type: ``"audio"`` (the API's default) or ``"ebook"``.
            reader_position_selector: An EPUB CFI such as ``"epubcfi(/6/2!/0)"`` (e-book).
            reader_position_ratio: How far into the book, 0 to 1 (e-book).
            note: The user's note.
            changed_at: ``X-Change-Timestamp``: when the user made it (timezone-aware);
                the server's time when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The new bookmark.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown entity type or position type, a position missing
                for its kind, a negative position or a ratio outside 0-1.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        body = bookmark_body(
            entity_type=check_choice("entity_type", entity_type, BOOKMARK_ENTITY_TYPES),
            entity_id=entity_id,
            note=note,
            position_type=position_type,
            position=position,
            reader_position_selector=reader_position_selector,
            reader_position_ratio=reader_position_ratio,
        )
        return self._call(
            "bookmarks.create",
            Bookmark,
            headers=change_headers(None, changed_at),
            json=body,
            unwrap="bookmark",
            options=options,
        )

    def get(
        self, bookmark_id: str | int, *, options: RequestOptions | None = None
    ) -> Bookmark:
        """Fetch one of the user's bookmarks (``GET /v2/bookmarks/{bookmark_id}``;
        the path is inferred).

        Args:
            bookmark_id: The bookmark's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The bookmark.

        Raises:
            TypeError: The id has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: The user has no bookmark with this id.
        """
        return self._call(
            "bookmarks.get",
            Bookmark,
            path={"bookmark_id": text_id("bookmark_id", bookmark_id)},
            unwrap="bookmark",
            options=options,
        )

    def update(
        self,
        bookmark_id: str | int,
        *,
        note: str | None = None,
        position_type: Literal["audio", "ebook"] | None = None,
        position: int | None = None,
        reader_position_selector: str | None = None,
        reader_position_ratio: float | None = None,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> Bookmark:
        """Move a bookmark or change its note (``PATCH /v2/bookmarks/{bookmark_id}``;
        the path is inferred).

        Give at least one field. Naming ``position_type`` needs the position of that
        kind as well.

        Args:
            bookmark_id: The bookmark's id.
            note: The new note (``""`` clears it).
            position_type: ``"audio"`` or ``"ebook"``.
            position: Seconds from the start (audio).
            reader_position_selector: An EPUB CFI (e-book).
            reader_position_ratio: 0 to 1 (e-book).
            base_change: ``X-Base-Change``: the change id the edit was made against.
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware).
            options: Per-call timeout, retries or headers.

        Returns:
            The bookmark as the server now holds it (a newer change made elsewhere
            wins over an older edit).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: No field, a position missing for the kind named, or a value
                out of range.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.BadRequestError: ``base_change`` is ahead of the user's
                latest change, or the server refused the fields.
            beatkit.errors.NotFoundError: The user has no bookmark with this id.
        """
        body = bookmark_body(
            note=note,
            position_type=position_type,
            position=position,
            reader_position_selector=reader_position_selector,
            reader_position_ratio=reader_position_ratio,
        )
        return self._call(
            "bookmarks.update",
            Bookmark,
            path={"bookmark_id": text_id("bookmark_id", bookmark_id)},
            headers=change_headers(base_change, changed_at),
            json=body,
            unwrap="bookmark",
            options=options,
        )

    def delete(
        self,
        bookmark_id: str | int,
        *,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Delete a bookmark (``DELETE /v2/bookmarks/{bookmark_id}``; the path is inferred).

        Args:
            bookmark_id: The bookmark's id.
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: The user has no bookmark with this id.
        """
        self._call(
            "bookmarks.delete",
            None,
            path={"bookmark_id": text_id("bookmark_id", bookmark_id)},
            headers=change_headers(None, changed_at),
            options=options,
        )


class Progresses(BeatTechResource):
    """``bt.progresses``: ``list``, ``create`` (upsert), ``get``, ``update`` and ``delete``
    progress records.

    A record says how far the user got in a track or release: seconds from the start
    (``stop_position``, audio) or an EPUB location (``reader_position_selector`` and
    ``reader_position_ratio``, e-books). ``changed`` is when that position was
    reached, sent as ``YYYY-MM-DD hh:mm:ss`` in UTC (the form these operations take).
    """

    def list(
        self,
        *,
        entity_type: Literal["track", "release"] | None = None,
        entity_ids: str | int | Iterable[str | int] | None = None,
        **pages: Unpack[RangeArgs],
    ) -> Pager[Progress]:
        """The user's progress records, latest ``changed`` first (``GET /v2/progresses``),
        Range-paged in ``items``. The first one is the entity played last.

        Args:
            entity_type: Only records about ``"track"`` or ``"release"`` entities;
                given together with ``entity_ids``.
            entity_ids: Only records about these entities; given together with
                ``entity_type``.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the records.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Only one of ``entity_type`` and ``entity_ids``, an unknown
                type, a blank id or a bad page value.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        if (entity_type is None) != (entity_ids is None):
            raise ValueError("entity_type and entity_ids filter together: give both or neither")
        params = {
            "entity_type": optional_choice("entity_type", entity_type, PROGRESS_ENTITY_TYPES),
            "entity_id": None if entity_ids is None else text_ids("entity_ids", entity_ids),
        }
        return self._list(
            "progresses.list", Progress, **ranged("progresses.list", "progresses", pages, params)
        )

    def create(
        self,
        entity_type: Literal["track", "release"],
        entity_id: str | int,
        *,
        changed: datetime,
        position_type: Literal["audio", "ebook"] | None = None,
        stop_position: int | None = None,
        reader_position_selector: str | None = None,
        reader_position_ratio: float | None = None,
        options: RequestOptions | None = None,
    ) -> Progress:
        """Record how far the user got in a track or release (``POST /v2/progresses``;
        the path is inferred).

        An upsert: when the user already has a record for the entity, that record is
        updated with the new position and ``changed``.

        Args:
            entity_type: ``"track"`` or ``"release"``.
            entity_id: The entity's id.
            changed: When the position was reached (timezone-aware; sent in UTC).
            position_type: ``"audio"`` (the default) or ``"ebook"``.
            stop_position: Seconds from the start (required for audio; an e-book
                record may carry one too).
            reader_position_selector: An EPUB CFI such as ``"epubcfi(/6/2!/0)"``
                (required for e-books).
            reader_position_ratio: How far into the book, 0 to 1 (required for e-books).
            options: Per-call timeout, retries or headers.

        Returns:
            The stored record.

        Raises:
            TypeError: An argument has the wrong type, or ``changed`` is naive.
            ValueError: An unknown type, a blank id, a missing position field of the
                type, ``reader_position_*`` on an audio position, a negative position,
                a ratio outside 0..1.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: No such entity.
        """
        body = {
            "entity_type": check_choice("entity_type", entity_type, PROGRESS_ENTITY_TYPES),
            "entity_id": text_id("entity_id", entity_id),
            "changed": format_changed(changed),
            **position_fields(
                position_type=position_type,
                stop_position=stop_position,
                reader_position_selector=reader_position_selector,
                reader_position_ratio=reader_position_ratio,
            ),
        }
        return self._call(
            "progresses.create", Progress, json=body, unwrap="progress", options=options
        )

    def get(
        self, progress_id: str | int, *, options: RequestOptions | None = None
    ) -> Progress:
        """Fetch one of the user's progress records (``GET /v2/progresses/{progress_id}``;
        the path is inferred).

        Args:
            progress_id: The record's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The record.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: The user has no record with this id.
        """
        return self._call(
            "progresses.get",
            Progress,
            path={"progress_id": text_id("progress_id", progress_id)},
            unwrap="progress",
            options=options,
        )

    def update(
        self,
        progress_id: str | int,
        *,
        changed: datetime,
        position_type: Literal["audio", "ebook"] | None = None,
        stop_position: int | None = None,
        reader_position_selector: str | None = None,
        reader_position_ratio: float | None = None,
        options: RequestOptions | None = None,
    ) -> Progress:
        """Move one of the user's progress records to a new position
        (``PATCH /v2/progresses/{progress_id}``; the path is inferred). Its entity stays.

        Args:
            progress_id: The record's id.
            changed: When the new position was reached (timezone-aware; sent in UTC).
            position_type: ``"audio"`` (the default) or ``"ebook"``.
            stop_position: Seconds from the start (required for audio; an e-book
                record may carry one too).
            reader_position_selector: An EPUB CFI (required for e-books).
            reader_position_ratio: How far into the book, 0 to 1 (required for e-books).
            options: Per-call timeout, retries or headers.

        Returns:
            The record as changed.

        Raises:
            TypeError: An argument has the wrong type, or ``changed`` is naive.
            ValueError: A blank id, a missing position field of the type,
                ``reader_position_*`` on an audio position, a negative position, a ratio
                outside 0..1.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: The user has no record with this id.
        """
        body = {
            "changed": format_changed(changed),
            **position_fields(
                position_type=position_type,
                stop_position=stop_position,
                reader_position_selector=reader_position_selector,
                reader_position_ratio=reader_position_ratio,
            ),
        }
        return self._call(
            "progresses.update",
            Progress,
            path={"progress_id": text_id("progress_id", progress_id)},
            json=body,
            unwrap="progress",
            options=options,
        )

    def delete(
        self, progress_id: str | int, *, options: RequestOptions | None = None
    ) -> None:
        """Delete one of the user's progress records (``DELETE /v2/progresses/{progress_id}``;
        the path is inferred).

        Args:
            progress_id: The record's id.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: The user has no record with this id.
        """
        self._call(
            "progresses.delete",
            None,
            path={"progress_id": text_id("progress_id", progress_id)},
            options=options,
        )


class Ratings(BeatTechResource):
    """``bt.ratings``: ``list`` (a release's), ``create``, ``get``, ``update`` and
    ``delete`` ratings."""

    def list(
        self,
        entity_id: str | int,
        *,
        entity_type: Literal["release"] = "release",
        **pages: Unpack[RangeArgs],
    ) -> Pager[Rating]:
        """The user's ratings of a release (``GET /v2/ratings?entity_type=release&entity_id=``;
        the path is inferred), Range-paged.

        Only releases can be listed (the API answers 400 for another type).

        Args:
            entity_id: The release's id.
            entity_type: ``"release"``, the only type the API lists.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the ratings.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, another entity type, or a page value out of range.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        query = {
            "entity_type": check_choice("entity_type", entity_type, ("release",)),
            "entity_id": text_id("entity_id", entity_id),
        }
        return self._list("ratings.list", Rating, **ranged("ratings.list", "ratings", pages, query))

    def create(
        self,
        entity_type: Literal["track", "release", "artist"],
        entity_id: str | int,
        value: int,
        *,
        note: str | None = None,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> Rating:
        """Rate a track, release or artist from 0 to 5 stars (``POST /v2/ratings``).

        Args:
            entity_type: ``"track"``, ``"release"`` or ``"artist"``.
            entity_id: Its id.
            value: 0 to 5.
            note: The user's note.
            changed_at: ``X-Change-Timestamp``: when the user rated (timezone-aware).
            options: Per-call timeout, retries or headers.

        Returns:
            The new rating.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown entity type, a blank id or a value outside 0-5.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        body = rating_body(
            entity_type=check_choice("entity_type", entity_type, RATING_ENTITY_TYPES),
            entity_id=entity_id,
            value=check_int("value", value, minimum=0, maximum=5),
            note=note,
        )
        return self._call(
            "ratings.create",
            Rating,
            headers=change_headers(None, changed_at),
            json=body,
            unwrap="rating",
            options=options,
        )

    def get(self, rating_id: str | int, *, options: RequestOptions | None = None) -> Rating:
        """Fetch one of the user's ratings (``GET /v2/ratings/{rating_id}``; the path is
        inferred).

        Args:
            rating_id: The rating's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The rating.

        Raises:
            TypeError: The id has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: The user has no rating with this id.
        """
        return self._call(
            "ratings.get",
            Rating,
            path={"rating_id": text_id("rating_id", rating_id)},
            unwrap="rating",
            options=options,
        )

    def update(
        self,
        rating_id: str | int,
        *,
        value: int | None = None,
        note: str | None = None,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> Rating:
        """Change a rating's value or note (``PATCH /v2/ratings/{rating_id}``; the path is
        inferred). Give at least one of them.

        Args:
            rating_id: The rating's id.
            value: The new value, 0 to 5.
            note: The new note (``""`` clears it).
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware).
            options: Per-call timeout, retries or headers.

        Returns:
            The rating as the server now holds it.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Neither value nor note, or a value outside 0-5.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: The user has no rating with this id.
        """
        body = rating_body(value=value, note=note)
        return self._call(
            "ratings.update",
            Rating,
            path={"rating_id": text_id("rating_id", rating_id)},
            headers=change_headers(None, changed_at),
            json=body,
            unwrap="rating",
            options=options,
        )

    def delete(
        self,
        rating_id: str | int,
        *,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Delete a rating (``DELETE /v2/ratings/{rating_id}``; the path is inferred).

        Args:
            rating_id: The rating's id.
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: The user has no rating with this id.
        """
        self._call(
            "ratings.delete",
            None,
            path={"rating_id": text_id("rating_id", rating_id)},
            headers=change_headers(None, changed_at),
            options=options,
        )


class Favourites(BeatTechResource):
    """``bt.favourites``: ``lookup`` which of some entities the user favourited."""

    def lookup(
        self,
        entity_type: Literal["artist", "release", "release-group", "track", "user"],
        entity_ids: str | int | Iterable[str | int],
        *,
        options: RequestOptions | None = None,
    ) -> builtins.list[Favourite]:
        """Which of some entities the user has as favourites
        (``GET /v2/favourites?entity_type=&entity_id=``; the path is inferred).

        Args:
            entity_type: ``"artist"``, ``"release"``, ``"release-group"``, ``"track"``
                or ``"user"``.
            entity_ids: One id or up to 1000 of them.
            options: Per-call timeout, retries or headers.

        Returns:
            The favourited ones only (an id that is not a favourite is left out), from
            every window of the list when the server pages it (L70-76).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown entity type, no id, a blank id or more than 1000.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        query = {
            "entity_type": check_choice("entity_type", entity_type, FAVOURITE_LOOKUP_TYPES),
            "entity_id": text_ids("entity_ids", entity_ids, maximum=MAX_LOOKUP_IDS),
        }
        found = self._list(
            "favourites.lookup", Favourite, **every_window("favourites", options, query)
        )
        return [favourite for favourite in found]


class Quotas(BeatTechResource):
    """``bt.quotas``: the user's streaming and download quotas (``list``)."""

    def list(self, *, options: RequestOptions | None = None) -> builtins.list[Quota]:
        """The user's quotas and what is used of them (``GET /v2/quotas``; the path is
        inferred): one window (``quota_start`` to ``quota_end``) each, with seconds
        allowed, used and remaining, and whether streaming and downloads are allowed.

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The quotas (none without a subscription), from every window of the list
            when the server pages it (L70-76).

        Raises:
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        quotas = self._list("quotas.list", Quota, **every_window("quotas", options))
        return [quota for quota in quotas]


class Lcp(BeatTechResource):
    """``bt.lcp``: Readium LCP licenses: ``generate_license`` (an e-book export) and
    ``license_status`` (the LCP provider's entitlement check, HTTP Basic)."""

    def generate_license(
        self, release_id: str | int, password: str, *, options: RequestOptions | None = None
    ) -> LcpLicense:
        """Generate a Readium LCP license for the user to export a release
        (``POST /v2/releases/{release_id}/lcp/license``, purpose ``export``).

        The API allows a number of exports per user in a window of days; past it the
        call is refused with :class:`~beatkit.errors.ExportLimitReachedError`. The
        password protects the exported file; it is never logged nor shown in errors.

        Args:
            release_id: The release to export.
            password: The license's passphrase (not blank).
            options: Per-call timeout, retries or headers.

        Returns:
            The API's answer (empty in the page's sample, ``{}``; PHP's ``[]`` and an
            answer without a body read the same; any keys land in ``extra``).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id or password.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.ExportLimitReachedError: The user's export window is used up.
            beatkit.errors.NotFoundError: No such release.
        """
        body = {"purpose": "export", "password": check_text("password", password)}
        return self._call(
            "lcp.generate_license",
            LcpLicense,
            path={"release_id": text_id("release_id", release_id)},
            json=body,
            # The page's answer is {}: PHP writes it [] (or sends no body at all).
            unwrap=object_answer,
            if_empty={},
            options=options,
        )

    def license_status(
        self,
        release_id: str | int,
        user_id: str | int,
        *,
        head: bool = False,
        options: RequestOptions | None = None,
    ) -> bool:
        """Whether a user is still entitled to an LCP-protected release.

        ``GET`` (or ``HEAD`` with ``head=True``) ``/v2/lcp/license/status/{release_id}/{user_id}``:
        the page documents the ``/v2/lcp/license/status`` prefix, the tail is inferred.
        Signed with HTTP Basic from the client's ``lcp_credentials`` (the LCP
        provider's), never with a token. Every call is audited by the API.

        Args:
            release_id: The release.
            user_id: The user.
            head: Ask with ``HEAD`` instead of ``GET``.
            options: Per-call timeout, retries or headers.

        Returns:
            ``True`` for a 2xx (204; entitled); ``False`` for any other answer, as the
            API defines it (revoked, or unavailable). A 401 is logged as a warning:
            it usually means the LCP credentials were refused.

        Raises:
            TypeError: An id has the wrong type, or ``head`` is not a bool.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: The client has no ``lcp_credentials``
                (before anything is sent).
            beatkit.errors.APIConnectionError: No answer at all.
        """
        if not isinstance(head, bool):
            raise TypeError(f"head must be a bool, got {type(head).__name__}")
        key = "lcp.license_status_head" if head else "lcp.license_status"
        path = {
            "release_id": text_id("release_id", release_id),
            "user_id": text_id("user_id", user_id),
        }
        try:
            self._exchange(key, path=path, options=options)
        except APIError as exc:
            if isinstance(exc, AuthenticationError):
                logger.warning(
                    "%s: the LCP status check was refused (401): check lcp_credentials", SERVICE
                )
            return False
        return True
