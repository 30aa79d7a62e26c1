"""Checking reports before they are sent, and keeping them while offline.

Re-exported by :mod:`beatkit.beattech.reports`; ``bt.reports`` uses :func:`check_report`.
"""

from __future__ import annotations

import inspect
import json
import threading
import time as _time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Protocol
from urllib.parse import urlsplit

import httpx
from attrs import frozen

from beatkit._core.http import TOKEN_REQUEST
from beatkit._core.model import content_hash
from beatkit._core.operation import RequestOptions
from beatkit._core.retry import never_sent
from beatkit._core.validate import check_callback, check_int, check_items, check_text
from beatkit.beattech.playback import PlaybackEvent
from beatkit.beattech.report_bodies import Time, epoch, json_copy
from beatkit.errors import APIConnectionError, APIError, AuthenticationError, BeatkitError

__all__ = [
    "MAX_QUEUE_AGE",
    "QUEUE_FORMAT",
    "REFUSED_STATUSES",
    "FlushResult",
    "QueueBusyError",
    "QueuedReport",
    "ReportQueue",
    "ReportSendError",
    "check_report",
    "check_reports",
]

MAX_QUEUE_AGE: Final = 7 * 24 * 3600
"""Plays are queued for at most seven days while offline (the page, ``play.ended``)."""
QUEUE_FORMAT: Final = "beatkit.ReportQueue"
"""The ``format`` of :meth:`ReportQueue.to_json`'s text (its ``version`` is 1)."""
REFUSED_STATUSES: Final = frozenset({400, 413, 422})
"""Statuses that refuse a report for good; sending it again gets the same answer."""


def check_report(report: Any, name: str = "report", *, legacy: bool = False) -> dict[str, Any]:
    """Check a report before it is sent; return it as a plain ``dict``.

    Args:
        report: A JSON object, as the builders of :mod:`beatkit.beattech.reports`
            return.
        name: How errors name it.
        legacy: The deprecated endpoint takes any JSON object; the current one needs
            exactly one of ``event`` (version 1) or ``action`` (version 3).

    Raises:
        TypeError: Not a mapping with text keys, not plain JSON, or a
            :class:`PlaybackEvent` (render it with ``body(...)`` first).
        ValueError: Neither or both of ``event`` and ``action``, a blank name, text
            holding a lone surrogate (UTF-8 cannot send it), or nesting deeper than
            ``json`` writes (Python's recursion limit on 3.11, deeper on 3.12+).
    """
    if isinstance(report, PlaybackEvent):
        raise TypeError(f"{name} is a PlaybackEvent: send event.body(time=..., offline=...)")
    if not isinstance(report, Mapping):
        raise TypeError(f"{name} must be a JSON object (a dict), got {type(report).__name__}")
    if not all(isinstance(key, str) for key in report):
        raise TypeError(f"{name} must have text keys")
    # A copy: a report kept to be sent later must not change with the caller's dicts.
    body = dict(json_copy(name, dict(report)))
    if not legacy:
        if ("event" in body) == ("action" in body):
            raise ValueError(f"{name} needs exactly one of 'event' (version 1) or 'action' (3)")
        key = "event" if "event" in body else "action"
        check_text(f"{name}[{key!r}]", body[key])
    return body


def check_reports(reports: Any) -> list[dict[str, Any]]:
    """Check reports before the first is sent (``bt.reports.send_many``); return them
    as plain dicts, in order.

    Args:
        reports: The reports, in the order they happened: any iterable of reports but
            text, bytes, a set and a mapping (one report is ``bt.reports.send``'s, not a sequence).

    Returns:
        Each report checked as :func:`check_report` checks it, in order.

    Raises:
        TypeError: ``reports`` is text, bytes, a mapping, a set or not iterable, or a report is
            not a JSON object with text keys (its position is named).
        ValueError: A report has neither or both of ``event`` and ``action``.
    """
    message = (
        "reports must be a sequence of reports (JSON objects), not "
        f"{type(reports).__name__}: send one report with send"
    )
    return [
        check_report(report, f"reports[{index}]")
        for index, report in enumerate(check_items(reports, message))
    ]


_TOKEN_PATH: Final = "/oauth2/token"  # noqa: S105 - the token endpoint's path, no secret


def _token_request_failed(error: BaseException) -> bool:
    """Whether ``error`` is the failure of the token request a call needed, not of the
    call: its token endpoint timed out, lost the connection or answered an error. The
    call was then not acted on: never sent, or sent and refused (a 401) before the
    refresh failed."""
    if isinstance(error, APIError):
        return urlsplit(error.url or "").path.endswith(_TOKEN_PATH)
    cause = error.__cause__
    if not isinstance(error, APIConnectionError) or not isinstance(cause, httpx.TransportError):
        return False
    try:
        failed = cause.request
    except RuntimeError:  # an httpx error made without its request
        return False
    return failed.extensions.get(TOKEN_REQUEST) is True


def _maybe_sent(error: BaseException | None) -> bool:
    """Whether a report that failed with ``error`` may have reached the server: a
    timeout, a 5xx, a connection lost after sending, or a success status with a body
    that is not JSON. ``False`` when the server answered a refusal (a 4xx, a 429, a
    redirect), the request never left this machine, or the token request it needed
    failed: sending it again is safe."""
    if error is None or never_sent(error) or _token_request_failed(error):
        return False
    return not (isinstance(error, APIError) and error.status_code < 500)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object that names a key once: a repeated one would lose a value."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("an object repeats a key")
    return obj


class QueueBusyError(BeatkitError, RuntimeError):
    """A :class:`ReportQueue` was flushed while another flush of it was running (in
    another thread or task): it would have sent the same entries again. Nothing was
    sent; wait for the running flush, or flush from one place."""


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
        if self.maybe_sent:
            # The message's "not sent" is of this call's sending: the server may count it.
            self.add_note(
                "the failed report may have reached the server (see maybe_sent): sending "
                "it again may count it twice"
            )

    @property
    def maybe_sent(self) -> bool:
        """Whether the failed report may have reached the server (a timeout, a 5xx, a
        connection lost after sending, a success answer that is not JSON): sending it
        again may count it twice. ``False``
        when the server refused it (a 4xx, a 429), it never left this machine, or the
        token request it needed failed (it was then not sent, or refused with a 401)."""
        return _maybe_sent(self.error)


@frozen
class QueuedReport:
    """A report waiting in a :class:`ReportQueue`, with the time of its event."""

    __hash__ = content_hash  # by content: attrs' own hash raises on a list or dict

    report: Mapping[str, Any]
    """The report."""
    time: int
    """When its event happened (unix seconds); the queue's age is counted from here."""


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

    @property
    def maybe_sent(self) -> bool:
        """Whether :attr:`failed` may have reached the server (a timeout, a 5xx, a
        connection lost after sending, a success answer that is not JSON): the next
        flush sends it again and may count it twice. ``False`` when nothing failed, the
        server refused it (a 4xx, a 429), it never left this machine, or the token request
        it needed failed (the next flush sends it once)."""
        return _maybe_sent(self.error)

    @property
    def refused(self) -> bool:
        """Whether the server refused :attr:`failed` for good (a status of
        :data:`REFUSED_STATUSES`): it would block the queue, so ``discard`` it (and
        log it). Otherwise (a timeout, a 5xx, a 401 or 429, or a failed token request,
        such as a refresh token rejected with a 400 ``invalid_grant``: log in again)
        flush again later."""
        error = self.error
        return (
            isinstance(error, APIError)
            and error.status_code in REFUSED_STATUSES
            # The token, not the report: a rejected refresh token is a 400 too.
            and not isinstance(error, AuthenticationError)
            and not _token_request_failed(error)
        )


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


def _sender(bt: Any, *, coroutine: bool) -> Any:
    """``bt.reports.send``, refused before anything is sent when ``bt`` is no client, or
    a client of the other kind: ``flush`` would drop the reports of an async client as
    sent (its coroutines never run), ``aflush`` would send a sync client's first report
    and keep it queued, to send again."""
    send = getattr(getattr(bt, "reports", None), "send", None)
    if not callable(send):
        raise TypeError(f"bt must be a Beat Technology client (or bt.app), not {type(bt).__name__}")
    if inspect.iscoroutinefunction(send) != coroutine:
        if coroutine:
            raise TypeError("aflush takes an AsyncBeatTech client: use flush with a BeatTech")
        raise TypeError("flush takes a BeatTech client: use aflush with an AsyncBeatTech")
    return send


class ReportQueue:
    """Reports kept until they can be sent: in order, for at most seven days.

    Append every report as it happens; :meth:`flush` (or :meth:`aflush` with an async
    client) sends them oldest first when a connection is back. Entries older than
    ``max_age`` are dropped unsent (the page: plays are queued "for at most seven
    days"). The queue lives in memory: save :meth:`to_json` after every change (during
    a flush too, from its ``on_sent``) and restore it with :meth:`from_json` to survive
    a restart.

    Args:
        entries: Entries to start with (a queue restored from storage).
        clock: Returns the current unix time in seconds, like ``time.time`` (inject one
            in tests); checked when used: a clock in milliseconds is a ``ValueError``.
        max_age: The longest an entry is kept, in seconds (at most seven days).

    Raises:
        TypeError: ``entries`` is text, bytes, a mapping, a set or not iterable, an entry is not
            a :class:`QueuedReport`, or a bad argument type.
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
        # Held by a flush: a second one at the same time would send its entries twice.
        self._flushing = threading.Lock()
        # Held while the list changes: an append, expire or removal from another
        # thread (a player appending while a flush runs) must not undo another.
        self._changing = threading.Lock()
        self.max_age = check_int("max_age", max_age, minimum=1, maximum=MAX_QUEUE_AGE)
        """The longest an entry is kept, in seconds."""
        self._entries: list[QueuedReport] = []
        message = f"entries must be a sequence of QueuedReport values, not {type(entries).__name__}"
        for entry in check_items(entries, message):
            if not isinstance(entry, QueuedReport):
                raise TypeError("entries must be QueuedReport values")
            body = check_report(entry.report, "entries[].report")
            self._entries.append(QueuedReport(body, epoch("entries[].time", entry.time)))

    def __len__(self) -> int:
        return len(self._entries)

    def to_json(self) -> str:
        """The waiting entries as JSON text, to keep across restarts (:meth:`from_json`).

        ``{"format": "beatkit.ReportQueue", "version": 1, "entries": [{"time": <unix
        seconds>, "report": {...}}]}``, in queue order; the reports exactly as queued.
        Save it after every :meth:`append` and :meth:`flush`, and from a flush's
        ``on_sent`` (as each report leaves the queue).
        """
        # A copy first: a flush in another thread removing the head while the live
        # list is read would skip the entry after the one being read.
        entries = [{"time": entry.time, "report": entry.report} for entry in self.entries]
        return json.dumps(
            {"format": QUEUE_FORMAT, "version": 1, "entries": entries},
            allow_nan=False,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(
        cls,
        text: str | bytes,
        *,
        clock: Callable[[], float] = _time.time,
        max_age: int = MAX_QUEUE_AGE,
    ) -> ReportQueue:
        """A queue restored from :meth:`to_json`'s text, entries in the same order.

        Nothing is dropped on the way: expired entries stay until :meth:`flush` or
        :meth:`expire` reports them.

        Args:
            text: What :meth:`to_json` returned (text, or UTF-8 bytes).
            clock: Returns the current unix time.
            max_age: The longest an entry is kept, in seconds.

        Raises:
            TypeError: ``text`` is neither text nor bytes.
            ValueError: The text is not a saved queue, a queue saved in another
                ``version`` than 1 (a newer beatkit's: the message names its version;
                keep the file for that beatkit), or damaged (the message says where);
                nothing is restored then.
        """
        if not isinstance(text, str | bytes):
            raise TypeError(f"a saved ReportQueue is text, not {type(text).__name__}")
        try:
            saved = json.loads(text, object_pairs_hook=_unique_keys)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError, duplicate keys
            raise ValueError(f"not a saved ReportQueue: {exc}") from None
        except RecursionError:  # [[[[...: damage too, never restored
            raise ValueError("not a saved ReportQueue: it is nested too deeply") from None
        if not isinstance(saved, dict) or saved.get("format") != QUEUE_FORMAT:
            raise ValueError(f"not a saved ReportQueue (no format {QUEUE_FORMAT!r})")
        # The version before the keys: another version (a newer beatkit's) may hold
        # other keys, and is to be named as such, not as damage.
        if "version" not in saved:
            raise ValueError("a saved ReportQueue with no version: it is damaged")
        version = saved["version"]
        if type(version) is not int or version != 1:
            raise ValueError(f"a saved ReportQueue of version {version!r}: this beatkit reads 1")
        if set(saved) != {"format", "version", "entries"}:
            raise ValueError(
                "a saved ReportQueue of version 1 has format, version and entries only, not "
                f"{sorted(map(str, saved))}"
            )
        rows = saved["entries"]
        if not isinstance(rows, list):
            raise ValueError("a saved ReportQueue's entries must be a list")
        queue = cls(clock=clock, max_age=max_age)  # a bad argument is not damage
        for index, row in enumerate(rows):
            name = f"saved ReportQueue entries[{index}]"
            if not isinstance(row, dict) or set(row) != {"time", "report"}:
                raise ValueError(f"{name} must be an object with time and report only")
            moment = row["time"]
            if isinstance(moment, bool) or not isinstance(moment, int):
                raise ValueError(f"{name}.time must be unix seconds (an integer)")
            try:
                entry = QueuedReport(
                    check_report(row["report"], f"{name}.report"), epoch(f"{name}.time", moment)
                )
            except (TypeError, ValueError) as exc:
                raise ValueError(str(exc)) from None
            queue._entries.append(entry)
        return queue

    def __repr__(self) -> str:
        return f"<ReportQueue entries={len(self._entries)} max_age={self.max_age}>"

    def __getstate__(self) -> dict[str, Any]:
        # A copy (copy.copy, deepcopy, pickle to a worker) is a queue of its own: a list
        # of its own (a shared one made the copy's append the original's too) and
        # locks of its own (a lock cannot be pickled).
        state = dict(self.__dict__)
        del state["_flushing"], state["_changing"]
        state["_entries"] = list(self._entries)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._flushing = threading.Lock()
        self._changing = threading.Lock()

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
            ValueError: A report without exactly one of ``event`` / ``action`` or
                with text holding a lone surrogate (never sendable, nor savable), or a
                time (given, the report's own, or the clock's) negative or past the
                year 9999 (a time in milliseconds).
        """
        body = check_report(report)
        if time is None:
            time = body.get("time")
            if isinstance(time, bool) or not isinstance(time, int):
                time = None
        now = self._now()
        entry = QueuedReport(body, epoch("time", now if time is None else time))
        if self._too_old(entry, now):
            return False
        with self._changing:
            self._entries.append(entry)
        return True

    def _now(self) -> int:
        """The clock's time, checked as the queue's other times are: a clock in
        milliseconds would make every entry look older than ``max_age``."""
        return epoch("the queue's clock()", self._clock())

    def _too_old(self, entry: QueuedReport, now: float) -> bool:
        return now - entry.time > self.max_age

    def expire(self) -> tuple[QueuedReport, ...]:
        """Drop the entries older than ``max_age``.

        Returns:
            The entries dropped, in queue order.

        Raises:
            ValueError: The clock answered no unix time in seconds (a NaN, a negative
                time, or one past the year 9999: milliseconds); nothing is dropped.
        """
        now = self._now()
        with self._changing:
            expired = tuple(entry for entry in self._entries if self._too_old(entry, now))
            self._entries = [entry for entry in self._entries if not self._too_old(entry, now)]
        return expired

    def discard(self, entry: QueuedReport) -> None:
        """Drop one entry unsent (a report the server refuses would block the queue).

        Raises:
            ValueError: It is not queued.
        """
        if not self._remove(entry):
            raise ValueError("that entry is not in the queue")

    def _remove(self, entry: QueuedReport) -> bool:
        """Drop ``entry`` itself (not an equal one) if it is still queued."""
        with self._changing:
            for index, queued in enumerate(self._entries):
                if queued is entry:
                    del self._entries[index]
                    return True
        return False

    def _head(self) -> QueuedReport | None:
        """The entry to send next, if any."""
        with self._changing:  # a removal in another thread between the test and [0]
            return self._entries[0] if self._entries else None

    def _outgoing(self, entry: QueuedReport) -> dict[str, Any]:
        """The entry as sent now: a version 3 report's ``sent_time`` is the send time."""
        body = dict(entry.report)
        if "action" in body:
            # Never before the event: neither the entry's time nor the report's own (an
            # entry may be queued with an earlier time than its report names).
            own = body.get("time")
            event = own if type(own) is int and own >= 0 else entry.time
            body["sent_time"] = max(entry.time, event, self._now())
        return body

    def flush(
        self, bt: _SupportsReports, *, on_sent: Callable[[QueuedReport], object] | None = None
    ) -> FlushResult:
        """Send the queued reports oldest first with ``bt.reports.send``.

        Stops at the first failure: that entry and the later ones stay queued, so the
        next flush resumes in order. A failure that may have reached the server (a
        timeout, a 5xx) can make the next flush send that report again: the queue
        prefers a rare duplicate to a lost play. Use :meth:`discard` for a report the
        server refuses for good (:attr:`FlushResult.refused`).

        Args:
            bt: A :class:`~beatkit.beattech.BeatTech` client (or ``bt.app``).
            on_sent: Called with each entry as soon as it was sent and left the queue:
                save :meth:`to_json` there, so that a process killed during the flush
                restarts without the reports already sent (only the one in flight may
                be sent twice). Its own exceptions stop the flush and propagate, with a
                note: that entry was sent, the later ones stay queued.

        Returns:
            What was sent, what expired, and what failed and why.

        Raises:
            TypeError: ``bt`` is not a client, or an
                :class:`~beatkit.beattech.AsyncBeatTech` (use :meth:`aflush`), or
                ``on_sent`` is not a function. Nothing is sent.
            ValueError: The queue's clock answered no unix time in seconds (one in
                milliseconds, say). Nothing is sent or dropped.
            QueueBusyError: Another flush of this queue is running (in another thread or
                task): it would send the same entries again. Nothing is sent.
            BaseException: An interruption (``KeyboardInterrupt``), or an error that is
                not a :class:`~beatkit.errors.BeatkitError`, during a send is re-raised
                as it is, with a note: how many entries were sent (they left the queue),
                and that the entry in flight stays queued though it may have reached the
                server (the next flush sends it again). Save :meth:`to_json` then.
        """
        from beatkit.beattech._sync.reports import _flush_queue  # it imports this module

        return _flush_queue(
            self,
            _sender(bt, coroutine=False),
            check_callback("on_sent", on_sent, takes="the QueuedReport sent"),
        )

    async def aflush(
        self,
        bt: _AsyncSupportsReports,
        *,
        on_sent: Callable[[QueuedReport], object] | None = None,
    ) -> FlushResult:
        """:meth:`flush` for an :class:`~beatkit.beattech.AsyncBeatTech` client.

        Args:
            bt: An :class:`~beatkit.beattech.AsyncBeatTech` client (or ``bt.app``).
            on_sent: Called (a plain function, not awaited) with each entry as soon
                as it was sent and left the queue, as :meth:`flush` calls it.

        Returns:
            What was sent, what expired, and what failed and why.

        Raises:
            TypeError: ``bt`` is not a client, or a :class:`~beatkit.beattech.BeatTech`
                (use :meth:`flush`), or ``on_sent`` is not a function. Nothing is sent.
            ValueError: The queue's clock answered no unix time in seconds (one in
                milliseconds, say). Nothing is sent or dropped.
            QueueBusyError: Another flush of this queue is running (in another task or
                thread): it would send the same entries again. Nothing is sent.
            BaseException: A cancellation (``asyncio.CancelledError``) or an error that
                is not a :class:`~beatkit.errors.BeatkitError` during a send is re-raised
                as it is, with the note :meth:`flush` adds: the entry in flight stays
                queued and may have reached the server.
        """
        from beatkit.beattech._async.reports import _flush_queue  # it imports this module

        return await _flush_queue(
            self,
            _sender(bt, coroutine=True),
            check_callback("on_sent", on_sent, takes="the QueuedReport sent"),
        )
