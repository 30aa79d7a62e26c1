"""A converter's own failures survive pickle, copy and deepcopy.

The service converters are public (``beatkit.beatconnect.converter.converter``), and a
notebook decoding recorded JSON in a ``multiprocessing`` pool gets their exceptions
back through pickle: one that cannot be rebuilt kills the pool's result thread, and
the caller's ``pool.map`` then waits for ever.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from beatkit._core.converter import JSONTypeError, describe_failure
from beatkit.beatconnect.converter import converter, strict_converter
from beatkit.beatconnect.models import Beat

COPIES: list[Callable[[Any], Any]] = [
    lambda exc: pickle.loads(pickle.dumps(exc)),  # noqa: S301  # our own bytes
    copy.copy,
    copy.deepcopy,
]


def _failure(structure: Callable[..., Any]) -> BaseException:
    with pytest.raises((TypeError, ExceptionGroup)) as caught:
        structure({"id": 1, "title": None}, Beat)
    return caught.value


@pytest.mark.parametrize("again", COPIES, ids=["pickle", "copy", "deepcopy"])
def test_json_type_error_keeps_its_attributes(again: Callable[[Any], Any]) -> None:
    exc = JSONTypeError("str", None)
    back = again(exc)
    assert type(back) is JSONTypeError
    assert (back.expected, back.found, str(back)) == ("str", "null", "expected str, got null")


@pytest.mark.parametrize("again", COPIES, ids=["pickle", "copy", "deepcopy"])
@pytest.mark.parametrize("structure", [converter.structure, strict_converter.structure])
def test_a_structuring_failure_comes_back_whole(
    structure: Callable[..., Any], again: Callable[[Any], Any]
) -> None:
    exc = _failure(structure)
    back = again(exc)
    assert type(back) is type(exc)
    assert str(back) == str(exc)
    assert describe_failure(back) == describe_failure(exc)
