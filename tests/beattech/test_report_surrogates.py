"""A report or queued entry holding a lone surrogate (text decoded with surrogateescape)
could never be sent nor saved as UTF-8: it is refused before it is queued."""

from __future__ import annotations

import pytest

from beatkit.beattech.reports import ReportQueue, check_report, play_ended, player_progress

NOW = 1_775_044_800


def ended(**extra: object) -> dict[str, object]:
    return {**play_ended(track_id="1", time=NOW, offline=True, duration=3), **extra}


@pytest.mark.parametrize(
    "report",
    [
        ended(stream_context="release/\ud800"),
        ended(extra={"k\udcff": 1}),
        ended(extra=["\udc80"]),
    ],
)
def test_append_refuses_a_lone_surrogate_and_the_queue_stays_savable(
    report: dict[str, object],
) -> None:
    queue = ReportQueue(clock=lambda: NOW)
    queue.append(ended())
    with pytest.raises(ValueError, match="surrogate"):
        queue.append(report)
    assert len(queue) == 1
    queue.to_json().encode("utf-8")  # still savable
    with pytest.raises(ValueError, match="surrogate"):
        check_report(report)


def test_a_builder_refuses_a_lone_surrogate_in_context() -> None:
    with pytest.raises(ValueError, match="surrogate"):
        player_progress(
            user_id="5667",
            entity_type="track",
            entity_id="1",
            start_position=0,
            stop_position=30,
            time=NOW,
            offline=True,
            context={"c": "\ud800"},
        )


def test_from_json_refuses_an_escaped_lone_surrogate() -> None:
    text = ReportQueue(clock=lambda: NOW).to_json()
    entry = f'{{"time": {NOW}, "report": {{"event": "play.ended", "track_id": "\\ud800"}}}}'
    text = text.replace('"entries": []', f'"entries": [{entry}]')
    with pytest.raises(ValueError, match="surrogate"):
        ReportQueue.from_json(text)
