"""Tests of the pure playlist parser."""

from __future__ import annotations

import contextlib
import re
import time
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beatkit.hls import (
    HLSError,
    MasterPlaylist,
    MediaPlaylist,
    PlaylistError,
    UnsupportedEncryptionError,
    parse_playlist,
    resolve_uri,
)

BASE = "https://cdn.example/track/abc/stream.m3u8?sig=a%2Fb"

BEATPORT = """#EXTM3U
#EXT-X-VERSION:3
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-TARGETDURATION:6
#EXT-X-KEY:METHOD=AES-128,URI="u.128k.aac.key?start=0&end=30000",IV=0x201d0ce6c77d92062639fe2687d2a97f
#EXTINF:5.015510,
u.128k.aac-1.aac?start=0&end=30000
#EXTINF:5.015510,
u.128k.aac-2.aac?start=0&end=30000
#EXT-X-ENDLIST
"""


def media(text: str, base: str | None = BASE) -> MediaPlaylist:
    playlist = parse_playlist(text, base)
    assert isinstance(playlist, MediaPlaylist)
    return playlist


def test_beatport_shape() -> None:
    playlist = media(BEATPORT)
    assert playlist.version == 3
    assert playlist.playlist_type == "VOD"
    assert playlist.target_duration == 6
    assert playlist.endlist
    assert playlist.encrypted
    assert playlist.duration == pytest.approx(10.03102)
    first, second = playlist.segments
    assert first.uri == "https://cdn.example/track/abc/u.128k.aac-1.aac?start=0&end=30000"
    assert first.key is not None
    assert first.key.uri == "https://cdn.example/track/abc/u.128k.aac.key?start=0&end=30000"
    assert first.iv == bytes.fromhex("201d0ce6c77d92062639fe2687d2a97f")
    assert second.iv == first.iv
    assert (first.index, second.index, second.sequence) == (0, 1, 1)
    assert first.line == 8
    assert "iv=" in repr(first.key)  # the IV is public; key bytes never live in a Key


def test_crlf_bom_comments_unknown_tags() -> None:
    text = "\ufeff" + BEATPORT.replace("\n", "\r\n").replace(
        "#EXT-X-ENDLIST", "# a comment\r\n#EXT-X-FUTURE-TAG:X=1\r\n\r\n#EXT-X-ENDLIST"
    )
    assert media(text).segments == media(BEATPORT).segments


def test_iv_from_media_sequence_including_above_2_63() -> None:
    text = (
        "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:18446744073709551614\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="k"\n#EXTINF:1,\na\n#EXTINF:1,\nb\n'
        "#EXT-X-KEY:METHOD=NONE\n#EXTINF:1,\nc\n"
    )
    a, b, c = media(text).segments
    assert a.iv == (2**64 - 2).to_bytes(16, "big")
    assert b.iv == (2**64 - 1).to_bytes(16, "big")
    assert a.sequence == 2**64 - 2
    assert c.key is None
    assert c.iv is None


def test_byteranges_with_and_without_offset() -> None:
    text = (
        "#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:100@0\nall.ts\n"
        "#EXTINF:1,\n#EXT-X-BYTERANGE:50\nall.ts\n"
        "#EXTINF:1,\n#EXT-X-BYTERANGE:25@500\nall.ts\n#EXTINF:1,\n#EXT-X-BYTERANGE:5\nall.ts\n"
    )
    ranges = [s.byterange for s in media(text).segments]
    assert [(r.length, r.offset) for r in ranges if r] == [(100, 0), (50, 100), (25, 500), (5, 525)]
    assert ranges[1] is not None
    assert ranges[1].header() == "bytes=100-149"


def test_map_keys_discontinuity_date_and_title() -> None:
    text = (
        "#EXTM3U\n#EXT-X-DISCONTINUITY-SEQUENCE:4\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="k1",IV=0x000102030405060708090a0b0c0d0e0f,'
        'KEYFORMAT="identity",KEYFORMATVERSIONS="1"\n'
        '#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"\n'
        "#EXT-X-PROGRAM-DATE-TIME:2026-01-15T10:00:00.000Z\n"
        "#EXTINF:4.5,Intro, part 1\ns0.m4s\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="k2"\n#EXT-X-DISCONTINUITY\n#EXTINF:4,\ns1.m4s\n'
    )
    first, second = media(text).segments
    assert first.init_section is not None
    assert first.init_section.key is not None
    assert first.init_section.key.uri.endswith("/k1")
    assert first.init_section.iv == bytes(range(16))
    assert first.init_section.byterange is not None
    assert first.init_section.byterange.length == 720
    assert first.title == "Intro, part 1"
    assert first.program_date_time == datetime(2026, 1, 15, 10, tzinfo=UTC)
    assert first.key is not None
    assert first.key.keyformatversions == "1"
    assert second.init_section == first.init_section
    assert second.discontinuity
    assert not first.discontinuity
    assert (first.discontinuity_sequence, second.discontinuity_sequence) == (4, 5)
    assert second.key is not None
    assert second.key.uri == "https://cdn.example/track/abc/k2"
    assert second.iv == (1).to_bytes(16, "big")


def test_master_playlist() -> None:
    text = (
        "#EXTM3U\n"
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",LANGUAGE="en",DEFAULT=YES,'
        'AUTOSELECT=YES,URI="audio/en.m3u8"\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=1280000,AVERAGE-BANDWIDTH=1000000,CODECS="avc1.4d401f,'
        'mp4a.40.2",RESOLUTION=1280x720,AUDIO="aac"\nhi/index.m3u8?token=x\n'
        "#EXT-X-STREAM-INF:BANDWIDTH=640000\n/lo/index.m3u8\n"
    )
    playlist = parse_playlist(text, BASE)
    assert isinstance(playlist, MasterPlaylist)
    hi, lo = playlist.variants
    assert hi.uri == "https://cdn.example/track/abc/hi/index.m3u8?token=x"
    assert (hi.bandwidth, hi.average_bandwidth, hi.resolution) == (1280000, 1000000, (1280, 720))
    assert hi.codecs == "avc1.4d401f,mp4a.40.2"
    assert hi.audio == "aac"
    assert lo.uri == "https://cdn.example/lo/index.m3u8"
    (audio,) = playlist.renditions
    assert (audio.type, audio.group_id, audio.language, audio.default) == (
        "AUDIO",
        "aac",
        "en",
        True,
    )
    assert audio.uri == "https://cdn.example/track/abc/audio/en.m3u8"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("a.ts?x=%2F&y=", "https://h:8443/d/s/a.ts?x=%2F&y="),
        ("../a/b.ts?q", "https://h:8443/d/a/b.ts?q"),
        ("//cdn2/x.ts?z", "https://cdn2/x.ts?z"),
        ("/abs.ts", "https://h:8443/abs.ts"),
        ("?only", "https://h:8443/d/s/p.m3u8?only"),
        ("http://127.0.0.1/x?a=b%20c", "http://127.0.0.1/x?a=b%20c"),
    ],
)
def test_resolve_uri_keeps_query_verbatim(reference: str, expected: str) -> None:
    assert resolve_uri(reference, "https://h:8443/d/s/p.m3u8?tok=1") == expected


def test_relative_uris_stay_relative_without_base() -> None:
    assert media(BEATPORT, None).segments[0].uri == "u.128k.aac-1.aac?start=0&end=30000"


KEY_LINE = '#EXT-X-KEY:METHOD=AES-128,URI="k"'


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("#EXT-X-VERSION:3\n", "#EXTM3U", 1),
        ('#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="k"\n', "DRM", 2),
        ('#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="k"\n', "DRM", 2),
        ('#EXTM3U\n#EXT-X-KEY:METHOD=AES-256,URI="k"\n', "unsupported", 2),
        (
            '#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="k",KEYFORMAT="com.apple.streamingkeydelivery"\n',
            "KEYFORMAT",
            2,
        ),
        ("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128\n", "requires a URI", 2),
        ('#EXTM3U\n#EXT-X-KEY:METHOD=NONE,URI="k"\n', "NONE", 2),
        ("#EXTM3U\n#EXT-X-KEY:METHOD=NONE,IV=0x00000000000000000000000000000000\n", "NONE", 2),
        (f"#EXTM3U\n{KEY_LINE},IV=0x1234\n", "32 hexadecimal", 2),
        (f"#EXTM3U\n{KEY_LINE},IV=00000000000000000000000000000000\n", "32 hexadecimal", 2),
        ('#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="k",URI="j"\n', "duplicate attribute URI", 2),
        ('#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="k\n', "unterminated", 2),
        ("#EXTM3U\n#EXT-X-VERSION:3\nseg.ts\n", "without a preceding #EXTINF", 3),
        ("#EXTM3U\n#EXTINF:abc,\nseg.ts\n", "must be a number", 2),
        ("#EXTM3U\n#EXTINF:nan,\nseg.ts\n", "must be a number", 2),
        ("#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:100\nseg.ts\n", "same resource", 3),
        ("#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n", "scheme 'file'", 3),
        ('#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="data:text/plain,x"\n', "scheme 'data'", 2),
        (f'#EXTM3U\n{KEY_LINE}\n#EXT-X-MAP:URI="init.mp4"\n', "explicit IV", 3),
        ("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:-1\n", "decimal integer", 2),
        ("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:18446744073709551616\n", "2**64", 2),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", "not followed by a URI", 2),
        ('#EXTM3U\n#EXT-X-STREAM-INF:CODECS="x"\nv.m3u8\n', "BANDWIDTH", 2),
        ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXTINF:1,\ns.ts\n", "mixes", 4),
        ("#EXTM3U\n#EXTINF:1,\n", "not followed by a URI", 2),
        ("#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n", "PROGRAM-DATE-TIME", 2),
    ],
)
def test_errors_name_the_line(text: str, message: str, line: int) -> None:
    with pytest.raises(PlaylistError, match=re.escape(message)) as info:
        parse_playlist(text, BASE)
    assert info.value.line == line
    assert str(info.value).startswith(f"line {line}: ")


def test_drm_is_its_own_error() -> None:
    with pytest.raises(UnsupportedEncryptionError):
        parse_playlist('#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://x"\n')


def test_bad_base_url() -> None:
    with pytest.raises(PlaylistError, match="base URL"):
        parse_playlist(BEATPORT, "ftp://example.com/p.m3u8")


def test_key_per_segment_playlist_is_linear() -> None:
    lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:6"]
    for i in range(10_000):
        lines.append(f'#EXT-X-KEY:METHOD=AES-128,URI="k{i % 7}.key?e=1",IV=0x{i:032x}')
        lines += ["#EXTINF:5.0,", f"s{i}.aac?start=0&end=9"]
    lines.append("#EXT-X-ENDLIST")
    playlist = media("\n".join(lines))
    assert len(playlist.segments) == 10_000
    assert len(playlist.keys) == 10_000
    assert playlist.segments[9_999].iv == (9_999).to_bytes(16, "big")
    # Only a sanity bound on quadratic blow-up (m3u8 takes > 5 s); timings live in bench/.
    start = time.perf_counter()
    media("\n".join(lines))
    assert time.perf_counter() - start < 30


TAGS = st.sampled_from(
    [
        "#EXTM3U", "#EXTINF:", "#EXT-X-KEY:", "#EXT-X-BYTERANGE:", "#EXT-X-MAP:",
        "#EXT-X-MEDIA-SEQUENCE:", "#EXT-X-STREAM-INF:", "#EXT-X-MEDIA:", "#EXT-X-ENDLIST",
        "#EXT-X-DISCONTINUITY", "#EXT-X-PROGRAM-DATE-TIME:", "METHOD=AES-128", 'URI="',
        "IV=0x", "BANDWIDTH=", "@", ",", '"', "\r\n", "\n", "seg.ts", "http://[", "1",
        "99999999999999999999999", "file:", "0x00112233445566778899aabbccddeeff",
    ]
)  # fmt: skip


@pytest.mark.fuzz
@given(st.lists(st.one_of(TAGS, st.text(max_size=8)), max_size=40))
def test_parser_only_raises_hls_errors(pieces: list[str]) -> None:
    text = "".join(pieces)
    for candidate in (text, "#EXTM3U\n" + text):
        with contextlib.suppress(HLSError):
            parse_playlist(candidate, BASE)


@pytest.mark.fuzz
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=30)))
def test_parser_only_raises_hls_errors_on_any_text(text: str, base: str | None) -> None:
    with contextlib.suppress(HLSError):
        parse_playlist(text, base)


# --- EXTINF titles (RFC 8216 4.3.2.1) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("#EXTINF:5.76, no desc", " no desc"),
        ("#EXTINF:5.76,no desc", "no desc"),
        ("#EXTINF:5.76,", ""),
        ("#EXTINF:5.76", ""),
        ("#EXTINF:5.76,Intro, part 1", "Intro, part 1"),
        ("#EXTINF:5.76,\ttabbed\t", "\ttabbed\t"),
        ("#EXTINF:5.76,  two leading, two trailing  ", "  two leading, two trailing  "),
        ("#EXTINF:5.76, windows line end\r", " windows line end"),
    ],
)
def test_extinf_title_is_kept_as_written(line: str, title: str) -> None:
    # Regression: the title was stripped, so "#EXTINF:5.76, no desc" gave "no desc".
    (segment,) = media(f"#EXTM3U\n{line}\ns.aac\n").segments
    assert segment.title == title
    assert segment.duration == 5.76


_titles = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)))


_durations = st.builds("{}.{:06d}".format, st.integers(0, 10**6), st.integers(0, 999_999))


@pytest.mark.fuzz
@given(st.lists(st.tuples(_durations, _titles), max_size=8))
def test_extinf_round_trip(entries: list[tuple[str, str]]) -> None:
    lines = ["#EXTM3U"]
    for index, (duration, title) in enumerate(entries):
        lines += [f"#EXTINF:{duration},{title}", f"s{index}.aac"]
    playlist = media("\n".join(lines) + "\n")
    expected = [(float(duration), title) for duration, title in entries]
    assert [(s.duration, s.title) for s in playlist.segments] == expected


_playlist_lines = st.lists(
    st.one_of(
        TAGS,
        st.builds("#EXTINF:{},{}".format, st.floats(allow_nan=True), _titles),
        st.builds(
            '#EXT-X-KEY:METHOD=AES-128,URI="{}",IV=0x{}'.format,
            st.text(max_size=20),
            st.text(alphabet="0123456789abcdefABCDEFx", max_size=34),
        ),
        st.builds(
            "#EXT-X-BYTERANGE:{}@{}".format, st.integers(-1, 10**25), st.integers(-1, 10**25)
        ),
        st.builds("#EXT-X-MEDIA-SEQUENCE:{}".format, st.integers(-1, 2**130)),
        st.builds(
            '#EXT-X-MAP:URI="{}",BYTERANGE="{}"'.format, st.text(max_size=10), st.text(max_size=10)
        ),
        st.builds(
            "#EXT-X-STREAM-INF:BANDWIDTH={},RESOLUTION={}".format,
            st.integers(-1, 10**25),
            st.text(max_size=10),
        ),
        st.builds("#EXT-X-PROGRAM-DATE-TIME:{}".format, st.text(max_size=30)),
        st.text(max_size=30),
    ),
    max_size=30,
)


@pytest.mark.fuzz
@given(
    _playlist_lines, st.sampled_from([BASE, None, "https://cdn.example/a/b/", "http://[::1]:8/x"])
)
def test_parser_only_raises_hls_errors_on_playlist_like_text(
    lines: list[str], base: str | None
) -> None:
    text = "\n".join(["#EXTM3U", *lines])
    try:
        playlist = parse_playlist(text, base)
    except HLSError:
        return
    if isinstance(playlist, MediaPlaylist):
        for segment in playlist.segments:
            assert segment.iv is None or len(segment.iv) == 16
            assert segment.byterange is None or segment.byterange.length >= 0


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:0@0\nseg.ts\n", 3),
        ("#EXTM3U\n#EXTINF:1,\n#EXT-X-BYTERANGE:0\nseg.ts\n", 3),
        ('#EXTM3U\n#EXT-X-MAP:URI="init.mp4",BYTERANGE="0@10"\n', 2),
    ],
)
def test_an_empty_byte_range_is_refused(text: str, line: int) -> None:
    # "bytes=0--1" is no HTTP Range: a server refuses it (416) or ignores it and sends
    # the whole resource, which the downloader then cut to nothing, writing the
    # segment as zero bytes without a word.
    with pytest.raises(PlaylistError, match="at least 1") as info:
        parse_playlist(text, BASE)
    assert info.value.line == line


@pytest.mark.parametrize(
    ("written", "read"),
    [("10", 10), ("4.0", 4), ("6.006", 7), ("0.5", 1), (" 6 ", 6)],
)
def test_a_decimal_target_duration_is_read_rounded_up(written: str, read: int) -> None:
    # Real origins write "4.0" or "6.006" (players read them: hls.js takes the integer
    # part, gohlslib the decimal); the downloader never uses the value, and refusing the
    # whole playlist over it left such VOD streams undownloadable.
    text = f"#EXTM3U\n#EXT-X-TARGETDURATION:{written}\n#EXTINF:6.006,\ns.ts\n#EXT-X-ENDLIST\n"
    playlist = parse_playlist(text)
    assert isinstance(playlist, MediaPlaylist)
    assert playlist.target_duration == read
    assert type(playlist.target_duration) is int


@pytest.mark.parametrize("written", ["abc", "-4", "4,0", "1e3", "", "1" * 400])
def test_a_target_duration_that_is_no_number_is_still_refused(written: str) -> None:
    text = f"#EXTM3U\n#EXT-X-TARGETDURATION:{written}\n#EXTINF:6,\ns.ts\n#EXT-X-ENDLIST\n"
    with pytest.raises(PlaylistError, match=r"^line 2: EXT-X-TARGETDURATION "):
        parse_playlist(text)
