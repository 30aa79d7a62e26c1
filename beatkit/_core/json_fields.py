"""The text values of named fields in JSON, at any depth and in document order.

For the credentials a request's body carries (:mod:`beatkit._core.redact`) and the
values a Beat Technology batch carries under another API's names. Walked with a stack,
not recursion: a body json wrote (from Python 3.12 on) may be nested deeper than
Python's recursion limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

__all__ = ["field_values", "text_field_values"]


_STRING_PAIR = re.compile(r'("(?:[^"\\]|\\.)*")\s*:\s*("(?:[^"\\]|\\.)*")')


def text_field_values(text: str, names: Collection[str]) -> list[str]:
    """The text values of the fields named ``names`` in JSON ``text``, found by their
    ``"key": "value"`` pairs, in document order: for JSON too deep to parse."""
    found: list[str] = []
    for match in _STRING_PAIR.finditer(text):
        try:
            key, value = json.loads(match[1]), json.loads(match[2])
        except ValueError:
            continue
        if key.lower() in names:
            found.append(value)
    return found


def field_values(value: Any, keys: Collection[str]) -> list[str]:
    """The text values of the fields named ``keys`` at any depth of a JSON value.

    For values to mark with :func:`~beatkit._core.redact.mark_secret_values` that a
    request carries inside its body under names of another API (a Beat Technology
    batch's subrequests).

    Args:
        value: Parsed JSON (mappings, lists, scalars).
        keys: Field names, compared case-insensitively.

    Returns:
        The values of those fields that are text, in document order.
    """
    found: list[str] = []
    _collect(value, {key.lower() for key in keys}, found)
    return found


def _collect(value: Any, names: Collection[str], found: list[str]) -> None:
    # A stack of the (key, item) pairs still to read at each level, not recursion: a
    # body json wrote (from Python 3.12 on) may be nested deeper than Python's
    # recursion limit, and an error answer to it must not become a RecursionError.
    stack: list[Iterator[tuple[object, Any]]] = [iter([(None, value)])]
    while stack:
        for key, item in stack[-1]:
            if isinstance(key, str) and key.lower() in names and isinstance(item, str):
                found.append(item)
            elif isinstance(item, Mapping):
                stack.append(iter(item.items()))
                break
            elif isinstance(item, list):
                stack.append((None, element) for element in item)
                break
        else:
            stack.pop()
