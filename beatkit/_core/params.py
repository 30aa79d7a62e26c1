"""Shared builders for the pieces of a request: ids, optional values, comma lists, bodies.

Every resource method checks its arguments with these before anything is sent: a
wrong type raises ``TypeError``, a value out of range ``ValueError``, and the message
names the argument as the caller wrote it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from beatkit._core.json_values import NUMBER_TEXT
from beatkit._core.validate import check_choice, check_int, check_text

__all__ = [
    "MAX_NUMBER_DIGITS",
    "check_id",
    "check_ids",
    "check_sequence",
    "comma_list",
    "fields",
    "joined_ids",
    "json_number",
    "optional_bool",
    "optional_choice",
    "optional_date",
    "optional_int",
    "optional_money",
    "optional_text",
]


def check_id(name: str, value: Any) -> int:
    """A positive integer id.

    Raises:
        TypeError: Not an ``int`` (``bool`` refused).
        ValueError: Below 1, or more digits than Python writes an int with (see
            :func:`~beatkit._core.validate.writable_int`).
    """
    return check_int(name, value, minimum=1)


# Iterable, yet not the caller's items in the caller's order: a mapping yields its keys,
# bytes-like values their bytes (sent as ids 97, 98...), a set an order of its own (a
# reorder, or a URL that changes from run to run).
_NOT_SEQUENCES = (str, bytes, bytearray, memoryview, Mapping, AbstractSet)


def check_sequence(name: str, values: Any, what: str) -> Iterable[Any]:
    """``values`` when it is a sequence of items (a list, tuple, range, generator).

    Args:
        name: The argument's name, for errors.
        values: What the caller passed.
        what: What the argument takes, for errors (``"a sequence of ints"``).

    Returns:
        ``values`` itself.

    Raises:
        TypeError: Not iterable, or text, bytes, a mapping or a set (iterable, yet not
            the caller's items in the caller's order).
    """
    if isinstance(values, _NOT_SEQUENCES) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be {what}, not a {type(values).__name__}")
    return values


def check_ids(name: str, values: Any) -> list[int]:
    """One id or a non-empty sequence of ids (a list, tuple, range, generator), as a list.

    Raises:
        TypeError: Neither an ``int`` nor a sequence of them: text, bytes, a mapping or
            a set is refused (see :func:`check_sequence`).
        ValueError: Empty, or an id below 1 or too long to write (see :func:`check_id`).
    """
    if isinstance(values, int) and not isinstance(values, bool):
        return [check_id(name, values)]
    result = [
        check_id(name, v) for v in check_sequence(name, values, "an int or a sequence of ints")
    ]
    if not result:
        raise ValueError(f"{name} must not be empty")
    return result


def joined_ids(name: str, values: Any) -> str:
    """One id or several, as the comma list a path or query takes (``"1,2,3"``)."""
    return ",".join(str(v) for v in check_ids(name, values))


def comma_list(name: str, values: Any, choices: Iterable[str] | None = None) -> str | None:
    """A string or a sequence of strings as one comma list; ``None`` stays ``None``.

    Args:
        name: The argument's name, for errors.
        values: ``None``, one string, or an iterable of strings.
        choices: When given, every value must be one of them.

    Raises:
        TypeError: Not text, or bytes, a mapping or a set (see :func:`check_sequence`).
        ValueError: A blank value, or one outside ``choices``.
    """
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    values = check_sequence(name, values, "a str or a sequence of str")
    allowed = tuple(choices) if choices is not None else None
    items = [
        check_choice(name, v, allowed) if allowed is not None else check_text(name, v)
        for v in values
    ]
    return ",".join(items) or None


def optional_int(
    name: str, value: Any, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """``None``, or an int within bounds (see :func:`~beatkit._core.validate.check_int`)."""
    return None if value is None else check_int(name, value, minimum=minimum, maximum=maximum)


def optional_text(name: str, value: Any, *, allow_blank: bool = False) -> str | None:
    """``None``, or a string (non-blank unless ``allow_blank``)."""
    return None if value is None else check_text(name, value, allow_blank=allow_blank)


def optional_choice(name: str, value: Any, choices: Iterable[str]) -> str | None:
    """``None``, or one of ``choices`` (a str or a str enum member)."""
    return None if value is None else check_choice(name, value, choices)


def optional_bool(name: str, value: Any) -> bool | None:
    """``None``, or a ``bool`` (``1`` and ``"yes"`` are refused: say ``True``).

    Raises:
        TypeError: Not a ``bool``.
    """
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


def optional_money(name: str, value: Any) -> int | float | str | None:
    """An amount as a JSON number: ``Decimal``, ``int`` or numeric text in JSON's number
    syntax (``"49.99"``, ``"1E+3"``; ``float`` is refused: money is exact).

    The JSON number is the amount's value (``Decimal("199.50")`` is sent as
    ``199.5``, the same number); only an amount a JSON float cannot write exactly (more
    than about 17 significant digits) is sent as plain numeric text.

    Raises:
        TypeError: A ``float``, ``bool`` or other type.
        ValueError: Not a finite, non-negative number, or one of more than
            :data:`MAX_NUMBER_DIGITS` digits written out (``"1e5000"``).
    """
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError(
            f"{name} must be a Decimal, int or numeric str, not a float (a float may "
            f"already have lost the cents): pass Decimal({str(value)!r}) or {str(value)!r}"
        )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(f"{name} must be a Decimal, int or numeric str")
    # JSON's number grammar: Decimal() alone also reads " 49.99", "1_000", "+5" and
    # other scripts' digits ("\u0661\u0662" is 12), numbers the caller did not write.
    if isinstance(value, str) and not NUMBER_TEXT.fullmatch(value):
        raise ValueError(f"{name} is not a number: {value!r}")
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise ValueError(f"{name} is not a number: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{name} must be a finite, non-negative amount")
    return json_number(amount, name)


MAX_NUMBER_DIGITS = 4300
"""The most digits a number is sent with, written out (Python's default limit on turning
an ``int`` into text, which ``json.dumps`` enforces too); no amount comes near it."""


def _written_digits(value: Decimal) -> int:
    """How many digits ``value`` takes written out without an exponent, from its digits
    and exponent alone (``int()`` of ``Decimal("1e999999")`` takes a minute)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if exponent >= 0:
        return len(digits) + exponent
    # Below one, the 0 before the point is written too ("0.05": three digits).
    return len(digits) if len(digits) > -exponent else 1 - exponent


def json_number(value: Decimal, name: str = "the number") -> int | float | str:
    """A finite ``Decimal`` as the JSON number of its value: an ``int`` when whole, a
    ``float`` when one holds it exactly, else plain numeric text.

    ``Decimal("199.50")`` is ``199.5``, the same number; only a value no JSON float
    writes exactly (more than about 17 significant digits) becomes text.

    Args:
        value: The number (finite).
        name: What it is, for the error.

    Raises:
        ValueError: Written out, it takes more than :data:`MAX_NUMBER_DIGITS` digits
            (``1E+5000``, ``1E-5000``), or, whole, more than the process allows an
            ``int`` written as text (``sys.get_int_max_str_digits()``, when lower):
            refused before any such number is built.
    """
    if not value:
        return 0  # a zero, however long its exponent
    written = _written_digits(value)
    whole = written <= MAX_NUMBER_DIGITS and value == value.to_integral_value()
    # An int is written as text only up to the process's limit, which may be lower than
    # the default (sys.set_int_max_str_digits, PYTHONINTMAXSTRDIGITS; 0 is no limit).
    process_limit = sys.get_int_max_str_digits()
    limit = min(MAX_NUMBER_DIGITS, process_limit) if whole and process_limit else MAX_NUMBER_DIGITS
    if written > limit:
        raise ValueError(
            f"{name} is too long to send: {written} digits written out, more than the "
            f"{limit} a JSON number is written with"
        )
    if whole:
        return int(value)
    # The JSON encoder writes a float as repr() does: exact when those digits are the
    # value.
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value, "f")


def optional_date(name: str, value: Any) -> str | None:
    """``None``, or a ``date`` / ``"YYYY-MM-DD"`` as ISO text.

    Raises:
        TypeError: Neither a ``date`` nor text; a ``datetime`` too (its ISO text is no
            date, and which day it falls on depends on a time zone).
        ValueError: Text that is not an ISO date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        raise TypeError(f"{name} must be a date, not a datetime (pass moment.date())")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"{name} must be a date or a YYYY-MM-DD string") from None
    raise TypeError(f"{name} must be a date or a YYYY-MM-DD string")


def fields(extra: Mapping[str, Any] | None = None, /, **values: Any) -> dict[str, Any]:
    """A JSON body: ``extra`` API fields first, then the named values that are not ``None``.

    Raises:
        TypeError: A key of ``extra`` is not a string.
    """
    body: dict[str, Any] = {}
    for key, value in (extra or {}).items():
        if not isinstance(key, str):
            raise TypeError("field names must be strings")
        body[key] = value
    body.update({k: v for k, v in values.items() if v is not None})
    return body
