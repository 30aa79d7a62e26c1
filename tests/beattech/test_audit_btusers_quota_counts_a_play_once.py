"""FakeBeatTech's quotas count a play once, however it was reported.

The page's first worked example (L4958-4978) reports one play of 103 seconds as
``play.progress`` stretches (0-30, 30-45, 163-193, 193-203, 203-218: 100 seconds) and
then ``play.ended`` (duration 103), and ``PlaybackTracker`` sends exactly that. The
fake's ``seconds_used`` added the stretches and the ``play.ended`` duration: 203
seconds for 103 played, so a limited subscription ran out twice as fast. A play's
``play.ended`` duration ("seconds actually played") now stands for the progress of
that track reported before it; progress without a ``play.ended`` (an audiobook
service's) still counts.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from beatkit import BeatTech
from beatkit.beattech.reports import PlaybackTracker
from beatkit.testing import FakeBeatTech

EMAIL, PASSWORD = "hours@example.com", "pw-hours-1"


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
def listener(fake: FakeBeatTech) -> Iterator[tuple[BeatTech, int]]:
    """A user with product 207 (20 hours a month), logged in; the window's start."""
    user = fake.add_user(email=EMAIL, password=PASSWORD)
    subscription = fake.add_subscription(user.id, "207")
    start = int(datetime.fromisoformat(subscription["start_date"]).timestamp())
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        bt.auth.login(EMAIL, PASSWORD)
        yield bt, start


def example_one() -> PlaybackTracker:
    tracker = PlaybackTracker("5001")
    tracker.play_to(45)
    tracker.seek(100)
    tracker.play_to(103)
    tracker.seek(133)
    tracker.seek(163)
    tracker.play_to(203)
    tracker.pause()
    tracker.resume()
    tracker.play_to(218)
    tracker.end()
    return tracker


@pytest.mark.parametrize("version", [1, 3])
def test_the_pages_first_example_counts_103_seconds(
    listener: tuple[BeatTech, int], version: int
) -> None:
    bt, start = listener
    tracker = example_one()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # play.progress (version 1)
        bodies = [
            event.body(time=start + 60, offline=False, user_id=bt.auth.user_id, version=version)
            for event in tracker.events
        ]
    bt.reports.send_many(bodies)
    (quota,) = bt.quotas.list()
    assert tracker.duration == 103
    assert (quota.seconds_allowed, quota.seconds_used) == (72000, 103)
    assert quota.seconds_remaining == 72000 - 103


def test_two_plays_of_one_track_count_each_once(listener: tuple[BeatTech, int]) -> None:
    bt, start = listener
    for _ in range(2):
        tracker = example_one()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            bt.reports.send_many([e.body(time=start + 60, offline=False) for e in tracker.events])
    (quota,) = bt.quotas.list()
    assert quota.seconds_used == 206


def test_progress_without_an_end_still_counts(listener: tuple[BeatTech, int]) -> None:
    # An audiobook service reports progress only (L5332): every stretch counts.
    bt, start = listener
    user = bt.auth.user_id or ""
    for first, last in [(0, 30), (30, 60), (200, 215)]:
        bt.reports.send(
            {
                "action": "player.progress",
                "version": 3,
                "time": start + 60,
                "user_id": user,
                "offline": False,
                "entity_type": "release",
                "entity_id": "1001",
                "start_position": first,
                "stop_position": last,
                "sent_time": start + 61,
            }
        )
    (quota,) = bt.quotas.list()
    assert quota.seconds_used == 75
