"""What ``parse_playlist`` returns, as its docstring says.

The docstring said a ``MasterPlaylist`` comes back "if the text has EXT-X-STREAM-INF
tags"; ``EXT-X-MEDIA`` tags alone give one too (with no variants), and a text with
only ``EXT-X-I-FRAME-STREAM-INF`` tags (not read) is an empty ``MediaPlaylist``.
"""

from __future__ import annotations

import pytest

from beatkit.hls import MasterPlaylist, MediaPlaylist, PlaylistError, parse_playlist

MEDIA_TAG = '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="a.m3u8"'


def test_ext_x_media_alone_gives_a_master_playlist_and_the_docstring_says_so() -> None:
    playlist = parse_playlist(f"#EXTM3U\n{MEDIA_TAG}\n")
    assert isinstance(playlist, MasterPlaylist)
    assert playlist.variants == () and [r.uri for r in playlist.renditions] == ["a.m3u8"]
    doc = " ".join((parse_playlist.__doc__ or "").split())
    assert "``EXT-X-STREAM-INF`` or ``EXT-X-MEDIA`` tags" in doc


def test_i_frame_stream_inf_alone_gives_an_empty_media_playlist_as_documented() -> None:
    text = '#EXTM3U\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI="i.m3u8"\n'
    playlist = parse_playlist(text)
    assert isinstance(playlist, MediaPlaylist) and playlist.segments == ()
    assert "EXT-X-I-FRAME-STREAM-INF`` is not read" in (parse_playlist.__doc__ or "")


@pytest.mark.parametrize("media", ["#EXTINF:5,\ns.ts", "#EXT-X-TARGETDURATION:5"])
def test_master_and_media_tags_together_are_refused(media: str) -> None:
    with pytest.raises(PlaylistError, match="mixes master tags"):
        parse_playlist(f"#EXTM3U\n{MEDIA_TAG}\n{media}\n")
