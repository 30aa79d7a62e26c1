"""Stream URLs: previews, online and offline streams of a track, every stream of a release.

Stream URLs are short-lived and pre-signed: fetch one for every playback, never cache
it, and report playback (``bt.reports``).
"""

from __future__ import annotations

from collections.abc import Iterable

from beatkit._core.operation import RequestOptions
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech.context import text_id
from beatkit.beattech.models import ReleaseStreams, Stream

__all__ = ["AsyncStreams"]


class AsyncStreams(AsyncBeatTechResource):
    """``bt.streams``: ``preview``, ``online``, ``offline`` and ``release``.

    Stream URLs are short-lived and pre-signed: fetch one for every playback and
    never cache it. Report playback (``bt.reports``): the API requires it of
    every client of the online and offline streams.
    """

    async def online(
        self,
        track_id: str | int,
        *,
        formats: str | Iterable[str] | None = None,
        context: str | tuple[str, str | int] | None = None,
        options: RequestOptions | None = None,
    ) -> Stream:
        """A stream URL to play a track online (``GET /v2/streams/online/{track_id}``).

        Normally needs a user token with an active subscription; ``context`` asks
        for a stream in another context (a promotional clip of an entity).
        Playback of it is reported with ``offline=False``.

        Args:
            track_id: The track's id.
            formats: ``X-Stream-Formats`` for this call (``["*/high"]``, ``"h264/*"``):
                values of the track's ``streams``; the client's default when omitted.
            context: ``X-Stream-Context``: ``"release/1"`` or ``("release", "1")``.
            options: Per-call timeout, retries or headers.

        Returns:
            The stream, with ``url`` (not in its ``repr``), ``type``, ``duration``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a format or context of the wrong form.
            beatkit.errors.PermissionDeniedError: No subscription allows it.
        """
        return await self._track_stream("streams.online", track_id, formats, context, options)

    async def offline(
        self,
        track_id: str | int,
        *,
        formats: str | Iterable[str] | None = None,
        context: str | tuple[str, str | int] | None = None,
        options: RequestOptions | None = None,
    ) -> Stream:
        """A stream URL to download a track for offline play
        (``GET /v2/streams/offline/{track_id}``).

        Normally needs a user token with an active subscription. Playback of it is
        reported with ``offline=True``.

        Args:
            track_id: The track's id.
            formats: ``X-Stream-Formats`` for this call (``["*/high"]``, ``"h264/*"``);
                the client's default when omitted.
            context: ``X-Stream-Context``: ``"release/1"`` or ``("release", "1")``.
            options: Per-call timeout, retries or headers.

        Returns:
            The stream, with ``url`` (not in its ``repr``), ``type``, ``duration``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a format or context of the wrong form.
            beatkit.errors.PermissionDeniedError: No subscription allows it.
        """
        return await self._track_stream("streams.offline", track_id, formats, context, options)

    async def preview(
        self, id: str | int, *, release: bool = False, options: RequestOptions | None = None
    ) -> Stream:
        """A short preview (30 to 60 seconds) of a track or a release, playable without a
        subscription (``GET /v2/streams/previews/{id}[?ns=release_id]``).

        Args:
            id: A track's id, or with ``release=True`` a release's.
            release: Whether ``id`` names a release (sent as ``ns=release_id``).
            options: Per-call timeout, retries or headers.

        Returns:
            The preview's stream, with ``url`` (not in its ``repr``), ``type``, ``duration``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.NotFoundError: No such track or release.
        """
        if not isinstance(release, bool):
            raise TypeError(f"release must be a bool, got {type(release).__name__}")
        return await self._call(
            "streams.preview",
            Stream,
            path={"id": text_id("id", id)},
            params={"ns": "release_id" if release else None},
            unwrap="stream",
            options=options,
        )

    async def release(
        self,
        release_id: str | int,
        *,
        formats: str | Iterable[str] | None = None,
        context: str | tuple[str, str | int] | None = None,
        options: RequestOptions | None = None,
    ) -> ReleaseStreams:
        """Stream URLs for every track of a release in one call
        (``GET /v2/streams/releases/{release_id}``, path inferred).

        Args:
            release_id: The release's id.
            formats: ``X-Stream-Formats`` for this call; the client's default when
                omitted.
            context: ``X-Stream-Context``: ``"release/1"`` or ``("release", "1")``.
            options: Per-call timeout, retries or headers.

        Returns:
            The release's first ``track`` and ``streams`` keyed by track id.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a format or context of the wrong form.
            beatkit.errors.PermissionDeniedError: No subscription allows it.
            beatkit.errors.NotFoundError: No such release, or it has no tracks.
            beatkit.errors.ResponseDecodeError: The answer carries no ``streams``.
        """
        headers = self._context.stream_headers(formats, context)
        return await self._call(
            "streams.release",
            ReleaseStreams,
            path={"release_id": text_id("release_id", release_id)},
            headers=headers,
            options=options,
        )

    async def _track_stream(
        self,
        operation: str,
        track_id: str | int,
        formats: str | Iterable[str] | None,
        context: str | tuple[str, str | int] | None,
        options: RequestOptions | None,
    ) -> Stream:
        """A track's online or offline stream: the two differ in their path only."""
        headers = self._context.stream_headers(formats, context)
        return await self._call(
            operation,
            Stream,
            path={"track_id": text_id("track_id", track_id)},
            headers=headers,
            unwrap="stream",
            options=options,
        )
