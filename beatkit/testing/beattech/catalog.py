"""Catalog operations: actors, artists, tracks, releases, series, streams, events, features."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._http import Fields, fail, json_body
from beatkit.testing.beattech._media import Media
from beatkit.testing.beattech._views import Views

__all__ = ["Catalog"]

_CONTEXT = re.compile(r"[a-z][a-z_-]*/[A-Za-z0-9_.-]+")
_FORMAT = re.compile(r"([a-z0-9]+|\*)/([a-z0-9]+|\*)")


def _words(request: httpx.Request) -> list[str]:
    query: str = request.url.params.get("query", "").strip()
    if not query:
        raise fail(400, "validation_error", "query: must be a non-empty search string",
                   {"parameter": "query"})  # fmt: skip
    return query.casefold().split()


def _matches(words: list[str], texts: Iterable[str | None]) -> bool:
    haystack = " ".join(text for text in texts if text).casefold()
    return all(word in haystack for word in words)


def _favourite_flag(request: httpx.Request, *, others_ignored: bool) -> bool:
    """The ``favourite`` of a favourite PATCH (required); other keys are a 400 unless ignored."""
    data = json_body(request)
    if others_ignored:
        data = {key: value for key, value in data.items() if key == "favourite"}
    fields = Fields(data, ("favourite",))
    if data.get("favourite") is None:
        raise fields.invalid("favourite", "is required")
    return fields.flag("favourite", True)


class Catalog(Views, Media):
    """The catalog's reads and the stream URLs of its tracks."""

    def _track(self, raw: str) -> Record:
        track = self.catalog.tracks.get(raw)
        if track is None:
            raise fail(404, "error_not_found", f"Track {raw} was not found.")
        return track

    # -- artists -------------------------------------------------------------------------

    def on_artists_get(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        artist = self.catalog.artists.get(artist_id)
        if artist is None:
            raise fail(404, "error_not_found", f"Artist {artist_id} was not found.")
        return self.json_response({"artist": self.artist_view(request, artist)})

    def on_artists_search(self, request: httpx.Request) -> httpx.Response:
        words = _words(request)
        found = [
            artist for artist in self.catalog.artists.values()
            if _matches(words, (artist["name"], artist["sort_name"]))
        ]  # fmt: skip
        views = [self.artist_view(request, artist) for artist in found]
        return self._page(request, "artists.search", views, "artists")

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
        return self._page(request, "tracks.search", views, "tracks")

    def on_tracks_get(self, request: httpx.Request, track_id: str) -> httpx.Response:
        return self.json_response({"track": self.track_view(request, self._track(track_id))})

    # -- streams -------------------------------------------------------------------------

    def on_streams_online(self, request: httpx.Request, track_id: str) -> httpx.Response:
        return self._stream(request, track_id, "online")

    def on_streams_offline(self, request: httpx.Request, track_id: str) -> httpx.Response:
        return self._stream(request, track_id, "offline")

    def _stream(self, request: httpx.Request, track_id: str, kind: str) -> httpx.Response:
        track = self._track(track_id)
        context = request.headers.get("x-stream-context")
        if context is not None and not _CONTEXT.fullmatch(context.strip()):
            raise fail(400, "validation_error",
                       "X-Stream-Context: expected <entity_type>/<entity_id>",
                       {"parameter": "X-Stream-Context"})  # fmt: skip
        if self.streams_require_subscription and context is None and not self._may_stream():
            raise fail(403, "subscription_required",
                       "Streaming needs a logged-in user with an active subscription.")  # fmt: skip
        fmt = self._format(request, track)
        self.stream_grants.append({
            "track_id": track["id"], "kind": kind, "format": fmt, "user_id": self.caller.user_id,
            "context": context.strip() if context else None,
        })  # fmt: skip
        stream = {
            "id": track["id"], "url": self._stream_url(request, kind, track, fmt),
            "type": "audio", "duration": track["duration"], "format": fmt,
        }  # fmt: skip
        return self.json_response({"stream": stream})

    def _may_stream(self) -> bool:
        return self.caller.user_id is not None and self._entitled(self.caller.user_id)

    def _format(self, request: httpx.Request, track: Record) -> str:
        """The first of the track's formats that ``X-Stream-Formats`` accepts, in header order."""
        raw = request.headers.get("x-stream-formats")
        if raw is None:
            normal = [name for name in track["formats"] if name.endswith("/normal")]
            return normal[0] if normal else str(track["formats"][0])
        patterns = [part.strip() for part in raw.split(",") if part.strip()]
        parsed = [_FORMAT.fullmatch(pattern) for pattern in patterns]
        if not patterns or not all(parsed):
            raise fail(400, "validation_error",
                       "X-Stream-Formats: expected <codec>/<quality> names such as */high",
                       {"parameter": "X-Stream-Formats"})  # fmt: skip
        for match in parsed:
            assert match is not None
            for name in track["formats"]:
                codec, quality = name.split("/")
                if match[1] in ("*", codec) and match[2] in ("*", quality):
                    return str(name)
        raise fail(400, "validation_error",
                   f"X-Stream-Formats: the track streams only as {', '.join(track['formats'])}",
                   {"parameter": "X-Stream-Formats", "available": track["formats"]})  # fmt: skip

    # -- favourites (personal-data writes of the Changes API) ------------------------------

    def _mark(self, user_id: str, entity_type: str, entity_id: str, favourite: bool) -> None:
        marks = self.favourites.setdefault(user_id, set())
        if favourite:
            marks.add((entity_type, entity_id))
        else:
            marks.discard((entity_type, entity_id))

    def _favourite_write(
        self,
        request: httpx.Request,
        entity_type: str,
        record: Record,
        favourite: bool,
        view: Callable[[httpx.Request, Record], dict[str, Any]],
    ) -> httpx.Response:
        """Set the caller's favourite flag under the conflict rule; answer the merged object."""
        user_id = self._me()["id"]

        def apply() -> tuple[Record, Any]:
            self._mark(user_id, entity_type, record["id"], favourite)
            shown = view(request, record)
            return shown, {entity_type: shown}

        return self._personal_write(
            request, user_id=user_id, entity_type=entity_type, entity_id=record["id"],
            apply=apply, current=lambda: {entity_type: view(request, record)},
        )  # fmt: skip

    def on_artists_favourite(self, request: httpx.Request, artist_id: str) -> httpx.Response:
        artist = self.catalog.artists.get(artist_id)
        if artist is None:
            raise fail(404, "error_not_found", f"Artist {artist_id} was not found.")
        favourite = _favourite_flag(request, others_ignored=False)
        return self._favourite_write(request, "artist", artist, favourite, self.artist_view)

    def on_tracks_favourite(self, request: httpx.Request, track_id: str) -> httpx.Response:
        track = self._track(track_id)
        # The page: "Only favourite is currently supported by the server and must be present."
        favourite = _favourite_flag(request, others_ignored=False)
        return self._favourite_write(request, "track", track, favourite, self.track_view)

    def on_releases_favourite(self, request: httpx.Request, release_id: str) -> httpx.Response:
        release = self.catalog.releases.get(release_id)
        if release is None:
            raise fail(404, "error_not_found", f"Release {release_id} was not found.")
        # The page: favourite "must be present; any other keys in the body are ignored".
        favourite = _favourite_flag(request, others_ignored=True)
        return self._favourite_write(request, "release", release, favourite, self.release_view)
