"""A model's structure hook reads each object's absent optional keys and unknown keys
afresh, whatever shape the object structured before it had (it reuses what it found for
the last object only when the next one has the same keys in the same order)."""

from __future__ import annotations

from typing import Any

import pytest
from attrs import frozen

from beatkit._core.converter import make_converter
from beatkit._core.model import ExactModel, Model


@frozen(kw_only=True)
class _Exact(ExactModel):
    a: int | None = None
    b: str | None = None


@frozen(kw_only=True)
class _Plain(Model):
    a: int | None = None
    b: str | None = None


@frozen(kw_only=True)
class _Other(ExactModel):
    """Another model on the same converter: its own optional keys (``b`` is unknown)."""

    a: int | None = None
    c: str | None = None


# Shapes in a row: repeated, reordered, the same number of keys but other ones, with an
# unknown key and without, and empty.
SHAPES: list[dict[str, Any]] = [
    {},
    {"a": 1},
    {"a": 2},
    {"b": "y"},
    {"zz": 5},
    {},
    {"b": "x", "a": 1},
    {"a": 1, "b": "x"},
    {"a": 1, "zz": 6},
    {"a": 1, "b": "x"},
    {"a": 1, "b": "x", "zz": 3},
    {"a": 1, "b": "x"},
    {"zz": 3},
    {"zz": 4},
    {},
]


def _round_trip(converter: Any, model: type[Model], obj: dict[str, Any]) -> None:
    declared = [a.name for a in model.__attrs_attrs__ if a.name in ("a", "b", "c")]
    instance = converter.structure(obj, model)
    assert instance.extra == {k: v for k, v in obj.items() if k not in declared}
    back = converter.unstructure(instance)
    if issubclass(model, ExactModel):
        assert back == obj
    else:
        assert back == {**dict.fromkeys(declared), **obj}


@pytest.mark.parametrize("model", [_Exact, _Plain])
def test_each_object_gets_its_own_absent_and_unknown_keys(model: type[Model]) -> None:
    converter = make_converter()
    for obj in SHAPES + SHAPES[::-1]:
        _round_trip(converter, model, obj)


def test_models_on_one_converter_keep_their_own_shapes() -> None:
    converter = make_converter()
    for obj in SHAPES + SHAPES[::-1]:
        for model in (_Exact, _Other, _Plain):
            _round_trip(converter, model, obj)
