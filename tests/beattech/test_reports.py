"""The report builders, the playback tracker and the offline queue (pure code).

The page's worked examples (L4956-5006) and its ``play.ended`` body (L5111-5119) are
the test vectors.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from beatkit.beattech.reports import (
    MAX_QUEUE_AGE,
    PlaybackEvent,
    PlaybackTracker,
    ReportQueue,
    check_report,
    play_ended,
    play_error,
    play_progress,
    play_started,
    player_progress,
    reader_consumed,
    reader_progress,
    release_finished,
)

# The page's play.ended request sample, L5111-5119, as it prints it.
PAGE_PLAY_ENDED = """{
  "event": "play.ended",
  "track_id": "123456",
  "time": 1305552557,
  "offline": false,
  "duration": 103,
  "stream_context": "release/1",
  "shop": "music-no"
}"""


def rows(events: Any) -> list[tuple[Any, ...]]:
    """Events as the page lists them: started(start) | progress(start, stop) | ended(duration)."""
    out: list[tuple[Any, ...]] = []
    for e in events:
        if e.kind == "play.started":
            out.append(("started", e.start_position))
        elif e.kind == "play.progress":
            out.append(("progress", e.start_position, e.stop_position))
        else:
            out.append(("ended", e.duration))
    return out


# -- the three worked examples (L4956-5006) ----------------------------------------------


def test_page_example_1_seek_skips_and_pause() -> None:
    # Play from 0; at 45 seek to 100; 3 s; "skip 30 seconds" twice (133, 163); 40 s;
    # pause; resume; 15 s; another track.
    t = PlaybackTracker("123", start_position=0)
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
    assert rows(t.events) == [
        ("started", 0),
        ("progress", 0, 30),
        ("progress", 30, 45),
        ("progress", 163, 193),
        ("progress", 193, 203),
        ("progress", 203, 218),
        ("ended", 103),
    ]
    assert t.duration == 103
    assert ("progress", 100, 103) not in rows(t.events)  # L4978


def test_page_example_2_short_stretch_after_a_seek_is_dropped() -> None:
    # start 150 -> at 160 seek to 200 -> play 20 s -> seek to 250 -> next track at 260
    t = PlaybackTracker("123", start_position=150)
    t.play_to(160)
    t.seek(200)
    t.play_to(220)
    t.seek(250)
    t.play_to(260)
    t.end()
    assert rows(t.events) == [
        ("started", 150),
        ("progress", 150, 160),
        ("progress", 250, 260),
        ("ended", 40),
    ]


def test_page_example_3_a_full_interval_after_a_seek_is_reported() -> None:
    # start 150 -> at 160 seek to 200 -> play 35 s -> seek to 250 -> next track at 260
    t = PlaybackTracker("123", start_position=150)
    t.play_to(160)
    t.seek(200)
    t.play_to(235)
    t.seek(250)
    t.play_to(260)
    t.end()
    assert rows(t.events) == [
        ("started", 150),
        ("progress", 150, 160),
        ("progress", 200, 230),
        ("progress", 230, 235),
        ("progress", 250, 260),
        ("ended", 55),
    ]


def test_each_call_returns_the_events_it_added() -> None:
    t = PlaybackTracker(123)
    assert rows(t.events) == [("started", 0)]
    assert rows(t.play_to(29)) == []
    assert rows(t.play_to(95)) == [("progress", 0, 30), ("progress", 30, 60), ("progress", 60, 90)]
    assert rows(t.seek(10)) == [("progress", 90, 95)]
    assert t.pause() == []  # the seek left nothing open
    assert t.resume() == []
    assert rows(t.end()) == [("ended", 95)]
    assert t.track_id == "123"
    assert t.state == "ended"
    assert "duration=95" in repr(t)


def test_interval_is_configurable_and_pause_after_a_seek_reports() -> None:
    t = PlaybackTracker("9", interval=10)
    t.play_to(25)
    t.seek(100)
    t.play_to(104)
    assert rows(t.pause()) == [("progress", 100, 104)]  # the reference flushes (notes 1h)
    assert rows(t.events)[1:3] == [("progress", 0, 10), ("progress", 10, 20)]


def test_a_seek_while_paused_starts_a_seek_stretch() -> None:
    t = PlaybackTracker("9")
    t.play_to(10)
    assert rows(t.pause()) == [("progress", 0, 10)]
    assert t.seek(80) == []
    t.resume()
    t.play_to(90)
    assert t.seek(120) == []  # began with a seek, cut before 30 s
    assert t.position == 120
    t.end()
    assert t.duration == 20


def test_a_stretch_begun_at_a_resume_is_reported_at_a_seek_even_after_a_seek_stretch() -> None:
    # Rule 4: a stretch that began at a resume is reported when a seek cuts it. The
    # pause reported the seek's stretch (100-110); the one after the resume is its own.
    t = PlaybackTracker("9")
    t.seek(100)
    t.play_to(110)
    assert rows(t.pause()) == [("progress", 100, 110)]
    t.resume()
    t.play_to(120)
    assert rows(t.seek(300)) == [("progress", 110, 120)]
    # A seek right before the pause (nothing played) still makes a seek stretch.
    t.pause()
    t.resume()
    t.play_to(310)
    assert t.seek(400) == []
    assert rows(t.end()) == [("ended", 30)]


def test_empty_stretches_are_not_reported() -> None:
    t = PlaybackTracker("9", start_position=40)
    assert t.seek(50) == []
    assert t.pause() == []
    t.resume()
    assert t.play_to(50) == []
    assert rows(t.end()) == [("ended", 0)]


@pytest.mark.parametrize(
    ("step", "error", "match"),
    [
        (lambda t: t.play_to(5), ValueError, "before the playhead"),
        (lambda t: t.play_to(-1), ValueError, "at least 0"),
        (lambda t: t.play_to(12.5), TypeError, "must be an int"),
        (lambda t: t.play_to(True), TypeError, "must be an int"),
        (lambda t: t.seek(-3), ValueError, "at least 0"),
        (lambda t: t.resume(), ValueError, "resume\\(\\): the playback is playing"),
    ],
)
def test_tracker_argument_and_state_checks(
    step: Callable[[PlaybackTracker], Any], error: type[Exception], match: str
) -> None:
    t = PlaybackTracker("1", start_position=10)
    with pytest.raises(error, match=match):
        step(t)
    assert rows(t.events) == [("started", 10)]  # nothing recorded by a refused call


def test_tracker_refuses_play_while_paused_and_anything_after_the_end() -> None:
    t = PlaybackTracker("1")
    t.pause()
    with pytest.raises(ValueError, match="paused: resume\\(\\) first"):
        t.play_to(5)
    with pytest.raises(ValueError, match="paused"):
        t.pause()
    t.end()
    for step in (t.end, t.pause, t.resume, lambda: t.seek(1), lambda: t.play_to(1)):
        with pytest.raises(ValueError, match="has ended"):
            step()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"track_id": ""}, ValueError),
        ({"track_id": None}, TypeError),
        ({"track_id": "1", "start_position": -1}, ValueError),
        ({"track_id": "1", "start_position": "0"}, TypeError),
        ({"track_id": "1", "interval": 0}, ValueError),
    ],
)
def test_tracker_construction_checks(kwargs: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        PlaybackTracker(**kwargs)


# -- the play.ended body (L5111-5119) -----------------------------------------------------


def test_play_ended_is_the_page_body_exactly() -> None:
    body = play_ended(track_id="123456", time=1305552557, offline=False, duration=103,
                      stream_context="release/1", shop="music-no")  # fmt: skip
    assert json.dumps(body, indent=2) == PAGE_PLAY_ENDED
    assert list(body) == ["event", "track_id", "time", "offline", "duration",
                          "stream_context", "shop"]  # fmt: skip


def test_play_ended_from_a_tracker_event_is_the_page_body() -> None:
    event = PlaybackEvent("play.ended", 123456, duration=103)
    body = event.body(time=1305552557, offline=False, stream_context=("release", 1),
                      shop="music-no", user_id="5667", version=3)  # fmt: skip
    assert json.dumps(body, indent=2) == PAGE_PLAY_ENDED


def test_optional_v1_fields_are_left_out_and_times_are_whole_seconds() -> None:
    when = datetime(2011, 5, 16, 13, 29, 17, 900000, tzinfo=timezone(timedelta(hours=2)))
    assert play_ended(track_id=1, time=when, offline=True, duration=0) == {
        "event": "play.ended", "track_id": "1", "time": 1305545357, "offline": True,
        "duration": 0,
    }  # fmt: skip
    assert play_started(track_id="7", time=12.9, offline=False) == {
        "event": "play.started", "track_id": "7", "time": 12, "offline": False,
        "start_position": 0,
    }  # fmt: skip


# -- v1 and v3 rendering ------------------------------------------------------------------


def test_progress_renders_as_v1_play_progress_with_a_warning() -> None:
    event = PlaybackEvent("play.progress", "123", 0, 30)
    with pytest.warns(DeprecationWarning, match="player.progress"):
        body = event.body(time=100, offline=False, user_id="5667", stream_context="release/1",
                          shop="music-no", context={"k": "v"}, device_id="dev")  # fmt: skip
    assert body == {
        "event": "play.progress", "track_id": "123", "time": 100, "offline": False,
        "start_position": 0, "stop_position": 30, "stream_context": "release/1",
        "shop": "music-no",
    }  # fmt: skip
    with pytest.warns(DeprecationWarning, match="play.progress is deprecated"):
        again = play_progress(
            track_id="123",
            start_position=0,
            stop_position=30,
            time=100,
            offline=False,
            stream_context="release/1",
            shop="music-no",
        )
    assert again == body


def test_progress_renders_as_v3_player_progress() -> None:
    event = PlaybackEvent("play.progress", "123", 163, 193)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # version 3 is not deprecated
        body = event.body(time=1000, offline=True, user_id=5667, version=3, sent_time=1010,
                          shop="music-no", stream_context="release/1",
                          context={"origin": "release/1"}, device_id="dev-1", speed=1.5,
                          total_len=300, preview=False)  # fmt: skip
    assert list(body.items()) == [
        ("action", "player.progress"), ("version", 3), ("time", 1000), ("user_id", "5667"),
        ("device_id", "dev-1"), ("offline", True), ("speed", 1.5), ("entity_type", "track"),
        ("entity_id", "123"), ("start_position", 163), ("stop_position", 193),
        ("total_len", 300), ("sent_time", 1010), ("preview", False),
        ("context", {"origin": "release/1"}),
    ]  # fmt: skip
    assert "event" not in body and "shop" not in body


def test_started_and_ended_stay_v1_under_version_3() -> None:
    started = PlaybackEvent("play.started", "5", start_position=12)
    assert started.body(time=1, offline=False, version=3, user_id="u") == {
        "event": "play.started", "track_id": "5", "time": 1, "offline": False,
        "start_position": 12,
    }  # fmt: skip


def test_body_checks_version_and_v3_user() -> None:
    event = PlaybackEvent("play.progress", "1", 0, 5)
    with pytest.raises(ValueError, match="1 or 3"):
        event.body(time=1, offline=False, version=2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="user_id is required"):
        event.body(time=1, offline=False, version=3)
    with pytest.raises(TypeError, match="naive"):
        event.body(time=datetime(2026, 1, 1), offline=False, version=3, user_id="1")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("play.paused", "1", 0), ValueError),
        (("play.started", "1"), ValueError),
        (("play.started", "1", 0, 5), ValueError),
        (("play.progress", "1", 10, 5), ValueError),
        (("play.progress", "1", 10), ValueError),
        (("play.ended", "1", None, None, -1), ValueError),
        (("play.ended", "", None, None, 1), ValueError),
        (("play.ended", "1", None, None, 1.0), TypeError),
    ],
)
def test_playback_event_checks(args: tuple[Any, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        PlaybackEvent(*args)


def test_v3_player_progress_minimal_and_sent_time_default() -> None:
    assert player_progress(user_id="1", entity_type="release", entity_id=9, start_position=0,
                           stop_position=0, time=50, offline=False) == {
        "action": "player.progress", "version": 3, "time": 50, "user_id": "1",
        "offline": False, "entity_type": "release", "entity_id": "9", "start_position": 0,
        "stop_position": 0, "sent_time": 50,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"entity_type": "artist"}, ValueError),
        ({"stop_position": 1}, ValueError),
        ({"start_position": -1}, ValueError),
        ({"speed": 0}, ValueError),
        ({"speed": float("nan")}, ValueError),
        ({"speed": True}, TypeError),
        ({"total_len": -1}, ValueError),
        ({"preview": 1}, TypeError),
        ({"offline": "false"}, TypeError),
        ({"context": ["a"]}, TypeError),
        ({"context": {"a": {1, 2}}}, TypeError),
        ({"device_id": " "}, ValueError),
        ({"time": -1}, ValueError),
        ({"time": float("inf")}, ValueError),
        ({"time": "1"}, TypeError),
        ({"sent_time": True}, TypeError),
        ({"user_id": None}, TypeError),
    ],
)
def test_v3_argument_checks(change: dict[str, Any], error: type[Exception]) -> None:
    args: dict[str, Any] = {"user_id": "1", "entity_type": "track", "entity_id": "2",
                            "start_position": 5, "stop_position": 10, "time": 100,
                            "offline": False}  # fmt: skip
    with pytest.raises(error):
        player_progress(**{**args, **change})


def test_reader_and_release_reports_pass_extra_fields_through() -> None:
    common = {"user_id": "1", "time": 100, "offline": False, "device_id": "d"}
    progress = reader_progress(entity_type="release", entity_id="3",
                               reader_position_selector="epubcfi(/6/2!/0)",
                               reader_position_ratio=0.4, context={"c": 1}, **common)  # fmt: skip
    assert list(progress.items()) == [
        ("action", "reader.progress"), ("version", 3), ("time", 100), ("user_id", "1"),
        ("device_id", "d"), ("offline", False), ("entity_type", "release"),
        ("entity_id", "3"), ("sent_time", 100),
        ("reader_position_selector", "epubcfi(/6/2!/0)"), ("reader_position_ratio", 0.4),
        ("context", {"c": 1}),
    ]  # fmt: skip
    consumed = reader_consumed(release_id=3, sent_time=150, **common)
    assert consumed["action"] == "reader.consumed"
    assert (consumed["entity_type"], consumed["entity_id"], consumed["sent_time"]) == (
        "release", "3", 150)  # fmt: skip
    finished = release_finished(release_id="3", rating=5, **common)
    assert finished["action"] == "release.finished" and finished["rating"] == 5
    with pytest.raises(ValueError, match="entity_id is set by"):
        release_finished(release_id="3", entity_id="4", **common)
    with pytest.raises(TypeError, match="not plain JSON"):
        reader_consumed(release_id="3", when=datetime.now(UTC), **common)


def test_play_error_passes_fields_through() -> None:
    body = play_error(track_id="1", time=5, offline=False, shop="music-no", code="decode")
    assert list(body) == ["event", "track_id", "time", "offline", "code", "shop"]
    with pytest.raises(ValueError, match="event is set by"):
        play_error(track_id="1", time=5, offline=False, event="play.ended")


def test_check_report() -> None:
    assert check_report({"event": "x"}) == {"event": "x"}
    assert check_report({"anything": 1}, legacy=True) == {"anything": 1}
    with pytest.raises(TypeError, match=r"body\(time=\.\.\., offline=\.\.\.\)"):
        check_report(PlaybackEvent("play.ended", "1", duration=3))
    with pytest.raises(TypeError, match="JSON object"):
        check_report([{"event": "x"}])
    with pytest.raises(ValueError, match="exactly one"):
        check_report({"event": "x", "action": "y"})
    with pytest.raises(ValueError, match="exactly one"):
        check_report({"time": 1})
    with pytest.raises(ValueError, match="blank"):
        check_report({"action": " "})
    with pytest.raises(TypeError, match="text keys"):
        check_report({"event": "x", 1: 2})
    with pytest.raises(ValueError, match="not plain JSON"):
        check_report({"event": "x", "n": float("nan")})


@pytest.mark.parametrize("key", [None, 1, 1.5, True])
def test_nested_keys_that_are_not_text_are_refused_not_renamed(key: Any) -> None:
    # json.dumps writes {None: 1} as {"null": 1}, {1: 2} as {"1": 2}: another key.
    with pytest.raises(TypeError, match="text keys"):
        check_report({"event": "play.error", "detail": {"a": [{key: 1}]}})
    with pytest.raises(TypeError, match="text keys"):
        player_progress(user_id="1", entity_type="track", entity_id="2", start_position=0,
                        stop_position=1, time=5, offline=False, context={key: "x"})  # fmt: skip
    with pytest.raises(TypeError, match="text keys"):
        play_error(track_id="1", time=5, offline=False, detail={key: "x"})


# -- the queue ------------------------------------------------------------------------------


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def ended(track: str, when: int) -> dict[str, Any]:
    return play_ended(track_id=track, time=when, offline=True, duration=10)


def test_queue_keeps_append_order_and_drops_what_is_older_than_seven_days() -> None:
    clock = Clock(1_000_000_000)
    queue = ReportQueue(clock=clock)
    now = int(clock.now)
    assert queue.append(ended("a", now - 100))
    assert queue.append(ended("b", now - 5000))  # appended later, happened earlier
    assert queue.append(ended("c", now))
    assert [e.report["track_id"] for e in queue.entries] == ["a", "b", "c"]
    assert [e.time for e in queue.entries] == [now - 100, now - 5000, now]
    clock.now += MAX_QUEUE_AGE - 100  # "a" is exactly seven days old: kept; "b" older
    assert [e.report["track_id"] for e in queue.expire()] == ["b"]
    assert queue.expire() == ()
    clock.now += 1
    assert [e.report["track_id"] for e in queue.expire()] == ["a"]
    assert [e.report["track_id"] for e in queue.entries] == ["c"]
    assert len(queue) == 1 and "entries=1" in repr(queue)


def test_queue_refuses_events_already_too_old_and_takes_explicit_times() -> None:
    clock = Clock(2_000_000_000)
    queue = ReportQueue(clock=clock, max_age=3600)
    assert not queue.append(ended("old", int(clock.now) - 3601))
    assert queue.append({"event": "played-offline"})  # no time in the body: now
    assert queue.append(ended("x", 1), time=datetime.fromtimestamp(clock.now - 10, UTC))
    assert [e.time for e in queue.entries] == [2_000_000_000, 1_999_999_990]


def test_queue_copies_reports_and_restores_entries() -> None:
    report = ended("a", 100)
    queue = ReportQueue(clock=Clock(200))
    queue.append(report)
    report["track_id"] = "changed"
    assert queue.entries[0].report["track_id"] == "a"
    restored = ReportQueue(queue.entries, clock=Clock(200))
    assert restored.entries == queue.entries
    entry = restored.entries[0]
    restored.discard(entry)
    assert len(restored) == 0
    with pytest.raises(ValueError, match="not in the queue"):
        restored.discard(entry)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: ReportQueue(max_age=MAX_QUEUE_AGE + 1), ValueError),
        (lambda: ReportQueue(max_age=0), ValueError),
        (lambda: ReportQueue([{"event": "x"}]), TypeError),  # type: ignore[list-item]
        (lambda: ReportQueue(clock=5), TypeError),  # type: ignore[arg-type]
        (lambda: ReportQueue().append({"nothing": 1}), ValueError),
        (lambda: ReportQueue().append(ended("a", 1), time="yesterday"), TypeError),  # type: ignore[arg-type]
    ],
)
def test_queue_argument_checks(make: Callable[[], Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        make()
