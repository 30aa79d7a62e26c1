"""The BeatConnect converters: JSON names already match the models, so the shared hooks suffice."""

from __future__ import annotations

from typing import TYPE_CHECKING

import cattrs

from beatkit._core.converter import make_converter
from beatkit._core.lazy import built_on_first_use

__all__ = ["converter", "strict_converter"]

# BeatConnect documents JSON numbers throughout: numeric text is refused, not guessed at.
converter = make_converter(text_numbers=False)
"""Lenient; unknown keys are kept in each model's ``extra``."""

get_strict_converter, _getattr = built_on_first_use(
    __name__, "strict_converter", lambda: make_converter(strict=True, text_numbers=False), globals()
)
"""The strict converter, built on first call (a lenient client never needs it)."""

if TYPE_CHECKING:
    strict_converter: cattrs.Converter
    """Strict; unknown keys raise, so API drift shows up in tests."""
else:
    __getattr__ = _getattr
