"""Player and reader reports: ``POST /reports`` and the deprecated ``POST /player/reports``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from beatkit.testing.beattech._base import Base
from beatkit.testing.beattech._http import fail, json_body

__all__ = ["REPORT_ACTIONS", "REPORT_EVENTS", "Reports"]

REPORT_EVENTS = frozenset(
    {"played-offline", "play.started", "play.ended", "play.progress", "play.error"}
)
"""Version 1 report names (the ``event`` key)."""
REPORT_ACTIONS = frozenset({"player.progress", "reader.progress", "reader.consumed",
                            "release.finished"})  # fmt: skip
"""Version 3 report names (the ``action`` key, not ``event``)."""

# The fields the page marks required (play.ended: its example; player.progress: its schema).
_REQUIRED: Mapping[str, Mapping[str, tuple[type, ...]]] = {
    "play.ended": {"track_id": (str,), "time": (int,), "offline": (bool,), "duration": (int,)},
    "player.progress": {
        "version": (int,), "time": (int,), "user_id": (str,), "offline": (bool,),
        "entity_type": (str,), "entity_id": (str,), "start_position": (int,),
        "stop_position": (int,), "sent_time": (int,),
    },
}  # fmt: skip


def _check(body: Mapping[str, Any]) -> None:
    """Refuse a report that names no known type or lacks a field its type requires."""
    if ("event" in body) == ("action" in body):
        raise fail(400, "validation_error", "A report has either event (v1) or action (v3).")
    name = body.get("event", body.get("action"))
    known = REPORT_EVENTS if "event" in body else REPORT_ACTIONS
    if name not in known:
        raise fail(400, "validation_error", f"Unknown report type {name!r}.")
    for field, types in _REQUIRED.get(str(name), {}).items():
        value = body.get(field)
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            raise fail(400, "validation_error", f"{field}: required by {name}",
                       {"parameter": field})  # fmt: skip
    if name == "player.progress":
        if body["version"] != 3:
            raise fail(400, "validation_error", "version: player.progress is version 3")
        if body["entity_type"] not in ("track", "release"):
            raise fail(400, "validation_error", "entity_type: track or release")


class Reports(Base):
    """Every accepted report lands in :attr:`reports`, in arrival order."""

    def _report(self, request: httpx.Request, endpoint: str, strict: bool) -> httpx.Response:
        body = json_body(request)
        if strict:
            _check(body)
        self.reports.append({"endpoint": endpoint, "user_id": self.caller.user_id,
                             "body": body})  # fmt: skip
        return self.json_response({})

    def on_reports_send(self, request: httpx.Request) -> httpx.Response:
        return self._report(request, "reports", strict=True)

    def on_reports_send_legacy(self, request: httpx.Request) -> httpx.Response:
        # The page: "any JSON object is accepted" by the deprecated endpoint.
        return self._report(request, "player/reports", strict=False)
