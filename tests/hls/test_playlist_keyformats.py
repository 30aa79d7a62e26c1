"""EXT-X-KEY tags of several KEYFORMATs for the same segments (RFC 8216 section 4.3.2.4).

A key tag applies until the next key tag *of the same KEYFORMAT*, and "two or more
EXT-X-KEY tags with different KEYFORMAT attributes MAY apply to the same Media Segment
if they ultimately produce the same decryption key". A playlist offering an identity
key beside a DRM one is therefore decryptable with the identity key alone: the DRM tag
is another way to the same key, skipped. A segment that only a DRM key applies to is
still refused, naming that tag's line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.hls import (
    HLSDownloader,
    MediaPlaylist,
    UnsupportedEncryptionError,
    encrypt_segment,
    parse_playlist,
)
from tests.hls.conftest import FakeServer

BASE = "https://cdn.example.com/a/p.m3u8"
HEAD = "#EXTM3U\n#EXT-X-TARGETDURATION:5\n"
IDENTITY = '#EXT-X-KEY:METHOD=AES-128,URI="k1",IV=0x000102030405060708090a0b0c0d0e0f'
FAIRPLAY = (
    '#EXT-X-KEY:METHOD=AES-128,URI="skd://key-id",KEYFORMAT="com.apple.streamingkeydelivery",'
    'KEYFORMATVERSIONS="1"'
)


def media(text: str) -> MediaPlaylist:
    playlist = parse_playlist(text, BASE)
    assert isinstance(playlist, MediaPlaylist)
    return playlist


@pytest.mark.parametrize("order", ["identity first", "drm first"])
def test_an_identity_key_beside_a_drm_key_is_used(order: str) -> None:
    tags = [IDENTITY, FAIRPLAY] if order == "identity first" else [FAIRPLAY, IDENTITY]
    playlist = media(HEAD + "\n".join(tags) + "\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n")
    (segment,) = playlist.segments
    assert segment.key is not None
    assert segment.key.uri == "https://cdn.example.com/a/k1"
    assert segment.key.keyformat == "identity"
    assert segment.iv == bytes(range(16))
    # Only keys beatkit can use are listed: the DRM tag is skipped.
    assert [key.keyformat for key in playlist.keys] == ["identity"]


def test_a_drm_key_tag_does_not_end_the_identity_key() -> None:
    # The identity key applies until the next identity (or NONE) tag: a DRM tag between
    # two segments leaves the second one under the identity key.
    playlist = media(
        HEAD + IDENTITY + "\n#EXTINF:5,\ns0.ts\n" + FAIRPLAY + "\n#EXTINF:5,\ns1.ts\n"
        "#EXT-X-ENDLIST\n"
    )
    assert [segment.key and segment.key.uri for segment in playlist.segments] == [
        "https://cdn.example.com/a/k1",
        "https://cdn.example.com/a/k1",
    ]


def test_an_encrypted_map_beside_a_drm_key_uses_the_identity_key() -> None:
    playlist = media(
        HEAD + FAIRPLAY + "\n" + IDENTITY + '\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:5,\ns0.m4s\n'
        "#EXT-X-ENDLIST\n"
    )
    init = playlist.segments[0].init_section
    assert init is not None and init.key is not None
    assert init.key.uri == "https://cdn.example.com/a/k1"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # Only a DRM key applies to the segment.
        (HEAD + FAIRPLAY + "\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n", 3),
        # The identity key was ended by METHOD=NONE, then a DRM key applies alone.
        (
            HEAD
            + IDENTITY
            + "\n#EXTINF:5,\ns0.ts\n#EXT-X-KEY:METHOD=NONE\n"
            + FAIRPLAY
            + "\n#EXTINF:5,\ns1.ts\n#EXT-X-ENDLIST\n",
            7,
        ),
        # An initialization section only a DRM key applies to.
        (HEAD + FAIRPLAY + '\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:5,\ns0.ts\n', 3),
    ],
)
def test_a_segment_only_a_drm_key_applies_to_is_refused(text: str, line: int) -> None:
    refused = r"KEYFORMAT='com\.apple\.streamingkeydelivery'"
    with pytest.raises(UnsupportedEncryptionError, match=refused) as info:
        parse_playlist(text, BASE)
    assert info.value.line == line


def test_a_drm_only_segment_after_a_none_tag_is_clear() -> None:
    # METHOD=NONE ends every key: the segments after it are clear, whatever KEYFORMAT.
    playlist = media(
        HEAD + FAIRPLAY + "\n" + IDENTITY + "\n#EXTINF:5,\ns0.ts\n#EXT-X-KEY:METHOD=NONE\n"
        "#EXTINF:5,\ns1.ts\n#EXT-X-ENDLIST\n"
    )
    assert playlist.segments[1].key is None


def test_a_download_with_identity_and_drm_keys_decrypts_with_the_identity_key(
    server: FakeServer, tmp_path: Path
) -> None:
    key = bytes(range(16, 32))
    iv = bytes(range(16))
    server.files["/k1"] = key
    server.files["/s0.ts"] = encrypt_segment(b"clear audio", key, iv)
    server.files["/p.m3u8"] = (
        HEAD + FAIRPLAY + "\n" + IDENTITY + "\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
    ).encode()
    dest = tmp_path / "out.ts"
    HLSDownloader(retry_backoff=0).download(server.url("/p.m3u8"), dest)
    assert dest.read_bytes() == b"clear audio"
    assert server.count("/k1") == 1
