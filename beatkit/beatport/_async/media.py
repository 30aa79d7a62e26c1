"""A track's audio: the signed stream and download URLs, and saving either to disk."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

import attrs
import httpx

from beatkit._core.files import FileProgressCallback, SavedFile, check_directory
from beatkit._core.http import address_problem, is_loopback, url_error_reason
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.params import check_id
from beatkit._core.validate import check_callback, check_choice, check_int
from beatkit.beatport._async.base import AsyncBeatportResource
from beatkit.beatport.models import DownloadInfo, DownloadQuality, StreamInfo
from beatkit.errors import ClientClosedError, ResponseDecodeError
from beatkit.hls._plan import DownloadResult, Progress
from beatkit.hls.errors import FetchError, HLSError

if TYPE_CHECKING:
    # Imported on first use (save_stream): with it comes cryptography, which a client
    # that never saves a stream does not need.
    from beatkit.hls._async.download import AsyncHLSDownloader

__all__ = ["AsyncTrackMedia"]

logger = logging.getLogger("beatkit.beatport")

_EXPIRED = 403
"""What needledrop answers once a signed stream URL has expired."""


def _expired_url_error(exc: BaseException) -> FetchError | None:
    """The 403 behind an HLS failure (playlist, key or segment), if that is what it was."""
    seen: BaseException | None = exc
    for _ in range(8):  # a SegmentError wraps a FetchError; the chain is short
        if seen is None:
            return None
        if isinstance(seen, FetchError) and seen.status_code == _EXPIRED:
            return seen
        seen = seen.__cause__
    return None


def _file_url(location: str) -> str:
    """The download ``location`` Beatport answered, if it is a URL beatkit will fetch.

    Only an absolute ``https`` URL is (or ``http`` to a loopback host, as the stream
    host's URLs): a relative or schemeless location, another scheme, or a URL httpx
    cannot send (its host name refused by idna, an address no connection reaches) is
    the API's fault, and plain ``http`` would carry the signed URL and the file in
    clear. The message names the scheme and host, never the signed URL nor a piece of
    it httpx quotes (a port).

    Raises:
        ResponseDecodeError: The location is none of these.
    """
    reason: str | None = None
    try:
        url = httpx.URL(location)
        # An "xn--" label is decoded when the host is first read: idna's own error
        # (quoting the host) came out of save_download from there.
        host = url.host
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        # httpx's reason without what it quotes (a port, a character): a piece of the
        # signed URL. An idna refusal says the host is no host name.
        known = isinstance(exc, httpx.InvalidURL) or not isinstance(exc, UnicodeError)
        said = url_error_reason(exc) if known else "its host name is not a valid host name"
        reason = f"it is not a URL httpx can send ({said})"
    else:
        if not host or url.scheme not in ("https", "http"):
            reason = f"it is not an absolute http(s) URL (scheme {url.scheme!r})"
        elif url.scheme == "http" and not is_loopback(host):
            reason = f"it is plain http to {host}: only https (or loopback http) is fetched"
        elif (problem := address_problem(url)) is not None:
            # Else refused as a ValueError (a bad argument's class) building the request.
            reason = f"it {problem}"
    if reason is None:
        return location
    raise ResponseDecodeError(
        f"beatport: tracks.download: refusing the download location: {reason}",
        service="beatport",
        status_code=200,
        body=None,
    )


class AsyncTrackMedia(AsyncBeatportResource):
    """The audio half of ``client.tracks``: stream, download, save_stream, save_download."""

    async def stream(self, track_id: int, *, options: RequestOptions | None = None) -> StreamInfo:
        """Ask for the signed HLS stream URL of a whole track (needs a streaming subscription).

        To save the audio, :meth:`save_stream` does every step.

        Args:
            track_id: The track's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The stream URL (short-lived) and the window it covers.

        Raises:
            TypeError: ``track_id`` is not an int.
            ValueError: ``track_id`` is below 1.
            beatkit.errors.ConfigurationError: The client holds no token (log in
                first), or uses the internal host, which has no auth; nothing is sent.
            beatkit.errors.AuthenticationError: Beatport refused the token (and its
                refresh, if it has a refresh token).
            beatkit.errors.TerritoryRestrictedError: Not available in your country.
            beatkit.errors.PermissionDeniedError: Your subscription does not include it.
            beatkit.errors.NotFoundError: No track has this id.
        """
        path = {"track_id": check_id("track_id", track_id)}
        return await self._call("tracks.stream", StreamInfo, path=path, options=options)

    async def download(
        self,
        track_id: int,
        *,
        quality: DownloadQuality | Literal["medium", "high", "lossless"] = DownloadQuality.MEDIUM,
        options: RequestOptions | None = None,
    ) -> DownloadInfo:
        """Ask for the download URL of a purchased (or subscription) track.

        To save the file, :meth:`save_download` does every step.

        Args:
            track_id: The track's id.
            quality: ``"medium"`` (128k AAC), ``"high"`` (256k AAC) or ``"lossless"`` (FLAC).
            options: Per-call timeout, retries or headers.

        Returns:
            The file's URL (short-lived) and the encoding delivered.

        Raises:
            TypeError: ``track_id`` is not an int, or ``quality`` not text.
            ValueError: ``quality`` is not one of the three, or ``track_id`` is below 1
                (checked before any request).
            beatkit.errors.ConfigurationError: The client holds no token (log in
                first), or uses the internal host, which has no auth; nothing is sent.
            beatkit.errors.AuthenticationError: Beatport refused the token (and its
                refresh, if it has a refresh token).
            beatkit.errors.QualityNotAvailableError: Beatport has no file of this quality.
            beatkit.errors.TerritoryRestrictedError: Not available in your country.
            beatkit.errors.PermissionDeniedError: Your account may not download it.
        """
        choice = check_choice("quality", quality, [q.value for q in DownloadQuality])
        return await self._call(
            "tracks.download",
            DownloadInfo,
            path={"track_id": check_id("track_id", track_id)},
            params={"quality": choice},
            options=options,
        )

    async def save_stream(
        self,
        track_id: int,
        dest: str | os.PathLike[str],
        *,
        progress: Callable[[Progress], object] | None = None,
        concurrency: int = 4,
        options: RequestOptions | None = None,
    ) -> DownloadResult:
        """Save a track's full stream, decrypted, to ``dest`` (128 kbps AAC).

        Asks the API for the track's stream URL (:meth:`stream`), then fetches the
        HLS playlist, its AES-128 key and its segments from the stream host with the
        client's connection pool, decrypts them and writes the audio to a temporary
        file beside ``dest``, renamed over it at the end. The bearer token is never
        sent to the stream host.

        Stream URLs are signed and short-lived: when the stream host answers 403 (at
        the playlist, the key or a segment), a fresh URL is fetched once and the
        download starts again from the beginning (``progress`` then counts from zero
        again). A second 403 raises.

        Args:
            track_id: The track's id (the client logged in, with a streaming subscription).
            dest: The output file; replaced only once the whole stream is written.
            progress: Called with a :class:`~beatkit.hls.Progress` after each segment.
            concurrency: How many segments are fetched at once.
            options: Per-call timeout, retries or headers for the API requests that ask
                for the stream URL; the stream host's requests (playlist, key,
                segments) never get the headers, and are sent with the client's
                ``timeout`` option (with an ``http_client`` of yours too: its own
                timeout is not used) within the HLS downloader's ``fetch_deadline``
                (600 s a request).

        Returns:
            What was written, with its path, segment count, bytes.

        Raises:
            beatkit.errors.ConfigurationError: The client holds no token (log in
                first), or uses the internal host, which has no auth; nothing is sent.
            beatkit.errors.AuthenticationError: Beatport refused the token (and its
                refresh, if it has a refresh token).
            beatkit.errors.TerritoryRestrictedError: The track is not available in
                your country.
            beatkit.errors.PermissionDeniedError: Your subscription does not include
                streaming.
            beatkit.errors.NotFoundError: No track has this id.
            beatkit.hls.FetchError: The stream host refused the URL (403) twice in a
                row, or another stream request failed.
            beatkit.hls.HLSError: The playlist, key or a segment could not be used
                (see :mod:`beatkit.hls`).
            TypeError: ``track_id`` or ``concurrency`` is not an int.
            ValueError: ``track_id`` or ``concurrency`` is below 1 (checked before
                any request).
            FileNotFoundError: The directory of ``dest`` does not exist (checked
                before any request).
            IsADirectoryError: ``dest`` is a directory, or its text ends with a path
                separator or a last name ``.`` (checked before any request).
            PermissionError: The directory of ``dest`` cannot be written (checked
                before any request).
            OSError: ``dest`` cannot be written: a FIFO, a device or a socket, a name
                too long (checked before any request), or a full disk (naming
                ``dest``); ``dest`` is left as it was, and no temporary file remains.
        """
        check_int("concurrency", concurrency, minimum=1)
        check_callback("progress", progress)
        check_directory(dest)  # before asking for a short-lived URL
        from beatkit.hls._async.download import AsyncHLSDownloader  # on first use: see above

        # The client's pool, not a new one; the downloader builds bare requests, so the
        # client's token manager, cookies and default headers never reach the CDN. Every
        # request gets the client's timeout, as an API call does: the httpx client may be
        # the caller's http_client, whose own timeout beatkit does not use.
        downloader = AsyncHLSDownloader(
            self._transport.open_client(), request_timeout=self._transport.settings.timeout
        )
        info = await self.stream(track_id, options=options)
        try:
            return await self._download_stream(downloader, info, dest, concurrency, progress)
        except HLSError as exc:
            if _expired_url_error(exc) is None:
                raise
            logger.info("beatport: stream URL of track %s expired; fetching a new one", track_id)
        info = await self.stream(track_id, options=options)
        try:
            return await self._download_stream(downloader, info, dest, concurrency, progress)
        except HLSError as exc:
            refused = _expired_url_error(exc)
            if refused is None:
                raise
            raise FetchError(
                f"the stream host refused track {track_id}'s stream (HTTP 403) with a freshly "
                f"fetched URL too: {exc}",
                url=refused.url,
                status_code=refused.status_code,
            ) from exc

    async def _download_stream(
        self,
        downloader: AsyncHLSDownloader,
        info: StreamInfo,
        dest: str | os.PathLike[str],
        concurrency: int,
        progress: Callable[[Progress], object] | None,
    ) -> DownloadResult:
        try:
            return await downloader.download(
                info.stream_url, dest, concurrency=concurrency, progress=progress
            )
        except ClientClosedError:
            # The downloader sends with this client's pool, which it can only call "your
            # http_client": a close of this client is said in its own words.
            self._transport.ensure_open()
            raise

    async def save_download(
        self,
        track_id: int,
        dest: str | os.PathLike[str],
        *,
        quality: DownloadQuality | Literal["medium", "high", "lossless"] = "medium",
        progress: FileProgressCallback | None = None,
        options: RequestOptions | None = None,
    ) -> SavedFile:
        """Save a track's download file to ``dest``.

        Asks the API where the file is (:meth:`download`), then streams it from that
        location into a temporary file beside ``dest``, renamed over it at the end;
        on any failure ``dest`` is untouched and no temporary file is left. The
        bearer token goes to the API host only, never to the file's host.

        Args:
            track_id: The track's id (the client logged in, with a subscription that
                includes downloads).
            dest: The output file.
            quality: ``"medium"`` (128k AAC), ``"high"`` (256k AAC) or ``"lossless"``
                (FLAC); checked before any request.
            progress: Called with a :class:`~beatkit._core.files.FileProgress` as bytes
                are written.
            options: Per-call timeout, retries or headers. The timeout and retries apply
                to both requests; the headers go to the API request only, never to the
                file's host (as the token does not).

        Returns:
            What was written, with its path, size, content type.

        Raises:
            TypeError: ``track_id`` is not an int, or ``quality`` not text.
            ValueError: ``quality`` is not one of the three, or ``track_id`` is below 1
                (checked before any request).
            FileNotFoundError: The directory of ``dest`` does not exist (checked
                before any request).
            IsADirectoryError: ``dest`` is a directory, or its text ends with a path
                separator or a last name ``.`` (checked before any request).
            PermissionError: The directory of ``dest`` cannot be written (checked
                before any request).
            OSError: ``dest`` cannot be written: a FIFO, a device or a socket, a name
                too long (checked before any request), or a full disk (naming
                ``dest``); ``dest`` is left as it was, and no temporary file remains.
            beatkit.errors.ConfigurationError: The client holds no token (log in
                first), or uses the internal host, which has no auth; nothing is sent.
            beatkit.errors.AuthenticationError: Beatport refused the token (and its
                refresh, if it has a refresh token).
            beatkit.errors.QualityNotAvailableError: Beatport has no file of this
                quality for the track (``code`` is ``"quality_not_available"``).
            beatkit.errors.TerritoryRestrictedError: The track is not available in
                your country.
            beatkit.errors.PermissionDeniedError: Your subscription does not include
                downloads, or the file URL expired before it was fetched.
            beatkit.errors.NotFoundError: No track has this id.
            beatkit.errors.ResponseDecodeError: The location Beatport answered is
                not an absolute ``https`` URL (or ``http`` to loopback), or names an
                address no request can go to (a host name idna refuses, a port that is
                no number from 1 to 65535), and nothing is fetched from it; or the
                file's host answered 2xx with a JSON document (an error, never the
                audio), and nothing is written.
            beatkit.errors.APIError: The file request failed otherwise (after the
                client's retries).
            beatkit.errors.APIConnectionError: The transfer failed (after the
                client's retries).
        """
        check_directory(dest)  # before asking for a short-lived URL
        check_callback("progress", progress)
        info = await self.download(track_id, quality=quality, options=options)
        # The file sits at an absolute URL on another host: no PATHS row, no token.
        op: Operation[None] = Operation(
            name="tracks.download_file",
            method="GET",
            path="",
            url=_file_url(info.location),
            headers={"Accept": "*/*"},
        )
        # The headers were the API's: a signed file URL on a CDN gets none of them.
        file_options = None if options is None else attrs.evolve(options, headers={})
        return await self._transport.save(op, dest, progress=progress, options=file_options)
