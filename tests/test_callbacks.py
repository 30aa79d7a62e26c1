"""``progress=`` callbacks are checked before anything is sent or written.

beatkit calls a progress callback without awaiting it, on the sync and the async
clients alike. A value that cannot be called failed only when the first report was
due (after the upload, in ``tracks.upload``, which orphaned the uploaded file), and
an ``async def`` function was called, its coroutine dropped unrun, and Python only
warned that it was never awaited. Both are now a ``TypeError`` up front.

Written out for both worlds (not generated): the async callbacks must stay async in
the sync tests too.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.hls import AsyncHLSDownloader, HLSDownloader


async def _async_report(report: object) -> None:
    """An async callback: its body would never run."""


class _AsyncCallable:
    async def __call__(self, report: object) -> None:
        """An object whose call is async."""


NOT_PLAIN_FUNCTIONS: list[tuple[str, Any, str]] = [
    ("int", 42, "progress must be callable (a function taking one report), not int"),
    ("str", "bar", "progress must be callable (a function taking one report), not str"),
    ("async def", _async_report, "progress must be a plain function, not an async one"),
    (
        "partial of async def",
        functools.partial(_async_report),
        "progress must be a plain function, not an async one",
    ),
    ("async __call__", _AsyncCallable(), "progress must be a plain function, not an async one"),
]


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def handler(sent: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    return answer


@pytest.fixture
def audio(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "beat.mp3"
    path.parent.mkdir()
    path.write_bytes(b"ID3 not really audio")
    return path


@pytest.fixture
def out(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "out"
    directory.mkdir()
    yield directory
    assert list(directory.iterdir()) == []  # nothing written, not even a temporary file


# (what, which client, the call): one table for the sync and the async clients.
CALLS: list[tuple[str, str, Callable[[Any, Path, Path, Any], Any]]] = [
    ("beatpass tracks.upload", "bp", lambda c, a, d, p: c.tracks.upload(a, progress=p)),
    ("beatpass uploads.create", "bp", lambda c, a, d, p: c.uploads.create(a, progress=p)),
    ("beatpass tracks.download", "bp", lambda c, a, d, p: c.tracks.download(1, d, progress=p)),
    ("beatpass download_pdf", "bp", lambda c, a, d, p: c.licenses.download_pdf(1, d, progress=p)),
    ("beatport save_stream", "bt", lambda c, a, d, p: c.tracks.save_stream(1, d, progress=p)),
    ("beatport save_download", "bt", lambda c, a, d, p: c.tracks.save_download(1, d, progress=p)),
    (
        "hls download",
        "hls",
        lambda c, a, d, p: c.download("https://cdn.test/p.m3u8", d, progress=p),
    ),
]


def _sync_clients(transport: httpx.MockTransport) -> dict[str, Any]:
    return {
        "bp": BeatPass("tok", http_client=httpx.Client(transport=transport)),
        "bt": Beatport("cid", token="tok", http_client=httpx.Client(transport=transport)),
        "hls": HLSDownloader(httpx.Client(transport=transport)),
    }


def _async_clients(transport: httpx.MockTransport) -> dict[str, Any]:
    return {
        "bp": AsyncBeatPass("tok", http_client=httpx.AsyncClient(transport=transport)),
        "bt": AsyncBeatport("cid", token="tok", http_client=httpx.AsyncClient(transport=transport)),
        "hls": AsyncHLSDownloader(httpx.AsyncClient(transport=transport)),
    }


async def _finish(result: Any, is_async: bool) -> None:
    """Await an async client's call (a sync one has raised or returned already)."""
    if is_async:
        await result


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(("kind", "progress", "message"), NOT_PLAIN_FUNCTIONS)
def test_a_progress_that_is_not_a_plain_function_is_refused_first(
    handler: Callable[[httpx.Request], httpx.Response],
    sent: list[httpx.Request],
    audio: Path,
    out: Path,
    kind: str,
    progress: Any,
    message: str,
    is_async: bool,
) -> None:
    async def main() -> None:
        transport = httpx.MockTransport(handler)
        clients = _async_clients(transport) if is_async else _sync_clients(transport)
        for name, which, call in CALLS:
            with pytest.raises(TypeError) as info:
                await _finish(call(clients[which], audio, out / "x.bin", progress), is_async)
            assert str(info.value) == message, name
            assert sent == [], name

    asyncio.run(main())
