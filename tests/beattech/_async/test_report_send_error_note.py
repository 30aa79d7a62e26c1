"""A ``ReportSendError`` whose report may have reached the server says so.

Its message reads "report N of M was not sent", also after a 5xx or a timeout, when
the report may have been counted already: a caller who believed it and sent the
report again could count a play twice. A note now says so whenever
:attr:`ReportSendError.maybe_sent` is true, and nothing when the server refused it.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech
from beatkit.beattech.reports import ReportSendError, play_ended
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800  # 2026-04-01T12:00:00Z


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
async def bt(fake: FakeBeatTech) -> AsyncIterator[AsyncBeatTech]:
    http = httpx.AsyncClient(transport=fake.transport())
    async with AsyncBeatTech(
        base_url=fake.base_url,
        http_client=http,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
    ) as client:
        await client.auth.login(fake.username, fake.password)
        yield client
    await http.aclose()


def reports() -> list[dict[str, object]]:
    return [play_ended(track_id=str(n), time=NOW, offline=False, duration=n) for n in (1, 2, 3)]


async def test_a_report_that_may_have_arrived_says_so(
    fake: FakeBeatTech,
    bt: AsyncBeatTech,
) -> None:
    batch = reports()
    await bt.reports.send(batch[0])
    fake.fail_next(500)
    with pytest.raises(ReportSendError) as caught:
        await bt.reports.send_many(batch[1:])
    assert caught.value.maybe_sent
    notes = getattr(caught.value, "__notes__", [])
    assert any("may have reached the server" in note for note in notes)


async def test_a_refused_report_has_no_such_note(fake: FakeBeatTech, bt: AsyncBeatTech) -> None:
    fake.fail_next(400)
    with pytest.raises(ReportSendError) as caught:
        await bt.reports.send_many(reports())
    assert not caught.value.maybe_sent
    notes = getattr(caught.value, "__notes__", [])
    assert not any("may have reached the server" in note for note in notes)
