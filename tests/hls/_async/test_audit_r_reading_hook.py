"""An ``http_client`` whose response hook reads the body (the sync twin is generated).

A hook that reads every answer (``await response.aread()``, the usual way to log
bodies) makes httpx decode it inside ``send``: a body that does not decode as its
``Content-Encoding`` says raised ``httpx.DecodingError`` there, and it escaped the
download raw, where the same body read by the downloader is an ``HLSError``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import httpx
import pytest

from beatkit.hls import FetchError, HLSError, KeyFetchError, SegmentError
from beatkit.hls._async.download import AsyncHLSDownloader

PLAYLIST = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns.ts\n#EXT-X-ENDLIST\n"
KEYED = (
    b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n"
    b'#EXT-X-KEY:METHOD=AES-128,URI="k.key"\n#EXTINF:5,\ns.ts\n#EXT-X-ENDLIST\n'
)
# Fixed bytes that neither gzip nor deflate decodes: 16 random bytes decoded as deflate
# without an error about once in forty draws (2.4% of 200,000), failing the test.
NOT_GZIP = b"\xff" * 16


async def _read_body(response: httpx.Response) -> None:
    await response.aread()


def _client(bodies: dict[str, tuple[bytes, str | None]]) -> tuple[httpx.AsyncClient, list[str]]:
    """A client answering ``bodies`` (path -> body and its Content-Encoding), 404 otherwise,
    with a response hook that reads every body; records the paths asked for."""
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path not in bodies:
            return httpx.Response(404)
        body, coding = bodies[request.url.path]
        headers = {"Content-Length": str(len(body))}
        if coding is not None:
            headers["Content-Encoding"] = coding
        # A stream, as a socket gives it: the hook, not the Response, reads it.
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))

    client = httpx.AsyncClient(
        transport=httpx.MockTransport(handler), event_hooks={"response": [_read_body]}
    )
    return client, asked


async def test_a_segment_that_does_not_decode_is_a_segment_error(tmp_path: Path) -> None:
    client, asked = _client({"/p.m3u8": (PLAYLIST, None), "/s.ts": (NOT_GZIP, "gzip")})
    async with client:
        with pytest.raises(SegmentError) as info:
            await AsyncHLSDownloader(client, retry_backoff=0).download(
                "https://cdn.example/p.m3u8", tmp_path / "out"
            )
    assert "does not decode as its Content-Encoding" in str(info.value)
    assert isinstance(info.value.__cause__, FetchError)
    assert asked.count("/s.ts") == 1  # not retried: the same answer comes again
    assert list(tmp_path.iterdir()) == []


async def test_a_playlist_that_does_not_decode_is_a_fetch_error(tmp_path: Path) -> None:
    client, _ = _client({"/p.m3u8": (NOT_GZIP, "deflate")})
    async with client:
        with pytest.raises(FetchError) as info:
            await AsyncHLSDownloader(client, retry_backoff=0).download(
                "https://cdn.example/p.m3u8", tmp_path / "out"
            )
    assert str(info.value).startswith("playlist")
    assert info.value.url == "https://cdn.example/p.m3u8"
    assert list(tmp_path.iterdir()) == []


async def test_a_key_that_does_not_decode_is_a_key_fetch_error(tmp_path: Path) -> None:
    client, _ = _client(
        {"/p.m3u8": (KEYED, None), "/k.key": (NOT_GZIP, "gzip"), "/s.ts": (bytes(16), None)}
    )
    async with client:
        with pytest.raises(KeyFetchError):
            await AsyncHLSDownloader(client, retry_backoff=0).download(
                "https://cdn.example/p.m3u8", tmp_path / "out"
            )
    assert list(tmp_path.iterdir()) == []


async def test_a_body_that_decodes_is_downloaded_as_before(tmp_path: Path) -> None:
    client, _ = _client({"/p.m3u8": (PLAYLIST, None), "/s.ts": (gzip.compress(b"media"), "gzip")})
    async with client:
        result = await AsyncHLSDownloader(client, retry_backoff=0).download(
            "https://cdn.example/p.m3u8", tmp_path / "out"
        )
    assert (tmp_path / "out").read_bytes() == b"media"
    assert result.bytes_written == 5


def test_every_error_here_is_an_hls_error() -> None:
    assert issubclass(FetchError, HLSError) and issubclass(SegmentError, HLSError)
