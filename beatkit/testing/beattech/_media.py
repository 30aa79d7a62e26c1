"""The stream host: pre-signed, short-lived media URLs on another host than the API."""

from __future__ import annotations

import random
import re

import httpx

from beatkit.testing._app import origin
from beatkit.testing._crud import Record
from beatkit.testing._wire import DIGITS, host_port, request_host, to_int
from beatkit.testing.beattech._base import Base
from beatkit.testing.beattech._http import same_secret

__all__ = ["STREAM_URL_LIFETIME", "Media"]

STREAM_URL_LIFETIME = 300
"""Seconds a stream URL stays valid (the page; short-lived, fetch one per playback)."""

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_MEDIA_PATH = re.compile(
    r"/media/(?P<kind>online|offline|preview)/(?P<track>[0-9]+)/(?P<format>[a-z0-9*]+-[a-z0-9*]+)"
    r"\.(?:m4a|mp3)"
)
_MAGIC = {"aac": b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00", "mp3": b"ID3\x04\x00\x00\x00\x00"}


class Media(Base):
    """Signs stream URLs and serves them: bytes for a valid URL, never to a bearer."""

    def stream_bytes(self, track_id: str, format: str) -> bytes:
        """The bytes a track's stream URL serves in ``format`` (e.g. ``"aac/normal"``).

        Args:
            track_id: The track id.
            format: One of the track's stream formats.

        Returns:
            8 KiB starting like an MP4 (AAC) or MP3 file; the same for a seed,
            track and format.

        Raises:
            KeyError: No such track.
        """
        if track_id not in self.catalog.tracks:
            raise KeyError(track_id)
        body = random.Random(f"{self._seed}:stream:{track_id}:{format}").randbytes(8192)
        magic = _MAGIC.get(format.split("/")[0], b"")
        return magic + body[len(magic) :]

    def expire_stream_urls(self) -> None:
        """Make every stream URL issued so far answer 403 on the stream host."""
        with self._lock:
            self._url_generation += 1

    # -- issuing -------------------------------------------------------------------------

    @property
    def origins(self) -> tuple[str, ...]:
        """The API's origin and the stream host's (:attr:`stream_url`), where stream URLs
        point; see :meth:`~beatkit.testing.FakeService.transport`. On a loopback API host
        (``http://127.0.0.1:PORT``) stream URLs point at the other loopback name on that
        port, as over a socket, and that origin is served too."""
        api = httpx.URL(self.base_url)
        served = [origin(api), origin(self.stream_url)]
        issued = origin(self._stream_base_for(api.scheme, *host_port(api)))
        return tuple(served if issued in served else [*served, issued])

    def _stream_base(self, request: httpx.Request) -> str:
        return self._stream_base_for(request.url.scheme, *request_host(request))

    def _stream_base_for(self, scheme: str, host: str, port: int) -> str:
        """Where the stream URLs of an API request to ``scheme://host:port`` point."""
        stream_host = httpx.URL(self.stream_url).host
        if host in _LOOPBACK and stream_host not in _LOOPBACK:
            # Served on a loopback socket: the same port under the other loopback name,
            # so that a token scoped to the API's host still never reaches it.
            other = "127.0.0.1" if host == "localhost" else "localhost"
            return f"{scheme}://{other}:{port}"
        return self.stream_url

    def _media_signature(self, kind: str, track_id: str, slug: str, expires: int) -> str:
        return self._sign(f"{self._url_generation}:{kind}:{track_id}:{slug}:{expires}")[:32]

    def _stream_url(self, request: httpx.Request, kind: str, track: Record, fmt: str) -> str:
        expires = int(self.clock()) + STREAM_URL_LIFETIME
        slug = fmt.replace("/", "-")
        ext = "mp3" if fmt.startswith("mp3/") else "m4a"
        signature = self._media_signature(kind, track["id"], slug, expires)
        return (
            f"{self._stream_base(request)}/media/{kind}/{track['id']}/{slug}.{ext}"
            f"?expires={expires}&signature={signature}"
        )

    # -- serving -------------------------------------------------------------------------

    def before_route(self, request: httpx.Request) -> httpx.Response | None:
        """Answer requests for the stream host (by host, or by media path on loopback)."""
        host = request_host(request)
        own = host == host_port(httpx.URL(self.stream_url))
        media = request.url.path.startswith("/media/") and host[0] in _LOOPBACK
        if not own and not media:
            return None
        self.cdn_requests.append(request)
        if "authorization" in request.headers:
            self.leaked_authorization.append(request)
            return httpx.Response(400, text="A signed media URL takes no Authorization header.")
        match = _MEDIA_PATH.fullmatch(request.url.path)
        if request.method != "GET" or match is None:
            return httpx.Response(404, text="Not found.")
        track = self.catalog.tracks.get(match["track"])
        fmt = match["format"].replace("-", "/")
        if track is None or fmt not in track["formats"]:
            return httpx.Response(404, text="Not found.")
        raw_expires = request.url.params.get("expires", "")
        expires = to_int(raw_expires) if DIGITS.fullmatch(raw_expires) else 0
        expected = self._media_signature(match["kind"], track["id"], match["format"], expires)
        signed = same_secret(request.url.params.get("signature", ""), expected)
        if not signed or self.clock() > expires:
            return httpx.Response(403, text="The URL has expired or its signature is wrong.")
        kind = "audio/mpeg" if fmt.startswith("mp3/") else "audio/mp4"
        return httpx.Response(200, content=self.stream_bytes(track["id"], fmt),
                              headers={"Content-Type": kind})  # fmt: skip
