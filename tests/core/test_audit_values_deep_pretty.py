"""A model holding deeply nested JSON is shown in IPython without an error or a wait.

``_repr_pretty_`` broke every list and dict that did not fit the width onto lines of
their own, at every depth, working out the ``repr`` of each level again: free-form
JSON nested 400 levels deep (BeatPass's backstage ``data``) took seconds and a
megabyte of indentation, and 700 levels raised ``RecursionError`` in the notebook.
Below a few levels the value is shown as its ``repr``, on one line.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from beatkit.beatpass.models import BackstageRequest


class Printer:
    """The part of IPython's ``RepresentationPrinter`` that ``_repr_pretty_`` uses."""

    def __init__(self, max_width: int = 79) -> None:
        self.max_width = max_width
        self.out = ""

    def text(self, text: str) -> None:
        self.out += text

    def break_(self) -> None:
        self.out += "\n"


def _shown(value: Any) -> str:
    printer = Printer()
    value._repr_pretty_(printer, False)
    return printer.out


def _flat(text: str) -> str:
    """The one-line form of a broken layout: the line breaks and indents taken out."""
    text = re.sub(r"([(\[{])\n *", r"\1", text)
    text = re.sub(r",\n *([)\]}])", r"\1", text)
    return re.sub(r",\n *", ", ", text)


def _deep(depth: int) -> Any:
    value: Any = {"leaf": "x" * 100}
    for level in range(depth):
        value = [value] if level % 2 else {"level": level, "next": value}
    return value


@pytest.mark.parametrize("depth", [400, 700])
def test_a_deep_payload_is_shown_as_its_repr_in_bounded_lines(depth: int) -> None:
    model = BackstageRequest(id=1, data={"nested": _deep(depth)})
    shown = _shown(model)
    assert _flat(shown) == repr(model)
    lines = shown.split("\n")
    assert len(lines) < 40
    assert max(len(line) - len(line.lstrip(" ")) for line in lines) <= 4 * 12


def test_a_shallow_payload_is_still_broken_into_lines() -> None:
    model = BackstageRequest(id=1, data={"nested": _deep(3)})
    shown = _shown(model)
    assert _flat(shown) == repr(model)
    assert len(shown.split("\n")) > 5
