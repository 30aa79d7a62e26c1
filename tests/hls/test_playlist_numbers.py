"""Numbers of a playlist out of RFC 8216's ranges are refused, not coerced.

An EXTINF duration of 400 digits was read as ``inf`` (and the playlist's duration with
it); byte-range lengths and offsets past 2**64 - 1 (RFC 8216's decimal-integer) were
taken and sent as a Range header; an EXT-X-BYTERANGE that no segment follows was dropped
silently (an EXTINF that none follows is refused: both say the playlist was cut).
"""

from __future__ import annotations

import pytest

from beatkit.hls import PlaylistError, parse_playlist

HEAD = "#EXTM3U\n#EXT-X-TARGETDURATION:5\n"
BIG = str(2**64)


def test_an_infinite_extinf_duration_is_refused() -> None:
    with pytest.raises(PlaylistError, match=r"line 3: EXTINF duration is too large"):
        parse_playlist(HEAD + "#EXTINF:" + "9" * 400 + ",\ns.ts\n#EXT-X-ENDLIST\n")


def test_a_large_finite_extinf_duration_is_read() -> None:
    playlist = parse_playlist(HEAD + "#EXTINF:1" + "0" * 300 + ".5,\ns.ts\n#EXT-X-ENDLIST\n")
    assert playlist.segments[0].duration == 1e300


@pytest.mark.parametrize(
    "value", [f"{BIG}@0", f"10@{BIG}", f"{BIG}", f"{2**64 - 1}@{2**64 - 1}"], ids=str
)
def test_a_byte_range_past_the_decimal_integer_range_is_refused(value: str) -> None:
    with pytest.raises(PlaylistError, match="line 3: byte range"):
        parse_playlist(HEAD + f"#EXT-X-BYTERANGE:{value}\n#EXTINF:5,\ns.ts\n")


def test_a_map_byte_range_past_the_decimal_integer_range_is_refused() -> None:
    with pytest.raises(PlaylistError, match="line 3: byte range"):
        parse_playlist(HEAD + f'#EXT-X-MAP:URI="i.mp4",BYTERANGE="10@{BIG}"\n#EXTINF:5,\ns.ts\n')


def test_the_largest_byte_range_is_read() -> None:
    last = 2**64 - 1
    playlist = parse_playlist(HEAD + f"#EXT-X-BYTERANGE:1@{last - 1}\n#EXTINF:5,\ns.ts\n")
    assert playlist.segments[0].byterange is not None
    assert playlist.segments[0].byterange.end == last


def test_a_byte_range_no_segment_follows_is_refused() -> None:
    text = HEAD + "#EXTINF:5,\ns.ts\n#EXT-X-BYTERANGE:100@0\n#EXT-X-ENDLIST\n"
    with pytest.raises(PlaylistError, match="line 5: EXT-X-BYTERANGE not followed by a segment"):
        parse_playlist(text)
