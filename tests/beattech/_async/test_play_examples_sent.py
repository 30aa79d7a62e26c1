"""The page's three play-report examples (L4956-5006), tracked and sent through ``bt.reports``.

``tests/beattech/test_reports.py`` checks the tracker's events; here the same player
actions become the exact requests the client sends (pytest-httpx): one ``POST
/v2/reports`` per report, in order, JSON bodies as the page's ``play.ended`` sample
(L5111-5119) orders them, the user's bearer, never replayed. Written once for asyncio;
``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import AsyncBeatTech
from beatkit.beattech.reports import PlaybackTracker
from tests.beattech._mocked import BASE

TIME = 1305552557  # the page's play.ended sample (L5114)


def example_1(t: PlaybackTracker) -> None:
    # From 0; at 45 seek to 100; 3 s; "skip 30 seconds" twice; 40 s; pause; resume;
    # 15 s; another track.
    t.play_to(45)
    t.seek(100)
    t.play_to(103)
    t.seek(133)
    t.seek(163)
    t.play_to(203)
    t.pause()
    t.resume()
    t.play_to(218)
    t.end()


def example_2(t: PlaybackTracker) -> None:
    # start 150 -> at 160 seek to 200 -> play 20 s -> seek to 250 -> next track at 260
    t.play_to(160)
    t.seek(200)
    t.play_to(220)
    t.seek(250)
    t.play_to(260)
    t.end()


def example_3(t: PlaybackTracker) -> None:
    # start 150 -> at 160 seek to 200 -> play 35 s -> seek to 250 -> next track at 260
    t.play_to(160)
    t.seek(200)
    t.play_to(235)
    t.seek(250)
    t.play_to(260)
    t.end()


EXAMPLES: list[tuple[Callable[[PlaybackTracker], None], int, list[tuple[int, int]], int]] = [
    # (actions, start, progress segments, play.ended duration), as the page lists them
    (example_1, 0, [(0, 30), (30, 45), (163, 193), (193, 203), (203, 218)], 103),
    (example_2, 150, [(150, 160), (250, 260)], 40),
    (example_3, 150, [(150, 160), (200, 230), (230, 235), (250, 260)], 55),
]


def reports(httpx_mock: HTTPXMock) -> list[httpx.Request]:
    return [r for r in httpx_mock.get_requests() if not r.url.path.endswith("/oauth2/token")]


def v1(event: str, specific: dict[str, int]) -> dict[str, Any]:
    """A version 1 body in the key order of the page's sample (L5111-5119)."""
    return {
        "event": event,
        "track_id": "123456",
        "time": TIME,
        "offline": False,
        **specific,
        "stream_context": "release/1",
        "shop": "music-no",
    }


@pytest.mark.parametrize(("actions", "start", "segments", "duration"), EXAMPLES)
async def test_the_page_examples_send_the_page_reports_as_version_1(
    bt: AsyncBeatTech,
    httpx_mock: HTTPXMock,
    actions: Callable[[PlaybackTracker], None],
    start: int,
    segments: list[tuple[int, int]],
    duration: int,
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE}/reports", json={}, is_reusable=True)
    tracker = PlaybackTracker("123456", start_position=start)
    actions(tracker)
    common = {"time": TIME, "offline": False, "stream_context": "release/1", "shop": "music-no"}
    with pytest.warns(DeprecationWarning, match="play.progress is deprecated"):  # L4938
        bodies = [event.body(**common) for event in tracker.events]
    for body in bodies:
        assert await bt.reports.send(body) is None

    expected = [
        v1("play.started", {"start_position": start}),
        *(v1("play.progress", {"start_position": a, "stop_position": b}) for a, b in segments),
        v1("play.ended", {"duration": duration}),
    ]
    sent = reports(httpx_mock)
    assert [(r.method, str(r.url)) for r in sent] == [("POST", f"{BASE}/reports")] * len(expected)
    assert [json.loads(r.content) for r in sent] == expected
    assert [list(json.loads(r.content)) for r in sent] == [list(body) for body in expected]
    for request in sent:
        assert request.headers["content-type"] == "application/json"
        assert request.headers["authorization"] == "Bearer 7924bef2b848a895"
        assert "range" not in request.headers and "x-base-change" not in request.headers


@pytest.mark.parametrize(("actions", "start", "segments", "duration"), EXAMPLES)
async def test_the_page_examples_as_version_3_progress_in_one_send_many(
    bt: AsyncBeatTech,
    httpx_mock: HTTPXMock,
    actions: Callable[[PlaybackTracker], None],
    start: int,
    segments: list[tuple[int, int]],
    duration: int,
) -> None:
    # The examples' play.progress is deprecated in favour of v3 player.progress
    # (L4938-4954): the same positions, "action" not "event", version 3, the user's id,
    # the backend's context and no shop. play.started / play.ended stay version 1.
    httpx_mock.add_response(method="POST", url=f"{BASE}/reports", json={}, is_reusable=True)
    tracker = PlaybackTracker(123456, start_position=start)
    actions(tracker)
    user_id = bt.auth.user_id
    assert user_id == "28392"
    bodies = [
        event.body(time=TIME, offline=True, user_id=user_id, version=3, context={"c": "1"})
        for event in tracker.events
    ]
    assert await bt.reports.send_many(bodies) is None

    def progress(a: int, b: int) -> dict[str, Any]:
        return {
            "action": "player.progress",
            "version": 3,
            "time": TIME,
            "user_id": "28392",
            "offline": True,
            "entity_type": "track",
            "entity_id": "123456",
            "start_position": a,
            "stop_position": b,
            "sent_time": TIME,
            "context": {"c": "1"},
        }

    started = {"event": "play.started", "track_id": "123456", "time": TIME, "offline": True}
    ended = {"event": "play.ended", "track_id": "123456", "time": TIME, "offline": True}
    expected = [
        {**started, "start_position": start},
        *(progress(a, b) for a, b in segments),
        {**ended, "duration": duration},
    ]
    sent = reports(httpx_mock)
    assert [json.loads(r.content) for r in sent] == expected
    assert [list(json.loads(r.content)) for r in sent] == [list(body) for body in expected]
    assert all(r.headers["authorization"] == "Bearer 7924bef2b848a895" for r in sent)
