"""Public HLS helpers given odd-but-possible input: what they say must be true and clear."""

from __future__ import annotations

import pytest

from beatkit.hls import (
    MasterPlaylist,
    MediaPlaylist,
    choose_variant,
    parse_playlist,
    resolve_uri,
)

BASE = "https://cdn.example/t/p.m3u8"
HEAD = "#EXTM3U\n#EXT-X-TARGETDURATION:5\n"


def media(text: str) -> MediaPlaylist:
    playlist = parse_playlist(HEAD + text + "#EXT-X-ENDLIST\n", BASE)
    assert isinstance(playlist, MediaPlaylist)
    return playlist


@pytest.mark.parametrize(
    "text",
    [
        # An AES-128 tag ended by METHOD=NONE before any segment: every segment is clear.
        '#EXT-X-KEY:METHOD=AES-128,URI="k.key"\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:5,\ns0.ts\n',
        # An AES-128 tag after the last segment applies to none.
        '#EXTINF:5,\ns0.ts\n#EXT-X-KEY:METHOD=AES-128,URI="k.key"\n',
    ],
)
def test_encrypted_is_false_when_no_segment_is_encrypted(text: str) -> None:
    playlist = media(text)
    assert all(segment.key is None for segment in playlist.segments)
    assert not playlist.encrypted


def test_encrypted_is_true_for_an_encrypted_init_section_alone() -> None:
    playlist = media(
        '#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x' + "00" * 16 + "\n"
        '#EXT-X-MAP:URI="init.mp4"\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:5,\ns0.m4s\n'
    )
    assert playlist.segments[0].key is None
    assert playlist.encrypted


def test_encrypted_is_true_for_an_encrypted_segment() -> None:
    playlist = media(
        '#EXTINF:5,\ns0.ts\n#EXT-X-KEY:METHOD=AES-128,URI="k.key"\n#EXTINF:5,\ns1.ts\n'
    )
    assert playlist.encrypted


@pytest.mark.parametrize("text", [None, b"#EXTM3U\n#EXTINF:5,\ns0.ts\n", 42])
def test_parse_playlist_refuses_text_that_is_not_a_str_with_a_type_error(text: object) -> None:
    with pytest.raises(TypeError, match=r"^text must be a str"):
        parse_playlist(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("base", [b"https://cdn.example/p.m3u8", 42])
def test_parse_playlist_refuses_a_base_url_that_is_not_a_str_with_a_type_error(
    base: object,
) -> None:
    with pytest.raises(TypeError, match=r"^base_url must be a str or None"):
        parse_playlist(HEAD + "#EXTINF:5,\ns0.ts\n", base)  # type: ignore[arg-type]


def test_choose_variant_of_a_media_playlist_is_a_type_error() -> None:
    playlist = media("#EXTINF:5,\ns0.ts\n")
    with pytest.raises(TypeError, match=r"MasterPlaylist.*MediaPlaylist"):
        choose_variant(playlist, "best")  # type: ignore[arg-type]


def test_choose_variant_of_a_master_playlist_still_works() -> None:
    playlist = parse_playlist(
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=10\nlo.m3u8\n"
        "#EXT-X-STREAM-INF:BANDWIDTH=20\nhi.m3u8\n",
        BASE,
    )
    assert isinstance(playlist, MasterPlaylist)
    assert choose_variant(playlist, "best").uri == "https://cdn.example/t/hi.m3u8"
    assert choose_variant(playlist, 10).uri == "https://cdn.example/t/lo.m3u8"


@pytest.mark.parametrize(
    ("reference", "base", "message"),
    [
        (None, None, r"^reference must be a str, got NoneType"),
        (b"s0.ts", BASE, r"^reference must be a str, got bytes"),
        ("s0.ts", 5, r"^base_url must be a str or None, got int"),
        ("s0.ts", b"https://cdn.example/", r"^base_url must be a str or None, got bytes"),
    ],
)
def test_resolve_uri_refuses_what_is_not_text_with_a_type_error(
    reference: object, base: object, message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        resolve_uri(reference, base)  # type: ignore[arg-type]
