"""Fixtures for the HLS tests: a scriptable loopback HTTP server and streams made by ffmpeg."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from beatkit.hls import encrypt_segment, parse_playlist
from beatkit.hls.playlist import MediaPlaylist


def random_chunks(count: int, size: int = 3000) -> list[bytes]:
    """``count`` random segments of about ``size`` bytes (sizes vary)."""
    return [os.urandom(size + 7 * i) for i in range(count)]


@dataclass
class Recorded:
    """One request the fake server received."""

    path: str
    """Path and query, exactly as sent."""
    headers: dict[str, str]
    """Request headers, names lower-cased."""


@dataclass
class FakeServer:
    """What the loopback server serves and how it misbehaves; tests mutate it freely."""

    files: dict[str, bytes] = field(default_factory=dict)
    """Path (without query) -> body."""
    content_types: dict[str, str] = field(default_factory=dict)
    extra_headers: dict[str, dict[str, str]] = field(default_factory=dict)
    """Path -> response headers added to its answers (e.g. a false Content-Encoding)."""
    ignore_range: bool = False
    """Answer 200 with the whole resource even when a Range is asked for."""
    fail_first: dict[str, list[int]] = field(default_factory=dict)
    """Path -> statuses to answer before serving the file (consumed one per request)."""
    fail_always: dict[str, int] = field(default_factory=dict)
    """Path -> status answered every time."""
    cut_connection: dict[str, int] = field(default_factory=dict)
    """Path -> bytes sent before closing, while Content-Length announces the whole body."""
    delay: float = 0.0
    """Seconds to wait before answering a request whose path matches delay_pattern."""
    delay_pattern: str = r"\.(aac|ts|m4s)$"
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""
    """``http://127.0.0.1:PORT``."""

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        """How many requests were made for ``path`` (query ignored)."""
        with self.lock:
            return sum(1 for r in self.requests if r.path.split("?", 1)[0] == path)

    def paths(self) -> Counter[str]:
        with self.lock:
            return Counter(r.path.split("?", 1)[0] for r in self.requests)

    def add_stream(
        self,
        prefix: str,
        chunks: list[bytes],
        *,
        keys: list[bytes] | None = None,
        explicit_iv: bool = True,
        media_sequence: int = 0,
        endlist: bool = True,
        key_query: str = "?start=0&end=1000",
    ) -> bytes:
        """Serve an encrypted stream under ``prefix``: segment i uses key ``keys[i % len(keys)]``.

        A KEY tag is written whenever the key changes. Returns the expected clear output.
        """
        keys = keys if keys is not None else [bytes(range(16))]
        lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:5"]
        lines.append(f"#EXT-X-MEDIA-SEQUENCE:{media_sequence}")
        current = -1
        for index, chunk in enumerate(chunks):
            which = index % len(keys)
            iv = os.urandom(16) if explicit_iv else (media_sequence + index).to_bytes(16, "big")
            if which != current or explicit_iv:
                iv_attr = f",IV=0x{iv.hex()}" if explicit_iv else ""
                lines.append(f'#EXT-X-KEY:METHOD=AES-128,URI="k{which}.key{key_query}"{iv_attr}')
                current = which
            self.files[f"{prefix}/k{which}.key"] = keys[which]
            self.files[f"{prefix}/s{index}.aac"] = encrypt_segment(chunk, keys[which], iv)
            lines.append("#EXTINF:5.0,")
            lines.append(f"s{index}.aac?start=0&end=1000")
        if endlist:
            lines.append("#EXT-X-ENDLIST")
        self.files[f"{prefix}/p.m3u8"] = ("\n".join(lines) + "\n").encode()
        return b"".join(chunks)

    def add_dir(self, directory: Path, prefix: str) -> None:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                self.files[f"{prefix}/{path.relative_to(directory).as_posix()}"] = path.read_bytes()


def _handler(state: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            with state.lock:
                state.requests.append(
                    Recorded(self.path, {k.lower(): v for k, v in self.headers.items()})
                )
            path = self.path.split("?", 1)[0]
            if state.delay and re.search(state.delay_pattern, path):
                time.sleep(state.delay)
            if path in state.redirects:
                self._send(302, b"", {"Location": state.redirects[path]})
                return
            with state.lock:
                pending = state.fail_first.get(path)
                status = pending.pop(0) if pending else None
            if status is None:
                status = state.fail_always.get(path)
            if status is not None:
                self._send(status, b"error")
                return
            body = state.files.get(path)
            if body is None:
                self._send(404, b"not found")
                return
            headers = {"Content-Type": state.content_types.get(path, "application/octet-stream")}
            headers.update(state.extra_headers.get(path, {}))
            if path in state.cut_connection:
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: state.cut_connection[path]])
                self.wfile.flush()
                self.close_connection = True
                return
            wanted = self.headers.get("Range")
            match = re.fullmatch(r"bytes=(\d+)-(\d+)", wanted or "")
            if match and not state.ignore_range:
                start, end = int(match.group(1)), int(match.group(2))
                headers["Content-Range"] = f"bytes {start}-{end}/{len(body)}"
                self._send(206, body[start : end + 1], headers)
                return
            self._send(200, body, headers)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # The downloader closes connections it no longer needs (a failed download
        # cancels the segments in flight); the default handler prints that to stderr,
        # where it would mix with the CLI output the tests read.
        pass


@contextmanager
def _serving() -> Iterator[FakeServer]:
    """A loopback HTTP server on 127.0.0.1 (random port) in a thread, stopped on exit."""
    state = FakeServer()
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fresh loopback HTTP server on 127.0.0.1 (random port), stopped after the test."""
    with _serving() as state:
        yield state


@pytest.fixture
def other_server() -> Iterator[FakeServer]:
    """A second loopback server: another origin (same host, other port)."""
    with _serving() as state:
        yield state


# --- streams made by ffmpeg -------------------------------------------------------------


@dataclass
class FfmpegStreams:
    """Directories of HLS streams made by ffmpeg from one 12 s sine, and their clear bytes."""

    root: Path
    key: bytes
    expected: bytes
    """The clear mpegts segments concatenated: what every decryption must produce."""
    expected_fmp4: bytes
    """The clear fMP4 init section and segments concatenated."""


def _ffmpeg(*args: str) -> None:
    argv = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args]
    # Fixed argv and no shell; the ffmpeg on PATH is the one under test.
    subprocess.run(argv, check=True, timeout=120)


def _concat(playlist_path: Path) -> bytes:
    playlist = parse_playlist(playlist_path.read_text())
    assert isinstance(playlist, MediaPlaylist)
    out = bytearray()
    seen_init = None
    for segment in playlist.segments:
        init = segment.init_section
        if init is not None and init != seen_init:
            out += (playlist_path.parent / init.uri).read_bytes()
            seen_init = init
        out += (playlist_path.parent / segment.uri.split("?")[0]).read_bytes()
    return bytes(out)


@pytest.fixture(scope="session")
def ffmpeg_streams(tmp_path_factory: pytest.TempPathFactory) -> FfmpegStreams:
    """Encrypted and clear HLS streams written by ffmpeg (skips when ffmpeg is missing)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (Debian package 'ffmpeg'): real-stream tests skipped")
    root = tmp_path_factory.mktemp("ffmpeg")
    source = root / "source.m4a"
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=12", "-c:a", "aac", "-b:a", "128k",
            str(source))  # fmt: skip
    key = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    (root / "key.bin").write_bytes(key)
    common = ["-i", str(source), "-c", "copy", "-f", "hls", "-hls_time", "2",
              "-hls_playlist_type", "vod"]  # fmt: skip

    def encode(name: str, *extra: str, iv: str | None = None, segment: str = "s%d.aac") -> Path:
        directory = root / name
        directory.mkdir()
        info = ["key.bin?start=0&end=12000", str(root / "key.bin")]
        if iv is not None:
            info.append(iv)
        key_info = root / f"{name}.keyinfo"
        key_info.write_text("\n".join(info) + "\n")
        args = [*common, *extra]
        if name != "clear" and not name.startswith("clear"):
            args += ["-hls_key_info_file", str(key_info)]
        _ffmpeg(*args, "-hls_segment_filename", str(directory / segment), str(directory / "p.m3u8"))
        (directory / "key.bin").write_bytes(key)
        return directory

    clear = encode("clear")
    encode("explicit_iv", iv="8899aabbccddeeff0011223344556677")
    # Without an IV line ffmpeg picks the start number as IV and writes it on the one KEY tag.
    encode("no_iv_line", "-start_number", "5")
    # periodic_rekey writes a KEY tag per segment whose IV is the sequence number; dropping
    # the IV attributes makes the parser derive each one from the media sequence.
    encode("rekey", "-start_number", "3", "-hls_flags", "periodic_rekey")
    implicit = encode("implicit_iv", "-start_number", "7", "-hls_flags", "periodic_rekey")
    text = (implicit / "p.m3u8").read_text()
    (implicit / "p.m3u8").write_text(re.sub(r",IV=0x[0-9a-fA-F]{32}", "", text))
    encode("single", "-hls_flags", "single_file", segment="all.aac")
    clear_fmp4 = encode("clear_fmp4", "-hls_segment_type", "fmp4", segment="s%d.m4s")

    # ffmpeg cannot encrypt fMP4: encrypt its clear segments ourselves, init section both ways.
    fmp4 = parse_playlist((clear_fmp4 / "p.m3u8").read_text())
    assert isinstance(fmp4, MediaPlaylist)
    init = fmp4.segments[0].init_section
    assert init is not None
    for name, encrypt_init in (("fmp4_clear_init", False), ("fmp4_enc_init", True)):
        directory = root / name
        directory.mkdir()
        (directory / "key.bin").write_bytes(key)
        lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-TARGETDURATION:3",
                 "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-PLAYLIST-TYPE:VOD"]  # fmt: skip
        init_bytes = (clear_fmp4 / init.uri).read_bytes()
        init_iv = bytes(range(16, 32))
        if encrypt_init:
            lines.append(f'#EXT-X-KEY:METHOD=AES-128,URI="key.bin",IV=0x{init_iv.hex()}')
            (directory / "init.mp4").write_bytes(encrypt_segment(init_bytes, key, init_iv))
        else:
            (directory / "init.mp4").write_bytes(init_bytes)
        lines.append('#EXT-X-MAP:URI="init.mp4"')
        # Segments use the media sequence number as IV: no IV attribute from here on.
        lines.append('#EXT-X-KEY:METHOD=AES-128,URI="key.bin"')
        for index, segment in enumerate(fmp4.segments):
            clear_bytes = (clear_fmp4 / segment.uri).read_bytes()
            iv = index.to_bytes(16, "big")
            (directory / f"s{index}.m4s").write_bytes(encrypt_segment(clear_bytes, key, iv))
            lines.append(f"#EXTINF:{segment.duration},")
            lines.append(f"s{index}.m4s")
        lines.append("#EXT-X-ENDLIST")
        (directory / "p.m3u8").write_text("\n".join(lines) + "\n")

    return FfmpegStreams(
        root=root,
        key=key,
        expected=_concat(clear / "p.m3u8"),
        expected_fmp4=_concat(clear_fmp4 / "p.m3u8"),
    )


@pytest.fixture
def ffmpeg_server(server: FakeServer, ffmpeg_streams: FfmpegStreams) -> FakeServer:
    """The loopback server serving every ffmpeg stream directory under its own name."""
    server.add_dir(ffmpeg_streams.root, "")
    return server
