"""The exceptions of :mod:`beatkit.hls`, all subclasses of :class:`beatkit.errors.HLSError`.

The tree::

    HLSError
    ├── PlaylistError                 a playlist that does not parse (names the line)
    │   └── UnsupportedEncryptionError    SAMPLE-AES, DRM key formats, unknown methods
    ├── LivePlaylistError             no EXT-X-ENDLIST: only VOD is supported
    ├── VariantNotFoundError          no variant of a master playlist matches the request
    ├── InsecureURLError              a URL beatkit refuses to fetch (malformed, scheme, downgrade)
    ├── DecryptionError               bad key or IV length, truncated data, bad padding
    ├── FetchError                    a playlist, key or segment could not be fetched
    │   └── KeyFetchError                 a key request failed or did not return 16 bytes
    └── SegmentError                  one segment failed; names its index and URI

Messages never contain key bytes, and URLs in messages and attributes have their
signatures and key file names redacted (see :mod:`beatkit._core.redact`): a signed
stream or key URL is a credential while it lasts.
"""

from __future__ import annotations

import re
from typing import TypeVar

from beatkit._core.logs import printable
from beatkit._core.redact import redact_text, redact_url
from beatkit.errors import HLSError

__all__ = [
    "DecryptionError",
    "FetchError",
    "HLSError",
    "InsecureURLError",
    "KeyFetchError",
    "LivePlaylistError",
    "PlaylistError",
    "SegmentError",
    "UnsupportedEncryptionError",
    "VariantNotFoundError",
]


# httpx's limit: a longer URL can never be requested. Such a URL is quoted and kept cut
# to its start, redacted, and its length: redaction costs about a second per megabyte.
# The start is cut to what str() of an error shows of it, escaped: a control character
# is shown as four characters or more (``\x01``), and the message stays bounded.
_MAX_URL = 65_536
_URL_START = 2_048


def _shown_start(text: str, limit: int) -> str:
    """The longest start of ``text`` shown (escaped) in at most ``limit`` characters."""
    if text.isprintable():  # nothing escaped
        return text[:limit]
    shown = 0
    for end, character in enumerate(text):
        shown += len(printable(character))
        if shown > limit:
            return text[:end]
    return text


def _redacted_url(url: str) -> str:
    """``url`` with its signatures redacted; cut to its start if no request could carry it."""
    if len(url) <= _MAX_URL:
        return redact_url(url)
    start = _shown_start(redact_url(url[:_URL_START]), _URL_START)
    return f"{start}... ({len(url)} characters)"


# "scheme://": what any URL the downloader could fetch starts with. A value without it is
# not shown in messages: it may be a key, a token or a password pasted where a URL goes.
_URL_START_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def _looks_like_url(url: str) -> bool:
    """Whether ``url`` starts with ``scheme://``, blanks around it aside."""
    return _URL_START_PATTERN.match(url.strip()) is not None


def _part_name(index: int) -> str:
    """What a part of a media playlist is called in messages: ``segment 37`` or the init section."""
    return f"segment {index}" if index >= 0 else "initialization section"


def _context(what: str, url: str, message: str) -> str:
    """``message`` about fetching ``url``, prefixed with what it was for (``segment 37``, ``key``).

    The URL (redacted) is added unless the message names it already: ``playlist: HTTP 404
    for URL``, ``segment 3 (URL): malformed URL 'OTHER'`` (a redirect's target). A value
    that is not a URL (no ``scheme://``: perhaps a secret given in its place) is not added.
    """
    if not _looks_like_url(url):
        return f"{what}: {message}"
    shown = _redacted_url(url)
    if shown in message:
        return f"{what}: {message}"
    return f"{what} ({shown}): {message}"


_Named = TypeVar("_Named", bound=HLSError)


def _naming(error: _Named, what: str, url: str) -> _Named:
    """``error``, its message prefixed in place with what was fetched and where (:func:`_context`).

    Changed in place, not wrapped: its type, attributes, cause and traceback stay, and
    pickling (which rebuilds from ``args``) keeps the new message.
    """
    error.args = (_context(what, url, _raw_text(error)), *error.args[1:])
    return error


def _raw_text(error: HLSError) -> str:
    """The message of ``error`` as it was made, its control characters not escaped."""
    return Exception.__str__(error)


class PlaylistError(HLSError):
    """A playlist is malformed or uses something beatkit does not support.

    Attributes:
        line: The 1-based line number the problem was found on, or ``None`` when
            it concerns the playlist as a whole.
        reason: The message without the line prefix.
    """

    def __init__(self, reason: str, line: int | None = None) -> None:
        reason = redact_text(reason)
        self.reason = reason
        self.line = line
        super().__init__(f"line {line}: {reason}" if line is not None else reason)


class UnsupportedEncryptionError(PlaylistError):
    """The playlist uses an encryption method or key format other than plain AES-128.

    SAMPLE-AES and SAMPLE-AES-CTR (FairPlay, Widevine, PlayReady...) are DRM
    schemes; beatkit only handles whole-segment AES-128 with ``identity`` keys.
    """


class LivePlaylistError(HLSError):
    """The media playlist has no ``#EXT-X-ENDLIST``: it is live, and only VOD is supported."""


class VariantNotFoundError(HLSError):
    """No variant of a master playlist matches the requested one."""


class InsecureURLError(HLSError):
    """A URL was refused: not ``https`` (nor loopback ``http``), an https -> http downgrade,
    or malformed (no host, or a host no connection can be made to, such as ``a..b``).

    Raised before the request, and before anything is written when the URL is the
    playlist's or one of its keys or segments. The message names what the URL was for
    (``playlist``, ``variant playlist``, ``key``, ``segment 3``...) and the URL, redacted;
    a value that is not a URL at all (no ``scheme://``) is not shown: it may be a secret.
    """

    def __init__(self, message: str) -> None:
        super().__init__(redact_text(message))


class DecryptionError(HLSError):
    """A segment could not be decrypted: bad key or IV size, truncated data or bad padding."""


class FetchError(HLSError):
    """A playlist, key or segment could not be fetched.

    Attributes:
        url: The URL that failed (signatures redacted).
        status_code: The HTTP status, when the server answered with an error.
    """

    def __init__(self, message: str, *, url: str, status_code: int | None = None) -> None:
        super().__init__(redact_text(message))
        self.url = _redacted_url(url)
        self.status_code = status_code


class KeyFetchError(FetchError):
    """A key could not be fetched, or the server returned something that is not a 16-byte key.

    An HTML error page served with status 200 in place of a key is caught here.
    """


class SegmentError(HLSError):
    """One segment (or initialization section) failed; nothing was written.

    The underlying error is chained as ``__cause__``.

    Attributes:
        index: The 0-based position of the segment in the media playlist
            (``-1`` for an initialization section).
        uri: The absolute URI of the segment (signatures redacted).
        reason: What went wrong.
    """

    def __init__(self, reason: str, *, index: int, uri: str) -> None:
        what = _part_name(index)
        uri, reason = _redacted_url(uri), redact_text(reason)
        super().__init__(f"{what} ({uri}): {reason}")
        self.index = index
        self.uri = uri
        self.reason = reason
