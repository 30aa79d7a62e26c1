"""Parse HLS playlists (RFC 8216) into typed, immutable models, without doing any I/O."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from beatkit._core.json_values import parse_datetime_text
from beatkit._core.redact import redact_text, redact_url
from beatkit.hls.errors import PlaylistError, UnsupportedEncryptionError
from beatkit.hls.models import (
    ByteRange,
    InitSection,
    Key,
    MasterPlaylist,
    MediaPlaylist,
    Rendition,
    Segment,
    Variant,
)

__all__ = [
    "ByteRange",
    "InitSection",
    "Key",
    "MasterPlaylist",
    "MediaPlaylist",
    "Rendition",
    "Segment",
    "Variant",
    "parse_playlist",
    "resolve_uri",
]

_MAX_SEQUENCE = 2**64 - 1  # RFC 8216 decimal-integer range
_DECIMAL_INT = re.compile(r"[0-9]{1,20}")
_DECIMAL_FLOAT = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_HEX_IV = re.compile(r"0[xX][0-9A-Fa-f]{32}")
_RESOLUTION = re.compile(r"([0-9]{1,9})[xX]([0-9]{1,9})")
_BYTERANGE = re.compile(r"([0-9]{1,20})(?:@([0-9]{1,20}))?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ATTR_NAME = re.compile(r"[ \t]*([A-Za-z0-9-]+)[ \t]*=[ \t]*")
_ALLOWED_SCHEMES = frozenset({"http", "https"})
_LINE_BLOCK = 64 * 1024  # characters of a playlist split into lines at a time
_EXCERPT = 60  # characters of a value an error message quotes
# Characters of a long value redacted before its excerpt is taken: far more than the
# excerpt, so a secret starting in it is still recognised whole.
_REDACT_SPAN = 2048
# Tags whose loss would change what is fetched or how it is decrypted: a line that is
# one of them but for case or a space before the colon is refused, not ignored as unknown.
_GUARDED_TAGS = frozenset(
    {
        "#EXTINF",
        "#EXT-X-KEY",
        "#EXT-X-MAP",
        "#EXT-X-BYTERANGE",
        "#EXT-X-MEDIA-SEQUENCE",
        "#EXT-X-DISCONTINUITY-SEQUENCE",
        "#EXT-X-DISCONTINUITY",
        "#EXT-X-ENDLIST",
        "#EXT-X-STREAM-INF",
        "#EXT-X-MEDIA",
        "#EXT-X-I-FRAMES-ONLY",
    }
)
# Tags a playlist may hold at most once (RFC 8216 4.3.3): a second one is ambiguous.
_ONCE_TAGS = frozenset(
    {
        "#EXT-X-VERSION",
        "#EXT-X-TARGETDURATION",
        "#EXT-X-MEDIA-SEQUENCE",
        "#EXT-X-DISCONTINUITY-SEQUENCE",
        "#EXT-X-PLAYLIST-TYPE",
    }
)


def _excerpt(redacted: str, size: int) -> str:
    if len(redacted) <= _EXCERPT and size <= _EXCERPT:
        return repr(redacted)
    return f"{redacted[:_EXCERPT]!r}... ({size} characters)"


_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
# The seconds' fraction past its sixth digit: finer than a datetime holds.
_NANO_FRACTION = re.compile(r"(\d{2}:\d{2}:\d{2}\.\d{6})\d+")


def _program_date_time(value: str) -> datetime:
    """An ``EXT-X-PROGRAM-DATE-TIME`` value as an aware ``datetime``.

    RFC 3339 date-time as the APIs' is read (:func:`parse_datetime_text`), with a
    ``±hhmm`` offset too (origins write it so); no offset is UTC (RFC 8216 only says a
    time zone SHOULD be given), so every segment's time compares with every other's.
    A bare or week date is refused, not read as midnight. A fraction of more than six
    digits (RFC 3339 allows any number; Go's ``RFC3339Nano`` writes nine) is cut to the
    microsecond, the finest a ``datetime`` holds, as ``datetime.fromisoformat`` cuts it.

    Raises:
        ValueError: Not such a date-time.
    """
    value = _NANO_FRACTION.sub(r"\1", value, count=1)
    parsed = parse_datetime_text(_COMPACT_OFFSET.sub(r"\1:\2", value))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _quoted(value: str) -> str:
    """A value as an error message quotes it: secrets redacted, then cut if it is long.

    A playlist line can be megabytes long; the message quotes its start and its size.
    Only its first ``_REDACT_SPAN`` characters are redacted (redaction costs about a
    second per megabyte): the excerpt is taken from them.
    """
    if len(value) <= _REDACT_SPAN:
        redacted = redact_text(value)
        return _excerpt(redacted, len(redacted))
    return _excerpt(redact_text(value[:_REDACT_SPAN]), len(value))


def _shown(uri: str) -> str:
    """A URI as an error message may quote it: signatures and key names redacted, cut if long."""
    if len(uri) <= _REDACT_SPAN:
        return _quoted(redact_url(uri))
    return _excerpt(redact_text(redact_url(uri[:_REDACT_SPAN])), len(uri))


def _refused_scheme(scheme: str, uri: str) -> PlaylistError:
    """The refusal of ``uri``, whose ``scheme`` is not http(s).

    A URI without ``//`` after its scheme (``data:``, ``urn:``) is not quoted: no host
    to name, and a ``data:`` URI in a key tag is the key itself, written in the playlist.
    """
    if not scheme or uri[len(scheme) + 1 :].startswith("//"):
        return PlaylistError(f"unsupported URI scheme {_quoted(scheme)} in {_shown(uri)}")
    return PlaylistError(
        f"unsupported URI scheme {_quoted(scheme)} (a {scheme}: URI, not shown: it may hold a key)"
    )


def _check_host(uri: str) -> None:
    """Refuse an absolute http(s) URI without a host (``https:``, ``https:///x``)."""
    try:
        host = urlsplit(uri).hostname
    except ValueError as exc:
        raise PlaylistError(f"malformed URI {_shown(uri)}: {exc}") from None
    if not host:
        raise PlaylistError(f"URI {_shown(uri)} has no host")


def resolve_uri(reference: str, base_url: str | None) -> str:
    """Resolve a playlist URI reference against the playlist URL.

    The reference's own query string (and fragment) is appended verbatim, never
    re-encoded: signed CDN URLs break when their query is normalised.

    Args:
        reference: The URI as written in the playlist.
        base_url: The playlist's URL, or ``None`` to leave relative references as they are.

    Returns:
        The absolute URI (or the reference itself when it is absolute or there is no base).

    Raises:
        PlaylistError: The URI (or the base) uses a scheme other than http or https,
            or cannot be parsed.
        TypeError: ``reference`` is not a ``str``, or ``base_url`` is neither a
            ``str`` nor ``None``.
    """
    if not isinstance(reference, str):
        raise TypeError(f"reference must be a str, got {type(reference).__name__}")
    if base_url is not None and not isinstance(base_url, str):
        raise TypeError(f"base_url must be a str or None, got {type(base_url).__name__}")
    return _Resolver(base_url).resolve(reference)


class _Resolver:
    """Resolves references against one base URL, with a fast path for plain file names."""

    __slots__ = ("base", "directory", "full")

    def __init__(self, base_url: str | None) -> None:
        self.base: str | None = None
        self.full: str = ""
        self.directory: str | None = None
        if base_url is not None:
            self.full = base_url.split("#", 1)[0]
            self.base = self.full.split("?", 1)[0]
            # Resolving a dummy name gives the base's directory, whatever its shape.
            self.directory = self._join("x")[:-1]

    def _join(self, path: str) -> str:
        assert self.base is not None
        try:
            resolved = urljoin(self.base, path)
            scheme = urlsplit(resolved).scheme.lower()
        except ValueError as exc:  # urlsplit on a malformed authority such as "http://[x"
            raise PlaylistError(f"malformed URI {_shown(path)}: {exc}") from None
        if scheme not in _ALLOWED_SCHEMES:
            raise _refused_scheme(scheme, resolved)
        _check_host(resolved)
        return resolved

    def resolve(self, reference: str) -> str:
        if _SCHEME.match(reference):
            scheme = reference.split(":", 1)[0].lower()
            if scheme not in _ALLOWED_SCHEMES:
                raise _refused_scheme(scheme, reference)
            _check_host(reference)
            return reference
        if self.base is None or self.directory is None:
            return reference
        cut = len(reference)
        for char in "?#":
            position = reference.find(char)
            if position != -1:
                cut = min(cut, position)
        path, rest = reference[:cut], reference[cut:]
        if not path:
            # RFC 3986 5.2.2: an empty path keeps the base path, and its query unless replaced.
            return (self.base if rest[:1] == "?" else self.full) + rest
        if "/" not in path and path not in (".", ".."):
            # The common case (a bare file name): urljoin would give the same, 20x slower.
            return self.directory + path + rest
        return self._join(path) + rest


# The attribute names beatkit reads (of EXT-X-KEY, EXT-X-MAP, EXT-X-STREAM-INF and
# EXT-X-MEDIA): one written in another case is refused, not taken (see _attributes).
_READ_ATTRIBUTES = frozenset(
    {
        "AUDIO",
        "AUTOSELECT",
        "AVERAGE-BANDWIDTH",
        "BANDWIDTH",
        "BYTERANGE",
        "CODECS",
        "DEFAULT",
        "GROUP-ID",
        "IV",
        "KEYFORMAT",
        "KEYFORMATVERSIONS",
        "LANGUAGE",
        "METHOD",
        "NAME",
        "RESOLUTION",
        "TYPE",
        "URI",
        "VIDEO",
    }
)

# A data: URI, up to its closing quote: the key itself when a key tag carries one.
_DATA_URI = re.compile(r"\bdata:[^\"]*", re.IGNORECASE)


def _attributes(text: str, line: int) -> dict[str, str]:
    """Parse an attribute list (``NAME=VALUE,NAME="quoted"``) in one left-to-right pass.

    ``URI`` must be a quoted string (RFC 8216 4.2): unquoted, a comma in its query
    would silently cut it into a wrong URI and a stray attribute. Attribute names are
    upper case (RFC 8216 4.2): a name beatkit reads written in another case (``iv=``) is
    refused, not taken (other players ignore it as unknown, RFC 8216 6.3.1: ``iv`` taken
    as the IV, or ignored, decrypt differently, and which one was meant is unknown).
    """
    result: dict[str, str] = {}
    position = 0
    size = len(text)
    while position < size:
        match = _ATTR_NAME.match(text, position)
        if match is None:
            # A data: URI in it is not quoted: in a key tag, it is the key itself.
            shown = _DATA_URI.sub("data:REDACTED", text)
            raise PlaylistError(f"malformed attribute list {_quoted(shown)}", line)
        written = match.group(1)
        name = written.upper()
        if name != written and name in _READ_ATTRIBUTES:
            raise PlaylistError(
                f"attribute {written!r} must be written exactly {name} (attribute names "
                "are upper case): refused rather than guessed",
                line,
            )
        position = match.end()
        if position < size and text[position] == '"':
            close = text.find('"', position + 1)
            if close == -1:
                raise PlaylistError(f"unterminated quoted string in attribute {name}", line)
            value = text[position + 1 : close]
            position = close + 1
            while position < size and text[position] in " \t":
                position += 1
            if position < size and text[position] != ",":
                raise PlaylistError(f"unexpected text after quoted attribute {name}", line)
        else:
            comma = text.find(",", position)
            end = size if comma == -1 else comma
            value = text[position:end].strip()
            if '"' in value:
                raise PlaylistError(f"stray quote in attribute {name}", line)
            if name == "URI":
                raise PlaylistError(
                    f'URI must be a quoted string (URI="..."), got {_shown(value)}', line
                )
            position = end
        if name in result:
            raise PlaylistError(f"duplicate attribute {name}", line)
        result[name] = value
        if position < size:  # at a comma
            position += 1
            if position == size:
                raise PlaylistError("trailing comma in attribute list", line)
    return result


def _integer(value: str, what: str, line: int) -> int:
    if not _DECIMAL_INT.fullmatch(value):
        raise PlaylistError(f"{what} must be a decimal integer, got {_quoted(value)}", line)
    number = int(value)
    if number > _MAX_SEQUENCE:
        raise PlaylistError(f"{what} is larger than 2**64 - 1", line)
    return number


def _target_duration(value: str, line: int) -> int:
    """``EXT-X-TARGETDURATION``: a decimal-integer, or a decimal number read rounded up.

    RFC 8216 wants an integer, but real origins write ``4.0`` or ``6.006``, which players
    read (hls.js takes the integer part). The downloader does not use the value: a whole
    VOD stream is not refused over it. The integer ``target_duration`` stays an upper
    bound of the segments' durations, as the RFC means it.
    """
    if _DECIMAL_INT.fullmatch(value) or not _DECIMAL_FLOAT.fullmatch(value):
        return _integer(value, "EXT-X-TARGETDURATION", line)
    seconds = float(value)
    if not math.isfinite(seconds) or seconds > _MAX_SEQUENCE:
        raise PlaylistError("EXT-X-TARGETDURATION is larger than 2**64 - 1", line)
    return math.ceil(seconds)


def _byterange(value: str, line: int) -> tuple[int, int | None]:
    match = _BYTERANGE.fullmatch(value.strip())
    if match is None:
        raise PlaylistError(f"byte range must be <length>[@<offset>], got {_quoted(value)}", line)
    offset = match.group(2)
    length = int(match.group(1))
    if length == 0:
        # "bytes=o-(o-1)" is no HTTP range: refused here, not sent.
        raise PlaylistError("byte range length must be at least 1, got 0", line)
    start = int(offset) if offset is not None else 0
    _check_range_end(start + length, line)
    return length, int(offset) if offset is not None else None


def _check_range_end(end: int, line: int) -> None:
    """Refuse a byte range ending past RFC 8216's decimal-integer range (2**64 - 1)."""
    if end > _MAX_SEQUENCE:
        raise PlaylistError("byte range ends past 2**64 - 1", line)


def _drm_refusal(keyformat: str, line: int) -> UnsupportedEncryptionError:
    return UnsupportedEncryptionError(
        f"KEYFORMAT={_quoted(keyformat)} is a DRM key system: not supported (only identity)",
        line,
    )


def _parse_key(value: str, line: int, resolver: _Resolver) -> Key | str:
    """An ``EXT-X-KEY`` tag as a :class:`Key`, or the KEYFORMAT of an AES-128 tag of
    another key format (a DRM system's way to a key), whose URI is not read: the
    caller decides whether an identity key applies beside it."""
    attrs = _attributes(value, line)
    method = attrs.get("METHOD")
    if method is None:
        raise PlaylistError("EXT-X-KEY without METHOD", line)
    keyformat = attrs.get("KEYFORMAT", "identity")
    if method in ("SAMPLE-AES", "SAMPLE-AES-CTR"):
        raise UnsupportedEncryptionError(
            f"METHOD={method} is DRM-protected (sample-level encryption): not supported, "
            "only METHOD=AES-128 with identity keys can be decrypted",
            line,
        )
    if method not in ("NONE", "AES-128"):
        raise UnsupportedEncryptionError(
            f"unsupported encryption METHOD={_quoted(method)} (only NONE and AES-128)", line
        )
    if keyformat != "identity":
        if method == "NONE":
            raise _drm_refusal(keyformat, line)
        return keyformat
    versions = attrs.get("KEYFORMATVERSIONS")
    if method == "NONE":
        if "URI" in attrs or "IV" in attrs:
            raise PlaylistError("METHOD=NONE must not have a URI or an IV", line)
        return Key("NONE", None, None, keyformat, versions, line)
    uri = attrs.get("URI")
    if not uri:
        raise PlaylistError("METHOD=AES-128 requires a URI", line)
    iv: bytes | None = None
    if "IV" in attrs:
        text = attrs["IV"]
        if not _HEX_IV.fullmatch(text):
            raise PlaylistError("IV must be 0x followed by 32 hexadecimal digits", line)
        iv = bytes.fromhex(text[2:])
    try:
        absolute = resolver.resolve(uri)
    except PlaylistError as exc:
        raise PlaylistError(exc.reason, line) from None
    return Key("AES-128", absolute, iv, keyformat, versions, line)


class _MediaState:
    """Mutable state of one pass over a media playlist; every step is O(1)."""

    __slots__ = (
        "byterange",
        "date",
        "disc_seq",
        "discontinuity",
        "extinf",
        "foreign",
        "init",
        "iv",
        "key",
        "keys",
        "previous",
        "segments",
    )

    def check_foreign(self) -> None:
        """Refuse what only a DRM key (a KEYFORMAT other than identity) applies to.

        Beside an identity key such a tag is another way to the same key, and is skipped.
        """
        if self.key is None and self.foreign:
            keyformat, line = next(iter(self.foreign.items()))
            raise _drm_refusal(keyformat, line)

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.keys: list[Key] = []
        self.key: Key | None = None  # the AES-128 key in effect (None when clear)
        # KEYFORMAT -> line of the AES-128 tags of other key formats in effect: each applies
        # until the next tag of its own KEYFORMAT (RFC 8216 4.3.2.4) or a METHOD=NONE.
        self.foreign: dict[str, int] = {}
        self.iv: bytes | None = None
        self.init: InitSection | None = None
        self.extinf: tuple[float, str, int] | None = None
        self.byterange: tuple[int, int | None, int] | None = None
        self.discontinuity = False
        self.disc_seq = 0
        self.date: datetime | None = None
        self.previous: Segment | None = None


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, as ``text.split("\\n")`` gives them, a block at a time.

    Not the whole split at once: a 64 MiB playlist of three-character lines is 22
    million strings, 1.8 GB; split a block of about ``_LINE_BLOCK`` characters at a
    time, each line is gone once it is parsed.
    """
    start = 0
    while (end := text.find("\n", start + _LINE_BLOCK)) != -1:
        yield from text[start:end].split("\n")
        start = end + 1
    yield from text[start:].split("\n")


def parse_playlist(text: str, base_url: str | None = None) -> MediaPlaylist | MasterPlaylist:
    """Parse an HLS playlist.

    Runs in time linear in the number of lines. Unknown tags are ignored, as RFC
    8216 requires; ``\\r\\n`` line ends and a leading byte-order mark are accepted.

    Args:
        text: The playlist text.
        base_url: The URL the playlist was fetched from; relative URIs are resolved
            against it. ``None`` leaves them relative.

    Returns:
        A :class:`MasterPlaylist` if the text has ``EXT-X-STREAM-INF`` or
        ``EXT-X-MEDIA`` tags (``EXT-X-MEDIA`` alone gives one with no variants), else
        a :class:`MediaPlaylist`. ``EXT-X-I-FRAME-STREAM-INF`` is not read: a text with
        only such tags is an empty :class:`MediaPlaylist`.

    Raises:
        PlaylistError: The playlist is malformed (among others, it mixes master tags,
            ``EXT-X-STREAM-INF`` or ``EXT-X-MEDIA``, with media playlist tags:
            ``EXTINF``, ``EXT-X-KEY``, ``EXT-X-TARGETDURATION``); the message names
            the line.
        UnsupportedEncryptionError: SAMPLE-AES, SAMPLE-AES-CTR, an unknown METHOD or
            a KEYFORMAT other than ``identity`` with no ``identity`` key beside it (beside
            one, such a tag is skipped: RFC 8216 4.3.2.4).
        TypeError: ``text`` is not a ``str`` (a body as ``bytes``: decode it first), or
            ``base_url`` is neither a ``str`` nor ``None``.
    """
    if not isinstance(text, str):
        hint = " (decode the body first, as UTF-8)" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"text must be a str, got {type(text).__name__}{hint}")
    if base_url is not None and not isinstance(base_url, str):
        raise TypeError(f"base_url must be a str or None, got {type(base_url).__name__}")
    if base_url is not None:
        try:
            resolve_uri(base_url, None)
        except PlaylistError as exc:
            raise PlaylistError(f"base URL: {exc.reason}") from None
        if not _SCHEME.match(base_url):
            raise PlaylistError(f"base URL must be absolute, got {_shown(base_url)}")
    lines = _lines(text)
    first = next(lines).lstrip("\ufeff").rstrip("\r").strip()
    if first != "#EXTM3U":
        raise PlaylistError("not an HLS playlist: the first line must be #EXTM3U", 1)

    state = _MediaState()
    variants: list[Variant] = []
    renditions: list[Rendition] = []
    pending_variant: tuple[dict[str, str], int] | None = None
    version: int | None = None
    target_duration: int | None = None
    media_sequence = 0
    disc_sequence_start = 0
    playlist_type: str | None = None
    endlist = False
    i_frames_only = False
    media_tag_line: int | None = None
    seen_once: set[str] = set()

    resolver = _Resolver(base_url)

    def resolve(reference: str, line: int) -> str:
        try:
            return resolver.resolve(reference)
        except PlaylistError as exc:
            raise PlaylistError(exc.reason, line) from None

    for number, raw in enumerate(lines, start=2):
        line = raw.rstrip("\r").strip()
        if not line:
            continue
        if line[0] != "#":
            # A URI line: a variant's or a segment's.
            if pending_variant is not None:
                attrs, tag_line = pending_variant
                variants.append(_variant(attrs, resolve(line, number), tag_line))
                pending_variant = None
                continue
            if state.extinf is None:
                raise PlaylistError(f"URI {_shown(line)} without a preceding #EXTINF", number)
            state.check_foreign()
            uri = resolve(line, number)
            duration, title, _ = state.extinf
            byterange: ByteRange | None = None
            if state.byterange is not None:
                length, offset, range_line = state.byterange
                if offset is None:
                    previous = state.previous
                    if previous is None or previous.byterange is None or previous.uri != uri:
                        raise PlaylistError(
                            "EXT-X-BYTERANGE without an offset must follow a byte range "
                            "of the same resource",
                            range_line,
                        )
                    offset = previous.byterange.end
                    _check_range_end(offset + length, range_line)
                byterange = ByteRange(length, offset)
            index = len(state.segments)
            sequence = media_sequence + index
            key = state.key
            iv: bytes | None = None
            if key is not None:
                iv = state.iv if state.iv is not None else sequence.to_bytes(16, "big")
            segment = Segment(
                uri=uri,
                duration=duration,
                title=title,
                index=index,
                sequence=sequence,
                byterange=byterange,
                key=key,
                iv=iv,
                init_section=state.init,
                discontinuity=state.discontinuity,
                discontinuity_sequence=disc_sequence_start + state.disc_seq,
                program_date_time=state.date,
                line=number,
            )
            state.segments.append(segment)
            state.previous = segment
            state.extinf = None
            state.byterange = None
            state.discontinuity = False
            state.date = None
            continue
        if line[:4].upper() != "#EXT":
            continue  # a comment ("#ext-x-key:" is not: it is refused below)
        tag, _, value = line.partition(":")
        if tag in _ONCE_TAGS:
            if tag in seen_once:
                raise PlaylistError(f"more than one {tag} tag (RFC 8216 allows one)", number)
            seen_once.add(tag)
        if tag == "#EXTINF":
            if state.extinf is not None:
                # A segment's URI line lost: its EXTINF would be overwritten, the segment
                # silently dropped and the download one segment short.
                raise PlaylistError(
                    f"#EXTINF not followed by a URI (another #EXTINF on line {number} comes first)",
                    state.extinf[2],
                )
            duration_text = value.partition(",")[0].strip()
            if not _DECIMAL_FLOAT.fullmatch(duration_text):
                raise PlaylistError(
                    f"EXTINF duration must be a number, got {_quoted(duration_text)}", number
                )
            duration = float(duration_text)
            if math.isinf(duration):  # float() reads 400 digits as inf, not as an error
                raise PlaylistError(
                    f"EXTINF duration is too large, got {_quoted(duration_text)}", number
                )
            # The title is everything after the comma, exactly as written (RFC 8216
            # 4.3.2.1), so it is taken from the raw line, before any stripping.
            title = raw.rstrip("\r").partition(",")[2]
            state.extinf = (duration, title, number)
            media_tag_line = media_tag_line or number
        elif tag == "#EXT-X-KEY":
            parsed = _parse_key(value, number, resolver)
            if isinstance(parsed, str):  # another KEYFORMAT's tag: see check_foreign
                state.foreign[parsed] = number
            elif parsed.method == "NONE":
                state.keys.append(parsed)
                state.key, state.iv = None, None
                state.foreign.clear()
            else:
                state.keys.append(parsed)
                state.key, state.iv = parsed, parsed.iv
            media_tag_line = media_tag_line or number
        elif tag == "#EXT-X-BYTERANGE":
            if state.byterange is not None:
                raise PlaylistError(
                    "EXT-X-BYTERANGE not followed by a segment (another EXT-X-BYTERANGE "
                    f"on line {number} comes first)",
                    state.byterange[2],
                )
            length, offset = _byterange(value, number)
            state.byterange = (length, offset, number)
        elif tag == "#EXT-X-MAP":
            attrs = _attributes(value, number)
            if "URI" not in attrs or not attrs["URI"]:
                raise PlaylistError("EXT-X-MAP requires a URI", number)
            map_range: ByteRange | None = None
            if "BYTERANGE" in attrs:
                length, offset = _byterange(attrs["BYTERANGE"], number)
                map_range = ByteRange(length, offset or 0)
            state.check_foreign()
            if state.key is not None and state.iv is None:
                raise PlaylistError(
                    "an encrypted EXT-X-MAP needs an explicit IV on its EXT-X-KEY (RFC 8216)",
                    number,
                )
            state.init = InitSection(
                uri=resolve(attrs["URI"], number),
                byterange=map_range,
                key=state.key,
                iv=state.iv,
                line=number,
            )
        elif tag == "#EXT-X-DISCONTINUITY":
            state.discontinuity = True
            state.disc_seq += 1
        elif tag == "#EXT-X-PROGRAM-DATE-TIME":
            try:
                state.date = _program_date_time(value.strip())
            except ValueError:
                raise PlaylistError(
                    f"invalid EXT-X-PROGRAM-DATE-TIME {_quoted(value)}", number
                ) from None
        elif tag == "#EXT-X-ENDLIST":
            endlist = True
        elif tag == "#EXT-X-I-FRAMES-ONLY":
            i_frames_only = True
        elif tag == "#EXT-X-VERSION":
            version = _integer(value.strip(), "EXT-X-VERSION", number)
        elif tag == "#EXT-X-TARGETDURATION":
            target_duration = _target_duration(value.strip(), number)
            media_tag_line = media_tag_line or number
        elif tag == "#EXT-X-MEDIA-SEQUENCE":
            if state.segments:
                raise PlaylistError(
                    "EXT-X-MEDIA-SEQUENCE must come before the first segment", number
                )
            media_sequence = _integer(value.strip(), "EXT-X-MEDIA-SEQUENCE", number)
        elif tag == "#EXT-X-DISCONTINUITY-SEQUENCE":
            if state.segments:
                raise PlaylistError(
                    "EXT-X-DISCONTINUITY-SEQUENCE must come before the first segment", number
                )
            disc_sequence_start = _integer(value.strip(), "EXT-X-DISCONTINUITY-SEQUENCE", number)
        elif tag == "#EXT-X-PLAYLIST-TYPE":
            playlist_type = value.strip()
        elif tag == "#EXT-X-STREAM-INF":
            if pending_variant is not None:
                raise PlaylistError("EXT-X-STREAM-INF not followed by a URI", pending_variant[1])
            pending_variant = (_attributes(value, number), number)
        elif tag == "#EXT-X-MEDIA":
            renditions.append(_rendition(_attributes(value, number), number, resolve))
        elif tag.rstrip().upper() in _GUARDED_TAGS:
            # Ignored as unknown, "#ext-x-key:" would leave encrypted segments undecrypted.
            expected = tag.rstrip().upper()
            raise PlaylistError(
                f"tag {_quoted(tag)} must be written exactly {expected} (tags are "
                "case-sensitive, with no space before the colon): refused rather than ignored",
                number,
            )
        # Every other tag is ignored, as RFC 8216 section 6.3.1 requires.

    if pending_variant is not None:
        raise PlaylistError("EXT-X-STREAM-INF not followed by a URI", pending_variant[1])
    if variants or renditions:
        if media_tag_line is not None:
            raise PlaylistError(
                "playlist mixes master tags (EXT-X-STREAM-INF, EXT-X-MEDIA) and media segments",
                media_tag_line,
            )
        return MasterPlaylist(tuple(variants), tuple(renditions), version, base_url)
    if state.extinf is not None:
        raise PlaylistError("#EXTINF not followed by a URI", state.extinf[2])
    state.check_foreign()  # a DRM key tag that no identity key stands beside
    if state.byterange is not None:
        # Like a dangling EXTINF, the sign of a cut playlist: not dropped silently.
        raise PlaylistError("EXT-X-BYTERANGE not followed by a segment", state.byterange[2])
    try:
        # What MediaPlaylist.duration gives: finite durations whose sum is past the
        # largest float make fsum raise OverflowError (an infinite one is refused above).
        math.fsum(segment.duration for segment in state.segments)
    except OverflowError:
        raise PlaylistError(
            "the EXTINF durations add up to more than a number can hold: refused, "
            "not read as an infinite duration"
        ) from None
    return MediaPlaylist(
        segments=tuple(state.segments),
        keys=tuple(state.keys),
        version=version,
        target_duration=target_duration,
        media_sequence=media_sequence,
        discontinuity_sequence=disc_sequence_start,
        playlist_type=playlist_type,
        endlist=endlist,
        base_url=base_url,
        i_frames_only=i_frames_only,
    )


def _variant(attrs: dict[str, str], uri: str, line: int) -> Variant:
    if "BANDWIDTH" not in attrs:
        raise PlaylistError("EXT-X-STREAM-INF requires BANDWIDTH", line)
    bandwidth = _integer(attrs["BANDWIDTH"], "BANDWIDTH", line)
    average = attrs.get("AVERAGE-BANDWIDTH")
    resolution: tuple[int, int] | None = None
    if "RESOLUTION" in attrs:
        match = _RESOLUTION.fullmatch(attrs["RESOLUTION"])
        if match is None:
            raise PlaylistError(
                f"RESOLUTION must be <width>x<height>, got {_quoted(attrs['RESOLUTION'])}", line
            )
        resolution = (int(match.group(1)), int(match.group(2)))
    return Variant(
        uri=uri,
        bandwidth=bandwidth,
        average_bandwidth=_integer(average, "AVERAGE-BANDWIDTH", line)
        if average is not None
        else None,
        codecs=attrs.get("CODECS"),
        resolution=resolution,
        audio=attrs.get("AUDIO"),
        video=attrs.get("VIDEO"),
        line=line,
    )


def _rendition(attrs: dict[str, str], line: int, resolve: Callable[[str, int], str]) -> Rendition:
    for required in ("TYPE", "GROUP-ID", "NAME"):
        if required not in attrs:
            raise PlaylistError(f"EXT-X-MEDIA requires {required}", line)
    uri = attrs.get("URI")
    return Rendition(
        type=attrs["TYPE"],
        group_id=attrs["GROUP-ID"],
        name=attrs["NAME"],
        uri=resolve(uri, line) if uri else None,
        language=attrs.get("LANGUAGE"),
        default=attrs.get("DEFAULT") == "YES",
        autoselect=attrs.get("AUTOSELECT") == "YES",
        line=line,
    )
