"""Offline personal data without I/O: the bodies of personal-data writes, pending offline
edits, the batches that push them, and the change feed a pull brings back.

The Changes API (L5798-5905) syncs favourites, release groups (bookshelves), bookmarks
and ratings. The page's own order loses data: advancing the base from the push's
``X-Change`` headers skips a change another device made meanwhile, and pulling before
pushing hides a conflict from the server (it compares timestamps only when the base
is older than the object's latest change). ``bt.sync.run`` therefore pushes with the
base the offline edits were made against, pulls from that same base, and only then
moves the base to the highest change id pulled. This module holds the pieces that
need no network: :class:`PendingChange` and its builders, :func:`batch_requests`,
:func:`change_feed`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final, Literal, TypeAlias, TypeVar

from attrs import field, frozen

from beatkit._core.http import format_path
from beatkit._core.json_values import parse_datetime_text
from beatkit._core.model import content_hash
from beatkit._core.params import fields, optional_bool, optional_choice, optional_int, optional_text
from beatkit._core.retry import may_have_taken_effect
from beatkit._core.validate import check_choice, check_int, check_items, check_text
from beatkit.beattech.context import text_id
from beatkit.beattech.editing import POSITION_TYPES, id_entries, reader_ratio
from beatkit.beattech.headers import change_headers, format_datetime
from beatkit.beattech.identifiers import optional_id
from beatkit.beattech.models import (
    BatchRequest,
    BatchResponse,
    Change,
    ChangeFeed,
    _parse_change_id,
    _redacted_repr,
)
from beatkit.beattech.report_bodies import json_copy
from beatkit.beattech.report_queue import _token_request_failed
from beatkit.beattech.wire import _URL_BREAKERS, SPEC

__all__ = [
    "BATCH_PREFIX",
    "BOOKMARK_ENTITY_TYPES",
    "FAVOURITE_ENTITY_TYPES",
    "FAVOURITE_LOOKUP_TYPES",
    "PULL_PAGE_SIZE",
    "RATING_ENTITY_TYPES",
    "PendingChange",
    "PushedCallback",
    "batch_requests",
    "bookmark_body",
    "change_feed",
    "chunked",
    "favourite_body",
    "group_entries",
    "may_be_applied",
    "parse_change_id",
    "pending_changes",
    "rating_body",
    "release_group_body",
    "writable_group_id",
]

BATCH_PREFIX: Final = "/v2"
"""What a batch subrequest's ``url`` starts with (``/v2/tracks/8``, L5825)."""
FAVOURITE_ENTITY_TYPES: Final[Mapping[str, str]] = {
    "track": "tracks.favourite",
    "release": "releases.favourite",
    "artist": "artists.favourite",
    "user": "users.update",
}
"""What can be a favourite, and the ``PATCH`` that (un)favourites it (its path names the
id ``<type>_id``)."""
BOOKMARK_ENTITY_TYPES: Final = ("track", "release", "artist")
"""What a bookmark may point at (L2212)."""
RATING_ENTITY_TYPES: Final = ("track", "release", "artist")
"""What may be rated (L3819)."""
FAVOURITE_LOOKUP_TYPES: Final = ("artist", "release", "release-group", "track", "user")
"""What ``favourites.lookup`` looks up (L2836)."""
PULL_PAGE_SIZE: Final = 100
"""Changes asked for per request by ``bt.sync.pull`` (the page's ``changes=0-99``)."""

T = TypeVar("T")

PushedCallback: TypeAlias = Callable[[Sequence["PendingChange"], Sequence[BatchResponse]], object]
"""``on_pushed`` of ``bt.sync.push`` and ``run``; called with a batch's pending changes
(the objects given) and their answers, in order, as soon as that batch is answered."""


# --- bodies ------------------------------------------------------------------------------------


def favourite_body(favourite: Any) -> dict[str, bool]:
    """``{"favourite": true}``: the body of every favourite ``PATCH``.

    Raises:
        TypeError: ``favourite`` is not a ``bool``.
    """
    if not isinstance(favourite, bool):
        raise TypeError(f"favourite must be a bool, got {type(favourite).__name__}")
    return {"favourite": favourite}


def bookmark_body(
    *,
    entity_type: str | None = None,
    entity_id: str | int | None = None,
    note: str | None = None,
    position_type: str | None = None,
    position: int | None = None,
    reader_position_selector: str | None = None,
    reader_position_ratio: float | None = None,
) -> dict[str, Any]:
    """A bookmark's fields, checked: a new one when ``entity_type`` is given, else an update.

    A new bookmark needs its entity and the position of its kind: ``position``
    (seconds) for ``audio`` (the default), ``reader_position_selector`` (an EPUB CFI)
    and ``reader_position_ratio`` (0 to 1) for ``ebook``. An update needs at least one
    field, and the position of the kind it names, if it names one.

    Raises:
        TypeError: A value of the wrong type.
        ValueError: A missing or out-of-range value, or an empty update.
    """
    creating = entity_type is not None or entity_id is not None
    body = fields(
        entity_type=optional_choice("entity_type", entity_type, BOOKMARK_ENTITY_TYPES),
        entity_id=optional_id("entity_id", entity_id),
        note=optional_text("note", note, allow_blank=not creating),
        position_type=optional_choice("position_type", position_type, POSITION_TYPES),
        position=optional_int("position", position, minimum=0),
        reader_position_selector=optional_text(
            "reader_position_selector", reader_position_selector
        ),
        reader_position_ratio=reader_ratio(reader_position_ratio),
    )
    if creating and ("entity_type" not in body or "entity_id" not in body):
        raise ValueError("a bookmark needs both entity_type and entity_id")
    if not creating and not body:
        raise ValueError("an update needs at least one field")
    kind = body.get("position_type", "audio" if creating else None)
    if kind == "audio" and "position" not in body:
        raise ValueError("an audio bookmark needs position (seconds from the start)")
    if kind == "ebook" and not {"reader_position_selector", "reader_position_ratio"} <= set(body):
        raise ValueError(
            "an ebook bookmark needs reader_position_selector and reader_position_ratio"
        )
    return body


def rating_body(
    *,
    entity_type: str | None = None,
    entity_id: str | int | None = None,
    value: int | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """A rating's fields, checked: a new one when ``entity_type`` is given, else an update.

    Raises:
        TypeError: A value of the wrong type.
        ValueError: A value outside 0-5, a missing field of a new rating, or an empty
            update.
    """
    creating = entity_type is not None or entity_id is not None
    body = fields(
        entity_type=optional_choice("entity_type", entity_type, RATING_ENTITY_TYPES),
        entity_id=optional_id("entity_id", entity_id),
        value=optional_int("value", value, minimum=0, maximum=5),
        note=optional_text("note", note, allow_blank=not creating),
    )
    if creating and not {"entity_type", "entity_id", "value"} <= set(body):
        raise ValueError("a rating needs entity_type, entity_id and value")
    if not creating and not body:
        raise ValueError("an update needs value or note")
    return body


def group_entries(releases: Iterable[Any]) -> list[dict[str, Any]]:
    """A release group's ``releases``: each release id as ``{"id": "<id>"}``.

    The page types them as "group_entry" objects without listing their fields; group
    answers list releases as objects with an ``id``, so that is what is sent. A
    mapping is sent as it is (for fields a tenant adds).

    Raises:
        TypeError: Not an iterable of ids or mappings.
        ValueError: A blank or negative id.
    """
    return id_entries(
        "releases", check_items(releases, "releases must be a sequence of release ids")
    )


def release_group_body(
    *,
    name: str | None = None,
    description: str | None = None,
    visible: bool | None = None,
    releases: Iterable[Any] | None = None,
    creating: bool = False,
) -> dict[str, Any]:
    """A release group's fields, checked (``name`` is required to create one).

    Raises:
        TypeError: A value of the wrong type.
        ValueError: A blank name, or an update without any field.
    """
    body = fields(
        name=optional_text("name", name),
        description=optional_text("description", description, allow_blank=True),
        visible=optional_bool("visible", visible),
        # An empty list is sent: it empties the group (the page: "may be empty").
        releases=None if releases is None else group_entries(releases),
    )
    if creating and "name" not in body:
        raise ValueError("a release group needs a name")
    if not creating and not body:
        raise ValueError("an update needs name, visible or releases")
    return body


def writable_group_id(group_id: Any) -> str:
    """The id of a group that can be updated: numeric, or the alias ``wishlist``.

    Raises:
        TypeError: Neither text nor an int.
        ValueError: Another alias or a non-numeric id.
    """
    value = text_id("group_id", group_id)
    if value != "wishlist" and not (value.isascii() and value.isdigit()):
        raise ValueError(f"group_id must be a numeric id or 'wishlist', not {value!r}")
    return value


parse_change_id = _parse_change_id
"""A change id from an ``X-Change`` header or a batch entry (text or int), else ``None``
(kept with :class:`~beatkit.beattech.models.BatchResponse`, whose ``change_id`` reads it)."""


def may_be_applied(error: BaseException) -> bool:
    """Whether a batch that failed with ``error`` may have been applied all the same: a
    5xx, a timeout or a lost connection of the batch itself, an answer that could not be
    read. ``False`` for a refusal (a 4xx), a batch never sent, bad input, and a failed
    token request (the batch was not sent, or was refused with a 401 before the
    refresh failed)."""
    return not _token_request_failed(error) and may_have_taken_effect(error)


# --- pending changes -----------------------------------------------------------------------------


def _method(value: Any) -> str:
    method = value.upper() if isinstance(value, str) else value
    return check_choice("method", method, ("POST", "PUT", "PATCH", "DELETE"))


def _path(value: Any) -> str:
    path = check_text("path", value)
    if path.startswith(BATCH_PREFIX + "/"):
        path = path[len(BATCH_PREFIX) :]
    # What batch_body refuses in a subrequest URL (whitespace, a control character),
    # refused when the edit is built.
    if not path.startswith("/") or "?" in path or _URL_BREAKERS.search(path):
        raise ValueError(f"path must be an API path such as /tracks/8, not {value!r}")
    if path.rstrip("/") == "/batch":
        raise ValueError("a pending change cannot be a batch")
    return path


def _body(value: Any) -> Mapping[str, Any] | None:
    if value is not None and not isinstance(value, Mapping):
        raise TypeError("body must be a JSON object (a mapping) or None")
    # Checked here, not when a later batch is encoded: earlier batches would be sent.
    # A copy: the caller's dict (and the lists in it) may change afterwards.
    return None if value is None else dict(json_copy("body", dict(value)))


def _changed_at(value: Any) -> datetime:
    format_datetime(value, "changed_at")  # refuses what is not an aware datetime
    checked: datetime = value
    return checked


@frozen(kw_only=True)
class PendingChange:
    """A personal-data write made offline, to push later with ``bt.sync.push`` / ``run``.

    Build one with the class methods (:meth:`favourite`, :meth:`create_bookmark`...),
    which check their arguments like the matching ``bt`` calls, or directly.

    Args:
        method: ``POST``, ``PUT``, ``PATCH`` or ``DELETE``.
        path: The API path, ``/tracks/8`` (a ``/v2`` prefix is accepted).
        body: The JSON body, if any (plain JSON: text keys, no NaN).
        changed_at: When the edit was made (timezone-aware): sent as
            ``X-Change-Timestamp``, the time the server compares in a conflict.
            Required: without it the server stamps the push time, and an old edit
            would win against every newer one.

    Raises:
        TypeError: A value of the wrong type, a body that is not plain JSON, or a
            naive ``changed_at``.
        ValueError: Another method, a path that is not an API path, a NaN or an
            infinity in the body, or a ``changed_at`` outside the years 1 to 9999 in UTC.
    """

    __hash__ = content_hash  # by content: attrs' own hash raises on a list or dict

    method: str = field(converter=_method)
    path: str = field(converter=_path)
    # repr'd like a BatchRequest's body: a users.update edit may carry a password.
    body: Mapping[str, Any] | None = field(default=None, converter=_body, repr=_redacted_repr)
    changed_at: datetime = field(converter=_changed_at)

    @property
    def timestamp(self) -> str:
        """``changed_at`` as ``X-Change-Timestamp`` sends it; ``YYYY-MM-DDThh:mm:ssZ``."""
        return format_datetime(self.changed_at, "changed_at")

    def to_dict(self) -> dict[str, Any]:
        """The change as plain JSON, to keep across restarts (:meth:`from_dict`):
        ``{"method", "path", "body", "changed_at"}``, ``changed_at`` as ISO 8601 text
        with its offset and microseconds, ``body`` a copy (or ``None``)."""
        return {
            "method": self.method,
            "path": self.path,
            "body": None if self.body is None else json_copy("body", self.body),
            "changed_at": self.changed_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> PendingChange:
        """A change restored from :meth:`to_dict`, checked as the constructor checks it.

        Raises:
            ValueError: ``data`` is not a saved change, or a field of it is damaged
                (the message says which).
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"a saved PendingChange is an object, not {type(data).__name__}")
        required, known = {"method", "path", "changed_at"}, {"method", "path", "body", "changed_at"}
        if not required <= set(data) or not set(data) <= known:
            raise ValueError(
                "a saved PendingChange has method, path, changed_at and body only, not "
                f"{sorted(map(str, data))}"
            )
        stamp = data["changed_at"]
        try:
            if not isinstance(stamp, str):
                raise TypeError("changed_at must be ISO 8601 text")
            return cls(
                method=data["method"],
                path=data["path"],
                body=data.get("body"),
                changed_at=parse_datetime_text(stamp),
            )
        except (TypeError, ValueError) as exc:
            raise ValueError(f"a saved PendingChange is damaged: {exc}") from None

    @classmethod
    def _of(
        cls, key: str, body: Mapping[str, Any] | None, changed_at: datetime, **path: str
    ) -> PendingChange:
        route = SPEC.routes[key]
        return cls(
            method=route.method,
            path=format_path(route.path, path),
            body=body,
            changed_at=changed_at,
        )

    @classmethod
    def favourite(
        cls,
        entity_type: Literal["track", "release", "artist", "user"],
        entity_id: str | int,
        favourite: bool,
        *,
        changed_at: datetime,
    ) -> PendingChange:
        """(Un)favourite a track, release, artist or user: ``PATCH /<entities>/{id}``.

        Args:
            entity_type: ``"track"``, ``"release"``, ``"artist"`` or ``"user"`` (follow).
            entity_id: Its id.
            favourite: ``True`` to favourite, ``False`` to remove it.
            changed_at: When the user did it (timezone-aware).

        Raises:
            TypeError: A value of the wrong type, or a naive ``changed_at``.
            ValueError: Another entity type, or a blank id.
        """
        kind = check_choice("entity_type", entity_type, tuple(FAVOURITE_ENTITY_TYPES))
        path = {f"{kind}_id": text_id("entity_id", entity_id)}
        return cls._of(FAVOURITE_ENTITY_TYPES[kind], favourite_body(favourite), changed_at, **path)

    @classmethod
    def create_release_group(
        cls,
        name: str,
        *,
        description: str | None = None,
        releases: Iterable[str | int] = (),
        changed_at: datetime,
    ) -> PendingChange:
        """Create a release group (bookshelf): ``POST /releases/groups``.

        Args:
            name: Its name.
            description: A longer description.
            releases: Release ids to put in it.
            changed_at: When the user did it (timezone-aware).

        Raises:
            TypeError: A value of the wrong type.
            ValueError: A blank name or id.
        """
        body = release_group_body(
            name=check_text("name", name),
            description=description,
            releases=group_entries(releases) or None,
            creating=True,
        )
        return cls._of("release_groups.create", body, changed_at)

    @classmethod
    def update_release_group(
        cls,
        group_id: str | int,
        *,
        name: str | None = None,
        visible: bool | None = None,
        releases: Iterable[str | int] | None = None,
        changed_at: datetime,
    ) -> PendingChange:
        """Rename, show/hide or refill a release group: ``PATCH /releases/groups/{id}``.

        The path is inferred: the page does not publish it.

        Args:
            group_id: A numeric id or ``"wishlist"``.
            name: The new name.
            visible: Whether it is visible.
            releases: Its releases from now on (replaced, not merged; may be empty).
            changed_at: When the user did it (timezone-aware).

        Raises:
            TypeError: A value of the wrong type.
            ValueError: Another alias, a blank value, or no field to change.
        """
        body = release_group_body(name=name, visible=visible, releases=releases)
        return cls._of(
            "release_groups.update", body, changed_at, group_id=writable_group_id(group_id)
        )

    @classmethod
    def delete_release_group(cls, group_id: str | int, *, changed_at: datetime) -> PendingChange:
        """Delete a release group: ``DELETE /releases/groups/{id}``.

        Raises:
            TypeError: A value of the wrong type.
            ValueError: A blank id.
        """
        return cls._of(
            "release_groups.delete", None, changed_at, group_id=text_id("group_id", group_id)
        )

    @classmethod
    def create_bookmark(
        cls,
        entity_type: Literal["track", "release", "artist"],
        entity_id: str | int,
        *,
        position: int | None = None,
        position_type: Literal["audio", "ebook"] | None = None,
        reader_position_selector: str | None = None,
        reader_position_ratio: float | None = None,
        note: str | None = None,
        changed_at: datetime,
    ) -> PendingChange:
        """Bookmark a track, release or artist: ``POST /bookmarks`` (path inferred).

        Args:
            entity_type: ``"track"``, ``"release"`` or ``"artist"``.
            entity_id: Its id.
            position: Seconds from the start (``audio``, the default kind).
            position_type: ``"audio"`` or ``"ebook"``.
            reader_position_selector: An EPUB CFI (``ebook``).
            reader_position_ratio: How far into the book, 0 to 1 (``ebook``).
            note: The user's note.
            changed_at: When the user did it (timezone-aware).

        Raises:
            TypeError: A value of the wrong type.
            ValueError: A missing or out-of-range value (see :func:`bookmark_body`).
        """
        body = bookmark_body(
            entity_type=check_text("entity_type", entity_type),
            entity_id=entity_id,
            note=note,
            position_type=position_type,
            position=position,
            reader_position_selector=reader_position_selector,
            reader_position_ratio=reader_position_ratio,
        )
        return cls._of("bookmarks.create", body, changed_at)

    @classmethod
    def update_bookmark(
        cls,
        bookmark_id: str | int,
        *,
        note: str | None = None,
        position_type: Literal["audio", "ebook"] | None = None,
        position: int | None = None,
        reader_position_selector: str | None = None,
        reader_position_ratio: float | None = None,
        changed_at: datetime,
    ) -> PendingChange:
        """Move a bookmark or change its note: ``PATCH /bookmarks/{id}`` (path inferred).

        Args:
            bookmark_id: The bookmark.
            note: The new note.
            position_type: ``"audio"`` or ``"ebook"``.
            position: Seconds from the start.
            reader_position_selector: An EPUB CFI.
            reader_position_ratio: 0 to 1.
            changed_at: When the user did it (timezone-aware).

        Raises:
            TypeError: A value of the wrong type.
            ValueError: No field, or a position missing for the kind named.
        """
        body = bookmark_body(
            note=note,
            position_type=position_type,
            position=position,
            reader_position_selector=reader_position_selector,
            reader_position_ratio=reader_position_ratio,
        )
        return cls._of(
            "bookmarks.update", body, changed_at, bookmark_id=text_id("bookmark_id", bookmark_id)
        )

    @classmethod
    def delete_bookmark(cls, bookmark_id: str | int, *, changed_at: datetime) -> PendingChange:
        """Delete a bookmark: ``DELETE /bookmarks/{id}`` (path inferred).

        Raises:
            TypeError: A value of the wrong type.
            ValueError: A blank id.
        """
        return cls._of(
            "bookmarks.delete", None, changed_at, bookmark_id=text_id("bookmark_id", bookmark_id)
        )

    @classmethod
    def create_rating(
        cls,
        entity_type: Literal["track", "release", "artist"],
        entity_id: str | int,
        value: int,
        *,
        note: str | None = None,
        changed_at: datetime,
    ) -> PendingChange:
        """Rate a track, release or artist 0-5: ``POST /ratings``.

        Raises:
            TypeError: A value of the wrong type.
            ValueError: Another entity type, or a value outside 0-5.
        """
        body = rating_body(
            entity_type=check_text("entity_type", entity_type),
            entity_id=entity_id,
            value=check_int("value", value, minimum=0, maximum=5),
            note=note,
        )
        return cls._of("ratings.create", body, changed_at)

    @classmethod
    def update_rating(
        cls,
        rating_id: str | int,
        *,
        value: int | None = None,
        note: str | None = None,
        changed_at: datetime,
    ) -> PendingChange:
        """Change a rating's value or note: ``PATCH /ratings/{id}`` (path inferred).

        Raises:
            TypeError: A value of the wrong type.
            ValueError: No field, or a value outside 0-5.
        """
        body = rating_body(value=value, note=note)
        return cls._of(
            "ratings.update", body, changed_at, rating_id=text_id("rating_id", rating_id)
        )

    @classmethod
    def delete_rating(cls, rating_id: str | int, *, changed_at: datetime) -> PendingChange:
        """Delete a rating: ``DELETE /ratings/{id}`` (path inferred).

        Raises:
            TypeError: A value of the wrong type.
            ValueError: A blank id.
        """
        return cls._of(
            "ratings.delete", None, changed_at, rating_id=text_id("rating_id", rating_id)
        )


# --- push and pull bookkeeping -------------------------------------------------------------------


def pending_changes(pending: Any) -> list[PendingChange]:
    """``pending`` of ``bt.sync.push`` and ``run`` as a list, checked the same way for both.

    Args:
        pending: The offline edits, oldest first: any iterable of
            :class:`PendingChange` but text, bytes, a set and a mapping (a dict would give its
            keys).

    Returns:
        The edits, in order (an iterator is consumed once, here).

    Raises:
        TypeError: ``pending`` is text, bytes, a mapping, a set or not iterable, or an item is
            not a :class:`PendingChange`.
    """
    edits = check_items(pending, "pending must be a sequence of PendingChange")
    for index, change in enumerate(edits):
        if not isinstance(change, PendingChange):
            raise TypeError(f"pending[{index}] must be a PendingChange")
    return edits


def batch_requests(pending: Iterable[PendingChange], base_change_id: int) -> list[BatchRequest]:
    """The batch subrequests that push ``pending`` made against ``base_change_id``.

    Each carries ``X-Base-Change: <base>`` and the edit's own ``X-Change-Timestamp``
    (L5816-5831), as text.

    Raises:
        TypeError: An item is not a :class:`PendingChange`, the base is not an int, or
            a body is no longer plain JSON.
        ValueError: A negative base, or a NaN or an infinity in a body.
    """
    base = check_int("base_change_id", base_change_id, minimum=0)
    requests: list[BatchRequest] = []
    for index, change in enumerate(pending_changes(pending)):
        body = change.body
        if body is not None:  # a dict: it may have been changed since; sent as it is now
            body = json_copy(f"pending[{index}].body", body)
        requests.append(
            BatchRequest(
                method=change.method,
                url=BATCH_PREFIX + change.path,
                body=body,
                # Both given, so both set: fields() only narrows the type to text values.
                headers=fields(**change_headers(base, change.changed_at)),
            )
        )
    return requests


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into runs of at most ``size``, in order."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def change_feed(changes: Iterable[Change], base_change_id: int) -> ChangeFeed:
    """The changes after ``base_change_id``, once each, in id order, and the new base.

    Ids at or below the base are dropped, whichever way the server counts its base
    (L5891: "max change_id seen"; L6286: "incremented by 1"). The new base is the
    largest id seen, or the old base when nothing is newer.
    """
    kept: dict[int, Change] = {}
    for change in changes:
        if change.id > base_change_id:
            kept.setdefault(change.id, change)
    ordered = [kept[change_id] for change_id in sorted(kept)]
    return ChangeFeed(changes=ordered, base_change_id=max([base_change_id, *kept]))
