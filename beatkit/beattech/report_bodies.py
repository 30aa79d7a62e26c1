"""Play and reader report bodies, built and checked before anything is sent.

The public names are re-exported by :mod:`beatkit.beattech.reports`; the helpers listed
last in ``__all__`` are shared with :mod:`beatkit.beattech.playback` and
:mod:`beatkit.beattech.report_queue`.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, Literal

from beatkit._core.params import fields as _present
from beatkit._core.params import optional_bool, optional_int, optional_text
from beatkit._core.validate import check_choice, check_int
from beatkit.beattech.context import text_id
from beatkit.beattech.headers import _utc
from beatkit.beattech.headers import stream_context as _stream_context

__all__ = [
    "REPORT_ACTIONS",
    "REPORT_EVENTS",
    "Time",
    "play_ended",
    "play_error",
    "play_progress",
    "play_started",
    "player_progress",
    "reader_consumed",
    "reader_progress",
    "release_finished",
    # shared helpers
    "PROGRESS_DEPRECATED",
    "check_position",
    "epoch",
    "json_copy",
    "plain_json",
    "progress_v1",
    "span",
    "v1_body",
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
Time = int | float | datetime
"""A unix time in seconds, or an aware ``datetime``."""
PROGRESS_DEPRECATED: Final = (
    "play.progress is deprecated by Beat Technology: report player.progress (version 3)"
)
"""The warning of a version 1 progress report."""

_V1_KEYS = frozenset({"event", "track_id", "time", "offline", "stream_context", "shop"})
_V3_KEYS = frozenset(
    {"action", "version", "time", "user_id", "device_id", "offline", "entity_type", "entity_id"}
    | {"sent_time", "context"}
)


# -- argument checks ----------------------------------------------------------------------


# 9999-12-31T23:59:59Z, the last second a datetime holds. A millisecond time of today
# (Date.now(), currentTimeMillis()) is about 1.7e12: year 55,000 read as seconds.
_LAST_SECOND: Final = 253_402_300_799


def epoch(name: str, value: Any) -> int:
    """A unix time in whole seconds from an int, a float or an aware datetime.

    Raises:
        TypeError: Another type (``bool`` included), or a naive datetime.
        ValueError: A NaN or an infinity, a negative time, or one past the year 9999
            (a time in milliseconds, most likely).
    """
    if isinstance(value, datetime):
        value = _utc(value, name).timestamp()  # a naive one is refused
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number of seconds")
        value = math.floor(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be unix seconds (int) or an aware datetime")
    if value > _LAST_SECOND:
        # Sent as it is, it would date the play tens of thousands of years ahead, and
        # a queued entry with it would never expire.
        raise ValueError(
            f"{name} must be unix seconds (at most {_LAST_SECOND}, the year 9999), got "
            f"{value}: a time in milliseconds?"
        )
    return check_int(name, value, minimum=0)


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


def check_position(name: str, value: Any) -> int:
    """A position in seconds: a non-negative int."""
    return check_int(name, value, minimum=0)


def span(start: Any, stop: Any) -> tuple[int, int]:
    """``(start_position, stop_position)`` checked: non-negative ints, in order."""
    first, last = check_position("start_position", start), check_position("stop_position", stop)
    if last < first:
        raise ValueError(f"stop_position ({last}) is before start_position ({first})")
    return first, last


def plain_json(name: str, value: Any) -> Any:
    """``value`` if it is plain JSON (no NaN, text keys), else a clear error.

    Raises:
        TypeError: A value JSON has no form for, or a key that is not text at any
            depth (``json`` would send ``{None: 1}`` as ``{"null": 1}``: another key).
        ValueError: A NaN or an infinity, a value that contains itself, a value
            nested deeper than ``json`` writes (Python's recursion limit on 3.11, a
            deeper bound set by the interpreter on 3.12+), or text (a value or a key)
            holding a lone surrogate, which UTF-8 cannot encode: it could never be
            sent, nor a queue holding it saved.
    """
    try:
        text = json.dumps(value, allow_nan=False, ensure_ascii=False)
    except TypeError as exc:
        raise TypeError(f"{name} is not plain JSON: {exc}") from None
    except ValueError as exc:  # NaN or infinity, or a value that contains itself
        raise ValueError(f"{name} is not plain JSON: {exc}") from None
    except RecursionError:  # [[[[...: json recurses once per level
        raise ValueError(f"{name} is not plain JSON: it is nested too deeply") from None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            f"{name} is not plain JSON: a text value or key holds a lone surrogate (text "
            "decoded with surrogateescape?), which UTF-8 cannot encode"
        ) from None
    # json.dumps renames keys that are not text (None, numbers, bools): refuse them.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, Mapping):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise TypeError(f"{name} is not plain JSON: it needs text keys, not {key!r}")
                pending.append(inner)
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return value


def json_copy(name: str, value: Any) -> Any:
    """A deep copy of ``value`` once checked as plain JSON (see :func:`plain_json`).

    What is kept to be sent later (a pending change's body, a queued report) must not
    share its dicts and lists with the caller: a change made to them afterwards would
    be sent unchecked. A tuple comes back as a list, as JSON has no tuples.

    Raises:
        TypeError: A value JSON has no form for, or a key that is not text.
        ValueError: A NaN or an infinity, a value that contains itself, a value
            nested too deeply, or a lone surrogate.
    """
    checked = plain_json(name, value)
    try:
        return json.loads(json.dumps(checked, allow_nan=False))
    except RecursionError:  # checked at the edge of the limit, copied past it
        raise ValueError(f"{name} is not plain JSON: it is nested too deeply") from None


def _context(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError("context must be a mapping (the one the backend sent with the content)")
    return dict(plain_json("context", dict(value)))


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
    return {key: plain_json(key, value) for key, value in fields.items()}


# -- version 1 builders -------------------------------------------------------------------


def v1_body(
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
        "time": epoch("time", time),
        "offline": _bool("offline", offline),
    }
    tail = _present(
        stream_context=_stream_context(stream_context),
        shop=optional_text("shop", shop),
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
        ValueError: A negative position, a time negative or past 9999 (milliseconds), a blank id, a
            malformed context.
    """
    specific = {"start_position": check_position("start_position", start_position)}
    return v1_body(
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
        ValueError: A negative duration, a time negative or past 9999 (milliseconds), a blank id, a
            malformed context.
    """
    specific = {"duration": check_int("duration", duration, minimum=0)}
    return v1_body(
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
        ValueError: A time negative or past 9999 (milliseconds), a blank id, a field that names a
            key set here, a NaN.
    """
    specific = _extra(fields, _V1_KEYS)
    return v1_body(
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
    warnings.warn(PROGRESS_DEPRECATED, DeprecationWarning, stacklevel=2)
    return progress_v1(
        start_position,
        stop_position,
        track_id=track_id,
        time=time,
        offline=offline,
        stream_context=stream_context,
        shop=shop,
    )


def progress_v1(start: Any, stop: Any, **common: Any) -> dict[str, Any]:
    """``play.progress`` without the warning (the caller warns where the user called)."""
    first, last = span(start, stop)
    return v1_body("play.progress", {"start_position": first, "stop_position": last}, **common)


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
    when = epoch("time", time)
    head = _present(
        action=action,
        version=3,
        time=when,
        user_id=text_id("user_id", user_id),
        device_id=optional_text("device_id", device_id),
        offline=_bool("offline", offline),
    )
    sent = when if sent_time is None else epoch("sent_time", sent_time)
    if sent < when:
        # Sent before it happened: swapped arguments, or another clock's unit.
        raise ValueError(f"sent_time ({sent}) is before the event's time ({when})")
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
        dict: ``{"action": "player.progress", "version": 3, "time", "user_id", "device_id"?,
        "offline", "speed"?, "entity_type", "entity_id", "start_position",
        "stop_position", "total_len"?, "sent_time", "preview"?, "context"?}``.

    Raises:
        TypeError: An argument of the wrong type.
        ValueError: A negative position, a time negative or past 9999 (milliseconds),
            ``stop_position`` before ``start_position``, ``sent_time`` before ``time``, a
            non-positive speed, an unknown entity type.
    """
    first, last = span(start_position, stop_position)
    inner = {
        "speed": _speed(speed),
        "entity_type": check_choice("entity_type", entity_type, ("track", "release")),
        "entity_id": text_id("entity_id", entity_id),
        "start_position": first,
        "stop_position": last,
        "total_len": optional_int("total_len", total_len, minimum=0),
    }
    after = {"preview": optional_bool("preview", preview)}
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
        dict: ``{"action": "reader.progress", "version": 3, "time", "user_id", "device_id"?,
        "offline", "entity_type", "entity_id", "sent_time", ...fields, "context"?}``.

    Raises:
        TypeError: An argument of the wrong type, or a field that is not plain JSON.
        ValueError: A time negative or past 9999 (milliseconds), ``sent_time`` before
            ``time``, an unknown entity type, a field that names a key set here.
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
        dict: ``{"action": "reader.consumed", "version": 3, "time", "user_id", "device_id"?,
        "offline", "entity_type": "release", "entity_id", "sent_time", ...fields,
        "context"?}``.

    Raises:
        TypeError: An argument of the wrong type, or a field that is not plain JSON.
        ValueError: A time negative or past 9999 (milliseconds), ``sent_time`` before
            ``time``, a blank id, a field that names a key set here, a NaN.
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
        dict: ``{"action": "release.finished", "version": 3, "time", "user_id", "device_id"?,
        "offline", "entity_type": "release", "entity_id", "sent_time", ...fields,
        "context"?}``.

    Raises:
        TypeError: An argument of the wrong type, or a field that is not plain JSON.
        ValueError: A time negative or past 9999 (milliseconds), ``sent_time`` before
            ``time``, a blank id, a field that names a key set here, a NaN.
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
