"""Plain enums and ``Literal`` types take a value of the JSON type they list, nothing else.

Python compares ``True == 1`` and ``1.0 == 1``, so looking a value up in a plain enum
(``Level(True)``) or checking it against a ``Literal[1]`` accepts a boolean or a float
where an integer is declared: ``true`` would decode as ``Level.ONE``, and a
``Literal[1]`` field would hold ``True``. The shared converter refuses them, as its
``int`` hook does, with a message that names the JSON type and never the value.
(Open enums, and ``str``/``int`` enums, go through the ``str`` and ``int`` hooks.)
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

import cattrs
import pytest
from attrs import frozen

from beatkit._core.converter import JSONTypeError, describe_failure, make_converter
from beatkit._core.model import Model


class Level(Enum):
    ONE = 1
    HALF = 0.5


class Switch(Enum):
    ON = True


class Colour(Enum):
    RED = "red"


@frozen(kw_only=True)
class Setting(Model):
    level: Level | None = None
    mode: Literal[1, "a"] | None = None


CONVERTERS = [make_converter(), make_converter(strict=True)]


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
@pytest.mark.parametrize(
    ("tp", "value", "expected"),
    [
        (Level, 1, Level.ONE),
        (Level, 0.5, Level.HALF),
        (Switch, True, Switch.ON),
        (Colour, "red", Colour.RED),
        (Literal[1, "a"], 1, 1),
        (Literal[1, "a"], "a", "a"),
        (Literal[True], True, True),
        (Literal[0.5], 0.5, 0.5),
    ],
)
def test_values_of_the_listed_type_read(
    conv: cattrs.Converter, tp: Any, value: Any, expected: Any
) -> None:
    got = conv.structure(value, tp)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
@pytest.mark.parametrize(
    ("tp", "value"),
    [
        (Level, True),
        (Level, 1.0),
        (Level, "1"),
        (Switch, 1),
        (Switch, 1.0),
        (Colour, ["red"]),
        (Literal[1, "a"], True),
        (Literal[1, "a"], 1.0),
        (Literal[1, "a"], "1"),
        (Literal[True], 1),
        (Literal[0], False),
        (Literal[0], -0.0),
    ],
)
def test_other_values_are_refused_without_quoting_them(
    conv: cattrs.Converter, tp: Any, value: Any
) -> None:
    with pytest.raises(JSONTypeError) as info:
        conv.structure(value, tp)
    assert repr(value) not in str(info.value)


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
def test_a_refused_value_in_a_model_names_its_field(conv: cattrs.Converter) -> None:
    for sent, field in (({"level": True}, "level"), ({"mode": True}, "mode")):
        with pytest.raises((TypeError, cattrs.BaseValidationError)) as info:
            conv.structure(sent, Setting)
        assert (describe_failure(info.value) or "").startswith(f"Setting.{field}: expected ")


@pytest.mark.parametrize("conv", CONVERTERS, ids=["lenient", "strict"])
def test_an_unknown_value_of_the_right_type_keeps_the_enum_s_own_error(
    conv: cattrs.Converter,
) -> None:
    with pytest.raises(ValueError, match="not a valid Colour"):
        conv.structure("blue", Colour)
