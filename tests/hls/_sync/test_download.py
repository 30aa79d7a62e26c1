# GENERATED from tests/hls/_async/test_download.py by scripts/unasync.py: edit the async source.
"""Downloader tests against a loopback server (the sync twin is generated from this file)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from beatkit.errors import ClientClosedError
from beatkit.hls import (
    FetchError,
    InsecureURLError,
    KeyFetchError,
    LivePlaylistError,
    PlaylistError,
    Progress,
    SegmentError,
    VariantNotFoundError,
)
from beatkit.hls._sync import download as download_module
from beatkit.hls._sync.download import HLSDownloader

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer, FfmpegStreams


def random_chunks(count: int, size: int = 3000) -> list[bytes]:
    """``count`` random segments of slightly different sizes."""
    return [os.urandom(size + 7 * i) for i in range(count)]


def leftovers(directory: Path) -> list[str]:
    """Temporary files the downloader may have left behind."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


def make_downloader(**kwargs: object) -> HLSDownloader:
    return HLSDownloader(retry_backoff=0, **kwargs)  # type: ignore[arg-type]


# --- real streams made by ffmpeg -------------------------------------------------------------


@pytest.mark.ffmpeg
@pytest.mark.parametrize(
    "name",
    ["explicit_iv", "no_iv_line", "implicit_iv", "rekey", "single"],
)
def test_ffmpeg_streams_decrypt_to_the_clear_encode(
    ffmpeg_server: FakeServer, ffmpeg_streams: FfmpegStreams, tmp_path: Path, name: str
) -> None:
    dest = tmp_path / "out.ts"
    result = make_downloader().download(ffmpeg_server.url(f"/{name}/p.m3u8"), dest)
    assert dest.read_bytes() == ffmpeg_streams.expected
    assert result.bytes_written == len(ffmpeg_streams.expected)
    assert result.path == dest
    # The key URI's query string reached the server exactly as written.
    key_requests = [r.path for r in ffmpeg_server.requests if "key.bin" in r.path]
    assert key_requests == [f"/{name}/key.bin?start=0&end=12000"]


@pytest.mark.ffmpeg
def test_ffmpeg_single_file_with_server_ignoring_range(
    ffmpeg_server: FakeServer, ffmpeg_streams: FfmpegStreams, tmp_path: Path
) -> None:
    ffmpeg_server.ignore_range = True
    dest = tmp_path / "out.ts"
    make_downloader().download(ffmpeg_server.url("/single/p.m3u8"), dest, concurrency=2)
    assert dest.read_bytes() == ffmpeg_streams.expected


@pytest.mark.ffmpeg
@pytest.mark.parametrize("name", ["fmp4_clear_init", "fmp4_enc_init"])
def test_encrypted_fmp4_with_init_section(
    ffmpeg_server: FakeServer, ffmpeg_streams: FfmpegStreams, tmp_path: Path, name: str
) -> None:
    dest = tmp_path / "out.mp4"
    result = make_downloader().download(ffmpeg_server.url(f"/{name}/p.m3u8"), dest)
    assert dest.read_bytes() == ffmpeg_streams.expected_fmp4
    assert ffmpeg_server.count(f"/{name}/init.mp4") == 1
    assert ffmpeg_server.count(f"/{name}/key.bin") == 1
    assert result.segments == len([p for p in ffmpeg_server.files if p.startswith(f"/{name}/s")])


@pytest.mark.ffmpeg
def test_clear_stream_is_copied(
    ffmpeg_server: FakeServer, ffmpeg_streams: FfmpegStreams, tmp_path: Path
) -> None:
    dest = tmp_path / "out.ts"
    make_downloader().download(ffmpeg_server.url("/clear/p.m3u8"), dest)
    assert dest.read_bytes() == ffmpeg_streams.expected


# --- synthetic streams -----------------------------------------------------------------------


def test_keys_fetched_once_per_uri_under_rotation(server: FakeServer, tmp_path: Path) -> None:
    chunks = random_chunks(14)
    expected = server.add_stream("/rot", chunks, keys=[b"A" * 16, b"B" * 16])
    dest = tmp_path / "out.bin"
    reports: list[Progress] = []
    result = make_downloader().download(
        server.url("/rot/p.m3u8"), dest, concurrency=4, progress=reports.append
    )
    assert dest.read_bytes() == expected
    assert server.count("/rot/k0.key") == 1
    assert server.count("/rot/k1.key") == 1
    assert result.segments == 14
    assert result.bytes_written == len(expected)
    assert [r.segments_done for r in reports] == list(range(1, 15))
    assert reports[-1] == Progress(14, 14, len(expected))


def test_iv_from_media_sequence_above_2_63(server: FakeServer, tmp_path: Path) -> None:
    chunks = random_chunks(3)
    expected = server.add_stream("/big", chunks, explicit_iv=False, media_sequence=2**64 - 2)
    dest = tmp_path / "out.bin"
    make_downloader().download(server.url("/big/p.m3u8"), dest)
    assert dest.read_bytes() == expected


def test_retries_5xx_then_succeeds(server: FakeServer, tmp_path: Path) -> None:
    expected = server.add_stream("/r", random_chunks(4))
    server.fail_first["/r/s2.aac"] = [503, 500]
    server.fail_first["/r/k0.key"] = [502]
    dest = tmp_path / "out.bin"
    make_downloader().download(server.url("/r/p.m3u8"), dest)
    assert dest.read_bytes() == expected
    assert server.count("/r/s2.aac") == 3


def test_persistent_failure_names_segment_and_leaves_nothing(
    server: FakeServer, tmp_path: Path
) -> None:
    server.add_stream("/f", random_chunks(6))
    server.fail_always["/f/s3.aac"] = 500
    dest = tmp_path / "out.bin"
    with pytest.raises(SegmentError) as info:
        make_downloader(retries=2).download(server.url("/f/p.m3u8"), dest)
    assert info.value.index == 3
    assert info.value.uri == server.url("/f/s3.aac?start=0&end=1000")
    assert "segment 3" in str(info.value)
    assert server.count("/f/s3.aac") == 3  # bounded: 1 + 2 retries
    assert not dest.exists()
    assert leftovers(tmp_path) == []


def test_existing_destination_untouched_on_failure(
    server: FakeServer, tmp_path: Path
) -> None:
    server.add_stream("/f", random_chunks(3))
    server.fail_always["/f/s1.aac"] = 404
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"previous")
    with pytest.raises(SegmentError):
        make_downloader().download(server.url("/f/p.m3u8"), dest)
    assert dest.read_bytes() == b"previous"
    assert server.count("/f/s1.aac") == 1  # 404 is not retried
    assert leftovers(tmp_path) == []


def test_connection_cut_before_content_length(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/t", random_chunks(3))
    server.cut_connection["/t/s1.aac"] = 100
    dest = tmp_path / "out.bin"
    with pytest.raises(SegmentError) as info:
        make_downloader(retries=1).download(server.url("/t/p.m3u8"), dest)
    assert info.value.index == 1
    assert server.count("/t/s1.aac") == 2
    assert not dest.exists()
    assert leftovers(tmp_path) == []


def test_truncated_ciphertext_not_multiple_of_16(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/t", random_chunks(3))
    server.files["/t/s2.aac"] = server.files["/t/s2.aac"][:-5]
    dest = tmp_path / "out.bin"
    with pytest.raises(SegmentError, match="multiple of 16") as info:
        make_downloader().download(server.url("/t/p.m3u8"), dest)
    assert info.value.index == 2
    assert not dest.exists()
    assert leftovers(tmp_path) == []


def test_an_empty_clear_segment_is_an_error_not_a_gap(
    server: FakeServer, tmp_path: Path
) -> None:
    # A 200 with no bytes for a media segment would leave a silent gap in the output.
    lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:5"]
    for index in range(3):
        server.files[f"/e/s{index}.ts"] = b"" if index == 1 else b"media" * 10
        lines += ["#EXTINF:5.0,", f"s{index}.ts"]
    server.files["/e/p.m3u8"] = "\n".join([*lines, "#EXT-X-ENDLIST", ""]).encode()
    dest = tmp_path / "out.ts"
    with pytest.raises(SegmentError, match="no bytes") as info:
        make_downloader().download(server.url("/e/p.m3u8"), dest)
    assert info.value.index == 1
    assert not dest.exists()
    assert leftovers(tmp_path) == []


def test_bad_padding_is_an_error_not_garbage(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/p", random_chunks(3))
    server.files["/p/k0.key"] = b"W" * 16  # the wrong key: padding check fails (almost surely)
    dest = tmp_path / "out.bin"
    with pytest.raises(SegmentError, match="padding"):
        make_downloader().download(server.url("/p/p.m3u8"), dest)
    assert not dest.exists()


def test_html_key_is_refused(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/h", random_chunks(3))
    server.files["/h/k0.key"] = b"<!DOCTYPE html><html><body>Please log in</body></html>"
    server.content_types["/h/k0.key"] = "text/html"
    dest = tmp_path / "out.bin"
    with pytest.raises(KeyFetchError, match="HTML") as info:
        make_downloader().download(server.url("/h/p.m3u8"), dest)
    assert "log in" not in str(info.value)
    assert not dest.exists()
    assert leftovers(tmp_path) == []


def test_key_error_message_never_contains_key(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/k", random_chunks(2))
    secret = b"S3CRETS3CRETS3CRETS3CRETS3CRET!!"  # 32 bytes: must not become AES-256
    server.files["/k/k0.key"] = secret
    with pytest.raises(KeyFetchError) as info:
        make_downloader().download(server.url("/k/p.m3u8"), tmp_path / "o")
    assert "S3CRET" not in str(info.value)
    assert secret.hex() not in str(info.value)
    assert "32 bytes" in str(info.value)


def test_a_failing_key_is_asked_for_once_not_once_per_waiting_segment(
    server: FakeServer, tmp_path: Path
) -> None:
    server.add_stream("/kf", random_chunks(8))
    server.fail_always["/kf/k0.key"] = 503
    with pytest.raises(KeyFetchError, match="HTTP 503"):
        make_downloader(retries=1).download(
            server.url("/kf/p.m3u8"), tmp_path / "o", concurrency=4
        )
    # One attempt and one retry for the whole download: the segments that were waiting
    # for the key fail with its error instead of each asking (and retrying) again.
    assert server.count("/kf/k0.key") == 2
    assert server.count("/kf/s0.aac") == 0
    assert leftovers(tmp_path) == []


def test_a_key_refused_by_its_redirect_is_asked_for_once(
    server: FakeServer, tmp_path: Path
) -> None:
    # The refusal (InsecureURLError, not a KeyFetchError) used to go uncached: every
    # segment waiting for the key asked for it again, and was refused again.
    server.add_stream("/kr", random_chunks(8))
    server.redirects["/kr/k0.key"] = "http://example.com/k0.key"
    with pytest.raises(InsecureURLError, match="plain http URL"):
        make_downloader().download(server.url("/kr/p.m3u8"), tmp_path / "o", concurrency=4)
    assert server.count("/kr/k0.key") == 1
    assert server.count("/kr/s0.aac") == 0
    assert leftovers(tmp_path) == []


def test_https_playlist_with_http_key_is_refused(tmp_path: Path) -> None:
    playlist = (
        "#EXTM3U\n#EXT-X-TARGETDURATION:5\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="http://127.0.0.1:9/k.key"\n'
        "#EXTINF:5,\nseg.aac\n#EXT-X-ENDLIST\n"
    )
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(200, text=playlist)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    downloader = HLSDownloader(client, retry_backoff=0)
    with pytest.raises(InsecureURLError, match="downgrade"):
        downloader.download("https://cdn.example/p.m3u8", tmp_path / "o")
    assert not client.is_closed  # the caller's client is never closed
    client.close()
    assert calls == ["https://cdn.example/p.m3u8"]  # nothing fetched over http
    assert leftovers(tmp_path) == []


def test_a_closed_http_client_is_a_beatkit_error(tmp_path: Path) -> None:
    # httpx's bare RuntimeError used to escape from the first fetch.
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    client.close()
    downloader = HLSDownloader(client, retry_backoff=0)
    with pytest.raises(ClientClosedError, match="closed"):
        downloader.download("https://cdn.example/p.m3u8", tmp_path / "o")
    assert leftovers(tmp_path) == []


def test_https_playlist_with_http_segment_is_refused(tmp_path: Path) -> None:
    playlist = (
        "#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\nhttp://127.0.0.1:9/seg.aac\n#EXT-X-ENDLIST\n"
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=playlist)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(InsecureURLError):
        HLSDownloader(client).download("https://cdn.example/p.m3u8", tmp_path / "o")
    client.close()


def test_plain_http_to_a_public_host_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InsecureURLError):
        make_downloader().download("http://example.com/p.m3u8", tmp_path / "o")


def test_redirect_to_http_is_refused(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/p.m3u8"})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(InsecureURLError, match="downgrade"):
        HLSDownloader(client).download("https://cdn.example/p.m3u8", tmp_path / "o")
    client.close()


def test_authorization_only_sent_to_playlist_origin(
    server: FakeServer, other_server: FakeServer, tmp_path: Path
) -> None:
    chunks = random_chunks(3)
    other_server.add_stream("/cdn", chunks)
    playlist = other_server.files["/cdn/p.m3u8"].decode()
    # The playlist lives on `server`; its keys and segments on `other_server`.
    playlist = playlist.replace('URI="k0.key', f'URI="{other_server.url("/cdn/k0.key")}')
    playlist = playlist.replace("\ns", f"\n{other_server.url('/cdn/s')}")
    server.files["/p.m3u8"] = playlist.encode()
    dest = tmp_path / "out.bin"
    with httpx.Client(headers={"Authorization": "Bearer client-default"}) as client:
        HLSDownloader(client).download(
            server.url("/p.m3u8"), dest, headers={"Authorization": "Bearer secret"}
        )
    assert dest.read_bytes() == b"".join(chunks)
    assert [r.headers.get("authorization") for r in server.requests] == ["Bearer secret"]
    assert len(other_server.requests) == 4
    assert all("authorization" not in r.headers for r in other_server.requests)


def test_a_header_named_in_lower_case_replaces_the_default_not_doubles_it(
    tmp_path: Path,
) -> None:
    # Headers copied from a browser's developer tools come lower-cased (HTTP/2): they
    # used to be sent beside the downloader's own User-Agent, two values of one header.
    playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\nseg.aac\n#EXT-X-ENDLIST\n"
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        body = playlist.encode() if request.url.path.endswith(".m3u8") else b"clear"
        return httpx.Response(200, content=body)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        HLSDownloader(client).download(
            "https://cdn.example/p.m3u8", tmp_path / "o", headers={"user-agent": "MyApp/1.0"}
        )
    assert len(seen) == 2
    assert all(headers.get_list("User-Agent") == ["MyApp/1.0"] for headers in seen)
    assert all(headers.get_list("Accept-Encoding") == ["identity"] for headers in seen)


@pytest.mark.parametrize(
    "value",
    [
        "Bearer s3cr3t\n",  # a token read from a file with its newline
        "Bearer s3cr3t\r\nX-Injected: 1",
        "Bearer s3cr3t ",
        " Bearer s3cr3t",
        "Bearer s3cr3t\x00",
    ],
)
def test_a_header_value_http_cannot_carry_is_refused_without_echoing_it(
    server: FakeServer, tmp_path: Path, value: str
) -> None:
    server.add_stream("/hv", random_chunks(1))
    with pytest.raises(ValueError, match="Authorization") as info:
        make_downloader().download(
            server.url("/hv/p.m3u8"), tmp_path / "o", headers={"Authorization": value}
        )
    assert "s3cr3t" not in str(info.value)
    assert server.requests == []  # refused before any request, not retried
    assert leftovers(tmp_path) == []


def test_an_output_that_cannot_be_written_fails_before_any_request(
    server: FakeServer, tmp_path: Path
) -> None:
    server.add_stream("/od", random_chunks(3))
    (tmp_path / "music").mkdir()
    with pytest.raises(IsADirectoryError, match="is a directory"):
        make_downloader().download(server.url("/od/p.m3u8"), tmp_path / "music")
    with pytest.raises(FileNotFoundError, match="no directory"):
        make_downloader().download(server.url("/od/p.m3u8"), tmp_path / "nodir" / "o")
    assert server.requests == []
    assert leftovers(tmp_path) == []


def test_a_long_file_name_that_open_accepts_is_written(
    server: FakeServer, tmp_path: Path
) -> None:
    # 80 Japanese characters: 244 bytes of UTF-8, a valid name, but the temporary
    # ".NAME.XXXXXXXX.part" beside it would be 259 bytes, over the usual 255.
    dest = tmp_path / ("テ" * 80 + ".aac")
    try:
        dest.write_bytes(b"")
    except OSError as exc:  # pragma: no cover - a file system with shorter names
        pytest.skip(f"file system refuses the name itself: {exc}")
    expected = server.add_stream("/ln", random_chunks(2))
    make_downloader().download(server.url("/ln/p.m3u8"), dest)
    assert dest.read_bytes() == expected
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "uri",
    [
        "s\x7f.ts",  # a control character httpx refuses in a URL
        "s" * 70_000 + ".ts",  # longer than httpx takes
    ],
)
def test_a_url_httpx_refuses_is_a_segment_error_not_an_httpx_one(
    server: FakeServer, tmp_path: Path, uri: str
) -> None:
    lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:5", "#EXTINF:5,", uri, "#EXT-X-ENDLIST"]
    server.files["/iv/p.m3u8"] = ("\n".join(lines) + "\n").encode()
    with pytest.raises(SegmentError, match="segment 0") as info:
        make_downloader().download(server.url("/iv/p.m3u8"), tmp_path / "o")
    assert info.value.index == 0
    assert leftovers(tmp_path) == []


def test_live_playlist_is_refused(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/live", random_chunks(2), endlist=False)
    with pytest.raises(LivePlaylistError, match="VOD"):
        make_downloader().download(server.url("/live/p.m3u8"), tmp_path / "o")
    assert server.count("/live/s0.aac") == 0
    assert leftovers(tmp_path) == []


def test_a_playlist_without_segments_is_refused(server: FakeServer, tmp_path: Path) -> None:
    # An empty output file would look like a finished download of nothing.
    server.files["/empty/p.m3u8"] = b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-ENDLIST\n"
    with pytest.raises(PlaylistError, match="no segments"):
        make_downloader().download(server.url("/empty/p.m3u8"), tmp_path / "o")
    assert leftovers(tmp_path) == []
    assert not (tmp_path / "o").exists()


def test_a_variant_that_cannot_be_downloaded_is_named_not_the_master(
    server: FakeServer, tmp_path: Path
) -> None:
    # The refusals named the master playlist's URL ("playlist .../master.m3u8 lists no
    # segments": it lists variants), or no playlist at all (a live variant).
    server.files["/m.m3u8"] = b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv/p.m3u8?token=s3cr3t\n"
    variant = server.url("/v/p.m3u8?token=REDACTED")
    server.files["/v/p.m3u8"] = b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-ENDLIST\n"
    with pytest.raises(PlaylistError) as info:
        make_downloader().download(server.url("/m.m3u8"), tmp_path / "o")
    assert str(info.value) == f"variant playlist {variant} lists no segments: nothing to download"
    server.files["/v/p.m3u8"] = b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:1,\ns.ts\n"
    with pytest.raises(LivePlaylistError) as live:
        make_downloader().download(server.url("/m.m3u8"), tmp_path / "o")
    assert str(live.value) == (
        f"variant playlist {variant} has no #EXT-X-ENDLIST: it is live, and only VOD "
        "streams can be downloaded for now"
    )
    assert "s3cr3t" not in str(live.value)
    assert server.count("/v/s.ts") == 0
    assert list(tmp_path.iterdir()) == []


def _master(server: FakeServer) -> dict[int, bytes]:
    expected = {}
    for bandwidth in (64000, 256000, 128000):
        expected[bandwidth] = server.add_stream(f"/v{bandwidth}", random_chunks(2))
    server.files["/master.m3u8"] = (
        b"#EXTM3U\n"
        b'#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"\nv64000/p.m3u8\n'
        b'#EXT-X-STREAM-INF:BANDWIDTH=256000,CODECS="mp4a.40.2"\nv256000/p.m3u8\n'
        b'#EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS="mp4a.40.2"\nv128000/p.m3u8\n'
    )
    return expected


@pytest.mark.parametrize(
    ("variant", "bandwidth"), [("best", 256000), ("worst", 64000), (128000, 128000)]
)
def test_master_playlist_variant_choice(
    server: FakeServer, tmp_path: Path, variant: str | int, bandwidth: int
) -> None:
    expected = _master(server)
    dest = tmp_path / "out.bin"
    make_downloader().download(
        server.url("/master.m3u8"),
        dest,
        variant=variant,  # type: ignore[arg-type]
    )
    assert dest.read_bytes() == expected[bandwidth]


def test_master_playlist_unknown_variant(server: FakeServer, tmp_path: Path) -> None:
    _master(server)
    with pytest.raises(VariantNotFoundError, match="64000"):
        make_downloader().download(server.url("/master.m3u8"), tmp_path / "o", variant=1)


def test_playlist_fetch_failure(server: FakeServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="404"):
        make_downloader().download(server.url("/missing.m3u8"), tmp_path / "o")


def test_a_playlist_over_the_size_limit_is_refused_not_cut(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # EXT-X-ENDLIST may stand anywhere (RFC 8216 4.3.3.4): a playlist cut at the size
    # limit would still read as complete VOD, without its last segments.
    chunks = random_chunks(3, size=100)
    lines = ["#EXTM3U", "#EXT-X-ENDLIST", "#EXT-X-TARGETDURATION:5"]
    for index, chunk in enumerate(chunks):
        server.files[f"/big/s{index}.ts"] = chunk
        lines += ["#EXTINF:5,", f"s{index}.ts"]
    body = ("\n".join(lines) + "\n").encode()
    server.files["/big/p.m3u8"] = body
    monkeypatch.setattr(download_module, "_MAX_PLAYLIST_BYTES", len(body) - 12)
    dest = tmp_path / "o"
    with pytest.raises(FetchError, match="larger than"):
        make_downloader().download(server.url("/big/p.m3u8"), dest)
    assert not dest.exists()
    monkeypatch.setattr(download_module, "_MAX_PLAYLIST_BYTES", len(body))
    make_downloader().download(server.url("/big/p.m3u8"), dest)
    assert dest.read_bytes() == b"".join(chunks)


def test_redirected_playlist_resolves_against_final_url(
    server: FakeServer, tmp_path: Path
) -> None:
    expected = server.add_stream("/real", random_chunks(2))
    server.redirects["/short.m3u8"] = "/real/p.m3u8"
    dest = tmp_path / "out.bin"
    make_downloader().download(server.url("/short.m3u8"), dest)
    assert dest.read_bytes() == expected


def test_range_requests_and_server_ignoring_range(server: FakeServer, tmp_path: Path) -> None:
    from beatkit.hls import encrypt_segment

    key, iv = b"K" * 16, b"I" * 16
    chunks = random_chunks(4)
    blob = b"".join(encrypt_segment(c, key, iv) for c in chunks)
    sizes = [len(encrypt_segment(c, key, iv)) for c in chunks]
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:4",
        "#EXT-X-TARGETDURATION:5",
        f'#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x{iv.hex()}',
    ]
    for index, size in enumerate(sizes):
        # Offset only on the first range: the others continue the previous one.
        offset = "@0" if index == 0 else ""
        lines += ["#EXTINF:5,", f"#EXT-X-BYTERANGE:{size}{offset}", "b.bin"]
    lines.append("#EXT-X-ENDLIST")
    server.files["/b/p.m3u8"] = "\n".join(lines).encode()
    server.files["/b/b.bin"] = blob
    server.files["/b/k.key"] = key
    for ignore in (False, True):
        server.ignore_range = ignore
        dest = tmp_path / f"out{ignore}.bin"
        make_downloader().download(server.url("/b/p.m3u8"), dest)
        assert dest.read_bytes() == b"".join(chunks)
    ranges = [r.headers["range"] for r in server.requests if r.path == "/b/b.bin"]
    assert sorted(ranges[:4], key=lambda r: int(r.split("=")[1].split("-")[0])) == [
        f"bytes=0-{sizes[0] - 1}",
        f"bytes={sizes[0]}-{sizes[0] + sizes[1] - 1}",
        f"bytes={sum(sizes[:2])}-{sum(sizes[:3]) - 1}",
        f"bytes={sum(sizes[:3])}-{sum(sizes) - 1}",
    ]


def test_own_client_is_closed_and_concurrency_validated(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="concurrency"):
        make_downloader().download("https://x.example/p.m3u8", tmp_path / "o", concurrency=0)
    assert "retries=3" in repr(HLSDownloader())
