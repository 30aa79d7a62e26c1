"""Attribute names beatkit reads, written in another case, are refused, not taken.

RFC 8216 4.2: an AttributeName is upper case (``[A-Z0-9-]``), and 6.3.1: a client
ignores an attribute whose name it does not recognise. ``iv=0x...`` is no ``IV``: other
players ignore it and decrypt with the media sequence number, beatkit took it as the
IV; ``keyformat="com.apple.streamingkeydelivery"`` likewise. Which one the packager
meant cannot be known: refused with its line, as a tag written in another case is.
"""

from __future__ import annotations

import pytest

from beatkit.hls import MasterPlaylist, MediaPlaylist, PlaylistError, parse_playlist

BASE = "https://cdn.example/t/p.m3u8"
IV = "0x000000000000000000000000000000ff"


@pytest.mark.parametrize(
    ("tag", "written", "expected"),
    [
        (f'#EXT-X-KEY:METHOD=AES-128,URI="k",iv={IV}', "iv", "IV"),
        (f'#EXT-X-KEY:METHOD=AES-128,URI="k",Iv={IV}', "Iv", "IV"),
        ('#EXT-X-KEY:method=AES-128,URI="k"', "method", "METHOD"),
        ('#EXT-X-KEY:METHOD=AES-128,uri="k"', "uri", "URI"),
        ('#EXT-X-KEY:METHOD=AES-128,URI="k",keyformat="com.example.drm"', "keyformat", "KEYFORMAT"),
        ('#EXT-X-MAP:URI="i.mp4",byterange="100@0"', "byterange", "BYTERANGE"),
    ],
)
def test_a_media_attribute_in_another_case_is_refused(
    tag: str, written: str, expected: str
) -> None:
    text = f"#EXTM3U\n{tag}\n#EXTINF:1,\ns.ts\n#EXT-X-ENDLIST\n"
    with pytest.raises(PlaylistError) as info:
        parse_playlist(text, base_url=BASE)
    assert info.value.line == 2
    assert f"{written!r}" in info.value.reason
    assert f"written exactly {expected}" in info.value.reason


@pytest.mark.parametrize(
    ("lines", "written"),
    [
        ("#EXT-X-STREAM-INF:bandwidth=1\nv.m3u8", "bandwidth"),
        ('#EXT-X-MEDIA:type=AUDIO,GROUP-ID="a",NAME="n"', "type"),
        ('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="n",Uri="a.m3u8"', "Uri"),
    ],
)
def test_a_master_attribute_in_another_case_is_refused(lines: str, written: str) -> None:
    with pytest.raises(PlaylistError) as info:
        parse_playlist(f"#EXTM3U\n{lines}\n", base_url=BASE)
    assert info.value.line == 2
    assert f"{written!r}" in info.value.reason


def test_attribute_names_beatkit_does_not_read_are_still_ignored_in_any_case() -> None:
    text = (
        f'#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="k",IV={IV},x-vendor=1\n'
        "#EXTINF:1,\ns.ts\n#EXT-X-ENDLIST\n"
    )
    playlist = parse_playlist(text, base_url=BASE)
    assert isinstance(playlist, MediaPlaylist)
    assert playlist.segments[0].iv == bytes.fromhex(IV[2:])
    master = parse_playlist(
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=5,frame-rate-x=30\nv.m3u8\n", base_url=BASE
    )
    assert isinstance(master, MasterPlaylist)
    assert [v.bandwidth for v in master.variants] == [5]
