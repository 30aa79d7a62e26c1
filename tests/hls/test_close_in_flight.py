"""A download's ``http_client`` closed while segments are in flight, over a real
loopback socket.

The only connection (``max_connections=1``) carries one segment, which the server
holds; the other segment (``concurrency=2``) waits for a pooled connection. The caller
closes its ``http_client``, then the server answers. The waiting segment used to get a
fresh connection from the closed pool and go out after the close, leaving that
connection open for good; now it is refused as it opens one, and the download raises
``ClientClosedError``.

Every wait is bounded by ``WAIT``; nothing measures time.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from beatkit.errors import ClientClosedError
from beatkit.hls import AsyncHLSDownloader, HLSDownloader
from beatkit.testing import FakeBeatConnect, FakeServer, serve
from tests.core._pool_waits import WAIT, await_until, queued, wait_until

BACKOFF = 0.5
"""The segment cut on the wire by the close retries after this pause, leaving the
waiting one the time to go out (as it did) before the download stops."""
SEGMENTS = 2
PLAYLIST = (
    "#EXTM3U\n#EXT-X-TARGETDURATION:5\n"
    + "".join(f"#EXTINF:5.0,\n/hls/s{index}.aac\n" for index in range(SEGMENTS))
    + "#EXT-X-ENDLIST\n"
)


class HeldStream(FakeBeatConnect):
    """Serves a clear two-segment stream under ``/hls/``; holds every segment until
    ``release`` is set, and counts the segment requests."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Semaphore(0)
        self.release = threading.Event()
        self.segments = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/hls/p.m3u8":
            return httpx.Response(200, text=PLAYLIST)
        if path.startswith("/hls/s"):
            self.segments += 1
            self.arrived.release()
            self.release.wait(WAIT)
            return httpx.Response(200, content=b"segment")
        return super().handle(request)


@pytest.fixture
def server() -> Iterator[FakeServer[HeldStream]]:
    fake = HeldStream()
    try:
        with serve(fake, hang=0.5) as served:
            yield served
    finally:
        fake.release.set()


def _check(fake: HeldStream, outcome: object, dest: Path) -> None:
    assert isinstance(outcome, ClientClosedError), outcome
    assert fake.segments == 1, "a segment went out after the http_client was closed"
    assert not dest.exists()


async def test_segments_waiting_in_a_closed_async_pool_are_not_sent(
    server: FakeServer[HeldStream], tmp_path: Path
) -> None:
    fake = server.fake
    dest = tmp_path / "out.aac"
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1))
    downloader = AsyncHLSDownloader(http, retry_backoff=BACKOFF)
    try:
        download = asyncio.ensure_future(
            downloader.download(f"{server.root_url}/hls/p.m3u8", dest, concurrency=SEGMENTS)
        )
        assert await asyncio.to_thread(fake.arrived.acquire, True, WAIT)
        # One on the wire, one waiting.
        await await_until(lambda: queued(http) == SEGMENTS, "the segments")
        await http.aclose()
        fake.release.set()
        outcome = (await asyncio.wait_for(asyncio.gather(download, return_exceptions=True), WAIT))[
            0
        ]
        _check(fake, outcome, dest)
    finally:
        fake.release.set()
        await http.aclose()
    assert http._transport._pool.connections == []  # type: ignore[attr-defined]


def test_segments_waiting_in_a_closed_sync_pool_are_not_sent(
    server: FakeServer[HeldStream], tmp_path: Path
) -> None:
    fake = server.fake
    dest = tmp_path / "out.aac"
    http = httpx.Client(limits=httpx.Limits(max_connections=1))
    downloader = HLSDownloader(http, retry_backoff=BACKOFF)
    outcomes: list[object] = []

    def download() -> None:
        try:
            outcomes.append(
                downloader.download(f"{server.root_url}/hls/p.m3u8", dest, concurrency=SEGMENTS)
            )
        except Exception as exc:  # checked below
            outcomes.append(exc)

    thread = threading.Thread(target=download)
    try:
        thread.start()
        assert fake.arrived.acquire(timeout=WAIT)
        wait_until(lambda: queued(http) == SEGMENTS, "the segments")
        http.close()
        fake.release.set()
        thread.join(WAIT)
        assert not thread.is_alive()
        assert len(outcomes) == 1
        _check(fake, outcomes[0], dest)
    finally:
        fake.release.set()
        http.close()
    assert http._transport._pool.connections == []  # type: ignore[attr-defined]
