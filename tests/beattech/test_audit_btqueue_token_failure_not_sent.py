"""A report or a batch whose token request failed was never acted on: the call was not
sent, or was sent and refused (401) before the refresh failed. ``FlushResult.maybe_sent``,
``ReportSendError.maybe_sent`` and ``bt.sync.push``'s notes said it "may have reached the
server" / "may be applied" when the token endpoint timed out or answered a 5xx."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs
import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech, PendingChange
from beatkit.beattech.reports import ReportQueue, ReportSendError, play_ended
from beatkit.errors import APITimeoutError, ServerError
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800


def no_sleep(_: float) -> None:
    """The transport's sleep, skipped."""


async def no_async_sleep(_: float) -> None:
    """The async transport's sleep, skipped."""


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                          base_url=fake.base_url, http_client=http)  # fmt: skip
        client._transport.settings = attrs.evolve(client._transport.settings, sleep=no_sleep)
        yield client
        client.close()


def queue() -> ReportQueue:
    q = ReportQueue(clock=lambda: NOW)
    q.append(play_ended(track_id="10001", time=NOW - 10, offline=True, duration=30))
    return q


def test_a_flush_whose_token_request_timed_out_sent_nothing(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    q = queue()
    fake.timeout_next(10)
    result = q.flush(bt)
    assert isinstance(result.error, APITimeoutError)
    assert [r.url.path for r in fake.requests if r.url.path.endswith("/reports")] == []
    assert result.maybe_sent is False
    assert len(q) == 1


def test_a_flush_whose_token_request_got_a_5xx_sent_nothing(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    q = queue()
    fake.fail_next(500, count=10)
    result = q.flush(bt)
    assert isinstance(result.error, ServerError)
    assert [r.url.path for r in fake.requests if r.url.path.endswith("/reports")] == []
    assert result.maybe_sent is False


def test_a_report_refused_401_then_a_refresh_timing_out_was_not_counted(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    bt.auth.login(fake.username, fake.password)
    fake.fail_next(401)  # the report: refused, not counted
    fake.timeout_next(5)  # the refresh
    with pytest.raises(ReportSendError) as caught:
        bt.reports.send_many([queue().entries[0].report])
    assert caught.value.maybe_sent is False
    assert not any("may have reached" in note for note in getattr(caught.value, "__notes__", []))


def test_the_report_endpoint_timing_out_may_still_have_counted(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    q = queue()
    bt.auth.login(fake.username, fake.password)
    fake.timeout_next(1)
    result = q.flush(bt)
    assert isinstance(result.error, APITimeoutError)
    assert result.maybe_sent is True


def test_a_push_whose_refresh_timed_out_after_a_401_was_not_applied(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    bt.auth.login(fake.username, fake.password)
    fake.fail_next(401)  # the batch: refused as a whole, nothing applied
    fake.timeout_next(5)  # the refresh
    edit = PendingChange.favourite("track", "10001", True, changed_at=datetime.now(UTC))
    with pytest.raises(APITimeoutError) as caught:
        bt.sync.push([edit], base_change_id=0)
    notes = caught.value.__notes__
    assert not any("may be applied" in note for note in notes), notes
    assert any("were not sent" in note or "not applied" in note for note in notes), notes


def test_an_async_flush_whose_token_request_timed_out_sent_nothing(fake: FakeBeatTech) -> None:
    async def main() -> bool:
        async with httpx.AsyncClient(transport=fake.transport()) as http:
            client = AsyncBeatTech(client_id=fake.client_id, client_secret=fake.client_secret,
                                   base_url=fake.base_url, http_client=http)  # fmt: skip
            client._transport.settings = attrs.evolve(
                client._transport.settings, sleep=no_async_sleep
            )
            async with client:
                fake.timeout_next(10)
                result = await queue().aflush(client)
                assert isinstance(result.error, APITimeoutError)
                return result.maybe_sent

    assert asyncio.run(main()) is False


def test_a_push_whose_token_request_failed_says_so_not_that_the_batch_went_unsent(
    fake: FakeBeatTech, bt: BeatTech
) -> None:
    bt.auth.login(fake.username, fake.password)
    fake.fail_next(401)  # the batch was sent, and refused: "not sent" would be untrue
    fake.timeout_next(5)
    edit = PendingChange.favourite("track", "10001", True, changed_at=datetime.now(UTC))
    with pytest.raises(APITimeoutError) as caught:
        bt.sync.push([edit], base_change_id=0)
    notes = caught.value.__notes__
    assert any("not applied" in note and "token request" in note for note in notes), notes
    assert not any("were not sent" in note for note in notes), notes
