"""The parsed forms of HLS playlists: the immutable values `parse_playlist` returns."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Literal

from attrs import field, frozen

from beatkit._core.redact import redact_url

__all__ = [
    "ByteRange",
    "InitSection",
    "Key",
    "MasterPlaylist",
    "MediaPlaylist",
    "Rendition",
    "Segment",
    "Variant",
]


def _uri_repr(uri: str | None) -> str:
    """How ``repr`` shows a URI field: signatures and key file names redacted.

    A signed segment, key or playlist URL is a credential while it lasts (it is why
    :class:`~beatkit.beatport.StreamInfo` hides ``stream_url``); printing a parsed
    playlist must not put it in a log. The field itself keeps the URI as written.
    """
    return "None" if uri is None else repr(redact_url(uri))


@frozen
class ByteRange:
    """A sub-range of a resource, as given by ``EXT-X-BYTERANGE`` or a MAP's ``BYTERANGE``."""

    length: int
    """Number of bytes."""
    offset: int
    """Offset of the first byte in the resource (always resolved, never implicit)."""

    @property
    def end(self) -> int:
        """The offset just past the last byte."""
        return self.offset + self.length

    def header(self) -> str:
        """The HTTP ``Range`` header value that asks for this range."""
        return f"bytes={self.offset}-{self.offset + self.length - 1}"


@frozen
class Key:
    """An ``EXT-X-KEY`` tag. It never holds key bytes: those are fetched from :attr:`uri`."""

    method: Literal["NONE", "AES-128"]
    """``"NONE"`` (segments are clear) or ``"AES-128"`` (whole-segment AES-128-CBC)."""
    uri: str | None = field(repr=_uri_repr)
    """Absolute URI of the 16-byte key (``None`` for METHOD=NONE)."""
    iv: bytes | None
    """The explicit 16-byte IV of the tag, or ``None`` when the media sequence number is used."""
    keyformat: str = "identity"
    """Always ``"identity"``. A tag of another key format (a DRM system's) is skipped when
    an identity key applies to the same segments (RFC 8216 4.3.2.4: both lead to the same
    key), and the parser refuses the segments only such a tag applies to."""
    keyformatversions: str | None = None
    """The ``KEYFORMATVERSIONS`` attribute as written, if present."""
    line: int = 0
    """The 1-based line number of the tag."""


@frozen
class InitSection:
    """An ``EXT-X-MAP`` tag: the media initialization section (e.g. an fMP4 ``moov``)."""

    uri: str = field(repr=_uri_repr)
    """Absolute URI of the section."""
    byterange: ByteRange | None
    """Sub-range of the resource, if any (an absent offset means 0)."""
    key: Key | None
    """The AES-128 key in effect where the tag stands, or ``None`` if the section is clear."""
    iv: bytes | None
    """The IV to decrypt it with (always the key's explicit IV; ``None`` when clear)."""
    line: int = 0
    """The 1-based line number of the tag."""


@frozen
class Segment:
    """One media segment of a media playlist."""

    uri: str = field(repr=_uri_repr)
    """Absolute URI (resolved against the playlist URL; the query string is kept verbatim)."""
    duration: float
    """``EXTINF`` duration in seconds."""
    title: str
    """``EXTINF`` title; everything after the comma, exactly as written (often empty)."""
    index: int
    """0-based position in the playlist."""
    sequence: int
    """Media sequence number (``EXT-X-MEDIA-SEQUENCE`` + index)."""
    byterange: ByteRange | None = None
    """Sub-range of the resource, with the offset always resolved."""
    key: Key | None = None
    """The AES-128 key in effect, or ``None`` if the segment is clear."""
    iv: bytes | None = None
    """The 16-byte IV in effect; the key's IV, else the big-endian sequence number."""
    init_section: InitSection | None = None
    """The ``EXT-X-MAP`` in effect, if any."""
    discontinuity: bool = False
    """Whether an ``EXT-X-DISCONTINUITY`` precedes this segment."""
    discontinuity_sequence: int = 0
    """The discontinuity sequence number of this segment."""
    program_date_time: datetime | None = None
    """The ``EXT-X-PROGRAM-DATE-TIME`` given for this segment, if any, as an aware
    datetime (a value without an offset is read as UTC; a fraction of a second finer
    than a microsecond is cut to the microsecond)."""
    line: int = 0
    """The 1-based line number of the URI line."""


@frozen
class MediaPlaylist:
    """A media playlist: a list of segments."""

    segments: tuple[Segment, ...]
    """The segments, in order."""
    keys: tuple[Key, ...] = ()
    """Every ``EXT-X-KEY`` tag, in order (including METHOD=NONE), but those of a
    ``KEYFORMAT`` other than ``identity``, which are skipped."""
    version: int | None = None
    """``EXT-X-VERSION``, if given."""
    target_duration: int | None = None
    """``EXT-X-TARGETDURATION``, if given (a decimal value such as ``6.006``, which RFC 8216
    does not allow but origins write, is rounded up)."""
    media_sequence: int = 0
    """``EXT-X-MEDIA-SEQUENCE`` (0 when absent)."""
    discontinuity_sequence: int = 0
    """``EXT-X-DISCONTINUITY-SEQUENCE`` (0 when absent)."""
    playlist_type: str | None = None
    """``EXT-X-PLAYLIST-TYPE`` (``"VOD"``, ``"EVENT"``) if given."""
    endlist: bool = False
    """Whether ``#EXT-X-ENDLIST`` is present (a VOD playlist); without it the playlist is live."""
    base_url: str | None = field(default=None, repr=_uri_repr)
    """The URL the playlist was resolved against."""
    i_frames_only: bool = False
    """Whether ``#EXT-X-I-FRAMES-ONLY`` is present; the segments are key frames only,
    for trick play, and their concatenation is no playable stream."""

    @property
    def duration(self) -> float:
        """Total duration in seconds (sum of ``EXTINF``)."""
        return math.fsum(segment.duration for segment in self.segments)

    @property
    def encrypted(self) -> bool:
        """Whether any segment or initialization section is encrypted.

        Judged by the segments, not by the tags: an AES-128 ``EXT-X-KEY`` that a
        ``METHOD=NONE`` ends before any segment, or that no segment follows, encrypts
        nothing.
        """
        return any(
            segment.key is not None
            or (segment.init_section is not None and segment.init_section.key is not None)
            for segment in self.segments
        )


@frozen
class Variant:
    """An ``EXT-X-STREAM-INF`` entry of a master playlist."""

    uri: str = field(repr=_uri_repr)
    """Absolute URI of the variant's media playlist."""
    bandwidth: int
    """``BANDWIDTH`` in bits per second."""
    average_bandwidth: int | None = None
    """``AVERAGE-BANDWIDTH``, if given."""
    codecs: str | None = None
    """``CODECS``, if given (e.g. ``"mp4a.40.2"``)."""
    resolution: tuple[int, int] | None = None
    """``RESOLUTION`` as (width, height), if given."""
    audio: str | None = None
    """``AUDIO`` rendition group id, if given."""
    video: str | None = None
    """``VIDEO`` rendition group id, if given."""
    line: int = 0
    """The 1-based line number of the tag."""


@frozen
class Rendition:
    """An ``EXT-X-MEDIA`` entry of a master playlist."""

    type: str
    """``TYPE``; ``AUDIO``, ``VIDEO``, ``SUBTITLES`` or ``CLOSED-CAPTIONS``."""
    group_id: str
    """``GROUP-ID``."""
    name: str
    """``NAME``."""
    uri: str | None = field(default=None, repr=_uri_repr)
    """Absolute URI of the rendition's media playlist, if given."""
    language: str | None = None
    """``LANGUAGE``, if given."""
    default: bool = False
    """``DEFAULT=YES``."""
    autoselect: bool = False
    """``AUTOSELECT=YES``."""
    line: int = 0
    """The 1-based line number of the tag."""


@frozen
class MasterPlaylist:
    """A master (multivariant) playlist: variants and renditions."""

    variants: tuple[Variant, ...]
    """The variant streams, in playlist order."""
    renditions: tuple[Rendition, ...] = ()
    """The ``EXT-X-MEDIA`` renditions, in playlist order."""
    version: int | None = None
    """``EXT-X-VERSION``, if given."""
    base_url: str | None = field(default=None, repr=_uri_repr)
    """The URL the playlist was resolved against."""
