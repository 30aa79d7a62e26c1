"""BeatPass accounts: login, and backstage requests (the producer program)."""

from __future__ import annotations

from typing import Any

import httpx

import beatkit.testing.beatpass._data as data
from beatkit._core.validate import check_choice
from beatkit.testing._crud import Record
from beatkit.testing._wire import DIGITS, to_int
from beatkit.testing.beatpass._http import Body, invalid, ok
from beatkit.testing.beatpass._shared import Shared

_KINDS = ("become-artist", "verify-artist", "claim-artist")
_STATUSES = ("pending", "approved", "denied", "revoked")

__all__ = ["Account"]


class Account(Shared):
    """Login, and the backstage requests guard.

    The guard: a pending or a revoked request blocks a new one (409), pending first;
    denied and approved ones do not block.
    """

    def on_auth_login(self, request: httpx.Request) -> Record:
        body = Body.read(request)
        email = body.text("email", required=True)
        password = body.text("password", required=True)
        token_name = body.text("token_name", required=True)
        if email is not None and "@" not in email:
            body.error("email", "The email field must be a valid email address.")
        email, token_name = body.valid(email), body.valid(token_name)
        user = next(
            (u for u in self.db.users.values() if u["email"].lower() == email.lower()), None
        )
        if user is None or user["password"] != password:
            raise invalid({"email": ["These credentials do not match our records."]})
        token = self.issue_token(user["id"], token_name)
        self._user = user
        view = self._user_view(user)
        view.update(email=user["email"], access_token=token)
        return ok(user=view)

    def add_backstage_request(
        self,
        user_id: int,
        status: str = "pending",
        *,
        request_type: str = "become-artist",
        artist_name: str | None = None,
    ) -> dict[str, Any]:
        """Store a backstage request directly, e.g. to set up the guard's cases.

        Args:
            user_id: Whose request it is.
            status: ``pending``, ``approved``, ``denied`` or ``revoked``.
            request_type: ``become-artist``, ``verify-artist`` or ``claim-artist``.
            artist_name: The requested name; defaults to the user's name.

        Returns:
            The stored request (the fake's own dict).

        Raises:
            ValueError: An unknown ``status`` or ``request_type``.
            KeyError: No such user.
        """
        check_choice("status", status, _STATUSES)
        check_choice("request_type", request_type, _KINDS)
        with self._lock:
            now = self._now_iso()
            record: Record = {
                "user_id": user_id, "type": request_type, "status": status,
                "artist_name": artist_name or self.db.users[user_id]["display_name"],
                "artist_id": None, "data": {}, "notes": None, "created_at": now, "updated_at": now,
            }  # fmt: skip
            return self._insert(self.db.backstage, record, after=400)

    def set_backstage_status(self, request_id: int, status: str) -> None:
        """Decide a backstage request as an admin would (approve, deny, revoke...).

        Args:
            request_id: The request.
            status: ``pending``, ``approved``, ``denied`` or ``revoked``.

        Raises:
            ValueError: An unknown ``status``.
            KeyError: No such request.
        """
        check_choice("status", status, _STATUSES)
        with self._lock:
            self.db.backstage[request_id]["status"] = status
            self.db.backstage[request_id]["updated_at"] = self._now_iso()

    def _blocker(self, user_id: int) -> Record | None:
        """The request that blocks a new submission: the latest pending, else latest revoked."""
        mine = [r for r in self.db.backstage.values() if r["user_id"] == user_id]
        latest_first = sorted(mine, key=lambda r: r["id"], reverse=True)
        blockers = (
            r for status in ("pending", "revoked") for r in latest_first if r["status"] == status
        )
        return next(blockers, None)

    @staticmethod
    def _block(blocker: Record | None) -> Record:
        """Why ``blocker`` stops a new submission (all ``None`` when nothing does)."""
        status = None if blocker is None else blocker["status"]
        return {
            "message": data.TABLES["backstage_blocks"].get(status),
            "contact_url": "/contact" if status == "revoked" else None,
            "blocking_request_id": None if blocker is None else blocker["id"],
        }

    def on_backstage_submission_status(self, request: httpx.Request) -> Record:
        blocker = self._blocker(self._me()["id"])
        reason = None if blocker is None else blocker["status"]
        return {"can_submit": blocker is None, "block_reason": reason, **self._block(blocker)}

    def on_backstage_create(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        body = Body.read(request)
        kind = body.choice("type", _KINDS, required=True)
        artist_name = body.text("artist_name", required=True)
        payload = body.raw.get("data")
        if payload is None:
            body.error("data", "The data field is required.")
        elif not isinstance(payload, dict):
            body.error("data", "The data field must be an array.")
        artist_id = body.raw.get("artist_id")
        if isinstance(artist_id, str) and DIGITS.fullmatch(artist_id):
            artist_id = to_int(artist_id)
        if artist_id is None and kind in ("verify-artist", "claim-artist"):
            body.error("artist_id", f"The artist id field is required when type is {kind}.")
        elif artist_id is not None and (
            not isinstance(artist_id, int | str)
            or (isinstance(artist_id, int) and artist_id not in self.db.artists)
        ):
            body.error("artist_id", "The selected artist id is invalid.")
        body.check()
        blocker = self._blocker(me["id"])
        if blocker is not None:
            # The conflict is {"message", "error_code"} only (seed L215-224); where to
            # appeal is in the message, the blocking request in the submission status.
            code = f"backstage_request_{blocker['status']}"
            raise self._fail(409, self._block(blocker)["message"], error_code=code)
        record = self.add_backstage_request(
            me["id"], request_type=kind or "", artist_name=artist_name
        )
        record.update(artist_id=artist_id, data=payload)
        return self.json_response(ok(request=dict(record)), 201)

    def on_backstage_revoke(self, request: httpx.Request, request_id: str) -> Record:
        self._require(data.ADMIN_PERMISSION in self._me()["permissions"])
        record = self._find(self.db.backstage, request_id, "BackstageRequest")
        body = Body.read(request)
        notes = body.text("notes", max_len=5000)
        body.check()
        if record["status"] != "approved":
            raise invalid({"status": ["Only approved requests can be revoked."]})
        record.update(status="revoked", notes=notes, updated_at=self._now_iso())
        return ok(request=dict(record))
