"""docs/hls.md's prose claims, checked against the sync and async downloaders.

Each test quotes the claim it checks and runs the behaviour against the loopback
server of ``tests/hls/conftest.py`` (its second server is another origin). The page's
code blocks and the CLI's many refusals are run elsewhere; these are the sentences
around them: what ``download`` returns and reports, where headers go, how IVs and keys
are chosen, what is checked before any request, and what an error says.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.errors import HLSError
from beatkit.hls import (
    AsyncHLSDownloader,
    DecryptionError,
    DownloadResult,
    FetchError,
    HLSDownloader,
    InsecureURLError,
    KeyFetchError,
    LivePlaylistError,
    MediaPlaylist,
    PlaylistError,
    Progress,
    SegmentError,
    UnsupportedEncryptionError,
    VariantNotFoundError,
    decrypt_segment,
    encrypt_segment,
    parse_playlist,
)
from beatkit.hls.crypto import BLOCK_SIZE, KEY_SIZE
from tests.hls.conftest import FakeServer, random_chunks

KEY = bytes(range(16))
OTHER_KEY = bytes(range(100, 116))

Download = Callable[..., DownloadResult]


def sync_download(url: str, dest: Path, **options: Any) -> DownloadResult:
    settings = {k: options.pop(k) for k in ("retries", "retry_backoff") if k in options}
    return HLSDownloader(**settings).download(url, dest, **options)


def async_download(url: str, dest: Path, **options: Any) -> DownloadResult:
    settings = {k: options.pop(k) for k in ("retries", "retry_backoff") if k in options}

    async def main() -> DownloadResult:
        return await AsyncHLSDownloader(**settings).download(url, dest, **options)

    return asyncio.run(main())


FACADES = pytest.mark.parametrize(
    "download", [sync_download, async_download], ids=["sync", "async"]
)


def playlist(*lines: str, endlist: bool = True) -> bytes:
    body = ["#EXTM3U", "#EXT-X-TARGETDURATION:5", *lines]
    if endlist:
        body.append("#EXT-X-ENDLIST")
    return ("\n".join(body) + "\n").encode()


# --- Quick start -------------------------------------------------------------------------


@FACADES
def test_quick_start_result_names_the_path_the_segments_and_the_bytes(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "print(result.path, result.segments, result.bytes_written)"
    expected = server.add_stream("/a", random_chunks(5))
    dest = tmp_path / "track.aac"
    result = download(server.url("/a/p.m3u8"), str(dest))
    assert result.path == dest
    assert result.segments == 5
    assert result.bytes_written == len(expected) == dest.stat().st_size
    assert dest.read_bytes() == expected


@FACADES
def test_progress_reports_segments_done_of_total_and_bytes_written(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "progress=lambda p: print(p.segments_done, "/", p.segments_total, p.bytes_written)"
    chunks = random_chunks(4)
    server.add_stream("/a", chunks)
    seen: list[Progress] = []
    download(server.url("/a/p.m3u8"), tmp_path / "t.aac", progress=seen.append)
    assert [p.segments_done for p in seen] == [1, 2, 3, 4]
    assert {p.segments_total for p in seen} == {4}
    assert [p.bytes_written for p in seen] == [
        sum(len(c) for c in chunks[: i + 1]) for i in range(4)
    ]


@FACADES
def test_an_async_def_progress_callback_is_refused_with_type_error_before_any_request(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "a plain function, even here: an `async def` one is refused with `TypeError`"
    server.add_stream("/a", random_chunks(2))

    async def progress(report: Progress) -> None:
        pass

    with pytest.raises(TypeError, match="plain function"):
        download(server.url("/a/p.m3u8"), tmp_path / "t.aac", progress=progress)
    assert server.requests == []
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_headers_go_to_the_playlists_origin_only(
    download: Download, server: FakeServer, other_server: FakeServer, tmp_path: Path
) -> None:
    # "headers={"Authorization": ...},  # sent to the playlist's origin only"; "never to
    # a CDN host serving keys or segments"
    iv = bytes(16)
    other_server.files["/k.key"] = KEY
    other_server.files["/s0.ts"] = encrypt_segment(b"far", KEY, iv)
    server.files["/s1.ts"] = encrypt_segment(b"near", KEY, iv)
    server.files["/p.m3u8"] = playlist(
        f'#EXT-X-KEY:METHOD=AES-128,URI="{other_server.url("/k.key")}",IV=0x{iv.hex()}',
        "#EXTINF:5,",
        other_server.url("/s0.ts"),
        "#EXTINF:5,",
        "s1.ts",
    )
    dest = tmp_path / "t.aac"
    download(server.url("/p.m3u8"), dest, headers={"Authorization": "Bearer tok"})
    assert dest.read_bytes() == b"farnear"
    assert {r.headers.get("authorization") for r in server.requests} == {"Bearer tok"}
    assert [r.headers.get("authorization") for r in other_server.requests] == [None, None]


# --- How keys and IVs are chosen ---------------------------------------------------------


@FACADES
def test_implicit_ivs_are_the_sequence_number_even_above_2_to_the_63(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "otherwise its media sequence number (EXT-X-MEDIA-SEQUENCE + position) as a 128-bit
    # big-endian integer; sequence numbers above 2^63 work"
    chunks = random_chunks(3)
    expected = server.add_stream("/a", chunks, explicit_iv=False, media_sequence=2**63 + 5)
    parsed = parse_playlist(server.files["/a/p.m3u8"].decode(), base_url=server.url("/a/p.m3u8"))
    assert isinstance(parsed, MediaPlaylist)
    assert [s.iv for s in parsed.segments] == [
        (2**63 + 5 + i).to_bytes(16, "big") for i in range(3)
    ]
    dest = tmp_path / "t.aac"
    download(server.url("/a/p.m3u8"), dest)
    assert dest.read_bytes() == expected


def test_a_map_takes_no_sequence_number_and_an_encrypted_map_needs_an_iv() -> None:
    # "A MAP never consumes a sequence number, so the following segments' IVs do not
    # shift." / "An encrypted MAP must have an explicit IV ... without one the parser raises."
    iv = "0x" + "ab" * 16
    text = playlist(
        "#EXT-X-MEDIA-SEQUENCE:7",
        f'#EXT-X-KEY:METHOD=AES-128,URI="https://cdn.example/k.key",IV={iv}',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXT-X-KEY:METHOD=AES-128,URI="https://cdn.example/k.key"',
        "#EXTINF:5,",
        "s0.m4s",
        "#EXTINF:5,",
        "s1.m4s",
    ).decode()
    parsed = parse_playlist(text, base_url="https://cdn.example/p.m3u8")
    assert isinstance(parsed, MediaPlaylist)
    assert [s.sequence for s in parsed.segments] == [7, 8]
    assert [s.iv for s in parsed.segments] == [(7).to_bytes(16, "big"), (8).to_bytes(16, "big")]
    init = parsed.segments[0].init_section
    assert init is not None and init.iv == bytes.fromhex("ab" * 16)

    without_iv = text.replace(f",IV={iv}", "")
    with pytest.raises(PlaylistError, match="explicit IV") as caught:
        parse_playlist(without_iv, base_url="https://cdn.example/p.m3u8")
    assert caught.value.line == 5


@FACADES
def test_two_keys_rotating_seven_times_cost_two_key_requests(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "two keys rotating seven times cost exactly two key requests"
    expected = server.add_stream("/a", random_chunks(14), keys=[KEY, OTHER_KEY])
    dest = tmp_path / "t.aac"
    download(server.url("/a/p.m3u8"), dest, concurrency=4)
    assert dest.read_bytes() == expected
    assert server.count("/a/k0.key") == 1
    assert server.count("/a/k1.key") == 1


@FACADES
def test_a_32_byte_key_is_refused_not_used_as_aes_256(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "A key must be exactly 16 bytes. A 32-byte answer is refused rather than silently
    # used as AES-256"
    server.add_stream("/a", random_chunks(2))
    server.files["/a/k0.key"] = KEY * 2
    dest = tmp_path / "t.aac"
    with pytest.raises(KeyFetchError, match="is 32 bytes, expected exactly 16"):
        download(server.url("/a/p.m3u8"), dest)
    assert not dest.exists()


def test_decrypt_segment_refuses_a_32_byte_key_and_takes_any_buffer_by_its_bytes() -> None:
    # reference.md: "The bytes-like type and the sizes that decrypt_segment and
    # encrypt_segment take"; crypto.Buffer: "their sizes are in bytes, whatever the item
    # size of a memoryview"
    assert (BLOCK_SIZE, KEY_SIZE) == (16, 16)
    iv = bytes(16)
    data = encrypt_segment(b"clear", KEY, iv)
    as_ints = memoryview(bytearray(KEY)).cast("I")  # four 32-bit items, 16 bytes
    assert len(as_ints) == 4
    assert decrypt_segment(data, as_ints, memoryview(iv)) == b"clear"
    with pytest.raises(DecryptionError, match="exactly 16 bytes, got 32"):
        decrypt_segment(data, KEY * 2, iv)


# --- Atomic output, no silent gaps ------------------------------------------------------


@FACADES
def test_a_new_file_gets_0666_less_the_umask(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "A new file gets the mode a plain open() would give it (0666 less the umask)"
    if os.name != "posix":
        pytest.skip("POSIX modes")
    server.add_stream("/a", random_chunks(1))
    old = os.umask(0o027)
    try:
        download(server.url("/a/p.m3u8"), tmp_path / "t.aac")
    finally:
        os.umask(old)
    assert (tmp_path / "t.aac").stat().st_mode & 0o777 == 0o640


@FACADES
@pytest.mark.parametrize("name", ["missing/t.aac", "adir", "adir/"])
def test_a_bad_destination_is_refused_before_any_request(
    download: Download, server: FakeServer, tmp_path: Path, name: str
) -> None:
    # "A destination whose directory is missing, that is itself a directory, or whose
    # name ends with / ... is refused before any request."
    server.add_stream("/a", random_chunks(1))
    (tmp_path / "adir").mkdir()
    with pytest.raises(OSError, match="cannot save to"):
        download(server.url("/a/p.m3u8"), str(tmp_path) + "/" + name)
    assert server.requests == []


@FACADES
def test_an_existing_destination_keeps_its_mode_and_is_left_untouched_on_failure(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "a file it replaces keeps its mode"; "On any failure ... an existing destination is
    # left untouched"
    server.add_stream("/a", random_chunks(2))
    dest = tmp_path / "t.aac"
    dest.write_bytes(b"old")
    dest.chmod(0o600)
    server.fail_always["/a/s1.aac"] = 404
    with pytest.raises(SegmentError):
        download(server.url("/a/p.m3u8"), dest)
    assert dest.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [dest]
    del server.fail_always["/a/s1.aac"]
    download(server.url("/a/p.m3u8"), dest)
    assert dest.stat().st_mode & 0o777 == 0o600


def run_mock(
    facade: str,
    handler: Callable[[httpx.Request], httpx.Response],
    url: str,
    dest: Path,
    **options: Any,
) -> None:
    """Download ``url`` to ``dest`` with ``facade``'s downloader over a MockTransport."""
    if facade == "sync":
        with httpx.Client(transport=httpx.MockTransport(handler)) as client:
            HLSDownloader(client, retry_backoff=0).download(url, dest, **options)
        return

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            await AsyncHLSDownloader(client, retry_backoff=0).download(url, dest, **options)

    asyncio.run(main())


def mock_download(
    facade: str, answer: Callable[[httpx.Request], httpx.Response], tmp_path: Path
) -> None:
    """Download ``http://127.0.0.1/p.m3u8`` (one clear segment, ``s0.ts``) through a
    MockTransport whose segment answers are ``answer``'s; nothing is left written on failure.
    """

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=playlist("#EXTINF:5,", "s0.ts"))
        return answer(request)

    dest = tmp_path / "t.ts"
    try:
        run_mock(facade, handler, "http://127.0.0.1/p.m3u8", dest)
    finally:
        assert not dest.exists()


@pytest.mark.parametrize("facade", ["sync", "async"])
@pytest.mark.parametrize("status", [429, 503])
def test_a_retry_after_above_60_seconds_fails_at_once_naming_the_wait(
    facade: str, status: int, tmp_path: Path
) -> None:
    # "A 429 or 503 with a Retry-After ... one that asks for more than 60 seconds fails
    # at once, naming the wait."
    segments: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        segments.append(request)
        return httpx.Response(status, headers={"Retry-After": "120"})

    started = time.monotonic()
    with pytest.raises(SegmentError, match="120") as caught:
        mock_download(facade, answer, tmp_path)
    assert caught.value.index == 0
    assert len(segments) == 1
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("facade", ["sync", "async"])
@pytest.mark.parametrize("status", [300, 304])
def test_a_redirect_other_than_the_five_is_an_http_error_not_retried(
    facade: str, status: int, tmp_path: Path
) -> None:
    # "any other 3xx (a 304, a 300) is an HTTP error, not retried, whatever Location it carries"
    segments: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        segments.append(request)
        return httpx.Response(status, headers={"Location": "http://127.0.0.1/s0.ts"})

    with pytest.raises(SegmentError, match=f"HTTP {status}"):
        mock_download(facade, answer, tmp_path)
    assert len(segments) == 1


@FACADES
@pytest.mark.parametrize("status", [404, 501, 505])
def test_an_error_status_other_than_the_retried_ones_is_not_retried(
    download: Download, server: FakeServer, tmp_path: Path, status: int
) -> None:
    # "any other error status (a 4xx, a 501 or a 505) is not retried"
    server.add_stream("/a", random_chunks(1))
    server.fail_always["/a/s0.aac"] = status
    with pytest.raises(SegmentError) as caught:
        download(server.url("/a/p.m3u8"), tmp_path / "t.aac", retry_backoff=0)
    assert caught.value.index == 0
    assert server.count("/a/s0.aac") == 1


@FACADES
@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_the_retried_statuses_are_retried_three_times_by_default(
    download: Download, server: FakeServer, tmp_path: Path, status: int
) -> None:
    # "A segment is retried (3 times by default ...) on ... the statuses 429, 500, 502,
    # 503 and 504"; "When a segment still fails, SegmentError names its index and URI."
    server.add_stream("/a", random_chunks(2))
    server.fail_always["/a/s1.aac"] = status
    with pytest.raises(SegmentError) as caught:
        download(server.url("/a/p.m3u8"), tmp_path / "t.aac", retry_backoff=0)
    assert caught.value.index == 1
    assert caught.value.uri.startswith(server.url("/a/s1.aac"))
    assert server.count("/a/s1.aac") == 4


@FACADES
def test_an_empty_segment_fails_the_download_not_retried(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "one answered with no bytes at all fails the download with a SegmentError (not retried)"
    server.files["/p.m3u8"] = playlist("#EXTINF:5,", "s0.ts", "#EXTINF:5,", "s1.ts")
    server.files["/s0.ts"] = b"data"
    server.files["/s1.ts"] = b""
    with pytest.raises(SegmentError) as caught:
        download(server.url("/p.m3u8"), tmp_path / "t.ts")
    assert caught.value.index == 1
    assert server.count("/s1.ts") == 1
    assert list(tmp_path.iterdir()) == []


# --- Playlists refused ------------------------------------------------------------------


@FACADES
@pytest.mark.parametrize(
    ("body", "error"),
    [
        (playlist("#EXTINF:5,", "s0.ts", endlist=False), LivePlaylistError),
        (playlist(), PlaylistError),
        (playlist("#EXT-X-I-FRAMES-ONLY", "#EXTINF:5,", "s0.ts"), PlaylistError),
    ],
    ids=["live", "no-segments", "i-frames-only"],
)
def test_live_empty_and_i_frames_only_playlists_are_refused_before_any_segment(
    download: Download, server: FakeServer, tmp_path: Path, body: bytes, error: type[Exception]
) -> None:
    # "Live playlists ... LivePlaylistError"; "A VOD playlist that lists no segments is a
    # PlaylistError before anything is written"; "Neither is an #EXT-X-I-FRAMES-ONLY
    # playlist downloaded ... it is a PlaylistError"
    server.files["/p.m3u8"] = body
    server.files["/s0.ts"] = b"data"
    with pytest.raises(error):
        download(server.url("/p.m3u8"), tmp_path / "t.ts")
    assert server.count("/s0.ts") == 0
    assert list(tmp_path.iterdir()) == []


def test_inspect_still_shows_an_i_frames_only_playlist() -> None:
    # "inspect still shows it (MediaPlaylist.i_frames_only)"
    parsed = parse_playlist(playlist("#EXT-X-I-FRAMES-ONLY", "#EXTINF:5,", "s0.ts").decode())
    assert isinstance(parsed, MediaPlaylist)
    assert parsed.i_frames_only


@FACADES
def test_an_audio_group_of_uri_renditions_only_is_refused_before_any_segment(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "When its AUDIO group lists only renditions with playlists of their own ... the
    # download is refused with a PlaylistError before any segment is fetched. A group with
    # a rendition without URI ... is downloaded as before."
    server.files["/v.m3u8"] = playlist("#EXTINF:5,", "s0.ts")
    server.files["/s0.ts"] = b"video"
    media = '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="audio.m3u8"'
    server.files["/m.m3u8"] = (
        f'#EXTM3U\n{media}\n#EXT-X-STREAM-INF:BANDWIDTH=1000,AUDIO="a"\nv.m3u8\n'
    ).encode()
    with pytest.raises(PlaylistError, match=r"(?i)audio"):
        download(server.url("/m.m3u8"), tmp_path / "t.ts")
    assert server.count("/s0.ts") == 0

    inline = '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="main"'
    server.files["/m.m3u8"] = (
        f'#EXTM3U\n{media}\n{inline}\n#EXT-X-STREAM-INF:BANDWIDTH=1000,AUDIO="a"\nv.m3u8\n'
    ).encode()
    download(server.url("/m.m3u8"), tmp_path / "t.ts")
    assert (tmp_path / "t.ts").read_bytes() == b"video"


@FACADES
def test_the_variant_and_concurrency_are_checked_before_any_request(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "concurrency (an int, at least 1) and variant before any request ...: a string other
    # than "best" and "worst" or a negative int is a ValueError, and another type (a float,
    # a bool, None) a TypeError."
    server.add_stream("/a", random_chunks(1))
    url, dest = server.url("/a/p.m3u8"), tmp_path / "t.aac"
    for value in ("medium", -1):
        with pytest.raises(ValueError, match="variant"):
            download(url, dest, variant=value)
    for value in (1.0, True, None):
        with pytest.raises(TypeError, match="variant"):
            download(url, dest, variant=value)
    with pytest.raises(ValueError, match="concurrency"):
        download(url, dest, concurrency=0)
    for value in (1.5, True):
        with pytest.raises(TypeError, match="concurrency"):
            download(url, dest, concurrency=value)
    assert server.requests == []


@FACADES
def test_a_variant_bandwidth_no_variant_has_is_variant_not_found(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # The error tree: "VariantNotFoundError  no variant of a master playlist matches"
    server.files["/m.m3u8"] = b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nv.m3u8\n"
    with pytest.raises(VariantNotFoundError):
        download(server.url("/m.m3u8"), tmp_path / "t.ts", variant=5)


@pytest.mark.parametrize("kind", [HLSDownloader, AsyncHLSDownloader])
def test_the_downloaders_settings_are_checked_when_it_is_made(kind: type[Any]) -> None:
    # "The downloader's settings are checked when it is made (TypeError for a retries that
    # is not an int, ValueError for a timeout that is not a positive finite number or a
    # negative retry_backoff)"; "The timeout (positive, at most a year)"
    with pytest.raises(TypeError, match="retries"):
        kind(retries=1.0)
    for timeout in (0, -1, float("inf"), float("nan"), 366 * 86400):
        with pytest.raises(ValueError, match="timeout"):
            kind(timeout=timeout)
    kind(timeout=365 * 86400)
    with pytest.raises(ValueError, match="retry_backoff"):
        kind(retry_backoff=-1)
    kind(fetch_deadline=None)


def test_each_downloader_refuses_the_other_kind_of_client_naming_the_right_one() -> None:
    # "the other kind (or anything else) is a TypeError at construction, naming the
    # downloader that takes it"
    with httpx.Client() as sync_client, pytest.raises(TypeError, match="use HLSDownloader"):
        AsyncHLSDownloader(sync_client)  # type: ignore[arg-type]

    async def make() -> None:
        async with httpx.AsyncClient() as async_client:
            with pytest.raises(TypeError, match="use AsyncHLSDownloader"):
                HLSDownloader(async_client)  # type: ignore[arg-type]

    asyncio.run(make())


# --- Security rules ---------------------------------------------------------------------


@FACADES
def test_a_value_that_is_not_a_url_is_refused_without_being_shown(
    download: Download, tmp_path: Path
) -> None:
    # "refused, status 1, as `refusing a value that is not a URL (it does not start with
    # https://; not shown: it may be a secret)`, and the Python API refuses it the same way"
    for value in ("s3cr3t", "user:password"):
        with pytest.raises(InsecureURLError) as caught:
            download(value, tmp_path / "t.aac")
        message = str(caught.value)
        assert (
            "refusing a value that is not a URL (it does not start with https://; "
            "not shown: it may be a secret)" in message
        )
        assert value not in message


@FACADES
def test_http_inside_an_https_context_and_plain_http_elsewhere_are_refused(
    download: Download, tmp_path: Path
) -> None:
    # "Only https URLs are fetched, plus http to loopback hosts"
    with pytest.raises(InsecureURLError, match="only https"):
        download("http://cdn.example/p.m3u8", tmp_path / "t.aac")


@FACADES
@pytest.mark.parametrize(
    ("headers", "error"),
    [
        ({"Content-Length": "5"}, ValueError),
        ({"Transfer-Encoding": "chunked"}, ValueError),
        ({"Authorization": "Bearer SEKRET\n"}, ValueError),
        ({"Authorization": " Bearer SEKRET"}, ValueError),
        ({"Authorization": "Bearer SEKRÉT"}, ValueError),
        ([("Authorization", "Bearer SEKRET")], TypeError),
        ({"Authorization": 5}, TypeError),
    ],
)
def test_headers_http_cannot_carry_are_refused_before_any_request_never_quoting_the_value(
    download: Download, server: FakeServer, tmp_path: Path, headers: Any, error: type[Exception]
) -> None:
    # "A header HTTP cannot carry ... is refused with ValueError before any request, and so
    # are Content-Length and Transfer-Encoding ... Headers that are not a mapping of strings
    # to strings with TypeError; the message names the header, never its value."
    server.add_stream("/a", random_chunks(1))
    with pytest.raises(error) as caught:
        download(server.url("/a/p.m3u8"), tmp_path / "t.aac", headers=headers)
    assert "SEKR" not in str(caught.value)
    assert server.requests == []


# --- Errors -----------------------------------------------------------------------------


def test_the_error_tree_is_as_drawn() -> None:
    # "Every error is a beatkit.errors.HLSError" and the tree under it.
    from beatkit.hls import HLSError as Exported

    assert Exported is HLSError
    parents = {
        PlaylistError: HLSError,
        UnsupportedEncryptionError: PlaylistError,
        LivePlaylistError: HLSError,
        VariantNotFoundError: HLSError,
        InsecureURLError: HLSError,
        DecryptionError: HLSError,
        FetchError: HLSError,
        KeyFetchError: FetchError,
        SegmentError: HLSError,
    }
    for child, parent in parents.items():
        assert child.__bases__ == (parent,), child


@FACADES
def test_fetch_errors_say_what_was_fetched_and_where(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "`variant playlist: HTTP 404 for https://cdn.example/v/p.m3u8`", "`segment 37 (...):
    # HTTP 404 for ...`", "A key's errors begin `key https://.../REDACTED.key`".
    server.files["/m.m3u8"] = b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nv/p.m3u8\n"
    with pytest.raises(FetchError) as caught:
        download(server.url("/m.m3u8"), tmp_path / "t.ts")
    assert str(caught.value).startswith(f"variant playlist: HTTP 404 for {server.url('/v/p.m3u8')}")
    assert caught.value.status_code == 404

    server.add_stream("/a", random_chunks(2))
    server.fail_always["/a/s1.aac"] = 404
    with pytest.raises(SegmentError) as segment:
        download(server.url("/a/p.m3u8"), tmp_path / "t.ts")
    assert str(segment.value).startswith("segment 1 (")
    assert "HTTP 404 for" in str(segment.value)

    del server.fail_always["/a/s1.aac"]
    server.fail_always["/a/k0.key"] = 404
    with pytest.raises(HLSError) as key:
        download(server.url("/a/p.m3u8"), tmp_path / "t.ts")
    assert f"key {server.url('/a/REDACTED.key')}" in str(key.value)


def test_a_decimal_target_duration_is_read_rounded_up() -> None:
    # "An EXT-X-TARGETDURATION written as a decimal (6.006 ...) is read rounded up, not refused"
    text = "#EXTM3U\n#EXT-X-TARGETDURATION:6.006\n#EXTINF:5,\ns.ts\n#EXT-X-ENDLIST\n"
    parsed = parse_playlist(text)
    assert isinstance(parsed, MediaPlaylist)
    assert parsed.target_duration == 7


def test_an_error_quotes_at_most_60_characters_of_a_value() -> None:
    # "An error quotes at most the first 60 characters of a value."
    value = "9" * 59 + "x" + "y" * 200
    with pytest.raises(PlaylistError) as caught:
        parse_playlist(f"#EXTM3U\n#EXTINF:{value},\ns.ts\n")
    message = str(caught.value)
    assert "9" * 59 + "x" in message
    assert "y" not in message.replace("(", "").split("characters")[0][-30:]
    assert "y" * 2 not in message


@pytest.mark.parametrize("tag", ["#ext-x-key:METHOD=NONE", "#EXT-X-KEY :METHOD=NONE", "#extinf:5,"])
def test_a_tag_beatkit_reads_in_another_case_or_with_a_space_is_refused(tag: str) -> None:
    # "a tag beatkit reads written in another case or with a space before its colon
    # (#ext-x-key:, #EXT-X-KEY :) is refused"
    with pytest.raises(PlaylistError) as caught:
        parse_playlist(f"#EXTM3U\n{tag}\n#EXTINF:5,\ns.ts\n#EXT-X-ENDLIST\n")
    assert caught.value.line == 2


def test_unknown_tags_are_ignored() -> None:
    # "Unknown tags are ignored, as RFC 8216 requires"
    parsed = parse_playlist("#EXTM3U\n#EXT-X-SOMETHING-NEW:A=1\n#EXTINF:5,\ns.ts\n#EXT-X-ENDLIST\n")
    assert isinstance(parsed, MediaPlaylist)
    assert len(parsed.segments) == 1


# --- Each name is imported on first use ------------------------------------------------


def test_parsing_loads_neither_the_downloader_nor_cryptography() -> None:
    # "a script that only parses playlists or decrypts segments never loads the
    # downloader, and parsing never loads cryptography"
    script = (
        "import sys\n"
        "from beatkit.hls import parse_playlist\n"
        "parse_playlist('#EXTM3U\\n#EXTINF:1,\\nhttps://a.example/s.ts\\n#EXT-X-ENDLIST\\n')\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'cryptography'], 'crypto'\n"
        "from beatkit.hls import decrypt_segment\n"
        "assert not [m for m in sys.modules if m.startswith('beatkit.hls._')], 'downloader'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr


# --- Threads of the sync downloader -----------------------------------------------------


@pytest.mark.parametrize(("count", "concurrency", "most"), [(10, 3, 3), (2, 8, 2)])
def test_the_sync_downloader_reuses_at_most_concurrency_threads_never_more_than_segments(
    server: FakeServer, tmp_path: Path, count: int, concurrency: int, most: int
) -> None:
    # "The sync downloader runs the segments on at most `concurrency` threads, reused
    # from one segment to the next, and never more than there are segments" (the page
    # said it "starts a thread per segment in flight", which it stopped doing on 2026-12-04,
    # as its Benchmarks notes say).
    expected = server.add_stream("/a", random_chunks(count))
    segment_threads: set[threading.Thread] = set()  # kept: idents are recycled

    def record(request: httpx.Request) -> None:
        if request.url.path.endswith(".aac"):
            segment_threads.add(threading.current_thread())

    with httpx.Client(event_hooks={"request": [record]}) as client:
        HLSDownloader(client).download(
            server.url("/a/p.m3u8"), tmp_path / "t.aac", concurrency=concurrency
        )
    assert (tmp_path / "t.aac").read_bytes() == expected
    assert threading.current_thread() not in segment_threads
    assert 1 <= len(segment_threads) <= most


@pytest.mark.parametrize("facade", ["sync", "async"])
def test_a_refused_redirect_target_is_named_after_the_segment_it_was_for(
    facade: str, tmp_path: Path
) -> None:
    # "`segment 3 (https://cdn.example/s3.ts): refusing http URL http://... from an https
    # playlist (downgrade)` (a redirect's target refused)" (the page left out "from an https
    # playlist"); "`segment 1: malformed URL 'https://a..b/s1.ts?sig=REDACTED': its host
    # name has an empty label (two dots in a row, or a leading dot)`"
    body = playlist(
        *[line for i in range(3) for line in ("#EXTINF:5,", f"s{i}.ts")],
        "#EXTINF:5,",
        "s3.ts",
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=body)
        if request.url.path == "/s3.ts":
            return httpx.Response(302, headers={"Location": "http://cdn.example/x.ts"})
        return httpx.Response(200, content=b"x")

    malformed = playlist("#EXTINF:5,", "s0.ts", "#EXTINF:5,", "https://a..b/s1.ts?sig=abc")

    def handler_malformed(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=malformed)
        return httpx.Response(200, content=b"x")

    messages = []
    for answer in (handler, handler_malformed):
        with pytest.raises(InsecureURLError) as caught:
            run_mock(facade, answer, "https://cdn.example/p.m3u8", tmp_path / "t")
        messages.append(str(caught.value))
    assert messages[0] == (
        "segment 3 (https://cdn.example/s3.ts): refusing http URL http://cdn.example/x.ts "
        "from an https playlist (downgrade)"
    )
    assert messages[1] == (
        "segment 1: malformed URL 'https://a..b/s1.ts?sig=REDACTED': its host name has an "
        "empty label (two dots in a row, or a leading dot)"
    )
    assert not (tmp_path / "t").exists()


@FACADES
def test_keys_are_cached_by_their_full_uri_query_included(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "Keys are fetched once per URI, the full URI including its query string being the
    # cache key."
    iv = bytes(16)
    lines = []
    for index, query in enumerate(["a=1", "a=1", "a=2", "a=1"]):
        lines += [
            f'#EXT-X-KEY:METHOD=AES-128,URI="k.key?{query}",IV=0x{iv.hex()}',
            "#EXTINF:5,",
            f"s{index}.ts",
        ]
        server.files[f"/s{index}.ts"] = encrypt_segment(bytes([index]) * 10, KEY, iv)
    server.files["/k.key"] = KEY
    server.files["/p.m3u8"] = playlist(*lines)
    download(server.url("/p.m3u8"), tmp_path / "t.ts", concurrency=1)
    keys = sorted(r.path for r in server.requests if r.path.startswith("/k.key"))
    assert keys == ["/k.key?a=1", "/k.key?a=2"]


@FACADES
def test_a_key_that_fails_is_not_asked_for_again_by_the_segments_waiting_for_it(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "A key that cannot be fetched (after its retries) is not asked for again by the
    # segments waiting for it: they fail with its KeyFetchError."
    server.add_stream("/a", random_chunks(6), explicit_iv=False)
    server.fail_always["/a/k0.key"] = 503
    with pytest.raises(KeyFetchError):
        download(server.url("/a/p.m3u8"), tmp_path / "t.aac", concurrency=4, retry_backoff=0)
    assert server.count("/a/k0.key") == 4  # one request and its 3 retries, once


@FACADES
def test_relative_uris_resolve_against_the_final_url_keeping_their_query_verbatim(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # "Relative URIs are resolved against the playlist's final URL (after redirects); the
    # reference's own query string is kept verbatim, never re-encoded"
    server.redirects["/old/p.m3u8"] = server.url("/new/p.m3u8")
    server.files["/new/p.m3u8"] = playlist("#EXTINF:5,", "s0.ts?sig=a%2Fb~c&x=1+2")
    server.files["/new/s0.ts"] = b"clear"
    download(server.url("/old/p.m3u8"), tmp_path / "t.ts")
    assert (tmp_path / "t.ts").read_bytes() == b"clear"
    assert [r.path for r in server.requests][-1] == "/new/s0.ts?sig=a%2Fb~c&x=1+2"


@FACADES
def test_a_header_name_that_is_not_a_token_is_refused_without_quoting_it(
    download: Download, server: FakeServer, tmp_path: Path
) -> None:
    # The CLI's rule (the page: "A --header whose name is not an HTTP token ... is refused
    # ... by what is wrong and where (a space at position 6), not by the name, which may
    # hold the token"); the Python API quotes it.
    server.add_stream("/a", random_chunks(1))
    with pytest.raises(ValueError, match="position") as caught:
        download(
            server.url("/a/p.m3u8"),
            tmp_path / "t.aac",
            headers={"Authorization: Bearer SEKRET-token": "x"},
        )
    assert "SEKRET" not in str(caught.value)
    assert server.requests == []


def test_timeout_bounds_each_read_of_the_downloaders_own_client_only(
    server: FakeServer, tmp_path: Path
) -> None:
    # "The timeout (positive, at most a year) bounds each read (with an http_client of
    # yours, that client's own timeout does instead)": the downloader's class docstring
    # says timeout is for "the client the downloader makes itself"; the page did not.
    server.add_stream("/a", random_chunks(1))
    server.delay = 0.6
    url = server.url("/a/p.m3u8")
    with pytest.raises(SegmentError, match="ReadTimeout"):
        HLSDownloader(timeout=0.2, retries=0).download(url, tmp_path / "own.aac")
    with httpx.Client(timeout=0.2) as client, pytest.raises(SegmentError, match="ReadTimeout"):
        HLSDownloader(client, timeout=30, retries=0).download(url, tmp_path / "a.aac")
    with httpx.Client(timeout=30) as client:
        HLSDownloader(client, timeout=0.2, retries=0).download(url, tmp_path / "b.aac")
    assert (tmp_path / "b.aac").exists()


def test_timeout_of_the_async_downloader_is_its_own_clients_only(
    server: FakeServer, tmp_path: Path
) -> None:
    # The same sentence, on the async downloader.
    server.add_stream("/a", random_chunks(1))
    server.delay = 0.6
    url = server.url("/a/p.m3u8")

    async def main() -> None:
        async with httpx.AsyncClient(timeout=0.2) as client:
            with pytest.raises(SegmentError, match="ReadTimeout"):
                await AsyncHLSDownloader(client, timeout=30, retries=0).download(
                    url, tmp_path / "a.aac"
                )
        async with httpx.AsyncClient(timeout=30) as client:
            await AsyncHLSDownloader(client, timeout=0.2, retries=0).download(
                url, tmp_path / "b.aac"
            )

    asyncio.run(main())
    assert (tmp_path / "b.aac").exists()
    assert not (tmp_path / "a.aac").exists()


@pytest.mark.parametrize("facade", ["sync", "async"])
def test_an_initialization_section_is_a_reported_part_and_named_index_minus_1(
    facade: str, tmp_path: Path
) -> None:
    # Progress: "passed to the progress callback after each written part", bytes_written
    # "(initialization sections included)"; SegmentError.index: "-1 for an initialization
    # section"; the page: "initialization section" names what was fetched.
    body = playlist('#EXT-X-MAP:URI="init.mp4"', "#EXTINF:5,", "s0.m4s", "#EXTINF:5,", "s1.m4s")
    missing_init = False

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=body)
        if request.url.path == "/init.mp4":
            return httpx.Response(404) if missing_init else httpx.Response(200, content=b"INIT")
        return httpx.Response(200, content=b"SEG")

    seen: list[Progress] = []
    url = "https://cdn.example/p.m3u8"
    if facade == "sync":
        with httpx.Client(transport=httpx.MockTransport(handler)) as client:
            HLSDownloader(client).download(url, tmp_path / "t.mp4", progress=seen.append)
    else:

        async def main() -> None:
            async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
                await AsyncHLSDownloader(client).download(
                    url, tmp_path / "t.mp4", progress=seen.append
                )

        asyncio.run(main())
    assert (tmp_path / "t.mp4").read_bytes() == b"INITSEGSEG"
    assert [(p.segments_done, p.bytes_written) for p in seen] == [(0, 4), (1, 7), (2, 10)]

    missing_init = True
    with pytest.raises(SegmentError) as caught:
        run_mock(facade, handler, url, tmp_path / "u.mp4")
    assert caught.value.index == -1
    assert str(caught.value).startswith("initialization section (https://cdn.example/init.mp4)")
    assert isinstance(caught.value.__cause__, FetchError)


class _Stop(Exception):
    pass


@pytest.mark.parametrize("facade", ["sync", "async"])
@pytest.mark.parametrize("name", ["t.aac", "é" * 120 + ".aac", "x" * 255])
def test_the_temporary_file_is_hidden_beside_the_destination_and_removed_on_failure(
    facade: str, name: str, tmp_path: Path
) -> None:
    # "The downloader writes to a temporary file beside the destination (.NAME.XXXX.part,
    # NAME cut short if it would pass 255 bytes) ... On any failure ... the temporary file
    # is removed"; "a progress callback that raises stops the download at once"
    body = playlist("#EXTINF:5,", "s0.ts", "#EXTINF:5,", "s1.ts")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=body)
        return httpx.Response(200, content=b"SEG")

    during: list[list[str]] = []

    def progress(report: Progress) -> None:
        during.append(os.listdir(tmp_path))
        raise _Stop

    with pytest.raises(_Stop):
        run_mock(facade, handler, "https://cdn.example/p.m3u8", tmp_path / name, progress=progress)
    assert len(during) == 1
    (temporary,) = during[0]
    assert temporary.startswith("." + name[:10])
    assert temporary.endswith(".part")
    assert len(temporary.encode()) <= 255
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("facade", ["sync", "async"])
def test_a_callers_client_lends_its_hooks_but_not_its_headers_cookies_or_auth(
    facade: str, tmp_path: Path
) -> None:
    # "The default headers, cookies and auth of an http_client you pass are not used at all:
    # requests are built bare. Its event hooks do run; a response hook calling
    # raise_for_status() changes nothing (... a 5xx still retried, and the error is an
    # HLSError with its URL redacted, never httpx's HTTPStatusError)"
    body = playlist("#EXTINF:5,", "s0.ts?sig=abc")
    sent: list[httpx.Request] = []
    statuses: list[int] = []
    failures = [503]

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=body)
        if failures:
            return httpx.Response(failures.pop())
        return httpx.Response(200, content=b"SEG")

    def hook(response: httpx.Response) -> None:
        statuses.append(response.status_code)
        response.raise_for_status()

    async def async_hook(response: httpx.Response) -> None:
        hook(response)

    settings: dict[str, Any] = {
        "transport": httpx.MockTransport(handler),
        "headers": {"Authorization": "Bearer default"},
        "cookies": {"sid": "cookie"},
        "auth": ("user", "password"),
    }
    url, dest = "https://cdn.example/p.m3u8", tmp_path / "t.ts"

    def run() -> None:
        if facade == "sync":
            with httpx.Client(**settings, event_hooks={"response": [hook]}) as client:
                HLSDownloader(client, retry_backoff=0).download(url, dest)
            return

        async def main() -> None:
            async with httpx.AsyncClient(
                **settings, event_hooks={"response": [async_hook]}
            ) as client:
                await AsyncHLSDownloader(client, retry_backoff=0).download(url, dest)

        asyncio.run(main())

    run()
    assert dest.read_bytes() == b"SEG"
    assert statuses == [200, 503, 200]
    for request in sent:
        assert "authorization" not in request.headers
        assert "cookie" not in request.headers

    failures[:] = [500] * 4
    with pytest.raises(SegmentError) as caught:
        run()
    assert "sig=REDACTED" in str(caught.value)
    assert not isinstance(caught.value.__cause__, httpx.HTTPStatusError)


@pytest.mark.parametrize("facade", ["sync", "async"])
def test_a_callers_client_closed_before_the_download_is_client_closed_error(
    facade: str, tmp_path: Path
) -> None:
    # "An http_client of yours closed during a download (or before it) fails it with
    # beatkit.errors.ClientClosedError, not an HLSError"
    from beatkit.errors import ClientClosedError

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=playlist("#EXTINF:5,", "s0.ts"))

    url, dest = "https://cdn.example/p.m3u8", tmp_path / "t.ts"
    if facade == "sync":
        client = httpx.Client(transport=httpx.MockTransport(handler))
        client.close()
        with pytest.raises(ClientClosedError) as caught:
            HLSDownloader(client).download(url, dest)
    else:

        async def main() -> None:
            client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
            await client.aclose()
            await AsyncHLSDownloader(client).download(url, dest)

        with pytest.raises(ClientClosedError) as caught:
            asyncio.run(main())
    assert not isinstance(caught.value, HLSError)
    assert sent == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("facade", ["sync", "async"])
@pytest.mark.parametrize("failing", ["key", "segment"])
def test_signed_urls_are_redacted_in_messages_attributes_logs_and_reprs(
    facade: str, failing: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # "Signed URLs are credentials while they last: in log lines, exception messages, the
    # url/uri attributes of FetchError and SegmentError, and the repr of parsed playlists
    # ..., a path segment carrying a signature (Beatport's /{timestamp}_{hash}/), secret
    # query values and the file name of a key (.../REDACTED.key) are replaced by REDACTED"
    import logging

    key_uri = "https://keys.example/1700000000_abcdef0123456789/track.key?token=SEKRET"
    body = playlist(
        f'#EXT-X-KEY:METHOD=AES-128,URI="{key_uri}",IV=0x{"00" * 16}',
        "#EXTINF:5,",
        "s0.ts?X-Amz-Signature=SEKRET",
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=body)
        if request.url.path.endswith(".key"):
            return httpx.Response(404) if failing == "key" else httpx.Response(200, content=KEY)
        return httpx.Response(503)

    caplog.set_level(logging.DEBUG)
    with pytest.raises(HLSError) as caught:
        run_mock(facade, handler, "https://cdn.example/p.m3u8?token=SEKRET", tmp_path / "t")
    error = caught.value
    if failing == "key":
        assert isinstance(error, KeyFetchError)
        assert error.url == "https://keys.example/REDACTED/REDACTED.key?token=REDACTED"
    else:
        assert isinstance(error, SegmentError)
        assert error.uri == "https://cdn.example/s0.ts?X-Amz-Signature=REDACTED"
    assert "REDACTED" in caplog.text  # httpx's request lines, beatkit's retry lines
    for text in (str(error), repr(error), str(error.__cause__), caplog.text):
        assert "SEKRET" not in text
        assert "abcdef0123456789" not in text
        assert "track.key" not in text
    parsed = parse_playlist(body.decode(), base_url="https://cdn.example/p.m3u8?token=SEKRET")
    assert "SEKRET" not in repr(parsed)
    assert isinstance(parsed, MediaPlaylist)
    assert parsed.segments[0].key is not None and parsed.segments[0].key.uri == key_uri
