"""One sync client shared by threads (a web app's worker pool, a script's executor):
pagers (with their own prefetching threads), pacing and calls give every thread the
same results as one thread alone, and end; nothing hangs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from beatkit import BeatConnect, BeatTech
from beatkit.testing import FakeBeatConnect, FakeBeatTech


def test_threads_sharing_one_beatconnect_client() -> None:
    fake = FakeBeatConnect()
    client = BeatConnect(
        fake.api_key,
        base_url=fake.base_url,
        requests_per_second=1000,
        http_client=httpx.Client(transport=fake.transport()),
    )
    alone = [beat.id for beat in client.beats.list(per_page=100)]

    def work(_: int) -> list[int]:
        assert client.genres.list()
        return [beat.id for beat in client.beats.list(per_page=100)]

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = [f.result(timeout=30) for f in [pool.submit(work, i) for i in range(8)]]
    assert results == [alone] * 8
    client.close()


def test_threads_sharing_one_prefetching_beat_technology_client() -> None:
    fake = FakeBeatTech()
    fake.ranges.windows["tracks.search"] = 50
    bt = BeatTech(
        "fabel",
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    alone = [track.id for track in bt.app.tracks.search("a")]
    assert len(alone) > 50  # several pages, fetched a few at a time

    def work(_: int) -> list[str]:
        return [track.id for track in bt.app.tracks.search("a")]

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = [f.result(timeout=30) for f in [pool.submit(work, i) for i in range(8)]]
    assert results == [alone] * 8
    # One app token for every thread.
    assert len([r for r in fake.requests if r.url.path.endswith("/token")]) <= 1
    bt.close()
