"""Streams and features: the stream URLs of the catalog's tracks and what the caller may
do with them.

Choices where the page is silent (each answer keeps the page's namespace):

* ``GET /streams/releases/{id}`` answers ``{"track": <its first track>, "streams":
  {<track id>: <stream>}}``; previews last 30 seconds and need no subscription.
* Features are ``{"name", "value"}`` (plus ``entity_type`` / ``entity_id`` for a
  release); a device answers one ``{"name": "can_stream", "device_id", "value"}``.
"""

from __future__ import annotations

import re
from functools import partialmethod
from typing import Any

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._http import comma_list, fail, invalid
from beatkit.testing.beattech._media import Media
from beatkit.testing.beattech._views import Views

__all__ = ["Streams"]

_CONTEXT = re.compile(r"[a-z][a-z_-]*/[A-Za-z0-9_.-]+")
_FORMAT = re.compile(r"([a-z0-9]+|\*)/([a-z0-9]+|\*)")
_PREVIEW_SECONDS = 30


class Streams(Views, Media):
    """``/streams/...`` and ``/features``."""

    # -- streams -------------------------------------------------------------------------

    def on_streams_preview(self, request: httpx.Request, raw_id: str) -> dict[str, Any]:
        ns = request.url.params.get("ns")
        if ns is None:
            track = self._track(raw_id)
        elif ns == "release_id":
            release = self._release(raw_id)
            if not release["track_ids"]:
                raise fail(404, "error_not_found", f"Release {raw_id} has no tracks to preview.")
            track = self.catalog.tracks[release["track_ids"][0]]
        else:
            raise invalid("ns", "the only namespace is release_id")
        # Previews need no subscription (the page).
        stream = self._issue_stream(request, track, "preview", None)
        stream["duration"] = min(_PREVIEW_SECONDS, track["duration"])
        return {"stream": stream}

    def on_streams_release(self, request: httpx.Request, release_id: str) -> dict[str, Any]:
        release = self._release(release_id)
        if not release["track_ids"]:
            raise fail(404, "error_not_found", f"Release {release_id} has no tracks to stream.")
        context = self._stream_access(request)
        tracks = [self.catalog.tracks[track_id] for track_id in release["track_ids"]]
        streams = {track["id"]: self._issue_stream(request, track, "online", context)
                   for track in tracks}  # fmt: skip
        return {"track": self.track_view(request, tracks[0]), "streams": streams}

    def _stream(self, request: httpx.Request, track_id: str, kind: str) -> httpx.Response:
        track = self._track(track_id)
        context = self._stream_access(request)
        return self.json_response({"stream": self._issue_stream(request, track, kind, context)})

    on_streams_online = partialmethod(_stream, kind="online")
    on_streams_offline = partialmethod(_stream, kind="offline")

    def _stream_access(self, request: httpx.Request) -> str | None:
        """The checked ``X-Stream-Context``; a 403 without it for a caller who may not stream."""
        context = request.headers.get("x-stream-context")
        if context is not None and not _CONTEXT.fullmatch(context.strip()):
            raise invalid("X-Stream-Context", "expected <entity_type>/<entity_id>")
        if self.streams_require_subscription and context is None and not self._may_stream():
            raise fail(403, "subscription_required",
                       "Streaming needs a logged-in user with an active subscription.")  # fmt: skip
        return context.strip() if context else None

    def _issue_stream(
        self, request: httpx.Request, track: Record, kind: str, context: str | None
    ) -> dict[str, Any]:
        fmt = self._format(request, track)
        self.stream_grants.append({
            "track_id": track["id"], "kind": kind, "format": fmt, "user_id": self.caller.user_id,
            "context": context,
        })  # fmt: skip
        return {
            "id": track["id"], "url": self._stream_url(request, kind, track, fmt),
            "type": "audio", "duration": track["duration"], "format": fmt,
        }  # fmt: skip

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
            raise invalid("X-Stream-Formats", "expected <codec>/<quality> names such as */high")
        for match in parsed:
            assert match is not None
            for name in track["formats"]:
                codec, quality = name.split("/")
                if match[1] in ("*", codec) and match[2] in ("*", quality):
                    return str(name)
        raise fail(400, "validation_error",
                   f"X-Stream-Formats: the track streams only as {', '.join(track['formats'])}",
                   {"parameter": "X-Stream-Formats", "available": track["formats"]})  # fmt: skip

    # -- features --------------------------------------------------------------------------

    def on_features_list(self, request: httpx.Request) -> dict[str, Any]:
        entity_type = request.url.params.get("entity_type")
        if entity_type is None:
            return {"features": self._account_features()}
        if entity_type not in ("release", "device"):
            raise invalid("entity_type", "must be release or device")
        ids = comma_list(request, "entity_id")
        if not ids:
            raise invalid("entity_id", "is required with entity_type")
        if entity_type == "device":
            if len(ids) != 1:
                raise invalid("entity_id", "names one device")
            feature = {"name": "can_stream", "device_id": ids[0], "value": self._may_stream()}
            return {"features": [feature]}
        names = comma_list(request, "name")
        entitled = self._may_stream()
        features = []
        # Entity lookups bypass the shop filter: only ids the catalog lacks are left out.
        for release_id in ids:
            release = self.catalog.releases.get(release_id)
            if release is None:
                continue
            flags = {"has_online_access": entitled, "has_offline_access": entitled,
                     "has_preview": bool(release["track_ids"])}  # fmt: skip
            features += [
                {"name": name, "entity_type": "release", "entity_id": release_id, "value": value}
                for name, value in flags.items() if names is None or name in names
            ]  # fmt: skip
        return {"features": features}

    def _account_features(self) -> list[dict[str, Any]]:
        """The user's and their subscription's features (all off for an app token)."""
        entitled = self._may_stream()
        names = ("can_stream", "can_download", "has_subscription")
        return [{"name": name, "value": entitled} for name in names]
