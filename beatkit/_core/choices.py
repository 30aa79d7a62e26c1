"""Structure hooks for plain enums and ``Literal`` types: a value of their listed JSON type.

cattrs calls a plain enum (``Level(True)`` finds ``Level.ONE``) and checks a
``Literal`` with ``in`` (``True in (1,)``): both by Python equality, which mixes JSON
types. These hooks take only a value of the listed value's JSON type (an integer may
stand for an equal float), so a decoded value is what the API sent or an error.
:func:`beatkit._core.converter.make_converter` registers them.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, Literal, get_args, get_origin

import cattrs

from beatkit._core.json_values import JSONTypeError, json_type

__all__ = ["is_literal", "is_plain_enum", "literal_factory", "plain_enum_factory"]


def _same_json_type(value: Any, listed: Any) -> bool:
    """Whether ``value`` is of the JSON type of ``listed`` (an enum's or a literal's value):
    Python finds ``1`` by ``True`` and ``1.0``; JSON tells them apart. An integer may
    stand for an equal float, as a ``float`` field takes one."""
    found, wanted = json_type(value), json_type(listed)
    return found == wanted or (found == "integer" and wanted == "number")


def is_plain_enum(tp: Any) -> bool:
    """An enum that is neither a ``str`` nor an ``int`` (those use the str and int hooks)."""
    return isinstance(tp, type) and issubclass(tp, Enum) and not issubclass(tp, str | int)


def plain_enum_factory(tp: Any, _: cattrs.Converter) -> Callable[[Any, Any], Any]:
    expected = f"one of the {tp.__name__} values"
    members = list(tp)

    def structure(value: Any, _: Any) -> Any:
        try:
            member = tp(value)
        except Exception:
            if any(_same_json_type(value, m._value_) for m in members):
                raise  # a value of the right type the enum lacks: the enum's own error
            raise JSONTypeError(expected, value) from None
        if not _same_json_type(value, member._value_):
            raise JSONTypeError(expected, value)
        return member

    return structure


def is_literal(tp: Any) -> bool:
    return get_origin(tp) is Literal


def literal_factory(tp: Any, _: cattrs.Converter) -> Callable[[Any, Any], Any]:
    listed = get_args(tp)
    # The schema's values, never the value sent (which may be private).
    expected = "one of " + ", ".join(repr(getattr(v, "_value_", v)) for v in listed)

    def structure(value: Any, _: Any) -> Any:
        for candidate in listed:
            try:
                same = bool(value == candidate)
            except Exception:  # a comparison that raises is no match
                same = False
            if same and _same_json_type(value, candidate):
                return candidate
        raise JSONTypeError(expected, value)

    return structure
