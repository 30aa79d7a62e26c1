"""Progress records, quotas and LCP export licenses against FakeBeatTech.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, LcpLicense, Progress, Quota
from beatkit.errors import (
    ConfigurationError,
    ExportLimitReachedError,
    NotFoundError,
    PermissionDeniedError,
)
from beatkit.testing import FakeBeatTech

READER = (FakeBeatTech.username, FakeBeatTech.password)
EDITOR = ("editor@example.com", "fake-editor-password")  # no subscription
CEST = timezone(timedelta(hours=2))
Connect = Callable[..., Awaitable[AsyncBeatTech]]


def sent(fake: FakeBeatTech) -> httpx.Request:
    return fake.requests[-1]


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def first_track(fake: FakeBeatTech, index: int = 0) -> str:
    return list(fake.catalog.tracks)[index]


# --- progresses ---------------------------------------------------------------------------


async def test_progress_create_sends_changed_as_utc_text(
    fake: FakeBeatTech, connect: Connect
) -> None:
    bt = await connect(READER)
    track = first_track(fake)
    made = await bt.progresses.create(
        "track", int(track), changed=datetime(2026, 4, 1, 12, 30, 5, 999, tzinfo=CEST),
        stop_position=95,
    )  # fmt: skip
    request = sent(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/progresses")
    assert request.headers["content-type"] == "application/json"
    assert body(request) == {
        "entity_type": "track",
        "entity_id": track,
        "changed": "2026-04-01 10:30:05",
        "stop_position": 95,
    }
    assert fake.caller.user_id == fake.user_id
    assert isinstance(made, Progress)
    assert (made.entity_type, made.entity_id, made.stop_position) == ("track", track, 95)
    assert made.position_type == "audio"
    assert made.changed == datetime(2026, 4, 1, 10, 30, 5, tzinfo=UTC)
    assert fake.progresses[made.id]["user_id"] == fake.user_id


async def test_progress_create_is_an_upsert(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    track = first_track(fake)
    at = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
    first = await bt.progresses.create("track", track, changed=at, stop_position=10)
    again = await bt.progresses.create(
        "track", track, changed=at + timedelta(minutes=5), stop_position=310
    )
    assert again.id == first.id and again.stop_position == 310
    assert again.changed == at + timedelta(minutes=5)
    assert len(fake.progresses) == 1


async def test_progress_of_an_ebook(fake: FakeBeatTech, connect: Connect) -> None:
    # The page's request sample (L3579-3587).
    bt = await connect(READER)
    made = await bt.progresses.create(
        "release",
        "1001",
        changed=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        position_type="ebook",
        reader_position_selector="epubcfi(/6/2!/0)",
        reader_position_ratio=1,
    )
    assert body(sent(fake)) == {
        "entity_type": "release",
        "entity_id": "1001",
        "changed": "2026-01-02 03:04:05",
        "position_type": "ebook",
        "reader_position_selector": "epubcfi(/6/2!/0)",
        "reader_position_ratio": 1,
    }
    assert made.reader_position_selector == "epubcfi(/6/2!/0)"
    assert made.reader_position_ratio == 1 and made.stop_position is None


async def test_progress_of_an_ebook_with_stop_position(
    fake: FakeBeatTech, connect: Connect
) -> None:
    # The page's request samples (L3592-3600 create, L3687-3693 update) send
    # "position_type": "ebook" together with "stop_position": 0: accepted and sent as is
    # (the reader_position_* fields stay required for an ebook).
    bt = await connect(READER)
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    position = {
        "position_type": "ebook",
        "stop_position": 0,
        "reader_position_selector": "epubcfi(/6/2!/0)",
        "reader_position_ratio": 1,
    }
    made = await bt.progresses.create("release", "1001", changed=at, **position)  # type: ignore[arg-type]
    assert body(sent(fake)) == {
        "entity_type": "release",
        "entity_id": "1001",
        "changed": "2026-01-02 03:04:05",
        **position,
    }
    assert (made.position_type, made.stop_position) == ("ebook", 0)
    assert made.reader_position_selector == "epubcfi(/6/2!/0)"
    moved = await bt.progresses.update(made.id, changed=at, **{**position, "stop_position": 4})  # type: ignore[arg-type]
    assert body(sent(fake)) == {"changed": "2026-01-02 03:04:05", **position, "stop_position": 4}
    assert (moved.position_type, moved.stop_position) == ("ebook", 4)
    with pytest.raises(ValueError, match="reader_position"):
        await bt.progresses.create(
            "release", "1001", changed=at, position_type="ebook", stop_position=0
        )


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"changed": datetime(2026, 1, 1)}, TypeError, "timezone-aware"),
        ({"changed": "2026-01-01 00:00:00"}, TypeError, "datetime"),
        ({}, ValueError, "stop_position"),
        ({"stop_position": -1}, ValueError, "stop_position"),
        ({"stop_position": 1.5}, TypeError, "stop_position"),
        ({"stop_position": 5, "reader_position_ratio": 0.5}, ValueError, "ebook"),
        ({"position_type": "ebook", "reader_position_selector": "epubcfi(/6/2!/0)"},
         ValueError, "reader_position_ratio"),
        ({"position_type": "ebook", "reader_position_selector": "epubcfi(/6/2!/0)",
          "reader_position_ratio": 1.5}, ValueError, "between 0 and 1"),
        ({"position_type": "ebook", "reader_position_selector": "epubcfi(/6/2!/0)",
          "reader_position_ratio": True}, TypeError, "number"),
        ({"position_type": "video", "stop_position": 4}, ValueError, "position_type"),
    ],
)  # fmt: skip
async def test_progress_position_checks_send_nothing(
    arguments: dict[str, Any],
    error: type[Exception],
    match: str,
    fake: FakeBeatTech,
    connect: Connect,
) -> None:
    bt = await connect(READER)
    arguments = {"changed": datetime(2026, 1, 1, tzinfo=UTC), **arguments}
    before = len(fake.requests)
    with pytest.raises(error, match=match):
        await bt.progresses.create("track", first_track(fake), **arguments)
    with pytest.raises(error, match=match):
        await bt.progresses.update("7001", **arguments)
    assert len(fake.requests) == before


async def test_progress_entity_checks(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    before = len(fake.requests)
    with pytest.raises(ValueError, match="entity_type"):
        await bt.progresses.create("artist", "101", changed=at, stop_position=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="blank"):
        await bt.progresses.create("track", "", changed=at, stop_position=1)
    assert len(fake.requests) == before
    with pytest.raises(NotFoundError):
        await bt.progresses.create("track", "99999999", changed=at, stop_position=1)


async def test_progress_get_update_delete(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    at = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    made = await bt.progresses.create("track", first_track(fake), changed=at, stop_position=3)
    assert await bt.progresses.get(made.id) == made
    assert sent(fake).url.path == f"/v2/progresses/{made.id}"
    moved = await bt.progresses.update(
        int(made.id), changed=at + timedelta(seconds=61), stop_position=64
    )
    request = sent(fake)
    assert (request.method, request.url.path) == ("PATCH", f"/v2/progresses/{made.id}")
    assert body(request) == {"changed": "2026-04-01 08:01:01", "stop_position": 64}
    assert (moved.id, moved.entity_id, moved.stop_position) == (made.id, made.entity_id, 64)
    assert await bt.progresses.delete(made.id) is None
    assert (sent(fake).method, sent(fake).url.path) == ("DELETE", f"/v2/progresses/{made.id}")
    assert made.id not in fake.progresses
    with pytest.raises(NotFoundError):
        await bt.progresses.get(made.id)


async def test_another_users_progress_is_not_found(fake: FakeBeatTech, connect: Connect) -> None:
    reader = await connect(READER)
    at = datetime(2026, 4, 1, tzinfo=UTC)
    made = await reader.progresses.create("track", first_track(fake), changed=at, stop_position=3)
    editor = await connect(EDITOR)
    with pytest.raises(NotFoundError):
        await editor.progresses.get(made.id)
    with pytest.raises(NotFoundError):
        await editor.progresses.update(made.id, changed=at, stop_position=4)
    with pytest.raises(NotFoundError):
        await editor.progresses.delete(made.id)
    assert [p async for p in editor.progresses.list()] == []
    assert fake.progresses[made.id]["stop_position"] == 3


async def test_progress_list_latest_first_and_filtered(
    fake: FakeBeatTech, connect: Connect
) -> None:
    bt = await connect(READER)
    at = datetime(2026, 4, 1, tzinfo=UTC)
    tracks = [first_track(fake, index) for index in range(3)]
    for hours, track in enumerate(tracks):
        await bt.progresses.create("track", track, changed=at + timedelta(hours=hours),
                                   stop_position=hours)  # fmt: skip
    await bt.progresses.create("release", "1001", changed=at - timedelta(days=1), stop_position=7)
    records = [record async for record in bt.progresses.list(page_size=2)]
    request = sent(fake)
    assert (request.url.path, request.headers["Range"]) == ("/v2/progresses", "items=2-3")
    assert [r.entity_id for r in records] == [*reversed(tracks), "1001"]
    picked = [r async for r in bt.progresses.list(entity_type="track", entity_ids=tracks[:2])]
    params = sent(fake).url.params
    assert (params["entity_type"], params["entity_id"]) == ("track", ",".join(tracks[:2]))
    assert [r.entity_id for r in picked] == [tracks[1], tracks[0]]
    assert [r async for r in bt.progresses.list(entity_type="release", entity_ids=1001)] == [
        records[-1]
    ]


async def test_progress_list_checks_send_nothing(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    before = len(fake.requests)
    with pytest.raises(ValueError, match="together"):
        bt.progresses.list(entity_type="track")
    with pytest.raises(ValueError, match="together"):
        bt.progresses.list(entity_ids=["1"])
    with pytest.raises(ValueError, match="entity_type"):
        bt.progresses.list(entity_type="album", entity_ids="1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one"):
        bt.progresses.list(entity_type="track", entity_ids=[])
    anonymous = await connect()
    with pytest.raises(ConfigurationError):
        [record async for record in anonymous.progresses.list()]
    with pytest.raises(ConfigurationError):
        await anonymous.progresses.get("7001")
    assert len(fake.requests) == before


# --- quotas -------------------------------------------------------------------------------


async def test_quotas_of_an_unlimited_subscription(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    quotas = await bt.quotas.list()
    assert (sent(fake).method, sent(fake).url.path) == ("GET", "/v2/quotas")
    assert fake.caller.user_id == fake.user_id
    assert len(quotas) == 1 and isinstance(quotas[0], Quota)
    quota = quotas[0]
    assert quota.unlimited is True and quota.seconds_allowed is None
    assert quota.stream is True and quota.download is True
    assert quota.quota_start is not None and quota.quota_end is not None
    assert quota.quota_start < quota.quota_end
    editor = await connect(EDITOR)
    assert await editor.quotas.list() == []


async def test_quota_counts_what_was_played_in_its_window(
    fake: FakeBeatTech, connect: Connect
) -> None:
    listener = fake.add_user(email="hours@example.com", password="pw-hours")
    subscription = fake.add_subscription(listener.id, "207")  # 20 hours a month
    start = datetime.fromisoformat(subscription["start_date"]).timestamp()
    reports = [
        {"event": "play.ended", "track_id": "1", "time": int(start) + 60, "duration": 1200},
        {"action": "player.progress", "version": 3, "time": int(start) + 90,
         "start_position": 100, "stop_position": 130},
        {"event": "play.ended", "track_id": "1", "time": int(start) - 60, "duration": 999},
    ]  # fmt: skip
    for report in reports:
        fake.reports.append({"endpoint": "reports", "user_id": listener.id, "body": report})
    bt = await connect(("hours@example.com", "pw-hours"))
    (quota,) = await bt.quotas.list()
    assert (quota.seconds_allowed, quota.seconds_used) == (72000, 1230)
    assert quota.seconds_remaining == 72000 - 1230 and quota.unlimited is False


async def test_quotas_need_a_user(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect()
    before = len(fake.requests)
    with pytest.raises(ConfigurationError):
        await bt.quotas.list()
    assert len(fake.requests) == before
    with pytest.raises(PermissionDeniedError):
        await (await connect(READER)).app.quotas.list()


# --- LCP export licenses ------------------------------------------------------------------


async def test_generate_license_body_and_answer(
    fake: FakeBeatTech, connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    bt = await connect(READER)
    secret = "correct horse battery"
    with caplog.at_level(logging.DEBUG, logger="beatkit"):
        license = await bt.lcp.generate_license(1001, secret)
    assert "/v2/releases/1001/lcp/license" in caplog.text and secret not in caplog.text
    request = sent(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/releases/1001/lcp/license")
    assert body(request) == {"purpose": "export", "password": secret}
    assert fake.caller.user_id == fake.user_id
    assert isinstance(license, LcpLicense) and secret not in repr(license)
    assert [(user, release) for user, release, _ in fake.lcp_exports] == [(fake.user_id, "1001")]


async def test_the_export_window_is_per_user(connect: Connect) -> None:
    now = [datetime(2026, 4, 1, tzinfo=UTC).timestamp()]
    fake = FakeBeatTech(clock=lambda: now[0])
    fake.lcp_export_limit, fake.lcp_export_window_days = 2, 10
    other = fake.add_user(email="second@example.com", password="pw-second")
    fake.add_subscription(other.id, "201")

    async def client(login: tuple[str, str]) -> AsyncBeatTech:
        return await connect(login, base_url=fake.base_url,
                             http_client=httpx.AsyncClient(transport=fake.transport()))  # fmt: skip

    bt = await client(READER)
    await bt.lcp.generate_license("1001", "pw")
    now[0] += 86400
    await bt.lcp.generate_license("1002", "pw")
    with pytest.raises(ExportLimitReachedError) as caught:
        await bt.lcp.generate_license("1003", "my-secret-pass")
    error = caught.value
    assert isinstance(error, PermissionDeniedError)
    assert (error.status_code, error.code) == (403, "export_limit_reached")
    assert error.details == {"window_days": 10, "count": 2}
    assert "my-secret-pass" not in str(error) and "my-secret-pass" not in repr(error)
    # Another user has a window of their own.
    await (await client(("second@example.com", "pw-second"))).lcp.generate_license("1003", "pw")
    # Nine days after the first export it is still in the window; ten days after, out.
    now[0] += 8 * 86400
    with pytest.raises(ExportLimitReachedError):
        await bt.lcp.generate_license("1003", "pw")
    now[0] += 86400
    await bt.lcp.generate_license("1003", "pw")
    assert len([e for e in fake.lcp_exports if e[0] == fake.user_id]) == 3


async def test_generate_license_refusals(fake: FakeBeatTech, connect: Connect) -> None:
    anonymous = await connect()
    bt = await connect(READER)
    before = len(fake.requests)
    with pytest.raises(ValueError, match="password"):
        await bt.lcp.generate_license("1001", " ")
    with pytest.raises(TypeError, match="password"):
        await bt.lcp.generate_license("1001", None)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        await anonymous.lcp.generate_license("1001", "pw")
    assert len(fake.requests) == before
    with pytest.raises(NotFoundError):
        await bt.lcp.generate_license("99999", "pw")
    editor = await connect(EDITOR)  # no subscription: nothing to export
    with pytest.raises(PermissionDeniedError) as caught:
        await editor.lcp.generate_license("1001", "pw")
    assert caught.value.code == "access_denied"
    assert not isinstance(caught.value, ExportLimitReachedError)
    assert fake.lcp_exports == []


@pytest.mark.parametrize("head", [False, True])
async def test_license_status_is_http_basic_and_answers_a_flag(
    fake: FakeBeatTech, connect: Connect, head: bool
) -> None:
    bt = await connect(lcp_credentials=fake.lcp_credentials)
    # The default user's subscription entitles it; the editor has none.
    assert await bt.lcp.license_status("1001", fake.user_id, head=head) is True
    assert await bt.lcp.license_status(1001, fake.editor_user_id, head=head) is False
    request = fake.requests[-1]
    assert request.method == ("HEAD" if head else "GET")
    assert request.headers["Authorization"].startswith("Basic ")
    wrong = await connect(lcp_credentials=("lcp-provider", "not-the-password"))
    assert await wrong.lcp.license_status("1001", fake.user_id, head=head) is False


async def test_license_status_head_must_be_a_bool(fake: FakeBeatTech, connect: Connect) -> None:
    # head="no" or head=0 chose HEAD or GET by truthiness; like release= and ids_only=,
    # a flag of another type is a TypeError before anything is sent.
    bt = await connect(lcp_credentials=fake.lcp_credentials)
    before = len(fake.requests)
    for flag in ("no", 1, None):
        with pytest.raises(TypeError, match="head"):
            await bt.lcp.license_status("1001", fake.user_id, head=flag)  # type: ignore[arg-type]
    assert len(fake.requests) == before
