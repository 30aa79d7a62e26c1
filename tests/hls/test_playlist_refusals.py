"""Playlists the parser refuses, and URLs and headers the downloader refuses before any request.

Each refusal is a :class:`PlaylistError` (or :class:`InsecureURLError`, ``ValueError``)
whose message names the line and what was wrong, exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit._core.validate import header_name_problem
from beatkit.hls import (
    HLSDownloader,
    InsecureURLError,
    MediaPlaylist,
    PlaylistError,
    parse_playlist,
)

HEAD = "#EXTM3U\n#EXT-X-TARGETDURATION:5\n"
BASE = "https://cdn.example.com/a/p.m3u8"
KEY_IV = "0x00000000000000000000000000000001"


@pytest.mark.parametrize(
    ("text", "base", "message"),
    [
        (
            HEAD + "#EXTINF:5,\nhttp://[x/s.ts\n",
            None,
            "line 4: malformed URI 'http://[x/s.ts': Invalid IPv6 URL",
        ),
        (
            HEAD + "#EXTINF:5,\n//[x/s.ts\n",
            BASE,
            "line 4: malformed URI '//[x/s.ts': Invalid IPv6 URL",
        ),
        (
            HEAD + "#EXTINF:5,\nftp://x.example/s.ts\n",
            BASE,
            "line 4: unsupported URI scheme 'ftp' in 'ftp://x.example/s.ts'",
        ),
        (
            HEAD + f'#EXT-X-KEY:METHOD=AES-128,URI="k.key"x,IV={KEY_IV}\n',
            None,
            "line 3: unexpected text after quoted attribute URI",
        ),
        (
            HEAD + '#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x00"00\n',
            None,
            "line 3: stray quote in attribute IV",
        ),
        (
            HEAD + '#EXT-X-KEY:METHOD=AES-128,URI="k.key",\n',
            None,
            "line 3: trailing comma in attribute list",
        ),
        (
            HEAD + "#EXTINF:5,\ns0.ts\n#EXT-X-MEDIA-SEQUENCE:3\n",
            None,
            "line 5: EXT-X-MEDIA-SEQUENCE must come before the first segment",
        ),
        (
            HEAD + "#EXTINF:5,\ns0.ts\n#EXT-X-DISCONTINUITY-SEQUENCE:3\n",
            None,
            "line 5: EXT-X-DISCONTINUITY-SEQUENCE must come before the first segment",
        ),
        (
            "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-STREAM-INF:BANDWIDTH=2\nv.m3u8\n",
            None,
            "line 2: EXT-X-STREAM-INF not followed by a URI",
        ),
        (
            HEAD + f"#EXT-X-MEDIA-SEQUENCE:{2**64}\n#EXTINF:5,\ns0.ts\n",
            None,
            "line 3: EXT-X-MEDIA-SEQUENCE is larger than 2**64 - 1",
        ),
    ],
)
def test_refused_playlists(text: str, base: str | None, message: str) -> None:
    with pytest.raises(PlaylistError) as info:
        parse_playlist(text + "#EXT-X-ENDLIST\n", base_url=base)
    assert str(info.value) == message


def test_blanks_after_a_quoted_attribute_are_allowed() -> None:
    text = HEAD + f'#EXT-X-KEY:METHOD=AES-128,URI="k.key" \t,IV={KEY_IV}\n#EXTINF:5,\ns.ts\n'
    playlist = parse_playlist(text + "#EXT-X-ENDLIST\n", base_url=BASE)
    assert isinstance(playlist, MediaPlaylist)
    [key] = playlist.keys
    assert key.uri == "https://cdn.example.com/a/k.key"
    assert key.iv == bytes(15) + b"\x01"


def test_the_largest_media_sequence_is_read() -> None:
    text = HEAD + f"#EXT-X-MEDIA-SEQUENCE:{2**64 - 1}\n#EXTINF:5,\ns0.ts\n#EXTINF:5,\ns1.ts\n"
    playlist = parse_playlist(text + "#EXT-X-ENDLIST\n")
    assert isinstance(playlist, MediaPlaylist)
    assert [segment.sequence for segment in playlist.segments] == [2**64 - 1, 2**64]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "ftp://x.example/p.m3u8",
            "playlist: refusing URL 'ftp://x.example/p.m3u8': only https (or loopback http) "
            "is fetched",
        ),
        (
            "https://x.example:99999/p.m3u8",
            "playlist: malformed URL 'https://x.example:99999/p.m3u8': Port out of range 0-65535",
        ),
    ],
)
def test_urls_refused_before_any_request(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(InsecureURLError) as info:
        HLSDownloader(retries=0).download(url, tmp_path / "out")
    assert str(info.value) == message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["Bad Name", "", "X-Key:", "Caf\u00e9"])
def test_header_names_refused_before_any_request(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match=r"^header name ") as info:
        HLSDownloader(retries=0).download(
            "https://x.example/p.m3u8", tmp_path / "out", headers={name: "v"}
        )
    # Described as the CLI and RequestOptions describe it (header_name_problem): a
    # name with a space inside ("Bad Name") may hold a token and is not shown.
    assert str(info.value) == header_name_problem(name)
    assert "Bad Name" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + '#EXT-X-KEY:URI="k.key"\n#EXTINF:5,\ns.ts\n', "line 3: EXT-X-KEY without METHOD"),
        (
            HEAD + '#EXT-X-MAP:BYTERANGE="10@0"\n#EXTINF:5,\ns.ts\n',
            "line 3: EXT-X-MAP requires a URI",
        ),
        (HEAD + '#EXT-X-MAP:URI=""\n#EXTINF:5,\ns.ts\n', "line 3: EXT-X-MAP requires a URI"),
        (
            '#EXTM3U\n#EXT-X-MEDIA:GROUP-ID="a",NAME="x"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n',
            "line 2: EXT-X-MEDIA requires TYPE",
        ),
        (
            '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,NAME="x"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n',
            "line 2: EXT-X-MEDIA requires GROUP-ID",
        ),
    ],
)
def test_tags_missing_a_required_attribute(text: str, message: str) -> None:
    with pytest.raises(PlaylistError) as info:
        parse_playlist(text + "#EXT-X-ENDLIST\n")
    assert str(info.value) == message


def test_a_base_url_of_another_scheme_is_refused() -> None:
    text = HEAD + "#EXTINF:5,\ns.ts\n#EXT-X-ENDLIST\n"
    with pytest.raises(PlaylistError) as info:
        parse_playlist(text, base_url="ftp://cdn.example.com/p.m3u8")
    assert str(info.value) == (
        "base URL: unsupported URI scheme 'ftp' in 'ftp://cdn.example.com/p.m3u8'"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # A URI line lost between two segments: the first segment was silently dropped,
        # and the download wrote a file one segment short as if it were complete.
        (
            HEAD + "#EXTINF:5,\n#EXTINF:6,\ns1.ts\n",
            "line 3: #EXTINF not followed by a URI (another #EXTINF on line 4 comes first)",
        ),
        (
            HEAD + "#EXTINF:5,\n#EXT-X-BYTERANGE:10@0\n#EXTINF:6,\n#EXT-X-BYTERANGE:10@10\ns.ts\n",
            "line 3: #EXTINF not followed by a URI (another #EXTINF on line 5 comes first)",
        ),
        # Two byte ranges for one segment: which one is meant is anybody's guess.
        (
            HEAD + "#EXTINF:5,\n#EXT-X-BYTERANGE:10@0\n#EXT-X-BYTERANGE:10@20\ns.ts\n",
            "line 4: EXT-X-BYTERANGE not followed by a segment (another EXT-X-BYTERANGE on "
            "line 5 comes first)",
        ),
    ],
)
def test_a_segment_tag_given_twice_before_its_uri_is_refused(text: str, message: str) -> None:
    with pytest.raises(PlaylistError) as info:
        parse_playlist(text + "#EXT-X-ENDLIST\n", BASE)
    assert str(info.value) == message
