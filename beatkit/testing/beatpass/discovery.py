"""BeatPass discovery: search, suggestions, genres, tags and radio."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partialmethod
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beatpass._http import Body, ok
from beatkit.testing.beatpass._shared import Shared

__all__ = ["Discovery"]

_SEARCH_KINDS = ("album", "artist", "playlist", "track", "user")


class Discovery(Shared):
    """Search and its suggestions, genres, tags and radio stations."""

    def on_search(self, request: httpx.Request) -> Record:
        params = request.url.params
        body = Body({"query": params.get("query"), "limit": params.get("limit")})
        query = body.text("query", required=True)
        limit = body.integer("limit", minimum=1)
        if limit is not None and limit > 50:
            body.error("limit", "The limit field must not be greater than 50.")
        raw_types = params.get("types") or ",".join(_SEARCH_KINDS)
        types = [t.strip() for t in raw_types.split(",") if t.strip()]
        if not types or any(t not in _SEARCH_KINDS for t in types):
            body.error("types", "The selected types is invalid.")
        query = body.valid(query)
        sources: dict[str, tuple[Iterable[Record], str, Callable[..., Record]]] = {
            "album": (self.db.albums.values(), "name", self._album_view),
            "artist": (self.db.artists.values(), "name", self._artist_view),
            "playlist": (self._visible(), "name", self._playlist_view),
            "track": (self.db.tracks.values(), "name", self._track_view),
            "user": (self.db.users.values(), "display_name", self._user_view),
        }
        results = {}
        for kind in types:
            records, field, view = sources[kind]
            hits = [r for r in records if query.casefold() in r[field].casefold()]
            results[f"{kind}s"] = [view(r) for r in hits[: limit or 3]]
        return ok(query=query, results=results)

    def _suggestion_view(self, record: Record, kind: str) -> Record:
        return {
            "id": record["id"], "name": record["name"],
            "image": record["image_small"] if kind == "artist" else record["image"],
            "description": record["description"], "model_type": kind,
        }  # fmt: skip

    def _suggestions(self, request: httpx.Request, kind: str) -> Record:
        table = self.db.artists if kind == "artist" else self.db.albums
        needle = (request.url.params.get("query") or "").casefold()
        hits = [r for r in table.values() if needle in r["name"].casefold()][:10]
        return ok(results=[self._suggestion_view(r, kind) for r in hits])

    def _suggestion(self, request: httpx.Request, raw: str, kind: str) -> Record:
        table = self.db.artists if kind == "artist" else self.db.albums
        return ok(**{kind: self._suggestion_view(self._find(table, raw, kind.title()), kind)})

    on_search_artist_suggestions = partialmethod(_suggestions, kind="artist")
    on_search_artist_suggestion = partialmethod(_suggestion, kind="artist")
    on_search_album_suggestions = partialmethod(_suggestions, kind="album")
    on_search_album_suggestion = partialmethod(_suggestion, kind="album")

    def _similar_tracks(self, seeds: Sequence[Record], count: int) -> list[Record]:
        """Tracks sharing a genre with the seeds, closest BPM first (the seeds excluded)."""
        genres = {g for t in seeds for g in t["genre_ids"]}
        bpm = sum(t["bpm"] or 100 for t in seeds) / max(1, len(seeds))
        seed_ids = {t["id"] for t in seeds}
        pool = [
            t for t in self.db.tracks.values()
            if t["id"] not in seed_ids and set(t["genre_ids"]) & genres
        ]  # fmt: skip
        pool.sort(key=lambda t: (abs((t["bpm"] or 100) - bpm), t["id"]))
        return pool[:count]

    def on_search_audio(
        self, request: httpx.Request, track: str, artist_name: str, track_name: str
    ) -> Record:
        record = self._track(track)
        tracks = [self._track_view(t) for t in self._similar_tracks([record], 10)]
        query = {"track_id": record["id"], "artist": artist_name, "track": track_name}
        return ok(query=query, tracks=tracks)

    def on_genres_list(self, request: httpx.Request) -> Record:
        return ok(pagination=self._page(request, list(self.db.genres.values()), dict))

    def _named(self, table: dict[int, Record], name: str, model: str) -> Record:
        """The genre or tag called ``name`` (its slug or display name, in any case)."""
        for record in table.values():
            if name.casefold() in (record["name"], record["display_name"].casefold()):
                return record
        raise self._fail(404, f"No query results for model [App\\Models\\{model}] {name}")

    def on_genres_get(self, request: httpx.Request, name: str) -> Record:
        return ok(genre=dict(self._named(self.db.genres, name, "Genre")))

    def _tagged(self, request: httpx.Request, name: str, kind: str) -> Record:
        """A page of the records of ``kind`` (tracks or albums) with the tag ``name``."""
        tag = self._named(self.db.tags, name, "Tag")
        items = [x for x in getattr(self.db, kind).values() if tag["id"] in x["tag_ids"]]
        view = self._track_view if kind == "tracks" else self._album_view
        return ok(tag=self._tag_view(tag), pagination=self._page(request, items, view))

    on_tags_tracks = partialmethod(_tagged, kind="tracks")
    on_tags_albums = partialmethod(_tagged, kind="albums")

    def on_radio_get(self, request: httpx.Request, kind: str, item: str) -> Record:
        seed: Any
        if kind == "artist":
            artist = self._artist(item)
            seeds = self._tracks_of(artist["id"])
            seed = self._artist_ref(artist)
        elif kind == "track":
            track = self._track(item)
            seeds, seed = [track], self._track_view(track)
        elif kind in ("genre", "tag"):
            found = self._find(getattr(self.db, f"{kind}s"), item, kind.title())
            seeds = [t for t in self.db.tracks.values() if found["id"] in t[f"{kind}_ids"]][:5]
            seed = dict(found) if kind == "genre" else self._tag_view(found)
        else:
            raise self._fail(404, f"Unsupported radio type: {kind}.")
        tracks = [self._track_view(t) for t in self._similar_tracks(seeds, 20)]
        return ok(type=kind, seed=seed, tracks=tracks)
