"""Play and reader reports: the bodies ``POST /v2/reports`` takes, a playback tracker and
an offline queue. Pure code: nothing here sends anything (``bt.reports`` does).

Clients must report every player and reader event, and queue them while offline (the
page, "Report player and reader events"). Two formats exist:

* version 1, named by ``event``: ``play.started``, ``play.ended`` (mandatory for streams
  from ``/v2/streams/online|offline``), ``play.error`` and the deprecated
  ``play.progress``;
* version 3, named by ``action`` (never ``event``) with ``"version": 3``:
  ``player.progress``, ``reader.progress``, ``reader.consumed``, ``release.finished``.
  Version 3 carries the ``context`` mapping the backend delivers with the content and
  no ``shop``.

:class:`PlaybackTracker` turns what a player does (play, seek, pause, resume, end) into
the reports the page's three worked examples show, and :class:`ReportQueue` keeps them
for at most seven days until they are sent. Example::

    tracker = PlaybackTracker("123")              # play.started at 0
    tracker.play_to(45)                           # play.progress 0-30
    tracker.seek(100)                             # play.progress 30-45
    ...
    for event in tracker.end():                   # play.ended with the seconds played
        queue.append(event.body(time=now, offline=False, user_id=user_id, version=3))
    queue.flush(bt)

Times are unix seconds (``int``); an aware ``datetime`` or a ``float`` is accepted and
truncated to whole seconds.

The code lives in ``beatkit.beattech.report_bodies`` (the builders),
``beatkit.beattech.playback`` (the tracker) and ``beatkit.beattech.report_queue``
(checks before sending, the queue); import it from here.
"""

from __future__ import annotations

from beatkit.beattech.playback import PlaybackEvent, PlaybackKind, PlaybackTracker
from beatkit.beattech.report_bodies import (
    REPORT_ACTIONS,
    REPORT_EVENTS,
    Time,
    play_ended,
    play_error,
    play_progress,
    play_started,
    player_progress,
    reader_consumed,
    reader_progress,
    release_finished,
)
from beatkit.beattech.report_queue import (
    MAX_QUEUE_AGE,
    QUEUE_FORMAT,
    REFUSED_STATUSES,
    FlushResult,
    QueueBusyError,
    QueuedReport,
    ReportQueue,
    ReportSendError,
    check_report,
    check_reports,
)

__all__ = [
    "MAX_QUEUE_AGE",
    "QUEUE_FORMAT",
    "REFUSED_STATUSES",
    "REPORT_ACTIONS",
    "REPORT_EVENTS",
    "FlushResult",
    "PlaybackEvent",
    "PlaybackKind",
    "PlaybackTracker",
    "QueuedReport",
    "ReportQueue",
    "QueueBusyError",
    "ReportSendError",
    "Time",
    "check_report",
    "check_reports",
    "play_ended",
    "play_error",
    "play_progress",
    "play_started",
    "player_progress",
    "reader_consumed",
    "reader_progress",
    "release_finished",
]
