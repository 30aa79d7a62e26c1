"""Download an HLS AES-128 stream to one file: fetch, decrypt and write the segments in order."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager, nullcontext
from pathlib import Path

import httpx

from beatkit._core.close_trace import AsyncCloseTrace
from beatkit._core.closing import AsyncLoopGuard, AsyncResponseGuard
from beatkit._core.concurrency import AsyncLock, AsyncOrderedPool, async_sleep
from beatkit._core.encoding import StrictDecoding, content_codings, read_early
from beatkit._core.files import atomic_file, check_directory, expected_size
from beatkit._core.http import direct_mounts, redact_url, sending
from beatkit._core.redact import redact_transport_error
from beatkit._core.retry import retry_after_of
from beatkit._core.tls import default_ssl_context
from beatkit._core.urls import environment_proxies_checked
from beatkit._core.validate import (
    check_callback,
    check_callback_result,
    check_int,
    check_number,
    check_seconds,
    check_text,
)
from beatkit.hls._answers import (
    Retryable,
    check_decodable,
    check_request_timeout,
    check_url,
    check_whole,
    redirect_target,
    too_large,
)
from beatkit.hls._plan import (
    DownloadResult,
    Part,
    Progress,
    VariantChoice,
    check_audio,
    check_fetch_url,
    check_headers,
    check_http_client,
    check_variant,
    choose_variant,
    plan_parts,
    too_many_entries,
    url_origin,
)
from beatkit.hls.crypto import KEY_SIZE, _decrypt_in_place
from beatkit.hls.errors import (
    DecryptionError,
    FetchError,
    HLSError,
    InsecureURLError,
    KeyFetchError,
    LivePlaylistError,
    PlaylistError,
    SegmentError,
    _naming,
    _part_name,
    _raw_text,
    _redacted_url,
)
from beatkit.hls.playlist import ByteRange, Key, MasterPlaylist, MediaPlaylist, parse_playlist

__all__ = ["AsyncHLSDownloader"]

logger = logging.getLogger("beatkit.hls")

_MAX_REDIRECTS = 5
_MAX_KEY_BYTES = 4096  # a key is 16 bytes; read a little more to describe what came instead
_MAX_PLAYLIST_BYTES = 64 * 1024 * 1024
# Each parsed segment costs about 500 bytes: 64 MiB of short "#EXTINF:0,\na\n" lines would
# be five million of them, gigabytes. 200,000 is 55 hours of one-second segments. Key tags,
# variants and renditions are limited too (see too_many_entries).
_MAX_SEGMENTS = 200_000
DEFAULT_MAX_SEGMENT_BYTES = 256 * 1024 * 1024
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# The longest Retry-After a download waits out (the API clients' default max_retry_wait):
# a server that asks for longer fails the download at once, rather than being asked again
# before it said it would answer.
_MAX_RETRY_AFTER = 60.0
# How httpx's RemoteProtocolError begins for a redirect Location it cannot parse (it
# raises it while handling the InvalidURL, which is checked first: wording may change).
_HTTPX_BAD_LOCATION = "Invalid URL in location header"
# The longest one request may take, by default (AsyncHLSDownloader's fetch_deadline).
DEFAULT_FETCH_DEADLINE = 600.0

# How often a retry's wait looks at the download's stop flag.
_PAUSE_STEP = 0.1


class _Stopped(Exception):
    """The download this request belongs to has failed or was interrupted: nobody waits for it."""


class _Job:
    """The state of one download: its client, headers, security context and key cache."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        url: str,
        headers: Mapping[str, str],
        retries: int,
        backoff: float,
        max_segment: int = DEFAULT_MAX_SEGMENT_BYTES,
        deadline: float | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        self.client = client
        # Every request's timeout: the downloader's request_timeout, else the client's.
        self.timeout = (client.timeout if timeout is None else timeout).as_dict()
        self.max_segment = max_segment
        self.deadline = deadline
        self.origin = url_origin(url)
        self.secure = url.lower().startswith("https:")
        self.headers = dict(headers)
        self.retries = retries
        self.backoff = backoff
        self.keys: dict[str, bytes] = {}
        self.key_failures: dict[str, KeyFetchError | InsecureURLError] = {}
        self.key_locks: dict[str, AsyncLock] = {}
        self.user_agent = client.headers.get("User-Agent", "beatkit")
        # Refuses a request, inside the pool, whose client was closed while it waited
        # for a connection: httpx's closed pool gave it a new one, and it went out.
        self.trace = AsyncCloseTrace(client, "hls")
        # Set when the download fails or is interrupted: parts still running (abandoned
        # threads of the sync pool) stop before their next request or chunk.
        self.stopped = False
        # The first part that failed: it fails the download, and the parts stopped by it
        # report it rather than their own stop.
        self.failure: Exception | None = None

    def check_stopped(self) -> None:
        if self.stopped:
            raise _Stopped("the download has stopped")

    async def pause(self, seconds: float) -> None:
        """Wait ``seconds`` before a retry, leaving as soon as the download stops.

        A part of the sync pool, abandoned when another fails, would otherwise sleep
        out its whole backoff (up to 10 s) in its thread; tasks are cancelled anyway.
        """
        remaining = seconds
        while remaining > 0:
            self.check_stopped()
            step = min(remaining, _PAUSE_STEP)
            await async_sleep(step)
            remaining -= step

    def check(self, url: str) -> None:
        check_fetch_url(url, secure_context=self.secure)

    def check_deadline(self, ends: float | None) -> None:
        """Fail the attempt (retried, like a timeout) once its deadline has passed."""
        if ends is not None and time.monotonic() > ends:
            raise Retryable(f"slower than the {self.deadline:g} s fetch deadline")

    async def get(
        self,
        url: str,
        *,
        byterange: ByteRange | None = None,
        limit: int | None = None,
        max_bytes: int | None = None,
    ) -> tuple[str, bytearray]:
        """GET with bounded retries; returns the final URL (after redirects) and the body.

        ``limit`` stops reading after that many bytes (the caller judges what it got);
        a body longer than ``max_bytes`` is a :class:`FetchError`, not retried.
        """
        attempt = 0
        while True:
            try:
                return await self._get_once(url, byterange, limit, max_bytes)
            except Retryable as exc:
                if attempt >= self.retries:
                    raise FetchError(
                        f"{exc} (after {attempt + 1} attempts)",
                        url=url,
                        status_code=exc.status_code,
                    ) from exc
                # 2**attempt past 1023 converts to no float (OverflowError); the 10 s cap
                # is reached long before for any backoff above 1e-300.
                wait = min(self.backoff * 2.0 ** min(attempt, 1023), 10.0)
                if exc.retry_after is not None:
                    if exc.retry_after > _MAX_RETRY_AFTER:
                        raise FetchError(
                            f"{exc} for {url}: the server asks to wait {exc.retry_after:g} s "
                            f"before retrying, longer than the {_MAX_RETRY_AFTER:g} s a "
                            "download waits",
                            url=url,
                            status_code=exc.status_code,
                        ) from exc
                    wait = max(wait, exc.retry_after)
                logger.debug("retrying %s in %.2fs: %s", redact_url(url), wait, exc)
                attempt += 1
                await self.pause(wait)

    async def _get_once(
        self, url: str, byterange: ByteRange | None, limit: int | None, max_bytes: int | None
    ) -> tuple[str, bytearray]:
        current = url
        # One attempt, its redirect hops included, against one clock: a server that
        # answers each read just within the timeout would otherwise never be cut off.
        ends = None if self.deadline is None else time.monotonic() + self.deadline
        for _ in range(_MAX_REDIRECTS + 1):
            self.check_stopped()  # no new request (a retry or a redirect hop included)
            self.check_deadline(ends)
            self.check(current)
            # httpx.Headers: a caller's "user-agent" replaces the default, not joins it.
            headers = httpx.Headers({"Accept-Encoding": "identity", "User-Agent": self.user_agent})
            # The caller's headers (often credentials) go to the playlist's own origin only.
            if url_origin(current) == self.origin:
                headers.update(self.headers)
            if byterange is not None:
                headers["Range"] = byterange.header()
            # A bare Request keeps the client's default headers, cookies and auth out of it.
            try:
                request = httpx.Request(
                    "GET",
                    current,
                    headers=headers,
                    extensions={"timeout": self.timeout, "trace": self.trace},
                )
            except httpx.InvalidURL as exc:  # a control character, too long: not retried
                shown = _redacted_url(current)
                raise FetchError(f"cannot request {shown}: {exc}", url=current) from None
            try:
                # A Location that does not decode is named below (UnicodeError).
                async with AsyncResponseGuard.reclaiming(self.client):
                    with sending(self.client, "hls", location_errors=False):
                        # Guarded: its close runs to its end even when the task
                        # is cancelled meanwhile (a caller's wait_for, a part the pool
                        # cancels); cut short, its connection stayed checked out for good.
                        response = AsyncResponseGuard.guard(
                            await self.client.send(
                                request, stream=True, follow_redirects=False, auth=None
                            )
                        )
            except httpx.UnsupportedProtocol as exc:
                # Not retried: the same URL is refused again, without any request.
                shown = _redacted_url(current)
                raise FetchError(f"cannot request {shown}: {exc}", url=current) from None
            except httpx.TransportError as exc:
                redact_transport_error(exc)  # quoted below, and chained
                if isinstance(exc, httpx.RemoteProtocolError) and (
                    isinstance(exc.__context__, httpx.InvalidURL)
                    or str(exc).startswith(_HTTPX_BAD_LOCATION)
                ):
                    # httpx's words for a Location it cannot parse (a port that is no
                    # number, an unclosed "[", too long): the same answer comes again, so
                    # not retried; and not quoted, as they quote the port, which may be a
                    # password ("host:password" without its "user@").
                    raise InsecureURLError(
                        f"malformed URL in the Location of a redirect from "
                        f"{_redacted_url(current)} (not a URL that can be requested)"
                    ) from None
                raise Retryable(f"{type(exc).__name__}: {exc}") from exc
            except httpx.InvalidURL:
                # httpx prepares the next request of every redirect answer, even unfollowed:
                # a Location of a scheme without host ("javascript:x", "data:,x") gets this
                # request's host, and the result is no URL. Not retried; the Location is
                # not quoted: it is the server's, and may hold anything.
                # (Parentheses, not a colon: redaction takes a colon after a secret.)
                shown = _redacted_url(current)
                raise InsecureURLError(
                    f"malformed URL in the Location of a redirect from {shown} "
                    "(not an http(s) URL with a host)"
                ) from None
            except UnicodeError:
                # httpx prepares the next request of every redirect answer, even unfollowed:
                # a Location host that idna cannot decode ("xn--") fails that, with an
                # error naming no URL, and the answer is gone. This request's own host
                # passed check_fetch_url, which refuses what idna or the socket refuse.
                raise InsecureURLError(
                    f"malformed URL in the Location of a redirect from {_redacted_url(current)}: "
                    "its host is not a valid (internationalized) domain name"
                ) from None
            except httpx.DecodingError as exc:
                # A response hook of the caller's client read the body (to log it), and
                # httpx decoded it there. Judged as the same body read below is, not
                # retried; the hook's read left no response to name the coding from.
                raise FetchError(
                    f"{current}: the body does not decode as its Content-Encoding says "
                    f"(read by a response hook of the http client): {exc}",
                    url=current,
                ) from exc
            except httpx.HTTPStatusError as exc:
                # A response hook of the caller's client (raise_for_status) refused the
                # answer: judged here like any other, so redirects are followed, 5xx
                # retried, and no httpx error quotes a signed URL. httpx has closed it.
                response = exc.response
                if response.is_success:  # a body that can no longer be read
                    raise FetchError(
                        f"a response hook of the http client refused the answer for {current}",
                        url=current,
                        status_code=response.status_code,
                    ) from None
            try:
                # A redirect as httpx follows one: 301, 302, 303, 307 or 308 with a Location.
                # is_redirect is any 3xx: a 304 or a 300 without a Location was asked for
                # again and again, and a 304's Location followed.
                if response.has_redirect_location:
                    current = redirect_target(current, response.headers["Location"])
                    continue
                status = response.status_code
                if status in _RETRY_STATUSES:
                    # RFC 9110 section 10.2.3: how long a 429 or 503 asks to be left alone.
                    asked = retry_after_of(response.headers) if status in (429, 503) else None
                    raise Retryable(f"HTTP {status}", status, asked)
                if status >= 400 or status not in (200, 206):
                    raise FetchError(
                        f"HTTP {status} for {current}", url=current, status_code=status
                    )
                check_decodable(response, current)
                body = await self._read(response, byterange, limit, max_bytes, ends)
            except httpx.TransportError as exc:
                redact_transport_error(exc)
                raise Retryable(f"{type(exc).__name__}: {exc}") from exc
            except httpx.DecodingError as exc:
                # Not retried: a server that mislabels its encoding keeps doing so.
                encoding = response.headers.get("Content-Encoding", "none")
                raise FetchError(
                    f"{current}: the body does not decode as its Content-Encoding "
                    f"({encoding}) says: {exc}",
                    url=current,
                    status_code=response.status_code,
                ) from exc
            finally:
                await response.aclose()
            return current, body
        raise FetchError(f"too many redirects from {url}", url=url)

    async def _read(
        self,
        response: httpx.Response,
        byterange: ByteRange | None,
        limit: int | None,
        max_bytes: int | None,
        ends: float | None,
    ) -> bytearray:
        # The buffer the body was read into is returned as it is: a copy into bytes
        # would hold the segment twice, concurrency times over.
        # A 206 for the whole resource: its Content-Range says how long the body must be.
        whole = check_whole(response) if byterange is None and response.status_code == 206 else None
        ranged = byterange is not None and response.status_code == 200
        # A server that ignores Range sends the whole resource: the bytes before the range
        # are dropped as they come, and reading stops at the range's end.
        skip = byterange.offset if ranged and byterange is not None else 0
        stop = byterange.end if ranged and byterange is not None else limit
        # None when absent, malformed or counting compressed bytes (a label that names no
        # coding, "none" or "binary", is no coding: the body is as sent, as long as said).
        declared = expected_size(response.headers)
        coded = bool(content_codings(response.headers))
        known = None if ranged else declared
        if max_bytes is not None and known is not None and known > max_bytes:
            raise too_large(response, max_bytes, f"Content-Length {declared}")
        chunks = bytearray()
        received = 0

        def keep(chunk: bytes) -> bool:
            """Keep the bytes of ``chunk`` from ``skip`` on; ``True`` once ``stop`` is reached."""
            nonlocal received
            if received + len(chunk) > skip:
                chunks.extend(chunk[skip - received :] if received < skip else chunk)
            received += len(chunk)
            if stop is not None and received >= stop:
                return True
            if max_bytes is not None and len(chunks) > max_bytes:
                raise too_large(response, max_bytes, f"more than {max_bytes} bytes sent")
            return False

        # A gzip or deflate body is decoded here, to its end: httpx's decoders end a body
        # cut inside its compressed data without an error, and keep only the first of
        # several gzip members. A cut body is a transport error (BodyCutShort), retried as
        # a body short of its Content-Length; bytes after the data, a DecodingError.
        decoder = StrictDecoding.take(response)
        if decoder is None and (reason := read_early(response)) is not None:
            # A hook of the caller's client read it: not retried, it reads every answer.
            url = str(response.url)
            raise FetchError(f"{url}: {reason}", url=url, status_code=response.status_code)
        with nullcontext() if decoder is None else decoder.raw(response):
            async for data in response.aiter_bytes():
                self.check_stopped()
                self.check_deadline(ends)
                pieces = (data,) if decoder is None else decoder.decode(data)
                if any(keep(piece) for piece in pieces):  # (stops at the first True)
                    break
            else:
                for piece in () if decoder is None else decoder.finish():
                    if keep(piece):
                        break
        complete = stop is None or received < stop
        if complete and declared is not None and received > declared:
            # Never over a socket (h11 reads what the header says): a transport of the
            # caller's that does not frame bodies handed over more.
            raise Retryable(
                f"body is {received} bytes, longer than its Content-Length of {declared}"
            )
        if complete and declared is not None and declared != received:
            raise Retryable(f"truncated body: {received} of {declared} bytes")
        # Content-Range counts the bytes sent: a coded body decodes to another length.
        if complete and whole is not None and whole != received and not coded:
            raise Retryable(f"body is {received} bytes, not the {whole} of its Content-Range")
        if byterange is None:
            return chunks
        if ranged:
            if received < byterange.end:
                raise Retryable(
                    f"resource is {received} bytes, shorter than the range's end {byterange.end}"
                )
            del chunks[byterange.length :]
            return chunks
        content_range = response.headers.get("Content-Range", "")
        expected = f"bytes {byterange.offset}-{byterange.end - 1}/"
        if content_range and not content_range.startswith(expected):
            raise FetchError(
                f"server sent Content-Range {content_range!r} for Range {byterange.header()!r}",
                url=str(response.url),
            )
        if len(chunks) != byterange.length:
            raise Retryable(f"range body is {len(chunks)} bytes, expected {byterange.length}")
        return chunks

    async def key(self, key: Key) -> bytes:
        """The key's bytes, fetched at most once per URI even under concurrency."""
        assert key.uri is not None
        uri = key.uri
        cached = self.keys.get(uri)
        if cached is not None:
            return cached
        # setdefault is atomic, so every task or thread asking for one URI gets the same lock.
        lock = self.key_locks.setdefault(uri, AsyncLock())
        async with lock:
            cached = self.keys.get(uri)
            if cached is None:
                failed = self.key_failures.get(uri)
                if isinstance(failed, KeyFetchError):
                    # A key that failed (after its retries) is not asked for again by every
                    # segment that was waiting for it: they fail with the same error.
                    raise KeyFetchError(
                        str(failed), url=failed.url, status_code=failed.status_code
                    ) from failed
                if failed is not None:  # a redirect hop refused: no use asking again
                    raise InsecureURLError(str(failed)) from failed
                try:
                    cached = await self._fetch_key(uri)
                except (KeyFetchError, InsecureURLError) as exc:
                    self.key_failures[uri] = exc
                    raise
                self.keys[uri] = cached
        return cached

    async def _fetch_key(self, uri: str) -> bytes:
        logger.debug("fetching key %s", redact_url(uri))
        try:
            _, body = await self.get(uri, limit=_MAX_KEY_BYTES)
        except InsecureURLError as exc:  # a redirect hop refused
            _naming(exc, "key", uri)
            raise
        except FetchError as exc:
            raise KeyFetchError(
                f"key {uri} could not be fetched: {exc}", url=uri, status_code=exc.status_code
            ) from exc
        if len(body) != KEY_SIZE:
            looks_html = body.lstrip()[:1] == b"<"
            hint = " (it looks like an HTML page: an error or login page?)" if looks_html else ""
            # Reading stopped past _MAX_KEY_BYTES: what was read by then is no size to quote.
            size = f"{len(body)}" if len(body) <= _MAX_KEY_BYTES else f"more than {_MAX_KEY_BYTES}"
            raise KeyFetchError(f"key {uri} is {size} bytes, expected exactly 16{hint}", url=uri)
        return bytes(body)

    async def part(self, part: Part) -> tuple[int, bytearray]:
        """Fetch and decrypt one segment or initialization section; returns (index, clear bytes).

        A part that fails stops the others before their next request or chunk (a retry
        included): the download has failed, whatever they would bring.
        """
        try:
            return await self._part(part)
        except _Stopped:
            raise
        except Exception as exc:
            if self.failure is None:
                self.failure = exc
            self.stopped = True
            raise

    async def _part(self, part: Part) -> tuple[int, bytearray]:
        try:
            if part.byterange is not None and part.byterange.length > self.max_segment:
                raise FetchError(
                    f"byte range of {part.byterange.length} bytes is larger than the "
                    f"{self.max_segment}-byte limit (max_segment_bytes)",
                    url=part.uri,
                )
            key = await self.key(part.key) if part.key is not None else None  # names the key
            try:
                _, data = await self.get(
                    part.uri, byterange=part.byterange, max_bytes=self.max_segment
                )
            except InsecureURLError as exc:  # a redirect hop refused
                _naming(exc, _part_name(part.index), part.uri)
                raise
            if key is None:
                if not data:
                    # Nothing to decrypt checks it: written, it would be a silent gap.
                    raise FetchError(f"{_part_name(part.index)} came with no bytes", url=part.uri)
                return part.index, data
            if part.iv is None:  # pragma: no cover - the parser gives every encrypted part an IV
                raise DecryptionError("encrypted part without an IV")
            clear = _decrypt_in_place(data, key, part.iv)
            if not clear:
                # A block of padding only: valid AES-128, and as much of a gap as an
                # empty clear part (a stream of them replaced a file with an empty one).
                raise FetchError("decrypted to no bytes (padding only)", url=part.uri)
            return part.index, clear
        except (KeyFetchError, InsecureURLError):
            raise
        except HLSError as exc:
            # Its raw text: str() escapes control characters, and reason keeps them.
            raise SegmentError(_raw_text(exc), index=part.index, uri=part.uri) from exc


class AsyncHLSDownloader:
    """Downloads HLS streams (clear or AES-128) to a single file.

    Example::

        downloader = AsyncHLSDownloader()
        result = await downloader.download(stream_url, "track.aac")
        print(result.segments, result.bytes_written)

    Args:
        http_client: An httpx client to send requests with. It is never closed by
            the downloader. Its default headers, cookies and auth are not used
            (pass ``headers=`` to :meth:`download`); its transport, proxies,
            timeout (unless ``request_timeout`` is given) and event hooks are (a
            response hook calling ``raise_for_status()``, or reading the body to log
            it, changes no outcome, but that a ``gzip`` or ``deflate`` body such a
            hook read off the connection is refused with :class:`FetchError`: its
            coding can no longer be checked). When ``None``, each download makes its own client and
            closes it.
        timeout: Timeout in seconds for the client the downloader makes itself
            (``http_client``'s own timeout is used instead when one is given).
        request_timeout: The timeout of every request the downloader sends (playlist,
            key, segment, each redirect hop), in place of the client's, whichever it
            is: seconds, or an ``httpx.Timeout`` (its ``None`` parts have no limit).
            ``None`` (the default) leaves each request the timeout of the client it is
            sent with (``timeout``, or ``http_client``'s own). Give it with an
            ``http_client`` made without a timeout that the downloads must not share.
        retries: How many times a request is retried after a transport error, a
            429, 500, 502, 503 or 504 status, or a truncated body (any other error
            status is not retried).
        retry_backoff: The first wait between attempts in seconds; it doubles on
            each retry, capped at 10 s. A 429 or 503 answer's ``Retry-After`` is
            waited out instead when longer; one over 60 s fails at once. Tests pass 0.
        max_segment_bytes: The largest segment (or initialization section, or byte
            range) accepted, 256 MiB by default. Segments are held in memory while
            they are fetched and decrypted, ``concurrency`` at a time: a larger one
            fails the download with :class:`SegmentError` rather than filling memory.
        fetch_deadline: The longest one request (a playlist, key or segment, its
            redirects included) may take in seconds, 600 by default; ``None`` sets
            none. ``timeout`` bounds each read, so without it a server sending a byte
            at a time could hold a download forever. An attempt past it fails (it is
            checked between reads) and is retried like a timeout.

    Raises:
        TypeError: ``http_client`` is not an ``httpx.AsyncClient`` (or ``None``),
            ``retries`` or ``max_segment_bytes`` is not an int, ``timeout``,
            ``retry_backoff`` or ``fetch_deadline`` is not a number, or
            ``request_timeout`` is neither a number nor an ``httpx.Timeout``.
        ValueError: ``retries`` is negative, ``max_segment_bytes`` below 1,
            ``timeout``, ``fetch_deadline`` or a part of ``request_timeout`` not a
            positive finite number (or ``timeout`` or ``request_timeout`` past a year,
            more than a socket takes), or ``retry_backoff`` negative, infinite or NaN.
    """

    def __init__(
        self,
        http_client: httpx.AsyncClient | None = None,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        retry_backoff: float = 0.5,
        max_segment_bytes: int = DEFAULT_MAX_SEGMENT_BYTES,
        fetch_deadline: float | None = DEFAULT_FETCH_DEADLINE,
        request_timeout: float | httpx.Timeout | None = None,
    ) -> None:
        check_http_client(http_client, httpx.AsyncClient)
        if check_int("retries", retries) < 0:
            raise ValueError("retries must be >= 0")
        check_int("max_segment_bytes", max_segment_bytes, minimum=1)
        # Checked here: a timeout the socket refuses came out of the first connection as
        # a raw ValueError, and an infinite or NaN wait would hang or skip every pause.
        check_seconds("timeout", timeout)
        self._request_timeout = check_request_timeout(request_timeout)
        self._request_timeout_given = request_timeout
        if fetch_deadline is not None:
            check_number("fetch_deadline", fetch_deadline)
        try:
            check_number("retry_backoff", retry_backoff, allow_zero=True)
        except ValueError:
            raise ValueError(
                f"retry_backoff must be a finite number >= 0, got {retry_backoff}"
            ) from None
        self._max_segment = max_segment_bytes
        self._client = http_client
        self._timeout = timeout
        self._retries = retries
        self._backoff = retry_backoff
        self._deadline = fetch_deadline

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(retries={self._retries}, timeout={self._timeout}, "
            f"fetch_deadline={self._deadline}, request_timeout={self._request_timeout_given})"
        )

    async def download(
        self,
        url: str,
        dest: str | os.PathLike[str],
        *,
        variant: VariantChoice = "best",
        concurrency: int = 4,
        headers: Mapping[str, str] | None = None,
        progress: Callable[[Progress], object] | None = None,
    ) -> DownloadResult:
        """Download a VOD stream, decrypting it, into ``dest``.

        The file appears only when the whole stream has been written: parts go to a
        temporary file beside ``dest`` which is renamed over it at the end, and
        removed on any failure or cancellation.

        Args:
            url: The playlist URL (media or master); ``https``, or ``http`` on a
                loopback address.
            dest: The output file.
            variant: For a master playlist: ``"best"`` (highest BANDWIDTH),
                ``"worst"`` or an exact BANDWIDTH.
            concurrency: How many segments are fetched at once.
            headers: Extra request headers (e.g. ``Authorization``), sent only to the
                playlist's own origin (scheme, host and port).
            progress: Called with a :class:`Progress` after each part is written.

        Returns:
            What was written.

        Raises:
            InsecureURLError: A URL is not https (nor loopback http), or an https
                playlist points at an http key or segment. A ``url`` that is not a
                URL at all (no ``scheme://``) is not shown in the message: it may be
                a secret given in its place.
            PlaylistError: The playlist does not parse, lists more than 200,000
                segments, 400,000 ``EXT-X-KEY`` tags or 200,000 variants and
                renditions, or a master playlist points at another master playlist.
            LivePlaylistError: The media playlist has no ``#EXT-X-ENDLIST``.
            VariantNotFoundError: No variant matches ``variant``.
            KeyFetchError: A key could not be fetched or is not 16 bytes.
            SegmentError: A segment could not be fetched or decrypted (names its
                index and URI).
            FetchError: The playlist could not be fetched, is larger than 64 MiB, or
                its body does not decode as its ``Content-Encoding`` says (or is in
                one httpx has no decoder for).
            beatkit.errors.ConfigurationError: The environment names a proxy httpx
                cannot use (``HTTPS_PROXY`` with a port that is not a number, an
                ``ftp://`` one), or ``SSL_CERT_FILE`` names no usable certificates
                (read when the first client is made); nothing is sent. The message
                never shows the value.
            OSError: ``dest`` cannot be written; a missing directory
                (``FileNotFoundError``) or a ``dest`` that is a directory
                (``IsADirectoryError``) is reported before any request.
            TypeError: ``url`` is not a string, ``variant`` is neither a string nor an
                int, ``concurrency`` is not an int, or ``headers`` is not a mapping of
                strings to strings.
            ValueError: ``dest`` is empty, ``concurrency`` is below 1, ``variant`` is a
                string other than ``"best"`` and ``"worst"`` or a negative int, or a
                header cannot be sent (a name that is not an HTTP token; a value that
                is not ASCII or has a line break or surrounding whitespace;
                ``Content-Length`` or ``Transfer-Encoding``, which httpx sets). The
                message never shows the value.
        """
        check_int("concurrency", concurrency, minimum=1)
        check_variant(variant)  # a typo is found before any request, for a media playlist too
        check_callback("progress", progress)
        headers = check_headers(headers or {})
        check_text("url", url, allow_blank=True)  # None failed inside the check below
        check_url("playlist", url, secure_context=False)
        check_directory(dest)  # before any request, not after the whole stream
        AsyncLoopGuard.check_library("HLS download")
        destination = Path(dest)
        async with self._session(url) as client:
            return await self._download(
                client, url, destination, variant, concurrency, headers, progress
            )

    async def _fetch_playlist(
        self, url: str, headers: Mapping[str, str] | None = None
    ) -> MediaPlaylist | MasterPlaylist:
        """Fetch and parse one playlist as :meth:`download` does (for ``beatkit hls inspect``).

        Redirects are followed and checked hop by hop, ``headers`` go to the
        playlist's own origin only, and the body must be UTF-8.
        """
        checked = check_headers(headers or {})
        # As download() checks it: a lone surrogate is said, not met by the encoder.
        check_text("url", url, allow_blank=True)
        check_url("playlist", url, secure_context=False)
        AsyncLoopGuard.check_library("HLS download")
        async with self._session(url) as client:
            job = self._job(client, url, checked)
            return await self._playlist(job, url)

    def _job(self, client: httpx.AsyncClient, url: str, headers: Mapping[str, str]) -> _Job:
        return _Job(
            client,
            url,
            headers,
            self._retries,
            self._backoff,
            self._max_segment,
            self._deadline,
            self._request_timeout,
        )

    def _session(self, url: str) -> AbstractAsyncContextManager[httpx.AsyncClient]:
        """The caller's client, left open, or a client for this one call, closed after it."""
        if self._client is not None:
            return nullcontext(self._client)
        try:
            target: httpx.URL | None = httpx.URL(url)
        except httpx.InvalidURL:
            # A URL httpx cannot request (a control character in it): the request for it
            # fails as it does with the caller's client, a FetchError naming it, not here.
            target = None
        with environment_proxies_checked():
            return httpx.AsyncClient(
                timeout=self._timeout,
                verify=default_ssl_context(),
                mounts=direct_mounts(target),
                # Every response it receives is guarded, as the API clients' own are.
                event_hooks=AsyncResponseGuard.event_hooks,
            )

    async def _download(
        self,
        client: httpx.AsyncClient,
        url: str,
        dest: Path,
        variant: VariantChoice,
        concurrency: int,
        headers: Mapping[str, str] | None,
        progress: Callable[[Progress], object] | None,
    ) -> DownloadResult:
        job = self._job(client, url, headers or {})
        playlist = await self._playlist(job, url)
        # The media playlist the refusals below name: the variant's, not the master's.
        named = f"playlist {_redacted_url(url)}"
        if isinstance(playlist, MasterPlaylist):
            chosen = choose_variant(playlist, variant)
            check_audio(playlist, chosen)
            logger.debug(
                "chose variant %s (BANDWIDTH=%d)", redact_url(chosen.uri), chosen.bandwidth
            )
            playlist = await self._playlist(job, chosen.uri, "variant playlist")
            if isinstance(playlist, MasterPlaylist):
                raise PlaylistError(f"variant {chosen.uri} is itself a master playlist")
            named = f"variant playlist {_redacted_url(chosen.uri)}"
        if not playlist.endlist:
            raise LivePlaylistError(
                f"{named} has no #EXT-X-ENDLIST: it is live, and only VOD streams "
                "can be downloaded for now"
            )
        if playlist.i_frames_only:
            # Key frames only, for trick play: their concatenation is no playable stream.
            raise PlaylistError(
                f"{named} is EXT-X-I-FRAMES-ONLY (key frames for trick play): "
                "not a stream to download"
            )
        if not playlist.segments:
            # Nothing to fetch: an empty file would read as a finished download.
            raise PlaylistError(f"{named} lists no segments: nothing to download")
        parts = plan_parts(playlist.segments)
        # Refuse insecure URLs before writing anything.
        for part in parts:
            if part.key is not None and part.key.uri is not None:
                check_url("key", part.key.uri, secure_context=job.secure)
            check_url(_part_name(part.index), part.uri, secure_context=job.secure)
        return await self._write(job, parts, dest, len(playlist.segments), concurrency, progress)

    async def _playlist(
        self, job: _Job, url: str, what: str = "playlist"
    ) -> MediaPlaylist | MasterPlaylist:
        """Fetch and parse the playlist at ``url``; a failure names ``what`` and the URL."""
        try:
            final_url, body = await job.get(url, limit=_MAX_PLAYLIST_BYTES + 1)
        except (InsecureURLError, FetchError) as exc:  # refused (a redirect hop), or failed
            _naming(exc, what, url)
            raise
        if len(body) > _MAX_PLAYLIST_BYTES:
            # Cut, it could still end up as a complete-looking VOD playlist (EXT-X-ENDLIST
            # may come first) that silently lacks its last segments.
            raise FetchError(
                f"playlist {url} is larger than {_MAX_PLAYLIST_BYTES} bytes: refused, not cut",
                url=url,
            )
        if (too_many := too_many_entries(body, _MAX_SEGMENTS)) is not None:
            # Counted before parsing: the parsed segments, keys and variants would fill memory.
            raise PlaylistError(f"playlist {url} lists {too_many}: refused")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PlaylistError(f"playlist {url} is not UTF-8 text: {exc.reason}") from None
        return parse_playlist(text, base_url=final_url)

    async def _write(
        self,
        job: _Job,
        parts: list[Part],
        dest: Path,
        total: int,
        concurrency: int,
        progress: Callable[[Progress], object] | None,
    ) -> DownloadResult:
        written = 0
        segments = 0

        async def attempt(part: Part) -> tuple[int, bytearray] | Exception:
            # A part's failure is handed over, not raised inside the pool: raised there,
            # the sync pool waited for the parts in flight (each up to its read timeout)
            # before reporting it. Raised by the loop below, it stops the download at once.
            try:
                return await job.part(part)
            except Exception as exc:
                return exc

        # atomic_file removes the temporary file on any failure, cancellation included.
        # A failing part, write or progress callback, or Ctrl-C, stops at once: the pool
        # does not wait for the parts in flight (the sync one abandons them, the async
        # one cancels them). On any failure the job's stop flag keeps the parts still
        # running from reading on or sending another request (a retry, a redirect hop,
        # the segment after its key).
        with atomic_file(dest) as output:
            pool = AsyncOrderedPool(concurrency)
            async with pool.results(attempt, parts) as results:
                failure: Exception | None = None
                try:
                    async for outcome in results:
                        if isinstance(outcome, Exception):
                            raise outcome
                        index, data = outcome
                        output.write(data)
                        written += len(data)
                        if index >= 0:
                            segments += 1
                        if progress is not None:
                            check_callback_result(
                                "progress", progress(Progress(segments, total, written))
                            )
                except _Stopped:
                    # An earlier part, stopped by a later one's failure: report that.
                    if job.failure is None:  # pragma: no cover - only a failure stops parts
                        raise
                    failure = job.failure
                except BaseException:
                    job.stopped = True
                    raise
                if failure is not None:
                    raise failure
        return DownloadResult(dest, segments, written)
