"""Catalog operations: actors, artists, tracks, releases, series, events (streams and
features are in :mod:`.streams`).

Choices where the page is silent (each answer keeps the page's namespace):

* Top releases and top tracks are ordered by popularity (a release's is the sum of its
  tracks'); the global event feed is one ``release.published`` event per release,
  newest first.
* ``GET /releases`` dispatches on the first filter present, in the page's order
  (``query``, ``series_id``, ``rated_by``, ``media_available_from``,
  ``banner_group_id``, ``release_group_id``); none is an empty 206. With
  ``series_id``, ``Range: release_number=<min>-<max>`` filters by number (every match,
  ``Content-Range: release_number <min>-<max>/<releases in the series>``, the length as
  :attr:`ranges` says; with ``ranges.ignore`` the filter is ignored too).
* Image uploads take a multipart ``image`` field holding a JPEG (else 400).
* A release is live from its ``release_date`` on (the fake's clock): ``GET /actors``
  lists the actors of live releases only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from datetime import UTC, date, datetime
from functools import partialmethod
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing._wire import to_int
from beatkit.testing.beattech._http import (
    Fields,
    error_body,
    fail,
    image_sizes,
    includes,
    invalid,
    json_body,
    release_types,
    required_param,
)
from beatkit.testing.beattech.release_groups import ReleaseGroups
from beatkit.testing.beattech.streams import Streams

__all__ = ["Catalog"]

# Range units are case-insensitive (RFC 9110 14.1), as every list's unit is read.
_RELEASE_NUMBERS = re.compile(r"\s*release_number\s*=\s*([0-9]+)\s*-\s*([0-9]+)\s*", re.IGNORECASE)
_RELEASE_FILTERS = (
    "query", "series_id", "rated_by", "media_available_from", "banner_group_id",
    "release_group_id",
)  # fmt: skip
_OWNER = "user_id"


def _words(request: httpx.Request) -> list[str]:
    query: str = request.url.params.get("query", "").strip()
    if not query:
        raise invalid("query", "must be a non-empty search string")
    return query.casefold().split()


def _matches(words: list[str], texts: Iterable[str | None]) -> bool:
    haystack = " ".join(text for text in texts if text).casefold()
    return all(word in haystack for word in words)


def _favourite_flag(request: httpx.Request, *, others_ignored: bool) -> bool:
    """The ``favourite`` of a favourite PATCH (required); other keys are a 400 unless ignored."""
    data = json_body(request)
    if others_ignored:
        data = {key: value for key, value in data.items() if key == "favourite"}
    return Fields(data, ("favourite",)).required_flag("favourite")


class Catalog(ReleaseGroups, Streams):
    """The catalog's reads and the editors' writes to it."""

    # -- lookups -------------------------------------------------------------------------

    def _mine(self, kind: str, entity_type: str, ids: Collection[str]) -> list[Any]:
        """The caller's bookmarks or progresses (``kind``) on these entities, in creation
        order, as their owner sees them."""
        store, view = self._personal(kind)
        return [
            view(record) for record in store.values()
            if record[_OWNER] == self.caller.user_id and record["entity_type"] == entity_type
            and record["entity_id"] in ids
        ]  # fmt: skip

    def _mine_on(self, request: httpx.Request, raw: str, *, kind: str, on: str) -> httpx.Response:
        """The caller's bookmarks or progresses (``kind``) on the track or release the
        path names, or (``on="release-tracks"``) on its tracks, the latest progress first."""
        if on == "track":
            entity_type, ids = "track", {self._track(raw)["id"]}
        elif on == "release":
            entity_type, ids = "release", {self._release(raw)["id"]}
        else:
            entity_type, ids = "track", set(self._release(raw)["track_ids"])
        found = self._mine(kind, entity_type, ids)
        if kind == "progress":
            found.sort(key=lambda record: record["changed"], reverse=True)
        return self._page(request, found, "progresses" if kind == "progress" else "bookmarks")

    def _popularity(self, release: Record) -> int:
        return sum(self.catalog.tracks[t]["popularity"] for t in release["track_ids"])

    # -- views ---------------------------------------------------------------------------

    def _series_view(self, request: httpx.Request, series: Record) -> dict[str, Any]:
        view: dict[str, Any] = {
            "id": series["id"], "name": series["name"], "description": series["description"],
        }  # fmt: skip
        return self._imaged(view, request, "X-Series-Image-Sizes", "series", series["id"])

    @staticmethod
    def _bio_view(artist: Record, web_url: str) -> dict[str, Any]:
        text = artist["bio"]
        if text is None:
            return {"summary": None, "content": None, "url": None, "source": None}
        summary = text.split(". ", 1)[0].rstrip(".") + "."
        return {
            "summary": summary[:200], "content": text,
            "url": f"{web_url}/artists/{artist['id']}/bio", "source": "beat",
        }  # fmt: skip

    # -- actors --------------------------------------------------------------------------

    def on_actors_list(self, request: httpx.Request) -> httpx.Response:
        role = required_param(request, "role")
        found: dict[str, Record] = {}
        # The page: actors of "at least one currently live release" (out by today).
        today = datetime.fromtimestamp(int(self.clock()), UTC).date().isoformat()
        for release in self.catalog.releases.values():
            if release["release_date"] > today:
                continue
            for actor in release["actors"]:
                if actor["role"] == role:
                    found.setdefault(actor["id"], actor)
        ordered = sorted(found.values(), key=lambda actor: (actor["sort_name"], actor["id"]))
        sizes = image_sizes(request, "X-Actor-Image-Sizes")
        views = [self._actor_view(actor, sizes) for actor in ordered]
        return self._page(request, views, "actors")

    def on_actors_upload_image(self, request: httpx.Request, actor_id: str) -> dict[str, Any]:
        actor = self._artist(actor_id)  # every actor is an artist of the catalog
        return self._store_upload(request, "actors", actor, jpeg_only=True)

    # -- artists -------------------------------------------------------------------------

    def on_artists_get(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        return self.json_response({"artist": self.artist_view(request, self._artist(artist_id))})

    def on_artists_search(self, request: httpx.Request) -> httpx.Response:
        words = _words(request)
        found = [
            artist for artist in self.catalog.artists.values()
            if _matches(words, (artist["name"], artist["sort_name"]))
        ]  # fmt: skip
        views = [self.artist_view(request, artist) for artist in found]
        return self._page(request, views, "artists")

    def on_artists_bio(self, request: httpx.Request, artist_id: str) -> dict[str, Any]:
        return {"bio": self._bio_view(self._artist(artist_id), self.web_url)}

    def on_artists_update_bio(self, request: httpx.Request, artist_id: str) -> dict[str, Any]:
        artist = self._artist(artist_id)
        body = json_body(request)
        Fields(body, ("content",))
        if "content" not in body:
            raise invalid("content", "is required (null clears the biography)")
        content = body["content"]
        if content is not None and (not isinstance(content, str) or not content.strip()):
            raise invalid("content", "must be a non-empty string, or null to clear it")
        with self._lock:
            artist["bio"] = content
        return {"bio": self._bio_view(artist, self.web_url)}

    def _top(
        self, request: httpx.Request, artist_id: str, records: Iterable[Record],
        popularity: Callable[[Record], int],
    ) -> list[Record]:  # fmt: skip
        """The records the path's artist is an actor of (in the ``role`` parameter's
        role, if given), the most popular first."""
        artist = self._artist(artist_id)
        role = request.url.params.get("role", "").strip() or None
        found = [
            record for record in records
            if any(a["id"] == artist["id"] and role in (None, a["role"]) for a in record["actors"])
        ]  # fmt: skip
        return sorted(found, key=lambda record: (-popularity(record), int(record["id"])))

    def on_artists_top_releases(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        found = self._top(request, artist_id, self.catalog.releases.values(), self._popularity)
        kinds = release_types(request)
        found = [release for release in found if kinds is None or release["type"] in kinds]
        # The page names this operation's header X-Includes (L798): both names are read.
        wanted = includes(request) | includes(request, "X-Includes")
        views = [self._release_full_view(request, release, wanted) for release in found]
        return self._page(request, views, "releases")

    def on_artists_top_tracks(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        tracks = self.catalog.tracks.values()
        found = self._top(request, artist_id, tracks, lambda track: track["popularity"])
        views = [self.track_view(request, track) for track in found]
        return self._page(request, views, "tracks")

    # -- tracks --------------------------------------------------------------------------

    def on_tracks_search(self, request: httpx.Request) -> httpx.Response:
        words = _words(request)
        releases = self.catalog.releases
        found = [
            track for track in self.catalog.tracks.values()
            if _matches(words, (
                track["title"], track["subtitle"], releases[track["release_id"]]["title"],
                *(actor["name"] for actor in track["actors"]),
            ))
        ]  # fmt: skip
        views = [self.track_view(request, track) for track in found]
        return self._page(request, views, "tracks")

    def on_tracks_get(self, request: httpx.Request, track_id: str) -> httpx.Response:
        return self.json_response({"track": self.track_view(request, self._track(track_id))})

    on_tracks_bookmarks = partialmethod(_mine_on, kind="bookmark", on="track")

    def on_tracks_progress(self, request: httpx.Request, track_id: str) -> dict[str, Any]:
        track = self._track(track_id)
        found = self._mine("progress", "track", {track["id"]})
        if not found:
            raise fail(404, "error_not_found", f"No progress on track {track_id}.")
        return {"progress": max(found, key=lambda record: record["changed"])}

    # -- releases ------------------------------------------------------------------------

    def on_releases_get(self, request: httpx.Request, release_id: str) -> dict[str, Any]:
        ns = request.url.params.get("ns")
        if ns is None:
            release = self._release(release_id)
        elif ns == "isbn":
            release = self._release_by("isbn", release_id)
        else:
            raise invalid("ns", "the only namespace is isbn")
        return {"release": self._release_full_view(request, release)}

    def on_releases_get_by_upc(self, request: httpx.Request, upc_code: str) -> dict[str, Any]:
        return {"release": self._release_full_view(request, self._release_by("upc", upc_code))}

    def _release_by(self, key: str, value: str) -> Record:
        """The first release whose ``isbn`` or ``upc`` is ``value``; a 404 when none is."""
        found = next((r for r in self.catalog.releases.values() if r[key] == value), None)
        if found is None:
            raise fail(404, "error_not_found", f"No release has the {key.upper()} {value}.")
        return found

    def on_releases_alternates(self, request: httpx.Request, release_id: str) -> dict[str, Any]:
        release = self._release(release_id)
        editions = [
            other for other in self.catalog.releases.values()
            if other["work_id"] == release["work_id"]
        ]  # fmt: skip
        return {"releases": [self._release_full_view(request, other) for other in editions]}

    on_releases_bookmarks = partialmethod(_mine_on, kind="bookmark", on="release")

    def on_releases_ratings(self, request: httpx.Request, release_id: str) -> httpx.Response:
        release = self._release(release_id)
        found = [
            self.rating_view(rating) for rating in self.ratings.values()
            if rating["entity_type"] == "release" and rating["entity_id"] == release["id"]
        ]  # fmt: skip
        return self._page(request, found, "ratings")

    on_releases_track_bookmarks = partialmethod(_mine_on, kind="bookmark", on="release-tracks")
    on_releases_track_progresses = partialmethod(_mine_on, kind="progress", on="release-tracks")

    def on_releases_list(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        name = next((n for n in _RELEASE_FILTERS if params.get(n, "").strip()), None)
        value = params.get(name, "").strip() if name else ""
        found: list[Record] = []
        if name == "query":
            words = value.casefold().split()
            found = [
                release for release in self.catalog.releases.values()
                if _matches(words, (release["title"], *(a["name"] for a in release["actors"])))
            ]  # fmt: skip
        elif name == "series_id":
            series = self._series_record(value)
            found = [self.catalog.releases[release_id] for release_id in series["release_ids"]]
            numbers = _RELEASE_NUMBERS.fullmatch(request.headers.get("range", ""))
            # A server ignoring Range (ranges.ignore) ignores this filter too.
            if numbers is not None and not self.ranges.ignore:
                return self._release_numbers(request, found, to_int(numbers[1]), to_int(numbers[2]))
        elif name == "rated_by":
            found = self._rated_by(value)
        elif name == "media_available_from":
            found = self._available_from(value, params.get("licensor_id", "").strip() or None)
        elif name == "banner_group_id":
            found = self._in_banner_group(value)
        elif name == "release_group_id":
            found = self._releases(self._readable_group(value)["release_ids"])
        views = [self._release_full_view(request, release) for release in found]
        return self._page(request, views, "releases")

    def _release_numbers(
        self, request: httpx.Request, series: list[Record], low: int, high: int
    ) -> httpx.Response:
        """``Range: release_number=<low>-<high>``: a filter, not a window (every match);
        the length written as :attr:`ranges` says, as every list writes it."""
        unit = "release_number"
        headers = {"Accept-Ranges": unit}
        if low > high:
            if self.ranges.length == "exact":
                headers["Content-Range"] = f"{unit} */{len(series)}"
            body = error_body("range_not_satisfiable", f"{unit}={low}-{high} is not satisfiable")
            return self.json_response(body, 416, headers)
        found = [release for release in series if low <= release["release_number"] <= high]
        views = [self._release_full_view(request, release) for release in found]
        total = {"exact": f"/{len(series)}", "unknown": "/*", "omit": ""}[self.ranges.length]
        headers["Content-Range"] = f"{unit} {low}-{high}{total}"
        return self.json_response({"releases": views}, 206, headers)

    def _rated_by(self, user_id: str) -> list[Record]:
        # The page: honoured only for the caller's own id.
        if user_id != self.caller.user_id:
            return []
        ids = [
            rating["entity_id"] for rating in self.ratings.values()
            if rating[_OWNER] == user_id and rating["entity_type"] == "release"
        ]  # fmt: skip
        return self._releases(dict.fromkeys(ids))

    def _available_from(self, raw: str, licensor_id: str | None) -> list[Record]:
        try:
            wanted = date.fromisoformat(raw)
        except ValueError:
            raise invalid("media_available_from", "must be a date (YYYY-MM-DD)") from None
        # The page: a date in the future means today.
        today = datetime.fromtimestamp(int(self.clock()), UTC).date()
        start = min(wanted, today).isoformat()
        found = [
            release for release in self.catalog.releases.values()
            if release["media_available_from"] >= start
            and licensor_id in (None, release["licensor_id"])
        ]  # fmt: skip
        return sorted(found, key=lambda r: (r["media_available_from"], int(r["id"])))

    def _in_banner_group(self, group_id: str) -> list[Record]:
        group = self._visible_banner_group(group_id)
        banners = [self.catalog.banners[banner_id] for banner_id in group["banner_ids"]]
        ids = [b["link_value"] for b in banners if b["link_type"] == "release"]
        return self._releases(dict.fromkeys(ids))

    # -- series --------------------------------------------------------------------------

    def on_series_search(self, request: httpx.Request) -> httpx.Response:
        query = request.url.params.get("query", "").strip()
        found: list[Record] = []
        if query:  # the page: no query, or an empty one, finds nothing
            words = query.casefold().split()
            found = [
                series for series in self.catalog.series.values()
                if _matches(words, (series["name"], series["description"]))
            ]  # fmt: skip
        views = [self._series_view(request, series) for series in found]
        return self._page(request, views, "series")

    def on_series_get(self, request: httpx.Request, series_id: str) -> dict[str, Any]:
        return {"series": self._series_view(request, self._series_record(series_id))}

    def on_series_update(self, request: httpx.Request, series_id: str) -> dict[str, Any]:
        series = self._series_record(series_id)
        fields = Fields(json_body(request), ("name", "description"))
        name, description = fields.text("name"), fields.string("description")
        if name is None and description is None:
            raise fail(400, "validation_error", "Give a name or a description to change.")
        with self._lock:
            if name is not None:
                series["name"] = name
            if description is not None:
                series["description"] = description
        return {"series": self._series_view(request, series)}

    def on_series_upload_image(self, request: httpx.Request, series_id: str) -> dict[str, Any]:
        series = self._series_record(series_id)
        return self._store_upload(request, "series", series, jpeg_only=True)

    # -- events ----------------------------------------------------------------------------

    def on_events_list(self, request: httpx.Request) -> httpx.Response:
        releases = sorted(
            self.catalog.releases.values(),
            key=lambda release: (release["release_date"], int(release["id"])), reverse=True,
        )  # fmt: skip
        artists = self.catalog.artists
        events = [
            {
                "id": f"published-{release['id']}", "type": "release.published",
                "time": f"{release['release_date']}T00:00:00Z",
                "artist": self.artist_view(request, artists[release["actors"][0]["id"]]),
                "release": self._release_full_view(request, release),
            }
            for release in releases
        ]  # fmt: skip
        return self._page(request, events, "events")

    # -- favourites (personal-data writes of the Changes API) ------------------------------

    def _favourite_route(
        self, request: httpx.Request, raw: str, *, kind: str, others_ignored: bool = False
    ) -> httpx.Response:
        """``PATCH`` of an artist, track or release: set the caller's ``favourite`` flag
        under the conflict rule and answer the merged object. The page, of tracks: "Only
        favourite is currently supported by the server and must be present."; of
        releases: favourite "must be present; any other keys in the body are ignored"
        (``others_ignored``)."""
        # A release's PATCH takes the GET's headers, X-Include among them (L4051).
        find, view = {
            "artist": (self._artist, self.artist_view),
            "track": (self._track, self.track_view),
            "release": (self._release, self._release_full_view),
        }[kind]
        record = find(raw)
        favourite = _favourite_flag(request, others_ignored=others_ignored)
        user_id = self._me()["id"]

        def apply() -> tuple[Record, Any]:
            self._mark(user_id, kind, record["id"], favourite)
            shown = view(request, record)
            return shown, {kind: shown}

        return self._personal_write(
            request, user_id=user_id, entity_type=kind, entity_id=record["id"], apply=apply,
            current=lambda: {kind: view(request, record)},
        )  # fmt: skip

    on_artists_favourite = partialmethod(_favourite_route, kind="artist")
    on_tracks_favourite = partialmethod(_favourite_route, kind="track")
    on_releases_favourite = partialmethod(_favourite_route, kind="release", others_ignored=True)
