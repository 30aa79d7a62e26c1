"""``bt.reports`` against FakeBeatTech: send, send_many, send_legacy, never replayed.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech
from beatkit.beattech.reports import (
    PlaybackTracker,
    ReportSendError,
    play_ended,
    play_started,
    player_progress,
    reader_progress,
    release_finished,
)
from beatkit.errors import (
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ServerError,
)
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z
PAGE_PLAY_ENDED = {
    "event": "play.ended", "track_id": "123456", "time": 1305552557, "offline": False,
    "duration": 103, "stream_context": "release/1", "shop": "music-no",
}  # fmt: skip


class Sleeps:
    """The transport's sleep, recorded instead of slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
async def make(fake: FakeBeatTech) -> AsyncIterator[Callable[..., AsyncBeatTech]]:
    """Build clients on the fake (sleeps recorded, not slept); all closed afterwards."""
    made: list[tuple[AsyncBeatTech, httpx.AsyncClient]] = []

    def factory(**kwargs: Any) -> AsyncBeatTech:
        http = httpx.AsyncClient(transport=fake.transport())
        options: dict[str, Any] = {"client_id": fake.client_id,
                                   "client_secret": fake.client_secret}  # fmt: skip
        client = AsyncBeatTech(base_url=fake.base_url, http_client=http, **{**options, **kwargs})
        transport = client._transport
        transport.settings = attrs.evolve(transport.settings, async_sleep=Sleeps())
        made.append((client, http))
        return client

    yield factory
    for client, http in made:
        await client.aclose()
        await http.aclose()


@pytest.fixture
async def bt(fake: FakeBeatTech, make: Callable[..., AsyncBeatTech]) -> AsyncBeatTech:
    """A client on the fake, with the fake's seeded user logged in."""
    client = make()
    await client.auth.login(fake.username, fake.password)
    return client


def report_requests(fake: FakeBeatTech, path: str = "/v2/reports") -> list[httpx.Request]:
    return [r for r in fake.requests if r.url.path == path]


def bearer_user(fake: FakeBeatTech, request: httpx.Request) -> str | None:
    """The user of the request's bearer token (None: an app token)."""
    token = request.headers["authorization"].removeprefix("Bearer ")
    return fake._access[token].user_id


def track(fake: FakeBeatTech) -> str:
    return next(iter(fake.catalog.tracks))


# -- send ---------------------------------------------------------------------------------


async def test_send_posts_the_page_body_with_the_user_token(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    assert await bt.reports.send(PAGE_PLAY_ENDED) is None
    (request,) = report_requests(fake)
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == PAGE_PLAY_ENDED
    assert bearer_user(fake, request) == fake.user_id
    assert fake.report_bodies("play.ended", endpoint="reports", user_id=fake.user_id) == [
        PAGE_PLAY_ENDED
    ]


async def test_send_without_a_user_uses_the_app_token(
    fake: FakeBeatTech, make: Callable[..., AsyncBeatTech]
) -> None:
    await make().reports.send(PAGE_PLAY_ENDED)
    (request,) = report_requests(fake)
    assert bearer_user(fake, request) is None
    assert fake.report_bodies(user_id="") == [PAGE_PLAY_ENDED]


async def test_bt_app_sends_with_the_app_token_while_logged_in(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    await bt.app.reports.send(PAGE_PLAY_ENDED)
    (request,) = report_requests(fake)
    assert bearer_user(fake, request) is None


async def test_send_v3_reports_built_by_the_builders(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    user = bt.auth.user_id
    assert user == fake.user_id
    tid = track(fake)
    reports = [
        player_progress(user_id=user, entity_type="track", entity_id=tid, start_position=0,
                        stop_position=30, time=NOW, offline=False, context={"c": "1"},
                        speed=1.25, total_len=240, preview=False, device_id="dev-1"),
        reader_progress(user_id=user, entity_type="release", entity_id="1", time=NOW,
                        offline=True, reader_position_ratio=0.5),
        release_finished(user_id=user, release_id="1", time=NOW, offline=False),
    ]  # fmt: skip
    for report in reports:
        await bt.reports.send(report)
    assert fake.report_bodies() == reports
    assert [b["action"] for b in fake.report_bodies()] == [
        "player.progress", "reader.progress", "release.finished"
    ]  # fmt: skip


async def test_the_fake_refuses_a_report_missing_required_fields(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    incomplete = {k: v for k, v in PAGE_PLAY_ENDED.items() if k != "duration"}
    with pytest.raises(BadRequestError) as caught:
        await bt.reports.send(incomplete)
    assert caught.value.details == {"parameter": "duration"}
    progress = player_progress(
        user_id="5667",
        entity_type="track",
        entity_id="1",
        start_position=0,
        stop_position=5,
        time=NOW,
        offline=False,
    )
    with pytest.raises(BadRequestError):
        await bt.reports.send({k: v for k, v in progress.items() if k != "sent_time"})
    assert fake.reports == []


@pytest.mark.parametrize(
    ("report", "error"),
    [
        ({"event": "play.ended", "action": "player.progress"}, ValueError),
        ({"duration": 3}, ValueError),
        (["play.ended"], TypeError),
        ({"event": "play.ended", "when": object()}, TypeError),
    ],
)
async def test_send_checks_the_report_before_sending(
    fake: FakeBeatTech, bt: AsyncBeatTech, report: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await bt.reports.send(report)
    assert report_requests(fake) == []


async def test_a_playback_event_must_be_rendered_first(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    tracker = PlaybackTracker(track(fake))
    with pytest.raises(TypeError, match="body"):
        await bt.reports.send(tracker.events[0])  # type: ignore[arg-type]
    assert report_requests(fake) == []


# -- never replayed -----------------------------------------------------------------------


async def test_a_5xx_is_not_replayed(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    fake.fail_next(503)
    with pytest.raises(ServerError):
        await bt.reports.send(PAGE_PLAY_ENDED)
    assert len(report_requests(fake)) == 1
    assert fake.pending_faults == 0


async def test_a_timeout_is_not_replayed(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    fake.timeout_next()
    with pytest.raises(APITimeoutError):
        await bt.reports.send(PAGE_PLAY_ENDED)
    assert len(report_requests(fake)) == 1
    assert fake.reports == []


async def test_a_connection_that_never_opened_is_retried_once_sent(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    # A connect error happens before a byte leaves: the report cannot have arrived.
    fake.disconnect_next()
    await bt.reports.send(PAGE_PLAY_ENDED)
    assert len(report_requests(fake)) == 2
    assert fake.report_bodies() == [PAGE_PLAY_ENDED]


async def test_an_expired_token_is_refreshed_and_the_report_sent_once(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    fake.expire_tokens()
    await bt.reports.send(PAGE_PLAY_ENDED)
    assert fake.report_bodies() == [PAGE_PLAY_ENDED]


# -- send_many ------------------------------------------------------------------------------


async def test_send_many_sends_in_order(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    tid = track(fake)
    tracker = PlaybackTracker(tid)
    tracker.play_to(65)
    tracker.end()
    user = bt.auth.user_id
    bodies = [e.body(time=NOW, offline=False, user_id=user, version=3) for e in tracker.events]
    assert await bt.reports.send_many(iter(bodies)) is None
    assert fake.report_bodies() == bodies
    assert [b.get("event", b.get("action")) for b in fake.report_bodies()] == [
        "play.started", "player.progress", "player.progress", "player.progress", "play.ended",
    ]  # fmt: skip
    assert [(b.get("start_position"), b.get("stop_position")) for b in bodies[1:4]] == [
        (0, 30), (30, 60), (60, 65)
    ]  # fmt: skip


async def test_send_many_stops_at_the_first_failure_and_says_which(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    first = play_started(track_id="1", time=NOW, offline=False)
    bad = {"event": "play.ended", "track_id": "1", "time": NOW, "offline": False}
    last = play_ended(track_id="1", time=NOW, offline=False, duration=5)
    with pytest.raises(ReportSendError) as caught:
        await bt.reports.send_many([first, bad, last])
    error = caught.value
    assert (error.index, error.sent, error.unsent) == (1, (first,), (bad, last))
    assert isinstance(error.error, BadRequestError)
    assert error.__cause__ is error.error
    assert "report 1 of 3 was not sent (1 sent before it)" in str(error)
    assert fake.report_bodies() == [first]


async def test_send_many_does_not_replay_a_failure_that_may_have_arrived(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    reports = [play_ended(track_id=str(n), time=NOW, offline=False, duration=n) for n in (1, 2)]
    await bt.reports.send(reports[0])
    fake.fail_next(500)
    with pytest.raises(ReportSendError) as caught:
        await bt.reports.send_many(reports)
    assert isinstance(caught.value.error, ServerError)
    assert (caught.value.index, caught.value.sent) == (0, ())
    assert len(report_requests(fake)) == 2  # the first send and the failed one, no more


async def test_send_many_checks_every_report_before_sending_any(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    with pytest.raises(ValueError, match=r"reports\[1\]"):
        await bt.reports.send_many([PAGE_PLAY_ENDED, {"time": 1}])
    assert report_requests(fake) == []


async def test_send_many_wraps_a_refused_token_without_its_secret(
    fake: FakeBeatTech, make: Callable[..., AsyncBeatTech]
) -> None:
    bt = make(client_id="unknown-client", client_secret="s3cr3t-XYZ-never-shown")
    with pytest.raises(ReportSendError) as caught:
        await bt.reports.send_many([PAGE_PLAY_ENDED])
    assert isinstance(caught.value.error, AuthenticationError)
    assert "s3cr3t" not in str(caught.value) and "s3cr3t" not in repr(caught.value)
    assert fake.reports == []


# -- send_legacy ----------------------------------------------------------------------------


async def test_send_legacy_posts_any_object_and_warns(
    fake: FakeBeatTech, bt: AsyncBeatTech
) -> None:
    with pytest.warns(DeprecationWarning, match="/v2/player/reports is deprecated"):
        assert await bt.reports.send_legacy({"anything": 1}) is None
    (request,) = report_requests(fake, "/v2/player/reports")
    assert request.method == "POST"
    assert json.loads(request.content) == {"anything": 1}
    assert bearer_user(fake, request) == fake.user_id
    assert fake.report_bodies(endpoint="player/reports") == [{"anything": 1}]
    assert fake.report_bodies(endpoint="reports") == []


async def test_send_legacy_is_not_replayed(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    fake.fail_next(502)
    with pytest.warns(DeprecationWarning, match="deprecated"), pytest.raises(ServerError):
        await bt.reports.send_legacy(PAGE_PLAY_ENDED)
    assert len(report_requests(fake, "/v2/player/reports")) == 1
    with pytest.warns(DeprecationWarning, match="deprecated"), pytest.raises(TypeError):
        await bt.reports.send_legacy("play.ended")  # type: ignore[arg-type]
