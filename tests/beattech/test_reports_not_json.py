"""A report answered 2xx with a page that is not the API's JSON (a captive portal, a
proxy) did not reach Beat Technology: it is an error, and a queue keeps the entry."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.beattech.reports import ReportQueue, play_ended
from beatkit.errors import ResponseDecodeError
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client._transport.settings = attrs.evolve(client._transport.settings, sleep=no_sleep)
        client.auth.login(fake.username, fake.password)
        yield client
        client.close()


def ended(track: str) -> dict[str, object]:
    return play_ended(track_id=track, time=NOW, offline=True, duration=30)


def test_send_answered_with_an_html_page_is_an_error(fake: FakeBeatTech, bt: BeatTech) -> None:
    fake.garbage_next()
    with pytest.raises(ResponseDecodeError, match="expected JSON"):
        bt.reports.send(ended("1"))
    assert fake.report_bodies() == []


def test_legacy_send_answered_with_an_html_page_is_an_error(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    fake.garbage_next()
    with pytest.warns(DeprecationWarning, match="deprecated"), pytest.raises(ResponseDecodeError):
        bt.reports.send_legacy(ended("1"))


def test_flush_keeps_a_report_answered_with_an_html_page(fake: FakeBeatTech, bt: BeatTech) -> None:
    queue = ReportQueue(clock=lambda: NOW)
    for track in ("1", "2", "3"):
        queue.append(ended(track))
    fake.garbage_next()
    result = queue.flush(bt)
    assert not result.ok and isinstance(result.error, ResponseDecodeError)
    assert not result.refused  # worth another flush once the network is really back
    assert result.failed is not None and result.failed.report["track_id"] == "1"
    assert [e.report["track_id"] for e in queue.entries] == ["1", "2", "3"]
    assert queue.flush(bt).ok
    assert [b["track_id"] for b in fake.report_bodies()] == ["1", "2", "3"]


def test_aflush_keeps_a_report_answered_with_an_html_page(fake: FakeBeatTech) -> None:
    async def run() -> ReportQueue:
        async with httpx.AsyncClient(transport=fake.transport()) as http:
            bt = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                               base_url=fake.base_url, http_client=http)  # fmt: skip
            await bt.auth.login(fake.username, fake.password)
            queue = ReportQueue(clock=lambda: NOW)
            queue.append(ended("1"))
            fake.garbage_next()
            result = await queue.aflush(bt)
            assert isinstance(result.error, ResponseDecodeError)
            await bt.aclose()
            return queue

    queue = asyncio.run(run())
    assert [e.report["track_id"] for e in queue.entries] == ["1"]
    assert fake.report_bodies() == []


def test_an_empty_success_is_still_a_success(fake: FakeBeatTech, bt: BeatTech) -> None:
    fake.fail_next(204)
    bt.reports.send(ended("1"))
    fake.fail_next(200, body={})
    bt.reports.send(ended("2"))
