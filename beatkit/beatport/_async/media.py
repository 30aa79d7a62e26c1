"""Save Beatport tracks to disk: the full HLS stream (decrypted) or the download file."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from beatkit._core.files import FileProgressCallback, SavedFile, check_directory
from beatkit._core.operation import Operation
from beatkit.hls import AsyncHLSDownloader, DownloadResult, FetchError, HLSError, Progress

if TYPE_CHECKING:
    from beatkit.beatport._async.client import AsyncBeatport

__all__ = ["save_download", "save_stream"]

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


async def save_stream(
    client: AsyncBeatport,
    track_id: int,
    dest: str | os.PathLike[str],
    *,
    progress: Callable[[Progress], object] | None = None,
    concurrency: int = 4,
) -> DownloadResult:
    """Save a track's full stream, decrypted, to ``dest``.

    Asks the API for the track's stream URL (``GET /catalog/tracks/{id}/stream/``),
    then fetches the HLS playlist, its AES-128 key and its segments from the stream
    host with the client's connection pool, decrypts them and writes the audio
    (128 kbps AAC) to a temporary file beside ``dest``, renamed over it at
    the end. The bearer token is never sent to the stream host.

    Stream URLs are signed and short-lived: when the stream host answers 403 (at
    the playlist, the key or a segment), a fresh URL is fetched once and the
    download starts again from the beginning (``progress`` then counts from zero
    again). A second 403 raises.

    Args:
        client: The Beatport client (logged in, with a streaming subscription).
        track_id: The track's id.
        dest: The output file; replaced only once the whole stream is written.
        progress: Called with a :class:`~beatkit.hls.Progress` after each segment.
        concurrency: How many segments are fetched at once.

    Returns:
        What was written: path, segment count, bytes.

    Raises:
        TerritoryRestrictedError: The track is not available in your country.
        PermissionDeniedError: Your subscription does not include streaming.
        NotFoundError: No track has this id.
        FetchError: The stream host refused the URL (403) twice in a row, or
            another stream request failed.
        HLSError: The playlist, key or a segment could not be used (see
            :mod:`beatkit.hls`).
        TypeError: ``concurrency`` is not an int.
        ValueError: ``concurrency`` is below 1.
        FileNotFoundError: The directory of ``dest`` does not exist (checked
            before any request).
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise TypeError(f"concurrency must be an int, got {type(concurrency).__name__}")
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    check_directory(dest)  # before asking for a short-lived URL
    # The client's pool, not a new one; the downloader builds bare requests, so the
    # client's token manager, cookies and default headers never reach the CDN.
    downloader = AsyncHLSDownloader(client._transport.http_client)
    info = await client.tracks.stream(track_id)
    try:
        return await downloader.download(
            info.stream_url, dest, concurrency=concurrency, progress=progress
        )
    except HLSError as exc:
        if _expired_url_error(exc) is None:
            raise
        logger.info("beatport: stream URL of track %s expired; fetching a new one", track_id)
    info = await client.tracks.stream(track_id)
    try:
        return await downloader.download(
            info.stream_url, dest, concurrency=concurrency, progress=progress
        )
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


async def save_download(
    client: AsyncBeatport,
    track_id: int,
    dest: str | os.PathLike[str],
    *,
    quality: str = "medium",
    progress: FileProgressCallback | None = None,
) -> SavedFile:
    """Save a track's download file to ``dest``.

    Asks the API where the file is (``GET /catalog/tracks/{id}/download/?quality=``),
    then streams it from that location into a temporary file beside ``dest``,
    renamed over it at the end; on any failure ``dest`` is untouched and no
    temporary file is left. The bearer token goes to the API host only, never to
    the file's host.

    Args:
        client: The Beatport client (logged in, with a subscription that includes
            downloads).
        track_id: The track's id.
        dest: The output file.
        quality: ``"medium"`` (128k AAC), ``"high"`` (256k AAC) or ``"lossless"``
            (FLAC); checked before any request.
        progress: Called with a :class:`~beatkit._core.files.FileProgress` as bytes
            are written.

    Returns:
        What was written: path, size, content type.

    Raises:
        ValueError: ``quality`` is not one of the three.
        FileNotFoundError: The directory of ``dest`` does not exist (checked
            before any request).
        QualityNotAvailableError: Beatport has no file of this quality for the
            track (``code`` is ``"quality_not_available"``).
        TerritoryRestrictedError: The track is not available in your country.
        PermissionDeniedError: Your subscription does not include downloads, or
            the file URL expired before it was fetched.
        NotFoundError: No track has this id.
        APIError: The file request failed otherwise (after the client's retries).
        APIConnectionError: The transfer failed (after the client's retries).
    """
    check_directory(dest)  # before asking for a short-lived URL
    info = await client.tracks.download(track_id, quality=quality)
    op: Operation[None] = Operation(
        name="tracks.download_file",
        method="GET",
        path="",
        url=info.location,
        headers={"Accept": "*/*"},
        expect_body=False,
        decode=lambda _: None,
    )
    return await client._save(op, dest, progress=progress)
