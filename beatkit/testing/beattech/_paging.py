"""Range paging as the Beat Technology page describes it (its "Pagination" section).

A list answers ``206 Partial Content`` with ``Content-Range: <unit> <first>-<last>/<length>``
and ``Accept-Ranges: <unit>``, for the window the ``Range: <unit>=<first>-<last>`` header
asked for (the resource's default window without one). ``Content-Range`` repeats the
*requested* window even when fewer items are left; a window past the end, or one whose
first position is after its last, is ``416`` with ``Content-Range: <unit> */<length>``;
an empty collection is an empty ``206`` (``tracks 0-19/0``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import httpx

from beatkit._core.validate import check_int
from beatkit.beattech.wire import RANGE_UNITS
from beatkit.testing._app import FakeService
from beatkit.testing._wire import to_int
from beatkit.testing.beattech._http import error_body, fail

__all__ = ["DEFAULT_WINDOW", "UNITS", "RangeSettings", "respond"]

DEFAULT_WINDOW: Final = 20
"""Items a list answers without a ``Range`` header (the page's first 20 tracks)."""

UNITS: Final[Mapping[str, str]] = RANGE_UNITS
"""The range unit of every paged operation, by ``PATHS`` key; the client's own table
(:data:`beatkit.beattech.wire.RANGE_UNITS`), so the fake and the client never disagree.
The page's units where it names one (global events page in ``items``, not the
operation list's ``events``), the operation list's guesses elsewhere."""

_RANGE = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*([0-9]+)\s*-\s*([0-9]+)\s*")
_UNIT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=")


@attrs.define
class RangeSettings:
    """How the fake answers ``Range`` (switch these to test a client against other servers).

    Each setting is checked when set: ``ValueError`` for another :attr:`length` or a
    :attr:`default_window` (or a window of :attr:`windows`) below 1, ``TypeError`` for an
    :attr:`ignore` that is not a ``bool`` or a window that is not an ``int``.
    """

    length: Literal["exact", "unknown", "omit"] = attrs.field(
        default="exact", validator=attrs.validators.in_(("exact", "unknown", "omit"))
    )
    """``"exact"`` answers ``tracks 0-19/21``, ``"unknown"`` ``tracks 0-19/*`` (a length the
    server does not know, allowed by the page's format), ``"omit"`` ``tracks 0-19``
    (the page's own example). In the last two a 416 carries no ``Content-Range``."""
    ignore: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    """Answer every list ``200`` with all its items and no ``Content-Range``, as a server
    (or proxy) that ignores ``Range`` does."""
    default_window: int = attrs.field(
        default=DEFAULT_WINDOW, validator=lambda _, a, v: check_int(a.name, v, minimum=1)
    )
    """Items answered without a ``Range`` header."""
    windows: dict[str, int] = attrs.field(
        factory=dict, validator=lambda _, a, v: _check_windows(a.name, v)
    )
    """Per-operation default windows (``PATHS`` key -> items), over :attr:`default_window`;
    each an ``int`` from 1, checked when set and again when used (the dict may be changed
    in place)."""


def _check_windows(name: str, windows: Any) -> None:
    if not isinstance(windows, dict):
        raise TypeError(f"{name} must be a dict of PATHS key -> items")
    for key, size in windows.items():
        check_int(f"{name}[{key!r}]", size, minimum=1)


def _window(request: httpx.Request, unit: str, default: int) -> tuple[int, int]:
    raw = request.headers.get("range")
    if raw is None:
        return 0, default - 1
    match = _RANGE.fullmatch(raw)
    named = match or _UNIT.match(raw)
    # Range units are case-insensitive (RFC 9110 14.1): "Tracks=0-4" asks for tracks.
    if named is not None and named.group(1).lower() != unit.lower():
        raise _bad_range(unit, f"this list is paged in {unit}, not {named.group(1)}")
    if match is None:
        raise _bad_range(unit, f"expected {unit}=<first>-<last>, got {raw[:60]!r}")
    return to_int(match.group(2)), to_int(match.group(3))


def _bad_range(unit: str, description: str) -> Exception:
    """The 400 for a malformed ``Range`` or one in another unit."""
    details = {"parameter": "Range", "unit": unit}
    return fail(400, "validation_error", f"Range: {description}", details, {"Accept-Ranges": unit})


def respond(
    request: httpx.Request,
    *,
    key: str,
    items: Sequence[Any],
    wrap: Callable[[list[Any]], Any],
    settings: RangeSettings,
    unit: str | None = None,
) -> httpx.Response:
    """Answer one window of ``items`` (see the module docs).

    Args:
        request: The list request (its ``Range`` header is read).
        key: The operation's ``PATHS`` key (its unit and default window).
        items: Every item of the collection, in order.
        wrap: Builds the body from the window's items, e.g.
            ``lambda page: {"tracks": page}``.
        settings: The fake's :class:`RangeSettings`.
        unit: The unit, when not the one :data:`UNITS` names for ``key``.

    Returns:
        The 206 (or, with ``settings.ignore``, 200) response.

    Raises:
        beatkit.testing._app.Abort: 400 for a malformed ``Range`` or another unit, 416
            for a window that starts past the end or after its own end.
    """
    unit = unit or UNITS[key]
    if settings.ignore:
        return FakeService.json_response(wrap(list(items)))
    default = settings.windows.get(key, settings.default_window)
    # Checked here too: ranges.windows[key] = 0 would answer every Range-less request
    # 416, the end of the list to a client, and a test would see an empty list.
    check_int(f"windows[{key!r}]", default, minimum=1)
    first, last = _window(request, unit, default)
    length = len(items)
    empty_start = length == 0 and first == 0
    if first > last or (first >= length and not empty_start):
        headers = {"Accept-Ranges": unit}
        if settings.length == "exact":
            headers["Content-Range"] = f"{unit} */{length}"
        body = error_body(
            "range_not_satisfiable",
            f"Range {unit}={first}-{last} is not satisfiable",
            {"parameter": "Range", "unit": unit},
        )
        return FakeService.json_response(body, 416, headers)
    total = {"exact": f"/{length}", "unknown": "/*", "omit": ""}[settings.length]
    headers = {"Accept-Ranges": unit, "Content-Range": f"{unit} {first}-{last}{total}"}
    return FakeService.json_response(wrap(list(items[first : last + 1])), 206, headers)
