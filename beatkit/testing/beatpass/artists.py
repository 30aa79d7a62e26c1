"""BeatPass artists and albums: the collections, dashboards, credits and track pinning."""

from __future__ import annotations

import hashlib
import random
from functools import partialmethod

import httpx

import beatkit.testing.beatpass._data as data
from beatkit.testing._crud import Record
from beatkit.testing.beatpass._http import Body, invalid, ok
from beatkit.testing.beatpass._shared import Resource, Shared

__all__ = ["Artists"]

_ROLES = data.TABLES["credit_roles"]
_CREDIT_FIELDS = data.TABLES["credit_fields"]
"""A credit's fields, ``None`` until set."""


def _top_tracks(tracks: list[Record]) -> list[Record]:
    ranked = sorted(tracks, key=lambda t: -t["plays"])[:5]
    return [{"track_id": t["id"], "name": t["name"], "plays": t["plays"]} for t in ranked]


class Artists(Shared):
    """Albums, artists with their dashboards, artist credits and track pinning."""

    # -- albums --------------------------------------------------------------------------

    def _can_manage_album(self, album: Record) -> bool:
        return self._is_me(album["owner_id"]) or any(
            self._owns_artist(a) for a in album["artist_ids"]
        )

    def _album_changes(self, request: httpx.Request, record: Record | None) -> Record:
        body = Body.read(request)
        values = {
            "name": body.text("name", required=record is None),
            "description": body.text("description", max_len=5000),
            "release_date": body.date("release_date"),
            "image": body.text("image", max_len=1000),
        }
        changes: Record = {k: v for k, v in values.items() if v is not None}
        artist_id = body.integer("artist_id", minimum=1, exists=self.db.artists)
        if artist_id is not None:
            changes["artist_ids"] = [artist_id]
        genre = body.raw.get("genre")
        if isinstance(genre, str) and genre:
            changes["genre_ids"] = self._genre_ids([genre])
        tags = body.raw.get("tags")
        if isinstance(tags, list) and all(isinstance(t, str) and t for t in tags):
            changes["tag_ids"] = self._tag_ids(tags)
        body.check()
        if not all(self._owns_artist(owner) for owner in changes.get("artist_ids", ())):
            raise self._fail(403, "You can only add albums to your own artist profiles.")
        return changes

    def _new_album(self, album_id: int, changes: Record) -> Record:
        me, owned = self._me(), [a["id"] for a in self._mine(self.db.artists)]
        now = self.clock()
        album: Record = {
            "id": album_id, "name": "", "image": f"{data.SITE}/storage/albums/{album_id}.jpg",
            "release_date": data.release_date(now), "description": None,
            "artist_ids": owned[:1], "genre_ids": [], "tag_ids": [], "owner_id": me["id"],
            "plays": 0, "created_at": data.iso(now),
        }  # fmt: skip
        return {**album, **changes}

    def _unlink_album(self, album_id: int) -> None:
        for track in self.db.tracks.values():
            if track["album_id"] == album_id:
                track["album_id"] = None

    _albums = Resource(
        name="albums", model="Album", one="album", written=("genres", "tags"),
        view=Shared._album_view, changes=_album_changes, new=_new_album,
        may_write=_can_manage_album, on_delete=_unlink_album,
    )  # fmt: skip

    def on_albums_producer_analytics(self, request: httpx.Request, album: str) -> Record:
        record = self._find(self.db.albums, album, "Album")
        self._require(self._can_manage_album(record))
        rng = random.Random(f"album-analytics-{record['id']}")
        tracks = [t for t in self.db.tracks.values() if t["album_id"] == record["id"]]
        return ok(
            album_id=record["id"], plays=record["plays"] + sum(t["plays"] for t in tracks),
            tracks_count=len(tracks), downloads=rng.randrange(0, 3000),
            likes=rng.randrange(0, 4000), plays_by_day=self._daily(rng, "plays"),
            top_tracks=_top_tracks(tracks),
        )  # fmt: skip

    # -- artists -------------------------------------------------------------------------

    def _artist_changes(self, request: httpx.Request, record: Record | None) -> Record:
        body = Body.read(request)
        values = {
            "name": body.text("name", required=record is None),
            "description": body.text("description", max_len=5000),
            "image_small": body.text("image_small", max_len=1000),
        }
        return body.check(values)

    def _new_artist(self, artist_id: int, changes: Record) -> Record:
        artist: Record = {
            "id": artist_id, "name": "", "verified": False, "description": None,
            "image_small": f"{data.SITE}/storage/artists/{artist_id}-small.jpg",
            "user_id": self._me()["id"], "genre_ids": [],
            "profile": {"id": artist_id, "description": None, "city": None, "country": None},
            "profile_images": [], "links": [], "followers_count": 0,
            "created_at": self._now_iso(), "pinned_track_id": None,
        }  # fmt: skip
        return {**artist, **changes}

    def _unlink_artist(self, artist_id: int) -> None:
        for item in (*self.db.tracks.values(), *self.db.albums.values()):
            if artist_id in item["artist_ids"]:
                item["artist_ids"].remove(artist_id)

    _artists = Resource(
        name="artists", model="Artist", one="artist", ops="list create update delete",
        view=lambda fake, artist, _: fake._artist_view(artist), changes=_artist_changes,
        new=_new_artist, may_write=lambda fake, artist: fake._owns_artist(artist["id"]),
        on_delete=_unlink_artist,
    )  # fmt: skip

    def _albums_of(self, artist_id: int) -> list[Record]:
        return [a for a in self.db.albums.values() if artist_id in a["artist_ids"]]

    def on_artists_get(self, request: httpx.Request, artist: str) -> Record:
        record = self._artist(artist)
        view = self._artist_view(record)
        includes = self._with(request)
        self._related(view, record, includes & {"genres"})  # artists have no tags
        if "albums" in includes:
            view["albums"] = self._page(request, self._albums_of(record["id"]), self._album_view)
        if "topTracks" in includes:
            tracks = sorted(self._tracks_of(record["id"]), key=lambda t: -t["plays"])
            view["top_tracks"] = [self._track_view(t) for t in tracks[:10]]
        if "similar" in includes:
            similar = [
                a for a in self.db.artists.values()
                if a["id"] != record["id"] and set(a["genre_ids"]) & set(record["genre_ids"])
            ]  # fmt: skip
            view["similar"] = [self._artist_ref(a) for a in similar[:10]]
        return ok(artist=view)

    def on_artists_tracks(self, request: httpx.Request, artist: str) -> Record:
        tracks = self._tracks_of(self._artist(artist)["id"])
        return ok(pagination=self._page(request, tracks, self._track_view))

    def on_artists_albums(self, request: httpx.Request, artist: str) -> Record:
        albums = self._albums_of(self._artist(artist)["id"])
        return ok(pagination=self._page(request, albums, self._album_view))

    def on_artists_producer_analytics(self, request: httpx.Request, artist: str) -> Record:
        record = self._owned_artist(artist)
        rng = random.Random(f"artist-analytics-{record['id']}")
        tracks = self._tracks_of(record["id"])
        sales = self._sales(t["id"] for t in tracks)
        return ok(
            artist_id=record["id"], total_plays=sum(t["plays"] for t in tracks),
            total_tracks=len(tracks), followers=record["followers_count"], total_sales=len(sales),
            revenue=round(sum(p["amount"] for p in sales), 2), currency="CAD",
            plays_by_day=self._daily(rng, "plays"), top_tracks=_top_tracks(tracks),
        )  # fmt: skip

    def on_artists_downloads_analytics(self, request: httpx.Request, artist: str) -> Record:
        record = self._owned_artist(artist)
        rng = random.Random(f"artist-downloads-{record['id']}")
        by_day = self._daily(rng, "downloads", 30)
        return ok(
            artist_id=record["id"],
            total_downloads=sum(day["downloads"] for day in by_day),
            downloads_by_day=by_day,
            top_tracks=[
                {"track_id": t["id"], "name": t["name"], "downloads": rng.randrange(0, 900)}
                for t in self._tracks_of(record["id"])[:5]
            ],
        )

    def on_artists_achievements(self, request: httpx.Request, artist: str) -> Record:
        record = self._artist(artist)
        rng = random.Random(f"achievements-{record['id']}")
        xp = rng.randrange(100, 20000)
        achievements = []
        for index, (key, name, description) in enumerate(data.TABLES["achievements"], start=1):
            unlocked = rng.random() < 0.6
            achievements.append({
                "id": index, "key": key, "name": name, "description": description,
                "unlocked": unlocked, "unlocked_at": record["created_at"] if unlocked else None,
            })  # fmt: skip
        return ok(artist_id=record["id"], xp=xp, level=1 + xp // 1000, achievements=achievements)

    def on_artists_check_ownership(self, request: httpx.Request, artist: str) -> Record:
        record = self._artist(artist)
        return ok(artist_id=record["id"], is_owner=record["user_id"] == self._me()["id"])

    # -- track pinning -------------------------------------------------------------------

    def _pin_target(self, artist: str, track: str) -> tuple[Record, Record]:
        record = self._owned_artist(artist)
        item = self._track(track)
        if record["id"] not in item["artist_ids"]:
            raise invalid({"track": ["This track does not belong to this artist."]})
        return record, item

    def on_artists_pin_track(self, request: httpx.Request, artist: str, track: str) -> Record:
        record, item = self._pin_target(artist, track)
        record["pinned_track_id"] = item["id"]
        return ok(message="Track pinned.", track=self._track_view(item))

    def on_artists_unpin_track(self, request: httpx.Request, artist: str, track: str) -> Record:
        record, item = self._pin_target(artist, track)
        if record["pinned_track_id"] == item["id"]:
            record["pinned_track_id"] = None
        return ok(message="Track unpinned.")

    def on_artists_pinned_track(self, request: httpx.Request, artist: str) -> Record:
        item = self.db.tracks.get(self._artist(artist)["pinned_track_id"] or 0)
        return ok(track=None if item is None else self._track_view(item))

    # -- artist credits ------------------------------------------------------------------

    def on_credits_roles(self, request: httpx.Request) -> Record:
        return ok(roles=[{"id": key, "name": name} for key, name in _ROLES])

    @staticmethod
    def _spotify_id(*parts: str) -> str:
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        digest = hashlib.sha256("/".join(parts).encode()).digest()
        return "".join(alphabet[b % 62] for b in digest[:22])

    def on_credits_spotify_search(self, request: httpx.Request) -> Record:
        params = request.url.params
        body = Body({"query": params.get("query", params.get("q")), "type": params.get("type")})
        query = body.text("query", required=True)
        kind = body.choice("type", ("track", "album")) or "track"
        query = body.valid(query)
        rng = random.Random(f"spotify-{kind}-{query.casefold()}")
        results = []
        for index, suffix in enumerate(("", "II", "Remix", "Interlude", "Reprise")):
            item_id = self._spotify_id(kind, query, str(index))
            album_id = self._spotify_id("album", query, str(index))
            results.append({
                "id": item_id, "type": kind, "name": f"{query.title()} {suffix}".strip(),
                "artists": [{"name": f"Artist {rng.randrange(100, 999)}"}],
                "album": {"id": album_id, "name": f"{query.title()} Deluxe"},
                "release_date": f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-1{index}",
                "image": f"https://i.scdn.co/image/{item_id}",
                "external_url": f"https://open.spotify.com/{kind}/{item_id}",
            })  # fmt: skip
        return ok(results=results)

    def on_credits_spotify_album(self, request: httpx.Request) -> Record:
        params = request.url.params
        body = Body({"id": params.get("id", params.get("album_id"))})
        album_id = body.valid(body.text("id", required=True))
        rng = random.Random(f"spotify-album-{album_id}")
        tracks = [
            {
                "id": self._spotify_id("track", album_id, str(n)),
                "name": f"Track {n}",
                "track_number": n,
                "duration_ms": rng.randrange(120, 260) * 1000,
            }
            for n in range(1, rng.randrange(6, 13))
        ]
        album = {
            "id": album_id, "name": f"Album {album_id[:6]}",
            "release_date": f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-15",
            "artists": [{"name": f"Artist {rng.randrange(100, 999)}"}],
            "image": f"https://i.scdn.co/image/{album_id}",
            "external_url": f"https://open.spotify.com/album/{album_id}", "tracks": tracks,
        }  # fmt: skip
        return ok(album=album)

    def _credits_of(self, artist_id: int) -> list[Record]:
        credits = [c for c in self.db.credits.values() if c["artist_id"] == artist_id]
        return sorted(credits, key=lambda c: (c["position"], c["id"]))

    def on_credits_list(self, request: httpx.Request, artist: str) -> Record:
        return ok(credits=self._credits_of(self._artist(artist)["id"]))

    def _credit_changes(self, request: httpx.Request, creating: bool, kind: str) -> Record:
        body = Body.read(request)
        roles = [value for role in _ROLES for value in role]
        values = {
            "role": body.choice("role", roles, required=creating),
            "title": body.text("title", required=creating and kind == "track"),
            "album_name": body.text("album_name", required=creating and kind == "album"),
            "artist_name": body.text("artist_name"),
            "release_date": body.date("release_date"),
            "image": body.text("image", max_len=1000),
            "spotify_id": body.text("spotify_id", max_len=64),
            "spotify_url": body.text("spotify_url", max_len=1000),
        }
        changes = body.check(values)
        role = changes.get("role")
        if role is not None:
            # Role names are accepted too; the API stores the role's id.
            changes["role"] = next(key for key, name in _ROLES if role in (key, name))
        if creating and kind == "album":
            changes.setdefault("title", changes["album_name"])
        return changes

    def _new_credit(self, request: httpx.Request, artist: str, kind: str) -> httpx.Response:
        """Add a track or album credit (``kind``) to an artist the caller owns."""
        record = self._owned_artist(artist)
        changes = self._credit_changes(request, creating=True, kind=kind)
        credit = {
            "artist_id": record["id"], "type": kind, **dict.fromkeys(_CREDIT_FIELDS),
            "position": len(self._credits_of(record["id"])), "created_at": self._now_iso(),
        }  # fmt: skip
        credit.update(changes)
        return self.json_response(ok(credit=self._insert(self.db.credits, credit)), 201)

    on_credits_create = partialmethod(_new_credit, kind="track")
    on_credits_create_album = partialmethod(_new_credit, kind="album")

    def _credit(self, artist: str, raw: str) -> Record:
        """A credit of an artist the caller owns (another artist's credit is not found)."""
        mine = {c["id"]: c for c in self._credits_of(self._owned_artist(artist)["id"])}
        return self._find(mine, raw, "ArtistCredit")

    def on_credits_update(self, request: httpx.Request, artist: str, credit: str) -> Record:
        item = self._credit(artist, credit)
        item.update(self._credit_changes(request, creating=False, kind=item["type"]))
        return ok(credit=item)

    def on_credits_delete(self, request: httpx.Request, artist: str, credit: str) -> Record:
        item = self._credit(artist, credit)
        del self.db.credits[item["id"]]
        for position, other in enumerate(self._credits_of(item["artist_id"])):
            other["position"] = position
        return ok()

    def on_credits_reorder(self, request: httpx.Request, artist: str) -> Record:
        record = self._owned_artist(artist)
        body = Body.read(request)
        ids = body.ids("ids", self.db.credits, required=True) or []
        body.check()
        if sorted(ids) != sorted(c["id"] for c in self._credits_of(record["id"])):
            raise invalid({"ids": ["The ids must list every credit of this artist once."]})
        for position, credit_id in enumerate(ids):
            self.db.credits[credit_id]["position"] = position
        return ok(credits=self._credits_of(record["id"]))
