"""Catalogue identifiers checked before sending: optional ids, ISBNs and UPC/EAN codes."""

from __future__ import annotations

import re
from typing import Any, Final

from beatkit._core.validate import check_text
from beatkit.beattech.context import text_id

__all__ = ["isbn", "optional_id", "upc"]

_ISBN: Final = re.compile(r"[0-9]{13}|[0-9]{9}[0-9Xx]")
_UPC: Final = re.compile(r"[0-9]{8,14}")


def optional_id(name: str, value: Any) -> str | None:
    """``None``, or an id as text (see :func:`~beatkit.beattech.context.text_id`)."""
    return None if value is None else text_id(name, value)


def isbn(name: str, value: Any) -> str:
    """An ISBN-10 or ISBN-13 as the API looks it up: digits (and a final ``X``), no hyphens.

    ``"978-82-421-8071-1"`` -> ``"9788242180711"``. The check digit is left to the API
    (a wrong one finds nothing).

    Raises:
        TypeError: Neither text nor an int.
        ValueError: A negative int, or not 10 or 13 digits once hyphens and spaces are
            dropped.
    """
    # text_id refuses a negative int: its "-" would be dropped below as a hyphen.
    text = text_id(name, value) if isinstance(value, int) and not isinstance(value, bool) else value
    digits = check_text(name, text).replace("-", "").replace(" ", "")
    if not _ISBN.fullmatch(digits):
        raise ValueError(f"{name} must be an ISBN-10 or ISBN-13, not {text!r}")
    return digits.upper()


def upc(name: str, value: Any) -> str:
    """A UPC or EAN code: 8 to 14 digits, as text.

    Raises:
        TypeError: Not text (an int would have lost the code's leading zeros).
        ValueError: Not 8 to 14 digits.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str: its leading zeros are part of it")
    if not _UPC.fullmatch(value):
        raise ValueError(f"{name} must be 8 to 14 digits, not {value!r}")
    return value
