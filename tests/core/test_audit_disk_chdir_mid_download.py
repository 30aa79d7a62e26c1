"""A relative ``dest`` is the file it named when the download started, whatever
``os.chdir()`` happens meanwhile (another thread, a callback).

The temporary file was created relative to the working directory at the start, and
renamed (or removed) relative to the one at the end: after a ``chdir`` meanwhile, the
whole download failed at the rename with ``No such file or directory`` naming the
hidden temporary file, and left that file behind. The directory is now anchored once,
when the file is opened: the file lands where ``dest`` named, and a failure leaves no
temporary file in either directory.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from beatkit._core.files import atomic_file
from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.hls import AsyncHLSDownloader, HLSDownloader

BODY = bytes(range(256)) * 200
PLAYLIST = (
    b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXTINF:5,\ns1.ts\n#EXT-X-ENDLIST\n"
)


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith(".m3u8"):
        return httpx.Response(200, content=PLAYLIST)
    return httpx.Response(200, headers={"Content-Type": "audio/mpeg"}, content=BODY)


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "out.bin").write_bytes(b"old")
    monkeypatch.chdir(first)
    return first, second


def moving_to(place: Path) -> Callable[[object], None]:
    def progress(report: object) -> None:
        os.chdir(place)

    return progress


def check_saved(first: Path, second: Path, expected: bytes) -> None:
    assert [p.name for p in first.iterdir()] == ["out.bin"]
    assert (first / "out.bin").read_bytes() == expected
    assert list(second.iterdir()) == []


def test_atomic_file(places: tuple[Path, Path]) -> None:
    first, second = places
    with atomic_file("out.bin") as output:
        output.write(b"new")
        os.chdir(second)
    check_saved(first, second, b"new")


def test_atomic_file_failing(places: tuple[Path, Path]) -> None:
    first, second = places

    def fail() -> None:
        with atomic_file("out.bin") as output:
            output.write(b"new")
            os.chdir(second)
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        fail()
    check_saved(first, second, b"old")


def test_beatpass_download(places: tuple[Path, Path]) -> None:
    first, second = places
    http = httpx.Client(transport=httpx.MockTransport(answer))
    with BeatPass(token="t", base_url="https://api.test/api/v1", http_client=http) as client:
        saved = client.tracks.download(5, "out.bin", progress=moving_to(second))
    assert saved.bytes_written == len(BODY)
    check_saved(first, second, BODY)


def test_async_beatpass_download(places: tuple[Path, Path]) -> None:
    first, second = places

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with AsyncBeatPass(
            token="t", base_url="https://api.test/api/v1", http_client=http
        ) as client:
            await client.tracks.download(5, "out.bin", progress=moving_to(second))
        await http.aclose()

    asyncio.run(main())
    check_saved(first, second, BODY)


@pytest.mark.parametrize("facade", ["sync", "async"])
def test_hls_download(places: tuple[Path, Path], facade: str) -> None:
    first, second = places
    url = "https://cdn.example/p.m3u8"
    progress = moving_to(second)
    if facade == "sync":
        with httpx.Client(transport=httpx.MockTransport(answer)) as client:
            HLSDownloader(client).download(url, "out.bin", progress=progress)
    else:

        async def main() -> None:
            async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
                await AsyncHLSDownloader(client).download(url, "out.bin", progress=progress)

        asyncio.run(main())
    check_saved(first, second, BODY * 2)
