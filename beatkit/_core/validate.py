"""Argument checks run before a request is built: wrong input fails here, not at the server."""

from __future__ import annotations

import inspect
import math
import re
import sys
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar

__all__ = [
    "check_callback",
    "check_callback_result",
    "check_choice",
    "check_int",
    "check_items",
    "check_number",
    "check_seconds",
    "check_text",
    "has_lone_surrogate",
    "header_name_problem",
    "bearer_token_problem",
    "is_bearer_token",
    "is_header_value",
    "shown_number",
    "writable_int",
]

F = TypeVar("F")

MAX_TIMEOUT = 365 * 24 * 3600.0
"""The longest timeout of one phase, a year, in seconds. A socket takes nothing past
about 9.2e9 s (less on some platforms) and fails with a bare ``OverflowError`` at the
first request; ``None`` in an ``httpx.Timeout`` is the way to say "no limit"."""

# Visible ASCII with single spaces or tabs inside: what an HTTP/1.1 field value carries
# as text. httpx refuses a control character only while sending, quoting the whole
# header (a token) in its error, and cannot encode non-ASCII text at all.
_HEADER_VALUE = re.compile(r"(?:[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*)?")


# A code point UTF-8 has no form for: in a Python str, every surrogate is a lone one.
_SURROGATE = re.compile("[\ud800-\udfff]")

_BEARER_TOKEN = re.compile(r"[\x21-\x7e]+")


def is_bearer_token(value: str) -> bool:
    """Whether ``value`` can be sent as ``Authorization: Bearer <value>``: visible ASCII,
    no whitespace (RFC 6750's token has none), not empty.

    A line break inside a token read from a file, a space from a copy and paste, or a
    non-ASCII letter fail here, before anything is sent and without the value being shown.
    """
    return _BEARER_TOKEN.fullmatch(value) is not None


def bearer_token_problem(value: str) -> str | None:
    """Why ``value`` cannot be sent as ``Authorization: Bearer <value>``, in words that
    never show it (to follow the name of where it came from), or ``None`` if it can.

    A token copied with its scheme (``"Bearer eyJ..."``, a header copied whole) is told
    to drop the scheme; anything else :func:`is_bearer_token` refuses is named by kind.
    """
    if is_bearer_token(value):
        return None
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer" and rest.strip():
        return (
            "starts with 'Bearer ': pass the token alone, without the 'Bearer ' in front "
            "(beatkit adds it)"
        )
    return (
        "has a character an Authorization header cannot carry (whitespace, a line break, a "
        "control character, non-ASCII): check that it was copied whole and alone"
    )


def is_header_value(value: str) -> bool:
    """Whether ``value`` can go in an HTTP header as it is (empty counts).

    No control character (a line break, NUL, DEL), no leading or trailing whitespace,
    ASCII only: checked before sending, so the value never reaches an error message.
    """
    return _HEADER_VALUE.fullmatch(value) is not None


# RFC 9110's token: what a header name is.
_NAME_CHARS = r"!#$%&'*+\-.^_`|~0-9A-Za-z"
_HEADER_NAME = re.compile(f"[{_NAME_CHARS}]+")
_NOT_TOKEN = re.compile(f"[^{_NAME_CHARS}]")
_SHOWN_NAME_LENGTH = 40


def header_name_problem(name: str) -> str | None:
    """What keeps ``name`` from being an HTTP header name (an RFC 9110 token), or ``None``.

    The message says which kind of character is wrong and its position (from 1). The
    name itself is shown only when it is short and plausibly a mistyped name (its only
    faults are non-ASCII letters, or one trailing colon): ``X-Tok SEKRET3`` (a space
    inside) may be a name with a token typed into it, and is not shown.

    Args:
        name: A header name.

    Returns:
        ``None`` for a valid name, else a message starting with ``header name``.
    """
    if _HEADER_NAME.fullmatch(name):
        return None
    if not name:
        return "header name '' is empty"
    bad = [(index, char) for index, char in enumerate(name) if _NOT_TOKEN.fullmatch(char)]
    index, char = bad[0]
    plausible = len(name) <= _SHOWN_NAME_LENGTH and all(
        c.isalnum() or (c == ":" and i == len(name) - 1) for i, c in bad
    )
    shown = repr(name) if plausible else "(not shown)"
    return (
        f"header name {shown} is not a valid HTTP header name: {_char_kind(char)} at "
        f"position {index + 1} (a name is ASCII letters, digits and !#$%&'*+-.^_`|~)"
    )


def _char_kind(char: str) -> str:
    """The kind of a character a header name cannot hold, naming it only if harmless."""
    if char == " ":
        return "a space"
    if char == "\t":
        return "a tab"
    if not char.isascii():
        return "a non-ASCII character"
    if not char.isprintable():
        return "a control character"
    return f"a separator ({char!r})"


_SHOWN_DIGITS = 50
_LOG10_2 = 0.30102999566398120


def _digits(value: int) -> int:
    """How many decimal digits ``abs(value)`` has, without ``str()`` (which refuses an
    int of more than 4300 digits)."""
    magnitude = abs(value)
    if magnitude < 10:
        return 1
    count = int((magnitude.bit_length() - 1) * _LOG10_2) + 1
    return count + 1 if magnitude >= 10**count else count


def shown_number(value: int | float) -> str:
    """A number as an error message shows it: its digits, or the size of an int too long
    to read (``str()`` refuses one of more than 4300 digits with a ``ValueError`` of its own).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        count = _digits(value)
        if count > _SHOWN_DIGITS:
            return f"an int of {count} digits"
    return str(value)


def writable_int(name: str, value: int) -> int:
    """Return ``value`` if Python writes it as text, as a path, a query or a JSON body
    needs it.

    ``str()`` refuses an int of more digits than ``sys.get_int_max_str_digits()`` (4300
    unless the process lowers or lifts it) with a ``ValueError`` of its own that names
    no argument; this one names ``name``.

    Raises:
        ValueError: ``value`` has more digits than that limit.
    """
    limit = sys.get_int_max_str_digits()
    # An int of at most 3 * limit bits has fewer digits than the limit (a digit takes
    # log2(10) > 3 bits): only a longer one pays for the exact test, the process's own.
    if limit and value.bit_length() > 3 * limit:
        try:
            str(value)
        except ValueError:
            raise ValueError(
                f"{name} is too long to send: an int of {_digits(value)} digits, more than the "
                f"{limit} Python writes an int with"
            ) from None
    return value


def check_int(
    name: str, value: Any, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return ``value`` if it is an int within bounds that Python can write as text.

    Raises:
        TypeError: Not an ``int`` (``bool`` is refused too: ``True`` is not a page number).
        ValueError: Outside ``[minimum, maximum]``, or more digits than Python writes an
            int with (``sys.get_int_max_str_digits()``, 4300 by default; see
            :func:`writable_int`).
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {shown_number(value)}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {shown_number(value)}")
    return writable_int(name, value)


def check_number(
    name: str, value: Any, *, allow_zero: bool = False, allow_inf: bool = False
) -> float:
    """Return ``value`` as a float if it is a positive number (seconds, a rate).

    Args:
        name: The option's name, for the message.
        value: An ``int`` or ``float`` (``bool`` is refused: ``True`` is not a number
            of seconds).
        allow_zero: Accept 0.
        allow_inf: Accept infinity (no bound).

    Raises:
        TypeError: Not an ``int`` or ``float``.
        ValueError: NaN, negative, zero or infinite (unless allowed), or an int too
            large for a float (``float()`` raised ``OverflowError``).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(
            f"{name} is out of range: got {shown_number(value)}, more than a float holds"
        ) from None
    if math.isnan(number):
        raise ValueError(f"{name} must be a number, got nan")
    if math.isinf(number) and not (allow_inf and number > 0):
        raise ValueError(f"{name} must be finite, got {number}")
    if number < 0 or (number == 0 and not allow_zero):
        bound = "must not be negative" if allow_zero else "must be positive"
        raise ValueError(f"{name} {bound}, got {shown_number(value)}")
    return number


def check_seconds(name: str, seconds: object) -> float:
    """Return ``seconds`` of one timeout as a float: positive, finite, at most :data:`MAX_TIMEOUT`.

    Args:
        name: The option's name, for the message.
        seconds: An ``int`` or ``float``.

    Raises:
        TypeError: Not a number.
        ValueError: Not positive, not finite, or past a year.
    """
    number = check_number(name, seconds)
    if number > MAX_TIMEOUT:
        shown = shown_number(seconds) if isinstance(seconds, int) else str(seconds)
        raise ValueError(
            f"{name} must be at most {MAX_TIMEOUT:.0f} seconds (a year), got {shown} "
            "(None in an httpx.Timeout means no limit)"
        )
    return number


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (text decoded with ``surrogateescape``, or
    JSON's ``"\\ud800"``), which UTF-8, and so no request, can carry."""
    # Searched, not encoded: a caught UnicodeEncodeError would stay on an error raised
    # after it as its __context__, the text with it.
    return not text.isascii() and _SURROGATE.search(text) is not None


def check_text(name: str, value: Any, *, allow_blank: bool = False) -> str:
    """Return ``value`` if it is a string (non-blank unless ``allow_blank``).

    Raises:
        TypeError: Not a ``str``.
        ValueError: Blank when a value is required, or holding a lone surrogate (text
            decoded with ``surrogateescape``, as ``os.environ`` is on a system whose
            locale is not UTF-8): no request can carry it, and the encoder's own
            ``UnicodeEncodeError`` (from ``urllib`` in a form body) holds the whole text,
            a password say, in its ``object``. The message never shows the text.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not allow_blank and not value.strip():
        raise ValueError(f"{name} must not be blank")
    if has_lone_surrogate(value):
        raise ValueError(
            f"{name} holds a lone surrogate (text decoded with surrogateescape?), "
            "which UTF-8 cannot encode"
        )
    return value


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` (a str or str enum member) if it is one of ``choices``.

    Raises:
        TypeError: Not a ``str``.
        ValueError: Not one of ``choices``.
    """
    options = tuple(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {', '.join(options)}; got {type(value).__name__}")
    text = str.__str__(value)  # a (str, Enum) member's value, not "Cls.MEMBER"
    if text not in options:
        raise ValueError(f"{name} must be one of {', '.join(options)}; got {text!r}")
    return text


def check_items(value: Any, message: str) -> list[Any]:
    """``value`` as a list, when it is a sequence of items: any iterable but text,
    bytes and a mapping (they iterate, as characters, bytes or keys, but are one value)
    and a set (it iterates in an order of its own: the items go out in order).

    Args:
        value: What the caller passed where several items belong.
        message: The ``TypeError``'s message otherwise.

    Returns:
        The items, in order (an iterator is consumed here, once).

    Raises:
        TypeError: ``value`` is text, bytes, a mapping, a set or not iterable.
    """
    if isinstance(value, str | bytes | Mapping | AbstractSet) or not isinstance(value, Iterable):
        raise TypeError(message)
    return list(value)


def check_callback(name: str, value: F | None, *, takes: str = "one report") -> F | None:
    """``value``, when it is ``None`` or a plain function beatkit can call.

    beatkit calls its callbacks (``progress=``) without awaiting them, from sync and
    async clients alike. Checked up front, a wrong one fails before anything is sent
    or written, not at the first report (after an upload, say); an ``async`` one
    would be called, its coroutine dropped unrun and Python would only warn that it
    was never awaited.

    Args:
        name: The argument's name, for the message.
        value: What the caller passed.
        takes: What the function is called with, for the message.

    Returns:
        ``value`` unchanged.

    Raises:
        TypeError: ``value`` cannot be called, or is an ``async`` function (a
            ``functools.partial`` of one, or an object whose ``__call__`` is one).
    """
    if value is None:
        return None
    if not callable(value):
        raise TypeError(
            f"{name} must be callable (a function taking {takes}), not {type(value).__name__}"
        )
    # iscoroutinefunction sees through functools.partial; an object with an async
    # __call__ is only seen through that method.
    if inspect.iscoroutinefunction(value) or inspect.iscoroutinefunction(
        getattr(value, "__call__", None)  # noqa: B004 - the method itself, not callable()
    ):
        raise TypeError(f"{name} must be a plain function, not an async one")
    return value


def check_callback_result(name: str, result: object) -> None:
    """Refuse what a callback returned when it is awaitable: beatkit never awaits it, so
    the work it stands for would never run (a coroutine is closed first, so Python does
    not warn of it as well).

    Args:
        name: The callback's argument name, for the message.
        result: What it returned.

    Raises:
        TypeError: ``result`` is awaitable.
    """
    if inspect.isawaitable(result):
        if inspect.iscoroutine(result):
            result.close()
        raise TypeError(
            f"{name} returned an awaitable, which is never awaited: pass a plain function"
        )
