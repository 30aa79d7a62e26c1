"""Personal data: bookmarks, ratings, progresses, the favourites lookup, quotas and LCP
licenses.

Bookmark and rating writes are personal data of the Changes API: they run under its rule
(:meth:`~Base._personal_write`) and are logged. Progress records are one per user and
entity (``POST /progresses`` updates the existing one). The test helpers
(:meth:`Personal.add_bookmark`, :meth:`Personal.add_rating`, :meth:`Personal.add_progress`)
store records exactly as the routes do, without a change record.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partialmethod
from typing import Any

import httpx

from beatkit.beattech.wire import MAX_LOOKUP_IDS
from beatkit.testing._crud import Record
from beatkit.testing.beattech._data import utc_epoch
from beatkit.testing.beattech._http import Fields, error_body, fail, invalid, json_body
from beatkit.testing.beattech._views import BOOKMARK_FIELDS, PROGRESS_FIELDS, Views

__all__ = ["QUOTA_SECONDS", "Personal"]

QUOTA_SECONDS = {"207": 20 * 3600}
"""Seconds of listening a product allows in each period; other products are unlimited."""

_ENTITY_TYPES = ("track", "release", "artist")
_LOOKUP_TYPES = ("artist", "release", "release-group", "track", "user")
_CHANGED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


def _ratio(fields: Fields) -> float | None:
    """``reader_position_ratio``: a number from 0 to 1 (bookmarks and progresses)."""
    value = fields.data.get("reader_position_ratio")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fields.invalid("reader_position_ratio", "must be a number")
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise fields.invalid("reader_position_ratio", "must be between 0 and 1")
    return value


def _bookmark_position(fields: Fields, current: Record | None) -> dict[str, Any]:
    """The position fields a bookmark write sends, checked against its (merged) kind."""
    given: dict[str, Any] = {
        "note": fields.string("note"),
        "position_type": fields.text("position_type", choices=("audio", "ebook")),
        "position": fields.integer("position"),
        "reader_position_selector": fields.text("reader_position_selector"),
        "reader_position_ratio": _ratio(fields),
    }
    given = {key: value for key, value in given.items() if value is not None}
    if given.get("position", 0) < 0:
        raise fields.invalid("position", "must not be negative")
    if current is not None and not given:
        raise fields.invalid("body", "at least one field is required")
    merged = {**(current or dict.fromkeys(BOOKMARK_FIELDS)), **given}
    kind = merged["position_type"] or "audio"
    if kind == "audio" and merged["position"] is None:
        raise fields.invalid("position", "is required when position_type is audio")
    for name in ("reader_position_selector", "reader_position_ratio"):
        if kind == "ebook" and merged[name] is None:
            raise fields.invalid(name, "is required when position_type is ebook")
    return given


def _changed(fields: Fields) -> str:
    """``changed``, exactly ``YYYY-MM-DD hh:mm:ss`` (UTC), as the page writes it."""
    value = fields.required_text("changed")
    try:
        if _CHANGED.fullmatch(value) is None:
            raise ValueError(value)
        datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise fields.invalid("changed", "must read YYYY-MM-DD hh:mm:ss (UTC)") from None
    return value


def _progress_position(fields: Fields) -> Record:
    """The position fields of a progress record, checked against its type."""
    kind = fields.text("position_type", choices=("audio", "ebook")) or "audio"
    stop = fields.integer("stop_position")
    selector = fields.text("reader_position_selector")
    ratio = _ratio(fields)
    if kind == "audio":
        if stop is None or stop < 0:
            raise fields.invalid("stop_position", "seconds from the start, required for audio")
        if selector is not None or ratio is not None:
            raise fields.invalid("reader_position_selector", "only for position_type=ebook")
    else:
        if selector is None or ratio is None:
            message = "reader_position_selector and _ratio are required for ebook"
            raise fields.invalid("reader_position_selector", message)
        # An ebook record may carry stop_position as well: the page's request samples
        # send "position_type": "ebook" with "stop_position": 0 (L3592-3600, L3687-3693).
        if stop is not None and stop < 0:
            raise fields.invalid("stop_position", "must not be negative")
    return {"position_type": kind, "stop_position": stop,
            "reader_position_selector": selector, "reader_position_ratio": ratio}  # fmt: skip


def _listened(report: Record, start: float, end: float) -> int:
    """Seconds of listening a report made in ``[start, end)`` accounts for (``play.ended``
    or a progress segment), on its own (:func:`_seconds_used` counts a play once)."""
    body = report["body"]
    moment = body.get("time")
    if isinstance(moment, bool) or not isinstance(moment, int | float):
        return 0
    if not start <= moment < end:
        return 0
    name = body.get("event", body.get("action"))
    if name == "play.ended" and isinstance(body.get("duration"), int):
        return int(body["duration"])
    start, stop = body.get("start_position"), body.get("stop_position")
    if name in ("player.progress", "play.progress") and isinstance(start, int) \
            and isinstance(stop, int):  # fmt: skip
        return max(0, stop - start)
    return 0


def _played_track(body: Record) -> str | None:
    """The track a ``play.*`` report or a track's ``player.progress`` is about, else ``None``."""
    if "event" in body:
        track = body.get("track_id")
    elif body.get("action") == "player.progress" and body.get("entity_type") == "track":
        track = body.get("entity_id")
    else:
        return None
    return track if isinstance(track, str) else None


def _seconds_used(reports: Iterable[Record], start: float, end: float) -> int:
    """Seconds of listening ``reports`` (in arrival order) account for in ``[start, end)``,
    each play counted once.

    The page's first example reports one play as progress stretches *and* a
    ``play.ended`` whose ``duration`` is every second played (L4958-4978): the progress
    of a track a user reported before that track's ``play.ended`` is the same play, so
    only the duration counts. Progress no ``play.ended`` follows (an audiobook
    service's, L5332) counts stretch by stretch.
    """
    total = 0
    pending: dict[tuple[Any, str], int] = {}
    for report in reports:
        seconds = _listened(report, start, end)
        track = _played_track(report["body"])
        if track is None:
            total += seconds
            continue
        key = (report["user_id"], track)
        if report["body"].get("event") == "play.ended":
            pending.pop(key, None)  # that play's stretches: its duration stands for them
            total += seconds
        else:
            pending[key] = pending.get(key, 0) + seconds
    return total + sum(pending.values())


class Personal(Views):
    """``/bookmarks``, ``/ratings``, ``/progresses``, ``/favourites``, ``/quotas``,
    ``/releases/{id}/lcp/license`` and ``/lcp/license/status/{release_id}/{user_id}``
    (GET and HEAD)."""

    # -- test helpers ----------------------------------------------------------------------

    def add_bookmark(
        self, user_id: str, entity_type: str, entity_id: str, *, position: int | None = None,
        note: str | None = None, position_type: str = "audio",
        reader_position_selector: str | None = None, reader_position_ratio: float | None = None,
    ) -> Record:  # fmt: skip
        """Store a bookmark of a user, as ``POST /bookmarks`` would (no change record).

        Args:
            user_id: Whose bookmark it is.
            entity_type: ``"track"``, ``"release"`` or ``"artist"``.
            entity_id: The bookmarked entity.
            position: Seconds from the start (audio).
            note: The user's note.
            position_type: ``"audio"`` or ``"ebook"``.
            reader_position_selector: An EPUB CFI (e-book).
            reader_position_ratio: How far into the book, 0 to 1 (e-book).

        Returns:
            The stored record (see :attr:`bookmarks`).

        Raises:
            KeyError: No such user.
        """
        with self._lock:
            if user_id not in self.users:
                raise KeyError(user_id)
            return self._new_record("bookmark", user_id, entity_type, str(entity_id), {
                "note": note, "position_type": position_type, "position": position,
                "reader_position_selector": reader_position_selector,
                "reader_position_ratio": reader_position_ratio,
            })  # fmt: skip

    def add_rating(
        self, user_id: str, entity_type: str, entity_id: str, value: int, *,
        note: str | None = None,
    ) -> Record:  # fmt: skip
        """Store a rating of a user, as ``POST /ratings`` would (no change record).

        Args:
            user_id: Whose rating it is.
            entity_type: ``"track"``, ``"release"`` or ``"artist"``.
            entity_id: The rated entity.
            value: 0 to 5.
            note: The user's note (a release's ratings with notes are its reviews).

        Returns:
            The stored record (see :attr:`ratings`).

        Raises:
            KeyError: No such user.
            ValueError: ``value`` is not 0 to 5.
        """
        if not 0 <= value <= 5:
            raise ValueError("a rating's value is 0 to 5")
        with self._lock:
            if user_id not in self.users:
                raise KeyError(user_id)
            values = {"value": value, "note": note}
            return self._new_record("rating", user_id, entity_type, str(entity_id), values)

    def add_progress(
        self, user_id: str, entity_type: str, entity_id: str, *,
        stop_position: int | None = None, position_type: str = "audio",
        reader_position_selector: str | None = None, reader_position_ratio: float | None = None,
        changed: float | None = None,
    ) -> Record:  # fmt: skip
        """Store a progress record of a user, as ``POST /progresses`` would: one per user
        and entity (a second call updates the first record).

        Args:
            user_id: Whose progress it is.
            entity_type: ``"track"`` or ``"release"``.
            entity_id: The entity.
            stop_position: Seconds from the start (audio).
            position_type: ``"audio"`` or ``"ebook"``.
            reader_position_selector: An EPUB CFI (e-book).
            reader_position_ratio: How far into the book, 0 to 1 (e-book).
            changed: When the progress was made (epoch seconds); now by default.

        Returns:
            The stored record (see :attr:`progresses`).

        Raises:
            KeyError: No such user.
        """
        moment = self.clock() if changed is None else changed
        with self._lock:
            if user_id not in self.users:
                raise KeyError(user_id)
            return self._save_progress(user_id, entity_type, str(entity_id), {
                "changed": datetime.fromtimestamp(int(moment), UTC).strftime("%Y-%m-%d %H:%M:%S"),
                "position_type": position_type, "stop_position": stop_position,
                "reader_position_selector": reader_position_selector,
                "reader_position_ratio": reader_position_ratio,
            })  # fmt: skip

    # -- the stores ------------------------------------------------------------------------

    def _new_record(
        self, kind: str, user_id: str, entity_type: str, entity_id: str, values: dict[str, Any]
    ) -> Record:
        """Store a new bookmark, rating or progress record (the next id of its ``kind``)."""
        record = {"id": self._next(kind), "user_id": user_id, "entity_type": entity_type,
                  "entity_id": entity_id, **values}  # fmt: skip
        self._personal(kind)[0][record["id"]] = record
        return record

    def _save_progress(
        self, user_id: str, entity_type: str, entity_id: str, values: dict[str, Any]
    ) -> Record:
        """Store a progress record; the page: an upsert of the user's record on the entity."""
        existing = next(
            (p for p in self.progresses.values() if p["user_id"] == user_id
             and (p["entity_type"], p["entity_id"]) == (entity_type, entity_id)), None,
        )  # fmt: skip
        if existing is not None:
            existing.update(values)
            return existing
        return self._new_record("progress", user_id, entity_type, entity_id, values)

    def _entity(self, fields: Fields, types: tuple[str, ...]) -> tuple[str, str]:
        """A write's ``entity_type`` and ``entity_id``; 404 for an entity that does not exist."""
        entity_type = fields.required_text("entity_type", choices=types)
        entity_id = fields.required_text("entity_id")
        table = {"track": self.catalog.tracks, "release": self.catalog.releases,
                 "artist": self.catalog.artists}[entity_type]  # fmt: skip
        if entity_id not in table:
            raise fail(404, "error_not_found", f"No {entity_type} has the id {entity_id}.")
        return entity_type, entity_id

    def _owned(self, kind: str, raw: str) -> Record:
        """One of the caller's records of ``kind``; another user's is as unknown as a
        missing one."""
        record = self._personal(kind)[0].get(raw)
        if record is None or record["user_id"] != self._me()["id"]:
            raise fail(404, "error_not_found", f"The user has no {kind} {raw}.")
        return record

    def _get_owned(self, request: httpx.Request, raw: str, *, kind: str) -> dict[str, Any]:
        """``GET`` of one of the caller's bookmarks, ratings or progress records."""
        return {kind: self._personal(kind)[1](self._owned(kind, raw))}

    def _delete_owned(self, request: httpx.Request, raw: str, *, kind: str) -> httpx.Response:
        """``DELETE`` of one of the caller's bookmarks or ratings (a personal-data write)."""
        return self._update_or_delete(request, kind, self._owned(kind, raw), None)

    def _create(
        self, request: httpx.Request, kind: str, user_id: str, entity: tuple[str, str],
        values: dict[str, Any],
    ) -> httpx.Response:  # fmt: skip
        """Store a new bookmark or rating of ``entity`` under the Changes API's rule; 201."""
        view = self._personal(kind)[1]

        def apply() -> tuple[Record, Any]:
            shown = view(self._new_record(kind, user_id, *entity, values))
            return shown, {kind: shown}

        return self._personal_write(
            request, user_id=user_id, entity_type=kind, entity_id=None, apply=apply, status=201
        )

    def _update_or_delete(
        self, request: httpx.Request, kind: str, record: Record, values: Record | None
    ) -> httpx.Response:
        """Apply ``values`` to a bookmark or rating, or delete it when ``values`` is
        ``None``, under the Changes API's rule (a losing change answers it unchanged)."""
        store, view = self._personal(kind)

        def apply() -> tuple[Record, Any]:
            if values is None:
                del store[record["id"]]
                return {"id": record["id"]}, {}
            record.update(values)
            shown = view(record)
            return shown, {kind: shown}

        return self._personal_write(
            request, user_id=record["user_id"], entity_type=kind, entity_id=record["id"],
            apply=apply, current=lambda: {kind: view(record)},
        )  # fmt: skip

    # -- bookmarks -------------------------------------------------------------------------

    def on_bookmarks_create(self, request: httpx.Request) -> httpx.Response:
        user_id = self._me()["id"]
        fields = Fields(json_body(request), ("entity_type", "entity_id", *BOOKMARK_FIELDS))
        entity = self._entity(fields, _ENTITY_TYPES)
        values = {**dict.fromkeys(BOOKMARK_FIELDS), "position_type": "audio",
                  **_bookmark_position(fields, None)}  # fmt: skip
        return self._create(request, "bookmark", user_id, entity, values)

    on_bookmarks_get = partialmethod(_get_owned, kind="bookmark")
    on_bookmarks_delete = partialmethod(_delete_owned, kind="bookmark")

    def on_bookmarks_update(self, request: httpx.Request, bookmark_id: str) -> httpx.Response:
        bookmark = self._owned("bookmark", bookmark_id)
        values = _bookmark_position(Fields(json_body(request), BOOKMARK_FIELDS), bookmark)
        return self._update_or_delete(request, "bookmark", bookmark, values)

    # -- ratings ---------------------------------------------------------------------------

    @staticmethod
    def _rating_values(fields: Fields, *, required: bool) -> dict[str, Any]:
        """A rating write's ``value`` (0 to 5; ``required`` by a create) and ``note``."""
        value = fields.required_integer("value") if required else fields.integer("value")
        if value is not None and not 0 <= value <= 5:
            raise fields.invalid("value", "must be from 0 to 5")
        return {"value": value, "note": fields.string("note")}

    def on_ratings_list(self, request: httpx.Request) -> httpx.Response:
        user_id = self._me()["id"]
        params = request.url.params
        # The page: "Only release is supported by this endpoint; other values are
        # rejected with 400 Bad Request."
        if params.get("entity_type") != "release":
            raise invalid("entity_type", "only release is supported")
        entity_id = params.get("entity_id", "").strip()
        if not entity_id:
            raise invalid("entity_id", "is required")
        found = [
            self.rating_view(rating) for rating in self.ratings.values()
            if rating["user_id"] == user_id
            and (rating["entity_type"], rating["entity_id"]) == ("release", entity_id)
        ]  # fmt: skip
        return self._page(request, found, "ratings")

    def on_ratings_create(self, request: httpx.Request) -> httpx.Response:
        user_id = self._me()["id"]
        fields = Fields(json_body(request), ("entity_type", "entity_id", "value", "note"))
        entity = self._entity(fields, _ENTITY_TYPES)
        values = self._rating_values(fields, required=True)
        return self._create(request, "rating", user_id, entity, values)

    on_ratings_get = partialmethod(_get_owned, kind="rating")
    on_ratings_delete = partialmethod(_delete_owned, kind="rating")

    def on_ratings_update(self, request: httpx.Request, rating_id: str) -> httpx.Response:
        rating = self._owned("rating", rating_id)
        fields = Fields(json_body(request), ("value", "note"))
        values = self._rating_values(fields, required=False)
        values = {key: value for key, value in values.items() if value is not None}
        if not values:
            raise fields.invalid("body", "value or note is required")
        return self._update_or_delete(request, "rating", rating, values)

    # -- progresses ----------------------------------------------------------------------

    def on_progresses_list(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        kind = request.url.params.get("entity_type")
        raw = request.url.params.get("entity_id")
        if (kind is None) != (raw is None) or kind not in (None, "track", "release"):
            raise fail(400, "validation_error",
                       "entity_type (track or release) and entity_id go together",
                       {"parameter": "entity_type"})  # fmt: skip
        wanted = None if raw is None else {part.strip() for part in raw.split(",")}
        records = [
            p for p in self._latest_progresses(me["id"])
            if wanted is None or (p["entity_type"] == kind and p["entity_id"] in wanted)
        ]  # fmt: skip
        views = [self.progress_view(record) for record in records]
        return self._page(request, views, "progresses")

    def on_progresses_create(self, request: httpx.Request) -> dict[str, Any]:
        me = self._me()
        fields = Fields(json_body(request), ("entity_type", "entity_id", "changed",
                                             *PROGRESS_FIELDS))  # fmt: skip
        kind = fields.required_text("entity_type", choices=("track", "release"))
        entity_id = fields.required_text("entity_id")
        table = self.catalog.tracks if kind == "track" else self.catalog.releases
        if entity_id not in table:
            raise fail(404, "error_not_found", f"No {kind} {entity_id}.")
        values = {"changed": _changed(fields), **_progress_position(fields)}
        record = self._save_progress(me["id"], kind, entity_id, values)
        return {"progress": self.progress_view(record)}

    on_progresses_get = partialmethod(_get_owned, kind="progress")

    def on_progresses_update(self, request: httpx.Request, progress_id: str) -> dict[str, Any]:
        record = self._owned("progress", progress_id)
        fields = Fields(json_body(request), ("changed", *PROGRESS_FIELDS))
        record.update({"changed": _changed(fields), **_progress_position(fields)})
        return {"progress": self.progress_view(record)}

    def on_progresses_delete(self, request: httpx.Request, progress_id: str) -> dict[str, Any]:
        del self.progresses[self._owned("progress", progress_id)["id"]]
        return {}

    # -- favourites ------------------------------------------------------------------------

    def on_favourites_lookup(self, request: httpx.Request) -> dict[str, Any]:
        user_id = self._me()["id"]
        params = request.url.params
        entity_type = params.get("entity_type")
        if entity_type not in _LOOKUP_TYPES:
            raise invalid("entity_type", f"must be one of {', '.join(_LOOKUP_TYPES)}")
        ids = [part.strip() for part in params.get("entity_id", "").split(",") if part.strip()]
        if not ids or len(ids) > MAX_LOOKUP_IDS:
            raise invalid("entity_id", f"1 to {MAX_LOOKUP_IDS} comma-separated ids")
        marks = self.favourites.get(user_id, set())
        found = [i for i in dict.fromkeys(ids) if (entity_type, i) in marks]
        return {"favourites": [
            {"entity_type": entity_type, "entity_id": i, "favourited": True} for i in found
        ]}  # fmt: skip

    # -- quotas --------------------------------------------------------------------------

    def on_quotas_list(self, request: httpx.Request) -> dict[str, Any]:
        me = self._me()
        members = {u["id"] for u in self.users.values() if u["account"] == me["account"]}
        quotas = []
        for subscription in self._paid_subscriptions(me["id"]):
            start, end = subscription["start_date"], subscription["expiry_date"]
            played = [report for report in self.reports if report["user_id"] in members]
            used = _seconds_used(played, utc_epoch(start), utc_epoch(end))
            allowed = QUOTA_SECONDS.get(subscription["product_id"])
            quotas.append({
                "quota_start": start, "quota_end": end, "seconds_allowed": allowed,
                "seconds_used": used,
                "seconds_remaining": None if allowed is None else max(0, allowed - used),
                "unlimited": allowed is None, "stream": True, "download": True,
            })  # fmt: skip
        return {"quotas": quotas}

    # -- LCP -----------------------------------------------------------------------------

    def on_lcp_generate_license(self, request: httpx.Request, release_id: str) -> dict[str, Any]:
        me = self._me()
        self._release(release_id)
        fields = Fields(json_body(request), ("purpose", "password"))
        fields.required_text("purpose", choices=("export",))
        fields.required_text("password")  # checked, never kept: it protects the export
        if not self._entitled(me["id"]) and (release_id, me["id"]) not in self.lcp_licenses:
            raise fail(403, "access_denied", "The user has no access to this release.")
        now = self.clock()
        since = now - self.lcp_export_window_days * 86400
        recent = [e for e in self.lcp_exports if e[0] == me["id"] and e[2] > since]
        if len(recent) >= self.lcp_export_limit:
            window = {"window_days": self.lcp_export_window_days,
                      "count": self.lcp_export_limit}  # fmt: skip
            raise fail(403, "export_limit_reached",
                       "The export limit of this period is reached.", window)  # fmt: skip
        self.lcp_exports.append((me["id"], release_id, now))
        return {}

    def on_lcp_license_status(
        self, request: httpx.Request, release_id: str, user_id: str
    ) -> httpx.Response:
        """204 while the user may read the release, 404 for an unknown one, else 403.

        Every call is recorded in :attr:`lcp_checks` (the page: a license-status event
        is dispatched for every call, whatever its outcome).
        """
        if release_id not in self.catalog.releases or user_id not in self.users:
            status = 404
        else:
            licensed = (release_id, user_id) in self.lcp_licenses
            status = 204 if licensed or self._entitled(user_id) else 403
        self.lcp_checks.append((release_id, user_id, status))
        if status == 204:
            return httpx.Response(204)
        code = "error_not_found" if status == 404 else "access_denied"
        message = {404: "No such release or user.", 403: "The user has no access."}[status]
        return self.json_response(error_body(code, message), status)

    # FakeService.handle() drops the body of every HEAD answer.
    on_lcp_license_status_head = on_lcp_license_status
