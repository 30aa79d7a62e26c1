"""The walk that finds an object key that is not text, in every container JSON writes.

It runs on every JSON body, so it checks exact container types (those ``json.dumps``
accepted) rather than the ``Mapping`` ABC; these pin that no container a body may hold
is skipped by that: dict subclasses, tuples, lists of lists, and that the key named is
the one the original ABC walk named.
"""

from __future__ import annotations

import enum
import random
from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from typing import Any

import pytest

from beatkit._core.http import _non_text_key
from tests.core.test_json_body_keys import build


class Color(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    ONE = 1


class MyList(list[Any]):
    pass


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (OrderedDict([("a", 1), (2, "hunter2")]), "int"),
        ({"d": defaultdict(int, {Level.ONE: 3})}, "Level"),
        ({"t": ({"ok": 1}, ({None: "hunter2"},))}, "NoneType"),
        ([[[{"x": [{b"k": 1}]}]]], "bytes"),
        ({"l": MyList([{3.5: 1}])}, "float"),
    ],
)
def test_a_key_in_any_container_json_writes_is_refused(body: Any, kind: str) -> None:
    with pytest.raises(TypeError, match=rf"^t\.op: the JSON body cannot be written: .*{kind}"):
        build(body)


def test_text_subclass_keys_and_scalar_bodies_are_sent() -> None:
    assert build({Color.RED: [1, (2, {"x": None})]}).content == b'{"red":[1,[2,{"x":null}]]}'
    assert build("text").content == b'"text"'
    assert build(7).content == b"7"


def _abc_walk(value: Any) -> str | None:
    """The walk as first written (every item queued, objects found by the ABC)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, Mapping):
            for key, inner in item.items():
                if not isinstance(key, str):
                    return type(key).__name__
                pending.append(inner)
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return None


def _random_body(rng: random.Random, depth: int) -> Any:
    pick = rng.random()
    if depth == 0 or pick < 0.3:
        return rng.choice(["s", 1, 2.5, None, True])
    if pick < 0.65:
        keys: list[Any] = ["a", "b", "c", 1, None, 2.5, False]
        weights = [8, 8, 8, 1, 1, 1, 1]
        return {
            rng.choices(keys, weights)[0]: _random_body(rng, depth - 1)
            for _ in range(rng.randint(0, 4))
        }
    items = [_random_body(rng, depth - 1) for _ in range(rng.randint(0, 4))]
    return tuple(items) if rng.random() < 0.3 else items


def test_the_key_named_is_the_one_the_abc_walk_named() -> None:
    rng = random.Random(20261206)
    found = 0
    for _ in range(2000):
        body = _random_body(rng, 5)
        expected = _abc_walk(body)
        found += expected is not None
        assert _non_text_key(body) == expected
    assert 100 < found < 1900  # both outcomes well exercised
