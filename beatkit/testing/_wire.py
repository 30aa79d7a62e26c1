"""What the fakes read and write alike: package data, bearer tokens, forms, pages, rate limits."""

from __future__ import annotations

import functools
import json
import math
import random
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Protocol
from urllib.parse import parse_qs

import httpx

from beatkit._core.validate import check_int, check_number

__all__ = [
    "DIGITS",
    "Limited",
    "RateLimit",
    "bearer",
    "check_fake",
    "host_port",
    "last_page",
    "load_data",
    "page_url",
    "random_uuid",
    "read_form",
    "read_json",
    "read_multipart",
    "request_host",
    "timestamp",
    "to_int",
]

DIGITS = re.compile(r"[0-9]+")
"""A run of ASCII digits (``str.isdigit`` accepts other scripts' digits too)."""


_MAX_DIGITS = 4000
"""The longest number :func:`to_int` reads exactly; below CPython's default limit of 4300
digits for ``int(str)`` and ``str(int)``, so that what it returns can be printed too."""
_SATURATED = 10**_MAX_DIGITS


def to_int(text: str) -> int:
    """``int(text)`` for a decimal number the caller has checked, of any length.

    ``int()`` refuses a number of more than 4300 digits (CPython's guard against slow
    conversions) with a ``ValueError`` that escaped the fakes' handlers, where a
    server answers the id or page as one too large. A number of more than 4000
    significant digits reads as ``10**4000`` (with its sign): larger than any id, page
    or size a fake holds, and still printable in an error message.

    Args:
        text: An optional ``-`` and ASCII digits.

    Returns:
        The number.

    Raises:
        ValueError: ``text`` is not such a number (as from ``int``).
    """
    negative = text.startswith("-")
    digits = (text[1:] if negative else text).lstrip("0") or "0"
    saturated = len(digits) > _MAX_DIGITS and DIGITS.fullmatch(digits)
    value = _SATURATED if saturated else int(digits)
    return -value if negative else value


@functools.cache
def load_data(package: str, name: str) -> Any:
    """A JSON file of a fake's ``data/`` folder, read once: share it, never change it.

    Args:
        package: The fake's package, e.g. ``"beatkit.testing.beatport"``.
        name: The file name, e.g. ``"tables.json"``.

    Returns:
        The parsed JSON.
    """
    return json.loads(resources.files(package).joinpath("data", name).read_text("utf-8"))


def timestamp(moment: float | datetime, suffix: str = "Z") -> str:
    """An ISO 8601 UTC time to the second, e.g. ``2023-04-15T12:34:56Z`` (or another ``suffix``).

    Args:
        moment: Epoch seconds or an aware datetime.
        suffix: What follows the seconds: ``"Z"``, Laravel's ``".000000Z"``, ``"+00:00"``...

    Returns:
        The timestamp.
    """
    if not isinstance(moment, datetime):
        moment = datetime.fromtimestamp(moment, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + suffix


def check_fake(seed: Any, clock: Any) -> None:
    """Check the arguments every fake takes: an ``int`` seed (``None`` would seed from
    the system: other data on each run) and a callable clock.

    Raises:
        TypeError: ``seed`` is not an ``int`` or ``clock`` not callable.
    """
    check_int("seed", seed)
    if not callable(clock):
        raise TypeError(f"clock must be callable, got {type(clock).__name__}")


def random_uuid(rng: random.Random) -> str:
    """A version 4 UUID drawn from ``rng`` (so one seed always gives the same ids)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def host_port(url: httpx.URL) -> tuple[str, int]:
    """A URL's host and port (the scheme's default when it names none)."""
    return url.host, url.port or (443 if url.scheme == "https" else 80)


def request_host(request: httpx.Request) -> tuple[str, int]:
    """The host and port the client addressed (its ``Host`` header, as a server reads it);
    the request URL's when ``Host`` is missing or not a host and port (``a:b:c``), as the
    socket server then builds that URL from its bound address."""
    raw = request.headers.get("host")
    if raw:
        try:
            return host_port(httpx.URL(f"{request.url.scheme}://{raw}/"))
        except httpx.InvalidURL:
            pass
    return host_port(request.url)


def bearer(request: httpx.Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or ``None`` for another scheme."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


MAX_JSON_DEPTH = 512
"""The deepest nesting the fakes read, PHP's ``json_decode`` default (the BeatPass and
Beat Technology servers' own limit)."""


def _strict_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_json(content: bytes | str) -> Any:
    """A JSON body as a strict server reads it: ``ValueError`` for anything it cannot.

    ``json.loads`` alone reads more than the APIs do, and what it reads the fakes
    could not answer: ``NaN``, ``Infinity`` and numbers too large for a float (read as
    infinity) are sent back as invalid JSON, a lone surrogate (``"\\ud800"``) cannot be
    encoded as UTF-8 in the answer, and deep nesting raises ``RecursionError``.

    Args:
        content: The body.

    Returns:
        The parsed value.

    Raises:
        ValueError: The body is not JSON, nests deeper than :data:`MAX_JSON_DEPTH`, or
            holds one of the above.
    """
    try:
        data = json.loads(content, parse_constant=_strict_constant)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    # Walked with a stack, not recursively: the value may nest almost to the limit.
    # The depth is checked here too: how deep json.loads goes depends on the
    # interpreter's recursion limit, which a test runner may have raised.
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list) and depth > MAX_JSON_DEPTH:
            raise ValueError("JSON nested too deeply")
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("JSON holds a lone surrogate") from None
        elif isinstance(value, float) and not math.isfinite(value):
            raise ValueError("JSON number out of range")
    return data


def read_form(request: httpx.Request) -> dict[str, str]:
    """A urlencoded body, the last value of each field."""
    decoded = request.content.decode("utf-8", "replace")
    return {k: v[-1] for k, v in parse_qs(decoded, keep_blank_values=True).items()}


_FORM_ESCAPE = re.compile(r"%([01][0-9A-F]|22)|\\(\\)")
"""What httpx escapes in a part's name (HTML's form encoding); a quote and the control
characters as ``%XX``, a backslash doubled."""


def _form_unescape(value: str) -> str:
    """A part's ``name`` or ``filename`` as the client had it (``%22`` is a quote)."""
    return _FORM_ESCAPE.sub(lambda m: m.group(2) or chr(int(m.group(1), 16)), value)


def read_multipart(request: httpx.Request) -> dict[str, tuple[str | None, str | None, bytes]]:
    """A multipart/form-data body as ``{field: (filename, content_type, bytes)}``.

    Empty when the request is not multipart (no boundary); a field sent twice keeps
    its last part.
    """
    match = re.search(r'boundary="?([^";]+)"?', request.headers.get("Content-Type", ""))
    if match is None:
        return {}
    fields: dict[str, tuple[str | None, str | None, bytes]] = {}
    for part in request.content.split(b"--" + match.group(1).encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, body = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        # Clients write the part's names in UTF-8 (HTML's form encoding), not Latin-1.
        headers = head.decode("utf-8", "replace")
        name = re.search(r'\bname="([^"]*)"', headers)
        if name is None:
            continue
        filename = re.search(r'\bfilename="([^"]*)"', headers)
        content_type = re.search(r"(?im)^content-type:\s*([^\r\n;]+)", headers)
        fields[_form_unescape(name.group(1))] = (
            None if filename is None else _form_unescape(filename.group(1)),
            None if content_type is None else content_type.group(1).strip(),
            body.removesuffix(b"\r\n"),
        )
    return fields


def last_page(total: int, size: int) -> int:
    """The last page number of ``total`` items, ``size`` to a page (1 when there are none)."""
    return max(1, math.ceil(total / size))


def page_url(request: httpx.Request, page: int) -> str:
    """The request's URL with its ``page`` parameter set, the others kept in their order."""
    return str(request.url.copy_set_param("page", str(page)))


class Limited(Protocol):
    """A fake with a rate limit: its settings and its clock."""

    rate_limit: int
    rate_limit_window: float
    clock: Callable[[], float]


class RateLimit:
    """Fixed rate-limit windows, one a caller, of ``fake.rate_limit`` requests each.

    A window starts at a caller's first request and resets, on a whole second, at
    ``ceil(start + fake.rate_limit_window)``. The settings and ``fake.clock`` are read
    on each request, so a test may change them between requests.

    Args:
        fake: The fake whose settings apply; they are checked here, as the fake is built.

    Raises:
        TypeError: ``rate_limit`` is not an ``int`` or ``rate_limit_window`` not a
            number.
        ValueError: ``rate_limit`` is below 1, or ``rate_limit_window`` is not a
            positive, finite number of seconds.
    """

    def __init__(self, fake: Limited) -> None:
        check_int("rate_limit", fake.rate_limit, minimum=1)
        check_number("rate_limit_window", fake.rate_limit_window)
        self._fake = fake
        self._windows: dict[str, tuple[int, int]] = {}

    def _window(self, caller: str, now: float) -> tuple[int, int]:
        reset, remaining = self._windows.get(caller, (0, 0))
        if now >= reset:
            reset, remaining = math.ceil(now + self._fake.rate_limit_window), self._fake.rate_limit
            self._windows[caller] = reset, remaining
        return reset, remaining

    def take(self, caller: str = "") -> int | None:
        """Count one request; ``None``, or the seconds to wait when the window is used up."""
        now = self._fake.clock()
        reset, remaining = self._window(caller, now)
        if remaining <= 0:
            return max(1, math.ceil(reset - now))
        self._windows[caller] = reset, remaining - 1
        return None

    def headers(self, caller: str = "", response: httpx.Response | None = None) -> dict[str, str]:
        """The ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` headers of a window.

        A 429 ``response`` says the window is used up: none remaining, and (for an
        injected 429, the window not used up) a reset when its ``Retry-After`` says.
        """
        now = self._fake.clock()
        reset, remaining = self._window(caller, now)
        if response is not None and response.status_code == 429 and remaining > 0:
            remaining = 0
            wait = response.headers.get("Retry-After", "")
            # to_int: int() refuses more than 4300 digits, and a test may send that many.
            reset = int(now) + to_int(wait) if DIGITS.fullmatch(wait) else reset
        return {
            "X-RateLimit-Limit": str(self._fake.rate_limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
        }
