"""After a failed report the caller learns whether it may have reached the server
(sending it again may count it twice) or certainly did not (sending it again is safe)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs
import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.beattech.reports import ReportQueue, ReportSendError, play_ended
from beatkit.testing.beattech import FakeBeatTech

NOW = 1_775_044_800


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


FAULTS: dict[str, tuple[Callable[[FakeBeatTech], None], bool]] = {
    "503": (lambda fake: fake.fail_next(503), True),
    "500": (lambda fake: fake.fail_next(500), True),
    "timeout": (lambda fake: fake.timeout_next(), True),
    "html page": (lambda fake: fake.garbage_next(), True),  # a portal's, or the API's own
    "400": (lambda fake: fake.fail_next(400), False),
    "401": (lambda fake: fake.fail_next(401, count=5), False),
    "429": (lambda fake: fake.fail_next(429, count=20, headers={"Retry-After": "0"}), False),
    "never connected": (lambda fake: fake.disconnect_next(count=20), False),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_flush_says_whether_the_failed_report_may_have_reached_the_server(
    fake: FakeBeatTech, bt: BeatTech, fault: str
) -> None:
    inject, expected = FAULTS[fault]
    queue = ReportQueue(clock=lambda: NOW)
    queue.append(play_ended(track_id="1", time=NOW, offline=True, duration=3))
    inject(fake)
    result = queue.flush(bt)
    assert result.failed is not None
    assert result.maybe_sent is expected
    fake.clear_faults()
    assert queue.flush(bt).maybe_sent is False  # sent: nothing failed


@pytest.mark.parametrize("fault", FAULTS)
def test_send_many_says_the_same(fake: FakeBeatTech, bt: BeatTech, fault: str) -> None:
    inject, expected = FAULTS[fault]
    inject(fake)
    with pytest.raises(ReportSendError) as caught:
        bt.reports.send_many([play_ended(track_id="1", time=NOW, offline=True, duration=3)])
    assert caught.value.maybe_sent is expected
