"""BeatPass producer tools: lyrics, fingerprints, Audio Recon and cover art."""

from __future__ import annotations

import hashlib
import json

import httpx

import beatkit.testing.beatpass._data as data
from beatkit.testing._crud import Record
from beatkit.testing.beatpass._http import Body, invalid, ok
from beatkit.testing.beatpass._shared import Resource, Shared

__all__ = ["Studio"]


class Studio(Shared):
    """Lyrics, audio fingerprints and duplicate checks, Audio Recon placements, cover art."""

    # -- lyrics --------------------------------------------------------------------------

    def _lyric_view(self, lyric: Record) -> Record:
        view = {k: lyric[k] for k in ("id", "text", "track_id")}
        if self._full:
            view["is_synced"] = lyric["is_synced"]
            view["created_at"] = lyric["created_at"]
            view["updated_at"] = lyric.get("updated_at", lyric["created_at"])
        return view

    def _lyric_changes(self, request: httpx.Request, record: Record | None) -> Record:
        body = Body.read(request)
        if record is not None:
            text = body.text("text", max_len=50000)
            return body.check({"text": text, "is_synced": body.boolean("is_synced")})
        track_id = body.integer("track_id", required=True, minimum=1)
        text = body.text("text", required=True, max_len=50000)
        synced = body.boolean("is_synced")
        if track_id is not None and track_id not in self.db.tracks:
            body.error("track_id", "The selected track id is invalid.")
        body.check()
        assert track_id is not None
        self._managed_track(str(track_id))
        if any(x["track_id"] == track_id for x in self.db.lyrics.values()):
            raise invalid({"track_id": ["This track already has lyrics."]})
        return {"track_id": track_id, "text": text, "is_synced": bool(synced)}

    def _new_lyric(self, lyric_id: int, changes: Record) -> Record:
        now = self._now_iso()
        return {"id": lyric_id, **changes, "created_at": now, "updated_at": now}

    _lyrics = Resource(
        name="lyrics", model="Lyric", one="lyric", many="pagination", apply=Shared._touch,
        ops="list create update delete", view=lambda fake, lyric, _: fake._lyric_view(lyric),
        changes=_lyric_changes, new=_new_lyric, may_write=Shared._manages_track_of,
    )  # fmt: skip

    def on_lyrics_for_track(self, request: httpx.Request, track: str) -> Record:
        track_id = self._track(track)["id"]
        lyric = next((x for x in self.db.lyrics.values() if x["track_id"] == track_id), None)
        if lyric is None:
            raise self._fail(404, "This track has no lyrics.")
        return ok(lyric=self._lyric_view(lyric))

    # -- fingerprints --------------------------------------------------------------------

    def fail_fingerprint(self, track_id: int) -> None:
        """Mark a track's fingerprint as failed, so ``/fingerprints/{id}/retry`` can run.

        Args:
            track_id: A track that has a fingerprint.
        """
        with self._lock:
            fingerprint = self._fingerprint_of(track_id)
            if fingerprint is None:
                raise KeyError(track_id)
            fingerprint["status"] = "failed"

    def _audio_hash(self, track: Record) -> str:
        """The acoustic "fingerprint": a hash of the audio bytes (cached, audio never changes)."""
        entry_id = track["file_entry_id"]
        key = ("entry", entry_id) if entry_id is not None else ("seed", track["audio_seed"])
        if key not in self._audio_hashes:
            self._audio_hashes[key] = hashlib.sha256(self.audio_bytes(track["id"])).hexdigest()
        return self._audio_hashes[key]

    def on_fingerprints_generate(self, request: httpx.Request, track: str) -> Record:
        record = self._managed_track(track)
        if record["src"] is None:
            raise invalid({"track": ["This track has no audio file to fingerprint."]})
        fingerprint = self._start_fingerprint(record)
        return ok(message="Fingerprint generation started", fingerprint_id=fingerprint["id"])

    def on_fingerprints_status(self, request: httpx.Request, track: str) -> Record:
        fingerprint = self._fingerprint_of(self._managed_track(track)["id"])
        if fingerprint is not None and fingerprint["status"] in ("pending", "processing"):
            # Each poll moves a started job along: processing for `fingerprint_polls` polls.
            if fingerprint["polls_left"] > 0:
                fingerprint["polls_left"] -= 1
                fingerprint["status"] = "processing"
            else:
                fingerprint["status"] = "completed"
        found = fingerprint or {"status": None, "id": None}
        return ok(fingerprint_status=found["status"], fingerprint_id=found["id"])

    def on_fingerprints_retry(self, request: httpx.Request, fingerprint: str) -> Record:
        record = self._find(self.db.fingerprints, fingerprint, "TrackFingerprint")
        self._require(self._manages_track_of(record))
        if record["status"] != "failed":
            raise invalid({"fingerprint": ["Only failed fingerprints can be retried."]})
        self._start_fingerprint(self.db.tracks[record["track_id"]])
        return ok(message="Fingerprint generation restarted", fingerprint_id=record["id"])

    def on_fingerprints_check_duplicates(self, request: httpx.Request) -> Record:
        body = Body.read(request)
        # What to compare, as (answer's key, its id, audio hash): an uploaded file, or tracks.
        if "file_entry_id" in body and "track_ids" not in body:
            entry = self.file_entries.get(body.integer("file_entry_id", minimum=1) or 0)
            if entry is None:
                body.error("file_entry_id", "The selected file entry id is invalid.")
            body.check()
            assert entry is not None
            digest = hashlib.sha256(entry["content"]).hexdigest()
            sources = [("file_entry_id", entry["id"], digest)]
        else:
            tracks = [self.db.tracks[i] for i in self._track_ids(request, "track_ids")]
            sources = [
                ("track_id", t["id"], self._audio_hash(t)) for t in tracks if t["src"] is not None
            ]
        audible = [t for t in self.db.tracks.values() if t["src"] is not None]
        duplicates = [
            {key: source_id, "duplicate_track_id": other["id"], "similarity": 1.0}
            for key, source_id, digest in sources
            for other in audible
            # A track is not a duplicate of itself.
            if (key, source_id) != ("track_id", other["id"]) and self._audio_hash(other) == digest
        ]
        return ok(duplicates=duplicates)

    def on_recon_placements(self, request: httpx.Request, track: str) -> Record:
        record = self._track(track)
        if not any(self._owns_artist(a) for a in record["artist_ids"]):
            raise self._fail(403, "You are not a credited producer on this track.")
        primary = self.db.artists.get(record["artist_ids"][0]) if record["artist_ids"] else None
        verified = bool(primary and primary["verified"])
        scan = self.db.scans.get(record["id"])
        if scan is None or not verified:
            scan = {"scan_status": None, "scanned_at": None, "placements": []}
        # Only high-confidence matches are shown (display threshold 90), best first.
        shown = sorted(
            (p for p in scan["placements"] if p["confidence_score"] >= 90),
            key=lambda p: (-p["confidence_score"], p["id"]),
        )
        return {
            "placements": shown, "scan_status": scan["scan_status"],
            "scanned_at": scan["scanned_at"], "total_count": len(shown),
            "artist_verified": verified,
        }  # fmt: skip

    # -- cover art -----------------------------------------------------------------------

    def on_cover_art_templates(self, request: httpx.Request) -> Record:
        return ok(templates=list(self.db.templates.values()))

    def on_cover_art_template(self, request: httpx.Request, template: str) -> Record:
        return ok(template=self._find(self.db.templates, template, "CoverArtTemplate"))

    def on_cover_art_preview(self, request: httpx.Request) -> Record:
        body = Body.read(request)
        template_id = body.integer("template_id", required=True, minimum=1)
        title = body.text("title")  # optional in the OpenAPI file, as in cover_art.preview
        artist = body.text("artist")
        if template_id is not None and template_id not in self.db.templates:
            body.error("template_id", "The selected template id is invalid.")
        body.check()
        key = json.dumps([template_id, title, artist, body.raw.get("options")], sort_keys=True)
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        preview_url = f"{data.SITE}/storage/cover-art/previews/{digest}.jpg"
        return ok(preview_url=preview_url, template_id=template_id)

    def on_cover_art_matching_templates(self, request: httpx.Request) -> Record:
        genre = (request.url.params.get("genre") or "").casefold()
        mood = (request.url.params.get("mood") or "").casefold()
        names = {genre} | {
            g["name"]
            for g in self.db.genres.values()
            if genre and genre == g["display_name"].casefold()
        }
        matches = [
            t
            for t in self.db.templates.values()
            if (not genre or t["genre"] in names) and (not mood or t["mood"] == mood)
        ]
        return ok(templates=matches)
