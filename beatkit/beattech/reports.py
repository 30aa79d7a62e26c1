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
"""

from __future__ import annotations

import json
import math
import time as _time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final, Literal, Protocol

from attrs import field, frozen

from beatkit._core.operation import RequestOptions
from beatkit._core.validate import check_choice, check_int, check_text
from beatkit.beattech.context import text_id
from beatkit.beattech.headers import stream_context as _stream_context
from beatkit.errors import BeatkitError

__all__ = [
    "MAX_QUEUE_AGE",
    "REPORT_ACTIONS",
    "REPORT_EVENTS",
    "FlushResult",
    "PlaybackEvent",
    "PlaybackKind",
    "PlaybackTracker",
    "QueuedReport",
    "ReportQueue",
    "ReportSendError",
    "check_report",
    "play_ended",
    "play_error",
    "play_progress",
    "play_started",
    "player_progress",
    "reader_consumed",
    "reader_progress",
    "release_finished",
]

REPORT_EVENTS: Final = (
    "play.started",
    "play.ended",
    "play.progress",
    "play.error",
    "played-offline",
)
"""Version 1 report names (the ``event`` key); ``play.progress`` and ``played-offline``
are deprecated."""
REPORT_ACTIONS: Final = (
    "player.progress",
    "reader.progress",
    "reader.consumed",
    "release.finished",
)
"""Version 3 report names (the ``action`` key)."""
MAX_QUEUE_AGE: Final = 7 * 24 * 3600
"""Plays are queued for at most seven days while offline (the page, ``play.ended``)."""

PlaybackKind = Literal["play.started", "play.progress", "play.ended"]
"""What a :class:`PlaybackEvent` reports."""
Time = int | float | datetime
"""A unix time in seconds, or an aware ``datetime``."""

_V1_KEYS = frozenset({"event", "track_id", "time", "offline", "stream_context", "shop"})
_V3_KEYS = frozenset(
    {"action", "version", "time", "user_id", "device_id", "offline", "entity_type", "entity_id"}
    | {"sent_time", "context"}
)


# -- argument checks ----------------------------------------------------------------------


def _epoch(name: str, value: Any) -> int:
    """A unix time in whole seconds from an int, a float or an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise TypeError(f"{name} must be timezone-aware (e.g. datetime.now(UTC)), not naive")
        value = value.timestamp()
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number of seconds")
        value = math.floor(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be unix seconds (int) or an aware datetime")
    return check_int(name, value, minimum=0)


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


def _position(name: str, value: Any) -> int:
    return check_int(name, value, minimum=0)


def _span(start: Any, stop: Any) -> tuple[int, int]:
    first, last = _position("start_position", start), _position("stop_position", stop)
    if last < first:
        raise ValueError(f"stop_position ({last}) is before start_position ({first})")
    return first, last


def _json(name: str, value: Any) -> Any:
    """``value`` if it is plain JSON (no NaN, text keys), else a clear error."""
    try:
        json.dumps(value, allow_nan=False)
    except TypeError as exc:
        raise TypeError(f"{name} is not plain JSON: {exc}") from None
    except ValueError as exc:  # NaN or infinity, or a value that contains itself
        raise ValueError(f"{name} is not plain JSON: {exc}") from None
    return value


def _context(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError("context must be a mapping (the one the backend sent with the content)")
    return dict(_json("context", dict(value)))


def _speed(value: Any) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("speed must be a number (1.0 is normal speed)")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"speed must be a positive number, got {value}")
    return value


def _extra(fields: Mapping[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    """Pass-through fields: plain JSON, never one of the fields the builder sets."""
    taken = sorted(set(fields) & reserved)
    if taken:
        raise ValueError(f"{taken[0]} is set by the builder's own argument, not by a field")
    return {key: _json(key, value) for key, value in fields.items()}


def _present(**values: Any) -> dict[str, Any]:
    """A body in the order given, without the ``None`` values."""
    return {key: value for key, value in values.items() if value is not None}


def check_report(report: Any, name: str = "report", *, legacy: bool = False) -> dict[str, Any]:
    """Check a report before it is sent; return it as a plain ``dict``.

    Args:
        report: A JSON object, as the builders of this module return.
        name: How errors name it.
        legacy: The deprecated endpoint takes any JSON object; the current one needs
            exactly one of ``event`` (version 1) or ``action`` (version 3).

    Raises:
        TypeError: Not a mapping with text keys, not plain JSON, or a
            :class:`PlaybackEvent` (render it with ``body(...)`` first).
        ValueError: Neither or both of ``event`` and ``action``, or a blank name.
    """
    if isinstance(report, PlaybackEvent):
        raise TypeError(f"{name} is a PlaybackEvent: send event.body(time=..., offline=...)")
    if not isinstance(report, Mapping):
        raise TypeError(f"{name} must be a JSON object (a dict), got {type(report).__name__}")
    if not all(isinstance(key, str) for key in report):
        raise TypeError(f"{name} must have text keys")
    body = dict(_json(name, dict(report)))
    if not legacy:
        if ("event" in body) == ("action" in body):
            raise ValueError(f"{name} needs exactly one of 'event' (version 1) or 'action' (3)")
        key = "event" if "event" in body else "action"
        check_text(f"{name}[{key!r}]", body[key])
    return body


# -- version 1 builders -------------------------------------------------------------------


def _v1(
    event: str,
    specific: Mapping[str, Any],
    *,
    track_id: Any,
    time: Any,
    offline: Any,
    stream_context: Any,
    shop: Any,
) -> dict[str, Any]:
    """A version 1 body: the page's ``play.ended`` key order, ``specific`` after ``offline``."""
    head = {
        "event": event,
        "track_id": text_id("track_id", track_id),
        "time": _epoch("time", time),
        "offline": _bool("offline", offline),
    }
    tail = _present(
        stream_context=_stream_context(stream_context),
        shop=None if shop is None else check_text("shop", shop),
    )
    return {**head, **specific, **tail}


def play_started(
    *,
    track_id: str | int,
    time: Time,
    offline: bool,
    start_position: int = 0,
    stream_context: str | tuple[str, str | int] | None = None,
    shop: str | None = None,
) -> dict[str, Any]:
    """A ``play.started`` report: a player starts playing a new track (music services).

    Args:
        track_id: The track.
        time: When playing started.
        offline: Whether the stream came from ``/v2/streams/offline`` (``False`` for
            ``/v2/streams/online``).
        start_position: Where playing started, in seconds from the track's start.
        stream_context: The ``X-Stream-Context`` the stream was fetched with
            (``"release/1"`` or ``("release", 1)``), if any.
        shop: The shop the track is played in (``"music-no"``), if any.

    Returns:
        ``{"event", "track_id", "time", "offline", "start_position", "stream_context"?,
        "shop"?}``.

    Raises:
        TypeError: An argument of the wrong type (a naive ``datetime`` included).
        ValueError: A negative position or time, a blank id, a malformed context.
    """
    specific = {"start_position": _position("start_position", start_position)}
    return _v1(
        "play.started",
        specific,
        track_id=track_id,
        time=time,
        offline=offline,
        stream_context=stream_context,
        shop=shop,
    )


def play_ended(
    *,
    track_id: str | int,
    time: Time,
    offline: bool,
    duration: int,
    stream_context: str | tuple[str, str | int] | None = None,
    shop: str | None = None,
) -> dict[str, Any]:
    """A ``play.ended`` report, due whenever a track stops playing for good.

    Send it when the player moves to the next track, the user skips, or the last track
    of the queue ends; not on pause or seek. Clients of ``/v2/streams/online`` and
    ``/offline`` must send it.

    Args:
        track_id: The track.
        time: When playing ended.
        offline: Whether the stream came from ``/v2/streams/offline``.
        duration: Seconds actually played (seeks skip, pauses do not count).
        stream_context: The ``X-Stream-Context`` of the stream, if any.
        shop: The shop the track was played in, if any.

    Returns:
        ``{"event", "track_id", "time", "offline", "duration", "stream_context"?,
        "shop"?}``, the page's key order.

    Raises:
        TypeError: An argument of the wrong type.
        ValueError: A negative duration or time, a blank id, a malformed context.
    """
    specific = {"duration": check_int("duration", duration, minimum=0)}
    return _v1(
        "play.ended",
        specific,
        track_id=track_id,
        time=time,
        offline=offline,
        stream_context=stream_context,
        shop=shop,
    )


def play_error(
    *,
    track_id: str | int,
    time: Time,
    offline: bool,
    stream_context: str | tuple[str, str | int] | None = None,
    shop: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A ``play.error`` report: playing the current track failed.

    The page names no fields beyond the track's: pass your tenant's as keywords.

    Args:
        track_id: The track.
        time: When playing failed.
        offline: Whether the stream came from ``/v2/streams/offline``.
        stream_context: The ``X-Stream-Context`` of the stream, if any.
        shop: The shop, if any.
        **fields: More fields, sent as given (plain JSON).

    Returns:
        ``{"event", "track_id", "time", "offline", ...fields, "stream_context"?, "shop"?}``.

    Raises:
        TypeError: An argument of the wrong type, or a field that is not plain JSON.
        ValueError: A negative time, a blank id, a field that names a key set here, a
            NaN.
    """
    specific = _extra(fields, _V1_KEYS)
    return _v1(
        "play.error",
        specific,
        track_id=track_id,
        time=time,
        offline=offline,
        stream_context=stream_context,
        shop=shop,
    )


def play_progress(
    *,
    track_id: str | int,
    start_position: int,
    stop_position: int,
    time: Time,
    offline: bool,
    stream_context: str | tuple[str, str | int] | None = None,
    shop: str | None = None,
) -> dict[str, Any]:
    """A ``play.progress`` report (version 1, deprecated by the API: use
    :func:`player_progress`). Warns ``DeprecationWarning``.

    Args:
        track_id: The track.
        start_position: Where the played stretch began, in seconds.
        stop_position: Where it ended, in seconds.
        time: When it was played.
        offline: Whether the stream came from ``/v2/streams/offline``.
        stream_context: The ``X-Stream-Context`` of the stream, if any.
        shop: The shop, if any.

    Returns:
        ``{"event", "track_id", "time", "offline", "start_position", "stop_position",
        "stream_context"?, "shop"?}``.

    Raises:
        TypeError: An argument of the wrong type.
        ValueError: A negative position, ``stop_position`` before ``start_position``.
    """
    warnings.warn(_PROGRESS_DEPRECATED, DeprecationWarning, stacklevel=2)
    return _progress_v1(
        start_position,
        stop_position,
        track_id=track_id,
        time=time,
        offline=offline,
        stream_context=stream_context,
        shop=shop,
    )


_PROGRESS_DEPRECATED = (
    "play.progress is deprecated by Beat Technology: report player.progress (version 3)"
)


def _progress_v1(start: Any, stop: Any, **common: Any) -> dict[str, Any]:
    """``play.progress`` without the warning (the caller warns where the user called)."""
    first, last = _span(start, stop)
    return _v1("play.progress", {"start_position": first, "stop_position": last}, **common)


# -- version 3 builders -------------------------------------------------------------------


def _v3(
    action: str,
    *,
    user_id: Any,
    time: Any,
    offline: Any,
    sent_time: Any,
    device_id: Any,
    context: Any,
    inner: Mapping[str, Any],
    after: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A version 3 body in the schema's key order, without the unset optional fields.

    ``inner`` goes between ``offline`` and ``sent_time``, ``after`` between
    ``sent_time`` and the pass-through ``extra`` fields; ``context`` comes last.
    """
    when = _epoch("time", time)
    head = _present(
        action=action,
        version=3,
        time=when,
        user_id=text_id("user_id", user_id),
        device_id=None if device_id is None else check_text("device_id", device_id),
        offline=_bool("offline", offline),
    )
    sent = when if sent_time is None else _epoch("sent_time", sent_time)
    return {
        **head,
        **_present(**inner),
        "sent_time": sent,
        **_present(**(after or {})),
        **_extra(extra or {}, _V3_KEYS),
        **_present(context=_context(context)),
    }


def player_progress(
    *,
    user_id: str | int,
    entity_type: Literal["track", "release"],
    entity_id: str | int,
    start_position: int,
    stop_position: int,
    time: Time,
    sent_time: Time | None = None,
    offline: bool,
    device_id: str | None = None,
    speed: float | None = None,
    total_len: int | None = None,
    preview: bool | None = None,
    context: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A ``player.progress`` report (version 3): a stretch of a track or release played.

    Args:
        user_id: The user who played (``bt.auth.user_id``).
        entity_type: ``"track"`` or ``"release"``.
        entity_id: The track's or release's id.
        start_position: Where the stretch began, in seconds from the entity's start.
        stop_position: Where it ended, in seconds from the entity's start.
        time: When it was played (the event's time).
        sent_time: When the report is sent; the event's ``time`` when omitted
            (a :class:`ReportQueue` sets it when it sends).
        offline: Whether it was played offline.
        device_id: The client's own unique device id, if any.
        speed: The playback speed (``0.8`` is 20% slower, ``1.1`` 10% faster), if any.
        total_len: The entity's length in seconds, if known.
        preview: Whether a preview was played (for services that report previews).
        context: The mapping the backend delivered with the content.

    Returns:
        ``{"action": "player.progress", "version": 3, "time", "user_id", "device_id"?,
        "offline", "speed"?, "entity_type", "entity_id", "start_position",
        "stop_position", "total_len"?, "sent_time", "preview"?, "context"?}``.

    Raises:
        TypeError: An argument of the wrong type.
        ValueError: A negative position or time, ``stop_position`` before
            ``start_position``, a non-positive speed, an unknown entity type.
    """
    first, last = _span(start_position, stop_position)
    inner = {
        "speed": _speed(speed),
        "entity_type": check_choice("entity_type", entity_type, ("track", "release")),
        "entity_id": text_id("entity_id", entity_id),
        "start_position": first,
        "stop_position": last,
        "total_len": None if total_len is None else check_int("total_len", total_len, minimum=0),
    }
    after = {"preview": None if preview is None else _bool("preview", preview)}
    return _v3(
        "player.progress",
        user_id=user_id,
        time=time,
        offline=offline,
        sent_time=sent_time,
        device_id=device_id,
        context=context,
        inner=inner,
        after=after,
    )


def reader_progress(
    *,
    user_id: str | int,
    entity_type: Literal["track", "release"],
    entity_id: str | int,
    time: Time,
    offline: bool,
    sent_time: Time | None = None,
    device_id: str | None = None,
    context: Mapping[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A ``reader.progress`` report (version 3): reading progress in an ebook service.

    The page gives no schema beyond the version 3 fields: pass the reading position
    your tenant expects as keywords (``reader_position_selector="epubcfi(...)"``,
    ``reader_position_ratio=0.4``...).

    Args:
        user_id: The reader.
        entity_type: ``"track"`` or ``"release"``.
        entity_id: The track's or release's id.
        time: When it was read.
        offline: Whether it was read offline.
        sent_time: When the report is sent; ``time`` when omitted.
        device_id: The client's own unique device id, if any.
        context: The mapping the backend delivered with the content.
        **fields: More fields, sent as given (plain JSON).

    Returns:
        ``{"action": "reader.progress", "version": 3, "time", "user_id", "device_id"?,
        "offline", "entity_type", "entity_id", "sent_time", ...fields, "context"?}``.

    Raises:
        TypeError: An argument of the wrong type, or a field that is not plain JSON.
        ValueError: A negative time, an unknown entity type, a field that names a key
            set here.
    """
    inner = {
        "entity_type": check_choice("entity_type", entity_type, ("track", "release")),
        "entity_id": text_id("entity_id", entity_id),
    }
    return _v3(
        "reader.progress",
        user_id=user_id,
        time=time,
        offline=offline,
        sent_time=sent_time,
        device_id=device_id,
        context=context,
        inner=inner,
        extra=fields,
    )


def _release_report(action: str, release_id: Any, **common: Any) -> dict[str, Any]:
    inner = {"entity_type": "release", "entity_id": text_id("release_id", release_id)}
    return _v3(action, inner=inner, **common)


def reader_consumed(
    *,
    user_id: str | int,
    release_id: str | int,
    time: Time,
    offline: bool,
    sent_time: Time | None = None,
    device_id: str | None = None,
    context: Mapping[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A ``reader.consumed`` report (version 3): a release has been consumed.

    Args:
        user_id: The reader.
        release_id: The release (sent as ``entity_type: "release"``, ``entity_id``).
        time: When it was consumed.
        offline: Whether it happened offline.
        sent_time: When the report is sent; ``time`` when omitted.
        device_id: The client's own unique device id, if any.
        context: The mapping the backend delivered with the content.
        **fields: More fields, sent as given (plain JSON).

    Returns:
        ``{"action": "reader.consumed", "version": 3, "time", "user_id", "device_id"?,
        "offline", "entity_type": "release", "entity_id", "sent_time", ...fields,
        "context"?}``.

    Raises:
        TypeError: An argument of the wrong type, or a field that is not plain JSON.
        ValueError: A negative time, a blank id, a field that names a key set here, a
            NaN.
    """
    return _release_report(
        "reader.consumed",
        release_id,
        user_id=user_id,
        time=time,
        offline=offline,
        sent_time=sent_time,
        device_id=device_id,
        context=context,
        extra=fields,
    )


def release_finished(
    *,
    user_id: str | int,
    release_id: str | int,
    time: Time,
    offline: bool,
    sent_time: Time | None = None,
    device_id: str | None = None,
    context: Mapping[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A ``release.finished`` report (version 3): the user finished a release.

    Args:
        user_id: The user.
        release_id: The release (sent as ``entity_type: "release"``, ``entity_id``).
        time: When it was finished.
        offline: Whether it happened offline.
        sent_time: When the report is sent; ``time`` when omitted.
        device_id: The client's own unique device id, if any.
        context: The mapping the backend delivered with the content.
        **fields: More fields, sent as given (plain JSON).

    Returns:
        ``{"action": "release.finished", "version": 3, "time", "user_id", "device_id"?,
        "offline", "entity_type": "release", "entity_id", "sent_time", ...fields,
        "context"?}``.

    Raises:
        TypeError: An argument of the wrong type, or a field that is not plain JSON.
        ValueError: A negative time, a blank id, a field that names a key set here, a
            NaN.
    """
    return _release_report(
        "release.finished",
        release_id,
        user_id=user_id,
        time=time,
        offline=offline,
        sent_time=sent_time,
        device_id=device_id,
        context=context,
        extra=fields,
    )


# -- the playback tracker -----------------------------------------------------------------


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
            _span(self.start_position, self.stop_position)

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
                ``user_id``; a bad time or context.
        """
        if isinstance(version, bool) or version not in (1, 3):
            raise ValueError(f"version must be 1 or 3 (the API skips 2), not {version!r}")
        v1 = {"track_id": self.track_id, "time": time, "offline": offline,
              "stream_context": stream_context, "shop": shop}  # fmt: skip
        if self.kind == "play.started":
            return _v1("play.started", {"start_position": self.start_position}, **v1)
        if self.kind == "play.ended":
            return _v1("play.ended", {"duration": self.duration}, **v1)
        if version == 1:
            warnings.warn(_PROGRESS_DEPRECATED, DeprecationWarning, stacklevel=2)
            return _progress_v1(self.start_position, self.stop_position, **v1)
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


_KINDS: Final = ("play.started", "play.progress", "play.ended")
_Origin = Literal["start", "resume", "seek", "interval"]


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
        start = _position("start_position", start_position)
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
            The progress reports due: one per full interval reached.

        Raises:
            TypeError: Not an int.
            ValueError: Before the current position (that is a seek), or not playing.
        """
        target = _position("position", position)
        self._need("play_to()", "playing")
        if target < self._position:
            raise ValueError(
                f"play_to({target}) is before the playhead ({self._position}): use seek()"
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
        target = _position("position", position)
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
        return self._emit(self._flush())

    def resume(self) -> list[PlaybackEvent]:
        """The user resumed after a pause.

        Returns:
            No reports (an empty list): resuming opens a new stretch.

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
            The open stretch's report (always, if not empty: rule 3) and
            ``play.ended`` with the seconds played.

        Raises:
            ValueError: The playback has already ended.
        """
        self._need("end()", "playing", "paused")
        new = self._flush() if self._state == "playing" else []
        self._state = "ended"
        new.append(PlaybackEvent("play.ended", self.track_id, duration=self._duration))
        return self._emit(new)


# -- sending and the offline queue --------------------------------------------------------


class ReportSendError(BeatkitError):
    """``send_many`` stopped: the report at :attr:`index` was not accepted.

    Attributes:
        index: The position of the report that failed.
        sent: The reports sent before it, in order (the server has them).
        unsent: That report and every later one, in order (not sent by this call;
            the failed one may have reached the server, see :attr:`error`).
        error: Why it failed (also the exception's ``__cause__``).
    """

    def __init__(
        self,
        index: int,
        sent: Sequence[Mapping[str, Any]],
        unsent: Sequence[Mapping[str, Any]],
        error: BeatkitError,
    ) -> None:
        total = len(sent) + len(unsent)
        super().__init__(
            f"report {index} of {total} was not sent ({len(sent)} sent before it): {error}"
        )
        self.index = index
        self.sent = tuple(sent)
        self.unsent = tuple(unsent)
        self.error = error


@frozen
class QueuedReport:
    """A report waiting in a :class:`ReportQueue`, with the time of its event."""

    report: Mapping[str, Any]
    """The report."""
    time: int
    """When its event happened (unix seconds): the queue's age is counted from here."""


@frozen
class FlushResult:
    """What one :meth:`ReportQueue.flush` did."""

    sent: tuple[QueuedReport, ...]
    """The entries sent (and dropped from the queue), in order."""
    expired: tuple[QueuedReport, ...]
    """The entries dropped unsent because they were older than the queue's age."""
    failed: QueuedReport | None = None
    """The entry that failed; it and the later ones stay queued, in order."""
    error: BeatkitError | None = None
    """Why it failed."""

    @property
    def ok(self) -> bool:
        """Whether every queued entry was sent."""
        return self.failed is None


class _Sender(Protocol):
    def send(self, report: Mapping[str, Any], *, options: RequestOptions | None = None) -> None:
        """Send one report."""


class _AsyncSender(Protocol):
    async def send(
        self, report: Mapping[str, Any], *, options: RequestOptions | None = None
    ) -> None:
        """Send one report."""


class _SupportsReports(Protocol):
    @property
    def reports(self) -> _Sender:
        """``bt.reports``."""


class _AsyncSupportsReports(Protocol):
    @property
    def reports(self) -> _AsyncSender:
        """``bt.reports``."""


class ReportQueue:
    """Reports kept until they can be sent: in order, for at most seven days.

    Append every report as it happens; :meth:`flush` (or :meth:`aflush` with an async
    client) sends them oldest first when a connection is back. Entries older than
    ``max_age`` are dropped unsent (the page: plays are queued "for at most seven
    days"). The queue lives in memory; persist :attr:`entries` yourself to survive
    a restart and pass them back to the constructor.

    Args:
        entries: Entries to start with (a queue restored from storage).
        clock: Returns the current unix time (inject one in tests).
        max_age: The longest an entry is kept, in seconds (at most seven days).

    Raises:
        TypeError: An entry is not a :class:`QueuedReport`, or a bad argument type.
        ValueError: ``max_age`` outside 1 second to seven days.
    """

    def __init__(
        self,
        entries: Iterable[QueuedReport] = (),
        *,
        clock: Callable[[], float] = _time.time,
        max_age: int = MAX_QUEUE_AGE,
    ) -> None:
        if not callable(clock):
            raise TypeError("clock must be a function returning unix seconds")
        self._clock = clock
        self.max_age = check_int("max_age", max_age, minimum=1, maximum=MAX_QUEUE_AGE)
        """The longest an entry is kept, in seconds."""
        self._entries: list[QueuedReport] = []
        for entry in entries:
            if not isinstance(entry, QueuedReport):
                raise TypeError("entries must be QueuedReport values")
            body = check_report(entry.report, "entries[].report")
            self._entries.append(QueuedReport(body, _epoch("entries[].time", entry.time)))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<ReportQueue entries={len(self._entries)} max_age={self.max_age}>"

    @property
    def entries(self) -> tuple[QueuedReport, ...]:
        """The waiting entries, in the order they were appended (and will be sent)."""
        return tuple(self._entries)

    def append(self, report: Mapping[str, Any], *, time: Time | None = None) -> bool:
        """Queue a report.

        Args:
            report: The report (a JSON object with ``event`` or ``action``).
            time: When its event happened; the report's own ``time`` by default,
                else now.

        Returns:
            ``True``; ``False`` when the event is already older than ``max_age``
            (nothing is queued).

        Raises:
            TypeError: Not a report (see :func:`check_report`), or a bad time.
            ValueError: A report without exactly one of ``event`` / ``action``.
        """
        body = check_report(report)
        if time is None:
            time = body.get("time")
            if isinstance(time, bool) or not isinstance(time, int):
                time = self._clock()
        entry = QueuedReport(body, _epoch("time", time))
        if self._too_old(entry, self._clock()):
            return False
        self._entries.append(entry)
        return True

    def _too_old(self, entry: QueuedReport, now: float) -> bool:
        return now - entry.time > self.max_age

    def expire(self) -> tuple[QueuedReport, ...]:
        """Drop the entries older than ``max_age``.

        Returns:
            The entries dropped, in queue order.
        """
        now = self._clock()
        expired = tuple(entry for entry in self._entries if self._too_old(entry, now))
        self._entries = [entry for entry in self._entries if not self._too_old(entry, now)]
        return expired

    def discard(self, entry: QueuedReport) -> None:
        """Drop one entry unsent (a report the server refuses would block the queue).

        Raises:
            ValueError: It is not queued.
        """
        for index, queued in enumerate(self._entries):
            if queued is entry:
                del self._entries[index]
                return
        raise ValueError("that entry is not in the queue")

    def _outgoing(self, entry: QueuedReport) -> dict[str, Any]:
        """The entry as sent now: a version 3 report's ``sent_time`` is the send time."""
        body = dict(entry.report)
        if "action" in body:
            body["sent_time"] = max(entry.time, _epoch("sent_time", self._clock()))
        return body

    def flush(self, bt: _SupportsReports) -> FlushResult:
        """Send the queued reports oldest first with ``bt.reports.send``.

        Stops at the first failure: that entry and the later ones stay queued, so the
        next flush resumes in order. A failure that may have reached the server (a
        timeout, a 5xx) can make the next flush send that report again: the queue
        prefers a rare duplicate to a lost play. Use :meth:`discard` for a report the
        server refuses for good (a 400).

        Args:
            bt: A :class:`~beatkit.beattech.BeatTech` client (or ``bt.app``).

        Returns:
            What was sent, what expired, and what failed and why.
        """
        expired = self.expire()
        sent: list[QueuedReport] = []
        while self._entries:
            entry = self._entries[0]
            try:
                bt.reports.send(self._outgoing(entry))
            except BeatkitError as exc:
                return FlushResult(tuple(sent), expired, entry, exc)
            sent.append(self._entries.pop(0))
        return FlushResult(tuple(sent), expired)

    async def aflush(self, bt: _AsyncSupportsReports) -> FlushResult:
        """:meth:`flush` for an :class:`~beatkit.beattech.AsyncBeatTech` client.

        Args:
            bt: An :class:`~beatkit.beattech.AsyncBeatTech` client (or ``bt.app``).

        Returns:
            What was sent, what expired, and what failed and why.
        """
        expired = self.expire()
        sent: list[QueuedReport] = []
        while self._entries:
            entry = self._entries[0]
            try:
                await bt.reports.send(self._outgoing(entry))
            except BeatkitError as exc:
                return FlushResult(tuple(sent), expired, entry, exc)
            sent.append(self._entries.pop(0))
        return FlushResult(tuple(sent), expired)
