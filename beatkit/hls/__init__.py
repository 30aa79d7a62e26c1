"""Parse HLS playlists, decrypt AES-128 segments and download whole streams, sync or async.

Usable on its own for any HLS stream encrypted with ``METHOD=AES-128`` (RFC
8216), such as Beatport's full-track streams::

    from beatkit.hls import HLSDownloader

    result = HLSDownloader().download(stream_url, "track.aac")
"""

from __future__ import annotations

from beatkit.hls._async.download import AsyncHLSDownloader
from beatkit.hls._plan import DownloadResult, Progress, VariantChoice, choose_variant
from beatkit.hls._sync.download import HLSDownloader
from beatkit.hls.crypto import decrypt_segment, encrypt_segment
from beatkit.hls.errors import (
    DecryptionError,
    FetchError,
    HLSError,
    InsecureURLError,
    KeyFetchError,
    LivePlaylistError,
    PlaylistError,
    SegmentError,
    UnsupportedEncryptionError,
    VariantNotFoundError,
)
from beatkit.hls.playlist import (
    ByteRange,
    InitSection,
    Key,
    MasterPlaylist,
    MediaPlaylist,
    Rendition,
    Segment,
    Variant,
    parse_playlist,
    resolve_uri,
)

__all__ = [
    "AsyncHLSDownloader",
    "ByteRange",
    "DecryptionError",
    "DownloadResult",
    "FetchError",
    "HLSDownloader",
    "HLSError",
    "InitSection",
    "InsecureURLError",
    "Key",
    "KeyFetchError",
    "LivePlaylistError",
    "MasterPlaylist",
    "MediaPlaylist",
    "PlaylistError",
    "Progress",
    "Rendition",
    "Segment",
    "SegmentError",
    "UnsupportedEncryptionError",
    "Variant",
    "VariantChoice",
    "VariantNotFoundError",
    "choose_variant",
    "decrypt_segment",
    "encrypt_segment",
    "parse_playlist",
    "resolve_uri",
]
