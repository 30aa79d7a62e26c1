# GENERATED from tests/hls/_async/test_encoding.py by scripts/unasync.py: edit the async source.
"""A server that labels a body with a Content-Encoding it lacks (the sync twin is generated).

httpx raises ``httpx.DecodingError`` while reading such a body; the downloader must
turn it into its own errors, without retrying and without leaving a file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.hls import FetchError, HLSError, KeyFetchError, SegmentError
from beatkit.hls._sync.download import HLSDownloader

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_mislabelled_playlist(server: FakeServer, tmp_path: Path, encoding: str) -> None:
    server.add_stream("/e", [os.urandom(300)])
    server.extra_headers["/e/p.m3u8"] = {"Content-Encoding": encoding}
    with pytest.raises(FetchError) as info:
        HLSDownloader(retry_backoff=0).download(server.url("/e/p.m3u8"), tmp_path / "o")
    assert f"Content-Encoding ({encoding})" in str(info.value)
    assert info.value.url == server.url("/e/p.m3u8") and info.value.status_code == 200
    assert isinstance(info.value.__cause__, httpx.DecodingError)
    assert server.count("/e/p.m3u8") == 1
    assert list(tmp_path.iterdir()) == []


def test_mislabelled_segment(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/e", [os.urandom(300) for _ in range(3)])
    server.extra_headers["/e/s2.aac"] = {"Content-Encoding": "gzip"}
    with pytest.raises(SegmentError) as info:
        HLSDownloader(retry_backoff=0).download(server.url("/e/p.m3u8"), tmp_path / "o")
    assert info.value.index == 2 and "Content-Encoding (gzip)" in str(info.value)
    assert server.count("/e/s2.aac") == 1
    assert list(tmp_path.iterdir()) == []


def test_mislabelled_key(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/e", [os.urandom(300)])
    server.extra_headers["/e/k0.key"] = {"Content-Encoding": "gzip"}
    with pytest.raises(KeyFetchError) as info:
        HLSDownloader(retry_backoff=0).download(server.url("/e/p.m3u8"), tmp_path / "o")
    assert isinstance(info.value, HLSError) and "Content-Encoding (gzip)" in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("encoding", ["compress", "x-gzip", "gzip, x-compress"])
def test_a_body_in_an_encoding_httpx_cannot_decode_is_refused_not_written(
    server: FakeServer, tmp_path: Path, encoding: str
) -> None:
    # httpx passes a coding it has no decoder for through as it is: a clear segment
    # labelled so was written still encoded, as if it were media.
    server.files["/c/p.m3u8"] = b"#EXTM3U\n#EXTINF:5,\ns0.ts\n#EXTINF:5,\ns1.ts\n#EXT-X-ENDLIST\n"
    server.files["/c/s0.ts"] = server.files["/c/s1.ts"] = b"ENCODED BYTES"
    server.extra_headers["/c/s1.ts"] = {"Content-Encoding": encoding}
    with pytest.raises(SegmentError) as info:
        HLSDownloader(retry_backoff=0).download(server.url("/c/p.m3u8"), tmp_path / "o")
    assert info.value.index == 1
    assert info.value.reason == (
        f"{server.url('/c/s1.ts')}: the body is in a Content-Encoding ({encoding}) that "
        "cannot be decoded here: refused, not written encoded"
    )
    assert isinstance(info.value.__cause__, FetchError)
    assert info.value.__cause__.status_code == 200
    assert server.count("/c/s1.ts") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("encoding", ["none", "binary", "identity", ""])
def test_a_plain_body_under_an_unregistered_encoding_label_is_still_written(
    server: FakeServer, tmp_path: Path, encoding: str
) -> None:
    # Misconfigured servers label plain bodies "none" or "binary": httpx (and browsers)
    # ignore a label that names no content coding, and so does the downloader.
    server.files["/c/p.m3u8"] = b"#EXTM3U\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
    server.files["/c/s0.ts"] = b"PLAIN BYTES"
    server.extra_headers["/c/s0.ts"] = {"Content-Encoding": encoding}
    downloader = HLSDownloader(retry_backoff=0)
    result = downloader.download(server.url("/c/p.m3u8"), tmp_path / "o")
    assert result.bytes_written == len(b"PLAIN BYTES")
    assert (tmp_path / "o").read_bytes() == b"PLAIN BYTES"
