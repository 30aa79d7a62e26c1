"""The failures a fake can be told to answer its next requests with (``fail_next`` and
its siblings on :class:`~beatkit.testing.FakeService`)."""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Mapping
from typing import Any, Literal

import attrs
import httpx

from beatkit._core.validate import check_int

__all__ = ["Fault", "FaultKind", "FaultQueue", "fault_headers"]

FaultKind = Literal["fail", "timeout", "disconnect", "garbage"]

# RFC 9110's token (a header name) and field value, as ASCII (httpx sends only ASCII).
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_FIELD_VALUE = re.compile(r"[\x20-\x7e\t]*")

_GARBAGE_BODY = (
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>upstream sent an invalid response {</p></body></html>\n"
)


def fault_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """``fail_next``'s extra headers, checked: what a socket can carry, as a dict.

    Raises:
        TypeError: ``headers`` is not a mapping, or a name or value is not text.
        ValueError: A name is not an HTTP token, or a value holds a line break, a
            control character or non-ASCII.
    """
    if not isinstance(headers, Mapping | None):
        raise TypeError(f"headers must be a mapping, not {type(headers).__name__}")
    checked = dict(headers or {})
    for name, value in checked.items():
        # httpx keeps these verbatim in process, but a socket cannot carry them: a line
        # break in a value wrote a second, forged header, a bad name an illegal line.
        if isinstance(name, str) and _TOKEN.fullmatch(name) is None:
            raise ValueError(f"header name {name[:40]!r} is not an HTTP token")
        if isinstance(value, str) and _FIELD_VALUE.fullmatch(value) is None:
            raise ValueError(
                f"header {name} may hold only visible ASCII, spaces and tabs in its value"
            )
    httpx.Headers(checked)  # TypeError now for a name or value that is not text
    return checked


@attrs.define
class Fault:
    """A queued failure, consumed by the next ``count`` requests (see ``fail_next``)."""

    kind: FaultKind
    """``"fail"``, ``"timeout"``, ``"disconnect"`` or ``"garbage"``."""
    count: int
    """How many more requests this fault applies to."""
    status: int = 500
    """The status for ``"fail"`` and ``"garbage"`` faults."""
    headers: dict[str, str] = attrs.field(factory=dict)
    """Extra response headers for ``"fail"`` faults."""
    body: Any = None
    """The body for ``"fail"`` faults; ``bytes``/``str`` sent as is, anything else as JSON."""

    def response(self, request: httpx.Request) -> httpx.Response | None:
        """The answer this fault gives ``request``; ``None`` for the service's own error
        envelope (a ``"fail"`` without a body).

        Raises:
            httpx.ReadTimeout: A ``"timeout"`` fault.
            httpx.ConnectError: A ``"disconnect"`` fault.
        """
        if self.kind == "timeout":
            raise httpx.ReadTimeout("fake: injected read timeout", request=request)
        if self.kind == "disconnect":
            raise httpx.ConnectError("fake: injected connection failure", request=request)
        if self.kind == "garbage":
            html = {"Content-Type": "text/html; charset=utf-8"}
            return httpx.Response(self.status, content=_GARBAGE_BODY, headers=html)
        if self.body is None:
            return None
        if isinstance(self.body, bytes | str):
            return httpx.Response(self.status, content=self.body)
        return httpx.Response(self.status, json=self.body)


class FaultQueue:
    """The faults a fake still owes, oldest first; safe to use from several threads."""

    def __init__(self) -> None:
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        """Queue ``fault`` behind the others.

        Raises:
            TypeError: Its ``count`` is not an ``int``.
            ValueError: Its ``count`` is below 1.
        """
        check_int("count", fault.count, minimum=1)
        with self._lock:
            self._faults.append(fault)

    def take(self) -> Fault | None:
        """The fault the next request gets (its ``count`` lowered by one), if any."""
        with self._lock:
            if not self._faults:
                return None
            fault = self._faults[0]
            fault.count -= 1
            if fault.count == 0:
                self._faults.popleft()
            return fault

    def clear(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._faults.clear()

    @property
    def pending(self) -> int:
        """How many requests the queued faults will still affect."""
        with self._lock:
            return sum(fault.count for fault in self._faults)
