"""The BeatConnect converters: JSON names already match the models, so the shared hooks suffice."""

from __future__ import annotations

from beatkit._core.converter import make_converter

__all__ = ["converter", "strict_converter"]

# BeatConnect documents JSON numbers throughout: numeric text is refused, not guessed at.
converter = make_converter(text_numbers=False)
"""Lenient; unknown keys are kept in each model's ``extra``."""

strict_converter = make_converter(strict=True, text_numbers=False)
"""Strict; unknown keys raise, so API drift shows up in tests."""
