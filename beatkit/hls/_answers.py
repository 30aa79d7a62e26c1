"""What the HLS downloader checks, outside any I/O: its timeout setting, the URLs it is
to fetch, and the answers it gets (a partial answer to a whole request, a body in an
encoding nothing here decodes, one over the size limit), with the errors it raises."""

from __future__ import annotations

import httpx

from beatkit._core.encoding import decodable
from beatkit._core.pagination import PagingError, parse_content_range
from beatkit._core.validate import check_seconds
from beatkit.hls._plan import check_fetch_url
from beatkit.hls.errors import FetchError, InsecureURLError, _naming, _redacted_url

__all__ = [
    "RAISE_THE_LIMIT",
    "Retryable",
    "check_decodable",
    "check_request_timeout",
    "check_url",
    "check_whole",
    "redirect_target",
    "too_large",
]

# How much of a Content-Encoding header a message quotes: it is the server's text.
_MAX_LABEL = 60


def check_request_timeout(value: float | httpx.Timeout | None) -> httpx.Timeout | None:
    """``request_timeout`` as an ``httpx.Timeout`` (``None`` stays ``None``): seconds
    for every phase, or an ``httpx.Timeout`` whose parts are seconds or ``None``.

    Raises:
        TypeError: Neither a number nor an ``httpx.Timeout`` (a ``(connect, read)``
            pair included), or a part that is no number.
        ValueError: Seconds (or a part) not positive, not finite, or past a year.
    """
    if value is None:
        return None
    if isinstance(value, httpx.Timeout):
        for phase, seconds in value.as_dict().items():
            if seconds is not None:
                check_seconds(f"request_timeout ({phase})", seconds)
        return value
    if isinstance(value, tuple):
        raise TypeError(
            "request_timeout must be seconds or an httpx.Timeout (such as "
            "httpx.Timeout(30, connect=10)), not a tuple"
        )
    return httpx.Timeout(check_seconds("request_timeout", value))


def check_url(what: str, url: str, *, secure_context: bool) -> None:
    """:func:`check_fetch_url`, its refusal naming what the URL is for (``segment 3``, ``key``)."""
    try:
        check_fetch_url(url, secure_context=secure_context)
    except InsecureURLError as exc:
        _naming(exc, what, url)
        raise


def redirect_target(current: str, location: str) -> str:
    """The URL a redirect from ``current`` leads to.

    httpx has parsed the Location already when it prepared the next request, but not
    when a response hook of the caller's client refused the answer first.

    Raises:
        InsecureURLError: The Location is no URL httpx can request (not quoted: it is
            the server's, and may hold anything).
    """
    try:
        return str(httpx.URL(current).join(location))
    except httpx.InvalidURL:
        raise InsecureURLError(
            f"malformed URL in the Location of a redirect from {_redacted_url(current)} "
            "(not a URL that can be requested)"
        ) from None


class Retryable(Exception):
    """A failure worth another attempt (transport error, 5xx, truncated body)."""

    def __init__(
        self, message: str, status_code: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.retry_after = retry_after


# The end of the message of a segment over the limit: `beatkit hls download` names its
# --max-segment-mb option in place of the parameter.
RAISE_THE_LIMIT = "raise max_segment_bytes if it is meant to be"


def too_large(response: httpx.Response, max_bytes: int, what: str) -> FetchError:
    # Not retried: the same resource comes back just as large.
    return FetchError(
        f"segment is larger than the {max_bytes}-byte limit ({what}); {RAISE_THE_LIMIT}",
        url=str(response.url),
        status_code=response.status_code,
    )


def check_whole(response: httpx.Response) -> int:
    """Refuse a 206 answer to a request without ``Range`` unless it carries the whole resource.

    Returns:
        The length of the resource by its ``Content-Range``, which the body must hold.
    """
    content_range = response.headers.get("Content-Range", "").strip()
    try:
        span = parse_content_range(content_range)
    except PagingError:
        span = None
    if (
        span is not None
        and (span.unit, span.first) == ("bytes", 0)
        and span.last is not None
        and span.last + 1 == span.length
    ):
        return span.length
    what = f"Content-Range {content_range!r}" if content_range else "no Content-Range"
    # Not retried: written out, part of a clear segment would pass for all of it.
    raise FetchError(
        f"server sent 206 Partial Content ({what}) to a request for the whole resource",
        url=str(response.url),
        status_code=206,
    )


def check_decodable(response: httpx.Response, url: str) -> None:
    """Refuse a body in a registered ``Content-Encoding`` httpx has no decoder for.

    httpx passes such a coding through as it is (``compress``, ``x-gzip``, or ``br``
    without brotli installed): a clear segment would be written still encoded, as if it
    were media. Not retried: the same answer comes again.
    """
    if decodable(response.headers):
        return
    label = response.headers.get("Content-Encoding", "")
    shown = label if len(label) <= _MAX_LABEL else f"{label[:_MAX_LABEL]}..."
    raise FetchError(
        f"{url}: the body is in a Content-Encoding ({shown}) that cannot be decoded here: "
        "refused, not written encoded",
        url=url,
        status_code=response.status_code,
    )
