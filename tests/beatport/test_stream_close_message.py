"""A Beatport client closed while ``save_stream`` runs (a notebook's stop button, a
callback) says so in its own words: ``beatport: the client is closed``. The stream
fetches go through the client's own pool, and the refusal read "hls: the httpx client it
sends with (your http_client) was closed ...", blaming an ``http_client`` the caller
never passed. The temporary file is removed either way."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from beatkit import ClientClosedError
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.hls import Progress
from beatkit.testing import FakeServer
from beatkit.testing.beatport import RECORDED_TRACK_IDS, FakeBeatport

TRACK_ID = RECORDED_TRACK_IDS[0]


def test_a_client_closed_during_save_stream_names_itself(
    beatport_server: FakeServer[FakeBeatport], tmp_path: Path
) -> None:
    fake = beatport_server.fake
    client = Beatport(
        fake.client_id,
        token=fake.issue_token()["access_token"],
        base_url=beatport_server.base_url,
        requests_per_second=None,
    )

    def close_now(_: Progress) -> None:
        client.close()

    with pytest.raises(ClientClosedError) as caught:
        client.tracks.save_stream(TRACK_ID, tmp_path / "out.aac", progress=close_now, concurrency=1)
    assert str(caught.value) == "beatport: the client is closed; create a new one"
    assert list(tmp_path.iterdir()) == []


def test_an_async_client_closed_during_save_stream_names_itself(
    beatport_server: FakeServer[FakeBeatport], tmp_path: Path
) -> None:
    fake = beatport_server.fake

    async def main() -> ClientClosedError:
        client = AsyncBeatport(
            fake.client_id,
            token=fake.issue_token()["access_token"],
            base_url=beatport_server.base_url,
            requests_per_second=None,
        )
        closing: list[asyncio.Task[None]] = []

        def close_soon(_: Progress) -> None:
            if not closing:
                closing.append(asyncio.get_running_loop().create_task(client.aclose()))

        try:
            await asyncio.wait_for(
                client.tracks.save_stream(
                    TRACK_ID, tmp_path / "out.aac", progress=close_soon, concurrency=1
                ),
                10,
            )
        except ClientClosedError as exc:
            return exc
        finally:
            await asyncio.wait_for(asyncio.gather(*closing), 10)
        raise AssertionError("save_stream went on after the client was closed")

    error = asyncio.run(main())
    assert str(error) == "beatport: the client is closed; create a new one"
    assert list(tmp_path.iterdir()) == []
