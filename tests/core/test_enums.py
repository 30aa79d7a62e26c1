"""Tests for OpenEnum and OpenIntEnum: the escape for values an API adds later."""

from __future__ import annotations

import copy
import pickle
import threading

import pytest

from beatkit._core.converter import make_converter
from beatkit._core.enums import OpenEnum, OpenIntEnum


class Genre(OpenEnum):
    HOUSE = "house"
    TECHNO = "techno"


class Tier(OpenIntEnum):
    FREE = 0
    PRO = 2


def test_known_values_give_the_members() -> None:
    assert Genre("house") is Genre.HOUSE
    assert Genre.HOUSE.is_known
    assert repr(Genre.HOUSE) == "<Genre.HOUSE: 'house'>"
    assert Tier(2) is Tier.PRO
    assert Tier.PRO.is_known


def test_unknown_value_gives_a_pseudo_member() -> None:
    trap = Genre("trap")
    assert isinstance(trap, Genre)
    assert trap == "trap"
    assert str(trap) == "trap"
    assert f"{trap}" == "trap"
    assert trap.value == "trap"
    assert trap.name is None
    assert not trap.is_known
    assert repr(trap) == "<Genre (unknown): 'trap'>"
    assert hash(trap) == hash("trap")
    assert {trap: 1}["trap"] == 1


def test_pseudo_member_identity_is_stable() -> None:
    assert Genre("dnb") is Genre("dnb")
    # Our own bytes, not untrusted data.
    assert pickle.loads(pickle.dumps(Genre("dnb"))) is Genre("dnb")  # noqa: S301
    assert copy.deepcopy(Genre("dnb")) is Genre("dnb")


def test_pseudo_members_do_not_join_the_declared_members() -> None:
    Genre("ambient")
    assert list(Genre) == [Genre.HOUSE, Genre.TECHNO]
    assert len(Genre) == 2
    with pytest.raises(KeyError):
        Genre["ambient"]


def test_a_value_spelled_like_a_member_name_is_still_unknown() -> None:
    odd = Genre("HOUSE")
    assert odd is not Genre.HOUSE
    assert not odd.is_known


def test_wrong_value_types_still_raise() -> None:
    with pytest.raises(ValueError, match="is not a valid Genre"):
        Genre(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a valid Tier"):
        Tier("2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a valid Tier"):
        Tier(1.5)  # type: ignore[arg-type]


def test_open_int_enum_unknown_value() -> None:
    gold = Tier(7)
    assert isinstance(gold, Tier)
    assert gold == 7
    assert not gold.is_known
    assert gold is Tier(7)
    assert repr(gold) == "<Tier (unknown): 7>"
    assert str(gold) == "7"


def test_pseudo_members_are_per_class() -> None:
    class Other(OpenEnum):
        HOUSE = "house"

    other: object = Other("trap")
    assert other is not Genre("trap")
    assert isinstance(Other("trap"), Other)


def test_round_trip_through_the_converter() -> None:
    conv = make_converter()
    for raw in ("house", "hardgroove"):
        value = conv.structure(raw, Genre)
        assert isinstance(value, Genre)
        assert conv.unstructure(value) == raw
        assert type(conv.unstructure(value)) is str
    assert conv.structure(99, Tier) is Tier(99)
    assert conv.unstructure(Tier(99)) == 99


def test_concurrent_creation_gives_one_object() -> None:
    seen: list[Genre] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        seen.append(Genre("race-condition"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(member) for member in seen}) == 1


def test_open_int_enum_refuses_bools_even_equal_to_a_member() -> None:
    # The docstring: "bool values are refused". Tier(True) was, but Tier(False) gave
    # Tier.FREE, as False == 0 finds the member before any check runs.
    for flag in (False, True):
        with pytest.raises(ValueError, match="is not a valid Tier"):
            Tier(flag)
    assert Tier(0) is Tier.FREE
    assert pickle.loads(pickle.dumps(Tier.FREE)) is Tier.FREE  # noqa: S301
    assert copy.deepcopy(Tier.PRO) is Tier.PRO
