"""Every API model of every service behaves as a plain Python value.

Each model is built with every field set (nested models, lists, dicts, open enums with
known and unknown values, an unknown key in ``extra``), then: pickled, copied,
deep-copied, evolved, hashed, and round-tripped through its service's converter.
"""

from __future__ import annotations

import copy
import enum
import importlib
import inspect
import pickle
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest

from beatkit._core.enums import OpenEnum, OpenIntEnum
from beatkit._core.model import Model

SERVICES = ("beatconnect", "beatpass", "beatport", "beattech")
EXTRA = {"added_by_the_api_later": {"nested": [1, {"deeper": "x"}]}}


def _value(tp: Any, depth: int, unknown: bool) -> Any:
    """A value of type ``tp`` (never ``None``), nested models built the same way."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Any:
        return {"raw": [1, "two", {"three": 3}]}
    if origin in (typing.Union, types.UnionType):
        return _value(next(a for a in args if a is not type(None)), depth, unknown)
    if origin is typing.Literal:
        return args[0]
    if inspect.isclass(tp) and issubclass(tp, OpenIntEnum):
        return tp(987_654) if unknown else next(iter(tp))
    if inspect.isclass(tp) and issubclass(tp, OpenEnum):
        return tp("not-declared-yet") if unknown else next(iter(tp))
    if inspect.isclass(tp) and issubclass(tp, enum.Enum):
        return next(iter(tp))
    scalars: dict[Any, Any] = {
        str: "text",
        bool: True,
        int: 7,
        float: 1.5,
        Decimal: Decimal("1.50"),
        datetime: datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        date: date(2024, 1, 2),
    }
    if tp in scalars:
        return scalars[tp]
    if origin in (list, tuple, Sequence, set, frozenset, AbstractSet):
        item = _value(args[0], depth + 1, unknown)
        if origin in (set, frozenset, AbstractSet):
            return frozenset([item]) if origin is frozenset else {item}
        return (item,) if origin is tuple else [item]
    if origin in (dict, Mapping):
        return {"key": _value(args[1], depth + 1, unknown)}
    if inspect.isclass(tp) and attrs.has(tp):
        return _build(tp, depth + 1, unknown)
    raise AssertionError(f"no example value for {tp!r}")


def _build(cls: type[Any], depth: int = 0, unknown: bool = False) -> Model:
    attrs.resolve_types(cls)
    kwargs: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        if field.name == "extra":
            kwargs["extra"] = copy.deepcopy(EXTRA)
        elif depth <= 3 or field.default is attrs.NOTHING:  # recursive models stop
            kwargs[field.alias] = _value(field.type, depth, unknown)
    model = cls(**kwargs)
    assert isinstance(model, Model)
    return model


def _cases() -> list[Any]:
    cases = []
    for service in SERVICES:
        models = importlib.import_module(f"beatkit.{service}.models")
        converter = importlib.import_module(f"beatkit.{service}.converter").converter
        for name, cls in sorted(vars(models).items()):
            if (
                inspect.isclass(cls)
                and issubclass(cls, Model)
                and cls.__module__ == models.__name__
            ):
                for unknown in (False, True):
                    label = f"{service}.{name}" + ("-unknown-enums" if unknown else "")
                    cases.append(pytest.param(cls, converter, unknown, id=label))
    return cases


CASES = _cases()


def test_every_service_has_models() -> None:
    ids = {case.id.split(".")[0] for case in CASES}
    assert ids == set(SERVICES)
    assert len(CASES) > 250


def _unpickle(model: Model) -> Model:
    # Our own bytes, not untrusted data.
    return pickle.loads(pickle.dumps(model))  # type: ignore[no-any-return]  # noqa: S301


COPIES: list[Callable[[Model], Model]] = [_unpickle, copy.copy, copy.deepcopy, attrs.evolve]


@pytest.mark.parametrize(("cls", "converter", "unknown"), CASES)
def test_copies_are_equal_and_keep_extra(
    cls: type[Model], converter: cattrs.Converter, unknown: bool
) -> None:
    model = _build(cls, unknown=unknown)
    for make_copy in COPIES:
        other = make_copy(model)
        assert type(other) is cls
        assert other == model
        assert other.extra == EXTRA
        assert repr(other) == repr(model)


@pytest.mark.parametrize(("cls", "converter", "unknown"), CASES)
def test_unstructure_structure_round_trip_keeps_unknown_keys(
    cls: type[Model], converter: cattrs.Converter, unknown: bool
) -> None:
    model = _build(cls, unknown=unknown)
    data = converter.unstructure(model)
    assert data["added_by_the_api_later"] == EXTRA["added_by_the_api_later"]
    assert converter.structure(data, cls) == model


@pytest.mark.parametrize(("cls", "converter", "unknown"), CASES)
def test_every_model_is_hashable_consistently_with_equality(
    cls: type[Model], converter: cattrs.Converter, unknown: bool
) -> None:
    model = _build(cls, unknown=unknown)
    twin = _build(cls, unknown=unknown)  # equal, but no list or dict is shared
    assert twin == model
    assert hash(twin) == hash(model)
    assert hash(_unpickle(model)) == hash(model)
    # ``extra`` is part of equality, not of the hash: equal hashes, different values.
    bare = attrs.evolve(model, extra={})
    assert hash(bare) == hash(model)
    assert bare != model
    assert len({model, twin, bare}) == 2


def test_hash_follows_the_content_of_list_and_dict_fields() -> None:
    from beatkit.beatpass.models import LicenseBatchStatus
    from beatkit.beatport.models import Track

    track = _build(Track)
    assert isinstance(track, Track)
    assert isinstance(track.artists, list)
    other = attrs.evolve(track, artists=[*track.artists, *track.artists])
    assert other != track
    assert {track: "a", other: "b"}[attrs.evolve(track, artists=list(track.artists))] == "a"

    status = LicenseBatchStatus(licenses={"1": True, "2": False})
    assert hash(status) == hash(LicenseBatchStatus(licenses={"2": False, "1": True}))
    assert status != LicenseBatchStatus(licenses={"1": True, "2": True})
