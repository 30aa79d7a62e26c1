"""Parse HLS playlists, decrypt AES-128 segments and download whole streams, sync or async.

Usable on its own for any HLS stream encrypted with ``METHOD=AES-128`` (RFC
8216), such as Beatport's full-track streams::

    from beatkit.hls import HLSDownloader

    result = HLSDownloader().download(stream_url, "track.aac")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from beatkit._core.lazy import lazy_exports

if TYPE_CHECKING:
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
    from beatkit.hls.playlist import parse_playlist, resolve_uri

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

# name -> module that defines it, imported on first use: a script that only parses
# playlists or decrypts segments loads neither the downloader (nor what the clients
# share with it) nor, for parsing, cryptography.
_LAZY = {
    "AsyncHLSDownloader": "beatkit.hls._async.download",
    "DownloadResult": "beatkit.hls._plan",
    "Progress": "beatkit.hls._plan",
    "VariantChoice": "beatkit.hls._plan",
    "choose_variant": "beatkit.hls._plan",
    "HLSDownloader": "beatkit.hls._sync.download",
    "decrypt_segment": "beatkit.hls.crypto",
    "encrypt_segment": "beatkit.hls.crypto",
    "DecryptionError": "beatkit.hls.errors",
    "FetchError": "beatkit.hls.errors",
    "HLSError": "beatkit.hls.errors",
    "InsecureURLError": "beatkit.hls.errors",
    "KeyFetchError": "beatkit.hls.errors",
    "LivePlaylistError": "beatkit.hls.errors",
    "PlaylistError": "beatkit.hls.errors",
    "SegmentError": "beatkit.hls.errors",
    "UnsupportedEncryptionError": "beatkit.hls.errors",
    "VariantNotFoundError": "beatkit.hls.errors",
    "ByteRange": "beatkit.hls.models",
    "InitSection": "beatkit.hls.models",
    "Key": "beatkit.hls.models",
    "MasterPlaylist": "beatkit.hls.models",
    "MediaPlaylist": "beatkit.hls.models",
    "Rendition": "beatkit.hls.models",
    "Segment": "beatkit.hls.models",
    "Variant": "beatkit.hls.models",
    "parse_playlist": "beatkit.hls.playlist",
    "resolve_uri": "beatkit.hls.playlist",
}

# Hidden from type checkers, which read the imports above instead.
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals(), __all__)
