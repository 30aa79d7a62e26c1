"""What the BeatPass resource groups share: views, rights, record helpers, the collection."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs
import httpx

from beatkit.testing._crud import Collection, Record
from beatkit.testing.beatpass._base import Base
from beatkit.testing.beatpass._http import Body, ok

__all__ = ["Resource", "Shared"]


class Shared(Base):
    """Views of the records (minimal for guests), who may do what, and record helpers."""

    def _genre_ids(self, names: Iterable[str]) -> list[int]:
        """Ids of the named genres, creating the unknown ones (as the app does)."""
        ids = []
        for name in names:
            slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "other"
            new = {"name": slug, "display_name": name, "image": None, "model_type": "genre"}
            ids.append(self._named_id(self.db.genres, new))
        return ids

    def _tag_ids(self, names: Iterable[str]) -> list[int]:
        tags = ({"name": name.casefold(), "display_name": name} for name in names)
        return [self._named_id(self.db.tags, new) for new in tags]

    def _named_id(self, table: dict[int, Record], new: Record) -> int:
        """The id of the record called ``new``'s name or display name (in any case); else
        of ``new``, stored."""
        wanted = new["display_name"].casefold()
        for record in table.values():
            if new["name"] == record["name"] or wanted == record["display_name"].casefold():
                return int(record["id"])
        return int(self._insert(table, new)["id"])

    def _track_ids(self, request: httpx.Request, field: str = "ids") -> list[int]:
        """The tracks a body's ``field`` lists (required; a 422 when one does not exist)."""
        body = Body.read(request)
        return body.valid(body.ids(field, self.db.tracks, required=True))

    def _start_fingerprint(self, track: Record) -> Record:
        """Create (or restart) the track's fingerprint job."""
        fingerprint = self._fingerprint_of(track["id"]) or self._insert(
            self.db.fingerprints, {"track_id": track["id"]}, after=700
        )
        fingerprint.update(
            status="pending", polls_left=self.fingerprint_polls, created_at=self._now_iso()
        )
        return fingerprint

    def _tracks_of(self, artist_id: int) -> list[Record]:
        return [t for t in self.db.tracks.values() if artist_id in t["artist_ids"]]

    def _fingerprint_of(self, track_id: int) -> Record | None:
        return next((f for f in self.db.fingerprints.values() if f["track_id"] == track_id), None)

    # -- views: what the API shows of each record ----------------------------------------
    # Without a token only the minimal fields are shown (id, name, image, model_type and
    # basic metadata, as the API's description says); with one, everything plus the
    # caller's own like/purchase/follow status.

    def _user_view(self, user: dict[str, Any]) -> dict[str, Any]:
        view = {k: user[k] for k in ("id", "display_name", "avatar")}
        view["model_type"] = "user"
        if self._full:
            view["username"] = user["username"]
        return view

    @staticmethod
    def _artist_ref(artist: dict[str, Any]) -> dict[str, Any]:
        """The artist as nested in tracks and albums: always the minimal fields."""
        view = {k: artist[k] for k in ("id", "name", "image_small", "verified")}
        view["model_type"] = "artist"
        return view

    def _artist_view(self, artist: dict[str, Any]) -> dict[str, Any]:
        view = self._artist_ref(artist)
        if self._full:
            keys = ("description", "user_id", "followers_count", "profile", "profile_images")
            view.update({k: artist[k] for k in (*keys, "links", "created_at")})
        return view

    def _tag_view(self, tag: dict[str, Any]) -> dict[str, Any]:
        return {**tag, "model_type": "tag"}

    def _track_view(self, track: dict[str, Any], includes: Iterable[str] = ()) -> dict[str, Any]:
        view = {k: track[k] for k in ("id", "name", "image", "duration", "release_date")}
        view["model_type"] = "track"
        view["artists"] = [self._artist_ref(self.db.artists[a]) for a in track["artist_ids"]]
        if self._full:
            me = self._me()
            view.update(
                description=track["description"], bpm=track["bpm"], key=track["key"],
                album_id=track["album_id"], price=track["price"],
                exclusive_price=track["exclusive_price"], currency="CAD",
                downloadable=track["downloadable"], plays=track["plays"],
                likes_count=track["likes"] + len(track["liked_by"]),
                file_entry_id=track["file_entry_id"], src=track["src"],
                is_liked=me["id"] in track["liked_by"],
                is_purchased=self._has_purchased(me["id"], track["id"]),
                created_at=track["created_at"], updated_at=track["updated_at"],
            )  # fmt: skip
        includes = set(includes)
        if "album" in includes:
            album = self.db.albums.get(track["album_id"] or 0)
            view["album"] = None if album is None else self._album_view(album)
        return self._related(view, track, includes)

    def _related(self, view: Record, record: Record, includes: set[str]) -> Record:
        """Add the genres and tags a ``with=`` asks for."""
        if "genres" in includes:
            view["genres"] = [dict(self.db.genres[g]) for g in record["genre_ids"]]
        if "tags" in includes:
            view["tags"] = [self._tag_view(self.db.tags[t]) for t in record["tag_ids"]]
        return view

    def _album_view(self, album: dict[str, Any], includes: Iterable[str] = ()) -> dict[str, Any]:
        view = {k: album[k] for k in ("id", "name", "image", "release_date")}
        view["model_type"] = "album"
        view["artists"] = [self._artist_ref(self.db.artists[a]) for a in album["artist_ids"]]
        tracks = [t for t in self.db.tracks.values() if t["album_id"] == album["id"]]
        if self._full:
            view.update(description=album["description"], plays=album["plays"])
            view.update(tracks_count=len(tracks), created_at=album["created_at"])
        includes = set(includes)
        if "tracks" in includes:
            view["tracks"] = [self._track_view(t) for t in tracks]
        return self._related(view, album, includes)

    def _playlist_view(self, playlist: dict[str, Any]) -> dict[str, Any]:
        view = {k: playlist[k] for k in ("id", "name", "public", "collaborative", "image")}
        view["model_type"] = "playlist"
        if self._full:
            me = self._me()
            view.update(
                description=playlist["description"], owner_id=playlist["owner_id"],
                owner=self._user_view(self.db.users[playlist["owner_id"]]),
                editors=[self._user_view(self.db.users[u]) for u in playlist["editor_ids"]],
                followers_count=len(playlist["follower_ids"]),
                tracks_count=len(playlist["track_ids"]),
                is_following=me["id"] in playlist["follower_ids"],
                created_at=playlist["created_at"], updated_at=playlist["updated_at"],
            )  # fmt: skip
        return view

    # -- who may do what -----------------------------------------------------------------

    def _has_purchased(self, user_id: int, track_id: int) -> bool:
        return any(p["user_id"] == user_id for p in self._sales([track_id]))

    def _sales(self, track_ids: Iterable[int]) -> list[Record]:
        """The completed purchases of these tracks."""
        ids = set(track_ids)
        completed = (p for p in self.db.purchases.values() if p["status"] == "completed")
        return [p for p in completed if p["track_id"] in ids]

    def _owns_artist(self, artist_id: int) -> bool:
        artist = self.db.artists.get(artist_id)
        return self._is_admin() or (artist is not None and self._is_me(artist["user_id"]))

    def _can_manage_track(self, track: dict[str, Any]) -> bool:
        return (
            self._is_admin()
            or self._is_me(track["owner_id"])
            or any(self._owns_artist(a) for a in track["artist_ids"])
        )

    def _manages_track_of(self, record: Record) -> bool:
        """Whether the caller manages the track a lyric, fingerprint or license is of."""
        track = self.db.tracks.get(record["track_id"])
        return track is not None and self._can_manage_track(track)

    def _managed_track(self, raw: str) -> dict[str, Any]:
        record = self._track(raw)
        self._require(self._can_manage_track(record))
        return record

    def _owned_artist(self, raw: str) -> dict[str, Any]:
        record = self._artist(raw)
        self._require(self._owns_artist(record["id"]))
        return record

    def _owns_playlist(self, playlist: dict[str, Any]) -> bool:
        return self._is_me(playlist["owner_id"]) or self._is_admin()

    def _sees_playlist(self, playlist: dict[str, Any]) -> bool:
        return playlist["public"] or self._edits_playlist(playlist)

    def _visible(self) -> list[Record]:
        """The playlists the caller may see: the public ones and those they edit."""
        return [p for p in self.db.playlists.values() if self._sees_playlist(p)]

    def _edits_playlist(self, playlist: dict[str, Any]) -> bool:
        user = self._user
        return self._owns_playlist(playlist) or (
            user is not None and playlist["collaborative"] and user["id"] in playlist["editor_ids"]
        )


@attrs.frozen(kw_only=True)
class Resource(Collection[Any]):
    """A BeatPass collection: Laravel's 404 and 403, ``{"status": "success", ...}`` bodies."""

    one: str
    """The key of a single record in the answer (``"track"``)."""
    many: str = ""
    """The key of a list's paginator (by default, the collection's name)."""
    written: tuple[str, ...] = ()
    """The ``with`` relations shown after a create or update."""
    created: int = 201
    """The status of a create."""

    def store(self, fake: Shared) -> Any:
        return getattr(fake.db, self.name)

    def missing(self, fake: Shared, raw: str) -> Exception:
        return fake._fail(404, f"No query results for model [App\\Models\\{self.model}] {raw}")

    def forbidden(self, fake: Shared) -> Exception:
        return fake._fail(403)

    def reply(self, fake: Shared, request: httpx.Request, op: str, found: Any) -> Any:
        if op == "list":
            page = fake._page(request, found, lambda record: self.show(fake, record, ()))
            return ok(**{self.many or self.name: page})
        if op == "delete":
            return ok()
        if op == "get":
            return ok(**{self.one: self.show(fake, found, fake._with(request))})
        body = ok(**{self.one: self.show(fake, found, self.written)})
        return fake.json_response(body, self.created) if op == "create" else body
