"""Personal data: bookmarks, progresses, ratings, favourites, quotas and LCP licenses.

Served so far: progress records, quotas, LCP export licenses (with the per-user
export window) and the LCP provider's license status check (HTTP Basic).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import LIVE_STATES, Base
from beatkit.testing.beattech._http import Fields, error_body, fail, json_body

__all__ = ["QUOTA_SECONDS", "Personal"]

_CHANGED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")
_POSITION_FIELDS = ("position_type", "stop_position", "reader_position_selector",
                    "reader_position_ratio")  # fmt: skip
_PROGRESS_VIEW = ("id", "entity_type", "entity_id", "changed", *_POSITION_FIELDS)
QUOTA_SECONDS = {"207": 20 * 3600}
"""Seconds of listening a product allows in each period; other products are unlimited."""


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


def _position(fields: Fields) -> Record:
    """The position fields of a progress record, checked against its type."""
    kind = fields.text("position_type", choices=("audio", "ebook")) or "audio"
    stop = fields.integer("stop_position")
    selector = fields.text("reader_position_selector")
    ratio = fields.data.get("reader_position_ratio")
    if ratio is not None and (isinstance(ratio, bool) or not isinstance(ratio, int | float)
                              or not 0 <= ratio <= 1):  # fmt: skip
        raise fields.invalid("reader_position_ratio", "must be a number from 0 to 1")
    if kind == "audio":
        if stop is None or stop < 0:
            raise fields.invalid("stop_position", "seconds from the start, required for audio")
        if selector is not None or ratio is not None:
            raise fields.invalid("reader_position_selector", "only for position_type=ebook")
    else:
        if selector is None or ratio is None:
            message = "reader_position_selector and _ratio are required for ebook"
            raise fields.invalid("reader_position_selector", message)
        if stop is not None:
            raise fields.invalid("stop_position", "only for position_type=audio")
    return {"position_type": kind, "stop_position": stop,
            "reader_position_selector": selector, "reader_position_ratio": ratio}  # fmt: skip


def _epoch(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()


def _listened(report: Record, start: float, end: float) -> int:
    """Seconds of listening a report made in ``[start, end)`` accounts for (``play.ended``
    or a progress segment)."""
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


class Personal(Base):
    """``/progresses``, ``/quotas``, ``/releases/{id}/lcp/license`` and
    ``/lcp/license/status/{release_id}/{user_id}`` (GET and HEAD)."""

    # -- progresses ----------------------------------------------------------------------

    def _progress(self, progress_id: str) -> Record:
        record = self.progresses.get(progress_id)
        # Another user's record is as unknown as a missing one.
        if record is None or record["user_id"] != self._me()["id"]:
            raise fail(404, "error_not_found", f"Progress {progress_id} was not found.")
        return record

    @staticmethod
    def _progress_view(record: Record) -> dict[str, Any]:
        return {key: record[key] for key in _PROGRESS_VIEW}

    def on_progresses_list(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        kind = request.url.params.get("entity_type")
        raw = request.url.params.get("entity_id")
        if (kind is None) != (raw is None) or kind not in (None, "track", "release"):
            raise fail(400, "validation_error",
                       "entity_type (track or release) and entity_id go together",
                       {"parameter": "entity_type"})  # fmt: skip
        wanted = None if raw is None else {part.strip() for part in raw.split(",")}
        records = sorted(
            (p for p in self.progresses.values() if p["user_id"] == me["id"]
             and (wanted is None or (p["entity_type"] == kind and p["entity_id"] in wanted))),
            key=lambda p: (p["changed"], int(p["id"])), reverse=True,
        )  # fmt: skip
        views = [self._progress_view(record) for record in records]
        return self._page(request, "progresses.list", views, "progresses")

    def on_progresses_create(self, request: httpx.Request) -> dict[str, Any]:
        me = self._me()
        fields = Fields(json_body(request), ("entity_type", "entity_id", "changed",
                                             *_POSITION_FIELDS))  # fmt: skip
        kind = fields.required_text("entity_type", choices=("track", "release"))
        entity_id = fields.required_text("entity_id")
        table = self.catalog.tracks if kind == "track" else self.catalog.releases
        if entity_id not in table:
            raise fail(404, "error_not_found", f"No {kind} {entity_id}.")
        values = {"changed": _changed(fields), **_position(fields)}
        existing = next(
            (p for p in self.progresses.values() if p["user_id"] == me["id"]
             and (p["entity_type"], p["entity_id"]) == (kind, entity_id)), None,
        )  # fmt: skip
        if existing is not None:
            # The page: an upsert, updating the record of the same user and entity.
            existing.update(values)
            return {"progress": self._progress_view(existing)}
        progress_id = str(max((int(key) for key in self.progresses), default=7000) + 1)
        record = {"id": progress_id, "user_id": me["id"], "entity_type": kind,
                  "entity_id": entity_id, **values}  # fmt: skip
        self.progresses[progress_id] = record
        return {"progress": self._progress_view(record)}

    def on_progresses_get(self, request: httpx.Request, progress_id: str) -> dict[str, Any]:
        return {"progress": self._progress_view(self._progress(progress_id))}

    def on_progresses_update(self, request: httpx.Request, progress_id: str) -> dict[str, Any]:
        record = self._progress(progress_id)
        fields = Fields(json_body(request), ("changed", *_POSITION_FIELDS))
        record.update({"changed": _changed(fields), **_position(fields)})
        return {"progress": self._progress_view(record)}

    def on_progresses_delete(self, request: httpx.Request, progress_id: str) -> dict[str, Any]:
        del self.progresses[self._progress(progress_id)["id"]]
        return {}

    # -- quotas --------------------------------------------------------------------------

    def on_quotas_list(self, request: httpx.Request) -> dict[str, Any]:
        me = self._me()
        members = {u["id"] for u in self.users.values() if u["account"] == me["account"]}
        quotas = []
        for subscription in self.subscriptions.values():
            if subscription["user_id"] not in members or subscription["state"] not in (
                LIVE_STATES - {9}
            ):
                continue
            start, end = subscription["start_date"], subscription["expiry_date"]
            used = sum(
                _listened(report, _epoch(start), _epoch(end))
                for report in self.reports
                if report["user_id"] in members
            )
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
        if release_id not in self.catalog.releases:
            raise fail(404, "error_not_found", f"Release {release_id} was not found.")
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

    def _license_status(self, release_id: str, user_id: str) -> httpx.Response:
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

    def on_lcp_license_status(
        self, request: httpx.Request, release_id: str, user_id: str
    ) -> httpx.Response:
        return self._license_status(release_id, user_id)

    def on_lcp_license_status_head(
        self, request: httpx.Request, release_id: str, user_id: str
    ) -> httpx.Response:
        # finalize() drops the body of every HEAD answer.
        return self._license_status(release_id, user_id)
