"""Odd server answers to the downloader, through an httpx.MockTransport (sync twin generated).

A Content-Range for other bytes, a range body of the wrong length, a body shorter than its
Content-Length, a redirect loop, a playlist that is not UTF-8, a variant that is a master
playlist itself: each is an error that says so, with its exact message.
"""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from beatkit.hls import (
    FetchError,
    InsecureURLError,
    PlaylistError,
    SegmentError,
    VariantNotFoundError,
)
from beatkit.hls._async.download import AsyncHLSDownloader

BASE = "http://127.0.0.1:9"
SEGMENT = bytes(range(100))


def media(*lines: str) -> bytes:
    head = ["#EXTM3U", "#EXT-X-VERSION:4", "#EXT-X-TARGETDURATION:5"]
    return ("\n".join([*head, *lines, "#EXT-X-ENDLIST"]) + "\n").encode()


def serving(
    files: dict[str, bytes],
    special: dict[str, Callable[[httpx.Request], httpx.Response]] | None = None,
) -> tuple[httpx.AsyncClient, list[str]]:
    """A client whose transport serves ``files`` by path; ``special`` answers some paths."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if special and request.url.path in special:
            return special[request.url.path](request)
        if request.url.path in files:
            return httpx.Response(200, content=files[request.url.path])
        return httpx.Response(404)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), seen


async def _segment_error(
    client: httpx.AsyncClient, tmp_path: Path, *, retries: int = 1
) -> SegmentError:
    downloader = AsyncHLSDownloader(client, retries=retries, retry_backoff=0)
    with pytest.raises(SegmentError) as info:
        await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert isinstance(info.value.__cause__, FetchError)
    return info.value


async def test_a_content_range_for_other_bytes_is_refused_not_retried(tmp_path: Path) -> None:
    def wrong_range(request: httpx.Request) -> httpx.Response:
        assert request.headers["Range"] == "bytes=10-19"
        return httpx.Response(206, content=SEGMENT[:10], headers={"Content-Range": "bytes 0-9/100"})

    playlist = media("#EXTINF:5,", "#EXT-X-BYTERANGE:10@10", "s.ts")
    client, seen = serving({"/p.m3u8": playlist}, {"/s.ts": wrong_range})
    async with client:
        error = await _segment_error(client, tmp_path)
    assert error.reason == "server sent Content-Range 'bytes 0-9/100' for Range 'bytes=10-19'"
    assert seen.count("/s.ts") == 1


async def test_a_range_body_of_the_wrong_length_is_retried_then_refused(tmp_path: Path) -> None:
    def short_range(request: httpx.Request) -> httpx.Response:
        return httpx.Response(206, content=SEGMENT[10:15])  # no Content-Range at all

    playlist = media("#EXTINF:5,", "#EXT-X-BYTERANGE:10@10", "s.ts")
    client, seen = serving({"/p.m3u8": playlist}, {"/s.ts": short_range})
    async with client:
        error = await _segment_error(client, tmp_path)
    assert error.reason == "range body is 5 bytes, expected 10 (after 2 attempts)"
    assert seen.count("/s.ts") == 2


async def test_a_range_past_the_end_of_a_server_ignoring_range_is_retried_then_refused(
    tmp_path: Path,
) -> None:
    # The server ignores Range and sends the whole (100-byte) resource with 200.
    playlist = media("#EXTINF:5,", "#EXT-X-BYTERANGE:10@95", "s.ts")
    client, seen = serving({"/p.m3u8": playlist, "/s.ts": SEGMENT})
    async with client:
        error = await _segment_error(client, tmp_path)
    assert error.reason == (
        "resource is 100 bytes, shorter than the range's end 105 (after 2 attempts)"
    )
    assert seen.count("/s.ts") == 2


async def test_a_body_shorter_than_its_content_length_is_retried_then_refused(
    tmp_path: Path,
) -> None:
    # h11 itself refuses a short body on a real connection; another transport may not.
    def truncated(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Length": "100"},
            stream=httpx.ByteStream(SEGMENT[:60]),
        )

    client, seen = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")}, {"/s.ts": truncated})
    async with client:
        error = await _segment_error(client, tmp_path)
    assert error.reason == "truncated body: 60 of 100 bytes (after 2 attempts)"
    assert seen.count("/s.ts") == 2


async def test_a_content_length_that_is_not_ascii_digits_is_not_trusted(tmp_path: Path) -> None:
    def odd_length(request: httpx.Request) -> httpx.Response:
        # "1²" as latin-1 bytes: str.isdigit() takes it, int() refuses it.
        headers = [(b"Content-Length", b"1\xb2")]
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(SEGMENT))

    client, _ = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")}, {"/s.ts": odd_length})
    async with client:
        result = await AsyncHLSDownloader(client, retry_backoff=0).download(
            f"{BASE}/p.m3u8", tmp_path / "out"
        )
    assert result.bytes_written == 100
    assert (tmp_path / "out").read_bytes() == SEGMENT


async def test_a_redirect_loop_ends_with_too_many_redirects(tmp_path: Path) -> None:
    def loop(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/p.m3u8"})

    client, seen = serving({}, {"/p.m3u8": loop})
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        with pytest.raises(FetchError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert str(info.value) == f"playlist: too many redirects from {BASE}/p.m3u8"
    assert info.value.url == f"{BASE}/p.m3u8"
    assert 1 < len(seen) < 50
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("status", "location"),
    [(304, None), (300, None), (304, "/other.m3u8"), (305, "/other.m3u8"), (304, "https://[::1/")],
)
async def test_a_3xx_answer_that_is_no_redirect_is_an_http_error_asked_once(
    tmp_path: Path, status: int, location: str | None
) -> None:
    # Only 301, 302, 303, 307 and 308 with a Location redirect (as httpx follows them): a
    # 304 or 300 without one was asked for again and again, then called a redirect loop; a
    # 304's Location was followed, and one httpx cannot parse escaped as httpx.InvalidURL.
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers={"Location": location} if location else {})

    client, seen = serving({"/other.m3u8": media("#EXTINF:5,", "s.ts")}, {"/p.m3u8": answer})
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        with pytest.raises(FetchError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert str(info.value) == f"playlist: HTTP {status} for {BASE}/p.m3u8"
    assert info.value.status_code == status
    assert seen == ["/p.m3u8"]
    assert not (tmp_path / "out").exists()


async def test_a_playlist_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    client, _ = serving({"/p.m3u8": b"#EXTM3U\n#EXTINF:5,\n\xff.ts\n#EXT-X-ENDLIST\n"})
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        with pytest.raises(PlaylistError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert str(info.value) == f"playlist {BASE}/p.m3u8 is not UTF-8 text: invalid start byte"


async def test_a_variant_that_is_itself_a_master_playlist_is_refused(tmp_path: Path) -> None:
    master = b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nv.m3u8\n"
    client, seen = serving({"/p.m3u8": master, "/v.m3u8": master})
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        with pytest.raises(PlaylistError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert str(info.value) == f"variant {BASE}/v.m3u8 is itself a master playlist"
    assert seen == ["/p.m3u8", "/v.m3u8"]  # followed once, not down a chain


async def test_a_master_playlist_without_variants_is_refused(tmp_path: Path) -> None:
    master = b'#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="a.m3u8"\n'
    client, _ = serving({"/p.m3u8": master})
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        with pytest.raises(VariantNotFoundError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert str(info.value) == "the master playlist has no variants"


async def test_a_connection_failure_is_retried_then_reported(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client, seen = serving({}, {"/p.m3u8": refuse})
    async with client:
        downloader = AsyncHLSDownloader(client, retries=2, retry_backoff=0)
        with pytest.raises(FetchError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert str(info.value) == (
        f"playlist ({BASE}/p.m3u8): ConnectError: connection refused (after 3 attempts)"
    )
    assert info.value.status_code is None
    assert seen == ["/p.m3u8"] * 3


async def test_a_retry_after_a_pause_succeeds(tmp_path: Path) -> None:
    statuses = [503]

    def flaky(request: httpx.Request) -> httpx.Response:
        if statuses:
            return httpx.Response(statuses.pop())
        return httpx.Response(200, content=SEGMENT)

    client, seen = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")}, {"/s.ts": flaky})
    async with client:
        downloader = AsyncHLSDownloader(client, retries=1, retry_backoff=0.001)
        result = await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert result.segments == 1
    assert (tmp_path / "out").read_bytes() == SEGMENT
    assert seen.count("/s.ts") == 2


def test_negative_retries_are_refused() -> None:
    with pytest.raises(ValueError, match=r"^retries must be >= 0$"):
        AsyncHLSDownloader(retries=-1)


async def _raise_for_status(response: httpx.Response) -> None:
    response.raise_for_status()


def _with_raise_for_status(client: httpx.AsyncClient) -> httpx.AsyncClient:
    # A common setting of a caller's client: a response hook that raises on every answer
    # but a 2xx, redirects included. It runs on every send, bare requests too.
    client.event_hooks = {"response": [_raise_for_status]}
    return client


async def test_a_callers_client_raising_for_status_still_follows_redirects_and_retries(
    tmp_path: Path,
) -> None:
    statuses = [503]

    def flaky(request: httpx.Request) -> httpx.Response:
        if statuses:
            return httpx.Response(statuses.pop())
        return httpx.Response(200, content=SEGMENT)

    def moved(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/1700000000_0123456789abcdef/p.m3u8"})

    client, seen = serving(
        {"/1700000000_0123456789abcdef/p.m3u8": media("#EXTINF:5,", "s.ts")},
        {"/p.m3u8": moved, "/1700000000_0123456789abcdef/s.ts": flaky},
    )
    async with _with_raise_for_status(client):
        downloader = AsyncHLSDownloader(client, retries=1, retry_backoff=0)
        result = await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert result.segments == 1
    assert (tmp_path / "out").read_bytes() == SEGMENT
    assert seen.count("/1700000000_0123456789abcdef/s.ts") == 2


async def test_a_callers_client_raising_for_status_gives_hls_errors_without_signatures(
    tmp_path: Path,
) -> None:
    def moved(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/1700000000_0123456789abcdef/p.m3u8"})

    client, seen = serving(
        {"/1700000000_0123456789abcdef/p.m3u8": media("#EXTINF:5,", "s.ts")},
        {"/p.m3u8": moved},
    )
    async with _with_raise_for_status(client):
        error = await _segment_error(client, tmp_path)
    assert error.reason == f"HTTP 404 for {BASE}/REDACTED/s.ts"
    assert "0123456789abcdef" not in str(error)
    assert isinstance(error.__cause__, FetchError)
    assert error.__cause__.status_code == 404
    assert seen.count("/1700000000_0123456789abcdef/s.ts") == 1  # a 404 is not retried


async def test_a_malformed_location_a_raising_hook_refused_first_is_an_hls_error(
    tmp_path: Path,
) -> None:
    # The hook refuses the redirect before httpx parses its Location: the downloader
    # parses it, and one httpx cannot take escaped as httpx.InvalidURL.
    def moved(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "https://[::1/"})

    client, seen = serving({}, {"/p.m3u8": moved})
    async with _with_raise_for_status(client):
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        with pytest.raises(InsecureURLError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert str(info.value) == (
        f"playlist: malformed URL in the Location of a redirect from {BASE}/p.m3u8 "
        "(not a URL that can be requested)"
    )
    assert seen == ["/p.m3u8"]
    assert not (tmp_path / "out").exists()


async def test_a_hook_refusing_a_2xx_answer_is_a_fetch_error(tmp_path: Path) -> None:
    async def refuse_all(response: httpx.Response) -> None:
        raise httpx.HTTPStatusError("refused", request=response.request, response=response)

    client, seen = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")})
    client.event_hooks = {"response": [refuse_all]}
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        with pytest.raises(FetchError) as info:
            await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert str(info.value) == (
        f"playlist: a response hook of the http client refused the answer for {BASE}/p.m3u8"
    )
    assert info.value.status_code == 200
    assert seen == ["/p.m3u8"]
    assert not (tmp_path / "out").exists()


async def test_a_partial_answer_to_a_request_for_the_whole_segment_is_refused(
    tmp_path: Path,
) -> None:
    # No Range was asked for: a 206 with part of the resource would be written as the
    # whole segment (a clear one cannot be told from a complete one).
    def partial(request: httpx.Request) -> httpx.Response:
        assert "Range" not in request.headers
        return httpx.Response(206, content=SEGMENT[:10], headers={"Content-Range": "bytes 0-9/100"})

    client, seen = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")}, {"/s.ts": partial})
    async with client:
        error = await _segment_error(client, tmp_path)
    assert error.reason == (
        "server sent 206 Partial Content (Content-Range 'bytes 0-9/100') to a request "
        "for the whole resource"
    )
    assert seen.count("/s.ts") == 1  # not retried


async def test_a_206_answer_that_covers_the_whole_segment_is_accepted(tmp_path: Path) -> None:
    def whole(request: httpx.Request) -> httpx.Response:
        return httpx.Response(206, content=SEGMENT, headers={"Content-Range": "bytes 0-99/100"})

    client, _ = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")}, {"/s.ts": whole})
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        result = await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert result.bytes_written == 100
    assert (tmp_path / "out").read_bytes() == SEGMENT


@pytest.mark.parametrize("length", [None, "50"])
async def test_a_206_answer_shorter_than_its_content_range_is_retried_then_refused(
    tmp_path: Path, length: str | None
) -> None:
    # "bytes 0-99/100" promises the whole segment: half of it (without a Content-Length,
    # or with one that says 50) was written as all of it.
    async def half() -> AsyncIterator[bytes]:
        yield SEGMENT[:50]

    def short(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Range": "bytes 0-99/100"}
        if length is not None:
            headers["Content-Length"] = length
        return httpx.Response(206, content=half(), headers=headers)

    client, seen = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")}, {"/s.ts": short})
    async with client:
        error = await _segment_error(client, tmp_path)
    assert error.reason == "body is 50 bytes, not the 100 of its Content-Range (after 2 attempts)"
    assert seen.count("/s.ts") == 2


async def test_a_gzip_206_answer_for_the_whole_segment_is_measured_before_decoding(
    tmp_path: Path,
) -> None:
    # Its Content-Range counts the gzip bytes sent, not the segment they decode to.
    packed = gzip.compress(SEGMENT)

    def whole(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Range": f"bytes 0-{len(packed) - 1}/{len(packed)}"}
        return httpx.Response(206, content=packed, headers=headers | {"Content-Encoding": "gzip"})

    client, _ = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")}, {"/s.ts": whole})
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        result = await downloader.download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert result.bytes_written == 100
    assert (tmp_path / "out").read_bytes() == SEGMENT


async def test_a_206_answer_without_content_range_to_a_whole_request_is_refused(
    tmp_path: Path,
) -> None:
    def bare(request: httpx.Request) -> httpx.Response:
        return httpx.Response(206, content=SEGMENT[:10])

    client, _ = serving({"/p.m3u8": media("#EXTINF:5,", "s.ts")}, {"/s.ts": bare})
    async with client:
        error = await _segment_error(client, tmp_path)
    assert error.reason == (
        "server sent 206 Partial Content (no Content-Range) to a request for the whole resource"
    )


async def test_a_segment_uri_too_long_to_request_is_reported_in_a_bounded_message(
    tmp_path: Path,
) -> None:
    # Regression: the whole URI (2 MB here; a playlist may have 64 MiB) was redacted
    # several times, about 1.4 s per MB each, and quoted whole: `beatkit hls download`
    # printed a 4 MB error line. httpx refuses a URL over 65,536 characters anyway.
    uri = "s" + "\x01" * 2_000_000
    client, seen = serving({"/p.m3u8": media("#EXTINF:5,", uri)})
    async with client:
        error = await _segment_error(client, tmp_path)
    assert error.index == 0
    assert len(str(error)) < 10_000
    assert error.uri.startswith(f"{BASE}/s\x01")
    assert error.uri.endswith(f"... ({len(BASE) + 1 + len(uri)} characters)")
    assert len(error.uri) < 10_000
    assert error.reason.startswith(f"cannot request {BASE}/s\x01")
    assert seen == ["/p.m3u8"]


async def test_an_http_uri_too_long_to_request_in_an_https_playlist_is_refused_briefly(
    tmp_path: Path,
) -> None:
    uri = "http://cdn.example/" + "\x01" * 2_000_000
    playlist = media("#EXTINF:5,", uri)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=playlist)

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    async with client:
        downloader = AsyncHLSDownloader(client, retry_backoff=0)
        with pytest.raises(InsecureURLError) as info:
            await downloader.download("https://cdn.example/p.m3u8", tmp_path / "out")
    assert len(str(info.value)) < 10_000
    assert "(2000019 characters)" in str(info.value)
