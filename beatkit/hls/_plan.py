"""The pure side of downloading: variant choice, the work list, URL policy and result types."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import httpx
from attrs import frozen

from beatkit._core.http import is_loopback
from beatkit._core.validate import header_name_problem, is_header_value
from beatkit.hls.errors import (
    InsecureURLError,
    PlaylistError,
    VariantNotFoundError,
    _looks_like_url,
    _redacted_url,
)
from beatkit.hls.playlist import ByteRange, InitSection, Key, MasterPlaylist, Segment, Variant

__all__ = [
    "DownloadResult",
    "Part",
    "Progress",
    "VariantChoice",
    "check_audio",
    "check_fetch_url",
    "check_headers",
    "check_http_client",
    "check_variant",
    "choose_variant",
    "plan_parts",
    "too_many_entries",
    "url_origin",
]

VariantChoice = Literal["best", "worst"] | int
"""Which variant of a master playlist to download; ``"best"``, ``"worst"`` or a BANDWIDTH."""


@frozen
class Progress:
    """A progress report, passed to the ``progress`` callback after each written part."""

    segments_done: int
    """Segments written so far."""
    segments_total: int
    """Segments in the playlist."""
    bytes_written: int
    """Clear bytes written so far (initialization sections included)."""


@frozen
class DownloadResult:
    """What a download wrote."""

    path: Path
    """The destination file."""
    segments: int
    """Number of media segments written."""
    bytes_written: int
    """Size of the file in bytes."""


@frozen
class Part:
    """One unit of work: a segment, or an initialization section written before a segment."""

    index: int  # -1 for an initialization section
    uri: str
    byterange: ByteRange | None
    key: Key | None
    iv: bytes | None


def plan_parts(segments: Iterable[Segment]) -> list[Part]:
    """Segments in order, each initialization section inserted where it first applies."""
    parts: list[Part] = []
    current: InitSection | None = None
    for segment in segments:
        init = segment.init_section
        if init is not None and init != current:
            parts.append(Part(-1, init.uri, init.byterange, init.key, init.iv))
        current = init
        parts.append(Part(segment.index, segment.uri, segment.byterange, segment.key, segment.iv))
    return parts


def too_many_entries(body: bytes | bytearray, limit: int) -> str | None:
    """What a playlist lists more of than a download parses, or ``None``.

    Counted on the bytes, before parsing: each segment, ``EXT-X-KEY`` tag, variant and
    rendition the parser keeps costs memory, its URI resolved against the playlist's URL
    (64 MiB of ``#EXT-X-KEY:METHOD=AES-128,URI="k"`` lines under a 2 KB signed URL would
    be two million keys of 2 KB each). Key tags may be twice ``limit``: a key per segment,
    and another key format's beside it (RFC 8216 4.3.2.4).

    Args:
        body: The playlist as fetched or read.
        limit: The most segments, and variants and renditions, a playlist may list.

    Returns:
        ``"more than N segments"`` (or ``EXT-X-KEY tags``, or ``variants and renditions``),
        or ``None`` when the playlist is within the limits.
    """
    if body.count(b"#EXTINF") > limit:
        return f"more than {limit} segments"
    if body.count(b"#EXT-X-KEY") > 2 * limit:
        return f"more than {2 * limit} EXT-X-KEY tags"
    # "#EXT-X-MEDIA:", not "#EXT-X-MEDIA-SEQUENCE"; "#EXT-X-I-FRAME-STREAM-INF" is not read.
    if body.count(b"#EXT-X-STREAM-INF") + body.count(b"#EXT-X-MEDIA:") > limit:
        return f"more than {limit} variants and renditions"
    return None


def choose_variant(playlist: MasterPlaylist, variant: VariantChoice) -> Variant:
    """Pick a variant of a master playlist.

    Args:
        playlist: The master playlist.
        variant: ``"best"`` (highest BANDWIDTH), ``"worst"`` (lowest) or an exact BANDWIDTH.

    Returns:
        The chosen variant.

    Raises:
        VariantNotFoundError: The playlist has no variants, or none has that BANDWIDTH.
        TypeError: ``playlist`` is not a :class:`MasterPlaylist` (a media playlist
            has no variants to choose from).
    """
    if not isinstance(playlist, MasterPlaylist):
        raise TypeError(
            f"playlist must be a MasterPlaylist, got {type(playlist).__name__}: only a "
            "master playlist has variants"
        )
    if not playlist.variants:
        raise VariantNotFoundError("the master playlist has no variants")
    if variant == "best":
        return max(playlist.variants, key=lambda v: v.bandwidth)
    if variant == "worst":
        return min(playlist.variants, key=lambda v: v.bandwidth)
    if isinstance(variant, int) and not isinstance(variant, bool):
        for candidate in playlist.variants:
            if candidate.bandwidth == variant:
                return candidate
    available = ", ".join(str(v.bandwidth) for v in playlist.variants)
    raise VariantNotFoundError(
        f"no variant matches {variant!r}; available BANDWIDTH values: {available}"
    )


def check_variant(variant: object) -> None:
    """Refuse a ``variant`` no playlist can match, before any request.

    Args:
        variant: The caller's choice.

    Raises:
        TypeError: It is neither a string nor an integer (a bool, a float, ``None``).
        ValueError: It is a string other than ``"best"`` and ``"worst"``, or a
            negative integer (BANDWIDTH is a decimal-integer).
    """
    wanted = "variant must be 'best', 'worst' or a BANDWIDTH (an int >= 0)"
    if isinstance(variant, bool) or not isinstance(variant, (str, int)):
        raise TypeError(f"{wanted}, got {type(variant).__name__}")
    if isinstance(variant, str) and variant not in ("best", "worst"):
        raise ValueError(f"{wanted}, got {variant[:40]!r}")
    if isinstance(variant, int) and variant < 0:
        raise ValueError(f"{wanted}, got {variant}")


def check_audio(playlist: MasterPlaylist, variant: Variant) -> None:
    """Refuse a variant whose audio is only in separate renditions.

    A variant's ``AUDIO`` group names ``EXT-X-MEDIA`` renditions; one without a URI
    says the audio is in the variant's own stream (RFC 8216 4.3.4.1). When every
    rendition of the group has a URI of its own, the variant's playlist usually
    carries video only, and downloading it alone would give a file without sound.

    Args:
        playlist: The master playlist.
        variant: The chosen variant.

    Raises:
        PlaylistError: Every audio rendition of the variant's group is a separate playlist.
    """
    if variant.audio is None:
        return
    group = [
        rendition
        for rendition in playlist.renditions
        if rendition.type == "AUDIO" and rendition.group_id == variant.audio
    ]
    if not group or any(r.uri is None or r.uri == variant.uri for r in group):
        return
    raise PlaylistError(
        f"the variant's audio (group {variant.audio!r}) is only in separate EXT-X-MEDIA "
        "rendition playlists: downloading the variant alone would drop it, and muxing "
        "renditions is not supported",
        variant.line,
    )


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError as exc:
        # urllib's words for a port quote it ("could not be cast to integer value as
        # 'hunter2'"): a password typed where the port goes ("user:password" without
        # its "@host"). The URL itself is quoted redacted (the port masked).
        reason = (
            "its port is not a number from 0 to 65535"
            if str(exc).startswith("Port could not")
            else str(exc)
        )
        raise InsecureURLError(f"malformed URL {_redacted_url(url)!r}: {reason}") from None
    return scheme, host, port if port is not None else _DEFAULT_PORTS.get(scheme, 0)


def url_origin(url: str) -> tuple[str, str, int]:
    """The origin of a URL: (scheme, host, port), the port made explicit.

    Args:
        url: An absolute URL.

    Returns:
        The lower-cased scheme and host and the port (80/443 when implicit).

    Raises:
        InsecureURLError: The URL cannot be parsed.
    """
    return _split(url)


# A label of a host name as it is sent (IDNA applied): letters, digits, "-" and the "_"
# some hosts have; DNS allows at most 63 characters in a label and 253 in a name.
_LABEL = re.compile(r"[a-z0-9_-]+")
_MAX_LABEL = 63
_MAX_HOST = 253


@functools.lru_cache(maxsize=64)  # checked for every segment: a stream has few hosts
def _host_problem(host: str) -> str | None:
    """Why no connection can be made to ``host`` (from ``urlsplit``), or ``None``.

    Checked here, before any request: httpx lets such hosts through and the socket
    layer (or httpx itself, when the request is prepared) fails with an idna error
    that names no URL (``label empty or too long``, ``Malformed A-label``).
    """
    if ":" in host:  # an IPv6 literal, which urlsplit has checked
        return None
    if len(host) > 4 * _MAX_HOST:  # too long however IDNA would encode it
        return f"its host name is longer than {_MAX_HOST} characters"
    try:
        parsed = httpx.URL(f"https://{host}/")
        parsed.host  # noqa: B018 - decoding an xn-- label is what checks it
        name = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, ValueError):  # idna's errors are ValueErrors (UnicodeError)
        return "its host is not a valid (internationalized) domain name"
    name = name[:-1] if name.endswith(".") else name  # the root's dot, "example.com."
    if len(name) > _MAX_HOST:
        return f"its host name is longer than {_MAX_HOST} characters"
    for label in name.split("."):
        if not label:
            return "its host name has an empty label (two dots in a row, or a leading dot)"
        if len(label) > _MAX_LABEL:
            return f"its host name has a label longer than {_MAX_LABEL} characters"
        if not _LABEL.fullmatch(label):
            return "its host name has a character no host name has"
    return None


def check_fetch_url(url: str, *, secure_context: bool) -> None:
    """Refuse a URL the downloader must not fetch.

    Only ``https`` is allowed, plus ``http`` to a loopback host (127.0.0.0/8,
    ``::1``, ``localhost``) for tests. Inside an https playlist, ``http`` is
    refused even on loopback: that would be a downgrade. A URL without a host, or
    whose host no connection can be made to (an empty label as in ``a..b``, a label
    longer than 63 characters, a malformed ``xn--`` label, a space), or with blanks
    (spaces, tabs, line ends) before or after it, is refused as malformed, naming the URL.
    A value that does not start with ``scheme://`` is refused as not a URL without
    being shown: it may be a key, a token or a password pasted in the wrong place.

    Args:
        url: The absolute URL about to be fetched.
        secure_context: Whether the playlist that led here was fetched over https.

    Raises:
        InsecureURLError: The URL is refused.
    """
    if not url.strip():
        raise InsecureURLError("refusing an empty URL: only https (or loopback http) is fetched")
    if not _looks_like_url(url):
        raise InsecureURLError(
            "refusing a value that is not a URL (it does not start with https://; "
            "not shown: it may be a secret): only https (or loopback http) is fetched"
        )
    if url and (url[0].isspace() or url[-1].isspace()):
        # urlsplit strips them and sees the URL within; httpx does not (" https://..." is
        # a relative URL to it, and its refusal was retried as a transport error).
        raise InsecureURLError(
            f"malformed URL {_redacted_url(url)!r}: it has blanks around it "
            "(a URL pasted or read with its line end?)"
        )
    scheme, host, _ = _split(url)
    if scheme in ("http", "https"):
        problem = _host_problem(host) if host else "it has no host"
        if problem is not None:
            raise InsecureURLError(f"malformed URL {_redacted_url(url)!r}: {problem}")
    if scheme == "https":
        return
    shown = _redacted_url(url)  # cut to its start when no request could carry it
    if scheme == "http":
        if secure_context:
            raise InsecureURLError(f"refusing http URL {shown} from an https playlist (downgrade)")
        if is_loopback(host):
            return
        raise InsecureURLError(f"refusing plain http URL {shown}: only https (or loopback http)")
    raise InsecureURLError(f"refusing URL {shown!r}: only https (or loopback http) is fetched")


# Headers that frame a request's body (RFC 9112 6): httpx sets them from the body it sends.
_BODY_FRAMING = frozenset({"content-length", "transfer-encoding"})


_DOWNLOADER_OF = {httpx.AsyncClient: "AsyncHLSDownloader", httpx.Client: "HLSDownloader"}


def check_http_client(client: object, kind: type[httpx.Client] | type[httpx.AsyncClient]) -> None:
    """Refuse an ``http_client`` a downloader taking ``kind`` could not send with.

    Checked at construction: an ``httpx.Client`` given to the async downloader sent the
    playlist request (blocking the event loop) before failing on its answer, and an
    ``httpx.AsyncClient`` given to the sync one failed with an ``AttributeError`` on a
    coroutine never awaited.

    Raises:
        TypeError: ``client`` is neither ``None`` nor of ``kind``; for the other kind
            of httpx client the message names the downloader that takes it.
    """
    if client is None or isinstance(client, kind):
        return
    expected = f"http_client must be an httpx.{kind.__name__} or None"
    for other, downloader in _DOWNLOADER_OF.items():
        if other is not kind and isinstance(client, other):
            raise TypeError(
                f"{expected}, got httpx.{other.__name__}: use {downloader} for an "
                f"httpx.{other.__name__}"
            )
    got = type(client)
    raise TypeError(f"{expected}, got {got.__module__}.{got.__qualname__}")


def check_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Refuse request headers HTTP cannot carry, before any request is sent.

    httpx would only refuse them while sending, quoting the value (often a token)
    in its error message, and the downloader would retry that error.

    Args:
        headers: The caller's extra request headers.

    Returns:
        A copy of ``headers``.

    Raises:
        TypeError: ``headers`` is not a mapping, or a name or value is not a string
            (the message gives the value's type only).
        ValueError: A name is not an HTTP token, or a value is not ASCII or holds a
            line break, a control character or leading or trailing whitespace; or the
            header is ``Content-Length`` or ``Transfer-Encoding``, which frame a request
            body (the downloader's GET requests have none; httpx sets them). The message
            names the header, never its value; a name that is not a token is described
            (what is wrong, at which position) and shown only when it looks like a
            mistyped name (``'X-Key:'``), never when it may hold a token.
    """
    if not isinstance(headers, Mapping):
        raise TypeError(
            f"headers must be a mapping of names to values, got {type(headers).__name__}"
        )
    for name, value in headers.items():
        if not isinstance(name, str):
            raise TypeError(f"header names must be strings, got {type(name).__name__}")
        if (problem := header_name_problem(name)) is not None:
            # Described, not echoed (as the CLI and RequestOptions do): a name with a
            # space or a colon inside may be a whole "Authorization: Bearer ..." line.
            raise ValueError(problem)
        if not isinstance(value, str):
            # Its type only: a value is often a credential.
            raise TypeError(
                f"the value of header {name!r} must be a string, got {type(value).__name__}"
            )
        if name.lower() in _BODY_FRAMING:
            # h11 waited for the body a Content-Length announced, and failed with its
            # own LocalProtocolError, raw; a Transfer-Encoding other than chunked too.
            raise ValueError(
                f"header {name!r} is not a header you can set: it frames a request body, "
                "and the downloader's GET requests have none (httpx sets it)"
            )
        if not is_header_value(value):
            raise ValueError(
                f"the value of header {name!r} is not ASCII or has a line break, a control "
                "character or leading or trailing whitespace (a token read with its newline?); "
                "the value is not shown"
            )
    return dict(headers)
