"""The Changes API's conflict rule, which every personal-data write runs under, and the
change log it appends to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

import beatkit.testing.beattech._data as _data
from beatkit.testing._app import FakeService
from beatkit.testing._crud import Record
from beatkit.testing._wire import DIGITS, to_int
from beatkit.testing.beattech._http import fail, invalid

__all__ = ["ChangeLog"]


class ChangeLog(FakeService):
    """Favourite marks, the change log and the rule of a PATCH or DELETE of personal data."""

    changes: list[Record]
    favourites: dict[str, set[tuple[str, str]]]
    clock: Callable[[], float]

    def _mark(self, user_id: str, entity_type: str, entity_id: str, favourite: bool) -> None:
        """Set (or clear) one of a user's favourites in :attr:`favourites`."""
        marks = self.favourites.setdefault(user_id, set())
        if favourite:
            marks.add((entity_type, entity_id))
        else:
            marks.discard((entity_type, entity_id))

    def _log_change(
        self, user_id: str, method: str, entity_type: str, entity: Record, timestamp: str
    ) -> int:
        """Append a row to :attr:`changes` (the entity as the feed shows it); its new id."""
        change_id = int(self.changes[-1]["id"]) + 1 if self.changes else 1
        self.changes.append({
            "id": change_id, "user_id": user_id, "method": method, "entity_type": entity_type,
            "entity_id": str(entity["id"]), "body": dict(entity), "timestamp": timestamp,
        })  # fmt: skip
        return change_id

    def _change_request(self, request: httpx.Request) -> tuple[int, str]:
        """``X-Base-Change`` (0 by default) and ``X-Change-Timestamp`` (now by default).

        The page: base change id "defaults to 0 server-side"; the timestamp is UTC,
        ``YYYY-MM-DDThh:mm:ssZ`` like every datetime, "defaults to the current time".
        The page spells the first ``X-Base_Change`` on the release and user PATCH (L4066,
        L6112): read when ``X-Base-Change`` is absent.
        """
        raw_base = request.headers.get("x-base-change")
        if raw_base is None:
            raw_base = request.headers.get("x-base_change")
        if raw_base is not None and not (raw_base.isascii() and DIGITS.fullmatch(raw_base.strip())):
            raise invalid("X-Base-Change", "a change id")
        base = to_int(raw_base.strip() if raw_base else "0")
        raw_stamp = request.headers.get("x-change-timestamp")
        if raw_stamp is None:
            return base, _data.utc_text(self.clock())
        try:
            moment = _data.utc_epoch(raw_stamp)
        except ValueError:
            raise invalid("X-Change-Timestamp", "a UTC time as YYYY-MM-DDThh:mm:ssZ") from None
        return base, _data.utc_text(moment)

    def _change_wins(
        self, user_id: str, entity_type: str, entity_id: str, base: int, stamp: str
    ) -> bool:
        """The server logic of a PATCH or DELETE (the page's "Changes API"), read so that
        it works: a base ahead of the *user's* latest change is a 400; a base older than
        the *object's* latest change is a conflict the latest timestamp wins (on a tie
        the change arriving now is the latest); otherwise the change is accepted."""
        mine = [change for change in self.changes if change["user_id"] == user_id]
        latest = max((int(change["id"]) for change in mine), default=0)
        if base > latest:
            raise fail(400, "validation_error",
                       f"X-Base-Change: {base} is ahead of the latest change {latest}",
                       {"parameter": "X-Base-Change", "latest_change_id": latest})  # fmt: skip
        same = [c for c in mine if (c["entity_type"], c["entity_id"]) == (entity_type, entity_id)]
        if not same or base >= int(same[-1]["id"]):
            return True
        # Both texts are YYYY-MM-DDThh:mm:ssZ in UTC: their order is the times' order.
        return stamp >= str(same[-1]["timestamp"])

    def _personal_write(
        self,
        request: httpx.Request,
        *,
        user_id: str,
        entity_type: str,
        entity_id: str | None,
        apply: Callable[[], tuple[Record, Any]],
        current: Callable[[], Any] | None = None,
        record_as: str | None = None,
        status: int = 200,
    ) -> httpx.Response:
        """Run one personal-data write under the Changes API's rule and log it, for direct
        calls and batch subrequests alike.

        Reads ``X-Base-Change`` and ``X-Change-Timestamp`` (a 400 when malformed). A
        PATCH or DELETE goes through :meth:`_change_wins`; when it loses, nothing changes
        and the answer is ``200`` with ``current()`` (the server's object) and no
        ``X-Change`` (the page leaves that answer unspecified). An accepted write runs
        ``apply()``, which makes the change and returns the entity the change feed shows
        and the answer body; the change is logged and the answer carries
        ``X-Change: <new id>``.

        Args:
            request: The write (its method decides whether the rule applies).
            user_id: Whose personal data it changes.
            entity_type: The change body's key (``track``, ``group``, ``user``,
                ``bookmark``...).
            entity_id: The object's id (``None`` for a creation).
            apply: Makes the change.
            current: The answer of a losing change (needed for PATCH and DELETE).
            record_as: The method the feed shows, when not the request's (adding a
                release to a group is a PATCH of the group).
            status: The status of an accepted write.
        """
        base, stamp = self._change_request(request)
        if request.method in ("PATCH", "DELETE"):
            if entity_id is None or current is None:
                raise TypeError("a PATCH or DELETE write needs entity_id and current")
            if not self._change_wins(user_id, entity_type, entity_id, base, stamp):
                return self.json_response(current())
        entity, answer = apply()
        change_id = self._log_change(
            user_id, record_as or request.method, entity_type, entity, stamp
        )
        return self.json_response(answer, status, {"X-Change": str(change_id)})
