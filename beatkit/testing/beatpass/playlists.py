"""BeatPass playlists: the collection, following, track order and collaboration."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import httpx

import beatkit.testing.beatpass._data as data
from beatkit.beatpass.wire import PLAYLIST_CLEARABLE
from beatkit.testing._crud import Record
from beatkit.testing.beatpass._base import INVITATION_LIFETIME, MAX_EDITORS, REINVITE_COOLDOWN
from beatkit.testing.beatpass._http import Body, invalid, ok
from beatkit.testing.beatpass._shared import Resource, Shared

__all__ = ["Playlists"]

_TOO_MANY_EDITORS = f"Collaborative playlists support up to {MAX_EDITORS} editors."


class Playlists(Shared):
    """Playlists and their collaboration rules.

    From the docs: up to 10 editors; invitations expire 7 days after they are sent;
    one user may be invited to one playlist at most once per 24 hours.
    """

    def _playlist_changes(self, request: httpx.Request, record: Record | None) -> Record:
        body = Body.read(request)
        values = {
            "name": body.text("name", required=record is None, max_len=250),
            "description": body.text("description", min_len=20, max_len=170),
            "image": body.text("image", max_len=1000),
            "public": body.boolean("public"),
            "collaborative": body.boolean("collaborative"),
        }
        changes = body.check(values)
        if record is not None:
            # The update body's nullable fields: a null sent removes them.
            changes.update(
                {f: None for f in PLAYLIST_CLEARABLE if f in body.raw and body.raw[f] is None}
            )
        return changes

    def _new_playlist(self, playlist_id: int, changes: Record) -> Record:
        now = self._now_iso()
        playlist: Record = {
            "id": playlist_id, "name": "", "description": None, "image": None,
            "public": False, "collaborative": False, "owner_id": self._me()["id"],
            "track_ids": [], "follower_ids": set(), "editor_ids": [], "invitations": {},
            "created_at": now, "updated_at": now,
        }  # fmt: skip
        return {**playlist, **changes}

    _playlists = Resource(
        name="playlists", model="Playlist", one="playlist", ops="list create update delete",
        created=200, view=lambda fake, playlist, _: fake._playlist_view(playlist),
        select=lambda fake, _: fake._visible(), changes=_playlist_changes, new=_new_playlist,
        apply=Shared._touch, may_write=Shared._owns_playlist,
    )  # fmt: skip

    def _playlist(self, raw: str, rule: Callable[[Record], bool] | None = None) -> Record:
        """The playlist, when the caller passes ``rule`` (by default, may see it); else 403."""
        playlist = self._find(self.db.playlists, raw, "Playlist")
        self._require((rule or self._sees_playlist)(playlist))
        return playlist

    def _tracks_in(self, playlist: Record) -> list[Record]:
        return [self.db.tracks[t] for t in playlist["track_ids"] if t in self.db.tracks]

    def on_playlists_get(self, request: httpx.Request, playlist: str) -> Record:
        record = self._playlist(playlist)
        tracks = self._tracks_in(record)
        view = self._playlist_view(record)
        view["totalDuration"] = sum(t["duration"] for t in tracks)
        view["tracks"] = self._page(request, tracks, self._track_view)
        return ok(playlist=view)

    def on_playlists_update_by_body(self, request: httpx.Request) -> Any:
        raw_id = Body.read(request).raw.get("id")
        if raw_id is None:
            raise invalid({"id": ["The id field is required."]})
        return self._playlists.update(self, request, str(raw_id))

    def on_playlists_follow(self, request: httpx.Request, playlist: str) -> Record:
        self._playlist(playlist)["follower_ids"].add(self._me()["id"])
        return ok()

    def on_playlists_unfollow(self, request: httpx.Request, playlist: str) -> Record:
        self._playlist(playlist)["follower_ids"].discard(self._me()["id"])
        return ok()

    def on_playlists_tracks(self, request: httpx.Request, playlist: str) -> Record:
        tracks = self._tracks_in(self._playlist(playlist))
        return ok(pagination=self._page(request, tracks, self._track_view))

    def _touched(self, playlist: Record) -> Record:
        playlist["updated_at"] = self._now_iso()
        return ok(playlist=self._playlist_view(playlist))

    def on_playlists_add_tracks(self, request: httpx.Request, playlist: str) -> Record:
        record = self._playlist(playlist, self._edits_playlist)
        record["track_ids"] += [t for t in self._track_ids(request) if t not in record["track_ids"]]
        return self._touched(record)

    def on_playlists_remove_tracks(self, request: httpx.Request, playlist: str) -> Record:
        record = self._playlist(playlist, self._edits_playlist)
        removed = set(self._track_ids(request))
        record["track_ids"] = [t for t in record["track_ids"] if t not in removed]
        return self._touched(record)

    def on_playlists_reorder_tracks(self, request: httpx.Request, playlist: str) -> Record:
        record = self._playlist(playlist, self._edits_playlist)
        ordered = self._track_ids(request)
        stray = [t for t in ordered if t not in record["track_ids"]]
        if stray:
            raise invalid({"ids": [f"Track {t} is not in this playlist." for t in stray]})
        # The listed tracks take the first positions, in order; the rest keep theirs after.
        rest = [t for t in record["track_ids"] if t not in ordered]
        record["track_ids"] = ordered + rest
        return self._touched(record)

    # -- collaboration -------------------------------------------------------------------

    def invitation(self, playlist_id: int, user_id: int) -> dict[str, Any] | None:
        """The latest invitation of ``user_id`` to a playlist, or ``None``.

        Its ``status`` is ``pending``, ``accepted``, ``declined``, ``expired`` or
        ``cancelled``; ``invited_at`` is in epoch seconds of the fake's clock.

        Args:
            playlist_id: The playlist.
            user_id: The invited user.

        Returns:
            The invitation record (live; the fake's own dict), or ``None``.
        """
        invitations = self.db.playlists[playlist_id]["invitations"]
        invitation: dict[str, Any] | None = invitations.get(user_id)
        expired = invitation is not None and (
            self.clock() >= invitation["invited_at"] + INVITATION_LIFETIME
        )
        if invitation is not None and invitation["status"] == "pending" and expired:
            invitation["status"] = "expired"
        return invitation

    def on_playlists_invite(self, request: httpx.Request, playlist: str) -> Record:
        record = self._playlist(playlist, self._owns_playlist)
        body = Body.read(request)
        user_id = body.integer("user_id", required=True, minimum=1, exists=self.db.users)
        user_id = body.valid(user_id)
        refusal = None
        if not record["collaborative"]:
            raise invalid({"playlist": ["This playlist is not collaborative."]})
        if user_id == record["owner_id"]:
            refusal = "You cannot invite the playlist owner."
        elif user_id in record["editor_ids"]:
            refusal = "This user is already an editor of this playlist."
        elif len(record["editor_ids"]) >= MAX_EDITORS:
            refusal = _TOO_MANY_EDITORS
        now = self.clock()
        previous = None if refusal else self.invitation(record["id"], user_id)
        if previous is not None and previous["status"] == "pending":
            refusal = "This user already has a pending invitation."
        elif previous is not None and now < previous["invited_at"] + REINVITE_COOLDOWN:
            hours = math.ceil((previous["invited_at"] + REINVITE_COOLDOWN - now) / 3600)
            refusal = (
                "This user was invited less than 24 hours ago. You can invite them "
                f"again in {hours} hour{'s' if hours != 1 else ''}."
            )
        if refusal:
            raise invalid({"user_id": [refusal]})
        invitation = {
            "playlist_id": record["id"], "user_id": user_id, "invited_by": self._me()["id"],
            "status": "pending", "invited_at": now,
        }  # fmt: skip
        record["invitations"][user_id] = invitation
        view = {k: invitation[k] for k in ("playlist_id", "user_id", "status")}
        view["invited_at"] = data.iso(now)
        view["expires_at"] = data.iso(now + INVITATION_LIFETIME)
        return ok(message="Invitation sent successfully", invitation=view)

    def _my_invitation(self, raw: str) -> tuple[Record, Record]:
        """The caller's pending invitation to a playlist (404 when none or expired)."""
        record = self._find(self.db.playlists, raw, "Playlist")
        invitation = self.invitation(record["id"], self._me()["id"])
        if invitation is None or invitation["status"] not in ("pending", "expired"):
            raise self._fail(404, "You have no pending invitation to this playlist.")
        if invitation["status"] == "expired":
            raise self._fail(404, "This invitation has expired.")
        return record, invitation

    def on_playlists_accept_invite(self, request: httpx.Request, playlist: str) -> Record:
        record, invitation = self._my_invitation(playlist)
        if len(record["editor_ids"]) >= MAX_EDITORS:
            raise invalid({"playlist": [_TOO_MANY_EDITORS]})
        invitation["status"] = "accepted"
        record["editor_ids"].append(invitation["user_id"])
        return ok(playlist=self._playlist_view(record))

    def on_playlists_decline_invite(self, request: httpx.Request, playlist: str) -> Record:
        self._my_invitation(playlist)[1]["status"] = "declined"
        return ok()

    def on_playlists_remove_editor(self, request: httpx.Request, playlist: str) -> Record:
        record = self._find(self.db.playlists, playlist, "Playlist")
        body = Body.read(request)
        user_id = body.integer("user_id", required=True, minimum=1)
        body.check()
        # The owner removes anyone; an editor may only remove themselves (leave).
        self._require(self._owns_playlist(record) or user_id == self._me()["id"])
        invitation = self.invitation(record["id"], user_id or 0)
        if user_id in record["editor_ids"]:
            record["editor_ids"].remove(user_id)
        elif invitation is not None and invitation["status"] == "pending":
            invitation["status"] = "cancelled"
        else:
            raise invalid({"user_id": ["This user is not an editor of this playlist."]})
        return ok()
