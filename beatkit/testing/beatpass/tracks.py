"""BeatPass tracks: the collection, audio, plays, analytics and the upload flow."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import posixpath
import random
import re
import wave

import httpx

import beatkit.testing.beatpass._data as data
from beatkit.testing._crud import Record
from beatkit.testing._wire import read_multipart
from beatkit.testing.beatpass._http import Body, attachment, invalid, ok
from beatkit.testing.beatpass._shared import Resource, Shared

__all__ = ["Tracks"]

_AUDIO_EXTENSIONS = ("mp3", "wav", "flac", "aiff", "aif", "m4a", "ogg", "aac")


def _audio_duration(content: bytes) -> int:
    """Milliseconds: read from a WAV header, else estimated at 320 kbps."""
    if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
        try:
            with wave.open(io.BytesIO(content)) as audio:
                frames: int = audio.getnframes()
                rate: int = audio.getframerate()
            return round(frames * 1000 / rate)
        except (wave.Error, EOFError, ZeroDivisionError):
            pass
    return len(content) * 8 // 320


class Tracks(Shared):
    """Tracks, their audio and statistics, uploads and metadata extraction."""

    def _track_changes(self, request: httpx.Request, record: Record | None) -> Record:
        """Validate a track body (create or update); the changes to apply."""
        body, creating = Body.read(request), record is None
        values = {
            "name": body.text("name", required=creating),
            "description": body.text("description", max_len=5000),
            "duration": body.integer("duration"), "bpm": body.integer("bpm", minimum=1),
            "key": body.text("key", max_len=20), "release_date": body.date("release_date"),
            "image": body.text("image", max_len=1000), "price": body.number("price"),
            "exclusive_price": body.number("exclusive_price"),
            "downloadable": body.boolean("downloadable"),
            "artist_ids": body.ids("artists", self.db.artists),
        }  # fmt: skip
        changes: Record = {k: v for k, v in values.items() if v is not None}
        if "album_id" in body:
            changes["album_id"] = body.integer("album_id", minimum=1, exists=self.db.albums)
        genre = body.raw.get("genre", body.raw.get("genres"))
        if genre is not None:
            names = [genre] if isinstance(genre, str) else genre
            if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                body.error("genre", "The genre field must be a string.")
            else:
                changes["genre_names"] = names
        tags = body.raw.get("tags")
        if tags is not None:
            if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
                body.error("tags", "The tags field must be an array of strings.")
            else:
                changes["tag_names"] = tags
        if "file_entry_id" in body:
            entry = self.file_entries.get(body.integer("file_entry_id", minimum=1) or 0)
            if entry is None or entry["user_id"] != self._me()["id"]:
                body.error("file_entry_id", "The selected file entry id is invalid.")
            else:
                changes.update(file_entry_id=entry["id"], src=entry["url"])
        body.check()
        entry = self.file_entries.get(changes.get("file_entry_id") or 0)
        if creating and entry is not None and "duration" not in changes:
            changes["duration"] = _audio_duration(entry["content"])
        return changes

    def _new_track(self, track_id: int, changes: Record) -> Record:
        me, owned = self._me(), [a["id"] for a in self._mine(self.db.artists)]
        now = self.clock()
        track: Record = {
            "id": track_id, "name": "", "release_date": data.release_date(now),
            "image": f"{data.SITE}/storage/tracks/{track_id}.jpg", "duration": 0,
            "description": None, "artist_ids": owned[:1], "album_id": None, "genre_ids": [],
            "tag_ids": [], "bpm": None, "key": None, "price": 29.99, "exclusive_price": 299.99,
            "downloadable": False, "sold_exclusively": False, "plays": 0, "likes": 0,
            "owner_id": me["id"], "file_entry_id": None, "src": None, "audio_seed": track_id,
            "liked_by": set(), "created_at": data.iso(now), "updated_at": data.iso(now),
        }  # fmt: skip
        self._apply_track(track, changes)
        if track["file_entry_id"] is not None:
            # Upload flow step 4: the platform fingerprints uploaded audio by itself.
            self._start_fingerprint(track)
        return track

    def _apply_track(self, track: Record, changes: Record) -> None:
        if "genre_names" in changes:
            track["genre_ids"] = self._genre_ids(changes.pop("genre_names"))
        if "tag_names" in changes:
            track["tag_ids"] = self._tag_ids(changes.pop("tag_names"))
        track.update(changes)
        track["updated_at"] = self._now_iso()

    def _unlink_track(self, track_id: int) -> None:
        for playlist in self.db.playlists.values():
            if track_id in playlist["track_ids"]:
                playlist["track_ids"].remove(track_id)
        for artist in self.db.artists.values():
            if artist["pinned_track_id"] == track_id:
                artist["pinned_track_id"] = None
        for lyric_id in [i for i, x in self.db.lyrics.items() if x["track_id"] == track_id]:
            del self.db.lyrics[lyric_id]

    def _matching(self, request: httpx.Request) -> list[Record]:
        query = (request.url.params.get("query") or "").strip().casefold()
        return [t for t in self.db.tracks.values() if query in t["name"].casefold()]

    _tracks = Resource(
        name="tracks", model="Track", one="track", written=("album", "genres", "tags"),
        view=Shared._track_view, select=_matching, changes=_track_changes, new=_new_track,
        apply=_apply_track, may_write=Shared._can_manage_track, on_delete=_unlink_track,
    )  # fmt: skip

    def on_tracks_download(self, request: httpx.Request, track: str) -> httpx.Response:
        record = self._track(track)
        allowed = (
            record["downloadable"]
            or self._can_manage_track(record)
            or (self._user is not None and self._has_purchased(self._user["id"], record["id"]))
        )
        if not allowed:
            if self._user is None:
                raise self._fail(401)
            raise self._fail(403, "You need to purchase this track before downloading it.")
        if record["src"] is None:
            raise self._fail(404, "This track has no audio file.")
        content = self.audio_bytes(record["id"])
        entry = self.file_entries.get(record["file_entry_id"] or 0)
        mime = entry["mime"] if entry else "audio/wav"
        extension = entry["extension"] if entry else "wav"
        filename = re.sub(r"[^A-Za-z0-9]+", "-", record["name"]).strip("-") or "track"
        return attachment(content, mime, f"{filename}.{extension}")

    def on_tracks_wave(self, request: httpx.Request, track: str) -> Record:
        return {"peaks": data.waveform_peaks(self._track(track)["audio_seed"])}

    def on_tracks_wave_batch(self, request: httpx.Request) -> Record:
        body = Body.read(request)
        field = "ids" if "ids" in body and "track_ids" not in body else "track_ids"
        ids = self._track_ids(request, field)
        waves = {str(i): data.waveform_peaks(self.db.tracks[i]["audio_seed"]) for i in ids}
        return ok(waves=waves)

    def on_tracks_log_play(self, request: httpx.Request, track: str) -> Record:
        record = self._track(track)
        record["plays"] += 1
        play_id = len(self._plays) + 1
        self._plays[(self._caller(request), record["id"])] = {
            "id": play_id, "track_id": record["id"], "duration": 0, "created_at": self._now_iso(),
        }  # fmt: skip
        return ok(play_id=play_id)

    # The OpenAPI file's path for tracks.log_play (the operation list's is the client's).
    on_tracks_log_play_by_openapi_path = on_tracks_log_play

    def on_tracks_update_play_duration(self, request: httpx.Request, track: str) -> Record:
        record = self._track(track)
        body = Body.read(request)
        duration = body.integer("duration", required=True)
        body.check()
        play = self._plays.get((self._caller(request), record["id"]))
        if play is None:
            raise self._fail(404, "There is no active play of this track to update.")
        play["duration"] = duration
        return ok(play_id=play["id"], duration=duration)

    def on_tracks_engagement_metrics(self, request: httpx.Request, track: str) -> Record:
        record = self._managed_track(track)
        rng = random.Random(f"engagement-{record['id']}")
        plays = record["plays"]
        return ok(
            track_id=record["id"], plays=plays,
            unique_listeners=plays * rng.randrange(40, 80) // 100,
            likes=record["likes"] + len(record["liked_by"]), reposts=rng.randrange(0, 500),
            comments=rng.randrange(0, 300), downloads=rng.randrange(0, 2000),
            average_listen_duration=rng.randrange(30, 120) * 1000,
            completion_rate=round(rng.uniform(0.2, 0.9), 2),
            engagement_rate=round(rng.uniform(0.01, 0.2), 3),
        )  # fmt: skip

    def on_tracks_producer_analytics(self, request: httpx.Request, track: str) -> Record:
        record = self._managed_track(track)
        rng = random.Random(f"track-analytics-{record['id']}")
        sales = self._sales([record["id"]])
        return ok(
            track_id=record["id"],
            plays=record["plays"],
            downloads=rng.randrange(0, 2000),
            purchases=len(sales),
            revenue=round(sum(p["amount"] for p in sales), 2),
            currency="CAD",
            plays_by_day=self._daily(rng, "plays"),
            top_countries=[
                {"country": c, "plays": rng.randrange(10, 5000)} for c in ("CA", "US", "GB")
            ],
        )

    # -- the upload flow: the inferred POST /uploads, then metadata extraction -----------

    def on_uploads_create(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        part = read_multipart(request).get("file")
        if part is None or part[0] is None:
            raise invalid({"file": ["The file field is required."]})
        filename, content_type, content = part
        name = posixpath.basename((filename or "upload").replace("\\", "/")) or "upload"
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        mime = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        if not content:
            raise invalid({"file": ["The file field must be a file."]})
        if extension not in _AUDIO_EXTENSIONS and not mime.startswith("audio/"):
            allowed = ", ".join(_AUDIO_EXTENSIONS)
            raise invalid({"file": [f"The file field must be a file of type: {allowed}."]})
        digest = hashlib.sha256(content).hexdigest()
        stored = f"{digest[:40]}.{extension or 'bin'}"
        fields = {
            "name": name, "file_name": stored, "file_size": len(content),
            "mime": mime if mime.startswith("audio/") else f"audio/{extension}", "type": "audio",
            "extension": extension, "url": f"{data.SITE}/storage/track_media/{stored}",
            "hash": digest[:32], "user_id": me["id"], "created_at": self._now_iso(),
            "content": content,
        }  # fmt: skip
        entry = self._insert(self.file_entries, fields, after=900)
        view = {k: v for k, v in entry.items() if k != "content"}
        return self.json_response(ok(fileEntry=view), 201)

    def on_tracks_extract_metadata(self, request: httpx.Request, entry: str) -> Record:
        record = self._find(self.file_entries, entry, "FileEntry")
        me = self._me()
        self._require(record["user_id"] == me["id"])
        rng = random.Random(record["hash"])
        stem = record["name"].rpartition(".")[0] or record["name"]
        artist = next(iter(self._mine(self.db.artists)), None)
        genre = self.db.genres[rng.choice(sorted(self.db.genres))]
        metadata = {
            "title": re.sub(r"[_\-]+", " ", stem).strip().title() or "Untitled",
            "artist": artist["name"] if artist else me["display_name"], "album": None,
            "genre": genre["display_name"], "duration": _audio_duration(record["content"]),
            "bpm": rng.randrange(70, 160),
            "key": f"{rng.choice('CDEFGAB')} {rng.choice(('major', 'minor'))}",
            "release_date": None,
        }  # fmt: skip
        return ok(metadata=metadata)
