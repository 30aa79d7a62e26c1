"""BeatPass's free-form request fields: a write's ``**fields`` and a read's ``**criteria``.

Each is checked and converted as the API (a Laravel application) takes it, before
anything is sent: JSON body values (dates, aware datetimes, ``Decimal`` money, nested
containers) and query values (booleans as ``1``/``0``, comma lists).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from beatkit._core.json_values import unstructure_datetime
from beatkit._core.operation import QueryValue
from beatkit._core.params import json_number
from beatkit._core.validate import writable_int

__all__ = ["json_fields", "json_value", "query_fields"]


def _decimal(name: str, value: Decimal) -> int | float | str:
    """A ``Decimal`` as the JSON number of its value (as text only when no float holds it)."""
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value}")
    return json_number(value, name)


_CONTAINERS = frozenset({dict, list, tuple})
"""The exact container types :func:`json_value` converts first."""

_AS_IS = frozenset({str, int, bool, type(None)})
"""The exact types :func:`json_value` returns unchanged (subclasses, an ``IntEnum`` say,
are as well, by its own checks)."""


def json_value(name: str, value: Any) -> Any:
    """``value`` as the API takes it in a JSON body, or an error naming where it fails.

    A ``date`` becomes ``YYYY-MM-DD``, an aware ``datetime`` ISO 8601 (``Z`` for UTC),
    a ``Decimal`` the JSON number of its value, a tuple a list; mappings and lists are
    converted throughout. The models hand these types out (a credit's ``release_date``,
    a track's ``price``), so what was read can be sent back.

    Args:
        name: The field, for messages (``data['links'][0]`` inside a payload).
        value: What the caller passed.

    Raises:
        TypeError: A value JSON has no form for (a set, an object), a key that is not
            text, or a naive ``datetime`` (which moment it is depends on a time zone).
        ValueError: A NaN or an infinity (not JSON), a container holding itself, or
            nesting deeper than Python's recursion goes (hundreds of levels).
    """
    try:
        return _json_value(name, value, frozenset())
    except RecursionError:  # one call per level: [[[[... deeper than the stack goes
        raise ValueError(f"{name} is nested too deeply to send as JSON") from None


def _json_value(name: str, value: Any, _open: frozenset[int]) -> Any:
    """:func:`json_value`, inside containers already open (``_open``, by id)."""
    if value.__class__ in _CONTAINERS:
        # The common containers first: past the checks of scalar types below.
        return _json_container(name, value, _open)
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value}")
        return value
    if isinstance(value, Decimal):
        return _decimal(name, value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise TypeError(f"{name} is a datetime without a time zone: give it one")
        return unstructure_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping | list | tuple):
        return _json_container(name, value, _open)
    raise TypeError(f"{name} cannot be sent as JSON (a {type(value).__name__})")


def _json_container(
    name: str, value: Mapping[Any, Any] | list[Any] | tuple[Any, ...], _open: frozenset[int]
) -> Any:
    """:func:`json_value` of a mapping, a list or a tuple."""
    if id(value) in _open:
        raise ValueError(f"{name} contains itself")
    inner = _open | {id(value)}
    # An exact dict first: ``isinstance`` against the ``Mapping`` ABC costs more.
    if value.__class__ is dict or isinstance(value, Mapping):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{name} needs text keys, not {key!r}")
            # Text, whole numbers and None are sent as they are: kept here without the
            # call, and the name only an error would need (most of a payload).
            result[key] = (
                item if item.__class__ in _AS_IS else _json_value(f"{name}[{key!r}]", item, inner)
            )
        return result
    return [
        item if item.__class__ in _AS_IS else _json_value(f"{name}[{i}]", item, inner)
        for i, item in enumerate(value)
    ]


def json_fields(given: Mapping[str, Any]) -> dict[str, Any]:
    """The free-form fields of a write (its ``**fields``), each through :func:`json_value`.

    Raises:
        TypeError: A field JSON cannot carry (see :func:`json_value`).
        ValueError: A NaN or an infinity.
    """
    return {name: json_value(name, value) for name, value in given.items()}


def _query_value(name: str, value: Any) -> QueryValue:
    if isinstance(value, bool):
        # 1 / 0: Laravel's boolean rule refuses the text "true" / "false" in a query,
        # and PHP reads a plain "false" as true.
        return int(value)
    if value is None:
        return value
    if isinstance(value, str):
        if not value.strip():
            # Laravel trims it and reads "" as null: no criterion at all.
            raise ValueError(f"{name} must not be blank (leave it out to match any)")
        return value
    if isinstance(value, int):
        return writable_int(name, value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value}")
        return value
    if isinstance(value, list | tuple):
        if not value:
            # Sent as "name=", read as null: every template would match.
            raise ValueError(f"{name} must not be empty (leave it out to match any)")
        for i, item in enumerate(value):
            _list_item(f"{name}[{i}]", item)
        return list(value)
    raise TypeError(f"{name} cannot be sent as a query parameter (a {type(value).__name__})")


def _list_item(name: str, item: Any) -> None:
    """Check one item of a list criterion, which goes out comma-separated."""
    if isinstance(item, bool) or not isinstance(item, str | int):
        raise TypeError(f"{name} must be a str or an int, not a {type(item).__name__}")
    if isinstance(item, int):
        writable_int(name, item)
    elif not item.strip():
        raise ValueError(f"{name} must not be blank")
    elif "," in item:
        raise ValueError(f"{name} holds a comma, which the API would read as two values")


def query_fields(given: Mapping[str, Any]) -> dict[str, QueryValue]:
    """The free-form query parameters of a read (its ``**criteria``), checked.

    Each is text, an ``int``, a ``bool`` (sent as ``1`` or ``0``, as Laravel's
    ``boolean`` rule takes it from a query), a finite ``float``, ``None`` (left out) or a
    non-empty list or tuple of texts and ints (sent comma-separated).

    Raises:
        TypeError: Anything else: a mapping (its keys would be sent), a set (in an
            order of its own), bytes (as the numbers of their bytes), an object.
        ValueError: A NaN or an infinity (``"nan"`` is no criterion), a whole number
            with more digits than Python writes, blank text or an empty list (Laravel
            reads the empty value as no criterion at all: everything would match), or
            a list item that is blank or holds a comma (read as two values).
    """
    return {name: _query_value(name, value) for name, value in given.items()}
