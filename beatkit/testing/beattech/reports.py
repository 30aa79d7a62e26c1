"""Player and reader reports: ``POST /reports`` and the deprecated ``POST /player/reports``."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import partialmethod
from typing import Any

import httpx

from beatkit.testing.beattech._base import Base
from beatkit.testing.beattech._http import fail, invalid, json_body

__all__ = ["REPORT_ACTIONS", "REPORT_EVENTS", "Reports"]

REPORT_EVENTS = frozenset(
    {"played-offline", "play.started", "play.ended", "play.progress", "play.error"}
)
"""Version 1 report names (the ``event`` key)."""
REPORT_ACTIONS = frozenset({"player.progress", "reader.progress", "reader.consumed",
                            "release.finished"})  # fmt: skip
"""Version 3 report names (the ``action`` key, not ``event``)."""

_INT, _TEXT, _BOOL = (int,), (str,), (bool,)
_V1 = {"track_id": _TEXT, "time": _INT, "offline": _BOOL}
_V3 = {"version": _INT, "time": _INT, "user_id": _TEXT, "offline": _BOOL, "entity_type": _TEXT,
       "entity_id": _TEXT}  # fmt: skip
_SPAN = {"start_position": _INT, "stop_position": _INT}
# The fields each type requires: player.progress's schema; the page's play.ended example;
# the positions the worked examples give started and progress; the version 3 fields a
# reader event needs to name its user and entity. played-offline (Motitech) is unspecified.
_REQUIRED: Mapping[str, Mapping[str, tuple[type, ...]]] = {
    "played-offline": {},
    "play.started": {**_V1, "start_position": _INT},
    "play.progress": {**_V1, **_SPAN},
    "play.ended": {**_V1, "duration": _INT},
    "play.error": _V1,
    "player.progress": {**_V3, **_SPAN, "sent_time": _INT},
    "reader.progress": _V3,
    "reader.consumed": _V3,
    "release.finished": _V3,
}
# Optional fields, typed when present.
_OPTIONAL: Mapping[str, tuple[type, ...]] = {
    "stream_context": _TEXT, "shop": _TEXT, "device_id": _TEXT, "speed": (int, float),
    "total_len": _INT, "sent_time": _INT, "preview": _BOOL, "context": (dict,),
}  # fmt: skip
_NON_NEGATIVE = ("time", "sent_time", "start_position", "stop_position", "duration", "total_len")
_ENTITY_TYPES = {"player.progress": ("track", "release"), "reader.progress": ("track", "release"),
                 "reader.consumed": ("release",), "release.finished": ("release",)}  # fmt: skip


def _typed(value: Any, types: tuple[type, ...]) -> bool:
    return not (isinstance(value, bool) and bool not in types) and isinstance(value, types)


def _check(body: Mapping[str, Any]) -> None:
    """Refuse a report that names no known type or lacks a field its type requires."""
    if ("event" in body) == ("action" in body):
        raise fail(400, "validation_error", "A report has either event (v1) or action (v3).")
    name = body.get("event", body.get("action"))
    known = REPORT_EVENTS if "event" in body else REPORT_ACTIONS
    if not isinstance(name, str) or name not in known:
        raise fail(400, "validation_error", f"Unknown report type {name!r}.")
    required = _REQUIRED[name]
    for field, types in required.items():
        value = body.get(field)
        if value is None:
            raise invalid(field, f"required by {name}")
        if not _typed(value, types):
            # Present with another JSON type: say so, not "required".
            raise invalid(field, f"must be of type {types[0].__name__} ({name})")
    for field, types in _OPTIONAL.items():
        present = field not in required and body.get(field) is not None
        if present and not _typed(body[field], types):
            raise invalid(field, f"must be of type {types[0].__name__}")
    for field in _NON_NEGATIVE:
        if _typed(body.get(field), _INT) and body[field] < 0:
            raise invalid(field, "must not be negative")
    speed = body.get("speed")
    if isinstance(speed, int | float) and not isinstance(speed, bool) and not speed > 0:
        raise invalid("speed", "must be positive (1.0 is normal speed)")
    if "stop_position" in required and body["stop_position"] < body["start_position"]:
        raise invalid("stop_position", "is before start_position")
    if "action" in body:
        if body["version"] != 3:
            raise invalid("version", f"{name} is version 3")
        if body["entity_type"] not in _ENTITY_TYPES[name]:
            raise invalid("entity_type", "must be " + " or ".join(_ENTITY_TYPES[name]))


class Reports(Base):
    """Every accepted report lands in :attr:`reports`, in arrival order."""

    def _report(self, request: httpx.Request, *, strict: bool) -> httpx.Response:
        """Keep a report (``strict``: checked first); its ``endpoint`` is the operation's
        path without the leading slash, ``reports`` or ``player/reports``."""
        body = json_body(request)
        if strict:
            _check(body)
        endpoint = self.operations[self._operation].path.lstrip("/")
        self.reports.append({"endpoint": endpoint, "user_id": self.caller.user_id,
                             "body": body})  # fmt: skip
        return self.json_response({})

    on_reports_send = partialmethod(_report, strict=True)
    # The page: "any JSON object is accepted" by the deprecated endpoint.
    on_reports_send_legacy = partialmethod(_report, strict=False)

    def report_bodies(
        self, name: str | None = None, *, endpoint: str | None = None, user_id: str | None = None
    ) -> list[dict[str, Any]]:
        """The bodies of the reports received, in arrival order (a test helper).

        Args:
            name: Only reports of this type (its ``event`` or ``action``:
                ``"play.ended"``, ``"player.progress"``...).
            endpoint: Only those sent to ``"reports"`` or to the deprecated
                ``"player/reports"``.
            user_id: Only those sent with this user's token; ``""`` for app tokens.

        Returns:
            Deep copies of the matching bodies; changing one, nested values
            included, leaves the fake's record alone.
        """
        with self._lock:
            records = list(self.reports)
        return [
            copy.deepcopy(record["body"])  # nested context too: the test's to change
            for record in records
            if name in (None, record["body"].get("event", record["body"].get("action")))
            and endpoint in (None, record["endpoint"])
            and user_id in (None, record["user_id"] or "")
        ]
