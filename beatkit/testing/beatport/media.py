"""Beatport media: the stream and download endpoints, and the CDN their signed URLs name."""

from __future__ import annotations

import hashlib
import math
import random
import re
import uuid
from collections.abc import Mapping

import httpx

from beatkit.hls.crypto import encrypt_segment
from beatkit.testing._app import Abort
from beatkit.testing._crud import Record
from beatkit.testing._wire import host_port, request_host, to_int
from beatkit.testing.beatport._base import CDN_PATH, QUALITIES, Base, Stream
from beatkit.testing.beatport._data import TABLES

__all__ = ["Media"]

_SEGMENT_SUFFIX = re.compile(r"\.128k\.aac-(?P<number>[0-9]+)\.aac")
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _file(content: bytes, content_type: str, status: int = 200) -> httpx.Response:
    """What the CDN serves: the bytes and their type."""
    return httpx.Response(status, content=content, headers={"Content-Type": content_type})


def _cdn_error(status: int) -> httpx.Response:
    """The CDN's (S3-style) XML error page: 400 a leaked Authorization, 403, 404."""
    return _file(TABLES["cdn_pages"][str(status)].encode(), "application/xml", status)


class Media(Base):
    """Stream and download URLs, the CDN serving them, and the media helpers."""

    def expire_stream_urls(self) -> None:
        """Make every stream and download URL issued so far answer 403 on the CDN."""
        with self._lock:
            self._url_generation += 1

    def _stream(self, track_id: int) -> Stream:
        length = self.track(track_id)["length_ms"]
        count, size = self.stream_segments, self.stream_segment_size
        cache_key = (track_id, count, size, self.stream_explicit_iv)
        cached = self._streams.get(cache_key)
        if cached is not None:
            return cached
        if count < 1 or size < 1:
            raise ValueError("stream_segments and stream_segment_size must be at least 1")
        rng = random.Random(f"{self._seed}:stream:{track_id}:{length}")
        # The last segment is shorter and rarely a multiple of 16, so padding is exercised.
        total = count * size - (track_id % max(1, size // 2))
        clear_bytes = rng.randbytes(max(total, count))
        clear = tuple(clear_bytes[i * size : (i + 1) * size] for i in range(count))
        clear = tuple(part for part in clear if part)
        key, iv = rng.randbytes(16), rng.randbytes(16)
        encrypted = tuple(
            encrypt_segment(part, key, iv if self.stream_explicit_iv else i.to_bytes(16, "big"))
            for i, part in enumerate(clear)
        )
        self._streams[cache_key] = Stream(key, iv, clear, encrypted)
        return self._streams[cache_key]

    def stream_plaintext(self, track_id: int) -> bytes:
        """The clear bytes a track's HLS stream decrypts to (all segments, in order).

        Args:
            track_id: The track id.

        Returns:
            The bytes; deterministic for a seed, track and stream settings.

        Raises:
            KeyError: No such track.
        """
        with self._lock:
            return b"".join(self._stream(track_id).clear)

    def stream_key(self, track_id: int) -> bytes:
        """The 16-byte AES-128 key of a track's stream (what the key URI serves).

        Args:
            track_id: The track id.

        Returns:
            The key.

        Raises:
            KeyError: No such track.
        """
        with self._lock:
            return self._stream(track_id).key

    def download_bytes(self, track_id: int, quality: str) -> bytes:
        """The file a track's download URL serves for ``quality``.

        Sizes are 8 KiB (medium), 16 KiB (high) and 32 KiB (lossless); medium and high
        start with an MP4 ``ftyp`` box, lossless with ``fLaC``.

        Args:
            track_id: The track id.
            quality: ``"medium"``, ``"high"`` or ``"lossless"``.

        Returns:
            The bytes; deterministic for a seed, track and quality.

        Raises:
            KeyError: No such track.
            TypeError: ``quality`` is not a ``str``.
            ValueError: Unknown quality.
        """
        if not isinstance(quality, str):
            raise TypeError(f"quality must be a str, got {type(quality).__name__}")
        if quality not in QUALITIES:
            raise ValueError(f"quality must be one of {', '.join(QUALITIES)}, not {quality!r}")
        with self._lock:
            self.track(track_id)
        size = {"medium": 8192, "high": 16384, "lossless": 32768}[quality]
        header = b"fLaC" if quality == "lossless" else b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00"
        body = random.Random(f"{self._seed}:download:{track_id}:{quality}").randbytes(size)
        return header + body[len(header) :]

    # -- the API's media endpoints -------------------------------------------------------

    def _cdn_base(self, request: httpx.Request) -> str:
        host, port = request_host(request)
        cdn_host = httpx.URL(self.cdn_url).host
        own = (host, port) == host_port(httpx.URL(self.base_url))
        if not own and host in _LOOPBACK and cdn_host not in _LOOPBACK:
            # Served on a loopback socket (an origin not the fake's own, a loopback
            # base_url's included): same port, the other loopback name.
            other = "127.0.0.1" if host == "localhost" else "localhost"
            return f"{request.url.scheme}://{other}:{port}"
        return self.cdn_url

    def _media_url(self, request: httpx.Request, track: Mapping[str, int], kind: str) -> str:
        track_id = track["id"]
        media_uuid = self._media_uuids.get(track_id)
        if media_uuid is None:
            digest = hashlib.sha256(f"{self._seed}:media:{track_id}".encode()).digest()
            media_uuid = str(uuid.UUID(bytes=digest[:16], version=4))
            self._media_uuids[track_id] = media_uuid
            self._media_tracks[media_uuid] = track_id
        issued = int(self.clock())
        signature = self._sign(issued, track_id, kind, self._url_generation)
        folder = f"{media_uuid[:2]}/{media_uuid[2:4]}"
        suffix = QUALITIES[kind][0] if kind in QUALITIES else ".128k.aac.m3u8"
        return (
            f"{self._cdn_base(request)}/{issued}_{signature}/{folder}/{media_uuid}{suffix}"
            f"?start=0&end={track['length_ms']}"
        )

    def _sign(self, issued: int, track_id: int, kind: str, generation: int) -> str:
        text = f"{self._secret}:{generation}:{issued}:{track_id}:{kind}"
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    def _media_track(self, request: httpx.Request, raw: str) -> Record:
        track = self._find(self.tracks, raw, "Track")
        if track["id"] in self.territory_restricted:
            raise self._detail(403, "Territory Restricted.")
        if self.subscription is None:
            raise Abort(self.error_response(request, 403))
        return track

    def on_tracks_stream(self, request: httpx.Request, track_id: str) -> httpx.Response:
        track = self._media_track(request, track_id)
        stream_url = self._media_url(request, track, "stream")
        body = {"stream_url": stream_url, "sample_start_ms": 0, "sample_end_ms": track["length_ms"]}
        return self.json_response(body)

    def on_tracks_download(self, request: httpx.Request, track_id: str) -> httpx.Response:
        track = self._media_track(request, track_id)
        quality = self._param(request, "quality")
        if not quality:
            raise self._field_error("quality", "This field is required.")
        if quality not in QUALITIES:
            raise self._field_error("quality", f'"{quality}" is not a valid choice.')
        if quality not in self.available_qualities:
            raise self._detail(400, "Requested quality is not available.")
        location = self._media_url(request, track, quality)
        return self.json_response({"location": location, "stream_quality": QUALITIES[quality][0]})

    # -- the CDN -------------------------------------------------------------------------

    def before_route(self, request: httpx.Request) -> httpx.Response | None:
        """Answer CDN requests (by host, or by their signed path on a loopback server)."""
        path = self._cdn_path(request)
        return None if path is None else self._cdn(request, path)

    def _cdn(self, request: httpx.Request, path: str) -> httpx.Response:
        self.cdn_requests.append(request)
        if "authorization" in request.headers:
            self.leaked_authorization.append(request)
            return _cdn_error(400)
        match = CDN_PATH.fullmatch(path)
        track_id = None if match is None else self._media_tracks.get(match["uuid"])
        if request.method != "GET" or match is None or track_id is None:
            return _cdn_error(404)
        suffix = match["suffix"]
        segment = _SEGMENT_SUFFIX.fullmatch(suffix)
        kind = next((q for q, (ext, _) in QUALITIES.items() if suffix == ext), "stream")
        if kind == "stream" and not segment and suffix not in (".128k.aac.m3u8", ".128k.aac.key"):
            return _cdn_error(404)
        issued = to_int(match["issued"])
        lifetime = self.stream_url_lifetime
        expired = lifetime is not None and self.clock() > issued + lifetime
        if match["sig"] != self._sign(issued, track_id, kind, self._url_generation) or expired:
            return _cdn_error(403)
        if kind != "stream":
            return _file(self.download_bytes(track_id, kind), QUALITIES[kind][1])
        stream = self._stream(track_id)
        if suffix == ".128k.aac.key":
            return _file(stream.key, "application/octet-stream")
        if segment is not None:
            number = to_int(segment["number"])
            if not 1 <= number <= len(stream.encrypted):
                return _cdn_error(404)
            return _file(stream.encrypted[number - 1], "audio/aac")
        playlist = self._playlist(track_id, match["uuid"], stream)
        return _file(playlist.encode(), "application/vnd.apple.mpegurl")

    def _playlist(self, track_id: int, media_uuid: str, stream: Stream) -> str:
        length_ms = self.track(track_id)["length_ms"]
        query = f"?start=0&end={length_ms}"
        name = f"{media_uuid}.128k.aac"
        duration = length_ms / 1000 / len(stream.encrypted)
        key = f'#EXT-X-KEY:METHOD=AES-128,URI="{name}.key{query}"'
        if self.stream_explicit_iv:
            key += f",IV=0x{stream.iv.hex()}"
        lines = [
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-PLAYLIST-TYPE:VOD",
            "#EXT-X-MEDIA-SEQUENCE:0",
            f"#EXT-X-TARGETDURATION:{math.ceil(duration)}",
            key,
        ]
        for number in range(1, len(stream.encrypted) + 1):
            lines += [f"#EXTINF:{duration:.6f},", f"{name}-{number}.aac{query}"]
        lines.append("#EXT-X-ENDLIST")
        return "\n".join(lines) + "\n"
