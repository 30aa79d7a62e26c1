"""Playback tracking: what a player does, turned into the reports the API asks for.

Re-exported by :mod:`beatkit.beattech.reports`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Final, Literal

from attrs import field, frozen

from beatkit._core.validate import check_choice, check_int, shown_number
from beatkit.beattech.context import text_id
from beatkit.beattech.report_bodies import (
    PROGRESS_DEPRECATED,
    Time,
    check_position,
    player_progress,
    progress_v1,
    span,
    v1_body,
)

__all__ = ["MAX_REPORTS_AT_ONCE", "PlaybackEvent", "PlaybackKind", "PlaybackTracker"]

MAX_REPORTS_AT_ONCE: Final = 100_000
"""At most this many progress reports come from one :meth:`PlaybackTracker.play_to`.

A step of more intervals (34 days of play at 30 s) is a position in the wrong unit,
such as milliseconds, and is refused rather than looping and filling memory."""

PlaybackKind = Literal["play.started", "play.progress", "play.ended"]
"""What a :class:`PlaybackEvent` reports."""
_KINDS: Final = ("play.started", "play.progress", "play.ended")
# Where the open stretch began: rule 4 treats a stretch begun by a seek differently.
_Origin = Literal["start", "resume", "seek", "interval"]


def _kind(_: object, __: object, value: Any) -> None:
    check_choice("kind", value, _KINDS)


def _track_id(value: Any) -> str:
    return text_id("track_id", value)


@frozen
class PlaybackEvent:
    """One report a :class:`PlaybackTracker` produced, before it has a time.

    ``play.started`` has ``start_position``; ``play.progress`` both positions;
    ``play.ended`` the ``duration`` played.

    Raises:
        TypeError: A field of the wrong type.
        ValueError: An unknown kind, a blank track id, a negative number, or a field
            the kind needs left out (``stop_position`` before ``start_position``).
    """

    kind: PlaybackKind = field(validator=_kind)
    """``"play.started"``, ``"play.progress"`` or ``"play.ended"``."""
    track_id: str = field(converter=_track_id)
    """The track."""
    start_position: int | None = None
    """Where playing started (started, progress), in seconds."""
    stop_position: int | None = None
    """Where the played stretch ended (progress), in seconds."""
    duration: int | None = None
    """Seconds actually played (ended)."""

    def __attrs_post_init__(self) -> None:
        needed = {
            "play.started": ("start_position",),
            "play.progress": ("start_position", "stop_position"),
            "play.ended": ("duration",),
        }[self.kind]
        for name in ("start_position", "stop_position", "duration"):
            value = getattr(self, name)
            if name in needed:
                if value is None:
                    raise ValueError(f"a {self.kind} event needs {name}")
                check_int(name, value, minimum=0)
            elif value is not None:
                raise ValueError(f"a {self.kind} event has no {name}")
        if self.kind == "play.progress":
            span(self.start_position, self.stop_position)

    def body(
        self,
        *,
        time: Time,
        offline: bool,
        user_id: str | int | None = None,
        version: Literal[1, 3] = 1,
        sent_time: Time | None = None,
        stream_context: str | tuple[str, str | int] | None = None,
        shop: str | None = None,
        context: Mapping[str, Any] | None = None,
        device_id: str | None = None,
        speed: float | None = None,
        total_len: int | None = None,
        preview: bool | None = None,
    ) -> dict[str, Any]:
        """The report to send for this event.

        ``play.started`` and ``play.ended`` have no version 3 form: they are version 1
        reports whatever ``version`` says. A progress event is ``play.progress``
        (version 1, deprecated: warns ``DeprecationWarning``) or ``player.progress``
        (version 3, ``entity_type: "track"``). Each form takes the arguments it has a
        field for and leaves the others out, so one call fits every event of a tracker.

        Args:
            time: When the event happened.
            offline: Whether the stream came from ``/v2/streams/offline``.
            user_id: The user (``bt.auth.user_id``); required by version 3. Version 1
                reports carry none (the token says who played).
            version: ``1`` or ``3`` (the API skips 2).
            sent_time: When the report is sent (version 3); ``time`` when omitted.
            stream_context: The stream's ``X-Stream-Context`` (version 1).
            shop: The shop (version 1; version 3 has no shop).
            context: The mapping the backend delivered with the content (version 3).
            device_id: The client's own device id (version 3).
            speed: The playback speed (version 3).
            total_len: The track's length in seconds (version 3).
            preview: Whether a preview was played (version 3).

        Returns:
            The report, a JSON object.

        Raises:
            TypeError: An argument of the wrong type.
            ValueError: A version other than 1 or 3; version 3 progress without a
                ``user_id``; a bad time or context; ``sent_time`` before ``time``.
        """
        if isinstance(version, bool) or version not in (1, 3):
            raise ValueError(f"version must be 1 or 3 (the API skips 2), not {version!r}")
        v1 = {"track_id": self.track_id, "time": time, "offline": offline,
              "stream_context": stream_context, "shop": shop}  # fmt: skip
        if self.kind == "play.started":
            return v1_body("play.started", {"start_position": self.start_position}, **v1)
        if self.kind == "play.ended":
            return v1_body("play.ended", {"duration": self.duration}, **v1)
        if version == 1:
            warnings.warn(PROGRESS_DEPRECATED, DeprecationWarning, stacklevel=2)
            return progress_v1(self.start_position, self.stop_position, **v1)
        if user_id is None:
            raise ValueError("user_id is required by version 3 reports (bt.auth.user_id)")
        return player_progress(
            user_id=user_id,
            entity_type="track",
            entity_id=self.track_id,
            start_position=self.start_position or 0,  # set: checked at construction
            stop_position=self.stop_position or 0,
            time=time,
            sent_time=sent_time,
            offline=offline,
            device_id=device_id,
            speed=speed,
            total_len=total_len,
            preview=preview,
            context=context,
        )


class PlaybackTracker:
    """Turns what a player does into the reports the API asks for, for one track.

    The rules (the page's three worked examples come out exactly):

    1. ``play.started`` at the start position when the tracker is made.
    2. While playing, a progress report for every ``interval`` seconds played,
       measured from where the stretch began.
    3. A pause or the end of the track reports the open stretch (if not empty).
    4. A seek reports the open stretch if it began at the start, at a resume, or after
       a full interval; a stretch that *began with a seek* and is cut by another seek
       before a full interval is not reported (the page: nothing is reported after a
       seek "until the track was played for 30 more seconds").
    5. The end reports ``play.ended`` with every second played, unreported stretches
       included.

    A seek while paused counts as a seek: the stretch after the resume follows rule 4.
    A pause that reports a stretch closes it: the stretch after the resume began at
    the resume, even when the reported one began with a seek.

    Example (the page's first example)::

        t = PlaybackTracker("123")
        t.play_to(45); t.seek(100); t.play_to(103); t.seek(133); t.seek(163)
        t.play_to(203); t.pause(); t.resume(); t.play_to(218); t.end()
        # started 0 | progress 0-30, 30-45, 163-193, 193-203, 203-218 | ended 103

    Args:
        track_id: The track being played.
        start_position: Where playing starts, in seconds.
        interval: Seconds of play per progress report (the page's 30).

    Raises:
        TypeError: An argument of the wrong type.
        ValueError: A blank id, a negative position, an interval below 1.
    """

    def __init__(self, track_id: str | int, *, start_position: int = 0, interval: int = 30) -> None:
        self.track_id = text_id("track_id", track_id)
        """The track."""
        self.interval = check_int("interval", interval, minimum=1)
        """Seconds of play per progress report."""
        start = check_position("start_position", start_position)
        self._position = start
        self._segment = start
        self._origin: _Origin = "start"
        self._state: Literal["playing", "paused", "ended"] = "playing"
        self._duration = 0
        self._events = [PlaybackEvent("play.started", self.track_id, start)]

    def __repr__(self) -> str:
        return (
            f"<PlaybackTracker track_id={self.track_id!r} position={self._position} "
            f"state={self._state} duration={self._duration}>"
        )

    @property
    def events(self) -> tuple[PlaybackEvent, ...]:
        """Every event so far, ``play.started`` first."""
        return tuple(self._events)

    @property
    def duration(self) -> int:
        """Seconds played so far (seeks skip, pauses do not count)."""
        return self._duration

    @property
    def position(self) -> int:
        """The playhead, in seconds."""
        return self._position

    @property
    def state(self) -> Literal["playing", "paused", "ended"]:
        """``"playing"``, ``"paused"`` or ``"ended"``."""
        return self._state

    def _need(self, action: str, *states: str) -> None:
        """Refuse ``action`` unless the playback is in one of ``states``."""
        if self._state == "ended":
            raise ValueError(f"{action}: the playback has ended; track the next one anew")
        if self._state not in states:
            hint = ": resume() first" if self._state == "paused" else ""
            raise ValueError(f"{action}: the playback is {self._state}{hint}")

    def _emit(self, new: list[PlaybackEvent]) -> list[PlaybackEvent]:
        self._events.extend(new)
        return new

    def _progress(self, start: int, stop: int) -> PlaybackEvent:
        return PlaybackEvent("play.progress", self.track_id, start, stop)

    def _flush(self) -> list[PlaybackEvent]:
        """The open stretch as a report, if it is not empty."""
        if self._position > self._segment:
            return [self._progress(self._segment, self._position)]
        return []

    def play_to(self, position: int) -> list[PlaybackEvent]:
        """The player played on to ``position``.

        Args:
            position: The playhead now, in seconds (not before the current one).

        Returns:
            The progress reports due; one per full interval reached.

        Raises:
            TypeError: Not an int.
            ValueError: Before the current position (that is a seek), not playing, or
                so far ahead that more than :data:`MAX_REPORTS_AT_ONCE` reports would be
                due at once (a position in milliseconds, not seconds); nothing changes.
        """
        target = check_position("position", position)
        self._need("play_to()", "playing")
        if target < self._position:
            raise ValueError(
                f"play_to({target}) is before the playhead ({self._position}): use seek()"
            )
        due = (target - self._segment) // self.interval
        if due > MAX_REPORTS_AT_ONCE:
            raise ValueError(
                f"play_to({shown_number(target)}) is {shown_number(target - self._position)} "
                f"seconds past the playhead ({self._position}): {shown_number(due)} reports "
                f"of {self.interval} s at once, more than {MAX_REPORTS_AT_ONCE:,}; positions "
                "are in seconds, not milliseconds"
            )
        new = []
        while target - self._segment >= self.interval:
            stop = self._segment + self.interval
            new.append(self._progress(self._segment, stop))
            self._segment, self._origin = stop, "interval"
        self._duration += target - self._position
        self._position = target
        return self._emit(new)

    def seek(self, position: int) -> list[PlaybackEvent]:
        """The user moved the playhead to ``position`` (playing or paused).

        Args:
            position: The new playhead, in seconds.

        Returns:
            The open stretch's report, unless it began with a seek and is shorter
            than an interval (rule 4).

        Raises:
            TypeError: Not an int.
            ValueError: A negative position, or the playback has ended.
        """
        target = check_position("position", position)
        self._need("seek()", "playing", "paused")
        new = self._flush() if self._origin != "seek" and self._state == "playing" else []
        self._position = self._segment = target
        self._origin = "seek"
        return self._emit(new)

    def pause(self) -> list[PlaybackEvent]:
        """The user paused.

        Returns:
            The open stretch's report, if it is not empty.

        Raises:
            ValueError: Not playing.
        """
        self._need("pause()", "playing")
        self._state = "paused"
        new = self._flush()
        if new:
            # That stretch is reported: the one after the resume begins at the resume,
            # whatever began this one (a seek while paused makes it a seek's again).
            self._origin = "resume"
        return self._emit(new)

    def resume(self) -> list[PlaybackEvent]:
        """The user resumed after a pause.

        Returns:
            No reports (an empty list); resuming opens a new stretch.

        Raises:
            ValueError: Not paused.
        """
        self._need("resume()", "paused")
        self._state = "playing"
        self._segment = self._position
        if self._origin != "seek":
            self._origin = "resume"
        return []

    def end(self) -> list[PlaybackEvent]:
        """The track stopped for good (next track, skip, end of the queue).

        Returns:
            The open stretch's report (always, if not empty; rule 3) and
            ``play.ended`` with the seconds played.

        Raises:
            ValueError: The playback has already ended.
        """
        self._need("end()", "playing", "paused")
        new = self._flush() if self._state == "playing" else []
        self._state = "ended"
        new.append(PlaybackEvent("play.ended", self.track_id, duration=self._duration))
        return self._emit(new)
