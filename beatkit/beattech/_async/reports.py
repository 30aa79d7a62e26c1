"""``bt.reports``: play and reader reports."""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from beatkit._core.operation import RequestOptions
from beatkit._core.validate import check_callback_result
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech.report_queue import (
    FlushResult,
    QueueBusyError,
    QueuedReport,
    ReportQueue,
    ReportSendError,
    check_report,
    check_reports,
)
from beatkit.errors import BeatkitError

__all__ = ["AsyncReports"]


class AsyncReports(AsyncBeatTechResource):
    """``bt.reports``: ``send`` one report (``POST /v2/reports``), ``send_many`` in order,
    ``send_legacy`` (``POST /v2/player/reports``, deprecated). Reports are never
    replayed automatically: a duplicate counts a play twice.

    Build reports with :mod:`beatkit.beattech.reports` (``play_ended``,
    ``player_progress``, a ``PlaybackTracker``...). They go with the user's token
    when a user is logged in, else with the app token: the page accepts any bearer
    token for reports (its ``play.ended`` note asks for a user token; a server that
    enforces it answers an error, raised as usual).
    """

    async def send(
        self, report: Mapping[str, Any], *, options: RequestOptions | None = None
    ) -> None:
        """Send one report (``POST /v2/reports``).

        Sent once: after a failure that may have reached the server (a timeout, a 5xx)
        it is not sent again, so a play is never counted twice by beatkit. Failures
        before the request left (the connection could not be opened) are retried.

        Args:
            report: A report: a JSON object with ``event`` (version 1, e.g.
                :func:`~beatkit.beattech.reports.play_ended`) or ``action`` (version 3,
                e.g. :func:`~beatkit.beattech.reports.player_progress`).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: Not a JSON object with text keys (a ``PlaybackEvent`` needs
                ``.body(...)`` first).
            ValueError: Neither or both of ``event`` and ``action``.
            BadRequestError: The server refused the report (400).
            AuthenticationError: The token was refused.
            ResponseDecodeError: A success status with a body that is not JSON (a
                captive portal's or a proxy's page, most often: the report did not
                reach the API; but an unreadable answer of the API itself cannot be
                told apart, so a queue counts it as maybe sent).
        """
        body = check_report(report)
        await self._call("reports.send", Any, json=body, if_empty={}, options=options)

    async def send_many(
        self, reports: Iterable[Mapping[str, Any]], *, options: RequestOptions | None = None
    ) -> None:
        """Send reports one by one, in order (``POST /v2/reports`` each).

        Every report is checked before the first is sent
        (:func:`~beatkit.beattech.reports.check_reports`). Sending stops at the first
        failure, which says which report failed and which were sent.

        Args:
            reports: The reports, in the order they happened (a sequence: one report
                alone is :meth:`send`'s).
            options: Per-call timeout, retries or headers (for every request).

        Raises:
            TypeError: ``reports`` is text, bytes, a mapping, a set or not iterable, or a
                report is not a JSON object with text keys (nothing sent).
            ValueError: A report has neither or both of ``event`` and ``action``
                (nothing sent).
            beatkit.beattech.reports.ReportSendError: A report failed: ``index`` is its
                position, ``sent`` the reports before it, ``unsent`` it and the rest,
                ``error`` the cause.
            BaseException: An interruption (a cancelled task, ``KeyboardInterrupt``), or
                an error that is not a :class:`~beatkit.errors.BeatkitError`, is
                re-raised as it is, with a note: which reports were sent, that the one
                in flight may have reached the server, and which were not sent.
        """
        bodies = check_reports(reports)
        for index, body in enumerate(bodies):
            try:
                await self.send(body, options=options)
            except BeatkitError as exc:
                raise ReportSendError(index, bodies[:index], bodies[index:], exc) from exc
            except BaseException as exc:  # an interruption: the same object, with notes
                exc.add_note(_send_many_note(index, len(bodies), exc))
                raise

    async def send_legacy(
        self, report: Mapping[str, Any], *, options: RequestOptions | None = None
    ) -> None:
        """Send one report to the deprecated ``POST /v2/player/reports``.

        Deprecated by the API in favour of :meth:`send` (same handler, same payload);
        the streams pages still name this endpoint. It takes any JSON object. Warns
        ``DeprecationWarning``; never replayed, like :meth:`send`.

        Args:
            report: Any JSON object.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: Not a JSON object with text keys.
            AuthenticationError: The token was refused.
            ResponseDecodeError: A success status with a body that is not JSON (a
                captive portal's or a proxy's page, most often: the report did not
                reach the API; but an unreadable answer of the API itself cannot be
                told apart, so a queue counts it as maybe sent).
        """
        warnings.warn(
            "POST /v2/player/reports is deprecated by Beat Technology: use bt.reports.send",
            DeprecationWarning,
            stacklevel=2,
        )
        body = check_report(report, legacy=True)
        await self._call("reports.send_legacy", Any, json=body, if_empty={}, options=options)


async def _flush_queue(
    queue: ReportQueue,
    send: Callable[[Mapping[str, Any]], Awaitable[None]],
    on_sent: Callable[[QueuedReport], object] | None = None,
) -> FlushResult:
    """The loop of :meth:`ReportQueue.flush` (and ``aflush``): drop the expired
    entries, then send the others oldest first with ``send`` until one fails, calling
    ``on_sent`` with each entry once it has left the queue.

    One at a time: a second flush would take the entry in flight as its own head."""
    if not queue._flushing.acquire(blocking=False):
        raise QueueBusyError("this ReportQueue is already being flushed: wait for that flush")
    try:
        expired = queue.expire()
        sent: list[QueuedReport] = []
        while (entry := queue._head()) is not None:
            try:
                await send(queue._outgoing(entry))
            except BeatkitError as exc:
                return FlushResult(tuple(sent), expired, entry, exc)
            except BaseException as exc:  # an interruption: the same object, with notes
                exc.add_note(_flush_note(len(sent), len(expired), exc))
                raise
            queue._remove(entry)  # itself: a discard or expire may have run during the send
            sent.append(entry)
            if on_sent is not None:
                try:
                    check_callback_result("on_sent", on_sent(entry))
                except BaseException as exc:  # the app's: the entry was sent all the same
                    exc.add_note(_on_sent_note(len(sent), len(expired), exc))
                    raise
        return FlushResult(tuple(sent), expired)
    finally:
        queue._flushing.release()


def _on_sent_note(sent: int, expired: int, exc: BaseException) -> str:
    """What a ``ReportQueue`` flush had done when its ``on_sent`` raised ``exc``."""
    dropped = f" ({expired} expired ones dropped unsent)" if expired else ""
    return (
        f"ReportQueue flush: on_sent {_stopped(exc)} after {sent} queued "
        f"{'report was' if sent == 1 else 'reports were'} sent and dropped from the "
        f"queue{dropped} (the last one passed to on_sent); the flush stopped there and "
        "the later reports stay queued, unsent: save to_json() now"
    )


def _stopped(exc: BaseException) -> str:
    """How a send was stopped by ``exc``, not an error of beatkit's."""
    how = "failed with" if isinstance(exc, Exception) else "was interrupted by"
    return f"{how} {type(exc).__name__}"


def _send_many_note(index: int, total: int, exc: BaseException) -> str:
    """What ``send_many`` had done when report ``index`` of ``total`` was stopped."""
    if index:
        done = f"reports 0 to {index - 1} of {total} were sent"
    else:
        done = f"no report of {total} was sent"
    later = f"; reports {index + 1} to {total - 1} were not sent" if index + 1 < total else ""
    return (
        f"bt.reports.send_many: {done} before report {index} {_stopped(exc)}; report "
        f"{index} was in flight and may have reached the server{later}"
    )


def _flush_note(sent: int, expired: int, exc: BaseException) -> str:
    """What a ``ReportQueue`` flush had done when the send of its head was stopped."""
    done = (
        f"{sent} queued report was sent and dropped from the queue"
        if sent == 1
        else f"{sent} queued reports were sent and dropped from the queue"
        if sent
        else "no queued report was sent"
    )
    dropped = f" ({expired} expired ones dropped unsent)" if expired else ""
    return (
        f"ReportQueue flush: {done}{dropped} before the next send {_stopped(exc)}; the report "
        "in flight stays queued and may have reached the server (a later flush sends it "
        "again): save to_json() now"
    )
