"""Bounded memory and refused features in the downloader (the sync twin is generated)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit._core.concurrency import async_sleep
from beatkit.hls import KeyFetchError, PlaylistError, SegmentError, encrypt_segment
from beatkit.hls._async.download import AsyncHLSDownloader

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer

KEY = bytes(range(16))
IV = bytes(range(16, 32))


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


def playlist(*lines: str) -> bytes:
    head = ["#EXTM3U", "#EXT-X-TARGETDURATION:5"]
    return ("\n".join([*head, *lines, "#EXT-X-ENDLIST"]) + "\n").encode()


async def test_a_segment_larger_than_the_limit_is_refused(
    server: FakeServer, tmp_path: Path
) -> None:
    # Regression: a segment body was read whole whatever its size, so a server sending
    # gigabytes (or never ending) filled memory, concurrency times over.
    server.files["/big/s0.ts"] = b"a" * 100
    server.files["/big/s1.ts"] = b"b" * 5000
    server.files["/big/p.m3u8"] = playlist("#EXTINF:5,", "s0.ts", "#EXTINF:5,", "s1.ts")
    downloader = AsyncHLSDownloader(retry_backoff=0, max_segment_bytes=1000)
    with pytest.raises(SegmentError, match="larger than the 1000-byte limit") as info:
        await downloader.download(server.url("/big/p.m3u8"), tmp_path / "o")
    assert info.value.index == 1
    assert server.count("/big/s1.ts") == 1  # not retried: a retry gets the same size
    assert not (tmp_path / "o").exists()
    assert leftovers(tmp_path) == []


async def test_a_segment_without_content_length_is_cut_off_at_the_limit(
    server: FakeServer, tmp_path: Path
) -> None:
    server.files["/chunked/s0.ts"] = b"c" * 5000
    server.extra_headers["/chunked/s0.ts"] = {"Content-Encoding": "identity"}
    server.files["/chunked/p.m3u8"] = playlist("#EXTINF:5,", "s0.ts")
    downloader = AsyncHLSDownloader(retry_backoff=0, max_segment_bytes=1000)
    with pytest.raises(SegmentError, match="larger than the 1000-byte limit"):
        await downloader.download(server.url("/chunked/p.m3u8"), tmp_path / "o")
    assert leftovers(tmp_path) == []


async def test_a_byte_range_larger_than_the_limit_is_refused_before_any_request(
    server: FakeServer, tmp_path: Path
) -> None:
    server.files["/br/all.ts"] = b"d" * 5000
    server.files["/br/p.m3u8"] = playlist("#EXTINF:5,", "#EXT-X-BYTERANGE:2000@0", "all.ts")
    downloader = AsyncHLSDownloader(retry_backoff=0, max_segment_bytes=1000)
    with pytest.raises(SegmentError, match="larger than the 1000-byte limit"):
        await downloader.download(server.url("/br/p.m3u8"), tmp_path / "o")
    assert server.count("/br/all.ts") == 0


async def test_a_server_ignoring_range_is_read_without_keeping_the_bytes_before_it(
    server: FakeServer, tmp_path: Path
) -> None:
    # The range ends far beyond the limit, but only its 500 bytes are kept in memory.
    body = os.urandom(20_000)
    server.files["/far/all.ts"] = body
    server.ignore_range = True
    server.files["/far/p.m3u8"] = playlist("#EXTINF:5,", "#EXT-X-BYTERANGE:500@19000", "all.ts")
    downloader = AsyncHLSDownloader(retry_backoff=0, max_segment_bytes=1000)
    await downloader.download(server.url("/far/p.m3u8"), tmp_path / "o")
    assert (tmp_path / "o").read_bytes() == body[19000:19500]


async def test_the_limit_applies_to_ciphertext_and_default_streams_still_work(
    server: FakeServer, tmp_path: Path
) -> None:
    clear = os.urandom(3000)
    server.files["/enc/k.key"] = KEY
    server.files["/enc/s0.aac"] = encrypt_segment(clear, KEY, IV)
    server.files["/enc/p.m3u8"] = playlist(
        f'#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x{IV.hex()}', "#EXTINF:5,", "s0.aac"
    )
    await AsyncHLSDownloader(retry_backoff=0).download(server.url("/enc/p.m3u8"), tmp_path / "o")
    assert (tmp_path / "o").read_bytes() == clear
    downloader = AsyncHLSDownloader(retry_backoff=0, max_segment_bytes=3000)
    with pytest.raises(SegmentError, match="larger than the 3000-byte limit"):
        await downloader.download(server.url("/enc/p.m3u8"), tmp_path / "o2")


@pytest.mark.parametrize("value", [0, -1])
def test_max_segment_bytes_must_be_positive(value: int) -> None:
    with pytest.raises(ValueError, match="max_segment_bytes"):
        AsyncHLSDownloader(max_segment_bytes=value)


async def test_an_i_frames_only_playlist_is_refused(server: FakeServer, tmp_path: Path) -> None:
    # Regression: EXT-X-I-FRAMES-ONLY was ignored, and the key frames were concatenated
    # into a file that reads as the stream but is not one.
    server.files["/if/all.ts"] = b"e" * 1000
    server.files["/if/p.m3u8"] = playlist(
        "#EXT-X-I-FRAMES-ONLY", "#EXTINF:5,", "#EXT-X-BYTERANGE:188@0", "all.ts"
    )
    with pytest.raises(PlaylistError, match="I-FRAMES-ONLY"):
        await AsyncHLSDownloader(retry_backoff=0).download(server.url("/if/p.m3u8"), tmp_path / "o")
    assert server.count("/if/all.ts") == 0
    assert not (tmp_path / "o").exists()


def _master(server: FakeServer, prefix: str, *lines: str) -> str:
    server.files[f"{prefix}/v.m3u8"] = playlist("#EXTINF:5,", "s0.ts")
    server.files[f"{prefix}/a.m3u8"] = playlist("#EXTINF:5,", "s0.ts")
    server.files[f"{prefix}/s0.ts"] = b"video and maybe audio"
    server.files[f"{prefix}/m.m3u8"] = ("\n".join(["#EXTM3U", *lines]) + "\n").encode()
    return server.url(f"{prefix}/m.m3u8")


async def test_a_variant_whose_audio_is_only_in_separate_renditions_is_refused(
    server: FakeServer, tmp_path: Path
) -> None:
    # Regression: the variant's own playlist (video only) was downloaded, and the file
    # had no sound, without a word.
    url = _master(
        server,
        "/alt",
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",DEFAULT=YES,URI="a.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=1000,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="aud"',
        "v.m3u8",
    )
    with pytest.raises(PlaylistError, match="separate EXT-X-MEDIA rendition"):
        await AsyncHLSDownloader(retry_backoff=0).download(url, tmp_path / "o")
    assert server.count("/alt/v.m3u8") == 0
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "media",
    [
        # The audio is in the variant: a rendition without URI says so (RFC 8216 4.3.4.1).
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="main",DEFAULT=YES',
        # An audio-only variant pointing at the rendition's own playlist.
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",URI="v.m3u8"',
        # Another group than the variant's.
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="other",NAME="en",URI="a.m3u8"',
        # Subtitles apart are no loss of the stream itself.
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="aud",NAME="en",URI="a.m3u8"',
    ],
)
async def test_a_variant_that_carries_its_audio_is_downloaded(
    server: FakeServer, tmp_path: Path, media: str
) -> None:
    url = _master(server, "/own", media, '#EXT-X-STREAM-INF:BANDWIDTH=1000,AUDIO="aud"', "v.m3u8")
    await AsyncHLSDownloader(retry_backoff=0).download(url, tmp_path / "o")
    assert (tmp_path / "o").read_bytes() == b"video and maybe audio"


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (0, "is 0 bytes"),
        (15, "is 15 bytes"),
        (17, "is 17 bytes"),
        (32, "is 32 bytes"),
        (10_000_000, "is more than 4096 bytes"),
    ],
)
async def test_a_key_of_any_other_size_than_16_bytes_is_refused(
    server: FakeServer, tmp_path: Path, size: int, said: str
) -> None:
    # A 10 MB answer is not read whole: reading stops past 4 KiB, and the message says so
    # rather than quoting how much happened to be read by then.
    server.files["/ks/k.key"] = b"k" * size
    server.files["/ks/s0.aac"] = encrypt_segment(b"clear", KEY, IV)
    server.files["/ks/p.m3u8"] = playlist(
        f'#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x{IV.hex()}', "#EXTINF:5,", "s0.aac"
    )
    with pytest.raises(KeyFetchError, match=f"{said}, expected exactly 16"):
        await AsyncHLSDownloader(retry_backoff=0).download(server.url("/ks/p.m3u8"), tmp_path / "o")
    assert not (tmp_path / "o").exists()
    assert leftovers(tmp_path) == []


async def test_a_server_trickling_its_body_fails_the_attempt_at_the_fetch_deadline(
    tmp_path: Path,
) -> None:
    # Regression: each chunk came within the read timeout, so a server sending one byte
    # at a time kept the download going for as long as it liked (no overall deadline).
    sent: list[int] = []

    async def trickle() -> AsyncIterator[bytes]:
        for _ in range(200):  # 200 x 20 ms: 4 s if nothing stops it
            sent.append(1)
            await async_sleep(0.02)
            yield b"x"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".m3u8"):
            return httpx.Response(200, content=playlist("#EXTINF:5,", "s0.ts"))
        return httpx.Response(200, content=trickle())

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        downloader = AsyncHLSDownloader(client, retries=1, retry_backoff=0, fetch_deadline=0.2)
        with pytest.raises(SegmentError, match=r"0\.2 s fetch deadline \(after 2 attempts\)"):
            await downloader.download("https://cdn.example/p.m3u8", tmp_path / "o")
    assert len(sent) < 100  # both attempts were cut off, long before the body's end
    assert not (tmp_path / "o").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("value", [0, -1.0, float("inf"), float("nan")])
def test_a_fetch_deadline_that_is_not_a_positive_finite_number_is_refused(value: float) -> None:
    with pytest.raises(ValueError, match="fetch_deadline"):
        AsyncHLSDownloader(fetch_deadline=value)


def test_a_fetch_deadline_of_none_sets_no_deadline() -> None:
    assert "fetch_deadline=None" in repr(AsyncHLSDownloader(fetch_deadline=None))
