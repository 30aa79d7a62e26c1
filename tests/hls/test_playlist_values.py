"""Parsed playlists as Python values: ``repr`` hides signed URLs, pickle and hash work."""

from __future__ import annotations

import copy
import pickle

from beatkit.hls.playlist import MasterPlaylist, MediaPlaylist, parse_playlist

SIG = "SIGSECRET"
BASE = f"https://cdn.example.com/1700000000_deadbeef/track/index.m3u8?hdnts={SIG}"

MEDIA = f"""#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:10
#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k/abc123.key?hdnts={SIG}",IV=0x0000000000000000000000000000000A
#EXT-X-MAP:URI="init.mp4?hdnts={SIG}"
#EXTINF:10.0,
seg0.ts?hdnts={SIG}
#EXT-X-ENDLIST
"""

MASTER = f"""#EXTM3U
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="audio.m3u8?sig={SIG}"
#EXT-X-STREAM-INF:BANDWIDTH=128000,AUDIO="a"
low.m3u8?sig={SIG}
"""


def test_repr_of_a_media_playlist_hides_signatures_and_key_names() -> None:
    playlist = parse_playlist(MEDIA, base_url=BASE)
    assert isinstance(playlist, MediaPlaylist)
    text = repr(playlist)
    assert SIG not in text
    assert "deadbeef" not in text  # Beatport's path-embedded signature
    assert "abc123" not in text  # the key file's name
    assert "cdn.example.com" in text and "seg0.ts" in text
    # The values themselves are untouched: they are what the downloader fetches.
    assert SIG in playlist.segments[0].uri and playlist.base_url == BASE


def test_repr_of_a_master_playlist_hides_signatures() -> None:
    playlist = parse_playlist(MASTER, base_url=BASE)
    assert isinstance(playlist, MasterPlaylist)
    assert SIG not in repr(playlist)
    assert "low.m3u8" in repr(playlist) and "audio.m3u8" in repr(playlist)


def test_playlists_pickle_copy_and_hash() -> None:
    for text in (MEDIA, MASTER):
        playlist = parse_playlist(text, base_url=BASE)
        for other in (
            pickle.loads(pickle.dumps(playlist)),  # noqa: S301 - our own bytes
            copy.copy(playlist),
            copy.deepcopy(playlist),
        ):
            assert other == playlist
            assert hash(other) == hash(playlist)
