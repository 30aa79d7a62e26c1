"""A gzip or deflate answer is decoded to its last byte, or the download fails.

httpx's gzip and deflate decoders stop quietly where the compressed data stops, and
read only the first member of a gzip body made of several. A segment, initialization
section, key or playlist sent with ``Content-Encoding: gzip`` (or ``deflate``) and cut
inside its compressed data was accepted short: a clear segment was written truncated,
an encrypted one failed with a misleading padding error, and the second member of a
multi-member body was dropped. Now a cut body is retried like a body shorter than its
``Content-Length`` (then a ``SegmentError``, ``KeyFetchError`` or ``FetchError``), bytes
after the compressed data are refused (not retried), every gzip member is kept, and
nothing is written. Both facades, over a real socket and a test double's stream, and
the CLI.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from beatkit.hls import (
    AsyncHLSDownloader,
    DownloadResult,
    FetchError,
    HLSDownloader,
    KeyFetchError,
    SegmentError,
)
from tests.hls._cli import run

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer

CLEAR = bytes(range(256)) * 40  # 10 KiB of clear media
KEY = bytes(range(16))
_PLAYLIST = (
    b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXTINF:5,\ns1.ts\n#EXT-X-ENDLIST\n"
)

Download = Callable[..., DownloadResult]


def _sync(url: str, dest: Path, **kwargs: Any) -> DownloadResult:
    return HLSDownloader(**kwargs).download(url, dest)


def _async(url: str, dest: Path, **kwargs: Any) -> DownloadResult:
    return asyncio.run(AsyncHLSDownloader(**kwargs).download(url, dest))


FACADES = pytest.mark.parametrize("download", [_sync, _async], ids=["sync", "async"])


def _cut(body: bytes) -> bytes:
    return body[: len(body) // 2]


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def _clear_stream(server: FakeServer, prefix: str) -> None:
    server.files[f"{prefix}/p.m3u8"] = _PLAYLIST
    server.files[f"{prefix}/s0.ts"] = CLEAR
    server.files[f"{prefix}/s1.ts"] = CLEAR


@FACADES
@pytest.mark.parametrize(
    ("coding", "compress"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("deflate", _raw_deflate)],
    ids=["gzip", "deflate", "raw-deflate"],
)
def test_a_clear_segment_cut_inside_its_compressed_data_is_retried_then_refused(
    server: FakeServer, tmp_path: Path, download: Download, coding: str, compress: Any
) -> None:
    _clear_stream(server, "/c")
    server.files["/c/s1.ts"] = _cut(compress(CLEAR))
    server.extra_headers["/c/s1.ts"] = {"Content-Encoding": coding}
    with pytest.raises(SegmentError) as info:
        download(server.url("/c/p.m3u8"), tmp_path / "o", retries=1, retry_backoff=0)
    assert info.value.index == 1
    assert "cut short" in str(info.value) and "after 2 attempts" in str(info.value)
    assert isinstance(info.value.__cause__, FetchError)
    assert server.count("/c/s1.ts") == 2  # retried, as a body short of its Content-Length
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_an_encrypted_segment_cut_inside_its_gzip_data_is_no_padding_error(
    server: FakeServer, tmp_path: Path, download: Download
) -> None:
    server.add_stream("/e", [os.urandom(3000) for _ in range(2)])
    # Cut on a 16-byte boundary of the ciphertext: it decrypted, with a padding error
    # at best, a wrong last block at worst.
    server.files["/e/s1.aac"] = gzip.compress(server.files["/e/s1.aac"])[:-40]
    server.extra_headers["/e/s1.aac"] = {"Content-Encoding": "gzip"}
    with pytest.raises(SegmentError) as info:
        download(server.url("/e/p.m3u8"), tmp_path / "o", retries=1, retry_backoff=0)
    assert info.value.index == 1 and "cut short" in str(info.value)
    assert "padding" not in str(info.value)
    assert server.count("/e/s1.aac") == 2
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_a_key_cut_inside_its_gzip_data_is_a_key_fetch_error(
    server: FakeServer, tmp_path: Path, download: Download
) -> None:
    server.add_stream("/k", [os.urandom(300)])
    server.files["/k/k0.key"] = gzip.compress(KEY)[:-6]  # the trailer's CRC cut
    server.extra_headers["/k/k0.key"] = {"Content-Encoding": "gzip"}
    with pytest.raises(KeyFetchError) as info:
        download(server.url("/k/p.m3u8"), tmp_path / "o", retries=1, retry_backoff=0)
    assert "cut short" in str(info.value)
    assert server.count("/k/k0.key") == 2
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_a_playlist_cut_inside_its_gzip_data_is_a_fetch_error(
    server: FakeServer, tmp_path: Path, download: Download
) -> None:
    _clear_stream(server, "/p")
    # Cut after the ENDLIST tag was decoded: parsed, it would be a valid playlist
    # of its first segments.
    server.files["/p/p.m3u8"] = gzip.compress(_PLAYLIST)[:-8]
    server.extra_headers["/p/p.m3u8"] = {"Content-Encoding": "gzip"}
    with pytest.raises(FetchError) as info:
        download(server.url("/p/p.m3u8"), tmp_path / "o", retries=1, retry_backoff=0)
    assert "cut short" in str(info.value) and info.value.url == server.url("/p/p.m3u8")
    assert server.count("/p/p.m3u8") == 2
    assert server.count("/p/s0.ts") == 0
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_an_init_section_cut_inside_its_gzip_data_is_a_segment_error(
    server: FakeServer, tmp_path: Path, download: Download
) -> None:
    server.files["/i/p.m3u8"] = (
        b'#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXT-X-MAP:URI="init.mp4"\n'
        b"#EXTINF:5,\ns0.m4s\n#EXT-X-ENDLIST\n"
    )
    server.files["/i/init.mp4"] = _cut(gzip.compress(CLEAR))
    server.extra_headers["/i/init.mp4"] = {"Content-Encoding": "gzip"}
    server.files["/i/s0.m4s"] = CLEAR
    with pytest.raises(SegmentError) as info:
        download(server.url("/i/p.m3u8"), tmp_path / "o", retries=1, retry_backoff=0)
    assert "cut short" in str(info.value)
    assert server.count("/i/init.mp4") == 2
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_bytes_after_the_compressed_data_are_refused_not_retried(
    server: FakeServer, tmp_path: Path, download: Download
) -> None:
    _clear_stream(server, "/t")
    server.files["/t/s1.ts"] = gzip.compress(CLEAR) + b"<html>trailing garbage</html>"
    server.extra_headers["/t/s1.ts"] = {"Content-Encoding": "gzip"}
    with pytest.raises(SegmentError) as info:
        download(server.url("/t/p.m3u8"), tmp_path / "o", retries=1, retry_backoff=0)
    assert info.value.index == 1
    assert "Content-Encoding (gzip)" in str(info.value) and "follow the end" in str(info.value)
    assert server.count("/t/s1.ts") == 1  # a server that sends it keeps sending it
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_every_member_of_a_multi_member_gzip_body_is_kept(
    server: FakeServer, tmp_path: Path, download: Download
) -> None:
    _clear_stream(server, "/m")
    half = len(CLEAR) // 2
    server.files["/m/s1.ts"] = gzip.compress(CLEAR[:half]) + gzip.compress(CLEAR[half:])
    server.extra_headers["/m/s1.ts"] = {"Content-Encoding": "gzip"}
    server.files["/m/p.m3u8"] = gzip.compress(_PLAYLIST[:20]) + gzip.compress(_PLAYLIST[20:])
    server.extra_headers["/m/p.m3u8"] = {"Content-Encoding": "gzip"}
    result = download(server.url("/m/p.m3u8"), tmp_path / "o", retry_backoff=0)
    assert (tmp_path / "o").read_bytes() == CLEAR + CLEAR
    assert result.bytes_written == 2 * len(CLEAR)


@FACADES
def test_a_whole_compressed_body_is_still_decoded(
    server: FakeServer, tmp_path: Path, download: Download
) -> None:
    chunks = [os.urandom(1000), os.urandom(2000)]
    expected = server.add_stream("/w", chunks)
    for path, compress, coding in (
        ("/w/p.m3u8", gzip.compress, "gzip"),
        ("/w/k0.key", zlib.compress, "deflate"),
        ("/w/s0.aac", _raw_deflate, "deflate"),
        ("/w/s1.aac", gzip.compress, "gzip"),
    ):
        server.files[path] = compress(server.files[path])
        server.extra_headers[path] = {"Content-Encoding": coding}
    download(server.url("/w/p.m3u8"), tmp_path / "o", retry_backoff=0)
    assert (tmp_path / "o").read_bytes() == expected


def _stream_client(kind: type[httpx.Client] | type[httpx.AsyncClient], body: bytes) -> Any:
    """A test double answering the segment with ``body`` as a stream, gzip-labelled."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=_PLAYLIST)
        if request.url.path == "/s1.ts":
            return httpx.Response(
                200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(body)
            )
        return httpx.Response(200, content=CLEAR)

    return kind(transport=httpx.MockTransport(handle))


@pytest.mark.parametrize(
    "body",
    [_cut(gzip.compress(CLEAR)), gzip.compress(CLEAR) + b"junk"],
    ids=["cut", "trailing"],
)
def test_a_streamed_test_double_body_both_facades(tmp_path: Path, body: bytes) -> None:
    url = "https://cdn.example/p.m3u8"
    with _stream_client(httpx.Client, body) as client, pytest.raises(SegmentError) as info:
        HLSDownloader(client, retries=0).download(url, tmp_path / "o")
    assert info.value.index == 1

    async def go() -> None:
        async with _stream_client(httpx.AsyncClient, body) as client:
            await AsyncHLSDownloader(client, retries=0).download(url, tmp_path / "o")

    with pytest.raises(SegmentError) as info:
        asyncio.run(go())
    assert info.value.index == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_download_of_a_segment_cut_inside_its_gzip_data(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _clear_stream(server, "/x")
    server.files["/x/s1.ts"] = _cut(gzip.compress(CLEAR))
    server.extra_headers["/x/s1.ts"] = {"Content-Encoding": "gzip"}
    code = run("hls", "download", server.url("/x/p.m3u8"), "-o", str(tmp_path / "o"), "--quiet")
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("beatkit hls: error: ") and err.count("\n") == 1
    assert "cut short" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
