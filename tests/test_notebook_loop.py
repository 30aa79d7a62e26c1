"""The sync clients called from a thread whose event loop is running, as a notebook cell.

Jupyter runs an asyncio event loop in the kernel's main thread, and a cell's sync code
runs inside it. Nothing beatkit's sync clients do may need an event loop of their own
(``asyncio.run() cannot be called from a running event loop``, "This event loop is
already running") or wait for the blocked loop (a deadlock). Each cell runs in a
worker thread joined with a bound, so a deadlock fails the test instead of hanging it.
An async client made in one cell serves the next ones: the kernel runs every cell on
one loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from beatkit import AsyncBeatConnect, BeatConnect, BeatPass, Beatport, BeatTech
from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech, serve

BOUND = 60.0  # seconds a cell may take: only a deadlock comes near it


def in_a_cell(cell: Callable[[], Any]) -> Any:
    """``cell()`` called from a coroutine, its event loop running, in a bounded thread."""

    async def running() -> Any:
        asyncio.get_running_loop()  # the cell's code runs with a loop running
        return cell()

    return in_a_thread(lambda: asyncio.run(running()))


def in_a_thread(work: Callable[[], Any]) -> Any:
    """``work()`` in a thread joined with a bound: a deadlock fails instead of hanging."""
    results: list[Any] = []
    errors: list[BaseException] = []

    def thread() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    worker = threading.Thread(target=thread, daemon=True)
    worker.start()
    worker.join(BOUND)
    assert not worker.is_alive(), "the cell did not finish: a deadlock"
    if errors:
        raise errors[0]
    return results[0]


def test_beatconnect_and_beatpass_calls_and_pagers() -> None:
    bcf, bpf = FakeBeatConnect(), FakeBeatPass()
    bc = BeatConnect(bcf.api_key, http_client=httpx.Client(transport=bcf.transport()))
    bp = BeatPass(
        bpf.token, base_url=bpf.base_url, http_client=httpx.Client(transport=bpf.transport())
    )
    with bc, bp:
        assert in_a_cell(lambda: bc.beats.get(1234).title) == "Summer Vibes"
        assert len(in_a_cell(lambda: bc.beats.list(per_page=20, limit=45).to_list())) == 45
        assert in_a_cell(lambda: bp.tracks.get(bpf.track_id).id) == bpf.track_id
        assert len(in_a_cell(lambda: list(bp.tracks.list(limit=3)))) == 3


def test_beatport_login_refresh_pager_and_stream_download(tmp_path: Path) -> None:
    fake = FakeBeatport()
    bp = Beatport(
        fake.client_id,
        requests_per_second=None,
        http_client=httpx.Client(transport=fake.transport()),
    )
    with bp:
        in_a_cell(lambda: bp.auth.login(fake.username, fake.password))
        first = bp.auth.token
        fake.expire_access_tokens()
        track_id = fake.tracks[0]["id"]
        assert in_a_cell(lambda: bp.tracks.get(track_id).id) == track_id  # refreshed
        assert bp.auth.token is not None and bp.auth.token != first
        assert len(in_a_cell(lambda: bp.tracks.list(per_page=10, limit=25).to_list())) == 25
        result = in_a_cell(lambda: bp.tracks.save_stream(track_id, tmp_path / "t.aac"))
    assert result.path.read_bytes() == fake.stream_plaintext(track_id)
    assert fake.leaked_authorization == []


def test_beattech_login_refresh_and_range_pager() -> None:
    fake = FakeBeatTech()
    bt = BeatTech(
        "fabel",
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    with bt:
        in_a_cell(lambda: bt.auth.login("reader@example.com", "fake-password"))
        fake.expire_tokens()
        tracks = in_a_cell(lambda: bt.tracks.search("a", page_size=5, limit=12).to_list())
    assert len(tracks) == 12


def test_an_async_client_made_in_one_cell_serves_the_next_ones() -> None:
    # The kernel keeps one loop for all its cells; each cell is a coroutine it runs.
    # Over a real socket, so the pooled connections are the loop's.
    fake = FakeBeatConnect()
    cells: dict[str, Any] = {}

    async def make() -> None:
        cells["bc"] = AsyncBeatConnect(fake.api_key, base_url=cells["url"])

    async def get() -> str:
        return (await cells["bc"].beats.get(1234)).title

    async def walk() -> int:
        return len([beat async for beat in cells["bc"].beats.list(per_page=20, limit=45)])

    async def close() -> None:
        await cells["bc"].aclose()

    def kernel() -> list[Any]:
        loop = asyncio.new_event_loop()
        try:
            return [loop.run_until_complete(cell()) for cell in (make, get, walk, get, close)]
        finally:
            loop.close()

    with serve(fake) as server:
        cells["url"] = server.base_url
        assert in_a_thread(kernel) == [None, "Summer Vibes", 45, "Summer Vibes", None]
