"""Offline sync: the batch endpoint and the user's personal-data change feed (Changes API)."""

from __future__ import annotations

import json
from typing import Any

import httpx

import beatkit.testing.beattech._data as _data
from beatkit.testing._app import Abort
from beatkit.testing._crud import Record
from beatkit.testing._wire import DIGITS, to_int
from beatkit.testing.beattech._base import Base
from beatkit.testing.beattech._http import Fields, fail, invalid, json_body

__all__ = ["MAX_BATCH", "Sync"]

MAX_BATCH = 20
"""Subrequests one batch may hold (the page)."""
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
_WITH_BODY = ("POST", "PUT", "PATCH")
# Outer headers a subrequest inherits: the page names Authorization, Content-Type and the
# custom X-* headers.
_INHERITED = ("authorization", "content-type")


class Sync(Base):
    """``POST /batch``, ``GET`` and ``HEAD /users/{user_id}/changes``."""

    # -- test helpers ----------------------------------------------------------------------

    def add_change(
        self, user_id: str, method: str, entity_type: str, entity: Record,
        *, timestamp: float | None = None,
    ) -> int:  # fmt: skip
        """Append a change to a user's change log, as a write from another device would.

        Only the log changes (the object itself is left alone); a write through the
        API (``tracks.favourite``...) logs its change itself.

        Args:
            user_id: Whose personal data changed.
            method: ``"POST"``, ``"PATCH"`` or ``"DELETE"``.
            entity_type: The change body's key: ``"track"``, ``"release"``, ``"artist"``,
                ``"group"``...
            entity: The object after the change (for a delete, ``{"id": ...}``).
            timestamp: When it changed (epoch seconds); now by default.

        Returns:
            The new change id (one more than the log's last).

        Raises:
            KeyError: No such user.
            ValueError: A method other than POST, PATCH, DELETE, or an entity without id.
        """
        if method not in ("POST", "PATCH", "DELETE"):
            raise ValueError(f"method must be POST, PATCH or DELETE, not {method!r}")
        if "id" not in entity:
            raise ValueError("a changed entity has an id")
        with self._lock:
            if user_id not in self.users:
                raise KeyError(user_id)
            stamp = _data.utc_text(self.clock() if timestamp is None else timestamp)
            return self._log_change(user_id, method, entity_type, entity, stamp)

    # -- the change feed -----------------------------------------------------------------

    def _change_owner(self, user_id: str) -> Record:
        user = self._user(user_id)
        # The page: the sync flow rejects visitor tokens and other users' tokens.
        if user["id"] != self.caller.user_id:
            raise fail(403, "access_denied", "Only the user itself may sync its changes.")
        return user

    def on_users_latest_change(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._change_owner(user_id)
        ids = [change["id"] for change in self.changes if change["user_id"] == user["id"]]
        return httpx.Response(200, headers={"X-Change": str(max(ids, default=0))})

    def on_users_changes(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._change_owner(user_id)
        raw = request.url.params.get("base_change_id", "0")
        if not DIGITS.fullmatch(raw):
            raise invalid("base_change_id", "a change id")
        base = to_int(raw)
        changes = [
            {"id": c["id"], "method": c["method"], "body": {c["entity_type"]: c["body"]}}
            for c in self.changes if c["user_id"] == user["id"] and c["id"] > base
        ]  # fmt: skip
        return self._page(request, changes, "changes")

    # -- POST /batch ---------------------------------------------------------------------

    def on_batch(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("requests",))
        subrequests = fields.data.get("requests")
        if not isinstance(subrequests, list) or not subrequests:
            raise fields.invalid("requests", "a non-empty list of subrequests")
        if len(subrequests) > MAX_BATCH:
            raise fields.invalid("requests", f"at most {MAX_BATCH} subrequests")
        built = [self._subrequest(request, index, sub) for index, sub in enumerate(subrequests)]
        return self.json_response({"responses": [self._run(sub) for sub in built]})

    def _subrequest(self, outer: httpx.Request, index: int, raw: Any) -> httpx.Request:
        if not isinstance(raw, dict):
            raise fail(400, "validation_error", f"requests[{index}]: must be an object")
        fields = Fields(raw, ("method", "url", "body", "headers"), prefix=f"requests[{index}].")
        method = fields.required_text("method", choices=_METHODS)
        url = fields.required_text("url")
        own_headers = fields.object("headers") or {}
        if not url.split("?")[0].startswith(self.base_path + "/"):
            raise fields.invalid("url", f"must be a path under {self.base_path}/")
        # Judged by the path it runs at: the join resolves dot segments, so that
        # /v2/x/../batch is the batch and /v2/../tracks is outside /v2/.
        target = httpx.URL(self.base_url).join(url)
        path = target.path
        if not path.startswith(self.base_path + "/"):
            raise fields.invalid("url", f"must be a path under {self.base_path}/")
        if path.rstrip("/") == self.base_path + self.operations["batch"].path:
            raise fields.invalid("url", "a batch cannot hold a batch")
        headers = {k.lower(): v for k, v in outer.headers.items()
                   if k.lower() in _INHERITED or k.lower().startswith("x-")}  # fmt: skip
        # The subrequest's headers win; an empty value removes the header.
        headers.update({str(k).lower(): str(v) for k, v in own_headers.items()})
        headers = {k: v for k, v in headers.items() if v != ""}
        body = raw.get("body")
        content = b""
        if method in _WITH_BODY and body is not None:
            content = json.dumps(body).encode()
            headers.setdefault("content-type", "application/json")
        return httpx.Request(method, target, headers=headers, content=content)

    def _run(self, request: httpx.Request) -> dict[str, Any]:
        """One subrequest's ``{"status", "body", "headers"?}``; a failure is its own entry."""
        # The subrequest's caller and operation do not outlive it.
        caller, operation = self.caller, self._operation
        try:
            response = self._dispatch(request)
        except Abort as abort:
            response = abort.response
        finally:
            self.caller, self._operation = caller, operation
        entry: dict[str, Any] = {"status": response.status_code}
        try:
            entry["body"] = json.loads(response.content) if response.content else None
        except ValueError:
            entry["body"] = response.text
        headers: dict[str, Any] = {}
        change = response.headers.get("x-change")
        if change is not None:
            headers["X-Change"] = int(change) if change.isdigit() else change
        if "content-range" in response.headers:
            headers["Content-Range"] = response.headers["content-range"]
        if headers:
            entry["headers"] = headers
        return entry
