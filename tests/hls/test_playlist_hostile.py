"""Hostile and odd playlists: each is refused with a PlaylistError, never read wrongly."""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Callable

import pytest

from beatkit.hls import MediaPlaylist, PlaylistError, parse_playlist
from beatkit.hls.playlist import _lines

BASE = "https://cdn.example/track/stream.m3u8"
IV = "0x000102030405060708090a0b0c0d0e0f"


def media(text: str) -> MediaPlaylist:
    playlist = parse_playlist(text, BASE)
    assert isinstance(playlist, MediaPlaylist)
    return playlist


def refused(text: str, message: str, line: int) -> PlaylistError:
    with pytest.raises(PlaylistError, match=re.escape(message)) as info:
        parse_playlist(text, BASE)
    assert info.value.line == line
    return info.value


# --- a URI is a quoted-string (RFC 8216 4.3.2.4, 4.3.2.5, 4.3.4.1) ------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "#EXT-X-KEY:METHOD=AES-128,URI=k.key?a=1,b=2",
        "#EXT-X-KEY:METHOD=AES-128,URI=k.key",
        "#EXT-X-MAP:URI=init.mp4?a=1,b=2",
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI=en.m3u8?a=1,b=2',
    ],
)
def test_an_unquoted_uri_is_refused_not_cut_at_its_comma(tag: str) -> None:
    # Regression: URI=k.key?a=1,b=2 was read as URI "k.key?a=1" plus an unknown
    # attribute "b", so the key (or init section) was fetched from a wrong URL.
    refused(f"#EXTM3U\n{tag}\n", "URI must be a quoted string", 2)


def test_a_quoted_uri_keeps_its_commas() -> None:
    text = f'#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="k.key?a=1,b=2",IV={IV}\n#EXTINF:1,\ns.ts\n'
    (segment,) = media(text).segments
    assert segment.key is not None
    assert segment.key.uri == "https://cdn.example/track/k.key?a=1,b=2"


# --- a misspelt tag that matters is refused, not ignored as unknown -------------------------


@pytest.mark.parametrize(
    ("line", "tag"),
    [
        ('#EXT-X-KEY :METHOD=AES-128,URI="k"', "#EXT-X-KEY"),
        ('#ext-x-key:METHOD=AES-128,URI="k"', "#EXT-X-KEY"),
        ('#Ext-X-Map:URI="init.mp4"', "#EXT-X-MAP"),
        ("#EXT-X-MEDIA-SEQUENCE :7", "#EXT-X-MEDIA-SEQUENCE"),
        ("#ext-x-byterange:100@0", "#EXT-X-BYTERANGE"),
        ("#EXTINF :1,", "#EXTINF"),
    ],
)
def test_a_misspelt_key_map_or_sequence_tag_is_refused(line: str, tag: str) -> None:
    # Regression: "#EXT-X-KEY :..." or "#ext-x-key:..." was an unknown tag and ignored,
    # so the encrypted segments after it were written as they came, undecrypted.
    error = refused(f"#EXTM3U\n{line}\n#EXTINF:1,\ns.ts\n#EXT-X-ENDLIST\n", tag, 2)
    assert "exactly" in error.reason


# --- tags that may appear once --------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "#EXT-X-MEDIA-SEQUENCE:5",
        "#EXT-X-DISCONTINUITY-SEQUENCE:5",
        "#EXT-X-TARGETDURATION:5",
        "#EXT-X-VERSION:3",
        "#EXT-X-PLAYLIST-TYPE:VOD",
    ],
)
def test_a_tag_allowed_once_is_refused_twice(tag: str) -> None:
    # Regression: a second EXT-X-MEDIA-SEQUENCE silently replaced the first, and with it
    # the implicit IV of every segment.
    name = tag.split(":")[0]
    refused(f"#EXTM3U\n{tag}\n{tag}\n#EXTINF:1,\ns.ts\n", f"more than one {name}", 3)


# --- URIs without a host ------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("https:", "no host"),
        ("https:///seg.ts", "no host"),
        ("http://", "no host"),
    ],
)
def test_a_uri_that_cannot_be_requested_is_refused(uri: str, message: str) -> None:
    # Regression: accepted by the parser, then refused at download time with a
    # misleading "only https (or loopback http) is fetched".
    refused(f"#EXTM3U\n#EXTINF:1,\n{uri}\n", message, 3)


def test_a_key_uri_without_host_is_refused() -> None:
    refused('#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="https://"\n', "no host", 2)


# --- very long lines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "#EXTM3U\n#EXT-X-KEY:" + "A" * 1_000_000 + "\n",
        "#EXTM3U\n#EXTINF:" + "1" * 1_000_000 + "x,\ns.ts\n",
        "#EXTM3U\n" + "u" * 1_000_000 + "\n",
        "#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:" + "1" * 1_000_000 + "\ns.ts\n",
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=" + "x" * 1_000_000 + "\nv.m3u8\n",
        "#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:" + "y" * 1_000_000 + "\n",
    ],
)
def test_an_error_on_a_very_long_line_quotes_only_its_start(text: str) -> None:
    # Regression: the message quoted the whole value, a 1 MB exception text for a 1 MB line.
    with pytest.raises(PlaylistError) as info:
        parse_playlist(text, BASE)
    assert len(str(info.value)) < 400
    assert "characters" in str(info.value)


# --- what stays accepted --------------------------------------------------------------------


def test_known_good_odd_playlist_still_parses() -> None:
    text = (
        "\ufeff#EXTM3U\r\n#EXT-X-VERSION:7\r\n#EXT-X-MEDIA-SEQUENCE:10\r\n"
        f'#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1?a=1,b=2",IV={IV}\r\n'
        '#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"\r\n'
        "#EXTINF:4,\r\n#EXT-X-BYTERANGE:1000@720\r\nmedia.mp4\r\n"
        "#EXTINF:4,\r\n#EXT-X-BYTERANGE:1000\r\nmedia.mp4\r\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="/k2"\r\n#EXT-X-DISCONTINUITY\r\n'
        "#EXTINF:4,\r\nhttps://other.example/s.mp4?x=%2F\r\n#EXT-X-ENDLIST\r\n"
    )
    first, second, third = media(text).segments
    assert first.byterange is not None and second.byterange is not None
    assert (first.byterange.offset, second.byterange.offset) == (720, 1720)
    assert first.iv == second.iv == bytes.fromhex(IV[2:])
    assert third.iv == (12).to_bytes(16, "big")
    assert third.key is not None and third.key.uri == "https://cdn.example/k2"
    assert third.discontinuity
    assert third.uri == "https://other.example/s.mp4?x=%2F"


@pytest.mark.parametrize(
    "text",
    [
        "#EXTM3U\n" + "\x00" * 1_000_000 + "\n",
        "#EXTM3U\n#EXT-X-KEY:" + "\x00" * 1_000_000 + "\n",
        '#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="ftp://' + "a/" * 500_000 + '"\n',
        "#EXTM3U\n#EXTINF:1,\nftp://" + "\x00" * 1_000_000 + "\n",
    ],
)
def test_an_error_on_a_very_long_line_redacts_only_what_it_quotes(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: the whole value was redacted before its start was quoted, about 1.4 s
    # per MB: a 64 MiB playlist of one line took some 90 s to be refused. What is
    # redacted is now bounded, whatever the line's length.
    import beatkit.hls.playlist as playlist_module

    sizes: list[int] = []

    def measured(function: Callable[[str], str]) -> Callable[[str], str]:
        def wrapper(value: str) -> str:
            sizes.append(len(value))
            return function(value)

        return wrapper

    monkeypatch.setattr(playlist_module, "redact_text", measured(playlist_module.redact_text))
    monkeypatch.setattr(playlist_module, "redact_url", measured(playlist_module.redact_url))
    with pytest.raises(PlaylistError) as info:
        parse_playlist(text, BASE)
    assert sizes, "nothing was redacted"
    assert max(sizes) <= 4096
    assert len(str(info.value)) < 400
    assert "characters" in str(info.value)


# --- memory ---------------------------------------------------------------------------------


def test_a_playlist_of_many_short_lines_is_parsed_without_holding_them_all() -> None:
    # The whole text was split at once: the 64 MiB a download accepts, in three-character
    # lines, made 22 million strings (1.8 GB) before the first was parsed.
    text = "#EXTM3U\n" + "#c\n" * 700_000 + "#EXTINF:5,\ns.ts\n#EXT-X-ENDLIST\n"
    tracemalloc.start()
    try:
        playlist = media(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [segment.uri for segment in playlist.segments] == ["https://cdn.example/track/s.ts"]
    assert peak < 8 * 1024 * 1024  # the split list alone was about 40 MB


@pytest.mark.parametrize("size", [0, 1, 2, 5, 65_535, 65_536, 65_537, 200_000])
def test_lines_are_cut_where_a_whole_split_cuts_them(size: int) -> None:
    text = "".join("\n" if i % 7 == 3 else "ab\r"[i % 3] for i in range(size))
    assert list(_lines(text)) == text.split("\n")
    assert list(_lines(text + "\n")) == (text + "\n").split("\n")
