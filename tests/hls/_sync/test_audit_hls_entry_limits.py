# GENERATED from tests/hls/_async/test_audit_hls_entry_limits.py by scripts/unasync.py: edit the async source.
"""The downloader's limit on what one playlist may make the parser keep (the sync twin
is generated from this file).

The 200,000-segment cap bounds the memory a parsed playlist takes, but only counted
``#EXTINF``: each ``EXT-X-KEY`` tag, variant and rendition is kept too, with its URI
resolved against the playlist's URL. 64 MiB of ``#EXT-X-KEY:METHOD=AES-128,URI="k"``
lines under a 2 KB signed URL made two million keys of 2 KB each: gigabytes. Key tags
may be twice the segment limit (a key per segment, and another key format's beside it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.hls import PlaylistError
from beatkit.hls._sync import download as download_module
from beatkit.hls._sync.download import HLSDownloader

from ._fetching import BASE, media, segments, serving


def _key(i: int) -> str:
    return f'#EXT-X-KEY:METHOD=AES-128,URI="k{i}.key",IV=0x{i:032x}'


def test_more_key_tags_than_the_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "_MAX_SEGMENTS", 3)
    lines = [_key(i) for i in range(6)] + ["#EXT-X-KEY:METHOD=NONE", *segments(1)]
    client, seen = serving({"/p.m3u8": media(*lines), "/s0.ts": b"x"})
    with client:
        with pytest.raises(PlaylistError, match="more than 6 EXT-X-KEY tags") as info:
            HLSDownloader(client).download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert "cdn.example/p.m3u8" in str(info.value)
    assert seen == [f"{BASE}/p.m3u8"]
    assert list(tmp_path.iterdir()) == []


def test_as_many_key_tags_as_allowed_are_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A key per segment and another key format's beside it fit at the segment limit.
    monkeypatch.setattr(download_module, "_MAX_SEGMENTS", 3)
    drm = '#EXT-X-KEY:METHOD=AES-128,URI="skd://k",KEYFORMAT="com.apple.streamingkeydelivery"'
    lines = [line for i in range(3) for line in (drm, "#EXT-X-KEY:METHOD=NONE", *segments(1))]
    lines = [line.replace("s0.ts", f"s{i // 4}.ts") for i, line in enumerate(lines)]
    files = {"/p.m3u8": media(*lines)} | {f"/s{i}.ts": b"x" for i in range(3)}
    client, _ = serving(files)
    with client:
        result = HLSDownloader(client).download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert result.segments == 3


def test_a_master_playlist_of_more_variants_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "_MAX_SEGMENTS", 3)
    master = ["#EXTM3U"] + [f"#EXT-X-STREAM-INF:BANDWIDTH={i}\nv{i}.m3u8" for i in range(2)]
    audio = '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="n{0}",URI="a{0}.m3u8"'
    master += [audio.format(i) for i in range(2)]
    client, seen = serving({"/m.m3u8": ("\n".join(master) + "\n").encode()})
    with client:
        with pytest.raises(PlaylistError, match="more than 3 variants and renditions"):
            HLSDownloader(client).download(f"{BASE}/m.m3u8", tmp_path / "out")
    assert seen == [f"{BASE}/m.m3u8"]
    assert list(tmp_path.iterdir()) == []


def test_a_master_playlist_at_the_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "_MAX_SEGMENTS", 3)
    master = ["#EXTM3U"] + [f"#EXT-X-STREAM-INF:BANDWIDTH={i}\nv{i}.m3u8" for i in range(3)]
    files = {"/m.m3u8": ("\n".join(master) + "\n").encode(), "/v2.m3u8": media(*segments(1))}
    client, _ = serving(files | {"/s0.ts": b"x"})
    with client:
        result = HLSDownloader(client).download(f"{BASE}/m.m3u8", tmp_path / "out")
    assert result.segments == 1
