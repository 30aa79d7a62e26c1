"""Benchmarks of beatkit.hls, printed as ratios against baselines run in the same process.

Run as ``python bench/hls.py``. Needs only the standard library, beatkit (and its
cryptography) and m3u8; the parts that need the ``openssl`` or ``ffmpeg`` binaries are
skipped with a message when they are missing.

1. In-memory decryption of a 6-minute, 73-segment, ~6.3 MB stream with
   ``decrypt_segment`` against raw cryptography on the same segments (interleaved
   rounds, median ratio and its spread); ``openssl speed -evp aes-128-cbc -decrypt``
   (its 16384-byte column, one cache-hot buffer, another process) as a reference row.
2. Local end-to-end download over loopback HTTP vs ``ffmpeg -c copy`` (interleaved
   rounds, medians, the ratio's spread).
3. A latency-bound download (50 ms per segment) at the default concurrency vs 1.
4. Parsing a 10,000-segment playlist with a KEY before every segment vs m3u8.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.metadata
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from beatkit.hls import HLSDownloader, decrypt_segment, encrypt_segment, parse_playlist

SEGMENTS = 73
STREAM_BYTES = 6_300_000
KEY = bytes.fromhex("00112233445566778899aabbccddeeff")

rows: list[tuple[str, str, str, str]] = []


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _raw_decrypt(data: bytes, key: bytes, iv: bytes) -> bytes:
    """The floor under :func:`decrypt_segment`: cryptography's AES-128-CBC alone, no
    checks, padding left on (what a caller of cryptography would write at least)."""
    decryptor = Cipher(algorithms.AES128(key), modes.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def bench_decrypt(rounds: int = 21) -> None:
    """``decrypt_segment`` against raw cryptography on the same segments, in this process.

    Each round decrypts the whole stream both ways, back to back; the figures are the
    medians over the rounds and the ratio's spread is shown. ``openssl speed`` is a
    separate row for reference only: it runs in another process and decrypts one
    16 KiB buffer over and over (hot in the CPU cache), so it is an upper bound that
    no per-segment caller reaches, not a baseline to take a ratio against.
    """
    size = STREAM_BYTES // SEGMENTS
    ivs = [i.to_bytes(16, "big") for i in range(SEGMENTS)]
    clear = [os.urandom(size) for _ in ivs]
    segments = [encrypt_segment(c, KEY, iv) for c, iv in zip(clear, ivs, strict=True)]
    total = sum(len(s) for s in segments)
    # Both sides must give the clear bytes (raw cryptography keeps the padding).
    for data, iv, expected in zip(segments, ivs, clear, strict=True):
        if decrypt_segment(data, KEY, iv) != expected:
            raise SystemExit("decrypt_segment did not give the clear bytes back")
        if not _raw_decrypt(data, KEY, iv).startswith(expected):
            raise SystemExit("raw cryptography did not give the clear bytes back")

    def ours() -> None:
        for data, iv in zip(segments, ivs, strict=True):
            decrypt_segment(data, KEY, iv)

    def raw() -> None:
        for data, iv in zip(segments, ivs, strict=True):
            _raw_decrypt(data, KEY, iv)

    ours()
    raw()
    pairs = [(best_of(1, raw), best_of(1, ours)) for _ in range(rounds)]
    ours_mbs = total / statistics.median(t for _, t in pairs) / 1e6
    raw_mbs = total / statistics.median(t for t, _ in pairs) / 1e6
    ratios = sorted(raw_s / ours_s for raw_s, ours_s in pairs)
    rows.append(
        (
            f"decrypt {SEGMENTS} segments, {total / 1e6:.1f} MB in memory",
            f"{ours_mbs:,.0f} MB/s",
            f"cryptography {importlib.metadata.version('cryptography')}, same segments: "
            f"{raw_mbs:,.0f} MB/s",
            f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})",
        )
    )
    openssl = shutil.which("openssl")
    if openssl is None:
        print("decryption: openssl not found, reference row skipped")
        return
    output = subprocess.run(
        [openssl, "speed", "-evp", "aes-128-cbc", "-decrypt", "-seconds", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    line = next(x for x in output.splitlines() if x.lower().startswith("aes-128-cbc"))
    column = float(line.split()[-1].rstrip("k"))  # the 16384-byte column, in 1000s of B/s
    theirs = column * 1000 / 1e6
    rows.append(
        (
            "  reference: one 16 KiB buffer, cache-hot",
            "-",
            f"openssl speed, another process: {theirs:,.0f} MB/s",
            f"({ours_mbs / theirs:.2f}x)",
        )
    )


def _serve_forever(root: Path, delay: float, ports: multiprocessing.Queue[int]) -> None:
    """A small asyncio HTTP/1.1 file server with keep-alive, files held in memory.

    Python's ``http.server`` costs about a millisecond per request, which would
    measure the server rather than the clients; this one answers in microseconds,
    so the figures are about beatkit and ffmpeg.
    """
    files = {f"/{p.name}": p.read_bytes() for p in root.iterdir() if p.is_file()}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode()
                path = target.split("?", 1)[0]
                if delay and path.endswith(".ts"):
                    await asyncio.sleep(delay)
                body = files.get(path)
                if body is None:
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                else:
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
                    writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        ports.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


@contextmanager
def serve(root: Path, delay: float = 0.0) -> Iterator[str]:
    """A loopback file server in another process, so it does not share our GIL."""
    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    process = multiprocessing.Process(target=_serve_forever, args=(root, delay, ports), daemon=True)
    process.start()
    try:
        yield f"http://127.0.0.1:{ports.get(timeout=30)}"
    finally:
        process.terminate()
        process.join(timeout=5)


def make_stream(directory: Path) -> bool:
    """A 6-minute AAC stream in 73 encrypted 5 s segments, made by ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return False
    (directory / "key.bin").write_bytes(KEY)
    info = directory / "key.info"
    info.write_text(f"key.bin?start=0&end=360000\n{directory / 'key.bin'}\n")
    quiet = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    source = directory / "source.m4a"
    subprocess.run(
        [*quiet, "-f", "lavfi", "-i", "sine=frequency=440:duration=360", "-c:a", "aac",
         "-b:a", "128k", str(source)],
        check=True, timeout=600,
    )  # fmt: skip
    subprocess.run(
        [*quiet, "-i", str(source), "-c", "copy", "-f", "hls", "-hls_time", "5",
         "-hls_playlist_type", "vod", "-hls_key_info_file", str(info),
         "-hls_segment_filename", str(directory / "s%d.ts"), str(directory / "p.m3u8")],
        check=True, timeout=600,
    )  # fmt: skip
    return True


def bench_download(directory: Path) -> None:
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    playlist = parse_playlist((directory / "p.m3u8").read_text())
    count = len(getattr(playlist, "segments", ()))
    size = sum(p.stat().st_size for p in directory.glob("s*.ts"))
    out = directory / "out"
    out.mkdir()
    with serve(directory) as base:
        url = f"{base}/p.m3u8"

        def ours() -> None:
            HLSDownloader().download(url, out / "beatkit.aac")

        def theirs() -> None:
            subprocess.run(
                [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-allowed_extensions", "ALL",
                 "-i", url, "-c", "copy", str(out / "ffmpeg.ts")],
                check=True, timeout=600,
            )  # fmt: skip

        ours()  # warm up (the TLS context, imports)
        # Interleaved, so that a busy moment of the machine hits both sides alike.
        pairs = [(best_of(1, ours), best_of(1, theirs)) for _ in range(5)]
    ratios = sorted(t / o for o, t in pairs)
    rows.append(
        (
            f"download {count} segments, {size / 1e6:.1f} MB, loopback",
            f"{statistics.median(o for o, _ in pairs) * 1000:,.0f} ms",
            f"ffmpeg -c copy: {statistics.median(t for _, t in pairs) * 1000:,.0f} ms",
            f"{statistics.median(ratios):.1f}x faster ({ratios[0]:.1f}-{ratios[-1]:.1f})",
        )
    )


def bench_latency(directory: Path) -> None:
    with serve(directory, delay=0.05) as base:
        url = f"{base}/p.m3u8"
        default = best_of(2, lambda: HLSDownloader().download(url, directory / "out" / "c4.aac"))
        serial = best_of(
            1, lambda: HLSDownloader().download(url, directory / "out" / "c1.aac", concurrency=1)
        )
    rows.append(
        (
            "download, 50 ms latency per segment",
            f"concurrency 4: {default * 1000:,.0f} ms",
            f"concurrency 1: {serial * 1000:,.0f} ms",
            f"{serial / default:.1f}x faster",
        )
    )


def bench_parse() -> None:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:6"]
    for i in range(10_000):
        lines.append(f'#EXT-X-KEY:METHOD=AES-128,URI="k{i % 2}.key?start=0&end=1",IV=0x{i:032x}')
        lines += ["#EXTINF:5.0,", f"s{i}.aac?start=0&end=50000"]
    lines.append("#EXT-X-ENDLIST")
    text = "\n".join(lines) + "\n"
    ours = best_of(5, lambda: parse_playlist(text, "https://cdn.example/t/p.m3u8"))
    try:
        import m3u8  # type: ignore[import-untyped]
    except ImportError:
        rows.append(("parse 10,000 keys", f"{ours * 1000:,.0f} ms", "m3u8: not installed", "-"))
        return
    theirs = best_of(1, lambda: m3u8.loads(text, uri="https://cdn.example/t/p.m3u8"))
    rows.append(
        (
            "parse 10,000 segments, a KEY before each",
            f"{ours * 1000:,.0f} ms",
            f"m3u8 {importlib.metadata.version('m3u8')}: {theirs * 1000:,.0f} ms",
            f"{theirs / ours:.0f}x faster",
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        choices=["decrypt", "download", "parse"],
        help="run one part (download includes the latency case); default: all",
    )
    args = parser.parse_args()
    print(f"beatkit.hls benchmarks: Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}")  # fmt: skip
    if args.only in (None, "decrypt"):
        bench_decrypt()
    if args.only in (None, "download"):
        with tempfile.TemporaryDirectory() as name:
            directory = Path(name)
            if make_stream(directory):
                bench_download(directory)
                bench_latency(directory)
            else:
                print("download benchmarks: ffmpeg not found, skipped")
    if args.only in (None, "parse"):
        bench_parse()
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    header = ("benchmark", "beatkit", "baseline", "ratio")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
